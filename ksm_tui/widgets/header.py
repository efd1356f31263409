"""The two top lines of every screen: what is open and whether it is saved, and the sections with their keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static


class SessionLine(Static):
    """Line 1: app name, the open session's title and Kommune, and the save state."""

    DEFAULT_CSS = """
    SessionLine { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """


class SectionTabs(Static):
    """Line 2: the sections as tabs with their function keys; the current one highlighted."""

    DEFAULT_CSS = """
    SectionTabs { height: 1; background: $boost; padding: 0 0; }
    """


class AppHeader(Widget):
    DEFAULT_CSS = """
    AppHeader { height: 2; dock: top; }
    """

    title: reactive[str] = reactive("", layout=False)

    def __init__(self, current_mode: str) -> None:
        super().__init__()
        self.current_mode = current_mode
        self._shown: tuple[Content | None, Content | None] = (None, None)

    def compose(self) -> ComposeResult:
        yield SessionLine(id="session-line")
        yield SectionTabs(id="section-tabs")

    def on_mount(self) -> None:
        ws = self.app.workspace  # type: ignore[attr-defined]
        ws.changed.subscribe(self, lambda _s: self.refresh_lines())
        ws.status_changed.subscribe(self, lambda _s: self.refresh_lines())
        self.refresh_lines()

    def refresh_lines(self) -> None:
        app = self.app
        ws = app.workspace  # type: ignore[attr-defined]
        session = ws.session
        width = max(self.size.width, 80)
        if session is None:
            left = Content.assemble(("ksm-tui", "bold"), " · keine Sitzung geöffnet")
            right = Content("")
        else:
            title = session.title or "(ohne Titel)"
            kommune = f" · {session.kommune}" if session.kommune and session.kommune not in title else ""
            left = Content.assemble(("ksm-tui", "bold"), " · ", Content(title + kommune))
            status = ws.status
            style = {"gespeichert": "$success", "speichert": "$warning", "fehler": "bold $error",
                     "konflikt": "bold $error", "nur-lesen": "bold $warning"}[status.state]
            right = Content.styled(status.label, style)
        room = width - 2 - right.cell_length - 1
        if left.cell_length > room:
            left = left.truncate(max(room - 1, 1), ellipsis=True)
        pad = max(width - 2 - left.cell_length - right.cell_length, 1)
        # Repaint only a line that changed: every edit publishes the session, and the header rarely changes.
        lines = (Content.assemble(left, " " * pad, right), app.section_tabs(self.current_mode))  # type: ignore[attr-defined]
        widgets = (self.query_one(SessionLine), self.query_one(SectionTabs))
        for widget, old, new in zip(widgets, self._shown, lines, strict=True):
            if new != old:
                widget.update(new, layout=False)  # 1 line, fixed height: no re-layout
        self._shown = lines

    def on_resize(self) -> None:
        self.refresh_lines()
