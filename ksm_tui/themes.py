"""The app's themes: a calm default, a high-contrast theme for projectors, and the terminal's 16 colours."""

from __future__ import annotations

import os

from textual.theme import Theme

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
        "footer-key-foreground": "#FFFF00",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "input-selection-background": "#FFFF00 60%",
    },
)

THEMES: tuple[Theme, ...] = (STANDARD, KONTRAST)
THEME_NAMES: dict[str, str] = {"standard": "ksm-standard", "kontrast": "ksm-kontrast", "16farben": "ansi-dark"}
PLAIN_TERMS: tuple[str, ...] = ("linux", "vt100", "vt220", "xterm", "ansi")


def resolve_theme(name: str | None) -> str:
    """Map a user-facing name (``standard``, ``kontrast``, ``16farben`` or a Textual theme name) to a theme.

    Without a choice: the 16-colour theme when NO_COLOR is set or the terminal is a plain ``xterm``/``linux``
    console, the default theme otherwise.
    """
    if name:
        return THEME_NAMES.get(name, name)
    if os.environ.get("NO_COLOR") or _plain_terminal():
        return "ansi-dark"
    return STANDARD.name


def choose_theme(option: str | None, remembered: str | None, *, no_color: bool = False) -> str:
    """The theme at start: ``--theme`` wins, then NO_COLOR (the 16-colour theme), then the remembered choice,
    then :func:`resolve_theme`'s guess from the terminal.

    ``no_color``: Textual removes NO_COLOR from the environment when the app is created (``App.no_color``).
    """
    if option:
        return resolve_theme(option)
    if no_color or os.environ.get("NO_COLOR"):
        return "ansi-dark"
    return resolve_theme(remembered or None)


def _plain_terminal() -> bool:
    if "web_driver" in os.environ.get("TEXTUAL_DRIVER", ""):
        return False  # served to a browser (ksm-tui serve): TERM is the server's, the browser has all colours
    return os.environ.get("TERM", "") in PLAIN_TERMS
