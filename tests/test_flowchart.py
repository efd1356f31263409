"""The flowchart engine on a small fixture graph: every path, navigation, notes, ranking, graph helpers."""

from __future__ import annotations

import copy
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ksm_tui.core import flowchart as fc
from ksm_tui.core.content import Answer, Effect
from ksm_tui.core.flowchart import FlowError, Navigator
from ksm_tui.core.session import FlowState, FlowStep, Session
from tests.fixtures.flow_fixture import FLOW, MODEL_ORDER, NODES, make_flowchart

# answers from the start -> (outcome, ranking as (model, category, score), recommendation ids)
EXPECTED = {
    ("ja", "ja", "ja"): (
        "o-agentur",
        [("v7", "favoured", 2), ("v7a", "favoured", 1), ("v6a-6c", "possible", 0), ("v8", "possible", 0),
         ("v5", "against", -1)],
        ["r-beschluss", "r-politik", "r-agentur", "r-netz"],
    ),
    ("ja", "ja", "nein"): (
        "o-verwaltung",
        [("v7", "favoured", 3), ("v7a", "favoured", 1), ("v8", "against", -2), ("v5", "against", -1)],
        ["r-beschluss", "r-politik"],
    ),
    ("ja", "nein"): (
        "o-agentur",
        [("v8", "favoured", 1), ("v7", "possible", 0), ("v5", "against", -1)],
        ["r-beschluss", "r-agentur", "r-netz"],
    ),
    ("nein", "ja"): (
        "o-agentur",
        [("v5", "favoured", 1), ("v8", "favoured", 1), ("v6a-6c", "possible", 0)],
        ["r-politik", "r-agentur", "r-netz"],
    ),
    ("nein", "nein"): (
        "o-verwaltung",
        [("v5", "favoured", 1), ("v7", "favoured", 1), ("v8", "against", -1)],
        ["r-politik", "r-beschluss"],
    ),
}


def ranking(outcome: fc.Outcome) -> list[tuple[str, str, int]]:
    return [(r.model, r.category, r.score) for r in outcome.ranking]


def walk(*answers: str) -> FlowState:
    return fc.replay(FLOW, answers)


# -- every path ---------------------------------------------------------------------------------------------


def test_all_paths_lists_every_path_ending_at_an_outcome() -> None:
    paths = fc.all_paths(FLOW)
    seqs = {tuple(a.id for _, a in p[:-1]) for p in paths}
    assert seqs == set(EXPECTED)
    assert len(paths) == len(EXPECTED)
    for p in paths:
        assert p[0][0].id == FLOW.start
        assert p[-1][0].kind == "outcome" and p[-1][1] is None
        for (_n, a), (m, _) in pairwise(p):
            assert a is not None and a.next == m.id


@pytest.mark.parametrize("p", fc.all_paths(FLOW), ids=lambda p: "-".join(a.id for _, a in p[:-1]))
def test_walking_each_path_gives_the_expected_outcome(p) -> None:
    state = fc.start(FLOW)
    for n, a in p[:-1]:
        assert fc.current(FLOW, state) == n
        assert fc.evaluate(FLOW, state, MODEL_ORDER) is None  # not at an outcome yet
        state = fc.answer(FLOW, state, a.id)
    fc.check(FLOW, state)
    assert [(s.node, s.answer) for s in fc.path(FLOW, state)] == p
    outcome = fc.evaluate(FLOW, state, MODEL_ORDER)
    assert outcome is not None
    node_id, expected_ranking, recs = EXPECTED[tuple(a.id for _, a in p[:-1])]
    assert outcome.node.id == node_id
    assert ranking(outcome) == expected_ranking
    assert [r.id for r in outcome.recommendations] == recs
    assert len(set(recs)) == len(recs)
    assert outcome.favoured == tuple(m for m, c, _ in expected_ranking if c == "favoured")
    assert outcome.possible == tuple(m for m, c, _ in expected_ranking if c == "possible")
    assert outcome.against == tuple(m for m, c, _ in expected_ranking if c == "against")


def test_reasons_name_node_answer_and_text() -> None:
    outcome = fc.evaluate(FLOW, walk("ja", "nein"), MODEL_ORDER)
    v7 = outcome.model("v7")
    assert v7.category == "possible"  # one for, one against
    assert v7.reasons == (
        fc.Reason("favours", "Beschluss trägt eine Stelle in der Verwaltung", "q-beschluss", "ja"),
        fc.Reason("against", "nicht in der Verwaltung", "q-stelle", "nein"),
    )
    assert len(v7.favours) == 1 and len(v7.against) == 1
    assert outcome.model("v10") is None


