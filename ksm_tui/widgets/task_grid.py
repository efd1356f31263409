"""TaskGrid: the IST/SOLL task table as a Line-API widget with in-place editing.

Every visible line (table heading, group heading, task row, group sum, table sum) is a small frozen
:class:`Line`. When the session changes the grid rebuilds this list (cheap) and compares it with the previous
one: only lines that differ are repainted. Moving the cursor repaints two lines, typing into a cell one. Over SSH
that means a keystroke costs a few dozen bytes instead of a redrawn table (see ``benchmarks/task_table.py``).

The grid renders and edits; it never parses or sums. A committed cell is posted as :class:`TaskGrid.CellEdited`
with the raw text; the screen asks the core to parse it and changes the session through the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ksm_tui.core.tasks import Pair, TableView, TaskSums, format_delta, format_percent
from ksm_tui.core.text import clean_line

Field = Literal["ist", "soll"]
FIELDS: tuple[Field, Field] = ("ist", "soll")
NUM = 8  # width of a number cell ("100,0" right-aligned, room for editing)
MARK = 3  # note / "does not count" markers
NOTE_MARK = "✎"
HIDDEN_MARK = "⊘"
EDIT_MAX = 8
EDIT_START = "0123456789,."
LineKind = Literal["table", "group", "row", "group-sum", "table-sum", "blank"]


@dataclass(frozen=True)
class Line:
    kind: LineKind
    label: str
    ist: str = ""
    soll: str = ""
    delta: str = ""
    mark: str = ""
    task_id: str = ""
    counts: bool = True


@dataclass(frozen=True)
class Columns:
    """Column geometry for a given width (shared with the total bar so the numbers line up)."""

    width: int

    @property
    def label(self) -> int:
        return max(self.width - 3 * NUM - MARK, 10)

    def x(self, column: str) -> int:
        return self.label + {"ist": 0, "soll": NUM, "delta": 2 * NUM, "mark": 3 * NUM}[column]

    def column_at(self, x: int) -> Field | None:
        if self.x("ist") <= x < self.x("soll"):
            return "ist"
        if self.x("soll") <= x < self.x("delta"):
            return "soll"
        return None


def number_cell(text: str) -> str:
    return f"{text:>{NUM - 1}} "


def truncate(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` cells with an ellipsis (labels are plain text from the content)."""
    if len(text) <= width:
        return text.ljust(width)
    return (text[: max(width - 1, 0)].rstrip() + "…").ljust(width)


def build_lines(tables: tuple[TableView, ...], sums: TaskSums) -> list[Line]:
    """The grid's lines for the core's table views and sums (values formatted by the core)."""

    def num(value: int | None) -> str:
        return format_percent(value, unit=False)

    def pair(kind: LineKind, label: str, p: Pair, counts: bool = True) -> Line:
        mark = "" if counts else f" {HIDDEN_MARK}"
        return Line(kind, label, num(p.ist), num(p.soll), format_delta(p.delta), mark, counts=counts)

    out: list[Line] = []
    for tv in tables:
        if not tv.groups:
            continue
        if out:
            out.append(Line("blank", ""))
        out.append(Line("table", f"{tv.table.source} · {tv.table.title}"))
        for gv in tv.groups:
            group_counts = any(r.counts for r in gv.rows)
            out.append(Line("group", gv.group.label, counts=group_counts))
            for r in gv.rows:
                mark = (NOTE_MARK if r.note else " ") + (HIDDEN_MARK if not r.counts else " ")
                out.append(
                    Line("row", r.task.label, num(r.ist), num(r.soll), format_delta(r.delta), mark, r.task.id, r.counts)
                )
            out.append(pair("group-sum", f"Summe {gv.group.label}", sums.groups[gv.group.id], group_counts))
        out.append(pair("table-sum", f"Summe {tv.table.source}", sums.tables[tv.table.id]))
    return out


