"""The session store: crash-safe, multi-user TinyDB database of workshop sessions (see the package docstring)."""

from __future__ import annotations

import datetime as _dt
import errno
import os
import stat
import threading
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from ksm_tui.core.session import Session, SessionFormatError, now_iso
from ksm_tui.core.text import clean_line
from ksm_tui.store.errors import (
    ConflictError,
    ReadOnlyDatabaseError,
    StoreError,
    UnknownSessionError,
    describe_os_error,
)
from ksm_tui.store.storage import (
    APP_MARKER,
    FORMAT_VERSION,
    META_DOC_ID,
    META_TABLE,
    SESSIONS_TABLE,
    FileLock,
    TransactionalJSONStorage,
    atomic_write_bytes,
    backup_path,
    load_tables,
    temp_files,
)

# Databases backed up in this process ("run"): the .bak is written once, before the first write of a run.
_BACKED_UP: set[str] = set()
_BACKED_UP_LOCK = threading.Lock()


@dataclass(frozen=True)
class SessionSummary:
    """What the session list shows; built from the raw record without a full parse."""

    id: str
    title: str
    kommune: str
    date: _dt.date | None
    updated: str
    kommune_type: str


def _parse_id(session_id: object) -> int:
    text = str(session_id).strip()
    if not text.isdigit() or len(text) > 18 or int(text) < 1:
        raise UnknownSessionError(str(session_id))
    return int(text)


def _str(value: Any) -> str:
    return clean_line(value) if isinstance(value, str) else ""


def _summary(doc_id: int, doc: dict[str, Any]) -> SessionSummary:
    date: _dt.date | None = None
    raw_date = doc.get("date")
    if isinstance(raw_date, str) and raw_date:
        try:
            date = _dt.date.fromisoformat(raw_date)
        except ValueError:
            date = None
    kommune_type = doc.get("kommune_type")
    return SessionSummary(
        id=str(doc_id),
        title=_str(doc.get("title")),
        kommune=_str(doc.get("kommune")),
        date=date,
        updated=_str(doc.get("updated")),
        kommune_type=kommune_type if kommune_type in ("gemeinde", "landkreis") else "gemeinde",
    )


def _sort_key(s: SessionSummary) -> tuple[float, int]:
    try:
        ts = _dt.datetime.fromisoformat(s.updated)
        if ts.tzinfo is None:
            ts = ts.astimezone()
        t = ts.timestamp()
    except ValueError:
        t = float("-inf")
    return (t, int(s.id))


def _mode_read_only(st: os.stat_result) -> bool:
    # No write bit at all means "read-only" even for root (for whom os.access always says yes).
    return not (stat.S_IMODE(st.st_mode) & 0o222)


