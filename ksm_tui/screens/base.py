"""Base for the app's section screens: header (session + save state + section tabs), body, footer.

Screens coordinate: they read the open session from the app's :class:`~ksm_tui.workspace.Workspace`, ask the
core for anything computed, hand data to widgets, and change the session only through ``workspace.edit``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult

from ksm_tui.textual_tricks import QuietScreen
from ksm_tui.widgets.footer import KeyFooter
from ksm_tui.widgets.header import AppHeader

if TYPE_CHECKING:
    from ksm_tui.app import KsmApp
    from ksm_tui.core.content import Content as GuideContent
    from ksm_tui.core.session import Session
    from ksm_tui.workspace import Workspace


class SectionScreen(QuietScreen):
    """A section of the app (one mode). Subclasses set MODE and HELP_TITLE and implement compose_body."""

    MODE: ClassVar[str] = ""
    HELP_TITLE: ClassVar[str] = ""

    @property
    def ksm(self) -> KsmApp:
        return self.app  # type: ignore[return-value]

    @property
    def workspace(self) -> Workspace:
        return self.ksm.workspace

    @property
    def guide(self) -> GuideContent:
        return self.ksm.guide

    @property
    def session(self) -> Session | None:
        return self.ksm.workspace.session

    def compose(self) -> ComposeResult:
        yield AppHeader(self.MODE)
        yield from self.compose_body()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets between header and footer. Override."""
        yield from ()

    _redraw_on_resume: bool = False  # the session changed while another screen was shown

    def on_mount(self) -> None:
        self.workspace.changed.subscribe(self, self._session_published)
        self.session_changed(self.workspace.session)

    def _session_published(self, session: Session | None) -> None:
        # A screen in the background redraws when it is shown again, not on every edit made elsewhere: the
        # screen being typed in then redraws first and alone (one frame per key).
        if self.is_current:
            self.session_changed(session)
        else:
            self._redraw_on_resume = True

    def screen_resumed(self) -> None:
        if self._redraw_on_resume:
            self._redraw_on_resume = False
            self.session_changed(self.workspace.session)

    def session_changed(self, session: Session | None) -> None:
        """Redraw from the session (also called once on mount). Override."""
