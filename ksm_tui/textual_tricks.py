"""Every place where ksm-tui relies on Textual's (or Rich's) internals or on the order Textual does things in.

Nowhere else in ``ksm_tui`` is a private Textual name used. Each trick below says what it saved when it was
introduced (figures from the commits that added it; to re-measure, run ``benchmarks/run.py --only start`` with
and without ``KSM_TUI_TRICKS_OFF=name,...``, which switches a trick off) and has a test in
``tests/test_textual_tricks.py`` that fails when Textual changes the behaviour it relies on. When such a test
fails after a Textual upgrade: switch the trick off (or delete it) — the app works without it, only a little
slower — and re-measure.

Tricks (name for ``KSM_TUI_TRICKS_OFF``):

* ``stylesheet`` — :class:`IncrementalStylesheet`: CSS parsed once per source instead of three times before the
  first frame and twice on each section's first visit.
* ``resume`` — :class:`QuietScreen`: no whole-screen restyle for a ScreenResume right after mounting.
* ``resize`` — :class:`QuietScreen`: no re-layout for a Resize to the size the screen already has.
* ``detached`` — :class:`QuietApp`: no restyle of widgets that are not in the DOM yet.
* (always on) :class:`QuietApp` keeps the traceback of a crash for the crash log (``App._handle_exception``).
* ``markdown`` — :func:`markdown_from_tokens`: Rich's Markdown renderable drawn from tokens of our own parser.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from textual import events
from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

if TYPE_CHECKING:
    from markdown_it.token import Token
    from rich.markdown import Markdown
    from textual.app import App
    from textual.dom import DOMNode

OFF_ENV = "KSM_TUI_TRICKS_OFF"
NAMES = ("stylesheet", "resume", "resize", "detached", "markdown")


def enabled(name: str) -> bool:
    """Whether trick ``name`` is on (all are, unless named in ``KSM_TUI_TRICKS_OFF``, for measuring)."""
    return name not in {part.strip() for part in os.environ.get(OFF_ENV, "").split(",")}


# -- stylesheet ----------------------------------------------------------------------------------------------


class IncrementalStylesheet(Stylesheet):
    """Textual's stylesheet, re-parsed only as far as something changed.

    Textual re-parses *all* CSS from scratch on every ``refresh_css`` and whenever a screen brings its own CSS
    file: three times before the first frame of a section screen, and twice more on the first visit of each
    section, though neither the sources nor the theme's variables changed. Here a re-parse parses only sources
    not parsed yet (Textual's private parse cache ``_parse_cache`` is kept and made big enough for all our
    sources), and setting the variables clears that cache only when they differ (a theme change), so every rule
    is still parsed with the current variables.

    Relies on: ``App.stylesheet`` being the object Textual parses into (assigned once in ``KsmApp.__init__``), and
    ``Stylesheet.parse`` consulting ``self._parse_cache``.
    Saves: measured 2026-12-01, the first visit of F4/F5/F6 0.10–0.14 s instead of 0.13–0.23 s.
    """

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._current_variables = dict(variables or {})
        # Room for every CSS source of the app (66 with all sections shown; Textual keeps 64, and a re-parse that
        # walks more sources than the cache holds would miss on every one).
        self._parse_cache = LRUCache(256)

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self._current_variables:
            self._current_variables = dict(variables)
            super().set_variables(variables)

    def reparse(self) -> None:
        self.parse()


def install_stylesheet(app: App[Any]) -> None:
    """Give ``app`` an :class:`IncrementalStylesheet` with its current theme's variables (before any CSS is read)."""
    if enabled("stylesheet"):
        app.stylesheet = IncrementalStylesheet(variables=app.get_css_variables())


# -- screens -------------------------------------------------------------------------------------------------


