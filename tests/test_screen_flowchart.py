"""F6 Flussdiagramm: walking the graph with keys, outcome, overview, notes, recording, jumping to the catalogue."""

from __future__ import annotations

import importlib.machinery
import sys
import types
from pathlib import Path

import pytest
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from ksm_tui.core import flowchart as fc
from ksm_tui.core.loader import load_content
from ksm_tui.core.session import FlowState
from ksm_tui.store import SessionStore
from ksm_tui.widgets.flow_outcome import ModelCard, ModelRanking
from ksm_tui.widgets.flow_parts import Breadcrumb, NoteArea
from ksm_tui.widgets.flow_question import AnswerList
from ksm_tui.widgets.flow_tree import FlowTree
from tests.fixtures.flow_content import write_flow_content
from tests.fixtures.flow_fixture import FLOW

# The fixture graph's paths (answers from the start) -> outcome title, ranking as shown, recommendation texts.
FIXTURE_EXPECTED = {
    ("ja", "ja", "ja"): (
        "Agentur",
        [("favorisiert", "V 7 "), ("favorisiert", "V 7a "), ("möglich", "V 6a–6c "), ("möglich", "V 8 "),
         ("eher nicht geeignet", "V 5 ")],
        ["Beschluss vorbereiten", "Politik einbinden", "Agentur prüfen", "Netzwerk aufbauen"],
    ),
    ("ja", "ja", "nein"): (
        "Verwaltung",
        [("favorisiert", "V 7 "), ("favorisiert", "V 7a "), ("eher nicht geeignet", "V 8 "),
         ("eher nicht geeignet", "V 5 ")],
        ["Beschluss vorbereiten", "Politik einbinden"],
    ),
    ("ja", "nein"): (
        "Agentur",
        [("favorisiert", "V 8 "), ("möglich", "V 7 "), ("eher nicht geeignet", "V 5 ")],
        ["Beschluss vorbereiten", "Agentur prüfen", "Netzwerk aufbauen"],
    ),
    ("nein", "ja"): (
        "Agentur",
        [("favorisiert", "V 5 "), ("favorisiert", "V 8 "), ("möglich", "V 6a–6c ")],
        ["Politik einbinden", "Agentur prüfen", "Netzwerk aufbauen"],
    ),
    ("nein", "nein"): (
        "Verwaltung",
        [("favorisiert", "V 5 "), ("favorisiert", "V 7 "), ("eher nicht geeignet", "V 8 ")],
        ["Politik einbinden", "Beschluss vorbereiten"],
    ),
}


def text(widget: Static) -> str:
    return str(widget.content)


def screen_text(screen: Screen, selector: str) -> str:
    return text(screen.query_one(selector, Static))


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()


async def open_flow(pilot) -> Screen:
    await pilot.press("f6")
    await settle(pilot)
    assert pilot.app.current_mode == "fluss"
    return pilot.app.screen


def stored(db: Path, session_id: str):
    return SessionStore(db).get(session_id)


def card_lines(screen: Screen) -> list[str]:
    return [text(c.query_one(".card-head", Static)) for c in screen.query(ModelCard)]


def card_text(card: ModelCard) -> str:
    return "\n".join(text(s) for s in card.query(Static))


@pytest.fixture
def flow_db(demo_db) -> tuple[Path, str]:
    """The demo session with the flowchart walk and the recorded outcome cleared (a group about to start)."""
    db, sid = demo_db
    store = SessionStore(db)
    session = store.get(sid)
    session.flowchart = FlowState()
    session.outcome = None
    store.save(session)
    return db, sid


@pytest.fixture
def fixture_content(tmp_path: Path) -> Path:
    return write_flow_content(tmp_path / "content")


@pytest.fixture
def fake_catalogue(monkeypatch):
    """A stand-in for the catalogue section (built in parallel): records the models it is asked to show."""
    name = "ksm_tui.screens.catalogue"
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)

    class CatalogueScreen(Screen):
        shown: list[str] = []

        def compose(self) -> ComposeResult:
            yield Static("Katalog")

        def show_model(self, model_id: str) -> None:
            CatalogueScreen.shown.append(model_id)

    module.CatalogueScreen = CatalogueScreen
    monkeypatch.setitem(sys.modules, name, module)
    return CatalogueScreen


# -- every path of the fixture graph -----------------------------------------------------------------------


def _answer_keys(answers: tuple[str, ...]) -> list[str]:
    keys, node = [], FLOW.nodes[FLOW.start]
    for a in answers:
        i = [x.id for x in node.answers].index(a)
        keys.append(str(i + 1))
        node = FLOW.nodes[node.answers[i].next]
    return keys


