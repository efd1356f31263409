"""File-level building blocks of the store: validated loading, atomic replace, the OS lock, the TinyDB storage.

* :func:`load_tables` reads and validates the database file (UTF-8, JSON object, our meta record).
* :func:`atomic_write_bytes` writes a temp file in the same folder (``.<name>.<random>.ksm-tmp``), flushes and
  fsyncs it, gives it the old file's permissions (new files: ``0o666 & ~umask``), ``os.replace``-s it over the
  target and fsyncs the folder. A reader therefore sees either the old or the new file, never a partial one.
* :class:`FileLock` is an exclusive ``fcntl.flock`` on the sibling ``<db>.lock`` (released by the kernel when a
  process dies, so a ``kill -9`` never leaves a stale lock).
* :class:`TransactionalJSONStorage` is the TinyDB storage: it reads the file once per transaction, keeps
  TinyDB's writes in memory and is committed once at the end of the transaction (one atomic replace per
  store operation). A new instance is made for every transaction, so nothing is cached across transactions.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import time
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from ksm_tui.store.errors import CorruptDatabaseError, LockTimeoutError, ReadOnlyDatabaseError, StoreError

FORMAT_VERSION = 1
APP_MARKER = "ksm-tui"
META_TABLE = "meta"
SESSIONS_TABLE = "sessions"
META_DOC_ID = 1
TMP_SUFFIX = ".ksm-tmp"


class NewerFormatError(CorruptDatabaseError):
    """The file was written by a newer ksm-tui (store format above :data:`FORMAT_VERSION`); never overwritten."""


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def temp_files(path: Path) -> list[Path]:
    """Leftover temp files of *this* database (our own naming pattern only)."""
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    prefix = f".{path.name}."
    return [path.parent / n for n in names if n.startswith(prefix) and n.endswith(TMP_SUFFIX)]


# -- loading --------------------------------------------------------------------------------------------------


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or ``None`` if it does not exist yet."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise CorruptDatabaseError(path, f"{path} ist ein Ordner, keine ksm-tui-Datenbank.") from None
    except PermissionError:
        raise StoreError(f"Keine Leseberechtigung für die Datenbank {path}.") from None


def parse_tables(path: Path, raw: bytes) -> dict[str, Any]:
    """Validate the bytes of a database file; raise :class:`CorruptDatabaseError` (German, naming the file)."""
    keep = "Die Datei wird nicht überschrieben."
    if not raw.strip():
        what = "leer (0 Bytes)" if not raw else "leer"
        raise CorruptDatabaseError(path, f"Die Datenbank {path} ist {what}. {keep}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorruptDatabaseError(
            path, f"Die Datenbank {path} ist beschädigt (kein UTF-8 ab Byte {exc.start}). {keep}"
        ) from None
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f"Zeile {exc.lineno}, Spalte {exc.colno}" if isinstance(exc, json.JSONDecodeError) else "zu tief"
        raise CorruptDatabaseError(
            path, f"Die Datenbank {path} ist beschädigt (kein gültiges JSON: {where}). {keep}"
        ) from None
    foreign = CorruptDatabaseError(path, f"Die Datei {path} ist keine ksm-tui-Datenbank. {keep}")
    if not isinstance(data, dict):
        raise foreign
    meta_table = data.get(META_TABLE)
    if not isinstance(meta_table, dict):
        raise foreign
    meta = meta_table.get(str(META_DOC_ID))
    if not isinstance(meta, dict) or meta.get("app") != APP_MARKER:
        raise foreign
    fmt = meta.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        raise foreign
    if fmt > FORMAT_VERSION:
        raise NewerFormatError(
            path,
            f"Die Datenbank {path} stammt von einer neueren ksm-tui-Version (Format {fmt}, "
            f"diese Version kennt {FORMAT_VERSION}). {keep}",
        )
    sessions = data.get(SESSIONS_TABLE, {})
    if not isinstance(sessions, dict) or not all(
        isinstance(k, str) and k.isdigit() and isinstance(v, dict) for k, v in sessions.items()
    ):
        raise CorruptDatabaseError(path, f"Die Datenbank {path} ist beschädigt (Tabelle {SESSIONS_TABLE}). {keep}")
    return data


def load_tables(path: Path) -> tuple[dict[str, Any] | None, bytes | None]:
    """``(tables, raw bytes)`` of the file; ``(None, None)`` if it does not exist."""
    raw = read_bytes(path)
    if raw is None:
        return None, None
    return parse_tables(path, raw), raw


def dump_tables(data: dict[str, Any]) -> bytes:
    """Serialise as JSON with one record per line: readable and diffable, yet written by the fast C encoder."""

    def enc(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for name, table in data.items():
        if isinstance(table, dict):
            rows = ",\n".join(f"  {enc(str(k))}: {enc(v)}" for k, v in table.items())
            parts.append(f" {enc(name)}: {{\n{rows}\n }}" if rows else f" {enc(name)}: {{}}")
        else:
            parts.append(f" {enc(name)}: {enc(table)}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


# -- writing --------------------------------------------------------------------------------------------------


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync directories; the replace itself is still atomic
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, mode_from: Path | None = None) -> None:
    """Replace ``path`` atomically with ``data`` (temp file + fsync + ``os.replace`` + directory fsync).

    The new file gets the permissions (and, where allowed, the group) of ``mode_from`` (default: ``path``) if
    that exists, so a colleague sharing the file keeps access; otherwise ``0o666 & ~umask``.
    """
    directory = path.parent
    tmp = directory / f".{path.name}.{os.urandom(6).hex()}{TMP_SUFFIX}"
    # 0o666 is filtered by the process umask, exactly like a plain open() of a new file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        try:
            ref = os.stat(mode_from or path)
        except FileNotFoundError:
            ref = None
        if ref is not None:
            os.fchmod(fd, stat.S_IMODE(ref.st_mode))
            if ref.st_gid != os.fstat(fd).st_gid:
                try:
                    os.fchown(fd, -1, ref.st_gid)
                except OSError:
                    pass  # not a member of that group: keep ours
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(directory)


# -- locking --------------------------------------------------------------------------------------------------


class FileLock:
    """Exclusive ``flock`` on ``<db>.lock``; usable as a context manager. Blocks up to ``timeout`` seconds."""

    def __init__(self, db_path: Path, timeout: float = 10.0) -> None:
        self.path = lock_path(db_path)
        self.timeout = timeout
        self._fd = -1

    def acquire(self) -> None:
        flags = getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | flags, 0o666)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            # A colleague's lock file without group write permission: flock works on read-only descriptors too.
            try:
                fd = os.open(self.path, os.O_RDONLY | flags)
            except OSError:
                raise ReadOnlyDatabaseError(
                    self.path, f"Die Sperrdatei {self.path} kann nicht angelegt werden (keine Schreibberechtigung)."
                ) from None
        deadline = time.monotonic() + self.timeout
        delay = 0.002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockTimeoutError(
                        f"Die Datenbank ist seit {self.timeout:g} s von einem anderen Prozess gesperrt ({self.path})."
                    ) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
        self._fd = fd

    def release(self) -> None:
        if self._fd >= 0:
            fd, self._fd = self._fd, -1
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


# -- TinyDB storage -------------------------------------------------------------------------------------------


class TransactionalJSONStorage(Storage):
    """TinyDB storage for one transaction: read the file once (validated), buffer writes, :meth:`commit` once.

    Create a new instance (via a new ``TinyDB``) per transaction; it never outlives the lock it runs under.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._loaded = False
        self._data: dict[str, Any] | None = None
        self.raw: bytes | None = None  # the file's bytes as read at the start of the transaction
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        if not self._loaded:
            self._data, self.raw = load_tables(self.path)
            self._loaded = True
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        self._loaded = True
        self.dirty = True

    def commit(self) -> None:
        if self.dirty and self._data is not None:
            atomic_write_bytes(self.path, dump_tables(self._data))
            self.dirty = False

    def close(self) -> None:
        pass