class QuietScreen(Screen[None]):
    """A screen that skips two redundant passes Textual makes around showing it.

    *resume*: each ScreenResume restyles the whole screen (``Screen._on_screen_resume`` →
    ``update_node_styles``). Not needed when nothing can have changed: the first resume comes right after
    mounting, which styled every widget, and ``switch_mode`` posts ScreenResume twice for a mode's first
    screen. After a suspend (another section, a dialog, a theme change meanwhile) the restyle happens as usual.
    Relies on: our ``_on_screen_resume`` running before Screen's (Textual calls the handlers of each class along
    the MRO, subclass first) and on ``ScreenResume.refresh_styles``. Saves: a few dozen ms for the form at 80×24
    (measured 2026-11-25).

    *resize*: Textual sends the start size to the screen up to three times (the app's first size, then the
    terminal driver's), and each time re-lays out the whole screen: ~10 ms each before the first complete frame
    of the form. A resize to the size the screen already has changes nothing, so Screen's handler is skipped
    (for a screen with breakpoints from the second one on: the first sets the breakpoint classes).
    Relies on: ``prevent_default()`` keeping Screen's own ``_on_resize`` from running, and on ``outer_size``
    already holding the new size when our handler runs. Subclasses' own ``on_resize`` handlers still run first.
    """

    _resumed: bool = False  # resumed and not suspended since
    _shown_once: bool = False
    _resized: bool = False  # a Resize event has reached Screen's handler (it also sets the breakpoint classes)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if enabled("resume") and (self._resumed or not self._shown_once):
            event.refresh_styles = False
        self._resumed = self._shown_once = True
        self.screen_resumed()

    def _on_screen_suspend(self) -> None:  # Screen's own handler takes no event either
        self._resumed = False

    def on_resize(self, event: events.Resize) -> None:
        if (enabled("resize") and event.size == self.outer_size
                and (self._resized or not self._has_breakpoints())):
            event.prevent_default()
        self._resized = True

    def _has_breakpoints(self) -> bool:
        app = self.app
        horizontal = app.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is None else self.HORIZONTAL_BREAKPOINTS
        vertical = app.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is None else self.VERTICAL_BREAKPOINTS
        return bool(horizontal or vertical)

    def screen_resumed(self) -> None:
        """Called on every ScreenResume, after the bookkeeping above. Override."""


# -- app -----------------------------------------------------------------------------------------------------


class QuietApp:
    """Mixin for the App: no restyle of widgets that are not in the DOM yet.

    Widgets set classes in their constructors (Input: ``-textual-compact`` …); Textual then restyles such a
    node at once (``App.update_styles``) although it is not in the DOM yet and is styled anyway when mounted.
    Relies on: Textual routing those restyles through ``App.update_styles`` and styling every node on mount.
    Saves: a style pass per such widget on a screen's first paint (the form: 13 inputs).
    """

    crash_report: str | None = None  # the traceback of an unhandled exception, for the crash log (cli.py)

    def _handle_exception(self, error: Exception) -> None:
        # Textual's one funnel for unhandled exceptions (private): it prints the traceback at exit and sets
        # return_code 1, but offers no public way to get at the exception for a log file.
        import traceback

        self.crash_report = "".join(traceback.format_exception(error))
        super()._handle_exception(error)  # type: ignore[misc]

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        if enabled("detached") and node is not self and not node.is_attached:
            return
        super().update_styles(node, animate)  # type: ignore[misc]


# -- Rich Markdown -------------------------------------------------------------------------------------------


def markdown_from_tokens(markdown: Markdown, tokens: list[Token]) -> None:
    """Make Rich's ``Markdown`` renderable draw ``tokens`` (parsed with the export's parser: raw HTML off).

    Rich's constructor parses with its own parser (raw HTML on); its renderer reads the tokens from the
    attribute ``parsed``, which is not documented. Relies on: ``Markdown.__rich_console__`` reading
    ``self.parsed``. Saves: a second parse, and shows raw HTML in a note as text, like the exported minutes.
    The caller checks ``enabled("markdown")`` and otherwise passes the text to Rich's constructor.
    """
    markdown.parsed = tokens
