"""F3 Stammdaten: fields are validated at the field and saved at once, surviving an app restart."""

from __future__ import annotations

import datetime as dt
import time

from ksm_tui.core.session import Participant, Session
from ksm_tui.store import SessionStore


async def settle(app, pilot, seconds: float = 0.0) -> None:
    await pilot.pause(seconds)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def wait_stored(db_path, session_id: str, check, timeout: float = 10.0) -> Session:
    """Read the store afresh until ``check(session)`` holds (the autosaver writes in the background)."""
    import asyncio

    deadline = time.monotonic() + timeout
    while True:
        stored = SessionStore(db_path).get(session_id)
        if check(stored) or time.monotonic() > deadline:
            return stored
        await asyncio.sleep(0.05)


async def focus(pilot, field_id: str) -> None:
    pilot.app.screen.query_one(f"#{field_id}").focus()
    await pilot.pause()


def error_text(app, field_id: str) -> str:
    """The message under the field ("" when none is shown; the line is mounted with the first message)."""
    errors = app.screen.query(f"#err-{field_id}")
    return str(errors.first().render()) if errors and errors.first().display else ""


async def test_typed_values_are_stored_at_once(app_factory, demo_db) -> None:
    db_path, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SessionFormScreen"
        await focus(pilot, "kommune")
        await pilot.press("ctrl+a", "ctrl+k", *"Beispielhausen")
        await focus(pilot, "population")
        await pilot.press("ctrl+a", "ctrl+k", *"52.300")
        await focus(pilot, "date")
        await pilot.press("ctrl+a", "ctrl+k", *"24.11.2026")
        await focus(pilot, "funding_end")
        await pilot.press("ctrl+a", "ctrl+k")
        stored = await wait_stored(db_path, sid, lambda s: s.funding_end is None)
        assert stored.kommune == "Beispielhausen"
        assert stored.population == 52300
        assert stored.date == dt.date(2026, 11, 24)
        assert stored.funding_end is None
        assert app.workspace.status.label in ("✓ gespeichert", "… speichert")
        # the population is shown in its usual form once the field is left
        assert app.screen.query_one("#population").value == "52.300"


async def test_saving_shows_in_header(app_factory, demo_db) -> None:
    db_path, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("end", *" 2")
        await settle(app, pilot, 0.4)
        await wait_stored(db_path, sid, lambda s: s.title.endswith(" 2"))
        await settle(app, pilot, 0.1)
        assert "✓ gespeichert" in str(app.screen.query_one("#session-line").render())


async def test_invalid_values_show_message_and_are_not_stored(app_factory, demo_db) -> None:
    db_path, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await focus(pilot, "population")
        # every prefix of "-48" is invalid too, so no prefix gets saved while typing (slow machines)
        await pilot.press("ctrl+a", "ctrl+k", *"-48")
        assert error_text(app, "population") == "✗ Bitte eine ganze Zahl größer 0 eingeben."
        await focus(pilot, "date")
        await pilot.press("ctrl+a", "ctrl+k", *"24.11.26")
        assert error_text(app, "date") == "✗ Datum bitte als TT.MM.JJJJ, z. B. 24.11.2026."
        await settle(app, pilot, 0.5)
        app.workspace.flush()
        stored = SessionStore(db_path).get(sid)
        assert stored.population == 48000 and stored.date == dt.date(2026, 3, 12)
        # the invalid text stays visible with its message after leaving the field, also when another field is
        # saved meanwhile
        await focus(pilot, "place")
        await pilot.press("end", *" 3")
        await wait_stored(db_path, sid, lambda s: s.place.endswith(" 3"))
        await settle(app, pilot)
        assert app.screen.query_one("#population").value == "-48"
        assert error_text(app, "population")
        # correcting it clears the message and stores the value
        await focus(pilot, "population")
        await pilot.press("home", "delete", "end", *"49")
        assert error_text(app, "population") == ""
        stored = await wait_stored(db_path, sid, lambda s: s.population == 4849)
        assert stored.population == 4849


async def test_autosave_survives_restart(app_factory, demo_db) -> None:
    db_path, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await focus(pilot, "place")
        await pilot.press("ctrl+a", "ctrl+k", *"Bürgerhaus")
        await pilot.press("ctrl+q")  # quit right away, within the typing pause
    assert SessionStore(db_path).get(sid).place == "Bürgerhaus"
    app2 = app_factory(session_id=sid)
    async with app2.run_test(size=(80, 24)) as pilot:
        await settle(app2, pilot)
        assert app2.screen.query_one("#place").value == "Bürgerhaus"


