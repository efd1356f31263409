"""F7 Protokoll: a live preview of the minutes and their export as Markdown or HTML.

The preview renders exactly the Markdown the export writes (``ksm_tui.export.to_markdown``), parsed with the
export's own parser (CommonMark + tables, no raw HTML, no automatic links), so user text stays literal.
It is one widget showing Rich's Markdown renderable (see ``ksm_tui.widgets.minutes_preview``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import ContentSwitcher, Static, TextArea

from ksm_tui import __version__
from ksm_tui.core.text import clean_line
from ksm_tui.export import (
    ExportError,
    default_export_name,
    exports_dir,
    resolve_export_path,
    to_html,
    to_markdown,
    write_export,
)
from ksm_tui.screens.base import SectionScreen
from ksm_tui.widgets.dialogs import ConfirmDialog
from ksm_tui.widgets.export_dialog import ExportDialog, ExportRequest
from ksm_tui.widgets.minutes_preview import MinutesMarkdown, markdown_theme

if TYPE_CHECKING:
    from ksm_tui.core.session import Session

FORMAT_NAMES = {"md": "Markdown", "html": "HTML"}
NO_SESSION = "*Keine Sitzung geöffnet – bitte unter F2 Sitzungen eine Sitzung öffnen.*"


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class MinutesScreen(SectionScreen):
    """Preview of the minutes (rendered or as Markdown text) and the export dialog."""

    MODE = "protokoll"
    HELP_TITLE = "Protokoll"
    CSS_PATH = "minutes.tcss"

    BINDINGS = [
        Binding("e", "export('md')", "Export MD", id="export-md",
                tooltip="Protokoll als Markdown-Datei (.md) speichern"),
        Binding("h", "export('html')", "Export HTML", id="export-html",
                tooltip="Protokoll als HTML-Datei speichern (im Browser als PDF druckbar)"),
        Binding("m", "toggle_source", "Quelltext", id="toggle-source",
                tooltip="Zwischen Vorschau und Markdown-Quelltext umschalten"),
    ]

    # The export time; replaced in tests for reproducible output.
    clock = staticmethod(_now)

    def __init__(self) -> None:
        super().__init__()
        self._markdown = ""  # what the preview shows
        self._shown_theme: str | None = None  # the theme the preview was drawn with
        self._stale = True  # the session changed while the screen was not shown
        self._show_source = False

    def compose_body(self) -> ComposeResult:
        yield Static("", id="minutes-info")
        with ContentSwitcher(initial="minutes-preview", id="minutes-switcher"):
            with VerticalScroll(id="minutes-preview"):
                yield Static(id="minutes-markdown")
            yield TextArea(id="minutes-source", read_only=True, soft_wrap=False, show_line_numbers=False)

    def on_mount(self) -> None:
        # (SectionScreen.on_mount runs as well: Textual calls on_mount along the class hierarchy.)
        self.query_one("#minutes-preview").focus()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, _theme: object) -> None:
        self._shown_theme = None  # the preview's colours come from the theme: draw it again
        self.session_changed(self.session)

    # -- preview ---------------------------------------------------------------------------------------------

    def session_changed(self, session: Session | None) -> None:
        self._stale = True
        if self.is_current:
            self._refresh_preview()

    def on_screen_resume(self) -> None:
        if self._stale:
            self._refresh_preview()

    def render_markdown(self, session: Session) -> str:
        return to_markdown(session, self.guide, app_version=__version__, exported_at=self.clock())

    def _refresh_preview(self) -> None:
        self._stale = False
        session = self.session
        text = self.render_markdown(session) if session is not None else ""
        self._update_info()
        if text == self._markdown and self._shown_theme == self.app.theme:
            return
        if text != self._markdown:
            self.query_one("#minutes-source", TextArea).load_text(text)
        self._markdown, self._shown_theme = text, self.app.theme
        theme = markdown_theme(self.app.theme_variables)
        self.query_one("#minutes-markdown", Static).update(MinutesMarkdown(text or NO_SESSION, theme))

    def _update_info(self) -> None:
        if self._show_source:
            info = "Markdown-Quelltext des Protokolls · m Vorschau · e/h exportieren"
        else:
            info = "Vorschau: so wird das Protokoll exportiert · m Quelltext · e/h exportieren"
        self.query_one("#minutes-info", Static).update(Content(info))

    @property
    def markdown(self) -> str:
        """The Markdown shown in the preview (empty without a session)."""
        return self._markdown

    def action_toggle_source(self) -> None:
        self._show_source = not self._show_source
        target = "minutes-source" if self._show_source else "minutes-preview"
        self.query_one("#minutes-switcher", ContentSwitcher).current = target
        self.query_one(f"#{target}").focus()
        self._update_info()

    # -- export ----------------------------------------------------------------------------------------------

    @property
    def export_base(self) -> Path:
        """Default folder for exports: ``exports/`` next to the database."""
        return exports_dir(self.ksm.store.path)

    def action_export(self, fmt: str = "md") -> None:
        session = self.session
        if session is None:
            self.notify("Bitte zuerst eine Sitzung öffnen (F2 Sitzungen).", severity="warning", markup=False)
            return
        name = default_export_name(session, fmt, self.clock().date())
        self._ask(fmt, str(self.export_base / name))

    def _ask(self, fmt: str, path: str, error: str = "") -> None:
        dialog = ExportDialog(fmt, path, base=str(self.export_base), error=error)
        self.app.push_screen(dialog, self._chosen)

    def _chosen(self, request: ExportRequest | None) -> None:
        if request is None:
            return
        try:
            target = resolve_export_path(request.path, self.export_base, request.fmt)
        except ValueError:
            self._ask(request.fmt, request.path, "Bitte einen gültigen Dateinamen eingeben.")
            return
        if target.is_dir():
            self._ask(request.fmt, request.path,
                      f"{clean_line(str(target))} ist ein Ordner – bitte einen Dateinamen angeben.")
            return
        if target.exists():
            def confirmed(answer: str | None) -> None:
                if answer == "ja":
                    self._write(request, target)
                else:
                    self._ask(request.fmt, request.path)

            self.app.push_screen(
                ConfirmDialog(
                    "Datei überschreiben?",
                    f"Die Datei gibt es schon:\n{target}\n\nSoll sie durch das neue Protokoll ersetzt werden?",
                    yes="Überschreiben",
                    danger=True,
                ),
                confirmed,
            )
            return
        self._write(request, target)

    def _write(self, request: ExportRequest, target: Path) -> None:
        session = self.session
        if session is None:
            return
        render = to_html if request.fmt == "html" else to_markdown
        text = render(session, self.guide, app_version=__version__, exported_at=self.clock())
        self._write_file(request, target, text)

    @work(thread=True, exclusive=True, group="export")
    def _write_file(self, request: ExportRequest, target: Path, text: str) -> None:
        try:
            written = write_export(target, text)
        except ExportError as exc:
            self.app.call_from_thread(self._failed, request, str(exc))
            return
        self.app.call_from_thread(self._done, request.fmt, written)

    def _failed(self, request: ExportRequest, message: str) -> None:
        self.notify(message, title="Export fehlgeschlagen", severity="error", timeout=10, markup=False)
        self._ask(request.fmt, request.path, message)

    def _done(self, fmt: str, path: Path) -> None:
        full = clean_line(str(path.absolute()))
        self.notify(f"Protokoll ({FORMAT_NAMES.get(fmt, fmt)}) gespeichert:\n{full}", title="Export", timeout=8,
                    markup=False)
