"""F7 Protokoll: live preview, Markdown source view, export dialog (file written, overwrite, errors)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Input, Static, TextArea

from ksm_tui.export import to_markdown
from ksm_tui.screens.minutes import MinutesScreen
from ksm_tui.widgets.dialogs import ConfirmDialog
from ksm_tui.widgets.export_dialog import ExportDialog
from tests.helpers import collect_notifications

FIXED = dt.datetime(2026, 3, 12, 17, 30)
SIZE = (80, 24)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(MinutesScreen, "clock", staticmethod(lambda: FIXED))


def preview_strips(app) -> list[Strip]:
    """The preview's lines as drawn (all of them, also those scrolled out of view)."""
    preview = app.screen.query_one("#minutes-markdown", Static)
    return preview.render_lines(Region(0, 0, preview.size.width, preview.size.height))


def preview_text(app) -> str:
    """The preview's text; lines wrapped inside a paragraph or table cell are joined again."""
    return " ".join(" ".join(strip.text.split()) for strip in preview_strips(app))


async def open_minutes(pilot) -> MinutesScreen:
    await pilot.press("f7")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MinutesScreen)
    return screen


async def wait_for(pilot, predicate, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await pilot.pause(0.05)
    assert predicate()


def exports(db_path: Path) -> Path:
    return db_path.parent / "exports"


# -- preview -------------------------------------------------------------------------------------------------


async def test_preview_shows_the_minutes(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_minutes(pilot)
        text = preview_text(app)
        assert "Protokoll: Musterstadt – Verstetigungsworkshop" in text
        assert "Kommune: Musterstadt" in text
        assert "Rückhalt nutzen" in text
        assert "Fiktives Beispiel – alle Namen und Zahlen sind erfunden." in text
        assert screen.markdown == to_markdown(app.workspace.session, app.guide, app_version="0.1.0", exported_at=FIXED)


async def test_preview_updates_after_an_edit_elsewhere(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_minutes(pilot)
        # another screen (here: the help screen on top) is shown while the session changes
        await pilot.press("f1")
        await pilot.pause()
        assert not isinstance(app.screen, MinutesScreen)
        app.workspace.edit(lambda s: setattr(s, "notes", "Beschluss: Stabsstelle ab 2027."))
        app.workspace.edit(lambda s: setattr(s, "kommune", "Beispielhausen"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Beschluss: Stabsstelle ab 2027." in preview_text(app))
        assert "Kommune: Beispielhausen" in preview_text(app)
        # and while the preview is shown
        app.workspace.edit(lambda s: setattr(s, "title", "Zweiter Workshop"))
        await wait_for(pilot, lambda: "Protokoll: Zweiter Workshop" in preview_text(app))


async def test_preview_colours_follow_the_theme(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)

    def heading_colour() -> str:
        for strip in preview_strips(app):
            for segment in strip:
                if "Protokoll: Musterstadt" in segment.text:
                    return segment.style.color.triplet.hex
        raise AssertionError("heading not in the preview")

    async with app.run_test(size=SIZE) as pilot:
        await open_minutes(pilot)
        assert heading_colour().upper() == app.theme_variables["markdown-h1-color"].upper()  # the theme's primary
        before = heading_colour()
        app.theme = "ksm-kontrast"
        await pilot.pause()
        assert heading_colour() != before
        assert heading_colour().upper() == app.theme_variables["markdown-h1-color"].upper()


async def test_hostile_notes_stay_literal_text(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    hostile = "[klick](javascript:alert(1)) <b>fett</b> https://evil.example/x ![bild](x.png) [@click=app.quit]"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_minutes(pilot)
        app.workspace.edit(lambda s: setattr(s, "notes", hostile))
        await wait_for(pilot, lambda: "evil.example" in preview_text(app))
        assert hostile in preview_text(app)
        for strip in preview_strips(app):  # no action, no terminal hyperlink anywhere in what is drawn
            for segment in strip:
                assert not segment.style or (not segment.style.link and "@click" not in segment.style.meta)
        tokens = MarkdownIt("commonmark").enable("table").parse(screen.markdown)
        kinds = {c.type for t in tokens for c in (t.children or [])}
        assert not kinds & {"link_open", "image", "html_inline"}
        assert app.is_running


async def test_m_toggles_the_markdown_source(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_minutes(pilot)
        source = screen.query_one("#minutes-source", TextArea)
        assert not source.display
        await pilot.press("m")
        assert source.display and app.focused is source
        assert source.text == screen.markdown
        assert source.text.startswith("# Protokoll: Musterstadt – Verstetigungsworkshop\n")
        await pilot.press("e")  # the export keys work from the source view too
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("m")
        assert not source.display
        assert screen.query_one("#minutes-preview").display


# -- export --------------------------------------------------------------------------------------------------


async def test_export_markdown_writes_the_file(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_minutes(pilot)
        notes = collect_notifications(app)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        target = exports(db) / "2026-03-12-musterstadt.md"
        assert app.screen.query_one("#export-path", Input).value == str(target)
        await pilot.press("enter")
        await wait_for(pilot, target.exists)
        await wait_for(pilot, lambda: any("gespeichert" in n for n in notes))
        assert isinstance(app.screen, MinutesScreen)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Protokoll: Musterstadt – Verstetigungsworkshop\n")
    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(text)
    assert sum(t.type == "table_open" for t in tokens) == 5
    assert notes[-1] == f"Protokoll (Markdown) gespeichert:\n{target}"


async def test_export_html_and_format_switch(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_minutes(pilot)
        await pilot.press("h")
        await pilot.pause()
        path_input = app.screen.query_one("#export-path", Input)
        assert path_input.value.endswith("2026-03-12-musterstadt.html")
        # switching the format in the dialog swaps the extension
        await pilot.press("shift+tab")  # to the format choice
        await pilot.press("up", "enter")
        await pilot.pause()
        assert path_input.value.endswith("2026-03-12-musterstadt.md")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert path_input.value.endswith("2026-03-12-musterstadt.html")
        path_input.focus()
        await pilot.press("enter")
        target = exports(db) / "2026-03-12-musterstadt.html"
        await wait_for(pilot, target.exists)
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<h1>Protokoll: Musterstadt – Verstetigungsworkshop</h1>" in html


async def test_existing_file_asks_before_overwriting(app_factory, demo_db):
    db, sid = demo_db
    target = exports(db) / "2026-03-12-musterstadt.md"
    target.parent.mkdir()
    target.write_text("alte Fassung\n", encoding="utf-8")
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_minutes(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # the safe default: do not overwrite, back to the dialog
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert target.read_text(encoding="utf-8") == "alte Fassung\n"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("left", "enter")  # "Überschreiben"
        await wait_for(pilot, lambda: target.read_text(encoding="utf-8").startswith("# Protokoll"))
        assert isinstance(app.screen, MinutesScreen)


async def test_unwritable_path_gives_a_german_message(app_factory, demo_db, tmp_path):
    db, sid = demo_db
    blocker = tmp_path / "kein-ordner"
    blocker.write_text("x", encoding="utf-8")
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_minutes(pilot)
        notes = collect_notifications(app)
        await pilot.press("e")
        await pilot.pause()
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = str(blocker / "protokoll.md")
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(notes))
        await pilot.pause()
        assert notes[-1].startswith("Export nicht möglich: Ordner ")
        assert notes[-1].endswith("kann nicht angelegt werden (ein Teil des Pfads ist eine Datei, kein Ordner).")
        # the dialog comes back with the path and the message, to correct it
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one("#export-path", Input).value == str(blocker / "protokoll.md")
        assert notes[-1] in str(app.screen.query_one("#export-error").content)
        # a relative name lands in the exports folder, with the extension added
        app.screen.query_one("#export-path", Input).value = "nachtrag"
        await pilot.press("enter")
        await wait_for(pilot, (exports(db) / "nachtrag.md").exists)


async def test_export_command_from_app_binding_and_palette(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_minutes(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Protokoll exportieren" in titles
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)


# -- snapshot ------------------------------------------------------------------------------------------------


def test_snapshot_preview(snap_compare, app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)

    async def settle(pilot):
        await open_minutes(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_snapshot_source(snap_compare, app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)

    async def settle(pilot):
        await open_minutes(pilot)
        await pilot.press("m")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