async def test_selects_and_notes_are_stored(app_factory, demo_db) -> None:
    db_path, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        # nothing is written merely by opening the form
        assert SessionStore(db_path).get(sid).current_model == "v7"
        await focus(pilot, "kommune_type")
        await pilot.press("enter", "down", "enter")
        await focus(pilot, "current_model")
        await pilot.press("enter", "home", "enter")  # "noch offen"
        await focus(pilot, "funding_phase")
        await pilot.press("enter", "home", "enter")  # "nicht angegeben"
        await focus(pilot, "notes")
        notes = app.screen.query_one("#notes")
        notes.move_cursor(notes.document.end)
        await pilot.press("enter", *"Neu: Termin im Mai.")
        stored = await wait_stored(db_path, sid, lambda s: s.notes.endswith("Termin im Mai."))
        assert stored.kommune_type == "landkreis"
        assert stored.current_model is None
        assert stored.funding_phase is None
        assert stored.notes.endswith("\nNeu: Termin im Mai.")


async def test_participants_add_edit_remove(app_factory, demo_db) -> None:
    db_path, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n", *"Ida Ideal", "tab", *"Kämmerei")
        stored = await wait_stored(db_path, sid,
                                   lambda s: len(s.participants) == 4 and s.participants[-1].role == "Kämmerei")
        assert stored.participants[-1] == Participant("Ida Ideal", "Kämmerei")
        # remove the first person
        editor = app.screen.query_one("#participants")
        editor._rows[0].name_input.focus()
        await pilot.pause()
        await pilot.press("ctrl+r")
        stored = await wait_stored(db_path, sid, lambda s: len(s.participants) == 3)
        assert [p.name for p in stored.participants] == ["Dr. Petra Platzhalter", "Clara Exempel", "Ida Ideal"]
        names = [i.value for i in app.screen.query("#participant-rows Input.name")]
        assert names == ["Dr. Petra Platzhalter", "Clara Exempel", "Ida Ideal"]
        assert len(app.screen.query("#participant-rows Input.role")) == 3
        assert app.focused is editor._rows[0].name_input  # the next person's name


async def test_change_from_elsewhere_keeps_focused_text(app_factory, demo_db) -> None:
    db_path, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await focus(pilot, "place")
        await pilot.press("ctrl+a", "ctrl+k", *"Saal")
        await settle(app, pilot, 0.5)
        app.workspace.flush()
        await pilot.press(*" B")  # still typing
        other = SessionStore(db_path).get(sid)
        other.kommune = "Anderswo"
        SessionStore(db_path).save(other)
        app.workspace.reload()
        await pilot.pause()
        assert app.screen.query_one("#kommune").value == "Anderswo"
        assert app.screen.query_one("#place").value == "Saal B"


async def test_read_only_form_is_disabled(app_factory, demo_db) -> None:
    import os

    db_path, sid = demo_db
    os.chmod(db_path, 0o444)
    try:
        app = app_factory(session_id=sid)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            assert app.screen.query_one("#form-note").display
            assert app.screen.query_one("#form").disabled
            assert app.screen.query_one("#notes").is_disabled  # mounted after the first frame, disabled all the same
    finally:
        os.chmod(db_path, 0o644)


def test_snapshot_form(snap_compare, app_factory, demo_db) -> None:
    _db, sid = demo_db
    app = app_factory(session_id=sid)

    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)
        for box in pilot.app.screen.query("Input"):
            box.cursor_blink = False  # a blinking cursor makes the picture depend on timing
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_change_made_elsewhere_shows_up_in_the_focused_field_if_untouched(app_factory, demo_db) -> None:
    """A colleague saves the session: the form follows, also in the focused field the user has not changed;
    a field the user is typing in keeps the typed text."""
    db_path, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await focus(pilot, "title")  # focused, not edited
        store = SessionStore(db_path)
        theirs = store.get(sid)
        theirs.title = "Von Kollegin geändert"
        theirs.place = "Bürgerhaus"
        store.save(theirs)
        app.workspace.check_external_change()
        await settle(app, pilot)
        assert app.screen.query_one("#title").value == "Von Kollegin geändert"
        assert app.screen.query_one("#place").value == "Bürgerhaus"
        # now the user types in the title (held back for a moment before saving) while a colleague saves again:
        # the reload keeps the typed text, and the typed title is saved on top of the colleague's version
        await pilot.press("end", *" (mein Text)")
        theirs = store.get(sid)
        theirs.place = "Rathaus"
        store.save(theirs)
        app.workspace.check_external_change()
        await settle(app, pilot)
        assert app.screen.query_one("#title").value == "Von Kollegin geändert (mein Text)"
        assert app.screen.query_one("#place").value == "Rathaus"
        stored = await wait_stored(db_path, sid, lambda s: s.title.endswith("(mein Text)"))
        assert stored.title == "Von Kollegin geändert (mein Text)" and stored.place == "Rathaus"


async def test_opening_a_session_shows_its_values_and_does_not_save_it(app_factory, demo_db) -> None:
    """Only looking at a session must not write it (a new revision would look like an edit to a colleague)."""
    db_path, sid = demo_db
    before = SessionStore(db_path).get(sid)
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot, 0.5)  # longer than the typing debounce
        screen = app.screen
        assert screen.query_one("#title").value == before.title
        assert screen.query_one("#population").value == "48.000"
        assert screen.query_one("#kommune_type").value == before.kommune_type
        assert screen.query_one("#current_model").value == before.current_model
        assert screen.query_one("#notes").text == before.notes
        assert app.focused is screen.query_one("#title")
        app.workspace.flush()
    after = SessionStore(db_path).get(sid)
    assert after.revision == before.revision
    assert after.updated == before.updated


