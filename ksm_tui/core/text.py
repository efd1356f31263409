"""Hygiene for user text: nothing that reaches the terminal or a document may act as a control sequence."""

from __future__ import annotations

import re

# C0 controls except TAB (\x09) and LF (\x0a), DEL, and the C1 range. CR is folded into LF first.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """Return ``value`` without control characters (ESC, BEL, C1, …); keep ``\\n`` and ``\\t``.

    ``\\r\\n`` and lone ``\\r`` become ``\\n``. With ``multiline=False`` line breaks and tabs become spaces.
    """
    if not isinstance(value, str):
        value = str(value)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    return value


def clean_line(value: str) -> str:
    """A single-line field (title, name, …): control characters removed, breaks folded, ends stripped."""
    return clean_text(value, multiline=False).strip()
