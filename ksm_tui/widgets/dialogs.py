"""Small modal dialogs that return a value through ``dismiss``.

User text inside messages is shown literally (``Content(...)``), never parsed as markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static
from textual.widgets.button import ButtonVariant

from ksm_tui.core.text import clean_line, clean_text


class ChoiceDialog(ModalScreen[str | None]):
    """A question with a few buttons; returns the chosen id, or ``None`` on Esc."""

    DEFAULT_CSS = """
    ChoiceDialog { align: center middle; }
    ChoiceDialog > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    ChoiceDialog .dialog-title { text-style: bold; margin-bottom: 1; }
    ChoiceDialog .dialog-message { margin-bottom: 1; }
    ChoiceDialog Horizontal { height: auto; align-horizontal: right; }
    ChoiceDialog Button { margin-left: 1; min-width: 10; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Abbrechen"),
        Binding("left", "app.focus_previous", "zurück", show=False),
        Binding("right", "app.focus_next", "weiter", show=False),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        choices: list[tuple[str, str]],
        *,
        default: str | None = None,
        danger: str | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._choices = choices
        self._default = default or (choices[0][0] if choices else None)
        self._danger = danger

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self._title), classes="dialog-title")
            yield Static(Content(clean_text(self._message)), classes="dialog-message")
            with Horizontal():
                for choice_id, label in self._choices:
                    variant: ButtonVariant = (
                        "error" if choice_id == self._danger else "primary" if choice_id == self._default else "default"
                    )
                    yield Button(Content(label), id=f"choice-{choice_id}", variant=variant)

    def on_mount(self) -> None:
        if self._default is not None:
            self.query_one(f"#choice-{self._default}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ChoiceDialog):
    """Yes/no question; returns "ja" or None."""

    def __init__(self, title: str, message: str, *, yes: str = "Ja", no: str = "Abbrechen",
                 danger: bool = False) -> None:
        super().__init__(title, message, [("ja", yes), ("nein", no)], default="nein" if danger else "ja",
                         danger="ja" if danger else None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        event.prevent_default()  # Textual would also run ChoiceDialog's handler: a second dismiss
        self.dismiss("ja" if event.button.id == "choice-ja" else None)


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text (e.g. a new title or a file path); returns it cleaned, or None on Esc."""

    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt > Vertical {
        width: 70; max-width: 100%; height: auto; border: thick $primary; background: $surface; padding: 1 2;
    }
    TextPrompt .dialog-title { text-style: bold; margin-bottom: 1; }
    TextPrompt .dialog-hint { color: $text-muted; margin-top: 1; }
    TextPrompt .dialog-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Abbrechen")]

    def __init__(self, title: str, value: str = "", *, hint: str = "Enter übernimmt, Esc bricht ab.") -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self._title), classes="dialog-title")
            yield Input(value=self._value, id="prompt-input")
            yield Static("", classes="dialog-error", id="prompt-error")
            yield Label(Content(self._hint), classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = clean_line(event.value)
        if not value:
            self.query_one("#prompt-error", Static).update(Content("Bitte einen Wert eingeben."))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