class TaskGrid(ScrollView, can_focus=True):
    """The task rows with IST, SOLL and Δ columns; a cell cursor on IST/SOLL; inline editing."""

    COMPONENT_CLASSES = {
        "task-grid--header",
        "task-grid--table",
        "task-grid--group",
        "task-grid--sum",
        "task-grid--table-sum",
        "task-grid--hidden",
        "task-grid--row-cursor",
        "task-grid--cursor",
        "task-grid--edit",
    }
    DEFAULT_CSS = """
    TaskGrid { overflow-x: hidden; scrollbar-size-vertical: 0; }
    TaskGrid > .task-grid--header { text-style: bold; background: $panel; }
    TaskGrid > .task-grid--table { text-style: bold underline; color: $primary; }
    TaskGrid > .task-grid--group { text-style: bold; }
    TaskGrid > .task-grid--sum { text-style: italic; color: $text-muted; }
    TaskGrid > .task-grid--table-sum { text-style: bold; }
    TaskGrid > .task-grid--hidden { color: $text-disabled; text-style: dim; }
    TaskGrid > .task-grid--row-cursor { background: $boost; }
    TaskGrid > .task-grid--cursor { background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: bold; }
    TaskGrid:blur > .task-grid--cursor { background: $block-cursor-blurred-background; text-style: none; }
    TaskGrid > .task-grid--edit { background: $foreground; color: $background; text-style: bold; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Zeile hoch", show=False),
        Binding("down", "move(1)", "Zeile runter", show=False),
        Binding("left", "field(-1)", "IST-Spalte", show=False),
        Binding("right", "field(1)", "SOLL-Spalte", show=False),
        Binding("tab", "step(1)", "nächste Zelle", show=False),
        Binding("shift+tab", "step(-1)", "vorige Zelle", show=False),
        Binding("pageup", "page(-1)", "Seite hoch", show=False),
        Binding("pagedown", "page(1)", "Seite runter", show=False),
        Binding("home", "edge(-1)", "erste Zeile", show=False),
        Binding("end", "edge(1)", "letzte Zeile", show=False),
    ]

    # The task under the cursor, for watchers that must redraw in the same frame as the cursor (the detail
    # panel): a watcher runs synchronously, a message would cost a second frame per key over SSH.
    current_task: reactive[str | None] = reactive(None, layout=False, repaint=False, init=False)

    @dataclass
    class CursorMoved(Message):
        grid: TaskGrid
        task_id: str

        @property
        def control(self) -> TaskGrid:
            return self.grid

    @dataclass
    class CellEdited(Message):
        """A cell was committed (``text`` as typed) or cleared (``text == ""``)."""

        grid: TaskGrid
        task_id: str
        field: Field
        text: str

        @property
        def control(self) -> TaskGrid:
            return self.grid

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Line] = []
        self._cursor = -1  # index into _lines (always a row line) or -1
        self._field = 0  # 0 = IST, 1 = SOLL
        self._buffer: str | None = None  # text while editing
        self._cache: dict[int, tuple[tuple[object, ...], Strip]] = {}

    # -- state -----------------------------------------------------------------------------------------------

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(self._lines)

    @property
    def cursor_task(self) -> str | None:
        return self._lines[self._cursor].task_id if self._cursor >= 0 else None

    @property
    def cursor_field(self) -> Field:
        return FIELDS[self._field]

    @property
    def editing(self) -> bool:
        return self._buffer is not None

    @property
    def edit_text(self) -> str | None:
        return self._buffer

    def update_view(self, tables: tuple[TableView, ...], sums: TaskSums) -> None:
        """Show new data; repaint only the lines that changed (all of them if the structure changed)."""
        new = build_lines(tables, sums)
        old = self._lines
        same_shape = len(new) == len(old) and all(
            a.kind == b.kind and a.task_id == b.task_id for a, b in zip(new, old, strict=True)
        )
        self._lines = new
        if same_shape:
            for i, (a, b) in enumerate(zip(new, old, strict=True)):
                if a != b:
                    self._refresh_index(i)
            return
        task = self.cursor_task
        self._cache.clear()
        self._buffer = None
        self.virtual_size = Size(0, len(new) + 1)
        index = self._index_of(task) if task else None
        if index is None:
            index = next((i for i, line in enumerate(new) if line.kind == "row"), -1)
        self._cursor = index
        self.refresh()
        self.call_after_refresh(self._scroll_to_cursor)
        if self._cursor >= 0 and self.cursor_task != task:
            self.current_task = self._lines[self._cursor].task_id
            self.post_message(self.CursorMoved(self, self._lines[self._cursor].task_id))

    def move_to(self, task_id: str, field: Field | None = None) -> None:
        index = self._index_of(task_id)
        if index is not None:
            self._set_cursor(index, FIELDS.index(field) if field else self._field)

    def _index_of(self, task_id: str | None) -> int | None:
        return next((i for i, line in enumerate(self._lines) if line.kind == "row" and line.task_id == task_id), None)

    def _rows(self) -> list[int]:
        return [i for i, line in enumerate(self._lines) if line.kind == "row"]

    # -- cursor ----------------------------------------------------------------------------------------------

    def _set_cursor(self, index: int, field: int) -> None:
        if self.editing:
            self.commit_edit()
        old, old_task = self._cursor, self.cursor_task
        self._cursor, self._field = index, field
        self._refresh_cursor(old)
        self._refresh_cursor(index)
        self._scroll_to_cursor()
        if self.cursor_task != old_task and self.cursor_task is not None:
            self.current_task = self.cursor_task
            self.post_message(self.CursorMoved(self, self.cursor_task))

    def _scroll_to_cursor(self) -> None:
        if self._cursor < 0:
            return
        visible = max(self.size.height - 1, 1)  # below the sticky column header
        top = round(self.scroll_y)
        i = self._cursor
        # keep up to two headings above and two sum lines below the cursor row in view
        before = after = 0
        while before < 2 and i - before - 1 >= 0 and self._lines[i - before - 1].kind != "row":
            before += 1
        while after < 2 and i + after + 1 < len(self._lines) and self._lines[i + after + 1].kind != "row":
            after += 1
        # Leaving the view, jump by half of it (not line by line, like a pager over a slow line): each scroll
        # repaints the whole grid, which over SSH costs as much as four cursor moves.
        jump = visible // 2
        if i - before < top:
            top = i - before - jump
        elif i + after > top + visible - 1:
            top = i + after - visible + 1 + jump
        top = max(0, min(top, len(self._lines) + 1 - self.size.height))
        if top != round(self.scroll_y):
            self.scroll_to(y=top, animate=False, immediate=True)

    def action_move(self, delta: int) -> None:
        rows = self._rows()
        if not rows:
            return
        pos = rows.index(self._cursor) if self._cursor in rows else 0
        self._set_cursor(rows[max(0, min(len(rows) - 1, pos + delta))], self._field)

    def action_field(self, delta: int) -> None:
        field = max(0, min(1, self._field + delta))
        if field != self._field or self.editing:
            self._set_cursor(self._cursor, field)

    def action_step(self, delta: int) -> None:
        """Tab: IST → SOLL → next row's IST (Shift+Tab backwards)."""
        rows = self._rows()
        if not rows or self._cursor not in rows:
            return
        pos = rows.index(self._cursor) * 2 + self._field + delta
        pos = max(0, min(len(rows) * 2 - 1, pos))
        self._set_cursor(rows[pos // 2], pos % 2)

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.size.height - 3, 1))

    def action_edge(self, direction: int) -> None:
        self.action_move(direction * len(self._lines))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return
        index = round(self.scroll_y) + event.y - 1
        if 0 <= index < len(self._lines) and self._lines[index].kind == "row":
            column = Columns(self.scrollable_content_region.width).column_at(event.x)
            self._set_cursor(index, FIELDS.index(column) if column else self._field)

    # -- editing ---------------------------------------------------------------------------------------------

    def _editable(self) -> bool:
        if self._cursor < 0:
            return False
        if not self._lines[self._cursor].counts:
            self.notify(
                "Diese Zeile zählt nur für einen Landkreis. Ändern Sie die Art der Kommune in den Stammdaten, "
                "um sie zu bearbeiten.",
                severity="warning",
                markup=False,
            )
            return False
        return True

    def start_edit(self, initial: str | None = None) -> None:
        """Edit the current cell, prefilled with its value, or starting with ``initial`` (a typed digit)."""
        if self.editing or not self._editable():
            return
        line = self._lines[self._cursor]
        self._buffer = initial if initial is not None else getattr(line, self.cursor_field)
        self._refresh_index(self._cursor)
        self.app.refresh_bindings()

    def commit_edit(self, *, post: bool = True) -> TaskGrid.CellEdited | None:
        """End editing; the edit (if the text differs) is posted as CellEdited, or — ``post=False`` — returned
        for the caller to apply at once (then the new values are drawn in the same frame as the closed cell)."""
        if self._buffer is None:
            return None
        text, self._buffer = self._buffer, None
        line = self._lines[self._cursor]
        edit = self.CellEdited(self, line.task_id, self.cursor_field, text)
        if not post:  # the caller applies the edit, then repaints the row (see refresh_cursor_row)
            return edit if text.strip() != getattr(line, self.cursor_field) else None
        self._refresh_index(self._cursor)
        self.app.refresh_bindings()
        if text.strip() != getattr(line, self.cursor_field):
            self.post_message(edit)
        return edit

    def cancel_edit(self) -> None:
        if self._buffer is not None:
            self._buffer = None
            self._refresh_index(self._cursor)
            self.app.refresh_bindings()

    def clear_cell(self, *, post: bool = True) -> TaskGrid.CellEdited | None:
        """Empty the current cell: posted as CellEdited with ``text == ""`` (or returned, see commit_edit)."""
        if self.editing or not self._editable():
            return None
        line = self._lines[self._cursor]
        if not getattr(line, self.cursor_field):
            return None
        edit = self.CellEdited(self, line.task_id, self.cursor_field, "")
        if post:
            self.post_message(edit)
        return edit

    def on_key(self, event: events.Key) -> None:
        if self._buffer is None:
            if event.character and event.character in EDIT_START and self._cursor >= 0:
                event.stop()
                event.prevent_default()
                self.start_edit(event.character)
            return
        if event.key == "backspace":
            self._buffer = self._buffer[:-1]
        elif event.is_printable and event.character:
            if len(self._buffer) < EDIT_MAX:
                self._buffer += event.character
        else:
            return  # enter / escape / tab / arrows: handled by bindings
        event.stop()
        event.prevent_default()
        self._refresh_index(self._cursor)

    def on_paste(self, event: events.Paste) -> None:
        if self._buffer is not None:
            event.stop()
            self._buffer = (self._buffer + clean_line(event.text))[:EDIT_MAX]
            self._refresh_index(self._cursor)

    # -- rendering -------------------------------------------------------------------------------------------

    def _refresh_index(self, index: int) -> None:
        if index < 0:
            return
        y = index + 1 - round(self.scroll_y)
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def refresh_cursor_row(self) -> None:
        """Repaint the cursor's row (after an edit returned by ``commit_edit(post=False)`` was applied)."""
        self._refresh_index(self._cursor)

    def _refresh_cursor(self, index: int) -> None:
        """Repaint what the cursor changes in a row: from the pointer to the SOLL cell (Textual repaints a line
        from the widget's left edge, so only the end can be spared: Δ and the marks); the whole line
        if a theme styles the cursor row itself."""
        if index < 0:
            return
        if self._style("row-cursor"):
            self._refresh_index(index)
            return
        y = index + 1 - round(self.scroll_y)
        if 1 <= y < self.size.height:
            cols = Columns(self.scrollable_content_region.width)
            self.refresh(Region(0, y, cols.x("delta"), 1))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_resize(self) -> None:
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        cols = Columns(width)
        base = self.rich_style
        if y == 0:
            return self._header(cols, base)
        index = round(self.scroll_y) + y - 1
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        field = self._field if index == self._cursor else None
        key = (line, field, self._buffer if field is not None else None, width, self.has_focus)
        cached = self._cache.get(index)
        if cached is not None and cached[0] == key:
            return cached[1]
        strip = self._draw_line(line, cols, base, field)
        self._cache[index] = (key, strip)
        return strip

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"task-grid--{name}", partial=True)

    def _header(self, cols: Columns, base: Style) -> Strip:
        """Column titles, and where the table continues: ▲ rows above, ▼ rows below the view.

        The arrows replace a scrollbar: this line is repainted with every scroll anyway, while a scrollbar is a
        column of its own that costs a style code per line and scroll over SSH."""
        top = round(self.scroll_y)
        more = ("▲" if top > 0 else " ") + ("▼" if top + self.size.height - 1 < len(self._lines) else " ")
        text = (" Aufgabe".ljust(cols.label) + number_cell("IST %") + number_cell("SOLL %") + number_cell("Δ")
                + more.ljust(MARK))
        return Strip([Segment(text.ljust(cols.width), base + self._style("header"))], cols.width)

    def _draw_line(self, line: Line, cols: Columns, base: Style, field: int | None) -> Strip:
        width = cols.width
        if line.kind == "blank":
            return Strip.blank(width, base)
        if line.kind in ("table", "group"):
            style = base + self._style(line.kind)
            if not line.counts:
                style += self._style("hidden")
            text = truncate(f" {line.label}", width)
            return Strip([Segment(text, style)], width)
        if line.kind == "row":
            style = base
            pointer = " ▸ " if field is not None else "   "  # the cursor row, visible without colour too
            label = truncate(f"{pointer}{line.label}", cols.label - 1) + " "
        else:
            style = base + self._style("sum" if line.kind == "group-sum" else "table-sum")
            label = truncate(f"  {line.label}" if line.kind == "group-sum" else f" {line.label}", cols.label - 1) + " "
        if not line.counts:
            style += self._style("hidden")
        if field is not None:
            style += self._style("row-cursor")
        segments = [Segment(label, style)]
        for i, name in enumerate(FIELDS):
            value = getattr(line, name)
            if field == i and self._buffer is not None:
                shown = self._buffer[-(NUM - 2):]
                segments.append(Segment(f"{shown:>{NUM - 2}}▏ ", base + self._style("edit")))
            elif field == i:
                segments.append(Segment(f"›{value or '·':>{NUM - 2}} ", style + self._style("cursor")))
            else:
                segments.append(Segment(number_cell(value), style))
        segments.append(Segment(number_cell(line.delta), style))
        segments.append(Segment(line.mark.ljust(MARK)[:MARK], style))
        return Strip(segments).simplify().adjust_cell_length(width, style)  # fewer style codes per row
