"""Snapshots at 80×24 across screens: help, empty list, themes, validation and error messages.

Each picture is also checked for what a user would read in it, so a snapshot update cannot hide a lost message.
"""

from __future__ import annotations

SIZE = (80, 24)


async def _settle(pilot, seconds: float = 0.0) -> None:
    await pilot.pause(seconds)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()  # a focus moved after loading (e.g. from a hidden table) updates the footer once more


def _no_blinking(pilot) -> None:
    for box in pilot.app.screen.query("Input"):
        box.cursor_blink = False


def test_snapshot_help_on_task_table(snap_compare, app_factory, demo_db) -> None:
    _db, sid = demo_db
    app = app_factory(session_id=sid)

    async def run_before(pilot) -> None:
        await pilot.press("f5", "f1")
        await _settle(pilot)
        text = "\n".join(str(s.content) for s in pilot.app.screen.query(".help-section"))
        assert "Dieser Bildschirm: Aufgaben" in text and "Strg+Z" in text and "Entf / Rücktaste" in text

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_empty_session_list(snap_compare, app_factory) -> None:
    app = app_factory()

    async def run_before(pilot) -> None:
        await _settle(pilot)
        _no_blinking(pilot)
        assert pilot.app.store.list() == []

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_catalogue_in_contrast_theme(snap_compare, app_factory, demo_db) -> None:
    _db, sid = demo_db
    app = app_factory(session_id=sid, theme="ksm-kontrast")

    async def run_before(pilot) -> None:
        await pilot.press("f4", "down", "down", "down")
        await _settle(pilot)
        assert pilot.app.theme == "ksm-kontrast"

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_flowchart_question_in_16_colours(snap_compare, app_factory, demo_db) -> None:
    _db, sid = demo_db
    app = app_factory(session_id=sid, theme="ansi-dark")

    async def run_before(pilot) -> None:
        await pilot.press("f6", "left_square_bracket")
        await _settle(pilot)
        assert pilot.app.theme == "ansi-dark"

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_session_form_with_validation_message(snap_compare, app_factory, demo_db) -> None:
    _db, sid = demo_db
    app = app_factory(session_id=sid)

    async def run_before(pilot) -> None:
        await _settle(pilot)
        _no_blinking(pilot)
        pilot.app.screen.query_one("#population").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"48,5")
        await _settle(pilot)
        error = pilot.app.screen.query_one("#err-population")
        assert error.display and "ganze Zahl" in str(error.render())

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_task_cell_edit_after_an_error(snap_compare, app_factory, demo_db) -> None:
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    messages: list[str] = []
    notify = app.notify

    def spy(message, *args, **kwargs):
        messages.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = spy

    async def run_before(pilot) -> None:
        await pilot.press("f5")
        await _settle(pilot)
        await pilot.press("1", "5", "0", "enter")  # more than 100 %: refused with a message
        await _settle(pilot)
        await pilot.press("1", "2")  # typing again starts a new edit of the same cell
        await _settle(pilot)
        assert pilot.app.screen.grid.editing

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    assert messages == ["Werte über 100 % sind nicht möglich."]