def test_a_model_only_marked_possible_is_possible() -> None:
    outcome = fc.evaluate(FLOW, walk("nein", "ja"), MODEL_ORDER)
    r = outcome.model("v6a-6c")
    assert (r.category, r.score, [x.kind for x in r.reasons]) == ("possible", 0, ["possible"])


def test_ties_follow_the_given_model_order_else_first_mention() -> None:
    state = walk("nein", "nein")
    assert ranking(fc.evaluate(FLOW, state, MODEL_ORDER))[:2] == [("v5", "favoured", 1), ("v7", "favoured", 1)]
    reverse = tuple(reversed(MODEL_ORDER))
    assert ranking(fc.evaluate(FLOW, state, reverse))[:2] == [("v7", "favoured", 1), ("v5", "favoured", 1)]
    # without an order: first mention along the path (v5 at the first question, v7 at the second)
    assert [r.model for r in fc.evaluate(FLOW, state).ranking] == ["v5", "v7", "v8"]


def test_outcome_lists_the_sources_it_rests_on() -> None:
    outcome = fc.evaluate(FLOW, walk("ja", "nein"))
    assert outcome.sources == ("Kapitel 5.1", "Tabelle 5.1", "Kapitel 3", "Kapitel 3.3")
    assert [s.node.id for s in outcome.path] == ["q-beschluss", "q-stelle", "o-agentur"]


def test_unknown_recommendation_is_a_clear_error() -> None:
    broken = make_flowchart(nodes={**NODES,
                                   "o-agentur": NODES["o-agentur"]._replace(recommendations=("r-fehlt",))})
    with pytest.raises(FlowError, match="r-fehlt"):
        fc.evaluate(broken, fc.replay(broken, ["ja", "nein"]))


# -- navigation ---------------------------------------------------------------------------------------------


def test_start_and_empty_state() -> None:
    s = fc.start(FLOW)
    assert (len(s.steps), s.cursor, s.steps[0].node, s.steps[0].answer) == (1, 0, "q-beschluss", None)
    empty = FlowState()
    assert fc.current(FLOW, empty).id == "q-beschluss"
    assert fc.answer(FLOW, empty, "ja") == walk("ja")
    assert not fc.can_back(empty) and not fc.can_forward(empty)


def test_back_restores_the_previous_step_and_forward_redoes() -> None:
    before = walk("ja")
    after = fc.answer(FLOW, before, "nein")
    back = fc.back(after)
    assert fc.current(FLOW, back) == fc.current(FLOW, before)
    assert [s.node.id for s in fc.path(FLOW, back)] == [s.node.id for s in fc.path(FLOW, before)]
    assert fc.path(FLOW, back)[:-1] == fc.path(FLOW, before)[:-1]
    assert fc.current_step(FLOW, back).answer.id == "nein"  # the recorded answer is still shown
    assert fc.evaluate(FLOW, back) is None
    assert fc.can_forward(back)
    assert fc.forward(back) == after


def test_back_and_forward_at_the_ends_are_no_ops() -> None:
    s = fc.start(FLOW)
    assert not fc.can_back(s) and fc.back(s) == s
    end = walk("nein", "ja")
    assert not fc.can_forward(end) and fc.forward(end) == end


def test_functions_never_mutate_their_input() -> None:
    s = fc.set_note(walk("ja", "ja"), "Notiz")
    s = fc.back(s)
    frozen = copy.deepcopy(s)
    for result in (
        fc.back(s), fc.forward(s), fc.jump(s, 0), fc.set_note(s, "neu"), fc.answer(FLOW, s, "nein"),
        fc.answer(FLOW, s, "ja"),
    ):
        assert result is not s
    fc.path(FLOW, s)
    fc.evaluate(FLOW, s)
    assert s == frozen


def test_same_answer_after_back_keeps_later_steps() -> None:
    end = fc.set_note(walk("ja", "ja", "ja"), "am Ende")
    b = fc.back(fc.back(end))
    again = fc.answer(FLOW, b, "ja")
    assert again.steps == end.steps and again.cursor == 2
    assert fc.forward(again) == end


def test_changing_an_answer_drops_later_steps() -> None:
    end = fc.set_note(walk("ja", "ja", "ja"), "am Ende")
    b = fc.back(fc.back(end))
    changed = fc.answer(FLOW, b, "nein")
    assert [(s.node, s.answer) for s in changed.steps] == [
        ("q-beschluss", "ja"), ("q-stelle", "nein"), ("o-agentur", None),
    ]
    assert changed.cursor == 2 and not fc.can_forward(changed)
    assert all(s.note == "" for s in changed.steps)
    fc.check(FLOW, changed)


