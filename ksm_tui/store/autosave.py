"""Background autosave of one open session (no Textual; callbacks come from the worker thread).

Usage (the app marshals callbacks to its own thread, e.g. with ``App.call_from_thread``)::

    saver = Autosaver(store, session, on_saved=..., on_conflict=..., on_error=...)
    saver.submit(edited_session)     # after every edit: written at once; edits during a write are coalesced
    saver.flush(timeout=5)           # quit / SIGTERM / SIGHUP: write what is pending, synchronously
    saver.close()                    # flush and stop the thread

Semantics:

* A submitted session is written immediately (well within a second). Whatever is submitted while a write is in
  flight replaces the previous pending one (only the latest state matters) and is written right after.
* At most one write is in flight per process (one lock shared by all autosavers; across processes the store's
  file lock serialises). ``flush`` waits for an in-flight write, then writes the rest in the calling thread.
* The autosaver tracks the stored revision itself (``revision``), so the UI may submit copies that still carry an
  old revision. ``on_saved(stored)`` reports the stored copy; the UI should take ``revision``/``updated`` from it
  but keep its own (possibly newer) working copy.
* A stale revision (a colleague saved the session) calls ``on_conflict(mine, theirs)`` and pauses saving (edits
  are kept as pending). The UI resolves with :meth:`keep_mine` (overwrite) or :meth:`take_theirs`. Should the
  program quit while a conflict is open, :meth:`flush` stores "mine" as a *new* session
  ("<Titel> (Konflikt-Kopie)") and reports that through ``on_error`` — nothing is lost.
* A session deleted elsewhere while open here is restored with the local edits (``save_force``), reported
  through ``on_error``.
* Other errors (read-only, disk full, lock timeout) call ``on_error(message)`` once per
  distinct message; the edit stays pending and is retried on the next submit, on ``flush``, and every
  ``retry_interval`` seconds.
"""

from __future__ import annotations

import atexit
import threading
import time
import weakref
from collections.abc import Callable

from ksm_tui.core.session import Session
from ksm_tui.store.errors import ConflictError, StoreError, UnknownSessionError
from ksm_tui.store.store import SessionStore

OnSaved = Callable[[Session], None]
OnConflict = Callable[[Session, Session], None]
OnError = Callable[[str], None]

# One write in flight per process, whichever autosaver does it.
_WRITE_LOCK = threading.Lock()
_LIVE: weakref.WeakSet[Autosaver] = weakref.WeakSet()


def _noop(*_args: object) -> None:
    return None


