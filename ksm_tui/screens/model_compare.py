"""Two models side by side (stacked when narrow): description, advantages, disadvantages, assessment and note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ksm_tui.core.catalogue import ModelMarks
from ksm_tui.core.content import Model
from ksm_tui.widgets.footer import KeyFooter
from ksm_tui.widgets.model_detail import (
    DetailContext,
    assessment_content,
    bullet_list,
    context_lines,
    source_content,
    title_content,
)


class ComparePane(VerticalScroll, can_focus=True):
    def __init__(self, model: Model, marks: ModelMarks, ctx: DetailContext, *, id: str) -> None:
        super().__init__(id=id, classes="compare-pane")
        self.model = model
        self.marks = marks
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        m = self.model
        yield Static(title_content(m), classes="compare-title")
        yield Static(source_content(m))
        ctx_lines = context_lines(m, self.marks)
        if ctx_lines.plain:
            yield Static(ctx_lines)
        yield Static(Content(m.description))
        yield Static(assessment_content(self.marks, self.ctx, hint=False), classes="compare-assessment")
        yield Static(bullet_list("Vorteile", m.advantages))
        yield Static(bullet_list("Nachteile", m.disadvantages))


class CompareScreen(ModalScreen[None]):
    """Opened by the catalogue with two models; Esc closes it."""

    CSS_PATH = "model_compare.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("escape", "close", "Schließen"),
        Binding("c", "close", "Schließen", show=False),
        Binding("tab", "app.focus_next", "anderes Modell", tooltip="Zum anderen Modell wechseln (zum Blättern)"),
    ]

    def __init__(self, left: tuple[Model, ModelMarks], right: tuple[Model, ModelMarks], ctx: DetailContext) -> None:
        super().__init__()
        self.left = left
        self.right = right
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled(f"Vergleich: {self.left[0].number} und {self.right[0].number}", "bold"),
            id="compare-heading",
        )
        with Container(id="compare-body"):
            yield ComparePane(*self.left, self.ctx, id="compare-left")
            yield ComparePane(*self.right, self.ctx, id="compare-right")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#compare-left").focus()

    def action_close(self) -> None:
        self.dismiss(None)
