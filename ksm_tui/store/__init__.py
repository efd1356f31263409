"""Crash-safe, multi-user TinyDB session store (no Textual).

Facilitators share one database file over SSH. Nothing they type may be lost to a crash, ``kill -9``, a dropped
connection or a colleague working on the same file. Therefore:

* every operation is one transaction: take an exclusive ``fcntl.flock`` on ``<db>.lock``, read the file afresh,
  change it in memory (a new ``TinyDB`` + ``Table(cache_size=0)`` per transaction — nothing is cached across
  transactions), write a temp file ``.<db>.<random>.ksm-tmp`` in the same folder, fsync, ``os.replace``, fsync the
  folder. Readers need no lock: they always see a complete file. Temp files left by a killed writer are removed
  (under the lock) when the store is opened.
* file permissions and group survive the replace; new files get ``0o666 & ~umask``. UTF-8 always.
* a corrupt, empty or foreign file is never written: :class:`CorruptDatabaseError`; :func:`move_aside` renames it
  to ``<db>.corrupt-<YYYYMMDD-HHMMSS>``. Before the first write of each process the old file is copied to
  ``<db>.bak``. A read-only file or folder gives :class:`ReadOnlyDatabaseError` on write; reading works and
  :attr:`SessionStore.read_only` tells the UI to show a read-only view.
* optimistic concurrency: each session has a ``revision``; :meth:`SessionStore.save` with a stale revision raises
  :class:`ConflictError` carrying the stored version (``theirs``) — never a silent overwrite.

Session ids: increasing integers as strings (``"1"``, ``"2"``, …), taken from a counter in the meta record under
the lock, so two processes can never hand out the same id, and never reused after a delete (a deleted session's
id cannot suddenly name a different session in a colleague's open window). Short enough to type:
``ksm-tui --session 12``.

File layout (a TinyDB JSON document)::

    {"meta":     {"1": {"app": "ksm-tui", "format": 1, "next_id": 3, "created": "<ISO time>"}},
     "sessions": {"1": {<Session.to_dict(), see docs/session-format.md>}, "2": {...}}}

Siblings: ``<db>.lock`` (lock file, kept), ``<db>.bak`` (copy from before this run's first write).

API::

    class StoreError(Exception)                  # .message: German one-liner; subclasses below
    class CorruptDatabaseError(StoreError)       # .path; also NewerFormatError (file from a newer ksm-tui)
    class ReadOnlyDatabaseError(StoreError)      # .path
    class ConflictError(StoreError)              # .theirs: Session (the stored version)
    class UnknownSessionError(StoreError)        # .session_id
    class LockTimeoutError(StoreError)           # another process held the lock > lock_timeout seconds

    @dataclass(frozen=True)
    class SessionSummary: id: str; title: str; kommune: str; date: date | None; updated: str; kommune_type: str

    class SessionStore:
        def __init__(self, path: Path, *, lock_timeout: float = 10.0)  # does not create the file
        path: Path; read_only: bool; read_only_reason() -> str | None
        def list(self) -> list[SessionSummary]        # sorted by `updated`, newest first
        def get(self, session_id: str) -> Session      # UnknownSessionError
        def create(self, session: Session) -> Session  # new id, revision 1, created/updated set
        def save(self, session: Session) -> Session    # ConflictError on stale revision; returns revision+1
        def save_force(self, session: Session) -> Session   # "keep mine": overwrite (or re-create if deleted)
        def delete(self, session_id: str) -> None
        def duplicate(self, session_id: str, title: str | None = None) -> Session   # "<title> (Kopie)"
        def revision_of(self, session_id: str) -> int | None   # None if missing; poll for external changes

    def move_aside(path: Path) -> Path               # corrupt file -> <name>.corrupt-<YYYYMMDD-HHMMSS>

    # ksm_tui.store.autosave.Autosaver: background saving of one open session (see there)
    # ksm_tui.store.paths.default_location() -> DbLocation(path, source): where the database lives and why

All methods may raise :class:`StoreError` (subclasses); show ``exc.message``. Input ``Session`` objects are never
mutated; every method returns a fresh copy.
"""

from __future__ import annotations

from ksm_tui.store.errors import (
    ConflictError,
    CorruptDatabaseError,
    LockTimeoutError,
    ReadOnlyDatabaseError,
    StoreError,
    UnknownSessionError,
)
from ksm_tui.store.storage import FORMAT_VERSION, NewerFormatError
from ksm_tui.store.store import SessionStore, SessionSummary, move_aside

__all__ = [
    "FORMAT_VERSION",
    "ConflictError",
    "CorruptDatabaseError",
    "LockTimeoutError",
    "NewerFormatError",
    "ReadOnlyDatabaseError",
    "SessionStore",
    "SessionSummary",
    "StoreError",
    "UnknownSessionError",
    "move_aside",
]
