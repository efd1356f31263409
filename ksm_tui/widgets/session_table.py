"""The table of sessions on the start screen: one row per stored session, the open one marked."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from ksm_tui.core.fields import format_changed, format_date

if TYPE_CHECKING:
    from ksm_tui.store import SessionSummary

OPEN_MARK = "▶"

# (key, label, width) — Titel and Kommune share what is left of the terminal's width.
_FIXED = (("mark", "", 1), ("id", "Nr.", 4))
_TAIL = (("date", "Datum", 10), ("changed", "geändert", 16))


class SessionTable(DataTable[Content]):
    """Rows keyed by session id. Shows Enter in the footer (DataTable hides its own binding)."""

    BINDINGS = [Binding("enter", "select_cursor", "Öffnen", tooltip="Markierte Sitzung öffnen (Stammdaten)")]

    DEFAULT_CSS = """
    SessionTable { height: 1fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._widths: tuple[int, int] | None = None

    @staticmethod
    def widths_for(total: int) -> tuple[int, int]:
        """Title and Kommune widths for a table ``total`` cells wide (cell padding and scrollbar included)."""
        columns = len(_FIXED) + 2 + len(_TAIL)
        fixed = sum(w for *_x, w in _FIXED + _TAIL) + 2 * columns + 2
        free = max(total - fixed, 20)
        title = max(free * 2 // 3, 12)
        return title, max(free - title, 8)

    def ensure_columns(self, total: int) -> bool:
        """(Re)create the columns for the width; True if they changed (the rows must then be added again)."""
        widths = self.widths_for(total)
        if widths == self._widths:
            return False
        self._widths = widths
        self.clear(columns=True)
        for key, label, width in _FIXED:
            self.add_column(label, key=key, width=width)
        self.add_column("Titel", key="title", width=widths[0])
        self.add_column("Kommune", key="kommune", width=widths[1])
        for key, label, width in _TAIL:
            self.add_column(label, key=key, width=width)
        return True

    def show(self, summaries: Iterable[SessionSummary], open_id: str | None, keep: str | None) -> None:
        """Replace the rows; keep the cursor on session ``keep`` if it is still listed."""
        assert self._widths is not None
        title_w, kommune_w = self._widths
        now = _dt.datetime.now().astimezone()
        self.clear()
        rows = []
        keys = []
        for s in summaries:
            mark = Content.styled(OPEN_MARK, "bold $accent") if s.id == open_id else Content("")
            title = Content(s.title) if s.title else Content.styled("(ohne Titel)", "italic $text-muted")
            if s.id == open_id:
                title = title.stylize("bold")
            rows.append(
                (
                    mark,
                    Content(s.id),
                    title.truncate(title_w, ellipsis=True),
                    Content(s.kommune).truncate(kommune_w, ellipsis=True),
                    Content(format_date(s.date)),
                    Content(format_changed(s.updated, now)),
                )
            )
            keys.append(s.id)
        for row, key in zip(rows, keys, strict=True):
            self.add_row(*row, key=key)
        if keep is not None and keep in keys:
            self.move_cursor(row=keys.index(keep), animate=False, scroll=True)

    @property
    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return key.value
