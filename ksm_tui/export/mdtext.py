"""Markdown escaping for untrusted text: user input must never change the document's structure.

Strategy (CommonMark + GFM, as rendered by GitHub/GitLab, editors' previews and markdown-it-py):

* Control characters (ESC, BEL, C1, …) are removed first (:func:`ksm_tui.core.text.clean_text`).
* Inline: ``\\`` and the characters that open inline constructs — ``` ` ``` (code), ``*`` ``_`` (emphasis),
  ``[`` ``]`` (links, images, footnotes, reference definitions), ``<`` (raw HTML, autolinks), ``|`` (tables),
  ``~`` (strikethrough, fences), ``$`` (math on GitHub/GitLab) — are backslash-escaped everywhere; ``&`` only
  where it would start an entity (``&lt;``). ``#`` is escaped everywhere in headings (closing sequences).
* Line starts: leading whitespace is dropped (no indented code), and a leading ``#`` ``>`` ``-`` ``+`` ``=``
  (headings, block quotes, lists, thematic breaks, setext underlines) or ``1.`` / ``1)`` (ordered lists) is
  escaped. Every line of a text is treated as a line start, because it may land at the start of a block.
* Multi-line text keeps its lines, joined with hard line breaks (a trailing backslash); blank lines are dropped
  inside list items (they would end the item) and become paragraph breaks only in top-level paragraphs.
* Table cells: line breaks become the visible separator :data:`CELL_BREAK` (no raw HTML such as ``<br>``,
  which the HTML rendering does not allow).

Backslash escapes of ASCII punctuation are part of CommonMark, so the rendered text shows exactly what the user
typed, while the raw Markdown stays readable (only the few characters above get a backslash).
"""

from __future__ import annotations

import re

from ksm_tui.core.text import clean_line, clean_text

CELL_BREAK = " / "
HARD_BREAK = "\\"

_INLINE = re.compile(r"[\\`*_\[\]<|~$]")
_HASH = re.compile(r"#")
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)")
_LINE_START = re.compile(r"^([#>+\-=])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape_inline(text: str, *, heading: bool = False) -> str:
    """Escape one line of text (no line breaks in ``text``) so it is literal wherever it is placed."""
    text = _INLINE.sub(lambda m: "\\" + m.group(0), text)
    text = _ENTITY.sub(r"\\&", text)
    if heading:
        text = _HASH.sub(r"\\#", text)
    text = text.strip()
    text = _LINE_START.sub(r"\\\1", text)
    text = _ORDERED.sub(r"\1\\\2", text)
    return text


def inline(value: object, *, heading: bool = False) -> str:
    """A single-line field (title, name, label): cleaned, folded to one line and escaped."""
    return escape_inline(clean_line(str(value)), heading=heading)


def lines(value: object) -> list[str]:
    """The escaped, non-empty lines of a multi-line text."""
    out = []
    for raw in clean_text(str(value)).replace("\t", " ").split("\n"):
        line = escape_inline(raw)
        if line:
            out.append(line)
    return out


def block(value: object, *, indent: str = "") -> str:
    """Multi-line text as one paragraph (inside a list item or after a label): lines joined by hard breaks.

    Continuation lines are indented with ``indent`` so they stay inside a list item.
    """
    return (HARD_BREAK + "\n" + indent).join(lines(value))


def paragraphs(value: object) -> list[str]:
    """Multi-line text as top-level paragraphs: blank lines separate paragraphs, lines within keep hard breaks."""
    text = clean_text(str(value))
    out = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        para = block(chunk)
        if para:
            out.append(para)
    return out


def cell(value: object) -> str:
    """Text for a table cell: one line, line breaks shown as :data:`CELL_BREAK`, pipes escaped."""
    return CELL_BREAK.join(lines(value))
