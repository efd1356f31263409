"""The demo session is consistent with the shipped content: valid ids, sums of 100 %, a valid flowchart path."""

from ksm_tui.core import flowchart as fc
from ksm_tui.core.demo import DEMO_TITLE, demo_session
from ksm_tui.core.loader import load_content
from ksm_tui.core.session import Session
from ksm_tui.core.tasks import compute_sums


def test_demo_uses_known_ids_and_sums_to_100():
    content = load_content()
    s = demo_session()
    assert s.title == DEMO_TITLE and s.title.startswith("Musterstadt")
    assert set(s.tasks) <= {t.id for t in content.tasks}
    assert all(content.has_model(m) for m in s.assessments)
    assert content.has_model(s.current_model)
    sums = compute_sums(content, s.kommune_type, s.tasks)
    assert sums.ist.ok and sums.soll.ok
    assert sums.ist.text == "100,0 % verteilt"


def test_demo_flowchart_path_reaches_an_outcome():
    content = load_content()
    s = demo_session()
    fc.check(content.flowchart, s.flowchart)
    outcome = fc.evaluate(content.flowchart, s.flowchart, model_order=tuple(m.id for m in content.models))
    assert outcome is not None
    assert "v8" in outcome.favoured
    assert [step.answer.id for step in fc.path(content.flowchart, s.flowchart) if step.answer] == [
        "teilweise",
        "haushalt",
        "rueckhalt",
    ]


def test_demo_round_trips_through_json():
    s = demo_session()
    assert Session.from_dict(s.to_dict()) == s
