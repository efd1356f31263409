"""The open session of the running app: load, edit, autosave, notice changes made elsewhere.

This is the glue between the Textual app and the store. Screens never save themselves: they call
:meth:`Workspace.edit` with a small function that changes the session; the workspace stamps it, hands it to the
background :class:`~ksm_tui.store.autosave.Autosaver` (written at once, coalesced while a write is in flight) and
publishes :attr:`changed` so every screen of the session redraws from the same state.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from textual.signal import Signal

from ksm_tui.core.session import Session, now_iso
from ksm_tui.store import SessionStore, StoreError
from ksm_tui.store.autosave import Autosaver

if TYPE_CHECKING:
    from textual.timer import Timer

    from ksm_tui.app import KsmApp

SAVING_SHOWN_AFTER = 0.5  # seconds: a save that takes longer shows "… speichert" in the header

SaveState = Literal["gespeichert", "speichert", "fehler", "nur-lesen", "konflikt"]


@dataclass(frozen=True)
class SaveStatus:
    state: SaveState
    message: str = ""

    @property
    def label(self) -> str:
        return {
            "gespeichert": "✓ gespeichert",
            "speichert": "… speichert",
            "fehler": "✗ nicht gespeichert",
            "nur-lesen": "nur lesen",
            "konflikt": "! Konflikt",
        }[self.state]


class Workspace:
    """Holds the open session (or none) for the app and keeps it saved."""

    def __init__(self, app: KsmApp, store: SessionStore) -> None:
        self.app = app
        self.store = store
        self.session: Session | None = None
        self.status = SaveStatus("gespeichert")
        # Published with the session (or None) after every change, load or reload.
        self.changed: Signal[Session | None] = Signal(app, "session-changed")
        # Published with the SaveStatus whenever it changes.
        self.status_changed: Signal[SaveStatus] = Signal(app, "save-status")
        self._autosaver: Autosaver | None = None
        self._saving_timer: Timer | None = None
        self._unsaved = False  # an edit is queued or being written
        self._db_mtime: float | None = None
        # Screens that hold back edits briefly (debounced typing) register a callback that applies them now;
        # called before every flush/close so nothing typed is lost on quit or a dropped connection.
        self._pending_edits: list[Callable[[], None]] = []

    # -- opening and closing ---------------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def open(self, session_id: str) -> Session:
        """Load a session (raises StoreError with a German message) and make it the open one."""
        session = self.store.get(session_id)
        self.close()
        self.session = session
        self._autosaver = Autosaver(
            self.store,
            session,
            on_saved=self._from_thread(self._saved),
            on_conflict=self._from_thread(self._conflict),
            on_error=self._from_thread(self._error),
        )
        self._remember_mtime()
        self._unsaved = False
        self._set_status(SaveStatus("nur-lesen") if self.read_only else SaveStatus("gespeichert"))
        self.changed.publish(self.session)
        return session

    def add_pending_edits(self, apply: Callable[[], None]) -> None:
        """Register ``apply`` (it calls :meth:`edit` with held-back changes); run before every flush/close."""
        if apply not in self._pending_edits:
            self._pending_edits.append(apply)

    def remove_pending_edits(self, apply: Callable[[], None]) -> None:
        if apply in self._pending_edits:
            self._pending_edits.remove(apply)

    def _apply_pending_edits(self) -> None:
        for apply in list(self._pending_edits):
            try:
                apply()
            except Exception:  # noqa: BLE001 - a failing screen must not stop saving the rest
                pass

    def close(self) -> None:
        """Write anything pending and forget the open session."""
        self._apply_pending_edits()
        if self._autosaver is not None:
            self._autosaver.flush(timeout=5)
            self._autosaver.close()
            self._autosaver = None
        if self.session is not None:
            self.session = None
            self.changed.publish(None)

    def flush(self, timeout: float = 5) -> None:
        self._apply_pending_edits()
        if self._autosaver is not None:
            self._autosaver.flush(timeout=timeout)

    # -- editing ---------------------------------------------------------------------------------------------

    def edit(self, change: Callable[[Session], object]) -> bool:
        """Apply ``change`` to the open session, publish it, and save it in the background.

        Returns False (and changes nothing) when there is no session or the database is read-only.
        """
        if self.session is None:
            return False
        if self.read_only:
            self.app.notify(
                "Die Datenbank ist schreibgeschützt – Änderungen sind nicht möglich.",
                severity="warning",
                markup=False,
            )
            return False
        change(self.session)
        self.session.updated = now_iso()
        self._unsaved = True
        self._announce_saving()
        assert self._autosaver is not None
        self._autosaver.submit(self.session)  # takes its own copy
        self.changed.publish(self.session)
        return True

    # -- changes made elsewhere ------------------------------------------------------------------------------

    def check_external_change(self) -> None:
        """Called periodically: if another process saved a newer revision of the open session, reload it."""
        if self.session is None or self._autosaver is None or self._autosaver.pending:
            return
        try:
            mtime = os.stat(self.store.path).st_mtime
        except OSError:
            return
        if mtime == self._db_mtime:
            return
        self._db_mtime = mtime
        try:
            revision = self.store.revision_of(self.session.id)
        except StoreError:
            return
        if revision is None:
            self.app.notify(
                "Diese Sitzung wurde an anderer Stelle gelöscht. Ihre Änderungen werden als neue Sitzung gesichert, "
                "sobald Sie weiterarbeiten.",
                severity="warning",
                timeout=8,
                markup=False,
            )
            return
        if revision > self._autosaver.revision:
            self.reload()
            self.app.notify(
                "Die Sitzung wurde an anderer Stelle geändert und neu geladen.", severity="information", markup=False
            )

    def reload(self) -> None:
        """Adopt the stored version of the open session (drops unsaved local edits)."""
        if self.session is None:
            return
        theirs = self.store.get(self.session.id)
        if self._autosaver is not None:
            self._autosaver.take_theirs(theirs)
        self.session = theirs
        self._remember_mtime()
        self._set_status(SaveStatus("nur-lesen") if self.read_only else SaveStatus("gespeichert"))
        self.changed.publish(self.session)

    def keep_mine_as_copy(self, mine: Session) -> Session:
        """After a conflict: store the user's version as a new session and open that one."""
        copy = mine.copy()
        copy.title = f"{mine.title} (meine Fassung)"
        created = self.store.create(copy)
        if self._autosaver is not None and self.session is not None:
            self._autosaver.take_theirs(self.store.get(self.session.id))
        self.open(created.id)
        return created

    # -- callbacks from the autosaver thread (marshalled onto the app's thread) -------------------------------

    def _from_thread(self, callback: Callable[..., None]) -> Callable[..., None]:
        def call(*args: object) -> None:
            try:
                self.app.call_from_thread(callback, *args)
            except RuntimeError:
                # The app is not running (shutting down, or tests without a loop): call directly.
                callback(*args)

        return call

    def _announce_saving(self) -> None:
        """Show "… speichert" only when a save takes longer than SAVING_SHOWN_AFTER: a write takes a few
        milliseconds, and flashing the state twice per edit would repaint the header twice per key (over SSH).
        A failed or conflicting save is shown at once."""
        if self.status.state not in ("gespeichert", "speichert"):
            self._set_status(SaveStatus("speichert"))
            return
        if self._saving_timer is not None:
            return
        try:
            self._saving_timer = self.app.set_timer(SAVING_SHOWN_AFTER, self._show_saving)
        except RuntimeError:  # no running app (tests without a loop): show it at once
            self._set_status(SaveStatus("speichert"))

    def _show_saving(self) -> None:
        self._saving_timer = None
        # Not over an error or a conflict shown meanwhile: those stay until a save succeeds.
        if self.status.state == "gespeichert" and self._unsaved:
            self._set_status(SaveStatus("speichert"))

    def _saved(self, stored: Session) -> None:
        if self.session is not None and stored.id == self.session.id:
            self.session.revision = max(self.session.revision, stored.revision)
        self._remember_mtime()
        if self._autosaver is None or not self._autosaver.pending:
            self._unsaved = False
            if self._saving_timer is not None:
                self._saving_timer.stop()
                self._saving_timer = None
            self._set_status(SaveStatus("gespeichert"))

    def _conflict(self, mine: Session, theirs: Session) -> None:
        self._set_status(SaveStatus("konflikt", "An anderer Stelle geändert"))
        self.app.on_session_conflict(mine, theirs)

    def _error(self, message: str) -> None:
        self._set_status(SaveStatus("fehler", message))
        self.app.notify(message, title="Speichern fehlgeschlagen", severity="error", timeout=10, markup=False)

    def _set_status(self, status: SaveStatus) -> None:
        if status != self.status:
            self.status = status
            self.status_changed.publish(status)

    def _remember_mtime(self) -> None:
        try:
            self._db_mtime = os.stat(self.store.path).st_mtime
        except OSError:
            self._db_mtime = None
