"""Symbols and labels for what a session says about a model (never colour alone: symbol + text)."""

from __future__ import annotations

from textual.content import Content

from ksm_tui.core.catalogue import ModelMarks
from ksm_tui.core.session import ASSESSMENTS

ASSESSMENT_SYMBOLS: dict[str, str] = {"favorisiert": "★", "moeglich": "✓", "verworfen": "✗", "offen": "·"}
ASSESSMENT_STYLES: dict[str, str] = {
    "favorisiert": "bold $success",
    "moeglich": "$primary",
    "verworfen": "$error",
    "offen": "$text-muted",
}
OUTCOME_TAGS: dict[str, tuple[str, str]] = {
    "favoured": ("▲ empfohlen", "$success"),
    "possible": ("△ denkbar", "$primary"),
    "against": ("▼ spricht dagegen", "$error"),
}
OUTCOME_LONG: dict[str, str] = {
    "favoured": "▲ Das Ergebnis des Flussdiagramms empfiehlt dieses Modell.",
    "possible": "△ Nach dem Ergebnis des Flussdiagramms ist dieses Modell denkbar.",
    "against": "▼ Nach dem Ergebnis des Flussdiagramms spricht einiges gegen dieses Modell.",
}
CURRENT_TAG = "● heute"
NOTE_TAG = "✎ Notiz"
COMPARE_TAG = "⇄ Vergleich"
COUNTY_TAG = "Landkreis"


# In the list the highlighted row has a coloured background, so list tags use text styles only.
LIST_STYLES: dict[str, str] = {"favorisiert": "bold", "moeglich": "", "verworfen": "", "offen": ""}


def assessment_label(status: str, *, colour: bool = True) -> Content:
    """``★ favorisiert`` etc.; the symbol and the word carry the meaning, colour only helps."""
    style = ASSESSMENT_STYLES[status] if colour else LIST_STYLES[status]
    return Content.styled(f"{ASSESSMENT_SYMBOLS[status]} {ASSESSMENTS[status]}", style)


def mark_tags(marks: ModelMarks, *, session_open: bool) -> list[Content]:
    """The short tags for a model's list line: assessment (unless open), note, today, outcome, county, compare."""
    tags: list[Content] = []
    status = marks.assessment.status
    if session_open and status != "offen":
        tags.append(assessment_label(status, colour=False))
    if marks.has_note:
        tags.append(Content(NOTE_TAG))
    if marks.current:
        tags.append(Content.styled(CURRENT_TAG, "bold"))
    if marks.outcome is not None:
        tags.append(Content.styled(OUTCOME_TAGS[marks.outcome][0], "bold"))
    if marks.county_only:
        tags.append(Content.styled(COUNTY_TAG, "italic"))
    if marks.compare:
        tags.append(Content.styled(COMPARE_TAG, "reverse"))
    return tags


def join_tags(tags: list[Content]) -> Content:
    return Content(" · ").join(tags)
