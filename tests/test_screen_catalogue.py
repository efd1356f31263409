"""F4 Modelle: browsing, assessing, notes, comparing, filtering, county models, layouts, palette, snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Input, Static, TextArea

from ksm_tui.core.demo import demo_session
from ksm_tui.core.loader import load_content
from ksm_tui.core.session import RecordedOutcome, Session
from ksm_tui.store import SessionStore

GUIDE = load_content()
MODEL_IDS = [m.id for m in GUIDE.models]


def _text(app, selector: str) -> str:
    content = app.screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Content) else str(content)


def _detail(app) -> str:
    return "\n".join(_text(app, f"#detail-{part}") for part in (
        "title", "source", "context", "description", "assessment", "advantages", "disadvantages", "remarks",
        "steckbrief"))


def _options(app) -> dict[str, str]:
    """Option id -> prompt text of the model list, in order."""
    lst = app.screen.query_one("#model-list")
    return {o.id: o.prompt.plain for o in lst.options}


def _model_options(app) -> list[str]:
    return [i for i in _options(app) if not i.startswith("gruppe-")]


def _highlighted(app) -> str | None:
    return app.screen.query_one("#model-list").highlighted_model


async def _open(app, pilot, model_id: str | None = None) -> None:
    await pilot.press("f4")
    await pilot.pause()
    assert app.screen.MODE == "modelle"
    if model_id is not None:
        idx = MODEL_IDS.index(model_id)
        await pilot.press("home", *(["down"] * idx))
        await pilot.pause()
        assert _highlighted(app) == model_id


def _store_session(db: Path, **changes) -> str:
    s: Session = demo_session()
    for key, value in changes.items():
        setattr(s, key, value)
    return SessionStore(db).create(s).id


# -- browse ----------------------------------------------------------------------------------------------------


async def test_v7_detail_shows_the_full_steckbrief(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, "v7")
        screen = app.screen
        assert not screen.query_one("#detail-panel").display  # narrow: list only
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one("#detail-panel").display and not screen.query_one("#list-panel").display
        text = _detail(app)
        assert "V 7 KSM im Fachamt" in text
        assert "Tabelle 3.1" in text and "Steckbrief (Tabelle 3.2)" in text
        assert "Geeignete Ausgangslage für das Modell" in text
        v7 = GUIDE.model("v7")
        sb = v7.steckbrief
        assert len(sb.ausgangslage) == 6 and len(sb.eigenschaften) == 5 and len(sb.empfehlungen) == 8
        for row in (*sb.ausgangslage, *sb.eigenschaften):
            assert f"{row.label}: {row.value}" in text and row.comment in text
        for field in sb.empfehlungen:
            assert field.label in text and field.text in text
        for item in (*v7.advantages, *v7.disadvantages):
            assert item in text
        assert "Vorteile" in text and "Nachteile" in text
        assert "● heute" in text  # the demo's KSM sits in V 7 today
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one("#list-panel").display and not screen.query_one("#detail-panel").display
        assert _highlighted(app) == "v7"


async def test_model_without_steckbrief_says_so_and_remarks_are_marked(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(120, 30)) as pilot:
        await _open(app, pilot, "v9")
        text = _text(app, "#detail-steckbrief")
        assert GUIDE.model("v9").steckbrief_missing in text
        assert "Geeignete Ausgangslage" not in text and "Empfehlungen" not in text
        remark = app.screen.query_one("#detail-remarks", Static)
        assert remark.display and remark.has_class("remark")
        assert "Anmerkung ksm-tui (Stand 2026-11)" in remark.content.plain
        assert "31.12.2025" in remark.content.plain
        # a model without remarks shows no remark block
        await pilot.press("down")
        await pilot.pause()
        assert _highlighted(app) == "v10"
        assert not app.screen.query_one("#detail-remarks").display


async def test_group_v1_v4_is_a_note_in_the_list(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        lst = app.screen.query_one("#model-list")
        option = lst.get_option("gruppe-v1-v4")
        assert option.disabled
        group = GUIDE.model_groups[0]
        assert group.note in option.prompt.plain.replace("\n  ", " ")
        await pilot.press("end")
        await pilot.pause()
        assert _highlighted(app) == "v11"  # the note cannot be selected


async def test_browse_without_session_cannot_assess(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, "v8")
        assert "zuerst eine Sitzung öffnen" in _text(app, "#detail-assessment")
        await pilot.press("f", "n")
        await pilot.pause()
        assert app.screen.MODE == "modelle"  # no dialog, nothing changed
        assert "★" not in _options(app)["v8"]


# -- assess and notes ------------------------------------------------------------------------------------------


async def test_assessment_keys_are_saved_and_survive_a_restart(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, "v5")
        await pilot.press("f")
        await pilot.pause()
        assert "★ favorisiert" in _options(app)["v5"]
        await pilot.press("down", "3")  # V 6a–6c: verworfen via the digit key
        await pilot.pause()
        assert "✗ verworfen" in _options(app)["v6a-6c"]
        await pilot.press("down", "down", "o")  # V 7 (möglich with a note) back to offen: note kept
        await pilot.pause()
        assert "möglich" not in _options(app)["v7"] and "✎ Notiz" in _options(app)["v7"]
        app.workspace.flush()
    app2 = app_factory(session_id=sid)
    async with app2.run_test(size=(80, 24)) as pilot:
        await _open(app2, pilot, "v5")
        options = _options(app2)
        assert "★ favorisiert" in options["v5"] and "✗ verworfen" in options["v6a-6c"]
        assert "★ favorisiert" in _text(app2, "#detail-assessment")
        s = app2.workspace.session
        assert s.assessment("v5").status == "favorisiert"
        assert s.assessment("v7").status == "offen"
        assert s.assessment("v7").note.startswith("Bleibt im Umweltamt")


async def test_note_is_saved_and_shown_literally(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    nasty = "[@click=app.quit]x[/] \x1b[31mrot"
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, "v10")
        await pilot.press("n")
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        area.insert(nasty)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.MODE == "modelle"
        assessment = _text(app, "#detail-assessment")
        assert "Notiz: [@click=app.quit]x[/] [31mrot" in assessment
        assert "\x1b" not in assessment
        assert "✎ Notiz" in _options(app)["v10"]
        # Esc in the dialog changes nothing
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(TextArea).insert(" mehr")
        await pilot.press("escape")
        await pilot.pause()
        assert "mehr" not in _text(app, "#detail-assessment")
        app.workspace.flush()
        assert app.is_running
    stored = SessionStore(db).get(sid).assessment("v10")
    assert stored.note == "[@click=app.quit]x[/] [31mrot" and stored.status == "offen"


# -- compare, filter -------------------------------------------------------------------------------------------


async def test_compare_two_models(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, "v7")
        await pilot.press("c")
        await pilot.pause()
        assert "⇄ Vergleich" in _options(app)["v7"]
        assert "V 7 vorgemerkt: zweites Modell wählen" in _text(app, "#list-heading")
        await pilot.press("down", "down", "down", "c")  # V 8
        await pilot.pause()
        compare = app.screen
        assert type(compare).__name__ == "CompareScreen"
        assert compare.has_class("-narrow")
        left = "\n".join(w.content.plain for w in compare.query("#compare-left Static"))
        right = "\n".join(w.content.plain for w in compare.query("#compare-right Static"))
        assert "V 7 KSM im Fachamt" in left and "✓ möglich" in left and "Bleibt im Umweltamt" in left
        assert "V 8 Klimaschutz als Stabsstelle" in right and "★ favorisiert" in right
        assert "Direkte Anbindung an die Verwaltungsspitze" in right and "Nur geringes eigenes Budget" in right
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.MODE == "modelle"
        assert not any("⇄" in p for p in _options(app).values())  # the mark is used up
        # c twice on the same model, or Esc, drops the mark again
        await pilot.press("c", "c")
        await pilot.pause()
        assert "⇄" not in _options(app)["v8"]
        await pilot.press("c", "escape")
        await pilot.pause()
        assert "⇄" not in _options(app)["v8"] and "vorgemerkt" not in _text(app, "#list-heading")


async def test_filter_by_typing(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*"stabs")
        await pilot.pause()
        assert _model_options(app) == ["v7b", "v8"]
        assert "2 Treffer" in _text(app, "#list-heading")
        await pilot.press(*(["backspace"] * 5), "v", "1")
        await pilot.pause()
        assert _model_options(app) == ["v10", "v11"]
        await pilot.press("backspace", "backspace", *"eea")  # word in the advantages of V 9
        await pilot.pause()
        assert _model_options(app) == ["v9"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused.id == "model-list" and _highlighted(app) == "v9"
        await pilot.press("escape")
        await pilot.pause()
        assert _model_options(app) == MODEL_IDS
        assert not app.screen.query_one("#filter").display


# -- session context ------------------------------------------------------------------------------------------


def _is_dim(prompt: Content) -> bool:
    return any("dim" in str(span.style) for span in prompt.spans)


async def test_county_models_dimmed_for_gemeinde_and_hideable(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, "v7a")
        lst = app.screen.query_one("#model-list")
        assert _is_dim(lst.get_option("v7a").prompt) and not _is_dim(lst.get_option("v7").prompt)
        assert "Landkreis" in _options(app)["v7a"]
        assert "betrifft eine Gemeinde/Stadt" in _text(app, "#detail-context")
        await pilot.press("k")
        await pilot.pause()
        assert "v7a" not in _options(app) and "ausgeblendet" in _text(app, "#list-heading")
        await pilot.press("k")
        await pilot.pause()
        assert "v7a" in _options(app)


async def test_county_models_not_dimmed_for_landkreis(app_factory, db_path):
    sid = _store_session(db_path, kommune_type="landkreis", title="Landkreis Beispiel")
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, "v7a")
        lst = app.screen.query_one("#model-list")
        assert not _is_dim(lst.get_option("v7a").prompt)
        assert "Landkreis" in _options(app)["v7a"]
        assert "betrifft eine Gemeinde" not in _text(app, "#detail-context")


async def test_recorded_outcome_and_current_model_are_marked(app_factory, db_path):
    outcome = RecordedOutcome(outcome="ergebnis-x", favoured=["v8"], possible=["v9"], against=["v11"])
    sid = _store_session(db_path, outcome=outcome, current_model="v5")
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, "v8")
        options = _options(app)
        assert "▲ empfohlen" in options["v8"]
        assert "△ denkbar" in options["v9"]
        assert "▼ spricht dagegen" in options["v11"]
        assert "● heute" in options["v5"] and "● heute" not in options["v7"]
        assert "empfiehlt dieses Modell" in _text(app, "#detail-context")


# -- layouts, palette, help -----------------------------------------------------------------------------------


async def test_wide_layout_shows_list_and_detail_side_by_side(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(120, 30)) as pilot:
        await _open(app, pilot, "v8")
        screen = app.screen
        lst, detail = screen.query_one("#list-panel"), screen.query_one("#detail-panel")
        assert lst.display and detail.display
        assert lst.region.right <= detail.region.x
        assert "V 8 Klimaschutz als Stabsstelle" in _text(app, "#detail-title")
        await pilot.press("down")
        await pilot.pause()
        assert "V 9" in _text(app, "#detail-title")  # the detail follows the highlight
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert lst.display and not detail.display


async def test_palette_command_opens_a_model(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Modell V 8 öffnen")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.screen.MODE == "modelle"
        assert _highlighted(app) == "v8"
        assert app.screen.has_class("-detail-open")
        assert "V 8 Klimaschutz als Stabsstelle" in _text(app, "#detail-title")


async def test_show_model_clears_filter_and_unhides_county(app_factory, demo_db):
    db, sid = demo_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(120, 30)) as pilot:
        await _open(app, pilot)
        await pilot.press("k", "slash", *"energie")
        await pilot.pause()
        assert "v7a" not in _options(app)
        assert app.screen.show_model("v7a")
        await pilot.pause()
        assert _highlighted(app) == "v7a" and "v7a" in _options(app)
        assert app.screen.query_one("#filter", Input).value == ""


async def test_help_lists_the_catalogue_keys(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = "\n".join(w.content.plain for w in app.screen.query(".help-section"))
        assert "Dieser Bildschirm: Modelle" in text
        for words in ("„favorisiert“", "„verworfen“", "Notiz zum Modell", "Vergleich", "Landkreise", "filtern"):
            assert words in text


# -- snapshots ------------------------------------------------------------------------------------------------


@pytest.fixture
def snap_app(app_factory, demo_db):
    db, sid = demo_db
    return app_factory(session_id=sid)


def test_snapshot_list_80x24(snap_app, snap_compare):
    assert snap_compare(snap_app, terminal_size=(80, 24), press=["f4", "down", "down", "down"])


def test_snapshot_detail_80x24(snap_app, snap_compare):
    assert snap_compare(snap_app, terminal_size=(80, 24), press=["f4", "down", "down", "down", "enter"])


def test_snapshot_compare_80x24(snap_app, snap_compare):
    keys = ["f4", "down", "down", "down", "c", "down", "down", "down", "c"]
    assert snap_compare(snap_app, terminal_size=(80, 24), press=keys)


def test_snapshot_wide_120x30(snap_app, snap_compare):
    assert snap_compare(snap_app, terminal_size=(120, 30), press=["f4", "down", "down", "down", "down", "down",
                                                                  "down", "down", "down"])