class Autosaver:
    def __init__(
        self,
        store: SessionStore,
        session: Session,
        *,
        on_saved: OnSaved | None = None,
        on_conflict: OnConflict | None = None,
        on_error: OnError | None = None,
        retry_interval: float = 5.0,
    ) -> None:
        if not session.id:
            raise ValueError("Autosaver needs a stored session (create it first)")
        self.store = store
        self.session_id = session.id
        self._revision = session.revision
        self._on_saved = on_saved or _noop
        self._on_conflict = on_conflict or _noop
        self._on_error = on_error or _noop
        self.retry_interval = retry_interval
        self._cond = threading.Condition()
        self._pending: Session | None = None
        self._conflict: tuple[Session, Session] | None = None
        self._retry_at: float | None = None
        self._last_error: str | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=f"ksm-autosave-{session.id}", daemon=True)
        self._thread.start()
        _LIVE.add(self)

    # -- state ---------------------------------------------------------------------------------------------

    @property
    def revision(self) -> int:
        """The stored revision this autosaver last wrote or was told about."""
        return self._revision

    @property
    def pending(self) -> bool:
        with self._cond:
            return self._pending is not None

    @property
    def conflicted(self) -> bool:
        with self._cond:
            return self._conflict is not None

    # -- API -----------------------------------------------------------------------------------------------

    def submit(self, session: Session) -> None:
        """Queue the latest state of the session for saving (a copy is taken)."""
        snapshot = session.copy()
        with self._cond:
            if self._closed:
                raise RuntimeError("Autosaver is closed")
            self._pending = snapshot
            self._retry_at = None
            self._cond.notify_all()

    def flush(self, timeout: float | None = None) -> bool:
        """Write anything pending now, in the calling thread. True if nothing is left unsaved."""
        if not _WRITE_LOCK.acquire(timeout=-1 if timeout is None else max(timeout, 0)):
            return False
        try:
            with self._cond:
                conflicted = self._conflict is not None
            events = self._save_conflict_copy() if conflicted else self._write_pending()
        finally:
            _WRITE_LOCK.release()
        self._fire(events)
        return not self.pending

    def keep_mine(self) -> Session:
        """Resolve a conflict by overwriting the stored version with the latest local state."""
        with _WRITE_LOCK:
            with self._cond:
                mine = self._pending or (self._conflict[0] if self._conflict else None)
            if mine is None:
                raise ValueError("nothing to keep")
            to_save = mine.copy()
            to_save.id = self.session_id
            stored = self.store.save_force(to_save)
            with self._cond:
                self._revision = stored.revision
                self._conflict = None
                if self._pending is mine:
                    self._pending = None
                self._cond.notify_all()
        self._fire([(self._on_saved, (stored,))])
        return stored

    def take_theirs(self, theirs: Session) -> None:
        """Resolve a conflict (or follow an external change) by adopting the stored version; drops pending edits."""
        with _WRITE_LOCK:
            with self._cond:
                self._revision = theirs.revision
                self._pending = None
                self._conflict = None
                self._last_error = None

    def close(self, timeout: float | None = 5.0) -> bool:
        """Flush and stop the worker thread. Returns the result of the final flush."""
        ok = self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout)
        _LIVE.discard(self)
        return ok

    # -- worker --------------------------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._closed:
                        return
                    if self._pending is not None and self._conflict is None:
                        if self._retry_at is None:
                            break
                        wait = self._retry_at - time.monotonic()
                        if wait <= 0:
                            break
                        self._cond.wait(wait)
                    else:
                        self._cond.wait()
            with _WRITE_LOCK:
                events = self._write_pending()
            self._fire(events)

    def _write_pending(self) -> list[tuple[Callable[..., None], tuple[object, ...]]]:
        """Write the pending session (caller holds ``_WRITE_LOCK``); return the callbacks to fire afterwards."""
        with self._cond:
            mine = self._pending
            if mine is None or self._conflict is not None:
                return []
            self._pending = None
            revision = self._revision
        to_save = mine.copy()
        to_save.id = self.session_id
        to_save.revision = revision
        try:
            stored = self.store.save(to_save)
        except ConflictError as exc:
            with self._cond:
                self._conflict = (mine, exc.theirs)
                if self._pending is None:
                    self._pending = mine
            return [(self._on_conflict, (mine, exc.theirs))]
        except UnknownSessionError:
            # Deleted elsewhere while still open here: restore it with the local edits rather than lose them.
            try:
                stored = self.store.save_force(to_save)
            except Exception as exc:  # noqa: BLE001
                return self._failed(mine, exc)
            with self._cond:
                self._revision = stored.revision
                self._last_error = None
                self._retry_at = None
            message = (
                f"Sitzung {self.session_id} war an anderer Stelle gelöscht worden "
                "und wurde mit Ihren Änderungen wiederhergestellt."
            )
            return [(self._on_saved, (stored,)), (self._on_error, (message,))]
        except Exception as exc:  # noqa: BLE001 - the worker must survive anything and report it
            return self._failed(mine, exc)
        with self._cond:
            self._revision = stored.revision
            self._last_error = None
            self._retry_at = None
        return [(self._on_saved, (stored,))]

    def _failed(self, mine: Session, exc: Exception) -> list[tuple[Callable[..., None], tuple[object, ...]]]:
        message = exc.message if isinstance(exc, StoreError) else f"Speichern fehlgeschlagen: {exc}"
        with self._cond:
            if self._pending is None:
                self._pending = mine
            self._retry_at = time.monotonic() + self.retry_interval
            repeated = message == self._last_error
            self._last_error = message
        return [] if repeated else [(self._on_error, (message,))]

    def _save_conflict_copy(self) -> list[tuple[Callable[..., None], tuple[object, ...]]]:
        """Quit with an open conflict: keep "mine" as a new session instead of losing or forcing it."""
        with self._cond:
            mine = self._pending
            if mine is None:
                return []
        copy = mine.copy()
        copy.title = f"{mine.title} (Konflikt-Kopie)".strip()
        try:
            stored = self.store.create(copy)
        except Exception as exc:  # noqa: BLE001
            message = exc.message if isinstance(exc, StoreError) else f"Speichern fehlgeschlagen: {exc}"
            return [(self._on_error, (message,))]
        with self._cond:
            if self._pending is mine:
                self._pending = None
        return [
            (
                self._on_error,
                (f"Konflikt mit einer anderen Änderung: Ihre Fassung wurde als neue Sitzung {stored.id} gespeichert.",),
            )
        ]

    def _fire(self, events: list[tuple[Callable[..., None], tuple[object, ...]]]) -> None:
        for callback, args in events:
            try:
                callback(*args)
            except Exception:  # noqa: BLE001 - a failing UI callback must not kill the saver
                pass


@atexit.register
def _flush_all_at_exit() -> None:
    for saver in list(_LIVE):
        try:
            saver.flush(timeout=5.0)
        except Exception:  # noqa: BLE001
            pass
