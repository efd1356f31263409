"""F5 Aufgaben: typing values, sums and the 100 % balance, county rows, undo, notes, chart, persistence."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksm_tui.core.session import Session, TaskEntry
from ksm_tui.core.tasks import MSG_DECIMALS, MSG_TOO_LARGE
from ksm_tui.store import SessionStore
from ksm_tui.widgets.task_grid import TaskGrid
from ksm_tui.widgets.task_panels import DetailPanel, TaskChart, TotalBar
from tests.helpers import collect_notifications

SIZE = (80, 24)


def grid_text(app) -> str:
    """What the grid shows right now (its visible lines as plain text)."""
    grid = app.screen.query_one(TaskGrid)
    return "\n".join(grid.render_line(y).text for y in range(grid.size.height))


def row_line(app, task_id: str):
    return next(line for line in app.screen.query_one(TaskGrid).lines if line.task_id == task_id)


def sum_line(app, label: str):
    return next(line for line in app.screen.query_one(TaskGrid).lines if line.label == label)


def total_text(app) -> str:
    return str(app.screen.query_one(TotalBar).content)


async def open_tasks(pilot) -> None:
    await pilot.press("f5")
    await pilot.pause()


async def test_typing_values_updates_row_sums_and_balance(app_factory, demo_db):
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        assert "IST ✓ 100,0 % verteilt" in total_text(app)
        # cursor starts on the first row's IST cell (pflicht-1: 2,5 / 6,0); typing a digit starts the edit
        await pilot.press("7", "enter")
        assert row_line(app, "pflicht-1").ist == "7,0"
        assert row_line(app, "pflicht-1").delta == "−1,0"
        assert sum_line(app, "Summe Pflichtaufgaben").ist == "14,5"
        assert sum_line(app, "Summe Tabelle 4.2").ist == "54,5"
        assert "104,5" in total_text(app)
        assert "IST ▲ 4,5 % zu viel" in total_text(app)
        # Tab moves to SOLL; "12.5" and "0,5 %" are accepted
        await pilot.press("tab", "1", "2", ".", "5", "enter")
        assert row_line(app, "pflicht-1").soll == "12,5"
        assert "SOLL ▲ 6,5 % zu viel" in total_text(app)
        await pilot.press("down", "enter")  # Enter edits the cell prefilled with its value
        assert app.screen.query_one(TaskGrid).edit_text == "7,0"
        await pilot.press("backspace", "backspace", "backspace", "0", ",", "5", " ", "%", "enter")
        assert row_line(app, "pflicht-2").soll == "0,5"
        assert "SOLL ✓ 100,0 % verteilt" in total_text(app)
        text = grid_text(app)
        assert "12,5" in text and "14,5" in text


async def test_invalid_input_keeps_old_value_and_explains(app_factory, demo_db):
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        messages = collect_notifications(app)
        await open_tasks(pilot)
        await pilot.press("1", "5", "0", "enter")
        assert row_line(app, "pflicht-1").ist == "2,5"
        assert MSG_TOO_LARGE in messages
        await pilot.press("1", ",", "2", "5", "enter")
        assert row_line(app, "pflicht-1").ist == "2,5"
        assert MSG_DECIMALS in messages
        assert app.workspace.session.task("pflicht-1").ist == 25
        # Esc cancels an edit without a message
        await pilot.press("9", "escape")
        assert row_line(app, "pflicht-1").ist == "2,5"
        assert not app.screen.query_one(TaskGrid).editing


async def test_delete_and_backspace_clear_a_cell(app_factory, demo_db):
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        await pilot.press("delete")
        assert row_line(app, "pflicht-1").ist == ""
        assert sum_line(app, "Summe Pflichtaufgaben").ist == "7,5"
        assert "IST ▽ 2,5 % nicht verteilt" in total_text(app)
        await pilot.press("right", "backspace")
        assert row_line(app, "pflicht-1").soll == ""
        assert app.workspace.session.task("pflicht-1").ist is None


async def test_undo_restores_previous_values(app_factory, demo_db):
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        messages = collect_notifications(app)
        await open_tasks(pilot)
        await pilot.press("5", "enter", "right", "delete", "down", "3", "enter")
        assert (row_line(app, "pflicht-1").ist, row_line(app, "pflicht-1").soll) == ("5,0", "")
        assert row_line(app, "pflicht-2").soll == "3,0"
        await pilot.press("ctrl+z")
        assert row_line(app, "pflicht-2").soll == "7,0"
        await pilot.press("ctrl+z")
        assert row_line(app, "pflicht-1").soll == "6,0"
        assert app.screen.query_one(TaskGrid).cursor_task == "pflicht-1"
        await pilot.press("ctrl+z")
        assert row_line(app, "pflicht-1").ist == "2,5"
        assert "IST ✓ 100,0 % verteilt" in total_text(app)
        await pilot.press("ctrl+z")
        assert "Nichts mehr rückgängig zu machen." in messages
    # undo went through the workspace: the restored values are what was saved
    assert SessionStore(_db).get(sid).task("pflicht-1") == TaskEntry(ist=25, soll=60, note=app_note(sid, _db))


def app_note(sid: str, db: Path) -> str:
    from ksm_tui.core.demo import demo_session

    return demo_session().task("pflicht-1").note


async def test_note_is_marked_shown_in_detail_and_persists(app_factory, demo_db):
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        await pilot.press("down")  # pflicht-2 has no note in the demo
        assert row_line(app, "pflicht-2").mark.strip() == ""
        assert "Keine Notiz" in app.screen.query_one(DetailPanel).text
        await pilot.press("n")
        await pilot.press(*"nur im Winter", "enter")
        await pilot.pause()
        assert row_line(app, "pflicht-2").mark.startswith("✎")
        detail = app.screen.query_one(DetailPanel).text
        assert "Notiz: nur im Winter" in detail
        assert "Organisation und Koordination der ämterübergreifenden Zusammenarbeit im Klimaschutz" in detail
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        assert row_line(app, "pflicht-2").mark.startswith("✎")
        assert app.workspace.session.task("pflicht-2").note == "nur im Winter"
        # an empty note removes it
        await pilot.press("down", "n", "ctrl+a", "ctrl+k", "enter")
        await pilot.pause()
        assert row_line(app, "pflicht-2").mark.strip() == ""


async def test_values_persist_after_restart(app_factory, demo_db):
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        await pilot.press("down", "down", "right", "9", ",", "5", "enter")
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        assert row_line(app, "pflicht-3").soll == "9,5"
        assert "SOLL ▲ 5,0 % zu viel" in total_text(app)


async def test_county_rows_hidden_for_gemeinde_and_shown_greyed_with_k(app_factory, demo_db):
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        messages = collect_notifications(app)
        await open_tasks(pilot)
        ids = [line.task_id for line in app.screen.query_one(TaskGrid).lines if line.kind == "row"]
        assert len(ids) == 20 and "pflicht-5" not in ids
        await pilot.press("k")
        pflicht5 = row_line(app, "pflicht-5")
        assert not pflicht5.counts and "⊘" in pflicht5.mark
        assert len([line for line in app.screen.query_one(TaskGrid).lines if line.kind == "row"]) == 31
        # the county rows cannot be edited and do not count
        app.screen.query_one(TaskGrid).move_to("pflicht-5")
        await pilot.press("5", "enter")
        assert row_line(app, "pflicht-5").ist == ""
        assert any("nur für einen Landkreis" in m for m in messages)
        assert "IST ✓ 100,0 % verteilt" in total_text(app)
        assert "⊘ zählt nur für einen Landkreis" in app.screen.query_one(DetailPanel).text
        await pilot.press("k")
        assert "pflicht-5" not in [line.task_id for line in app.screen.query_one(TaskGrid).lines]


async def test_county_rows_count_for_landkreis(app_factory, db_path):
    sid = SessionStore(db_path).create(Session(title="Landkreis Test", kommune_type="landkreis")).id
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        lines = app.screen.query_one(TaskGrid).lines
        assert len([line for line in lines if line.kind == "row"]) == 31
        assert all(line.counts for line in lines)
        assert any(line.label == "Landkreis: Externe Aufgaben für Gemeinden" for line in lines)
        app.screen.query_one(TaskGrid).move_to("landkreis-gemeinden-1", "ist")
        await pilot.press("4", "0", "enter")
        assert sum_line(app, "Summe Landkreis: Externe Aufgaben für Gemeinden").ist == "40,0"
        assert "IST ▽ 60,0 % nicht verteilt" in total_text(app)
        # k does nothing for a Landkreis (all rows are always shown)
        await pilot.press("k")
        assert len([line for line in app.screen.query_one(TaskGrid).lines if line.kind == "row"]) == 31


async def test_chart_toggle_shows_bars_with_values(app_factory, demo_db):
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        await pilot.press("g")
        await pilot.pause()
        chart = app.screen.query_one(TaskChart)
        assert chart.display and not app.screen.query_one(TaskGrid).display
        text = str(app.screen.query_one("#task-chart-body").content)
        assert "Pflichtaufgaben" in text and "IST  █" in text and "SOLL ▒" in text
        assert "10,0 %" in text and "25,0 %" in text  # Pflichtaufgaben IST and SOLL sums of the demo
        assert "volle Balkenbreite" in text
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.query_one(TaskGrid).display and app.focused is app.screen.query_one(TaskGrid)


async def test_long_labels_truncated_with_full_label_in_detail(app_factory, demo_db):
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        await pilot.press("down")
        text = grid_text(app)
        assert "Organisation und Koordination der ämter" in text and "…" in text
        assert all(len(line) <= 80 for line in text.splitlines())
        detail = app.screen.query_one(DetailPanel).text
        assert "(u.a. Stadtplanung, Verkehrsplanung)" in detail
        assert "Tabelle 4.2, Pflichtaufgaben" in detail


async def test_cursor_scrolls_through_both_tables(app_factory, demo_db):
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        await pilot.press("end")
        grid = app.screen.query_one(TaskGrid)
        assert grid.cursor_task == "extern-4"
        assert "Einholung und Vermittlung" in grid_text(app)
        assert "Summe Tabelle 4.3" in grid_text(app)
        await pilot.press("home")
        assert grid.cursor_task == "pflicht-1"
        assert "Tabelle 4.2 · Klimaschutzaufgaben" in grid_text(app)


@pytest.mark.parametrize("press", [(), ("g",)], ids=["table", "chart"])
def test_snapshot(snap_compare, app_factory, demo_db, press):
    _db, sid = demo_db
    app = app_factory(session_id=sid)

    async def before(pilot) -> None:
        await open_tasks(pilot)

    assert snap_compare(app, terminal_size=SIZE, press=list(press), run_before=before)


async def test_cursor_leaving_the_view_scrolls_by_half_a_view(app_factory, demo_db):
    """Over SSH every scroll repaints the whole grid: the view jumps so the next rows are in view, and the cursor
    row is never at the edge after a scroll."""
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        grid = app.screen.query_one(TaskGrid)
        visible = grid.size.height - 1
        scrolls = []
        for _ in range(12):
            before = round(grid.scroll_y)
            await pilot.press("down")
            await pilot.pause()
            top = round(grid.scroll_y)
            if top != before:
                scrolls.append(top - before)
                assert grid._cursor - top < visible - 2  # room below the cursor row after the jump
        assert scrolls and all(step >= visible // 2 for step in scrolls)


async def test_header_arrows_say_where_the_table_continues(app_factory, demo_db):
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot)
        header = grid_text(app).splitlines()[0]
        assert header.rstrip().endswith("▼") and "▲" not in header
        await pilot.press("end")
        await pilot.pause()
        header = grid_text(app).splitlines()[0]
        assert header.rstrip().endswith("▲") and "▼" not in header
        await pilot.press("pageup")
        await pilot.pause()
        assert "▲▼" in grid_text(app).splitlines()[0]
