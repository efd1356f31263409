"""A one-line choice field for forms, with its list in German."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.segment import Segment
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ksm_tui.widgets.footer import KeyFooter

V = TypeVar("V", bound=Hashable)

ARROW = " ▼"


class ChoiceList(ModalScreen["tuple[int] | None"]):
    """The open list of a ChoiceField, drawn under the field. Dismissed with the chosen index, or None."""

    DEFAULT_CSS = """
    ChoiceList {
        align: left top;
        & > OptionList {
            width: auto;
            height: auto;
            max-height: 12;
            border: tall $border;
            background: $surface;
            padding: 0;
            & > .option-list--option { padding: 0 1; }
        }
    }
    """
    BINDINGS = [
        Binding("escape", "close", "Liste schließen"),
        Binding("enter", "choose", "Auswählen", priority=True),
    ]

    def __init__(self, labels: Sequence[str], current: int, *, x: int, y: int, width: int) -> None:
        super().__init__()
        self.styles.background = "transparent"  # the form stays visible around the list (inline: app CSS sets Screen)
        self._labels = labels
        self._current = current
        self._at = (x, y, width)

    def compose(self) -> ComposeResult:
        options = OptionList(*(Option(Content(label)) for label in self._labels))
        x, y, width = self._at
        options.styles.offset = (x, y)
        options.styles.min_width = width
        yield options
        yield KeyFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self._current
        options.focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_choose(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        self.dismiss(None if highlighted is None else (highlighted,))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss((event.option_index,))

    def on_click(self, event: events.Click) -> None:
        if event.widget is self:  # a click beside the list closes it
            self.dismiss(None)


class ChoiceField(Widget, Generic[V], can_focus=True):
    """The chosen option's label and ▼ on one line. Enter, Space or ↓ (or a click) open the list.

    Light on purpose: Textual's Select is five widgets with a list overlay each, on the first screen of the app,
    and its list says "Dismiss menu". ``value`` is None for "nothing chosen" (shown as ``prompt``) when
    ``allow_blank``. Setting ``value`` in code posts nothing; a choice made by the user posts :class:`Changed`.
    """

    DEFAULT_CSS = """
    ChoiceField {
        height: 1;
        width: 1fr;
        background: $surface;
        color: $foreground;
        &:focus { background-tint: $foreground 5%; }
        &:disabled { opacity: 60%; }
    }
    """
    BINDINGS = [
        Binding("enter", "open", "Auswahl öffnen", show=False),
        Binding("space", "open", "Auswahl öffnen", show=False),
        Binding("down", "open", "Auswahl öffnen", show=False),
    ]

    @dataclass
    class Changed(Message):
        choice: ChoiceField
        value: object

        @property
        def control(self) -> ChoiceField:
            return self.choice

    def __init__(
        self,
        options: Sequence[tuple[str, V]],
        *,
        value: V | None = None,
        allow_blank: bool = True,
        prompt: str = "",
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self._options: list[tuple[str, V | None]] = ([(prompt, None)] if allow_blank else []) + list(options)
        if value is None and not allow_blank:
            value = self._options[0][1]
        self._value: V | None = value

    @property
    def value(self) -> V | None:
        return self._value

    @value.setter
    def value(self, value: V | None) -> None:
        if value not in [v for _label, v in self._options]:
            raise ValueError(f"{value!r} is not an option of {self.id or 'the choice'}")
        if value != self._value:
            self._value = value
            self.refresh()

    @property
    def label(self) -> str:
        return next((label for label, v in self._options if v == self._value), "")

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.rich_style
        if y:
            return Strip.blank(width, style)
        text = self.label[: max(width - len(ARROW), 0)]
        return Strip([Segment(text.ljust(max(width - len(ARROW), 0)) + ARROW, style)]).crop(0, width)

    def action_open(self) -> None:
        values = [v for _label, v in self._options]
        region = self.region

        def chosen(result: tuple[int] | None) -> None:
            self.focus()
            if result is None:
                return
            value = values[result[0]]
            if value != self._value:
                self._value = value
                self.refresh()
                self.post_message(self.Changed(self, value))

        height = min(len(values), 12) + 2  # with its border
        below = region.y + 1
        y = below if below + height <= self.app.size.height - 1 else max(region.y - height, 0)  # footer stays
        self.app.push_screen(
            ChoiceList([label for label, _v in self._options], values.index(self._value),
                       x=region.x, y=y, width=region.width),
            chosen,
        )

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_open()
