"""Base for the app's section screens: header (session + save state + section tabs), body, footer.

Screens coordinate: they read the open session from the app's :class:`~ksm_tui.workspace.Workspace`, ask the
core for anything computed, hand data to widgets, and change the session only through ``workspace.edit``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen

from ksm_tui.widgets.footer import KeyFooter
from ksm_tui.widgets.header import AppHeader

if TYPE_CHECKING:
    from ksm_tui.app import KsmApp
    from ksm_tui.core.content import Content as GuideContent
    from ksm_tui.core.session import Session
    from ksm_tui.workspace import Workspace


class SectionScreen(Screen[None]):
    """A section of the app (one mode). Subclasses set MODE and HELP_TITLE and implement compose_body."""

    MODE: ClassVar[str] = ""
    HELP_TITLE: ClassVar[str] = ""

    @property
    def ksm(self) -> "KsmApp":
        return self.app  # type: ignore[return-value]

    @property
    def workspace(self) -> "Workspace":
        return self.ksm.workspace

    @property
    def guide(self) -> "GuideContent":
        return self.ksm.guide

    @property
    def session(self) -> "Session | None":
        return self.ksm.workspace.session

    def compose(self) -> ComposeResult:
        yield AppHeader(self.MODE)
        yield from self.compose_body()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets between header and footer. Override."""
        yield from ()

    _resumed: bool = False  # resumed and not suspended since
    _shown_once: bool = False

    _redraw_on_resume: bool = False  # the session changed while another screen was shown

    def on_mount(self) -> None:
        self.workspace.changed.subscribe(self, self._session_published)
        self.session_changed(self.workspace.session)

    def _session_published(self, session: "Session | None") -> None:
        # A screen in the background redraws when it is shown again, not on every edit made elsewhere: the
        # screen being typed in then redraws first and alone (one frame per key).
        if self.is_current:
            self.session_changed(session)
        else:
            self._redraw_on_resume = True

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Each ScreenResume restyles the whole screen (a few dozen ms for a form at 80×24). Not needed when
        # nothing can have changed: the first resume comes right after mounting, which styled every widget, and
        # Textual's switch_mode posts ScreenResume twice for a mode's first screen. After a suspend (another
        # section, a dialog, a theme change meanwhile) the restyle happens as usual.
        # (Called before Screen._on_screen_resume: handlers run along the class hierarchy.)
        if self._resumed or not self._shown_once:
            event.refresh_styles = False
        self._resumed = self._shown_once = True
        if self._redraw_on_resume:
            self._redraw_on_resume = False
            self.session_changed(self.workspace.session)

    _resized: bool = False  # a Resize event has reached Screen's handler (it also sets the breakpoint classes)

    def on_resize(self, event: events.Resize) -> None:
        # Textual sends the start size to the screen up to three times (the app's first size, then the terminal
        # driver's), and each time re-lays out the whole screen: ~10 ms each before the first complete frame of
        # the form. A resize to the size the screen already has changes nothing, so Screen's handler is skipped
        # (for a screen with breakpoints, from the second one on: the first sets the breakpoint classes).
        # Subclasses' own on_resize handlers still run; they come first.
        if event.size == self.outer_size and (self._resized or not self._has_breakpoints()):
            event.prevent_default()
        self._resized = True

    def _has_breakpoints(self) -> bool:
        app = self.app
        horizontal = app.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is None else self.HORIZONTAL_BREAKPOINTS
        vertical = app.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is None else self.VERTICAL_BREAKPOINTS
        return bool(horizontal or vertical)

    def _on_screen_suspend(self, event: events.ScreenSuspend) -> None:
        self._resumed = False

    def session_changed(self, session: "Session | None") -> None:
        """Redraw from the session (also called once on mount). Override."""
