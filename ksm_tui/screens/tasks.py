"""F5 Aufgaben: the KSM's self-assessment of working time per task today (IST) and in future (SOLL).

Chapter 4.1 of the guide, Tabellen 4.2 ("innerhalb der Verwaltung") and 4.3 ("nach außen"). The screen
coordinates: the core lays out the rows, parses the input, sums and balances; the widgets render; every change
goes through ``workspace.edit`` (autosaved) and is undoable with Strg+Z.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Resize

from ksm_tui.core.chart import group_chart
from ksm_tui.core.session import Session, TaskEntry
from ksm_tui.core.tasks import PercentError, Row, TableView, compute_sums, layout, parse_percent
from ksm_tui.screens.base import SectionScreen
from ksm_tui.widgets.task_grid import TaskGrid
from ksm_tui.widgets.task_panels import DetailPanel, NotePrompt, TaskChart, TotalBar

UNDO_LIMIT = 200


def _set_entry(session: Session, task_id: str, entry: TaskEntry) -> None:
    if entry.is_empty():
        session.tasks.pop(task_id, None)
    else:
        session.tasks[task_id] = TaskEntry(entry.ist, entry.soll, entry.note)


_EDIT_TIP = "Zelle bearbeiten (oder gleich eine Ziffer tippen); Enter übernimmt, Esc bricht ab"


class TaskTableScreen(SectionScreen):
    MODE = "aufgaben"
    HELP_TITLE = "Aufgaben – IST und SOLL (Tabellen 4.2 und 4.3)"
    CSS_PATH = "tasks.tcss"
    AUTO_FOCUS = "#task-grid"

    BINDINGS = [
        Binding("enter", "edit", "Bearbeiten", id="edit", tooltip=_EDIT_TIP),
        Binding("enter", "commit_edit", "Übernehmen", tooltip=_EDIT_TIP),
        Binding("escape", "cancel_edit", "Abbrechen", tooltip="Eingabe verwerfen (alter Wert bleibt)"),
        Binding("delete", "clear", "Leeren", show=False, tooltip="Wert der Zelle löschen (Entf oder Rücktaste)"),
        Binding("backspace", "clear", "Leeren", show=False, tooltip="Wert der Zelle löschen (Entf oder Rücktaste)"),
        Binding("ctrl+z", "undo", "Rückgängig", tooltip="Letzte Änderung zurücknehmen (auch mehrfach)"),
        Binding("n", "note", "Notiz", tooltip="Notiz zur Zeile schreiben, z. B. „nur im Winter“"),
        Binding("k", "county", "Landkreis", show=False,
                tooltip="Landkreis-Zeilen ein-/ausblenden (Gemeinde: grau, zählen nicht)"),
        Binding("g", "chart", "Diagramm", tooltip="Balkendiagramm IST/SOLL je Gruppe ein-/ausschalten"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._session_id: str | None = None
        self._show_county = False
        self._chart_visible = False
        self._undo: list[tuple[str, TaskEntry]] = []
        self._rows: dict[str, Row] = {}

    def compose_body(self) -> ComposeResult:
        with Vertical(id="tasks-body"):
            yield TaskGrid(id="task-grid")
            yield TaskChart(id="task-chart")
            yield DetailPanel(id="task-detail")
            yield TotalBar(id="task-total")

    @property
    def grid(self) -> TaskGrid:
        return self.query_one(TaskGrid)

    # -- drawing ---------------------------------------------------------------------------------------------

    def session_changed(self, session: Session | None) -> None:
        if session is None:
            return
        if session.id != self._session_id:
            self._session_id = session.id
            self._undo.clear()
            self._show_county = False
        self._redraw(session)

    def _tables(self, session: Session) -> tuple[TableView, ...]:
        include_hidden = self._show_county and not session.is_county
        return layout(self.guide, session.kommune_type, session.tasks, include_hidden=include_hidden)

    def _redraw(self, session: Session) -> None:
        tables = self._tables(session)
        sums = compute_sums(self.guide, session.kommune_type, session.tasks)
        self._rows = {r.task.id: r for t in tables for g in t.groups for r in g.rows}
        self.grid.update_view(tables, sums)
        self.query_one(TotalBar).show(sums)
        self._show_detail()
        if self._chart_visible:
            self._draw_chart(session)
        self.refresh_bindings()

    def _draw_chart(self, session: Session) -> None:
        chart = self.query_one(TaskChart)
        chart.show(group_chart(self.guide, session.kommune_type, session.tasks, chart.bar_width))

    def _draw_chart_if_open(self) -> None:
        """Draw the chart for the session open by then (run after a refresh)."""
        if self.session is not None:
            self._draw_chart(self.session)

    def on_mount(self) -> None:
        # (SectionScreen.on_mount runs too: Textual calls on_mount along the class hierarchy.)
        # The detail panel follows the cursor synchronously, so a key costs one frame, not two.
        self.watch(self.grid, "current_task", lambda _task: self._show_detail(), init=False)

    def _show_detail(self) -> None:
        task = self.grid.cursor_task
        self.query_one(DetailPanel).show(self._rows.get(task) if task else None)


    def on_resize(self, event: Resize) -> None:
        if self._chart_visible and self.session is not None:
            self.call_after_refresh(self._draw_chart_if_open)

    def on_screen_resume(self) -> None:
        if self.session is not None:
            self._redraw(self.session)

    # -- changing values -------------------------------------------------------------------------------------

    @on(TaskGrid.CellEdited)
    def _cell_edited(self, event: TaskGrid.CellEdited) -> None:
        try:
            value = parse_percent(event.text)
        except PercentError as exc:
            self.notify(exc.message, title="Wert nicht übernommen", severity="warning", markup=False)
            return
        if self.session is not None:
            entry = self.session.task(event.task_id)
            new = replace(entry, ist=value) if event.field == "ist" else replace(entry, soll=value)
            self._change(event.task_id, new)

    def _change(self, task_id: str, new: TaskEntry) -> None:
        """Store ``new`` for the task (via the workspace) and remember the old entry for undo."""
        session = self.session
        if session is None:
            return
        old = session.task(task_id)
        if new == old:
            return
        self._undo.append((task_id, replace(old)))
        del self._undo[:-UNDO_LIMIT]
        if not self.workspace.edit(lambda s: _set_entry(s, task_id, new)):
            self._undo.pop()

    # Keys applied here, not via the CellEdited message: one frame shows the closed cell and the new sums.

    def action_edit(self) -> None:
        grid = self.grid
        if grid.editing:
            self._apply_edit(grid.commit_edit(post=False))
        elif not self._chart_visible:
            grid.start_edit()

    def action_commit_edit(self) -> None:
        self._apply_edit(self.grid.commit_edit(post=False))

    def _apply_edit(self, edit: TaskGrid.CellEdited | None) -> None:
        if edit is not None:
            self._cell_edited(edit)
        # All repaints requested together (cell, row, sums, total, footer): Textual draws them in one frame.
        self.grid.refresh_cursor_row()
        self.refresh_bindings()

    def action_cancel_edit(self) -> None:
        self.grid.cancel_edit()

    def action_clear(self) -> None:
        self._apply_edit(self.grid.clear_cell(post=False))

    def action_undo(self) -> None:
        grid = self.grid
        if grid.editing:
            grid.cancel_edit()
            return
        if not self._undo:
            self.notify("Nichts mehr rückgängig zu machen.", markup=False)
            return
        task_id, entry = self._undo.pop()
        if self.workspace.edit(lambda s: _set_entry(s, task_id, entry)):
            grid.move_to(task_id)
        else:
            self._undo.append((task_id, entry))

    def action_note(self) -> None:
        task_id = self.grid.cursor_task
        row = self._rows.get(task_id) if task_id else None
        if row is None:
            return
        label = row.task.label if len(row.task.label) <= 50 else row.task.label[:49] + "…"

        def done(note: str | None) -> None:
            if note is not None and self.session is not None:
                self._change(row.task.id, replace(self.session.task(row.task.id), note=note))

        self.app.push_screen(
            NotePrompt(f"Notiz: {label}", row.note, hint="Enter speichert (leer = Notiz löschen), Esc bricht ab."),
            done,
        )

    def action_county(self) -> None:
        session = self.session
        if session is None or session.is_county:
            return
        self._show_county = not self._show_county
        self._redraw(session)
        if self._show_county:
            msg = "Landkreis-Zeilen eingeblendet: grau und mit ⊘ markiert – sie zählen für eine Gemeinde nicht."
        else:
            msg = "Landkreis-Zeilen ausgeblendet."
        self.notify(msg, markup=False)

    def action_chart(self) -> None:
        self.grid.cancel_edit()
        self._chart_visible = not self._chart_visible
        self.set_class(self._chart_visible, "-chart")
        if self._chart_visible:
            chart = self.query_one(TaskChart)
            chart.focus()
            self.call_after_refresh(self._draw_chart_if_open)
        else:
            self.grid.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        editing = self.is_mounted and self.grid.editing
        if action in ("cancel_edit", "commit_edit"):
            return editing
        if action in ("edit", "note", "county", "chart") and editing:
            return False  # while a cell is edited, Enter commits and letters go into the cell
        if action == "county":
            session = self.session
            return None if session is None or session.is_county else True
        if action in ("edit", "clear", "note") and self._chart_visible:
            return None
        return True
