"""The catalogue's core: search matching and what a session says about each model."""

from __future__ import annotations

from ksm_tui.core.catalogue import catalogue_entries, model_marks, model_matches
from ksm_tui.core.demo import demo_session
from ksm_tui.core.loader import load_content
from ksm_tui.core.session import RecordedOutcome

GUIDE = load_content()


def _ids(query: str, **kw) -> list[str]:
    models, _groups = catalogue_entries(GUIDE, None, query=query, **kw)
    return [m.id for m, _ in models]


def test_number_queries_match_number_prefixes():
    assert _ids("v7") == ["v7", "v7a", "v7b"]
    assert _ids("V 7a") == ["v7a"]
    assert _ids("6a") == ["v6a-6c"]
    assert _ids("V 6a–6c") == ["v6a-6c"]


def test_word_queries_search_name_description_advantages_disadvantages():
    assert _ids("stabsstelle") == ["v7b", "v8"]
    assert _ids("EEA") == ["v9"]  # only in V 9's advantages
    assert _ids("weisungsbefugnis") == ["v8"]  # V 8's disadvantages
    assert "v10" in _ids("eigenes fachamt") and "v8" not in _ids("eigenes fachamt")
    assert _ids("gibt es nicht") == []
    assert _ids("  ") == [m.id for m in GUIDE.models]


def test_group_note_matches_its_words_only():
    _m, groups = catalogue_entries(GUIDE, None, query="Kümmerer")
    assert [g.id for g in groups] == ["v1-v4"]
    _m, groups = catalogue_entries(GUIDE, None, query="Energieagentur")
    assert groups == []


def test_hide_county_drops_landkreis_models():
    assert "v7a" not in _ids("", hide_county=True)
    assert "v7a" in _ids("")


def test_marks_from_the_session():
    s = demo_session()
    s.outcome = RecordedOutcome(outcome="x", favoured=["v8"], possible=["v9"], against=["v11"])
    v7, v7a, v8 = GUIDE.model("v7"), GUIDE.model("v7a"), GUIDE.model("v8")
    assert model_marks(s, v7).current and model_marks(s, v7).assessment.status == "moeglich"
    assert model_marks(s, v8).outcome == "favoured" and model_marks(s, v8).has_note
    assert model_marks(s, GUIDE.model("v11")).outcome == "against"
    assert model_marks(s, v7a).out_of_scope  # Gemeinde session
    s.kommune_type = "landkreis"
    assert not model_marks(s, v7a).out_of_scope and model_marks(s, v7a).county_only
    none = model_marks(None, v7a)
    assert not none.out_of_scope and none.outcome is None and none.assessment.status == "offen"


def test_model_matches_is_case_and_space_insensitive():
    v8 = GUIDE.model("v8")
    assert model_matches(v8, "KLIMASCHUTZ   als")
    assert not model_matches(v8, "klimaschutz energieagentur")
