"""The minutes preview: the export's Markdown drawn by one widget, in the app theme's colours.

Textual's Markdown widget builds a widget per block, list item and table cell (~350 for the demo's minutes) and
took about half a second to show F7 after each edit. Rich's Markdown renderable draws the same document in one
widget in a few dozen milliseconds; here it is parsed with the export's own parser (raw HTML off, no linkify),
without terminal hyperlinks, and with the heading, bullet and table styles taken from the app's theme (the ones
Textual's Markdown widget uses), so the preview follows a theme change like the rest of the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Markdown
from rich.style import Style
from rich.theme import Theme
from textual.color import Color, ColorParseError

from ksm_tui import textual_tricks
from ksm_tui.export.html import markdown_parser

TEXT_STYLES = ("bold", "italic", "underline", "strike", "reverse", "dim")


def _style(color: str | None, text_style: str = "") -> Style:
    """A Rich style from a theme colour (``#5FAF87``, ``ansi_green``, …) and a Textual text style."""
    rich_color = None
    if color and color != "transparent":
        try:
            rich_color = Color.parse(color).rich_color
        except ColorParseError:
            rich_color = None
    flags: dict[str, Any] = {name: True for name in text_style.split() if name in TEXT_STYLES}  # Style's flag kwargs
    return Style(color=rich_color, **flags)


def markdown_theme(variables: Mapping[str, str]) -> Theme:
    """Rich's Markdown style names, mapped to the app theme's CSS variables (``App.get_css_variables()``)."""
    get = variables.get
    styles = {
        f"markdown.h{level}": _style(get(f"markdown-h{level}-color"), get(f"markdown-h{level}-text-style", "bold"))
        for level in range(1, 7)
    }
    styles |= {
        "markdown.h1.border": _style(get("markdown-h1-color")),
        "markdown.item.bullet": _style(get("text-primary") or get("primary"), "bold"),
        "markdown.item.number": _style(get("text-primary") or get("primary"), "bold"),
        "markdown.table.header": _style(get("primary"), "bold"),
        "markdown.table.border": _style(get("foreground-muted")),
        "markdown.hr": _style(get("foreground-muted")),
        "markdown.block_quote": _style(get("text-secondary") or get("secondary")),
        "markdown.code": _style(get("accent"), "bold"),
        "markdown.link": _style(get("text-accent") or get("accent"), "underline"),
    }
    return Theme(styles, inherit=True)


class MinutesMarkdown(Markdown):
    """Rich's Markdown renderable for the minutes: the export's parser, no hyperlinks, the app theme's styles."""

    def __init__(self, markup: str, theme: Theme) -> None:
        use_tokens = textual_tricks.enabled("markdown")
        super().__init__("" if use_tokens else markup, hyperlinks=False)
        if use_tokens:
            textual_tricks.markdown_from_tokens(self, markdown_parser().parse(markup))
        self.markup = markup
        self.styles_theme = theme

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        with console.use_theme(self.styles_theme):
            yield from super().__rich_console__(console, options)
