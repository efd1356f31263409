"""Small widgets around the task grid: the total line, the detail of the selected row, the bar chart, the note prompt.

They only render what the core computed (sums, balances, chart layout); user text is shown literally.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from ksm_tui.core.chart import Chart
from ksm_tui.core.tasks import Balance, Row, TaskSums, format_delta, format_percent
from ksm_tui.core.text import clean_line
from ksm_tui.widgets.dialogs import TextPrompt
from ksm_tui.widgets.task_grid import HIDDEN_MARK, NOTE_MARK, Columns, number_cell

BALANCE_SYMBOL = {"exact": "✓", "under": "▽", "over": "▲"}
BALANCE_STYLE = {"exact": "bold $success", "under": "bold $warning", "over": "bold $error"}


def balance_content(name: str, balance: Balance) -> Content:
    """``IST ✓ 100,0 % verteilt`` – symbol and words, colour only as an extra."""
    return Content.assemble(
        (f"{name} ", "bold"),
        Content.styled(f"{BALANCE_SYMBOL[balance.state]} {balance.text}", BALANCE_STYLE[balance.state]),
    )


class TotalBar(Static):
    """Two fixed lines under the grid: the grand total in the grid's columns and the balance against 100 %."""

    DEFAULT_CSS = """
    TotalBar { height: 2; background: $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._sums: TaskSums | None = None

    def show(self, sums: TaskSums) -> None:
        if sums == self._sums:
            return
        self._sums = sums
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        sums = self._sums
        if sums is None:
            return
        cols = Columns(max(self.size.width, 40))  # the grid's columns (it has no scrollbar)
        total = sums.total
        numbers = (
            number_cell(format_percent(total.ist, unit=False))
            + number_cell(format_percent(total.soll, unit=False))
            + number_cell(format_delta(total.delta))
        )
        first = Content.styled(" Gesamt (beide Tabellen)".ljust(cols.label) + numbers, "bold")
        second = Content.assemble(" ", balance_content("IST", sums.ist), "   ", balance_content("SOLL", sums.soll))
        self.update(Content.assemble(first, "\n", second), layout=False)  # fixed height: no re-layout


Part = tuple[str, bool]  # text, bold


def wrap_parts(parts: list[Part], width: int, max_lines: int) -> list[tuple[Part, ...]]:
    """Word-wrap styled text parts to ``width``; at most ``max_lines`` lines, the last cut with "…" if needed."""
    words: list[Part] = []  # words with their trailing spaces, each in its part's style
    for text, bold in parts:
        words += [(w, bold) for w in re.findall(r"\S+\s*|\s+", text)]
    lines: list[list[Part]] = [[]]
    used = 0
    for word, bold in words:
        while len(word.rstrip()) > width - used:
            if used and len(word.rstrip()) <= width:
                lines.append([])  # the word fits on a line of its own
                used = 0
                continue
            head, word = word[: width - used], word[width - used:]  # longer than a line: split it
            lines[-1].append((head, bold))
            lines.append([])
            used = 0
        if word:
            lines[-1].append((word, bold))
            used += len(word)
    if len(lines) > max_lines:
        rebuilt: list[Part] = []
        room = max(width - 1, 0)  # one cell for the "…"
        for t, bold in lines[max_lines - 1]:  # keep the styles of the parts that survive the cut
            if room <= 0:
                break
            rebuilt.append((t[:room], bold))
            room -= len(t[:room])
        while rebuilt and not rebuilt[-1][0].rstrip():
            rebuilt.pop()
        if rebuilt:
            rebuilt[-1] = (rebuilt[-1][0].rstrip(), rebuilt[-1][1])
        rebuilt.append(("…", rebuilt[-1][1] if rebuilt else False))
        lines = lines[: max_lines - 1] + [rebuilt]
    return [tuple((t.rstrip() if i == len(line) - 1 else t, b) for i, (t, b) in enumerate(line)) for line in lines]


class DetailPanel(Widget):
    """The selected row in full: label (up to three lines), note and source (the grid truncates long labels).

    Drawn line by line and repainted only where a line changed: it follows every cursor move, so over SSH each
    unchanged line (often the note/source line within a group) is bytes saved. User text (the note) is plain
    segment text: never parsed as markup.
    """

    DEFAULT_CSS = """
    DetailPanel { height: 4; background: $boost; }
    """
    LABEL_LINES = 3

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._row: Row | None = None
        self._lines: list[tuple[tuple[str, bool], ...]] = []  # per screen line: (text, bold) parts

    @property
    def text(self) -> str:
        """The panel's text, the label unwrapped: label, line break, note and source."""
        row = self._row
        if row is None:
            return ""
        return row.task.label + "\n" + "".join(text for text, _bold in self._meta(row))

    def show(self, row: Row | None) -> None:
        if row == self._row:
            return
        self._row = row
        self._relayout(repaint_all=False)

    def on_resize(self) -> None:
        self._relayout(repaint_all=True)

    def _relayout(self, *, repaint_all: bool) -> None:
        width = max(self.size.width - 2, 20)  # one column of space on either side (drawn in render_line)
        old, self._lines = self._lines, self._layout(self._row, width)
        if repaint_all or len(old) != len(self._lines):
            self.refresh()
            return
        for y, (before, after) in enumerate(zip(old, self._lines, strict=True)):  # same length: checked above
            if before != after:
                self.refresh(Region(0, y, self.size.width, 1))

    @staticmethod
    def _meta(row: Row) -> list[tuple[str, bool]]:
        parts: list[tuple[str, bool]] = []
        if row.note:
            parts += [(f"{NOTE_MARK} Notiz: ", True), (clean_line(row.note), False)]
        else:
            parts.append(("Keine Notiz (n: Notiz schreiben)", False))
        parts.append((f" · {row.table.source}, {row.group.label}", False))
        if not row.counts:
            parts.append((f" · {HIDDEN_MARK} zählt nur für einen Landkreis", True))
        return parts

    def _layout(self, row: Row | None, width: int) -> list[tuple[tuple[str, bool], ...]]:
        """Label (bold, up to LABEL_LINES lines), then note and source in the lines left; cut with "…"."""
        if row is None:
            return []
        height = max(self.size.height, 2)
        label = wrap_parts([(row.task.label, True)], width, min(self.LABEL_LINES, height - 1))
        return label + wrap_parts(self._meta(row), width, height - len(label))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y >= len(self._lines):
            return Strip.blank(width, base)
        bold = base + Style(bold=True)
        segments = [Segment(text, bold if strong else base) for text, strong in self._lines[y] if text]
        # The space on the left is part of the first segment and the padding on the right is in the last one's
        # style (bold spaces look like any other): fewer style codes per line than CSS padding would cost.
        if segments:
            segments[0] = Segment(" " + segments[0].text, segments[0].style)
        fill = segments[-1].style if segments else base
        return Strip(segments).adjust_cell_length(width, fill).simplify()


