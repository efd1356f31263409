"""The export dialog: format (Markdown/HTML) and target file; returns an :class:`ExportRequest` or None."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from ksm_tui.core.text import clean_line

FORMATS: tuple[tuple[str, str, str], ...] = (
    ("md", "Markdown (.md)", ".md"),
    ("html", "HTML (.html, druckbar als PDF)", ".html"),
)


@dataclass(frozen=True)
class ExportRequest:
    fmt: str  # "md" | "html"
    path: str  # as typed (cleaned); the screen resolves it


class FormatButton(RadioButton):
    """A radio button that shows its state by a symbol, not by colour alone (NO_COLOR, 16 colours): ● / ○."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "●" if self.value else "○"


class ExportDialog(ModalScreen[ExportRequest | None]):
    """Ask for the format and the file. Switching the format swaps the file name's extension."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ExportDialog .dialog-title { text-style: bold; margin-bottom: 1; }
    ExportDialog RadioSet { width: 100%; margin-bottom: 1; }
    ExportDialog .dialog-label { margin-top: 0; }
    ExportDialog .dialog-error { color: $error; text-style: bold; height: auto; }
    ExportDialog .dialog-hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Abbrechen")]

    def __init__(self, fmt: str, path: str, *, base: str, error: str = "") -> None:
        super().__init__()
        self._fmt = fmt if fmt in {f[0] for f in FORMATS} else "md"
        self._path = path
        self._base = base
        self._error = error

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Protokoll exportieren", classes="dialog-title")
            with RadioSet(id="export-format"):
                for fmt, label, _ext in FORMATS:
                    yield FormatButton(label, value=fmt == self._fmt, id=f"format-{fmt}")
            yield Label("Datei:", classes="dialog-label")
            yield Input(value=self._path, id="export-path")
            yield Static(Content(self._error), classes="dialog-error", id="export-error")
            yield Static(
                Content(
                    f"Enter exportiert, Esc bricht ab, Tab wechselt zum Format. "
                    f"Relative Pfade gelten ab {clean_line(self._base)}."
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        path_input = self.query_one("#export-path", Input)
        path_input.focus()
        path_input.cursor_position = len(path_input.value)
        self.call_after_refresh(self._highlight_format)

    def _highlight_format(self) -> None:
        """Start the format choice's highlight on the chosen format (RadioSet starts on the first one)."""
        radio_set = self.query_one("#export-format", RadioSet)
        for _ in range(radio_set.pressed_index):
            radio_set.action_next_button()

    @property
    def fmt(self) -> str:
        return self._fmt

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        new = (event.pressed.id or "").removeprefix("format-")
        if new == self._fmt:
            return
        old_ext = dict((f, e) for f, _l, e in FORMATS)[self._fmt]
        new_ext = dict((f, e) for f, _l, e in FORMATS)[new]
        self._fmt = new
        path_input = self.query_one("#export-path", Input)
        if path_input.value.lower().endswith(old_ext):
            path_input.value = path_input.value[: -len(old_ext)] + new_ext

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = clean_line(event.value)
        if not value:
            self.query_one("#export-error", Static).update(Content("Bitte einen Dateinamen eingeben."))
            return
        self.dismiss(ExportRequest(self._fmt, value))

    def action_cancel(self) -> None:
        self.dismiss(None)
