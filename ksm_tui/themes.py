"""The app's themes: a calm default, a high-contrast theme for projectors, and the terminal's 16 colours."""

from __future__ import annotations

import os
from dataclasses import replace

from textual.theme import BUILTIN_THEMES, Theme

STANDARD = Theme(
    name="ksm-standard",
    primary="#5FAF87",
    secondary="#5F87AF",
    accent="#D7AF5F",
    warning="#D7AF5F",
    error="#E06C75",
    success="#87D787",
    foreground="#E4E4E4",
    background="#1C1F22",
    surface="#25292D",
    panel="#2F353A",
    dark=True,
)

# For projectors: pure black and white, strong yellow/cyan accents, no thin or low-alpha colours.
KONTRAST = Theme(
    name="ksm-kontrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFAF00",
    error="#FF5F5F",
    success="#5FFF5F",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#262626",
    boost="#303030",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": "#FFFFFF",
        # Borders (and the note field's title on its border) use $panel-lighten-2, which without luminosity
        # spread is the panel colour #262626 itself: next to invisible on black, and black on black in 16 colours.
        "panel-lighten-2": "#A8A8A8",
        "footer-key-foreground": "#FFFF00",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "input-selection-background": "#FFFF00 60%",
    },
)

# NO_COLOR: the terminal's own foreground and background only (Textual's NoColor filter removes every colour,
# see KsmApp), so everything that stands out must do so by text style: cursors and selections in reverse.
_ANSI_DARK = BUILTIN_THEMES["ansi-dark"]
OHNE_FARBE = replace(
    _ANSI_DARK,
    name="ksm-ohne-farbe",
    variables={
        **_ANSI_DARK.variables,
        "block-cursor-text-style": "reverse bold",
        "block-cursor-blurred-text-style": "reverse",
        "input-cursor-text-style": "reverse",
    },
)

THEMES: tuple[Theme, ...] = (STANDARD, KONTRAST, OHNE_FARBE)
ANSI_THEMES: frozenset[str] = frozenset(t.name for t in (*BUILTIN_THEMES.values(), *THEMES) if t.ansi)
THEME_NAMES: dict[str, str] = {"standard": "ksm-standard", "kontrast": "ksm-kontrast", "16farben": "ansi-dark"}
PLAIN_TERMS: tuple[str, ...] = ("linux", "vt100", "vt220", "xterm", "ansi")


def resolve_theme(name: str | None) -> str:
    """Map a user-facing name (``standard``, ``kontrast``, ``16farben`` or a Textual theme name) to a theme.

    Without a choice: the 16-colour theme when NO_COLOR is set or the terminal is a plain ``xterm``/``linux``
    console, the default theme otherwise.
    """
    if name:
        return THEME_NAMES.get(name, name)
    if no_color_requested():
        return OHNE_FARBE.name
    if _plain_terminal():
        return "ansi-dark"
    return STANDARD.name


def choose_theme(option: str | None, remembered: str | None) -> str:
    """The theme at start: ``--theme`` wins, then NO_COLOR (the theme without colours), then the remembered
    choice, then :func:`resolve_theme`'s guess from the terminal."""
    if option:
        return resolve_theme(option)
    if no_color_requested():
        return OHNE_FARBE.name
    return resolve_theme(remembered or None)


def no_color_requested() -> bool:
    """NO_COLOR is set (to anything, as Textual reads it: then it removes colour from the output)."""
    return "NO_COLOR" in os.environ


def _plain_terminal() -> bool:
    if "web_driver" in os.environ.get("TEXTUAL_DRIVER", ""):
        return False  # served to a browser (ksm-tui serve): TERM is the server's, the browser has all colours
    return os.environ.get("TERM", "") in PLAIN_TERMS
