"""F2 Sitzungen, the start screen: all stored sessions, filter as you type, open/new/duplicate/rename/delete.

The list is built from the store's summaries (no full sessions are parsed) in a worker thread; every store
operation runs in a worker too, so a slow disk or a colleague's lock never freezes the keys.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Key, Resize
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from ksm_tui.core.demo import demo_session
from ksm_tui.core.fields import matches, new_session_title
from ksm_tui.core.session import Session
from ksm_tui.screens.base import SectionScreen
from ksm_tui.store import CorruptDatabaseError, StoreError, move_aside
from ksm_tui.widgets.dialogs import ChoiceDialog, ConfirmDialog, TextPrompt
from ksm_tui.widgets.session_table import SessionTable

if TYPE_CHECKING:
    from ksm_tui.store import SessionSummary

T = TypeVar("T")

EMPTY_TEXT = (
    "Noch keine Sitzungen gespeichert.\n\n"
    "  n   neue Sitzung anlegen – danach Titel, Kommune und Datum eintragen\n"
    "  i   Beispielsitzung „Musterstadt“ anlegen – zum Ausprobieren\n\n"
    "Alles wird sofort gespeichert. F1 zeigt alle Tasten."
)

LARGE_LIST = 200  # above this many sessions the filter waits for a short pause in typing
FILTER_DELAY = 0.15

# Actions that write to the database, and those that need a highlighted session.
_WRITING = {"new", "duplicate", "rename", "delete", "demo"}
_NEEDS_ROW = {"open", "duplicate", "rename", "delete"}


class SessionListScreen(SectionScreen):
    AUTO_FOCUS = ""  # not the filter: keys like n and i are the screen's; the table is focused once loaded
    MODE = "sitzungen"
    HELP_TITLE = "Sitzungen"
    CSS_PATH = "sessions.tcss"

    BINDINGS = [
        Binding("enter", "open", "Öffnen", tooltip="Markierte Sitzung öffnen (Stammdaten)", show=False),
        Binding("n", "new", "Neu", tooltip="Neue Sitzung anlegen und Stammdaten eintragen"),
        Binding("d", "duplicate", "Kopie", tooltip="Markierte Sitzung duplizieren"),
        Binding("r", "rename", "Umbenennen", tooltip="Titel der markierten Sitzung ändern"),
        Binding("delete", "delete", "Löschen", key_display="Entf", tooltip="Markierte Sitzung löschen (mit Rückfrage)"),
        Binding("x", "delete", "Löschen", show=False),
        Binding("slash", "filter", "Filtern", key_display="/", show=False,
                tooltip="Filter: nach Titel, Kommune oder Nr. suchen"),
        Binding("i", "demo", "Beispiel", show=False, tooltip="Beispielsitzung „Musterstadt“ anlegen"),
        Binding("ctrl+r", "reload", "Neu laden", show=False, tooltip="Liste neu aus der Datenbank laden"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._summaries: list[SessionSummary] = []
        self._loaded_once = False
        self._read_only: str | None = None
        self._broken: str | None = None  # why the database cannot be read
        self._dirty = False
        self._db_mtime: float | None = None
        self._keep: str | None = None  # session id to highlight after the next load
        self._asked_corrupt = False
        self._filter_timer: Timer | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="filter-row"):
            yield Input(placeholder="Filtern: Titel, Kommune oder Nr. (/)", id="filter", compact=True)
            yield Static("", id="count")
        yield Static("", id="ro-note")
        yield SessionTable(id="sessions")
        yield Static("", id="empty")

    # -- lifecycle -------------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        # (SectionScreen.on_mount runs as well: Textual calls on_mount along the class hierarchy.)
        # The table gets the focus when the list has loaded (_render_rows): focusing it now could land after
        # the load has found the list empty and hidden the table.
        self.reload()
        self.set_interval(2.0, self._poll)

    def on_screen_resume(self) -> None:
        if self._loaded_once:
            self.reload()

    def session_changed(self, session: Session | None) -> None:
        # The open session changed (edits elsewhere, open, close): the mark and the order may change.
        if not self._loaded_once:
            return
        if self.is_current:
            self._render_rows()
        else:
            self._dirty = True

    def _poll(self) -> None:
        """A colleague may have added or changed sessions in the shared file: reload when it changed."""
        if not self.is_current or self._broken:
            return
        try:
            mtime = os.stat(self.ksm.store.path).st_mtime
        except OSError:
            mtime = None
        if mtime != self._db_mtime:
            self.reload()

    def on_resize(self, event: Resize) -> None:
        table = self.query_one(SessionTable)
        if self._loaded_once and table.ensure_columns(self.size.width):
            self._render_rows()

    # -- loading ---------------------------------------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        if keep is not None:
            self._keep = keep
        store = self.ksm.store

        def load() -> tuple[list[SessionSummary], str | None, float | None]:
            try:
                mtime: float | None = os.stat(store.path).st_mtime
            except OSError:
                mtime = None
            return store.list(), store.read_only_reason(), mtime

        self._in_thread(load, self._loaded, group="list", exclusive=True)

    def _loaded(self, result: tuple[list[SessionSummary], str | None, float | None]) -> None:
        self._summaries, self._read_only, self._db_mtime = result
        self._broken = None
        self._loaded_once = True
        self._dirty = False
        note = self.query_one("#ro-note", Static)
        note.update(Content.assemble(("nur lesen", "bold reverse"), " ", Content(self._read_only or "")))
        note.display = self._read_only is not None
        self.query_one(SessionTable).ensure_columns(self.size.width)
        self._render_rows()
        self.refresh_bindings()

    def _render_rows(self) -> None:
        self._filter_timer = None
        table = self.query_one(SessionTable)
        keep = self._keep or table.current_id
        self._keep = None
        query = self.query_one("#filter", Input).value
        shown = [s for s in self._summaries if matches(query, s.title, s.kommune, s.id)]
        open_id = self.session.id if self.session is not None else None
        table.show(shown, open_id, keep)
        total = len(self._summaries)
        self.query_one("#count", Static).update(
            f"{len(shown)} von {total}" if query.strip() else f"{total} Sitzung" + ("" if total == 1 else "en")
        )
        empty = self.query_one("#empty", Static)
        if self._broken:
            empty.update(Content.assemble(("Die Datenbank ist nicht lesbar.", "bold"), "\n\n", Content(self._broken),
                                          "\n\nStrg+R lädt neu, Strg+Q beendet."))
        elif not total:
            empty.update(Content(EMPTY_TEXT))
        elif not shown:
            empty.update(Content.assemble("Keine Sitzung passt zu „", Content(query.strip()),
                                          "“.\nEsc leert den Filter."))
        empty.display = bool(self._broken) or not shown
        table.display = bool(shown)
        box = self.query_one("#filter", Input)
        if not total and box.has_focus and not box.value:
            # Nothing to filter: keys like n (neu) and i (Beispiel) must reach the screen, not the filter.
            self.set_focus(None)
        if not table.display and table.has_focus:
            self.set_focus(None)  # now, not whenever Textual notices: the footer must not offer Enter (Öffnen)
        elif table.display and self.focused is None:
            table.focus()  # the list came (first load, first session): the arrows move through it
        self.refresh_bindings()

    # -- filter ----------------------------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        if not self._loaded_once:
            return
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if len(self._summaries) > LARGE_LIST:
            # Rebuilding a long table takes a moment: wait until typing pauses briefly.
            self._filter_timer = self.set_timer(FILTER_DELAY, self._render_rows)
        else:
            self._render_rows()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.action_open()

    def on_key(self, event: Key) -> None:
        """In the filter: Esc clears it (then returns to the table); ↑/↓ move the highlighted row."""
        box = self.query_one("#filter", Input)
        if not box.has_focus:
            if event.key == "escape" and box.value:
                box.value = ""
                event.stop()
            return
        table = self.query_one(SessionTable)
        if event.key == "escape":
            if box.value:
                box.value = ""
            else:
                table.focus()
            event.stop()
        elif event.key in ("down", "up") and table.row_count:
            table.action_cursor_down() if event.key == "down" else table.action_cursor_up()
            event.stop()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    # -- actions ---------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _WRITING and (self._read_only or self._broken):
            return None
        if action in _NEEDS_ROW and self._current() is None:
            return None
        return True

    def _current(self) -> SessionSummary | None:
        table = self.query_one(SessionTable)
        if not table.display:
            return None
        sid = table.current_id
        return next((s for s in self._summaries if s.id == sid), None)

    @on(DataTable.RowSelected, "#sessions")
    def _row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        summary = self._current()
        if summary is not None:
            self.ksm.open_session(summary.id, mode="stammdaten" if self.ksm.section("stammdaten") else None)

    def action_new(self) -> None:
        session = Session(title=new_session_title())
        self._in_thread(lambda: self.ksm.store.create(session),
                        lambda created: self.ksm.open_session(created.id, mode="stammdaten"
                                                              if self.ksm.section("stammdaten") else None))

    def action_demo(self) -> None:
        def created(session: Session) -> None:
            self.notify(f"Beispielsitzung angelegt (Nr. {session.id}).", markup=False)
            self.reload(keep=session.id)

        self._in_thread(lambda: self.ksm.store.create(demo_session()), created)

    def action_duplicate(self) -> None:
        summary = self._current()
        if summary is None:
            return
        if self.session is not None and self.session.id == summary.id:
            self.workspace.flush()

        def created(copy: Session) -> None:
            self.notify(f"Kopie angelegt: Nr. {copy.id} „{copy.title}“.", markup=False)
            self.reload(keep=copy.id)

        self._in_thread(lambda: self.ksm.store.duplicate(summary.id), created)

    def action_rename(self) -> None:
        summary = self._current()
        if summary is None:
            return

        def renamed(title: str | None) -> None:
            if not title or title == summary.title:
                return
            if self.session is not None and self.session.id == summary.id:
                self.workspace.edit(lambda s: setattr(s, "title", title))
                self.workspace.flush()
                self.reload(keep=summary.id)
                return

            def save() -> Session:
                session = self.ksm.store.get(summary.id)
                session.title = title
                return self.ksm.store.save(session)

            self._in_thread(save, lambda _s: self.reload(keep=summary.id))

        self.app.push_screen(TextPrompt("Sitzung umbenennen – neuer Titel", summary.title), renamed)

    def action_delete(self) -> None:
        summary = self._current()
        if summary is None:
            return
        name = summary.title or "(ohne Titel)"

        def decided(answer: str | None) -> None:
            if answer != "ja":
                return
            if self.session is not None and self.session.id == summary.id:
                self.workspace.close()
                self.ksm.refresh_bindings()

            def deleted(_result: None) -> None:
                self.notify(f"Sitzung „{name}“ gelöscht.", markup=False)
                self.reload()

            self._in_thread(lambda: self.ksm.store.delete(summary.id), deleted)

        self.app.push_screen(
            ConfirmDialog(
                "Sitzung löschen?",
                f"„{name}“ (Nr. {summary.id}) wird mit allen Werten, Notizen und dem Protokoll endgültig gelöscht.",
                yes="Löschen",
                danger=True,
            ),
            decided,
        )

    def action_reload(self) -> None:
        self._asked_corrupt = False
        self.reload()

    # -- store calls in a worker thread ----------------------------------------------------------------------

    def _in_thread(self, job: Callable[[], T], done: Callable[[T], object], *, group: str = "store",
                   exclusive: bool = False) -> None:
        def work() -> None:
            try:
                result = job()
            except StoreError as exc:
                self.app.call_from_thread(self._store_failed, exc)
                return
            self.app.call_from_thread(done, result)

        self.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def _store_failed(self, exc: StoreError) -> None:
        if isinstance(exc, CorruptDatabaseError):
            self._show_broken(exc)
            return
        if not self._loaded_once:
            self._loaded_once = True
            self._broken = exc.message
            self._render_rows()
        self.notify(exc.message, title="Datenbank", severity="error", timeout=10, markup=False)

    def _show_broken(self, exc: CorruptDatabaseError) -> None:
        self._loaded_once = True
        self._summaries = []
        self._broken = exc.message
        self.query_one(SessionTable).ensure_columns(self.size.width)
        self._render_rows()
        if self._asked_corrupt:
            return
        self._asked_corrupt = True

        def decided(choice: str | None) -> None:
            if choice == "beenden":
                self.app.exit()
            elif choice == "beiseite":
                try:
                    moved = move_aside(exc.path)
                except StoreError as err:
                    self.notify(err.message, title="Datenbank", severity="error", timeout=10, markup=False)
                    return
                self.notify(f"Die alte Datei liegt jetzt unter {moved}. Es beginnt eine neue Datenbank.",
                            timeout=10, markup=False)
                self._asked_corrupt = False
                self.reload()

        self.app.push_screen(
            ChoiceDialog(
                "Datenbank nicht lesbar",
                f"{exc.message}\n\nBeiseite legen: die Datei wird umbenannt (nichts wird gelöscht) und eine neue, "
                "leere Datenbank begonnen.\nBeenden: ksm-tui schließen, um die Datei selbst zu prüfen.",
                [("beiseite", "Beiseite legen, neu beginnen"), ("beenden", "Beenden")],
            ),
            decided,
        )
