"""F2 Sitzungen: the start screen — list, filter, new/duplicate/rename/delete, read-only and corrupt databases."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from ksm_tui.store import SessionStore
from tests.fixtures.sessions_db import many_sessions, sample_sessions, write_db


async def settle(app, pilot) -> None:
    """Let the list's worker threads finish and their results reach the screen."""
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def table_rows(app) -> list[tuple[str, str]]:
    """(Nr., Titel) of every row as shown (long titles end in "…" at 80 columns)."""
    table = app.screen.query_one("#sessions")
    if not table.display:
        return []
    return [(str(table.get_row_at(i)[1]), str(table.get_row_at(i)[2])) for i in range(table.row_count)]


def shows_title(shown: str, title: str) -> bool:
    return shown == title or (shown.endswith("…") and title.startswith(shown[:-1]))


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


@pytest.fixture(autouse=True)
def berlin_time(monkeypatch):
    """Change times are shown in local time: fix the zone so rows and snapshots are stable."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def sample_db(db_path: Path) -> Path:
    write_db(db_path, sample_sessions())
    return db_path


async def test_list_shows_sessions_newest_change_first(app_factory, sample_db) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SessionListScreen"
        assert [nr for nr, _ in table_rows(app)] == ["4", "3", "2", "1"]
        table = app.screen.query_one("#sessions")
        demo_row = [str(c) for c in table.get_row_at(1)]
        assert demo_row[3] == "Musterstadt"
        assert demo_row[4] == "12.03.2026"  # Datum TT.MM.JJJJ
        assert demo_row[5] == "24.11.2025 21:30"  # geändert
        assert table_rows(app)[3][1] == "(ohne Titel)"
        assert "4 Sitzungen" in text_of(app, "#count")


async def test_filter_narrows_as_you_type_and_esc_clears(app_factory, sample_db) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert app.focused.id == "filter"
        await pilot.press("b", "e", "i")
        assert [nr for nr, _ in table_rows(app)] == ["2"]  # "Landkreis Beispiel"
        assert "1 von 4" in text_of(app, "#count")
        await pilot.press("backspace", "backspace", "backspace", *"muster")
        assert [nr for nr, _ in table_rows(app)] == ["3"]
        await pilot.press(*" xyz")
        assert table_rows(app) == []
        assert "Keine Sitzung passt" in text_of(app, "#empty")
        await pilot.press("escape")
        assert len(table_rows(app)) == 4
        assert app.screen.query_one("#filter").value == ""
        # matches the id too; Enter opens the highlighted match
        await pilot.press("3", "enter")
        await settle(app, pilot)
        assert app.workspace.session is not None and app.workspace.session.id == "3"
        assert type(app.screen).__name__ == "SessionFormScreen"


async def test_empty_database_explains_how_to_start_and_demo_key(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        empty = text_of(app, "#empty")
        assert "Noch keine Sitzungen" in empty and "Beispielsitzung" in empty
        await pilot.press("i")
        await settle(app, pilot)
        [(_nr, shown)] = table_rows(app)
        assert shows_title(shown, "Musterstadt – Verstetigungsworkshop")


async def test_empty_database_n_creates_the_first_session(app_factory, db_path) -> None:
    """On an empty list the keys reach the screen (not the filter field): n creates and opens a session."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert len(SessionStore(db_path).list()) == 1
        assert app.current_mode == "stammdaten"


async def test_new_creates_session_and_opens_form(app_factory, sample_db) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SessionFormScreen"
        assert app.focused.id == "title"
        assert app.focused.value.startswith("Neue Sitzung ")
        stored = SessionStore(sample_db).list()
        assert len(stored) == 5 and stored[0].title.startswith("Neue Sitzung ")
        # back on the list, the new session is marked as open and listed first
        await pilot.press("f2")
        await settle(app, pilot)
        first = app.screen.query_one("#sessions").get_row_at(0)
        assert str(first[0]) == "▶" and str(first[1]) == "5"


