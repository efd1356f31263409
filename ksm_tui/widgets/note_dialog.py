"""A modal dialog to write a multi-line note; returns the cleaned text (may be empty) or None on Esc."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

from ksm_tui.core.text import clean_text


class NoteDialog(ModalScreen[str | None]):
    DEFAULT_CSS = """
    NoteDialog { align: center middle; }
    NoteDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    NoteDialog .dialog-title { text-style: bold; margin-bottom: 1; }
    NoteDialog TextArea { height: 8; }
    NoteDialog .dialog-hint { color: $text-muted; }
    NoteDialog Horizontal { height: auto; align-horizontal: right; }
    NoteDialog Button { margin-left: 1; min-width: 10; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Übernehmen"),
        Binding("escape", "cancel", "Abbrechen"),
    ]

    def __init__(self, title: str, text: str = "") -> None:
        super().__init__()
        self._title = title
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self._title), classes="dialog-title")
            yield TextArea(self._text, id="note-text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            yield Label(Content("Strg+S übernimmt, Esc bricht ab. Leerer Text löscht die Notiz."),
                        classes="dialog-hint")
            with Horizontal():
                yield Button(Content("Übernehmen"), id="note-save", variant="primary")
                yield Button(Content("Abbrechen"), id="note-cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "note-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        self.dismiss(clean_text(self.query_one(TextArea).text).strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