async def test_form_shows_an_edit_made_while_another_section_was_shown(app_factory, demo_db) -> None:
    """Screens in the background redraw when shown again (not on every edit made elsewhere)."""
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        app.workspace.edit(lambda s: setattr(s, "title", "Neuer Titel aus F5"))
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        assert app.screen.query_one("#title").value == "Neuer Titel aus F5"


async def test_add_participant_button_works_with_enter_space_and_click(app_factory, demo_db) -> None:
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        rows = lambda: len(app.screen.query("#participant-rows Input.name"))  # noqa: E731
        assert rows() == 3
        await focus(pilot, "add-participant")
        await pilot.press("enter")
        await settle(app, pilot)
        assert rows() == 4 and app.focused.has_class("name")
        await focus(pilot, "add-participant")
        await pilot.press("space")
        await settle(app, pilot)
        assert rows() == 5
        await pilot.click("#add-participant")
        await settle(app, pilot)
        assert rows() == 6


async def test_save_state_shows_saving_only_for_a_slow_save(app_factory, demo_db) -> None:
    """A quick save keeps "✓ gespeichert" (no flicker, no two header repaints per key); a slow one shows
    "… speichert" until it is done."""
    import asyncio

    from ksm_tui.workspace import SAVING_SHOWN_AFTER

    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        seen: list[str] = []
        app.workspace.status_changed.subscribe(app.screen, lambda status: seen.append(status.state))
        app.workspace.edit(lambda s: setattr(s, "place", "schnell"))
        await settle(app, pilot, SAVING_SHOWN_AFTER + 0.3)
        assert seen == [] and app.workspace.status.state == "gespeichert"

        store = app.workspace.store
        quick_save = store.save

        def slow_save(session):
            import time as _time

            _time.sleep(SAVING_SHOWN_AFTER + 0.5)
            return quick_save(session)

        store.save = slow_save  # type: ignore[method-assign]
        app.workspace.edit(lambda s: setattr(s, "place", "langsam"))
        await asyncio.sleep(SAVING_SHOWN_AFTER + 0.2)
        await pilot.pause()
        assert app.workspace.status.state == "speichert"
        assert "… speichert" in str(app.screen.query_one("#session-line").render())
        app.workspace.flush()
        await settle(app, pilot, 0.1)
        assert seen[-1] == "gespeichert"


async def test_choice_list_escape_keeps_the_value_and_returns_to_the_field(app_factory, demo_db) -> None:
    db_path, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await focus(pilot, "funding_phase")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ChoiceList"
        await pilot.press("home", "escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SessionFormScreen"
        assert app.focused is app.screen.query_one("#funding_phase")
        assert app.screen.query_one("#funding_phase").label == "Anschlussvorhaben"
        await pilot.click("#funding_phase")
        await pilot.pause()
        await pilot.press("home", "enter")  # "nicht angegeben"
        await settle(app, pilot, 0.1)
        assert app.screen.query_one("#funding_phase").label == "nicht angegeben"
    assert (await wait_stored(db_path, sid, lambda s: s.funding_phase is None)).funding_phase is None


async def test_notes_area_arrives_after_the_first_frame_and_the_form_follows_a_resize(app_factory, demo_db) -> None:
    """The notes area is mounted once the first frame is drawn (it is below the fold at 80×24); a later terminal
    resize still re-lays out the form (same-size resizes at start are skipped: SectionScreen.on_resize)."""
    from textual.widgets import TextArea

    db_path, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        notes = app.screen.query_one("#notes", TextArea)
        assert notes.text == SessionStore(db_path).get(sid).notes
        assert notes.parent is app.screen.query_one("#notes-box")
        title = app.screen.query_one("#title")
        width = title.size.width
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert title.size.width == width + 20
        app.screen.query_one("#current_model").focus()
        await pilot.press("tab")  # Tab order: the last field, then the notes
        assert app.focused is notes


async def test_opening_another_session_replaces_an_invalid_entry_and_its_message(app_factory, demo_db) -> None:
    db_path, sid = demo_db
    other = SessionStore(db_path).create(Session(title="Zweite Sitzung", kommune="Anderswo", population=1200))
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await focus(pilot, "population")
        await pilot.press("ctrl+a", "ctrl+k", *"viele")
        assert error_text(app, "population")
        assert app.open_session(other.id, mode="stammdaten")
        await settle(app, pilot)
        assert app.screen.query_one("#population").value == "1.200"
        assert app.screen.query_one("#title").value == "Zweite Sitzung"
        assert error_text(app, "population") == ""