async def test_duplicate(app_factory, sample_db) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "d")  # the demo session
        await settle(app, pilot)
        titles = [s.title for s in SessionStore(sample_db).list()]
        assert "Musterstadt – Verstetigungsworkshop (Kopie)" in titles
        nr, shown = table_rows(app)[0]
        assert nr == "5" and shows_title(shown, "Musterstadt – Verstetigungsworkshop (Kopie)")
        assert SessionStore(sample_db).get("5").population == 48000


async def test_rename_with_prompt_and_cancel(app_factory, sample_db) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "TextPrompt"
        await pilot.press("escape")
        await settle(app, pilot)
        assert SessionStore(sample_db).get("4").title == "Klimaschutz in Exempeldorf"
        await pilot.press("r", "ctrl+a", "ctrl+k", *"Exempeldorf 2026", "enter")
        await settle(app, pilot)
        assert SessionStore(sample_db).get("4").title == "Exempeldorf 2026"
        assert ("4", "Exempeldorf 2026") in table_rows(app)


async def test_delete_asks_first_and_cancel_keeps(app_factory, sample_db) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("delete")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("enter")  # the default button is "Abbrechen"
        await settle(app, pilot)
        assert len(SessionStore(sample_db).list()) == 4
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(SessionStore(sample_db).list()) == 4
        await pilot.press("delete")
        await pilot.pause()
        await pilot.click("#choice-ja")
        await settle(app, pilot)
        assert [s.id for s in SessionStore(sample_db).list()] == ["3", "2", "1"]
        assert [nr for nr, _ in table_rows(app)] == ["3", "2", "1"]


async def test_delete_open_session_closes_it(app_factory, sample_db) -> None:
    app = app_factory(session_id="3")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        rows = table_rows(app)
        assert str(app.screen.query_one("#sessions").get_row_at(1)[0]) == "▶"
        await pilot.press("down", "delete")
        await pilot.pause()
        await pilot.click("#choice-ja")
        await settle(app, pilot)
        assert app.workspace.session is None
        assert len(table_rows(app)) == len(rows) - 1
        assert "3" not in [s.id for s in SessionStore(sample_db).list()]


async def test_read_only_database_shows_note_and_disables_writes(app_factory, sample_db) -> None:
    os.chmod(sample_db, 0o444)
    try:
        app = app_factory()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            note = app.screen.query_one("#ro-note")
            assert note.display and "nur lesen" in str(note.render())
            for key in ("n", "d", "r", "delete", "i"):
                await pilot.press(key)
                await settle(app, pilot)
                assert type(app.screen).__name__ == "SessionListScreen"
            assert len(SessionStore(sample_db).list()) == 4
            assert app.screen.check_action("new", ()) is None
            # reading still works: Enter opens the session
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.workspace.session is not None and app.workspace.session.id == "4"
    finally:
        os.chmod(sample_db, 0o644)


async def test_corrupt_database_offers_to_move_it_aside(app_factory, db_path) -> None:
    db_path.write_text("{ kaputt", encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ChoiceDialog"
        await pilot.press("enter")  # "Beiseite legen, neu beginnen"
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SessionListScreen"
        moved = list(db_path.parent.glob(db_path.name + ".corrupt-*"))
        assert len(moved) == 1 and moved[0].read_text(encoding="utf-8") == "{ kaputt"
        assert "Noch keine Sitzungen" in text_of(app, "#empty")
        await pilot.press("n")
        await settle(app, pilot)
        assert len(SessionStore(db_path).list()) == 1


async def test_corrupt_database_quit(app_factory, db_path) -> None:
    db_path.write_text("", encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.click("#choice-beenden")
        await pilot.pause()
    assert app.return_code == 0
    assert db_path.read_text(encoding="utf-8") == ""  # never written


async def test_thousand_sessions_are_listed_and_filtered(app_factory, db_path) -> None:
    """All 1,000 rows are there and the filter finds one (speed is measured in benchmarks/run.py)."""
    write_db(db_path, many_sessions(1000))
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#sessions")
        assert table.row_count == 1000
        await pilot.press("slash", *"0999")
        await pilot.pause(0.3)  # a long list is filtered once typing pauses
        assert table_rows(app) == [("999", "Workshop 0999")]


def test_snapshot_list(snap_compare, app_factory, sample_db) -> None:
    app = app_factory()

    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
