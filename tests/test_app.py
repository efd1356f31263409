"""App-level behaviour a user notices: section keys, their state without a session, the help, the palette."""

from __future__ import annotations

from textual.widgets import TextArea


async def test_section_keys_need_an_open_session(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.current_mode == "sitzungen"
        await pilot.press("f5")
        await pilot.pause()
        assert app.current_mode == "sitzungen"  # disabled without a session
        await pilot.press("f4")  # the catalogue works without a session (browsing)
        await pilot.pause()
        assert app.current_mode == "modelle"
        tabs = str(app.section_tabs("modelle"))
        for key, label in (("F2", "Sitzungen"), ("F5", "Aufgaben"), ("F6", "Fluss"), ("F7", "Protokoll")):
            assert f"{key} {label}" in tabs


async def test_section_keys_work_inside_a_text_area(app_factory, demo_db) -> None:
    """TextArea binds F6/F7 for itself; the app's section keys still switch sections."""
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.current_mode == "stammdaten"
        app.screen.query_one("#notes", TextArea).focus()
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert app.current_mode == "fluss"
        await pilot.press("f7")
        await pilot.pause()
        assert app.current_mode == "protokoll"


async def test_section_keys_do_nothing_under_a_dialog(app_factory, demo_db) -> None:
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("delete")  # asks first
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("f5")
        await pilot.pause()
        assert app.current_mode == "sitzungen" and type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("escape")
        await pilot.pause()


async def test_help_lists_every_section_and_german_key_names(app_factory, demo_db) -> None:
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        text = "\n".join(str(w.render()) for w in app.screen.query(".help-section"))
        for heading in ("Dieser Bildschirm: Stammdaten", "Überall", "Sitzungen (F2)", "Modelle (F4)",
                        "Aufgaben (F5)", "Flussdiagramm (F6)", "Protokoll (F7)"):
            assert heading in text
        assert "Strg+P" in text and "Strg+Q" in text and "Beenden" in text
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "SessionFormScreen"


async def test_palette_offers_sections_models_export_and_themes(app_factory, demo_db) -> None:
    _db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Gehe zu: Aufgaben" in titles and "Farbschema: Hoher Kontrast (Beamer)" in titles
        assert "Protokoll exportieren" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"V 8")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "modelle"
