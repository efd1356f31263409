"""A workshop session: metadata, task values, flowchart path, model assessments, notes.

Plain dataclasses with ``to_dict``/``from_dict`` (the documented JSON format, see docs/session-format.md).
Percentages are kept as whole *tenths* of a percent (``125`` = 12,5 %) so sums are exact.
All text is cleaned of control characters on the way in (:func:`ksm_tui.core.text.clean_text`).
"""

from __future__ import annotations

import builtins
import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ksm_tui.core.text import clean_line, clean_text

SCHEMA_VERSION = 1

FUNDING_PHASES: dict[str, str] = {
    "erstvorhaben": "Erstvorhaben",
    "anschlussvorhaben": "Anschlussvorhaben",
    "keine": "keine Förderung",
}

ASSESSMENTS: dict[str, str] = {
    "offen": "offen",
    "favorisiert": "favorisiert",
    "moeglich": "möglich",
    "verworfen": "verworfen",
}


class SessionFormatError(ValueError):
    """Invalid session data; ``path`` names the field (e.g. ``tasks.pf-1.ist``), the message is German."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


def now_iso() -> str:
    return _dt.datetime.now(_dt.UTC).astimezone().isoformat(timespec="seconds")


@dataclass
class Participant:
    name: str = ""
    role: str = ""


@dataclass
class TaskEntry:
    ist: int | None = None  # tenths of a percent
    soll: int | None = None
    note: str = ""

    def is_empty(self) -> bool:
        return self.ist is None and self.soll is None and not self.note


@dataclass
class FlowStep:
    node: str  # FlowNode.id
    answer: str | None = None  # Answer.id, None while unanswered
    note: str = ""


@dataclass
class FlowState:
    """The path through the flowchart. ``cursor`` indexes ``steps``; steps after it are kept for "forward"."""

    steps: list[FlowStep] = field(default_factory=list)
    cursor: int = 0


@dataclass
class RecordedOutcome:
    """The flowchart outcome as recorded in the session (the catalogue marks these models)."""

    outcome: str  # FlowNode.id of the outcome
    favoured: list[str] = field(default_factory=list)  # Model ids
    possible: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    recorded_at: str = ""


@dataclass
class Assessment:
    status: str = "offen"  # key of ASSESSMENTS
    note: str = ""


@dataclass
class Session:
    id: str = ""
    revision: int = 0
    title: str = ""
    kommune: str = ""
    kommune_type: str = "gemeinde"  # key of content.KOMMUNE_TYPES
    population: int | None = None
    date: _dt.date | None = None
    place: str = ""
    facilitator: str = ""
    participants: list[Participant] = field(default_factory=list)
    funding_phase: str | None = None  # key of FUNDING_PHASES
    funding_end: _dt.date | None = None
    current_model: str | None = None  # Model.id
    tasks: dict[str, TaskEntry] = field(default_factory=dict)
    flowchart: FlowState = field(default_factory=FlowState)
    outcome: RecordedOutcome | None = None
    assessments: dict[str, Assessment] = field(default_factory=dict)
    notes: str = ""
    created: str = ""
    updated: str = ""

    @property
    def is_county(self) -> bool:
        return self.kommune_type == "landkreis"

    def task(self, task_id: str) -> TaskEntry:
        return self.tasks.get(task_id) or TaskEntry()

    def assessment(self, model_id: str) -> Assessment:
        return self.assessments.get(model_id) or Assessment()

    def copy(self) -> Session:
        return Session.from_dict(self.to_dict())

    # -- serialisation -------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "revision": self.revision,
            "title": self.title,
            "kommune": self.kommune,
            "kommune_type": self.kommune_type,
            "population": self.population,
            "date": self.date.isoformat() if self.date else None,
            "place": self.place,
            "facilitator": self.facilitator,
            "participants": [{"name": p.name, "role": p.role} for p in self.participants],
            "funding_phase": self.funding_phase,
            "funding_end": self.funding_end.isoformat() if self.funding_end else None,
            "current_model": self.current_model,
            "tasks": {
                tid: {"ist": _tenths_out(e.ist), "soll": _tenths_out(e.soll), "note": e.note}
                for tid, e in sorted(self.tasks.items())
                if not e.is_empty()
            },
            "flowchart": {
                "cursor": self.flowchart.cursor,
                "steps": [{"node": s.node, "answer": s.answer, "note": s.note} for s in self.flowchart.steps],
            },
            "outcome": None
            if self.outcome is None
            else {
                "outcome": self.outcome.outcome,
                "favoured": list(self.outcome.favoured),
                "possible": list(self.outcome.possible),
                "against": list(self.outcome.against),
                "recorded_at": self.outcome.recorded_at,
            },
            "assessments": {
                mid: {"status": a.status, "note": a.note}
                for mid, a in sorted(self.assessments.items())
                if a.status != "offen" or a.note
            },
            "notes": self.notes,
            "created": self.created,
            "updated": self.updated,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Session:
        """Build a session from its JSON form; raise :class:`SessionFormatError` naming the field."""
        data = migrate(data)
        r = _Reader(data, "")
        s = cls(
            id=r.line("id"),
            revision=r.integer("revision", minimum=0) or 0,
            title=r.line("title"),
            kommune=r.line("kommune"),
            kommune_type=r.choice("kommune_type", ("gemeinde", "landkreis"), default="gemeinde"),
            population=r.integer("population", minimum=1),
            date=r.date("date"),
            place=r.line("place"),
            facilitator=r.line("facilitator"),
            funding_phase=r.optional_choice("funding_phase", tuple(FUNDING_PHASES)),
            funding_end=r.date("funding_end"),
            current_model=r.optional_line("current_model"),
            notes=r.text("notes"),
            created=r.line("created"),
            updated=r.line("updated"),
        )
        for i, item in enumerate(r.list("participants")):
            pr = _Reader(item, f"participants[{i}]")
            s.participants.append(Participant(name=pr.line("name"), role=pr.line("role")))
        for tid, item in r.mapping("tasks").items():
            tr = _Reader(item, f"tasks.{tid}")
            s.tasks[clean_line(tid)] = TaskEntry(ist=tr.tenths("ist"), soll=tr.tenths("soll"), note=tr.text("note"))
        fr = _Reader(r.mapping("flowchart"), "flowchart")
        for i, item in enumerate(fr.list("steps")):
            sr = _Reader(item, f"flowchart.steps[{i}]")
            node = sr.line("node")
            if not node:
                raise SessionFormatError(f"flowchart.steps[{i}].node", "Pflichtfeld fehlt")
            s.flowchart.steps.append(FlowStep(node=node, answer=sr.optional_line("answer"), note=sr.text("note")))
        cursor = fr.integer("cursor", minimum=0) or 0
        if s.flowchart.steps and cursor >= len(s.flowchart.steps):
            raise SessionFormatError("flowchart.cursor", "zeigt hinter den letzten Schritt")
        s.flowchart.cursor = cursor
        out = data.get("outcome")
        if out is not None:
            orr = _Reader(out, "outcome")
            s.outcome = RecordedOutcome(
                outcome=orr.line("outcome"),
                favoured=orr.str_list("favoured"),
                possible=orr.str_list("possible"),
                against=orr.str_list("against"),
                recorded_at=orr.line("recorded_at"),
            )
        for mid, item in r.mapping("assessments").items():
            ar = _Reader(item, f"assessments.{mid}")
            s.assessments[clean_line(mid)] = Assessment(
                status=ar.choice("status", tuple(ASSESSMENTS), default="offen"), note=ar.text("note")
            )
        return s


# Upgrade steps: MIGRATIONS[n] turns a version-n dict into a version-(n+1) dict (none needed yet).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def migrate(data: Any) -> dict[str, Any]:
    """Bring older schema versions up to :data:`SCHEMA_VERSION` via :data:`MIGRATIONS` (the store calls it on read)."""
    if not isinstance(data, dict):
        raise SessionFormatError("", "eine Sitzung muss ein JSON-Objekt sein")
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionFormatError("schema_version", "muss eine ganze Zahl sein")
    if version > SCHEMA_VERSION:
        raise SessionFormatError(
            "schema_version", f"Version {version} ist neuer als diese Programmversion ({SCHEMA_VERSION})"
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SessionFormatError("schema_version", f"unbekannte Version {version}")
        data = dict(step(dict(data)))
        version += 1
        data["schema_version"] = version
    return data


def _tenths_out(value: int | None) -> int | float | None:
    if value is None:
        return None
    return value // 10 if value % 10 == 0 else value / 10


class _Reader:
    """Typed access to one JSON object with German errors that name the field path."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise SessionFormatError(path, "muss ein JSON-Objekt sein")
        self.data = data
        self.path = path

    def _p(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _get(self, key: str) -> Any:
        return self.data.get(key)

    def text(self, key: str) -> str:
        v = self._get(key)
        if v is None:
            return ""
        if not isinstance(v, str):
            raise SessionFormatError(self._p(key), "muss Text sein")
        return clean_text(v)

    def line(self, key: str) -> str:
        v = self._get(key)
        if v is None:
            return ""
        if isinstance(v, (int, float)) and not isinstance(v, bool) and key == "id":
            v = str(v)
        if not isinstance(v, str):
            raise SessionFormatError(self._p(key), "muss Text sein")
        return clean_line(v)

    def optional_line(self, key: str) -> str | None:
        return self.line(key) or None

    def integer(self, key: str, *, minimum: int) -> int | None:
        v = self._get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int):
            raise SessionFormatError(self._p(key), "muss eine ganze Zahl sein")
        if v < minimum:
            raise SessionFormatError(self._p(key), f"muss mindestens {minimum} sein")
        return v

    def tenths(self, key: str) -> int | None:
        v = self._get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise SessionFormatError(self._p(key), "muss eine Zahl (Prozent) sein")
        t = round(v * 10)
        if abs(t - v * 10) > 1e-6:
            raise SessionFormatError(self._p(key), "höchstens eine Nachkommastelle erlaubt")
        if t < 0 or t > 1000:
            raise SessionFormatError(self._p(key), "muss zwischen 0 und 100 liegen")
        return t

    def choice(self, key: str, options: tuple[str, ...], *, default: str) -> str:
        v = self._get(key)
        if v is None:
            return default
        if v not in options:
            raise SessionFormatError(self._p(key), f"unbekannter Wert {v!r} (erlaubt: {', '.join(options)})")
        return v

    def optional_choice(self, key: str, options: tuple[str, ...]) -> str | None:
        v = self._get(key)
        if v is None:
            return None
        return self.choice(key, options, default="")

    def date(self, key: str) -> _dt.date | None:
        v = self._get(key)
        if v is None or v == "":
            return None
        if not isinstance(v, str):
            raise SessionFormatError(self._p(key), "muss ein Datum (JJJJ-MM-TT) sein")
        try:
            return _dt.date.fromisoformat(v)
        except ValueError:
            raise SessionFormatError(self._p(key), f"ungültiges Datum {v!r} (erwartet JJJJ-MM-TT)") from None

    def list(self, key: str) -> list[Any]:
        v = self._get(key)
        if v is None:
            return []
        if not isinstance(v, list):
            raise SessionFormatError(self._p(key), "muss eine Liste sein")
        return v

    # In this class body `list` is the method above, so annotations spell the builtin out.
    def str_list(self, key: str) -> builtins.list[str]:
        out = []
        for i, v in enumerate(self.list(key)):
            if not isinstance(v, str):
                raise SessionFormatError(f"{self._p(key)}[{i}]", "muss Text sein")
            out.append(clean_line(v))
        return out

    def mapping(self, key: str) -> dict[str, Any]:
        v = self._get(key)
        if v is None:
            return {}
        if not isinstance(v, dict):
            raise SessionFormatError(self._p(key), "muss ein JSON-Objekt sein")
        return v
