"""The app's themes: a calm default, a high-contrast theme for projectors, and the terminal's 16 colours."""

from __future__ import annotations

import os

from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet
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


class IncrementalStylesheet(Stylesheet):
    """Textual's stylesheet, re-parsed only as far as something changed.

    Textual re-parses *all* CSS from scratch (a fresh stylesheet without its parse cache) on every ``refresh_css``
    and whenever a screen brings its own CSS file: three times before the first frame of a section screen, and
    twice more on the first visit of each section, though neither the sources nor the theme's variables changed.
    Here a re-parse parses only sources not parsed yet (the parse cache is kept), and setting the variables
    clears that cache only when they differ (a theme change), so every rule is still parsed with the current
    variables.
    """

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._current_variables = dict(variables or {})
        # Room for every CSS source of the app (66 with all sections shown; Textual keeps 64, and a re-parse that
        # walks more sources than the cache holds would miss on every one). Harmless if Textual renames it.
        self._parse_cache = LRUCache(256)

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self._current_variables:
            self._current_variables = dict(variables)
            super().set_variables(variables)

    def reparse(self) -> None:
        self.parse()
