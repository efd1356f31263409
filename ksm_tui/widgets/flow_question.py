"""One question of the flowchart: the question, its explanation with source, and the answers to choose from."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ksm_tui.core.content import FlowNode
from ksm_tui.widgets.hanging import Hanging


def source_line(source: str) -> Content:
    return Content.styled(f"Quelle: {source}", "italic") if source else Content("")


class AnswerList(OptionList):
    """The answers, numbered 1–9; the recorded one (after going back) is marked ``✓``."""

    DEFAULT_CSS = """
    AnswerList { height: auto; max-height: 12; border: round $panel-lighten-2; }
    AnswerList:focus { border: round $accent; }
    """


class QuestionView(Vertical):
    """Renders a question node. The screen handles the choice (``OptionList.OptionSelected`` on ``#answers``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.node: FlowNode | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="question-info"):
            yield Static(id="question-text")
            yield Static(id="question-explanation")
            yield Static(id="answer-explanation")
            yield Static(id="flow-note-full")
        answers = AnswerList(id="answers")
        answers.border_title = "Antworten"
        yield answers

    def show(
        self, node: FlowNode, number: int, recorded: str | None, note: str, source: str
    ) -> None:
        """Show ``node`` as step ``number``; ``recorded`` is the answer already given (after going back)."""
        same = self.node is not None and self.node.id == node.id
        self.node = node
        self.query_one("#question-text", Static).update(
            Content.assemble((f"Frage {number}: ", "bold"), Content.styled(node.text, "bold"))
        )
        parts: list[Content | str] = [Content(node.explanation)] if node.explanation else []
        if node.source:
            parts.extend(["\n", source_line(node.source)])
        self.query_one("#question-explanation", Static).update(Content.assemble(*parts))
        self.query_one("#flow-note-full", Static).update(
            Content.assemble(("Hinweis: ", "bold"), Content(note), " ", source_line(source))
        )
        answers = self.query_one(AnswerList)
        highlighted = answers.highlighted if same else None
        answers.clear_options()
        options = []
        for i, a in enumerate(node.answers):
            mark = "✓ " if a.id == recorded else "  "
            key = f"{i + 1} " if i < 9 else "  "
            label = Content(a.label)
            if a.id == recorded:
                label = Content.assemble(label.stylize("bold"), Content.styled("  (gewählt)", "italic"))
            # key and mark in a gutter, so a long answer wraps under its own text
            prompt = Hanging([(Content.styled(key + mark, "bold"), label)])
            options.append(Option(prompt, id=a.id))
        answers.add_options(options)
        answers.border_subtitle = (
            f"1–{min(len(node.answers), 9)} oder ↑↓ Enter" if node.answers else ""
        )
        if highlighted is None:
            index = next((i for i, a in enumerate(node.answers) if a.id == recorded), 0)
            highlighted = index if node.answers else None
        answers.highlighted = highlighted
        self.show_answer_explanation(highlighted)
        if not same:
            self.query_one("#question-info", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionHighlighted, "#answers")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_answer_explanation(event.option_index)

    def show_answer_explanation(self, index: int | None) -> None:
        target = self.query_one("#answer-explanation", Static)
        if self.node is None or index is None or not 0 <= index < len(self.node.answers):
            target.update("")
            return
        a = self.node.answers[index]
        if not a.explanation:
            target.update("")
            target.display = False
            return
        target.display = True
        parts: list[Content | str | tuple[str, str]] = [
            (f"Zu Antwort {index + 1}: ", "bold"), Content(a.explanation)
        ]
        if a.source:
            parts.extend([" ", source_line(a.source)])
        target.update(Content.assemble(*parts))
