"""At 80 columns every screen's footer shows its keys in full, ending with F1 Hilfe and ^p Befehle."""

from __future__ import annotations

import pytest

from ksm_tui.widgets.footer import KeyFooter

STATES = {
    "Sitzungen": ["f2"],
    "Stammdaten": ["f3"],
    "Modelle": ["f4"],
    "Modelle, Details": ["f4", "enter"],
    "Aufgaben": ["f5"],
    "Aufgaben, Zelle in Bearbeitung": ["f5", "enter"],
    "Aufgaben, Diagramm": ["f5", "g"],
    "Flussdiagramm, Ergebnis": ["f6"],
    "Flussdiagramm, Frage": ["f6", "left_square_bracket"],
    "Flussdiagramm, Übersicht": ["f6", "u"],
    "Flussdiagramm, Notiz": ["f6", "e"],
    "Protokoll": ["f7"],
}


def _footer_keys(app) -> list[tuple[str, int]]:
    """(key and description, right edge) of each key the footer shows."""
    return app.screen.query_one(KeyFooter).shown()


@pytest.mark.parametrize("keys", list(STATES.values()), ids=list(STATES))
async def test_footer_fits_80_columns(app_factory, demo_db, keys) -> None:
    _, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()
        shown = _footer_keys(app)
        texts = [text for text, _ in shown]
        assert texts[-2:] == ["f1 Hilfe", "^p Befehle"], texts
        assert max(right for _, right in shown) <= 80, texts


async def test_task_footer_while_editing_says_what_enter_does(app_factory, demo_db) -> None:
    _, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert "⏎ Bearbeiten" in [t for t, _ in _footer_keys(app)]
        await pilot.press("enter")
        await pilot.pause()
        texts = [t for t, _ in _footer_keys(app)]
        assert "⏎ Übernehmen" in texts and "esc Abbrechen" in texts
        assert "n Notiz" not in texts  # letters go into the cell while editing
        await pilot.press("backspace", "backspace", "backspace", "4", "enter")  # "2,5" → "4"
        await pilot.pause()
        assert "⏎ Bearbeiten" in [t for t, _ in _footer_keys(app)]
        assert app.workspace.session.task(app.screen.grid.cursor_task).ist == 40


async def test_open_choice_list_shows_its_keys_in_german(app_factory, demo_db) -> None:
    """The form's choice lists (Typ, Förderphase, Modell) say what their keys do, in German."""
    _, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#kommune_type").focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        texts = [t for t, _ in _footer_keys(app)]
        assert "esc Liste schließen" in texts and "⏎ Auswählen" in texts, texts
        assert not any("Dismiss" in t for t in texts)
