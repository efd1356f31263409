"""Small widgets around the task grid: the total line, the detail of the selected row, the bar chart, the note prompt.

They only render what the core computed (sums, balances, chart layout); user text is shown literally.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
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
        (f"{name} ", "bold"), Content.styled(f"{BALANCE_SYMBOL[balance.state]} {balance.text}", BALANCE_STYLE[balance.state])
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
        cols = Columns(max(self.size.width, 40) - 1)  # the grid's scrollbar column
        total = sums.total
        numbers = (
            number_cell(format_percent(total.ist, unit=False))
            + number_cell(format_percent(total.soll, unit=False))
            + number_cell(format_delta(total.delta))
        )
        first = Content.styled(" Gesamt (beide Tabellen)".ljust(cols.label) + numbers, "bold")
        second = Content.assemble(" ", balance_content("IST", sums.ist), "   ", balance_content("SOLL", sums.soll))
        self.update(Content.assemble(first, "\n", second), layout=False)  # fixed height: no re-layout


class DetailPanel(Static):
    """The selected row in full: label, note and source (the grid truncates long labels)."""

    DEFAULT_CSS = """
    DetailPanel { height: 4; background: $boost; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._row: Row | None = None

    def show(self, row: Row | None) -> None:
        if row == self._row:
            return
        self._row = row
        if row is None:
            self.update("", layout=False)
            return
        meta: list[Content | str | tuple[str, str]] = []
        if row.note:
            meta.extend([(f"{NOTE_MARK} Notiz: ", "bold"), Content(clean_line(row.note))])
        else:
            meta.append("Keine Notiz (n: Notiz schreiben)")  # same style as the source: one segment, fewer bytes
        meta.append(f" · {row.table.source}, {row.group.label}")
        if not row.counts:
            meta.append((f" · {HIDDEN_MARK} zählt nur für einen Landkreis", "bold"))
        self.update(Content.assemble(Content.styled(row.task.label, "bold"), "\n", Content.assemble(*meta)), layout=False)


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

    def compose(self):  # type: ignore[override]
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
            parts.extend([Content.styled(g.ist.text, "$primary"), "\n", Content.styled(g.soll.text, "$secondary"), "\n"])
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
