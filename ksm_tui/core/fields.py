"""Parsing, validation and display of the session form's fields (no Textual).

German input conventions: numbers with a dot as thousands separator ("48.000"), dates as TT.MM.JJJJ.
Every parser returns ``None`` for an empty field and raises :class:`FieldError` with a German message otherwise.
"""

from __future__ import annotations

import datetime as _dt
import re

from ksm_tui.core.text import clean_line

POPULATION_MESSAGE = "Bitte eine ganze Zahl größer 0 eingeben."
DATE_MESSAGE = "Datum bitte als TT.MM.JJJJ, z. B. 24.11.2026."
MAX_POPULATION = 100_000_000  # more than any German Kommune; guards against typos of many zeros

_GROUPED = re.compile(r"^\d{1,3}([. \u00a0\u202f']\d{3})+$")
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class FieldError(ValueError):
    """A value the user typed cannot be stored; ``message`` is one German sentence for the field."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def parse_population(text: str) -> int | None:
    """``"48000"``, ``"48.000"``, ``"48 000"`` -> 48000; ``""`` -> None; anything else raises FieldError."""
    value = clean_line(text)
    if not value:
        return None
    if value.isdigit():
        digits = value
    elif _GROUPED.match(value):
        digits = re.sub(r"\D", "", value)
    else:
        raise FieldError(POPULATION_MESSAGE)
    number = int(digits)
    if number < 1:
        raise FieldError(POPULATION_MESSAGE)
    if number > MAX_POPULATION:
        raise FieldError(f"Bitte eine Einwohnerzahl bis {format_population(MAX_POPULATION)} eingeben.")
    return number


def format_population(number: int | None) -> str:
    """48000 -> ``"48.000"``; None -> ``""``."""
    if number is None:
        return ""
    return f"{number:,}".replace(",", ".")


def parse_date(text: str) -> _dt.date | None:
    """``"24.11.2026"`` (also ``"1.2.2026"`` and ISO ``"2026-11-24"``) -> date; ``""`` -> None; else FieldError."""
    value = clean_line(text)
    if not value:
        return None
    m = _DATE.match(value)
    try:
        if m:
            day, month, year = (int(g) for g in m.groups())
            return _dt.date(year, month, day)
        if _ISO_DATE.match(value):
            return _dt.date.fromisoformat(value)
    except ValueError:
        raise FieldError(f"Diesen Tag gibt es nicht: {value}. {DATE_MESSAGE}") from None
    raise FieldError(DATE_MESSAGE)


def format_date(date: _dt.date | None) -> str:
    """date -> ``"24.11.2026"``; None -> ``""``."""
    return date.strftime("%d.%m.%Y") if date else ""


def format_changed(updated: str, now: _dt.datetime | None = None) -> str:
    """When a session was last changed, for the list: "gerade eben", "vor 5 Min.", "heute 21:30",
    "gestern 09:05" or "24.11.2026 21:30". ``updated`` is an ISO timestamp; unreadable -> ""."""
    try:
        ts = _dt.datetime.fromisoformat(updated)
    except (TypeError, ValueError):
        return ""
    now = now or _dt.datetime.now().astimezone()
    if ts.tzinfo is None:
        ts = ts.astimezone()
    if now.tzinfo is None:
        now = now.astimezone()
    ts = ts.astimezone(now.tzinfo)
    seconds = (now - ts).total_seconds()
    if -60 < seconds < 60:
        return "gerade eben"
    if 0 < seconds < 3600:
        return f"vor {int(seconds // 60)} Min."
    clock = ts.strftime("%H:%M")
    if ts.date() == now.date():
        return f"heute {clock}"
    if ts.date() == now.date() - _dt.timedelta(days=1):
        return f"gestern {clock}"
    return f"{ts.strftime('%d.%m.%Y')} {clock}"


def new_session_title(today: _dt.date | None = None) -> str:
    """Default title of a new session: ``"Neue Sitzung 24.11.2026"``."""
    return f"Neue Sitzung {format_date(today or _dt.date.today())}"


def matches(query: str, *texts: str) -> bool:
    """Filter as you type: every word of ``query`` occurs (case-insensitive) in one of ``texts``."""
    words = clean_line(query).casefold().split()
    if not words:
        return True
    haystack = " ".join(texts).casefold()
    return all(w in haystack for w in words)