class TaskChart(VerticalScroll, can_focus=True):
    """IST against SOLL per group as horizontal bars of two different block patterns, with values and legend."""

    DEFAULT_CSS = """
    TaskChart { padding: 0 1; }
    TaskChart > Static { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._chart: Chart | None = None
        self._body = Static("", id="task-chart-body")

    def compose(self) -> ComposeResult:
        yield self._body

    @property
    def bar_width(self) -> int:
        return max(self.scrollable_content_region.width, 40)

    def show(self, chart: Chart) -> None:
        if chart == self._chart:
            return
        self._chart = chart
        parts: list[Content | str | tuple[str, str]] = [
            ("IST und SOLL je Aufgabengruppe (Summen in % der Arbeitszeit)", "bold"), "\n",
            Content(chart.legend), "\n",
        ]
        for g in chart.groups:
            parts.extend(["\n", (g.title, "bold"), Content(f"  ({g.source}, Δ {g.delta})"), "\n"])
            parts.extend(
                [Content.styled(g.ist.text, "$primary"), "\n", Content.styled(g.soll.text, "$secondary"), "\n"]
            )
        if not chart.groups:
            parts.append("Keine Aufgabengruppen.")
        self._body.update(Content.assemble(*parts))


class NotePrompt(TextPrompt):
    """Like TextPrompt, but an empty line is allowed: it removes the note."""

    BINDINGS = [Binding("escape", "cancel", "Abbrechen")]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()  # TextPrompt's own handler would refuse the empty line
        self.dismiss(clean_line(event.value))
