"""File names and safe writing of exported minutes."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import unicodedata
from pathlib import Path

from ksm_tui.core.session import Session
from ksm_tui.core.text import clean_line

EXTENSIONS: dict[str, str] = {"md": ".md", "html": ".html"}

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "SS"})


class ExportError(Exception):
    """Writing the export failed; ``str(exc)`` is one German line."""


def slugify(text: str, *, fallback: str = "sitzung", max_length: int = 60) -> str:
    """Lower-case ASCII slug: umlauts transliterated (ä→ae, ß→ss), other accents dropped, runs of other
    characters folded to ``-``; ``fallback`` when nothing is left."""
    text = clean_line(text).translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    slug = slug[:max_length].rstrip("-")
    return slug or fallback


def default_export_name(session: Session, fmt: str, today: dt.date) -> str:
    """``JJJJ-MM-TT-<kommune>.md`` (or ``.html``) for the export on ``today``."""
    try:
        ext = EXTENSIONS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}") from None
    return f"{today.isoformat()}-{slugify(session.kommune)}{ext}"


def exports_dir(db_path: Path | str) -> Path:
    """The default folder for exported minutes: ``exports/`` next to the database file."""
    return Path(db_path).expanduser().absolute().parent / "exports"


def resolve_export_path(text: str, base: Path | str, fmt: str) -> Path:
    """The file a user means by ``text``: ``~`` expanded, a relative path taken from ``base``, and the format's
    extension added when the name has none (``protokoll`` -> ``protokoll.md``). Raises ValueError for an empty
    text or an unknown format."""
    try:
        ext = EXTENSIONS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}") from None
    text = clean_line(text)
    if not text:
        raise ValueError("empty path")
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = Path(base) / path
    if not path.suffix:
        path = path.with_name(path.name + ext)
    return path


def _reason(exc: OSError) -> str:
    reasons = {
        errno.EACCES: "keine Schreibrechte",
        errno.EPERM: "keine Schreibrechte",
        errno.EROFS: "Dateisystem ist schreibgeschützt",
        errno.ENOSPC: "kein Speicherplatz mehr frei",
        errno.EDQUOT: "Speicherkontingent erschöpft",
        errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner",
        errno.ENOENT: "Pfad existiert nicht",
        errno.ENAMETOOLONG: "Dateiname zu lang",
        errno.EISDIR: "ist ein Ordner",
        errno.EEXIST: "ein Teil des Pfads ist eine Datei, kein Ordner",
    }
    reason = reasons.get(exc.errno or 0)
    return reason or f"Fehler des Betriebssystems: {exc.strerror or exc.__class__.__name__}"


def write_export(path: Path | str, text: str) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically and return the path.

    A temporary file in the target directory is written, flushed, fsynced and moved over ``path``, so a reader
    never sees half a file and an existing file survives a failed write. Missing parent folders are created.
    The file gets the usual permissions (``0o666 & ~umask``; an existing file keeps its mode).
    Raises :class:`ExportError` with one German line.
    """
    path = Path(path)
    shown = clean_line(str(path))
    if path.is_dir():
        raise ExportError(f"Export nicht möglich: {shown} ist ein Ordner.")
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(
            f"Export nicht möglich: Ordner {clean_line(str(parent))} kann nicht angelegt werden ({_reason(exc)})."
        ) from None
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = None
    tmp = parent / f".{path.name}.{os.urandom(4).hex()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ExportError(f"Export nicht möglich: {shown} ({_reason(exc)}).") from None
    return path