def test_notes_are_kept_per_step() -> None:
    s = fc.set_note(fc.start(FLOW), "Zum Beschluss")
    s = fc.answer(FLOW, s, "ja")
    s = fc.set_note(s, "Zur Stelle")
    s = fc.answer(FLOW, s, "ja")
    assert [p.note for p in fc.path(FLOW, s)] == ["Zum Beschluss", "Zur Stelle", ""]
    b = fc.back(s)
    assert fc.current_step(FLOW, b).note == "Zur Stelle"
    assert fc.current_step(FLOW, fc.back(b)).note == "Zum Beschluss"
    # changing the answer of a step keeps that step's note but drops the later ones
    changed = fc.answer(FLOW, fc.back(fc.back(s)), "nein")
    assert [p.note for p in fc.path(FLOW, changed)] == ["Zum Beschluss", ""]


def test_note_is_cleaned_of_control_characters() -> None:
    s = fc.set_note(fc.start(FLOW), "rot\x1b[31m\x07 Zeile 1\r\nZeile 2")
    assert s.steps[0].note == "rot[31m Zeile 1\nZeile 2"


def test_set_note_on_an_unstarted_walk_is_an_error() -> None:
    with pytest.raises(FlowError):
        fc.set_note(FlowState(), "x")


def test_jump_to_any_recorded_step() -> None:
    end = walk("ja", "ja", "nein")
    first = fc.jump(end, 0)
    assert first.cursor == 0 and first.steps == end.steps
    assert [p.node.id for p in fc.path(FLOW, first)] == ["q-beschluss"]
    assert fc.jump(first, 3) == end
    for bad in (-1, 4, 99):
        with pytest.raises(FlowError, match="gibt es in diesem Weg nicht"):
            fc.jump(end, bad)


def test_restart_starts_over() -> None:
    assert fc.restart(FLOW) == fc.start(FLOW)
    assert Navigator(FLOW).restart() == FlowState(steps=[FlowStep("q-beschluss")], cursor=0)


def test_invalid_ids_raise_clear_errors() -> None:
    with pytest.raises(FlowError, match="Unbekannte Antwort 'vielleicht'") as info:
        fc.answer(FLOW, fc.start(FLOW), "vielleicht")
    assert "Beschluss" in info.value.message
    with pytest.raises(FlowError, match="ist ein Ergebnis"):
        fc.answer(FLOW, walk("nein", "ja"), "ja")
    with pytest.raises(FlowError, match="Unbekannter Schritt"):
        fc.path(FLOW, FlowState(steps=[FlowStep("gibt-es-nicht")]))
    with pytest.raises(FlowError):
        fc.start(make_flowchart(start="fehlt"))


# -- session state from outside: check and repair -----------------------------------------------------------


def test_check_rejects_inconsistent_states() -> None:
    bad = [
        FlowState(steps=[FlowStep("q-stelle")]),  # not the start
        FlowState(steps=[FlowStep("q-beschluss", "ja"), FlowStep("q-partner")], cursor=1),  # wrong successor
        FlowState(steps=[FlowStep("q-beschluss"), FlowStep("q-stelle")], cursor=0),  # gap
        FlowState(steps=[FlowStep("q-beschluss", "ja")]),  # answered, no next step
        FlowState(steps=[FlowStep("q-beschluss")], cursor=3),
        FlowState(steps=[FlowStep("q-beschluss", "egal"), FlowStep("q-stelle")]),
    ]
    for state in bad:
        with pytest.raises(FlowError):
            fc.check(FLOW, state)
        repaired = fc.repair(FLOW, state)
        fc.check(FLOW, repaired)


def test_repair_keeps_the_valid_prefix_and_its_notes() -> None:
    state = FlowState(
        steps=[FlowStep("q-beschluss", "ja", "n1"), FlowStep("q-stelle", "ja", "n2"), FlowStep("alt", None, "n3")],
        cursor=2,
    )
    repaired = fc.repair(FLOW, state)
    assert repaired.steps == [
        FlowStep("q-beschluss", "ja", "n1"), FlowStep("q-stelle", "ja", "n2"), FlowStep("q-partner"),
    ]
    assert repaired.cursor == 2
    assert fc.repair(FLOW, FlowState()) == fc.start(FLOW)
    valid = walk("ja", "nein")
    assert fc.repair(FLOW, valid) == valid


# -- random walks keep the invariants ------------------------------------------------------------------------

operations = st.lists(
    st.one_of(
        st.tuples(st.just("answer"), st.integers(0, 1)),
        st.tuples(st.just("back"), st.none()),
        st.tuples(st.just("forward"), st.none()),
        st.tuples(st.just("jump"), st.integers(0, 3)),
        st.tuples(st.just("note"), st.text(max_size=5)),
    ),
    max_size=25,
)