def test_fixture_expectations_cover_every_path() -> None:
    assert {tuple(a.id for _, a in p[:-1]) for p in fc.all_paths(FLOW)} == set(FIXTURE_EXPECTED)


@pytest.mark.parametrize("answers", list(FIXTURE_EXPECTED), ids="-".join)
async def test_every_path_of_a_fixture_graph(app_factory, flow_db, fixture_content, answers) -> None:
    db, sid = flow_db
    title, ranking, recs = FIXTURE_EXPECTED[answers]
    app = app_factory(session_id=sid, content_dir=fixture_content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        assert "rekonstruiert (Testdaten)" in screen_text(screen, "#flow-banner")
        node = FLOW.nodes[FLOW.start]
        for i, (answer, key) in enumerate(zip(answers, _answer_keys(answers), strict=True)):
            assert f"Frage {i + 1}: {node.text}" in screen_text(screen, "#question-text")
            options = screen.query_one(AnswerList)
            assert [str(options.get_option_at_index(j).prompt).split(maxsplit=1)[1] for j in
                    range(options.option_count)] == [a.label for a in node.answers]
            await pilot.press(key)
            await settle(pilot)
            node = FLOW.nodes[node.answer(answer).next]
        assert node.kind == "outcome"
        assert f"Ergebnis (Schritt {len(answers) + 1}): {title}" in screen_text(screen, "#outcome-head")
        lines = card_lines(screen)
        assert len(lines) == len(ranking)
        for line, (category, number) in zip(lines, ranking, strict=True):
            assert f"{category}: {number}" in line
        shown_recs = screen_text(screen, "#recommendations")
        assert [r for r in recs if r in shown_recs] == recs
        assert shown_recs.count("• ") == len(recs)
        crumb = text(screen.query_one(Breadcrumb))
        assert crumb.startswith("Weg: 1 Beschluss: Ja" if answers[0] == "ja" else "Weg: 1 Beschluss: Nein")
        assert f"▶ {len(answers) + 1} {title}" in crumb
    session = stored(db, sid)
    assert [(s.node, s.answer) for s in session.flowchart.steps][-1] == (node.id, None)
    assert [s.answer for s in session.flowchart.steps[:-1]] == list(answers)


# -- the shipped graph -------------------------------------------------------------------------------------


async def test_shipped_graph_path_with_backing(app_factory, flow_db) -> None:
    db, sid = flow_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        assert "Rekonstruiert aus dem Text von Kapitel 5" in screen_text(screen, "#flow-banner")
        assert "strategische Grundlage" in screen_text(screen, "#question-text")
        assert "Quelle: Kapitel 5, 5.1" in screen_text(screen, "#question-explanation")
        await pilot.press("1", "1", "1")  # ja, haushalt, rueckhalt
        await settle(pilot)
        assert "Rückhalt nutzen" in screen_text(screen, "#outcome-head")
        assert "mindestens auf dem während der Förderung erreichten Niveau" in screen_text(screen, "#outcome-text")
        lines = card_lines(screen)
        assert "favorisiert: V 7 KSM im Fachamt" in lines[0] and "+2" in lines[0]
        assert "favorisiert: V 8 Klimaschutz als Stabsstelle" in lines[1]
        assert "favorisiert: V 9 " in lines[2]
        assert "möglich: V 10 Eigenes Fachamt für Klimaschutz" in lines[3]
        first = card_text(screen.query(ModelCard).first())
        assert "+ Strategische Grundlage: Für V 7 nennt der Steckbrief" in first
        assert "mindestens auf dem erreichten Niveau" in screen_text(screen, "#recommendations")
        assert "Noch nicht festgehalten" in screen_text(screen, "#record-status")


async def test_shipped_graph_path_without_backing(app_factory, flow_db) -> None:
    db, sid = flow_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        await pilot.press("2", "3", "3")  # teilweise, partner, gering
        await settle(pilot)
        assert "Rückhalt aufbauen, Stelle absichern" in screen_text(screen, "#outcome-head")
        lines = card_lines(screen)
        assert "favorisiert: V 6d–6f Stellenteilung außerhalb der Verwaltung" in lines[0]
        assert [line for line in lines if "eher nicht geeignet" in line] == lines[-3:]
        assert any("V 10 " in line for line in lines[-3:])
        recs = screen_text(screen, "#recommendations")
        assert "spätestens 1,5 Jahre vor Ablauf der Förderung" in recs
        assert "Übergangslösung" in recs
        assert "Kapitel 5.2" in screen_text(screen, "#outcome-sources")


# -- navigation --------------------------------------------------------------------------------------------


async def test_back_and_forward_keep_the_answers(app_factory, flow_db) -> None:
    db, sid = flow_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        await pilot.press("1", "2")
        await settle(pilot)
        assert "Frage 3:" in screen_text(screen, "#question-text")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "Frage 2:" in screen_text(screen, "#question-text")
        chosen = str(screen.query_one(AnswerList).get_option_at_index(1).prompt)
        assert "✓" in chosen and "(gewählt)" in chosen
        assert "(] vor: 1)" in text(screen.query_one(Breadcrumb))
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "Frage 3:" in screen_text(screen, "#question-text")
        await pilot.press("alt+left", "alt+left")
        await settle(pilot)
        assert "Frage 1:" in screen_text(screen, "#question-text")
        await pilot.press("3")  # a different answer drops the later steps
        await settle(pilot)
        assert "Frage 2:" in screen_text(screen, "#question-text")
        assert "vor:" not in text(screen.query_one(Breadcrumb))
        await pilot.press("right_square_bracket")  # nothing to go forward to
        await settle(pilot)
        assert "Frage 2:" in screen_text(screen, "#question-text")
    session = stored(db, sid)
    assert [(s.node, s.answer) for s in session.flowchart.steps] == [("strategie", "nein"), ("finanzierung", None)]


async def test_arrows_and_enter_choose_an_answer(app_factory, flow_db) -> None:
    db, sid = flow_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert "Frage 2:" in screen_text(screen, "#question-text")
        assert "Strategische Grundlage: Teilweise" in text(screen.query_one(Breadcrumb))
        await pilot.press("f1")  # the help lists the screen's keys in German
        await settle(pilot)
        help_text = "\n".join(text(s) for s in app.screen.query(".help-section"))
        for phrase in ("Antwort 1–9 wählen", "Einen Schritt zurück", "Übersicht: der ganze Entscheidungsbaum",
                       "Ergebnis in der Sitzung festhalten", "Von vorn beginnen"):
            assert phrase in help_text


async def test_restart_asks_first(app_factory, flow_db) -> None:
    db, sid = flow_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        await pilot.press("1", "1")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # cancel
        await settle(pilot)
        assert "Frage 3:" in screen_text(screen, "#question-text")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("left", "enter")  # "Neu beginnen" (the safe button has the focus)
        await settle(pilot)
        assert "Frage 1:" in screen_text(screen, "#question-text")
    assert [(s.node, s.answer) for s in stored(db, sid).flowchart.steps] == [("strategie", None)]


# -- notes and resuming ------------------------------------------------------------------------------------


async def test_notes_are_saved_per_step_and_survive_a_restart(app_factory, flow_db) -> None:
    db, sid = flow_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        await pilot.press("e", *"Konzept 2019")
        await pilot.pause(0.6)  # debounce
        assert "gespeichert" in str(screen.query_one(NoteArea).border_subtitle)
        await pilot.press("escape", "1")  # leave the note, answer 1
        await settle(pilot)
        assert screen.query_one(NoteArea).text == ""
        await pilot.press("e", *"Kasse knapp")
        await pilot.press("ctrl+q")  # quit at once: the pending note is still saved
    session = stored(db, sid)
    assert [s.note for s in session.flowchart.steps] == ["Konzept 2019", "Kasse knapp"]

    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        assert "Frage 2:" in screen_text(screen, "#question-text")  # resumes at the current step
        assert screen.query_one(NoteArea).text == "Kasse knapp"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.query_one(NoteArea).text == "Konzept 2019"


async def test_note_text_is_cleaned_and_shown_literally(app_factory, flow_db) -> None:
    db, sid = flow_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        screen.query_one(NoteArea).focus()
        screen.query_one(NoteArea).insert("[b]fett[/b] \x1b[31mrot")
        await pilot.pause(0.6)
    assert stored(db, sid).flowchart.steps[0].note == "[b]fett[/b] [31mrot"


# -- overview ----------------------------------------------------------------------------------------------


async def test_overview_marks_the_path_and_jumps_back(app_factory, flow_db) -> None:
    db, sid = flow_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        await pilot.press("1", "2", "1")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        tree = screen.query_one(FlowTree)
        assert tree.has_focus
        assert str(tree.cursor_node.label).startswith("▶ Unterstützend")
        assert "4 Rückhalt nutzen (Ergebnis)" in str(tree.cursor_node.label)
        path_labels = [str(n.label) for n in _walk(tree.root) if n.data.step is not None]
        assert [label[0] for label in path_labels] == ["●", "●", "●", "▶"]
        off_path = [str(n.label) for n in _walk(tree.root) if n.data.step is None]
        assert off_path and all(label.startswith("·") for label in off_path)
        await pilot.press("up", "down", "down", "down", "down")  # to "Schwierig – nur über Partner …"
        await settle(pilot)
        branch = tree.cursor_node
        assert branch.data.step is None and "Partner" in str(branch.label) and not branch.is_expanded
        await pilot.press("enter")  # Enter off the path only opens the branch
        await settle(pilot)
        assert screen.overview and branch.is_expanded and len(branch.children) == 3
        await pilot.press("home", "enter")  # the start question
        await settle(pilot)
        assert not screen.overview
        assert "Frage 1:" in screen_text(screen, "#question-text")
        assert "(] vor: 3)" in text(screen.query_one(Breadcrumb))
        await pilot.press("u", "escape")
        await settle(pilot)
        assert not screen.overview
    assert stored(db, sid).flowchart.cursor == 0


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


# -- outcome: record, open in catalogue --------------------------------------------------------------------


async def test_record_outcome(app_factory, flow_db) -> None:
    db, sid = flow_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        await pilot.press("r")  # not at an outcome: nothing happens
        await pilot.press("1", "1", "1")
        await settle(pilot)
        assert stored(db, sid).outcome is None
        await pilot.press("r")
        await settle(pilot)
        assert "✓ Festgehalten am" in screen_text(screen, "#record-status")
    outcome = stored(db, sid).outcome
    assert outcome is not None and outcome.outcome == "ergebnis-rueckhalt"
    assert outcome.favoured == ["v7", "v8", "v9"] and outcome.possible == ["v10"] and outcome.against == []

    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        assert "✓ Festgehalten am" in screen_text(screen, "#record-status")
        await pilot.press("left_square_bracket", "3")  # another outcome
        await settle(pilot)
        assert "Festgehalten ist ein anderes Ergebnis: Rückhalt nutzen" in screen_text(screen, "#record-status")


async def test_open_model_in_catalogue(app_factory, flow_db, fake_catalogue) -> None:
    db, sid = flow_db
    app = app_factory(session_id=sid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        await pilot.press("1", "1", "1")
        await settle(pilot)
        assert screen.query_one(ModelRanking).has_focus
        await pilot.press("down", "o")
        await settle(pilot)
        assert app.current_mode == "modelle"
        assert fake_catalogue.shown == ["v8"]
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("enter")  # Enter on the highlighted model does the same
        await settle(pilot)
        assert app.current_mode == "modelle"
        assert fake_catalogue.shown == ["v8", "v8"]


async def test_open_model_without_catalogue_says_so(app_factory, flow_db, monkeypatch) -> None:
    db, sid = flow_db
    app = app_factory(session_id=sid)
    monkeypatch.setattr(app, "sections", tuple(s for s in app.sections if s.mode != "modelle"))
    messages: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: messages.append(message))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_flow(pilot)
        await pilot.press("1", "1", "1")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert app.current_mode == "fluss"
        assert any("Modellkatalog" in m and "nicht verfügbar" in m for m in messages)


# -- content that no longer fits ---------------------------------------------------------------------------


async def test_a_stored_path_that_no_longer_fits_is_shortened(app_factory, flow_db, fixture_content) -> None:
    db, sid = flow_db
    store = SessionStore(db)
    session = store.get(sid)
    session.flowchart = fc.replay(load_content().flowchart, ["ja", "haushalt"])
    store.save(session)
    app = app_factory(session_id=sid, content_dir=fixture_content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_flow(pilot)
        assert "Frage 1: " + FLOW.nodes[FLOW.start].text in screen_text(screen, "#question-text")
    assert [s.node for s in stored(db, sid).flowchart.steps] == [FLOW.start]


# -- snapshots ---------------------------------------------------------------------------------------------


def _keys(*keys: str):
    async def run(pilot) -> None:
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


def test_snapshot_question(snap_compare, app_factory, flow_db) -> None:
    app = app_factory(session_id=flow_db[1])
    assert snap_compare(app, terminal_size=(80, 24), run_before=_keys("f6", "1"))


def test_snapshot_outcome(snap_compare, app_factory, flow_db) -> None:
    app = app_factory(session_id=flow_db[1])
    assert snap_compare(app, terminal_size=(80, 24), run_before=_keys("f6", "2", "2", "3"))


def test_snapshot_overview(snap_compare, app_factory, flow_db) -> None:
    app = app_factory(session_id=flow_db[1])
    assert snap_compare(app, terminal_size=(80, 24), run_before=_keys("f6", "2", "2", "u"))
