"""F1 / ?: every key, per screen, in German — built from the screens' own BINDINGS, so it never goes stale."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ksm_tui.widgets.footer import KeyFooter
from ksm_tui.widgets.hanging import Hanging

# Keys that every list/table/input understands; shown once so users know them without reading each screen.
COMMON_KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓ ← →", "bewegen"),
    ("Tab / Shift+Tab", "nächstes / vorheriges Feld"),
    ("Enter", "auswählen / bestätigen"),
    ("Enter / ↓ / Leertaste", "Auswahlfeld öffnen (Typ, Förderphase, Modell); dort Enter wählt, Esc schließt"),
    ("Esc", "zurück / abbrechen"),
    ("Strg+P", "Befehlspalette (Abschnitte, Modelle, Export, Farbschema)"),
)


def german_key(display: str) -> str:
    """Key names as on a German keyboard: ``^p`` → ``Strg+P``, ``f1`` → ``F1``, ``delete`` → ``Entf``."""
    names = {"delete": "Entf", "del": "Entf", "backspace": "Rücktaste", "⌫": "Rücktaste", "escape": "Esc",
             "esc": "Esc", "enter": "Enter", "⏎": "Enter", "tab": "Tab", "space": "Leertaste",
             "pageup": "Bild↑", "pagedown": "Bild↓", "home": "Pos1", "end": "Ende"}
    if display.startswith("^") and len(display) > 1:
        return "Strg+" + display[1:].upper()
    for prefix, german in (("alt+", "Alt+"), ("shift+", "Shift+")):
        if display.lower().startswith(prefix) and len(display) > len(prefix):
            return german + german_key(display[len(prefix):])
    if display.lower() in names:
        return names[display.lower()]
    if len(display) in (2, 3) and display[0] == "f" and display[1:].isdigit():
        return display.upper()
    return display


KEY_COLUMN = 10  # the key column in the help in the help; longer keys get a line of their own


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", "Schließen"),
        Binding("f1", "dismiss", "Schließen", show=False),
        Binding("q", "dismiss", "Schließen", show=False),
    ]

    def __init__(self, origin: Screen) -> None:
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Content.styled("Hilfe – Tastenkürzel", "bold"), id="help-title")
            for title, rows in self._sections():
                yield Static(self._section_text(title, rows), classes="help-section")
        yield KeyFooter()

    def _sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        app = self.app
        out: list[tuple[str, list[tuple[str, str]]]] = []
        origin_name = getattr(self.origin, "HELP_TITLE", "") or type(self.origin).__name__
        out.append((f"Dieser Bildschirm: {origin_name}", self._rows(type(self.origin).BINDINGS)))
        out.append(("Überall", self._rows(type(app).BINDINGS)))
        out.append(("In Listen, Tabellen und Feldern", list(COMMON_KEYS)))
        for s in app.sections:  # type: ignore[attr-defined]
            cls = s.load()
            if cls is type(self.origin):
                continue
            rows = self._rows(cls.BINDINGS)
            if rows:
                out.append((f"{s.label} ({s.key.upper()})", rows))
        return out

    def _rows(self, bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        seen: dict[str, int] = {}
        for b in Binding.make_bindings(bindings):
            text = b.tooltip or b.description
            if not text:
                continue
            key = german_key(self.app.get_key_display(b))
            if text in seen:  # secondary key for the same action: "F1 / ?"
                i = seen[text]
                if key not in rows[i][0].split(" / "):
                    rows[i] = (f"{rows[i][0]} / {key}", text)
                continue
            seen[text] = len(rows)
            rows.append((key, text))
        return rows

    @staticmethod
    def _section_text(title: str, rows: list[tuple[str, str]]) -> Hanging:
        """The section title, then one row per key: the key column, the text wrapping under itself.

        A key longer than :data:`KEY_COLUMN` gets a line of its own, its text starts on the next line."""
        width = KEY_COLUMN
        out: list[tuple[Content | str | None, Content | str]] = [(None, Content.styled(title, "bold underline"))]
        for key, text in rows:
            if len(key) > width:
                out.extend([(None, Content.styled(f"  {key}", "bold")), ("", Content(text))])
            else:
                out.append((Content.styled(f"  {key.ljust(width)}  ", "bold"), Content(text)))
        return Hanging(out, gutter_width=width + 4)