@settings(max_examples=200)
@given(operations)
def test_any_sequence_of_operations_keeps_a_consistent_state(ops) -> None:
    state = fc.start(FLOW)
    for op, arg in ops:
        node = fc.current(FLOW, state)
        if op == "answer" and node.kind == "question":
            state = fc.answer(FLOW, state, node.answers[arg].id)
            assert fc.current(FLOW, state).id == node.answers[arg].next
        elif op == "back":
            state = fc.back(state)
        elif op == "forward":
            state = fc.forward(state)
        elif op == "jump" and arg < len(state.steps):
            state = fc.jump(state, arg)
        elif op == "note":
            state = fc.set_note(state, arg)
        fc.check(FLOW, state)
        assert (fc.evaluate(FLOW, state) is None) == (fc.current(FLOW, state).kind == "question")
        if fc.can_back(state):
            assert fc.forward(fc.back(state)) == state


# -- recording ----------------------------------------------------------------------------------------------


def test_record_outcome_with_injected_time_round_trips_through_a_session() -> None:
    outcome = fc.evaluate(FLOW, walk("ja", "ja", "nein"), MODEL_ORDER)
    rec = fc.record(outcome, recorded_at="2026-03-01T10:00:00+01:00")
    assert (rec.outcome, rec.favoured, rec.possible, rec.against, rec.recorded_at) == (
        "o-verwaltung", ["v7", "v7a"], [], ["v8", "v5"], "2026-03-01T10:00:00+01:00",
    )
    session = Session(outcome=rec, flowchart=walk("ja", "ja", "nein"))
    loaded = Session.from_dict(session.to_dict())
    assert loaded.outcome == rec and loaded.flowchart == session.flowchart
    assert fc.record(outcome).recorded_at  # defaults to now


# -- graph helpers ------------------------------------------------------------------------------------------


def test_reachable_and_no_cycle_in_the_fixture() -> None:
    assert fc.reachable(FLOW) == set(NODES)
    assert fc.find_cycle(FLOW) is None
    assert fc.problems(FLOW, MODEL_ORDER) == []


def _with_answer(node_id: str, index: int, **changes) -> dict:
    n = NODES[node_id]
    answers = list(n.answers)
    answers[index] = answers[index]._replace(**changes)
    return {**NODES, node_id: n._replace(answers=tuple(answers))}


def test_find_cycle_and_all_paths_refuses_cycles() -> None:
    cyclic = make_flowchart(nodes=_with_answer("q-partner", 1, next="q-beschluss"))
    cycle = fc.find_cycle(cyclic)
    assert cycle is not None and cycle[0] == cycle[-1]
    assert set(cycle) >= {"q-beschluss", "q-partner"}
    with pytest.raises(FlowError, match="Kreis"):
        fc.all_paths(cyclic)
    assert any("Kreis" in p for p in fc.problems(cyclic))
    assert "o-verwaltung" not in fc.reachable(cyclic)
    assert any("'o-verwaltung' ist vom Start aus nicht erreichbar" in p for p in fc.problems(cyclic))


def test_problems_name_dangling_links_unknown_models_and_recommendations() -> None:
    nodes = _with_answer("q-stelle", 0, next="fehlt", effects=(Effect("v99", "favours", "x"),),
                         recommendations=("r-fehlt",))
    nodes["q-leer"] = NODES["q-partner"]._replace(id="q-leer", answers=())
    nodes["o-mit"] = NODES["o-agentur"]._replace(id="o-mit",
                                         answers=(Answer(id="x", label="x", next="o-agentur"),))
    broken = make_flowchart(nodes=nodes)
    found = "\n".join(fc.problems(broken, MODEL_ORDER))
    for expected in ("Ziel 'fehlt' gibt es nicht", "unbekanntes Modell 'v99'", "unbekannte Empfehlung 'r-fehlt'",
                     "Frage 'q-leer' hat keine Antworten", "Ergebnis 'o-mit' darf keine Antworten haben",
                     "'q-leer' ist vom Start aus nicht erreichbar"):
        assert expected in found
    with pytest.raises(FlowError, match="Unbekannter Schritt"):
        fc.all_paths(broken)
    assert "Startknoten" in fc.problems(make_flowchart(start="weg"))[0]


def test_navigator_binds_flowchart_and_model_order() -> None:
    nav = Navigator(FLOW, tuple(reversed(MODEL_ORDER)))
    s = nav.start()
    for a in ("nein", "nein"):
        s = nav.answer(s, a)
    assert nav.current(s).id == "o-verwaltung"
    assert [r.model for r in nav.evaluate(s).ranking][:2] == ["v7", "v5"]
    b = nav.back(s)
    assert nav.can_forward(b) and nav.forward(b) == s and nav.can_back(b)
    assert nav.jump(s, 0).cursor == 0
    assert nav.set_note(s, "x").steps[-1].note == "x"
    assert [p.node.id for p in nav.path(s)] == ["q-beschluss", "q-partner", "o-verwaltung"]
    assert nav.repair(s) == s and nav.current_step(s).answer is None
