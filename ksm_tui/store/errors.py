"""Store errors. Every error carries ``message``: one German line for the user, naming the file or session."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ksm_tui.core.session import Session


class StoreError(Exception):
    """Base class; ``message`` is a German one-liner fit for a status line or stderr."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class CorruptDatabaseError(StoreError):
    """The file is not a readable ksm-tui database (invalid JSON, 0 bytes, foreign JSON, newer format).

    The store never writes over such a file; :func:`ksm_tui.store.move_aside` renames it so a fresh one can start.
    """

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(message)


class ReadOnlyDatabaseError(StoreError):
    """The database file or its folder cannot be written; reading still works."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(message)


class ConflictError(StoreError):
    """The session was changed elsewhere since it was loaded; ``theirs`` is the stored version."""

    def __init__(self, theirs: Session, message: str | None = None) -> None:
        self.theirs = theirs
        super().__init__(
            message
            or f"Sitzung {theirs.id} wurde inzwischen an anderer Stelle geändert (Stand {theirs.revision})."
        )


class UnknownSessionError(StoreError):
    """No session with that id (never existed, or deleted meanwhile)."""

    def __init__(self, session_id: str) -> None:
        from ksm_tui.core.text import clean_line

        self.session_id = session_id
        super().__init__(f"Sitzung {clean_line(str(session_id))[:40]} nicht gefunden.")


class LockTimeoutError(StoreError):
    """Another process held the database lock for too long."""


_ERRNO_TEXT = {
    errno.ENOSPC: "kein Speicherplatz mehr auf dem Datenträger",
    errno.EDQUOT: "Speicherkontingent (Quota) erschöpft",
    errno.EIO: "Ein-/Ausgabefehler des Datenträgers",
    errno.EROFS: "Dateisystem ist schreibgeschützt",
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.ENOENT: "Datei oder Ordner nicht gefunden",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner",
    errno.EISDIR: "ist ein Ordner, keine Datei",
    errno.ENAMETOOLONG: "Dateiname zu lang",
}


def describe_os_error(exc: OSError) -> str:
    """A short German description of an OS error (``strerror`` may be English under the C locale)."""
    return _ERRNO_TEXT.get(exc.errno or 0) or (exc.strerror or exc.__class__.__name__)
