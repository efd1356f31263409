"""Small pieces of the flowchart navigator: the breadcrumb of the path and the note field.

They only render what the screen hands them (a path from the core); they compute nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static, TextArea

from ksm_tui.core.content import Answer
from ksm_tui.core.flowchart import PathStep

SHORT_ANSWER = 22  # characters of an answer label shown in the breadcrumb


def short_label(text: str, width: int = SHORT_ANSWER) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (answer labels in the breadcrumb and tree)."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def crumb_label(answer: Answer, siblings: Sequence[Answer]) -> str:
    """A short answer label for the breadcrumb: the part before " – " if no sibling starts the same way
    ("Ja – das Konzept …" → "Ja"), otherwise the label cut to :data:`SHORT_ANSWER` characters."""
    head = answer.label.split(" – ", 1)[0].strip()
    clash = any(a.id != answer.id and a.label.split(" – ", 1)[0].strip() == head for a in siblings)
    return short_label(answer.label if clash else head)


class Breadcrumb(Static):
    """The path at the top: ``1 Frage: Antwort › 2 Frage: Antwort › ▶ 3 Frage`` (later steps dimmed)."""

    DEFAULT_CSS = """
    Breadcrumb { height: auto; max-height: 3; padding: 0 1; background: $boost; }
    """

    def show_path(self, steps: Sequence[PathStep], cursor: int) -> None:
        """``steps``: every recorded step – those after ``cursor`` are kept for "forward"."""
        parts: list[Content | tuple[str, str] | str] = [("Weg: ", "bold")]
        for i, step in enumerate(steps):
            node, answer = step.node, step.answer
            if i:
                parts.append(" › ")
            number = f"{i + 1} "
            if i == cursor:
                parts.append((f"▶ {number}", "bold"))
                parts.append(Content.styled(node.title, "bold reverse"))
                if answer is not None:
                    parts.append(Content.styled(": " + crumb_label(answer, node.answers), "bold"))
            elif i < cursor:
                parts.append(number)
                parts.append(Content(node.title))
                if answer is not None:
                    parts.append(Content(": " + crumb_label(answer, node.answers)))
            else:
                parts.append(Content.styled(number + node.title, "dim"))
                if answer is not None:
                    parts.append(Content.styled(": " + crumb_label(answer, node.answers), "dim"))
        if cursor + 1 < len(steps):
            parts.append(Content.styled(f"  (] vor: {len(steps) - cursor - 1})", "dim italic"))
        self.update(Content.assemble(*parts))


class NoteArea(TextArea):
    """The group's note for one step. F6/F7 stay section keys (TextArea would select line/all with them)."""

    DEFAULT_CSS = """
    NoteArea { height: 5; border: round $panel-lighten-2; }
    NoteArea:focus { border: round $accent; }
    """
    BINDINGS = [
        Binding("f6", "app.section('fluss')", "Flussdiagramm", show=False),
        Binding("f7", "app.section('protokoll')", "Protokoll", show=False),
        Binding("escape", "screen.focus_main", "Notiz verlassen"),
    ]
