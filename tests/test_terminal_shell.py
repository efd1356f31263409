"""The shell's terminal behaviour with Pilot: themes (option, palette, remembered, NO_COLOR/TERM), no blinking
cursors, saving on SIGTERM, an app without any section screen, and the ``serve`` command's pieces."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pytest
from textual.widgets import Input

from ksm_tui.cli import build_parser, is_loopback, serve_command


def _saved_theme(config_dir: Path) -> str:
    return json.loads((config_dir / "settings.json").read_text(encoding="utf-8"))["theme"]


async def test_palette_theme_is_remembered_for_the_next_start(app_factory, config_dir: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "ksm-standard"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Hoher Kontrast")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "ksm-kontrast"
    assert _saved_theme(config_dir) == "ksm-kontrast"
    again = app_factory(theme=None)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "ksm-kontrast"


async def test_theme_change_recolours_the_screen_and_sections_shown_later(app_factory, demo_db) -> None:
    """The CSS is re-parsed only as far as something changed (IncrementalStylesheet): a theme change must still
    reach every rule, on the screen shown and on sections shown for the first time afterwards."""
    app = app_factory(session_id=demo_db[1])
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.styles.background.hex == "#1C1F22"
        title = app.screen.query_one(".section-title")
        standard_accent = title.styles.color.hex
        app.theme = "ksm-kontrast"
        await pilot.pause()
        assert app.screen.styles.background.hex == "#000000"
        assert title.styles.color.hex != standard_accent  # $accent in a screen's own .tcss
        assert title.styles.color.hex == app.get_css_variables()["accent"].upper()
        await pilot.press("f4")
        await pilot.pause()
        assert app.screen.styles.background.hex == "#000000"
        app.theme = "ksm-standard"
        await pilot.pause()
        assert app.screen.styles.background.hex == "#1C1F22"


def test_stylesheet_reparses_only_what_changed() -> None:
    from ksm_tui.textual_tricks import IncrementalStylesheet

    sheet = IncrementalStylesheet(variables={"accent": "red"})
    sheet.add_source("Label { color: $accent; }", read_from=("a.tcss", ""))
    first = sheet.rules
    sheet.reparse()
    assert sheet.rules[0] is first[0]  # nothing changed: the parsed rule is kept
    sheet.add_source("Static { color: blue; }", read_from=("b.tcss", ""))
    sheet.reparse()
    assert sheet.rules[0] is first[0] and len(sheet.rules) == 2
    sheet.set_variables({"accent": "red"})
    sheet.reparse()
    assert sheet.rules[0] is first[0]
    sheet.set_variables({"accent": "green"})  # a theme change: everything again, with the new value
    sheet.reparse()
    assert sheet.rules[0] is not first[0]
    assert sheet.rules[0].styles.color.hex == "#008000"


async def test_theme_option_is_remembered(app_factory, config_dir: Path) -> None:
    app = app_factory(theme="16farben")
    async with app.run_test(size=(80, 24)):
        assert app.theme == "ansi-dark"
    assert _saved_theme(config_dir) == "ansi-dark"
    again = app_factory(theme=None)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "ansi-dark"


@pytest.mark.parametrize(("env", "value", "theme"), [("NO_COLOR", "1", "ksm-ohne-farbe"),
                                                    ("TERM", "xterm", "ansi-dark"), ("TERM", "linux", "ansi-dark")])
async def test_plain_terminal_gets_the_16_colour_theme_without_remembering_it(
    app_factory, config_dir: Path, monkeypatch: pytest.MonkeyPatch, env: str, value: str, theme: str
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv(env, value)
    app = app_factory(theme=None)
    async with app.run_test(size=(80, 24)):
        assert app.theme == theme
    # The automatic choice is not stored: the same user in a colour terminal gets the default theme again.
    assert not (config_dir / "settings.json").exists()
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    colour = app_factory(theme=None)
    async with colour.run_test(size=(80, 24)):
        assert colour.theme == "ksm-standard"


async def test_no_color_beats_a_remembered_theme_but_not_the_option(
    app_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = app_factory(theme="kontrast")
    async with first.run_test(size=(80, 24)):
        pass
    monkeypatch.setenv("NO_COLOR", "1")
    plain = app_factory(theme=None)
    async with plain.run_test(size=(80, 24)):
        assert plain.theme == "ksm-ohne-farbe"
        # The terminal's own colours (NoColor), not Monochrome, which draws an ANSI theme black on black.
        assert [type(f).__name__ for f in plain.get_line_filters()] == ["NoColor"]
        commands = [c.title for c in plain.get_system_commands(plain.screen)]
        assert commands and not any(title.startswith("Farbschema") for title in commands)
    monkeypatch.setenv("NO_COLOR", "1")
    chosen = app_factory(theme="kontrast")
    async with chosen.run_test(size=(80, 24)):
        assert chosen.theme == "ksm-kontrast"


async def test_text_fields_do_not_blink(app_factory) -> None:
    """A blinking cursor repaints twice a second for ever: over SSH that is a steady stream of bytes."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.has_focus
        assert field.cursor_blink is False
        assert "Befehl suchen" in str(field.placeholder)


async def test_sigterm_saves_the_last_change(app_factory, demo_db) -> None:
    from ksm_tui.store import SessionStore

    db_path, session_id = demo_db
    app = app_factory(session_id=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.workspace.session is not None
        # Only send the signal to ourselves once the app handles it (otherwise it would end the test run).
        assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None)
        app.workspace.edit(lambda s: setattr(s, "place", "Ratssaal, geändert kurz vor dem Signal"))
        os.kill(os.getpid(), signal.SIGTERM)
        await pilot.pause(0.2)
    assert app.return_code in (0, None)
    assert SessionStore(db_path).get(session_id).place == "Ratssaal, geändert kurz vor dem Signal"


async def test_app_without_any_section_screen_shows_header_and_footer(
    app_factory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ksm_tui.app

    monkeypatch.setattr(ksm_tui.app, "ALL_SECTIONS", ())
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.sections == ()
        assert "keine Sitzung geöffnet" in str(app.screen.query_one("#session-line").render())
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "StartScreen"


# -- serve -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.1.2.3", True),
     ("0.0.0.0", False), ("192.168.1.20", False), ("::", False), ("server.example", False)],
)
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_runs_this_python_with_the_same_options(tmp_path: Path) -> None:
    content = tmp_path / "mein inhalt"
    args = build_parser().parse_args(
        ["--db", str(tmp_path / "a b.json"), "serve", "--theme", "kontrast", "--content", str(content)]
    )
    command = serve_command(args)
    import shlex

    parts = shlex.split(command)
    assert parts[:3] == [sys.executable, "-m", "ksm_tui"]
    assert parts[parts.index("--db") + 1] == str((tmp_path / "a b.json").resolve())
    assert parts[parts.index("--content") + 1] == str(content.resolve())
    assert parts[parts.index("--theme") + 1] == "kontrast"
    # Options before "serve" are kept; the defaults after it do not overwrite them.
    before = build_parser().parse_args(["--theme", "16farben", "serve"])
    assert before.theme == "16farben" and before.host == "127.0.0.1" and before.port == 8000
