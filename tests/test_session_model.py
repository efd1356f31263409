"""Session model: JSON round trip, migration hook, validation errors that name the field; the demo session."""

from __future__ import annotations

import json

import pytest

from ksm_tui.core import session as session_mod
from ksm_tui.core.demo import DEMO_TITLE, demo_session
from ksm_tui.core.session import Session, SessionFormatError

NON_COUNTY_TASKS = (
    [f"pflicht-{i}" for i in range(1, 5)]
    + [f"management-{i}" for i in range(1, 9)]
    + [f"vernetzung-{i}" for i in range(1, 5)]
    + [f"extern-{i}" for i in range(1, 5)]
)


def test_demo_roundtrips_through_json() -> None:
    demo = demo_session()
    text = json.dumps(demo.to_dict(), ensure_ascii=False)
    again = Session.from_dict(json.loads(text))
    assert again == demo
    assert again.to_dict() == demo.to_dict()


def test_demo_is_complete_and_sums_to_100_percent() -> None:
    demo = demo_session()
    assert demo.title == DEMO_TITLE and demo.kommune == "Musterstadt" and demo.population == 48_000
    assert demo.kommune_type == "gemeinde" and demo.current_model == "v7"
    assert demo.funding_phase == "anschlussvorhaben" and demo.funding_end is not None and demo.date is not None
    assert [p.role for p in demo.participants] == ["KSM", "Amtsleitung", "Bürgermeisterin"]
    assert sorted(demo.tasks) == sorted(NON_COUNTY_TASKS)
    assert sum(e.ist for e in demo.tasks.values()) == 1000  # type: ignore[misc]
    assert sum(e.soll for e in demo.tasks.values()) == 1000  # type: ignore[misc]
    assert sum(1 for e in demo.tasks.values() if e.note) >= 3
    assert {m: a.status for m, a in demo.assessments.items()} == {
        "v8": "favorisiert",
        "v7": "moeglich",
        "v11": "verworfen",
    }
    assert all(a.note for a in demo.assessments.values())
    assert demo.flowchart.steps and demo.outcome is None  # path walked, outcome not recorded (tests/test_demo.py)
    assert "fiktiv" in demo.notes.lower() or "erfunden" in demo.notes


def test_percent_is_written_as_number_with_at_most_one_decimal() -> None:
    data = demo_session().to_dict()
    assert data["tasks"]["pflicht-1"] == {"ist": 2.5, "soll": 6, "note": data["tasks"]["pflicht-1"]["note"]}
    assert isinstance(data["tasks"]["extern-1"]["ist"], int)


@pytest.mark.parametrize(
    "patch, path",
    [
        ({"population": "viele"}, "population"),
        ({"population": 0}, "population"),
        ({"tasks": {"pflicht-1": {"ist": 101}}}, "tasks.pflicht-1.ist"),
        ({"tasks": {"pflicht-1": {"soll": 1.25}}}, "tasks.pflicht-1.soll"),
        ({"participants": [{"name": ["x"]}]}, "participants[0].name"),
        ({"participants": "Anna"}, "participants"),
        ({"kommune_type": "bezirk"}, "kommune_type"),
        ({"funding_end": "2026-13-01"}, "funding_end"),
        ({"assessments": {"v8": {"status": "super"}}}, "assessments.v8.status"),
        ({"flowchart": {"steps": [{"answer": "ja"}]}}, "flowchart.steps[0].node"),
    ],
)
def test_validation_errors_name_the_field(patch: dict[str, object], path: str) -> None:
    data = demo_session().to_dict()
    data.update(patch)
    with pytest.raises(SessionFormatError) as info:
        Session.from_dict(data)
    assert info.value.path == path
    assert info.value.message and "\n" not in info.value.message


def test_control_characters_are_stripped_on_import() -> None:
    s = Session.from_dict({"title": "Work\x1b[31mshop\x07", "notes": "Zeile 1\r\nZeile 2\x9b"})
    assert s.title == "Work[31mshop" and s.notes == "Zeile 1\nZeile 2"


def test_migration_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    old = {"schema_version": 1, "title": "alt", "ort": "Rathaus"}
    monkeypatch.setattr(session_mod, "SCHEMA_VERSION", 2)
    with pytest.raises(SessionFormatError) as info:
        Session.from_dict(old)
    assert info.value.path == "schema_version"

    def v1_to_v2(d: dict[str, object]) -> dict[str, object]:
        d["place"] = d.pop("ort")
        return d

    monkeypatch.setitem(session_mod.MIGRATIONS, 1, v1_to_v2)
    migrated = Session.from_dict(old)
    assert migrated.place == "Rathaus" and migrated.to_dict()["schema_version"] == 2
    assert old["ort"] == "Rathaus", "the input is not mutated"
    with pytest.raises(SessionFormatError, match="neuer"):
        Session.from_dict({"schema_version": 3})