class SessionStore:
    """Sessions in one TinyDB JSON file; every operation is its own locked, atomic transaction."""

    def __init__(self, path: Path | str, *, lock_timeout: float = 10.0) -> None:
        self.path = Path(path).expanduser().absolute()
        self.lock_timeout = lock_timeout
        self._cleaned = False
        self._cleanup_temp_files()

    def __repr__(self) -> str:
        return f"SessionStore({str(self.path)!r})"

    # -- state ---------------------------------------------------------------------------------------------

    @property
    def _file(self) -> Path:
        """The real file (a symlinked database is replaced at its target, the link stays)."""
        return Path(os.path.realpath(self.path))

    @property
    def read_only(self) -> bool:
        return self.read_only_reason() is not None

    def read_only_reason(self) -> str | None:
        """German one-liner why the database cannot be written, or ``None``."""
        f = self._file
        try:
            st = os.stat(f)
        except FileNotFoundError:
            st = None
        except OSError:
            st = None
        if st is not None and (not os.access(f, os.W_OK) or _mode_read_only(st)):
            return f"Die Datenbank {self.path} ist schreibgeschützt – Änderungen werden nicht gespeichert."
        directory = f.parent
        while not directory.exists() and directory != directory.parent:
            directory = directory.parent
        try:
            dst = os.stat(directory)
        except OSError:
            return f"Der Ordner {directory} ist nicht erreichbar – Änderungen werden nicht gespeichert."
        if not os.access(directory, os.W_OK | os.X_OK) or _mode_read_only(dst):
            return f"Der Ordner {directory} ist schreibgeschützt – Änderungen werden nicht gespeichert."
        try:
            if os.statvfs(directory).f_flag & os.ST_RDONLY:
                return f"Das Dateisystem von {directory} ist schreibgeschützt – Änderungen werden nicht gespeichert."
        except OSError:
            pass
        return None

    # -- transactions --------------------------------------------------------------------------------------

    def _cleanup_temp_files(self) -> None:
        """Remove temp files left by a killed writer — under the lock, so never a live writer's file."""
        self._cleaned = True
        leftovers = temp_files(self._file)
        if not leftovers or self.read_only:
            return
        try:
            with FileLock(self._file, timeout=self.lock_timeout):
                for tmp in temp_files(self._file):
                    try:
                        tmp.unlink()
                    except OSError:
                        pass
        except StoreError:
            pass  # cannot lock (read-only lock file, busy): try again on the next write

    def _read_tables(self) -> dict[str, Any]:
        tables, _raw = load_tables(self._file)
        return tables or {}

    @contextmanager
    def _reading(self) -> Iterator[Table]:
        """A lock-free read: writers replace the file atomically, so a reader always sees a whole file."""
        db = TinyDB(self._file, storage=TransactionalJSONStorage)
        try:
            yield db.table(SESSIONS_TABLE, cache_size=0)
        finally:
            db.close()

    @contextmanager
    def _writing(self) -> Iterator[tuple[Table, Table]]:
        """One read-modify-write under the exclusive lock, committed with a single atomic replace."""
        reason = self.read_only_reason()
        if reason:
            raise ReadOnlyDatabaseError(self.path, reason)
        f = self._file
        try:
            try:
                f.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self._os_error(exc, f.parent) from None
            with FileLock(f, timeout=self.lock_timeout):
                if not self._cleaned or temp_files(f):
                    for tmp in temp_files(f):
                        try:
                            tmp.unlink()
                        except OSError:
                            pass
                    self._cleaned = True
                db = TinyDB(f, storage=TransactionalJSONStorage)
                storage: TransactionalJSONStorage = db.storage  # type: ignore[assignment]
                try:
                    storage.read()  # validates: a corrupt/foreign file raises here and is never written
                    meta = db.table(META_TABLE, cache_size=0)
                    sessions = db.table(SESSIONS_TABLE, cache_size=0)
                    if meta.get(doc_id=META_DOC_ID) is None:
                        meta.insert(
                            Document(
                                {"app": APP_MARKER, "format": FORMAT_VERSION, "next_id": 1, "created": now_iso()},
                                doc_id=META_DOC_ID,
                            )
                        )
                    yield meta, sessions
                    if storage.dirty:
                        self._backup_once(storage.raw)
                        storage.commit()
                finally:
                    db.close()
        except OSError as exc:
            raise self._os_error(exc, f) from None

    def _os_error(self, exc: OSError, where: Path) -> StoreError:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return ReadOnlyDatabaseError(
                self.path, f"Die Datenbank {self.path} kann nicht geschrieben werden ({describe_os_error(exc)})."
            )
        return StoreError(f"Speichern in {where} fehlgeschlagen: {describe_os_error(exc)}.")

    def _backup_once(self, raw: bytes | None) -> None:
        key = str(self._file)
        with _BACKED_UP_LOCK:
            if key in _BACKED_UP:
                return
            _BACKED_UP.add(key)
        if raw is None:
            return  # a new database: nothing to back up
        try:
            atomic_write_bytes(backup_path(self._file), raw, mode_from=self._file)
        except OSError:
            pass  # a missing backup must not stop the facilitator from saving

    # -- API -----------------------------------------------------------------------------------------------

    def list(self) -> list[SessionSummary]:
        """All sessions, most recently updated first."""
        sessions = self._read_tables().get(SESSIONS_TABLE, {})
        out = [_summary(int(k), v) for k, v in sessions.items()]
        out.sort(key=_sort_key, reverse=True)
        return out

    def get(self, session_id: str) -> Session:
        n = _parse_id(session_id)
        with self._reading() as table:
            doc = table.get(doc_id=n)
        if doc is None:
            raise UnknownSessionError(str(session_id))
        return self._load(n, doc)

    def revision_of(self, session_id: str) -> int | None:
        """The stored revision (``None`` if the session does not exist) — for polling external changes."""
        try:
            n = _parse_id(session_id)
        except UnknownSessionError:
            return None
        doc = self._read_tables().get(SESSIONS_TABLE, {}).get(str(n))
        if doc is None:
            return None
        rev = doc.get("revision")
        return rev if isinstance(rev, int) and not isinstance(rev, bool) else 0

    def create(self, session: Session) -> Session:
        """Store ``session`` as a new session: new id, revision 1, ``created``/``updated`` now."""
        new = session.copy()
        with self._writing() as (meta, sessions):
            n = self._next_id(meta, sessions)
            new.id = str(n)
            new.revision = 1
            new.created = new.updated = now_iso()
            sessions.insert(Document(new.to_dict(), doc_id=n))
            meta.update({"next_id": n + 1}, doc_ids=[META_DOC_ID])
        return new

    def save(self, session: Session) -> Session:
        """Store a changed session. Raises :class:`ConflictError` if the stored revision is not ``session``'s."""
        n = _parse_id(session.id)
        with self._writing() as (_meta, sessions):
            doc = sessions.get(doc_id=n)
            if doc is None:
                raise UnknownSessionError(session.id)
            stored_rev = doc.get("revision", 0)
            if stored_rev != session.revision:
                raise ConflictError(self._load(n, doc))
            new = self._put(sessions, n, session, stored_rev, doc)
        return new

    def save_force(self, session: Session) -> Session:
        """Overwrite the stored version (the user chose "keep mine"); re-creates a session deleted meanwhile."""
        n = _parse_id(session.id)
        with self._writing() as (meta, sessions):
            doc = sessions.get(doc_id=n)
            if doc is None:
                next_id = meta.get(doc_id=META_DOC_ID).get("next_id", 1)  # type: ignore[union-attr]
                if n >= next_id:
                    raise UnknownSessionError(session.id)  # never handed out: do not invent ids
                stored_rev = 0
            else:
                stored_rev = doc.get("revision", 0)
                stored_rev = stored_rev if isinstance(stored_rev, int) else 0
            new = self._put(sessions, n, session, stored_rev, doc)
        return new

    def delete(self, session_id: str) -> None:
        n = _parse_id(session_id)
        with self._writing() as (_meta, sessions):
            if not sessions.contains(doc_id=n):
                raise UnknownSessionError(str(session_id))
            sessions.remove(doc_ids=[n])

    def duplicate(self, session_id: str, title: str | None = None) -> Session:
        """A copy as a new session; title defaults to ``"<title> (Kopie)"``."""
        original = self.get(session_id)
        copy = original.copy()
        copy.title = clean_line(title) if title is not None else f"{original.title} (Kopie)".strip()
        copy.outcome = original.outcome
        return self.create(copy)

    # -- helpers -------------------------------------------------------------------------------------------

    def _load(self, n: int, doc: dict[str, Any]) -> Session:
        try:
            session = Session.from_dict(dict(doc))
        except SessionFormatError as exc:
            raise StoreError(
                f"Sitzung {n} in {self.path} ist nicht lesbar: Feld {exc.path or '(Wurzel)'}: {exc.message}"
            ) from None
        session.id = str(n)
        return session

    @staticmethod
    def _next_id(meta: Table, sessions: Table) -> int:
        record: dict[str, Any] = meta.get(doc_id=META_DOC_ID) or {}
        counter = record.get("next_id", 1)
        counter = counter if isinstance(counter, int) and counter >= 1 else 1
        highest = max((doc.doc_id for doc in sessions.all()), default=0)
        return max(counter, highest + 1)

    @staticmethod
    def _put(sessions: Table, n: int, session: Session, stored_rev: int, doc: dict[str, Any] | None) -> Session:
        new = session.copy()
        new.id = str(n)
        new.revision = stored_rev + 1
        new.updated = now_iso()
        if doc is not None and isinstance(doc.get("created"), str) and doc["created"]:
            new.created = doc["created"]
        elif not new.created:
            new.created = new.updated
        data = new.to_dict()
        if doc is None:
            sessions.insert(Document(data, doc_id=n))
        else:

            def replace(stored: MutableMapping[str, Any]) -> None:
                stored.clear()
                stored.update(data)

            sessions.update(replace, doc_ids=[n])
        return new


def move_aside(path: Path | str) -> Path:
    """Rename a corrupt database to ``<name>.corrupt-<YYYYMMDD-HHMMSS>`` (never overwriting) and return the new path."""
    p = Path(path).expanduser().absolute()
    real = Path(os.path.realpath(p))
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        lock: FileLock | None = FileLock(real)
        try:
            lock.acquire()  # type: ignore[union-attr]
        except StoreError:
            lock = None
        try:
            target = real.with_name(f"{real.name}.corrupt-{stamp}")
            i = 1
            while target.exists():
                i += 1
                target = real.with_name(f"{real.name}.corrupt-{stamp}-{i}")
            os.rename(real, target)
        finally:
            if lock is not None:
                lock.release()
    except OSError as exc:
        raise StoreError(f"{p} konnte nicht umbenannt werden: {describe_os_error(exc)}.") from None
    return target
