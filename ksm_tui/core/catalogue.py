"""The model catalogue's logic: which models match a search, and what a session says about each model.

Pure functions over the content and the session (no Textual); the catalogue screen and the command palette
use them, the widgets only render the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from ksm_tui.core.content import Content, Model, ModelGroup
from ksm_tui.core.session import Assessment, Session

OutcomeKind = str  # "favoured" | "possible" | "against"


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _compact(text: str) -> str:
    return "".join(text.casefold().split()).replace("–", "-")


def model_haystack(model: Model) -> str:
    """All searchable text of a model (number, name, description, advantages, disadvantages), folded."""
    return _fold(" ".join((model.number, model.name, model.description, *model.advantages, *model.disadvantages)))


def model_matches(model: Model, query: str) -> bool:
    """Does ``query`` find this model?

    An empty query matches everything. A query that looks like a model number ("v7", "V 7a", "6a") matches the
    numbers starting with it; otherwise every word of the query must occur in the model's text.
    """
    words = _fold(query).split()
    if not words:
        return True
    compact = _compact(query)
    number = _compact(model.number)
    if number.startswith(compact) or number.startswith("v" + compact):
        return True
    hay = model_haystack(model)
    return all(w in hay for w in words)


def group_matches(group: ModelGroup, query: str) -> bool:
    words = _fold(query).split()
    hay = _fold(" ".join((group.number, group.name, group.note)))
    return all(w in hay for w in words)


@dataclass(frozen=True)
class ModelMarks:
    """What the open session says about one model."""

    model: str
    assessment: Assessment
    current: bool  # the KSM sits in this model today (session.current_model)
    outcome: OutcomeKind | None  # the recorded flowchart outcome's category for this model
    county_only: bool  # the model is meant for a Landkreis
    out_of_scope: bool  # county-only model in a Gemeinde session
    compare: bool = False  # marked for comparison (set by the screen)

    @property
    def has_note(self) -> bool:
        return bool(self.assessment.note.strip())


def outcome_kind(session: Session | None, model_id: str) -> OutcomeKind | None:
    if session is None or session.outcome is None:
        return None
    out = session.outcome
    if model_id in out.favoured:
        return "favoured"
    if model_id in out.possible:
        return "possible"
    if model_id in out.against:
        return "against"
    return None


def model_marks(session: Session | None, model: Model) -> ModelMarks:
    return ModelMarks(
        model=model.id,
        assessment=session.assessment(model.id) if session is not None else Assessment(),
        current=session is not None and session.current_model == model.id,
        outcome=outcome_kind(session, model.id),
        county_only=model.county_only,
        out_of_scope=model.county_only and session is not None and not session.is_county,
    )


def catalogue_entries(
    content: Content,
    session: Session | None,
    *,
    query: str = "",
    hide_county: bool = False,
) -> tuple[list[tuple[Model, ModelMarks]], list[ModelGroup]]:
    """The models to list (in the guide's order) with their marks, and the group notes that match ``query``.

    ``hide_county`` drops the models meant for a Landkreis (scope "landkreis").
    """
    models: list[tuple[Model, ModelMarks]] = []
    for m in content.models:
        marks = model_marks(session, m)
        if hide_county and m.county_only:
            continue
        if model_matches(m, query):
            models.append((m, marks))
    groups = [g for g in content.model_groups if group_matches(g, query)]
    return models, groups
