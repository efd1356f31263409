"""The behaviour of Textual (and Rich) that ksm_tui/textual_tricks.py relies on, and that nothing else uses
Textual's private names. A failure here after an upgrade means: switch that trick off or delete it (see the
module's docstring), not: change the test."""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from textual import events
from textual.css.stylesheet import Stylesheet

import ksm_tui
from ksm_tui import textual_tricks
from ksm_tui.textual_tricks import IncrementalStylesheet, QuietApp

PRIVATE = re.compile(r"(?:self|\bdef)\W+(_[a-z]\w*)")


@functools.cache
def _private_names_of(base: type) -> frozenset[str]:
    try:
        source = inspect.getsource(base)
    except (OSError, TypeError):
        source = ""
    names = {m.group(1) for m in PRIVATE.finditer(source)}
    names |= {k for k in vars(base) if k.startswith("_") and not k.startswith("__")}
    return frozenset(names)


def _our_modules() -> list[object]:
    return [importlib.import_module(m.name) for m in pkgutil.walk_packages(ksm_tui.__path__, "ksm_tui.")
            if not m.name.endswith("__main__")]


def test_no_textual_private_name_outside_the_tricks_module() -> None:
    """A method or attribute of ours named like one of a Textual/Rich base class's private ones silently
    replaces it (TaskGrid._render once shadowed Widget._render: copying text crashed the app)."""
    clashes = []
    for module in _our_modules():
        if module is textual_tricks:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            bases = [b for b in cls.__mro__[1:] if b.__module__.split(".")[0] in ("textual", "rich")]
            if not bases:
                continue
            ours = {m.group(1) for m in PRIVATE.finditer(inspect.getsource(cls))}
            for base in bases:
                for name in sorted(ours & _private_names_of(base)):
                    clashes.append(f"{module.__name__}.{cls.__name__}.{name} (also {base.__module__}.{base.__name__})")
    assert clashes == []


def test_no_private_textual_imports_outside_the_tricks_module() -> None:
    root = Path(ksm_tui.__file__).parent
    found = []
    for path in root.rglob("*.py"):
        if path.name == "textual_tricks.py":
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}: {m.group(0)}" for m in re.finditer(r"from (?:textual|rich)\S*\._\w+ import .*|"
                                                                      r"from (?:textual|rich)\S* import _\w+.*|"
                                                                      r"\b(?:app|screen|event|node|widget)\._[a-z]\w*",
                                                                      text)]
    assert found == []


# -- stylesheet ----------------------------------------------------------------------------------------------


def test_stylesheet_parse_uses_the_parse_cache() -> None:
    """Stylesheet.parse still consults ``_parse_cache``: a re-parse of unchanged sources keeps the parsed rules."""
    assert "_parse_cache" in vars(Stylesheet())
    sheet = IncrementalStylesheet(variables={"accent": "red"})
    sheet.add_source("Label { color: $accent; }", read_from=("a.tcss", ""))
    sheet.parse()
    first = sheet.rules[0]
    sheet.reparse()
    assert sheet.rules[0] is first


async def test_app_keeps_our_stylesheet_across_sections(app_factory, demo_db) -> None:
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.stylesheet, IncrementalStylesheet)
        for key in ("f4", "f5", "f2"):
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.stylesheet, IncrementalStylesheet)  # Textual did not replace it


# -- screens -------------------------------------------------------------------------------------------------


def _spy(monkeypatch, obj, name: str) -> list[tuple]:
    """Replace ``obj.name`` by a wrapper that records the arguments of each call."""
    calls: list[tuple] = []
    original = getattr(obj, name)

    def recording(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(obj, name, recording)
    return calls


@pytest.mark.parametrize("trick_on", [True, False])
async def test_resume_restyles_only_after_a_suspend(app_factory, monkeypatch, trick_on) -> None:
    """Our ScreenResume handler runs before Screen's and ``refresh_styles=False`` stops its restyle."""
    if not trick_on:
        monkeypatch.setenv(textual_tricks.OFF_ENV, "resume")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        restyles = _spy(monkeypatch, screen, "update_node_styles")
        screen.post_message(events.ScreenResume())  # a second resume right after the first: nothing changed
        await pilot.pause()
        assert len(restyles) == (0 if trick_on else 1)
        before = len(restyles)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("f2")  # back after a suspend: restyled as usual
        await pilot.pause()
        assert app.screen is screen
        assert len(restyles) > before


@pytest.mark.parametrize("trick_on", [True, False])
async def test_same_size_resize_skips_the_layout(app_factory, monkeypatch, trick_on) -> None:
    """``prevent_default()`` in our Resize handler keeps Screen's own from re-laying out the screen."""
    if not trick_on:
        monkeypatch.setenv(textual_tricks.OFF_ENV, "resize")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        layouts = _spy(monkeypatch, screen, "_refresh_layout")
        screen.post_message(events.Resize(screen.outer_size, screen.outer_size))
        await pilot.pause()
        assert (len(layouts) == 0) is trick_on
        await pilot.resize_terminal(90, 30)  # a real change is laid out
        await pilot.pause()
        assert layouts


# -- app -----------------------------------------------------------------------------------------------------


async def test_detached_widgets_reach_update_styles_and_are_styled_when_mounted(app_factory, demo_db,
                                                                                monkeypatch) -> None:
    """Textual routes restyles of not-yet-mounted widgets through ``App.update_styles`` (so skipping them saves
    work) and styles every widget on mount anyway (so skipping them is safe)."""
    skipped = []
    original = QuietApp.update_styles

    def counting(self, node, animate=True):
        if node is not self and not node.is_attached:
            skipped.append(node)
        return original(self, node, animate)

    monkeypatch.setattr(QuietApp, "update_styles", counting)
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert skipped, "Textual no longer restyles detached nodes: the 'detached' trick saves nothing"
        from textual.widgets import Input

        field = app.screen.query(Input).first()
        assert field.has_class("-textual-compact")
        assert field.styles.height.value == 1  # the compact style was applied on mount


# -- Rich Markdown -------------------------------------------------------------------------------------------


def test_rich_markdown_renders_its_parsed_tokens() -> None:
    from rich.console import Console
    from rich.markdown import Markdown

    from ksm_tui.export.html import markdown_parser

    markdown = Markdown("", hyperlinks=False)
    textual_tricks.markdown_from_tokens(markdown, markdown_parser().parse("# Titel\n\nNotiz <b>fett</b>"))
    console = Console(width=40, record=True, color_system=None)
    console.print(markdown)
    text = console.export_text()
    assert "Titel" in text and "<b>fett</b>" in text  # raw HTML is text, as in the exported minutes
