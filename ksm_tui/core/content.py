"""The guide's content as frozen, typed data.

Everything here comes from ``content/*.toml`` (see ``loader.py``). Every item has a stable ``id`` and a
``source`` (table or chapter of the guide). Text that ksm-tui adds itself is never mixed into the guide's
fields: it lives in :class:`Remark` objects (marked as "Anmerkung ksm-tui") or in the flowchart, which as a whole
is a reconstruction (:attr:`Flowchart.note`).

The records are ``NamedTuple``s (immutable, compared by value); only :class:`Content` is a frozen dataclass. Frozen
dataclasses cost ~0.5 ms each to define — 10 ms of every start for this module alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple

KommuneType = Literal["gemeinde", "landkreis"]
KOMMUNE_TYPES: dict[str, str] = {"gemeinde": "Gemeinde/Stadt", "landkreis": "Landkreis"}

ModelScope = Literal["beide", "landkreis"]
EffectKind = Literal["favours", "possible", "against"]
EFFECT_KINDS: tuple[str, ...] = ("favours", "possible", "against")
NodeKind = Literal["question", "outcome"]


class Remark(NamedTuple):
    """A remark added by ksm-tui, not the guide's text (e.g. where the guide of 2020 is dated)."""

    text: str
    as_of: str  # e.g. "2026-11"
    label: str = "Anmerkung ksm-tui"
    id: str = ""  # stable id from the content files (e.g. "v9-eea")


class GuideInfo(NamedTuple):
    title: str
    subtitle: str
    publisher: str
    date: str
    citation: str


class CriterionRow(NamedTuple):
    """One row of a Steckbrief table: label, value (Kriterium / Ergebnis) and comment."""

    label: str
    value: str
    comment: str


class RecommendationField(NamedTuple):
    """One field of the Steckbrief's "Empfehlungen für die weitere Verstetigung von Klimaschutz"."""

    label: str
    text: str


class Steckbrief(NamedTuple):
    source: str
    ausgangslage: tuple[CriterionRow, ...]  # "Geeignete Ausgangslage für das Modell" (6 criteria for V 7)
    eigenschaften: tuple[CriterionRow, ...]  # "Eigenschaften des Modells" (5 for V 7)
    empfehlungen: tuple[RecommendationField, ...]  # 8 fields for V 7


class Model(NamedTuple):
    id: str  # stable, e.g. "v7a", "v6a-6c"
    number: str  # as in the guide, e.g. "V 7a", "V 6a–6c"
    name: str
    description: str
    advantages: tuple[str, ...]
    disadvantages: tuple[str, ...]
    scope: ModelScope  # "landkreis": meant for a Landkreis; "beide": fits both
    source: str
    steckbrief: Steckbrief | None
    steckbrief_missing: str  # why there is no Steckbrief ("" when there is one)
    remarks: tuple[Remark, ...] = ()

    @property
    def county_only(self) -> bool:
        return self.scope == "landkreis"

    @property
    def title(self) -> str:
        return f"{self.number} {self.name}"


class ModelGroup(NamedTuple):
    """Models the guide names only as a group (V 1 – V 4, "ohne zentralen Kümmerer")."""

    id: str
    number: str
    name: str
    note: str
    source: str


class TaskTable(NamedTuple):
    id: str
    title: str
    source: str


class TaskGroup(NamedTuple):
    id: str
    table: str  # TaskTable.id
    label: str
    county_only: bool
    source: str


class Task(NamedTuple):
    id: str
    table: str  # TaskTable.id
    group: str  # TaskGroup.id
    label: str
    county_only: bool
    source: str
    remarks: tuple[Remark, ...] = ()


class Effect(NamedTuple):
    """What an answer says about a model: favours it, leaves it possible, or counts against it."""

    model: str  # Model.id
    kind: EffectKind
    reason: str


class Recommendation(NamedTuple):
    id: str
    text: str
    source: str


class Answer(NamedTuple):
    id: str
    label: str
    next: str  # FlowNode.id (a question or an outcome)
    effects: tuple[Effect, ...] = ()
    recommendations: tuple[str, ...] = ()  # Recommendation.id
    explanation: str = ""
    source: str = ""


class FlowNode(NamedTuple):
    id: str
    kind: NodeKind
    title: str  # short label for breadcrumb / overview
    text: str  # the question, or the outcome's summary
    explanation: str  # condensed in ksm-tui's own words, citing ``source``
    source: str
    answers: tuple[Answer, ...] = ()  # empty for an outcome
    recommendations: tuple[str, ...] = ()  # outcome: Recommendation ids that always apply

    def answer(self, answer_id: str) -> Answer:
        for a in self.answers:
            if a.id == answer_id:
                return a
        raise KeyError(answer_id)


class Flowchart(NamedTuple):
    title: str
    note: str  # "rekonstruiert aus dem Text von Kapitel 5 …"
    source: str
    start: str
    nodes: Mapping[str, FlowNode]
    recommendations: Mapping[str, Recommendation]


class ListItem(NamedTuple):
    """An entry of one of the guide's short lists (steps of 5.1, success factors, foundations, …)."""

    id: str
    title: str
    text: str
    source: str
    remarks: tuple[Remark, ...] = ()


@dataclass(frozen=True)
class Content:
    guide: GuideInfo
    models: tuple[Model, ...]
    model_groups: tuple[ModelGroup, ...]
    task_tables: tuple[TaskTable, ...]
    task_groups: tuple[TaskGroup, ...]
    tasks: tuple[Task, ...]
    flowchart: Flowchart
    steps: tuple[ListItem, ...]  # 5.1: six recommended steps
    success_factors: tuple[ListItem, ...]  # chapter 2
    foundations: tuple[ListItem, ...]  # chapter 1
    future_topics: tuple[ListItem, ...]  # 4.2: "Zukunftsthemen"
    remarks: tuple[Remark, ...] = ()  # general remarks (e.g. current funding rules)
    directory: Path | None = field(default=None, compare=False)

    def model(self, model_id: str) -> Model:
        for m in self.models:
            if m.id == model_id:
                return m
        raise KeyError(model_id)

    def has_model(self, model_id: str) -> bool:
        return any(m.id == model_id for m in self.models)

    def task(self, task_id: str) -> Task:
        for t in self.tasks:
            if t.id == task_id:
                return t
        raise KeyError(task_id)

    def groups_of(self, table_id: str) -> tuple[TaskGroup, ...]:
        return tuple(g for g in self.task_groups if g.table == table_id)

    def tasks_of(self, group_id: str) -> tuple[Task, ...]:
        return tuple(t for t in self.tasks if t.group == group_id)
