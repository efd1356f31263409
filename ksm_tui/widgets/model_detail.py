"""One model in full: description, advantages, disadvantages, the session's assessment, remarks, Steckbrief.

Guide text and ksm-tui's own remarks are kept apart: remarks sit in a framed block headed "Anmerkung ksm-tui".
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ksm_tui.core.catalogue import ModelMarks
from ksm_tui.core.content import CriterionRow, Model
from ksm_tui.widgets.hanging import Hanging
from ksm_tui.widgets.model_marks import (
    COMPARE_TAG,
    COUNTY_TAG,
    CURRENT_TAG,
    OUTCOME_LONG,
    assessment_label,
)

ASSESS_HINT = "f favorisiert · m möglich · v verworfen · o offen · n Notiz"


@dataclass(frozen=True)
class DetailContext:
    """What the detail needs to know about the session besides the model's marks."""

    session_open: bool
    read_only: bool = False


def bullet_list(title: str, items: tuple[str, ...]) -> Hanging:
    """A heading and its bullets; a bullet's wrapped lines start under its text, not under the bullet."""
    return Hanging([(None, heading(title)), *(("• ", Content(item)) for item in items)])


def heading(text: str) -> Content:
    return Content.styled(text, "bold underline")


def title_content(model: Model) -> Content:
    return Content.assemble(Content.styled(model.number, "bold"), " ", Content.styled(model.name, "bold"))


def context_lines(model: Model, marks: ModelMarks) -> Content:
    """Today's model, the flowchart outcome, county scope and comparison — each as a sentence with a symbol."""
    lines: list[Content] = []
    if marks.current:
        lines.append(Content.styled(f"{CURRENT_TAG}: In diesem Modell arbeitet das KSM heute.", "bold $accent"))
    if marks.outcome is not None:
        lines.append(Content(OUTCOME_LONG[marks.outcome]))
    if marks.county_only:
        text = f"{COUNTY_TAG}: Das Modell ist für Landkreise gedacht"
        text += " – diese Sitzung betrifft eine Gemeinde/Stadt." if marks.out_of_scope else "."
        lines.append(Content.styled(text, "italic"))
    if marks.compare:
        lines.append(Content(f"{COMPARE_TAG}: zum Vergleich vorgemerkt (c bei einem zweiten Modell)."))
    return Content("\n").join(lines)


def assessment_content(marks: ModelMarks, ctx: DetailContext, *, hint: bool = True) -> Content:
    if not ctx.session_open:
        return Content.assemble(
            heading("Bewertung"), "\n",
            Content.styled("Zum Bewerten zuerst eine Sitzung öffnen (F2 Sitzungen).", "italic"),
        )
    a = marks.assessment
    parts: list[Content | str] = [heading("Bewertung in dieser Sitzung"), "\n", assessment_label(a.status)]
    if a.note.strip():
        parts.extend(["\n", Content.styled("Notiz: ", "bold"), Content(a.note)])
    if ctx.read_only:
        parts.extend(["\n", Content.styled("nur lesen – die Datenbank ist schreibgeschützt", "$text-muted")])
    elif hint:
        parts.extend(["\n", Content.styled(ASSESS_HINT, "$text-muted")])
    return Content.assemble(*parts)


def criterion_rows(rows: tuple[CriterionRow, ...]) -> Content:
    out: list[Content] = []
    for row in rows:
        line = Content.assemble(Content.styled(row.label, "bold"), ": ", Content(row.value))
        if row.comment:
            line = Content.assemble(line, "\n  ", Content.styled(row.comment, "$text-muted"))
        out.append(line)
    return Content("\n").join(out)


def steckbrief_content(model: Model) -> Content:
    sb = model.steckbrief
    if sb is None:
        return Content.assemble(
            heading("Steckbrief"), "\n", Content.styled(model.steckbrief_missing, "italic")
        )
    empf = Content("\n").join(
        Content.assemble(Content.styled(f.label, "bold"), "\n  ", Content(f.text)) for f in sb.empfehlungen
    )
    return Content.assemble(
        heading(f"Steckbrief ({sb.source})"), "\n\n",
        Content.styled("Geeignete Ausgangslage für das Modell", "bold italic"), "\n",
        criterion_rows(sb.ausgangslage), "\n\n",
        Content.styled("Eigenschaften des Modells", "bold italic"), "\n",
        criterion_rows(sb.eigenschaften), "\n\n",
        Content.styled("Empfehlungen für die weitere Verstetigung von Klimaschutz", "bold italic"), "\n",
        empf,
    )


def remarks_content(model: Model) -> Content:
    return Content("\n\n").join(
        Content.assemble(Content.styled(f"{r.label} (Stand {r.as_of})", "bold"), "\n", Content(r.text))
        for r in model.remarks
    )


def source_content(model: Model) -> Content:
    text = f"Quelle: Leitfaden, {model.source}"
    if model.steckbrief is not None:
        text += f"; Steckbrief {model.steckbrief.source}"
    return Content.styled(text, "$text-muted italic")


class ModelDetail(VerticalScroll, can_focus=True):
    """Scrollable detail of one model. Call :meth:`show_model`; :meth:`show_marks` updates only the session part."""

    DEFAULT_CSS = """
    ModelDetail { padding: 0 1; }
    ModelDetail > Static { margin-bottom: 1; }
    ModelDetail > #detail-title { margin-bottom: 0; }
    ModelDetail > .remark {
        border-left: outer $warning; background: $warning 10%; padding: 0 1;
    }
    ModelDetail > #detail-assessment { border-left: outer $primary; padding: 0 1; }
    ModelDetail > .-empty { display: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model: Model | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title")
        yield Static(id="detail-source")
        yield Static(id="detail-context")
        yield Static(id="detail-description")
        yield Static(id="detail-assessment")
        yield Static(id="detail-advantages")
        yield Static(id="detail-disadvantages")
        yield Static(id="detail-remarks", classes="remark")
        yield Static(id="detail-steckbrief")

    def _set(self, name: str, content: Content | Hanging) -> None:
        widget = self.query_one(f"#detail-{name}", Static)
        widget.update(content)
        widget.set_class(not content.plain.strip(), "-empty")

    def show_model(self, model: Model, marks: ModelMarks, ctx: DetailContext) -> None:
        changed = self.model is None or self.model.id != model.id
        self.model = model
        self._set("title", title_content(model))
        self._set("source", source_content(model))
        self._set("description", Content(model.description))
        self._set("advantages", bullet_list("Vorteile", model.advantages))
        self._set("disadvantages", bullet_list("Nachteile", model.disadvantages))
        self._set("remarks", remarks_content(model))
        self._set("steckbrief", steckbrief_content(model))
        self.show_marks(marks, ctx)
        if changed:
            self.scroll_home(animate=False)

    def show_marks(self, marks: ModelMarks, ctx: DetailContext) -> None:
        self._set("context", context_lines(self.model, marks) if self.model else Content(""))
        self._set("assessment", assessment_content(marks, ctx))
