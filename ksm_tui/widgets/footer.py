"""The key line at the bottom of every screen."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


@dataclass(frozen=True)
class FooterItem:
    """One key as the footer shows it."""

    key: str  # the key to press (for a click)
    key_display: str  # e.g. "^p", "f1", "⏎"
    description: str
    enabled: bool
    tooltip: str
    group: str = ""  # keys of one Binding.Group are shown together with the group's label

    @property
    def text(self) -> str:
        return f"{self.key_display} {self.description}".strip()


class KeyFooter(Widget):
    """The current screen's keys on one line: key, description; keys that do not apply now are dimmed.

    Drawn as one line instead of Textual's Footer, which recomposes one widget per key on every bindings update
    (each focus change, each ``refresh_bindings()``, twice per value typed into the task table): that re-lays out
    the screen and repaints the footer and every scrollbar — over SSH kilobytes and tens of milliseconds for a
    footer that usually looks the same. This one repaints its line, and only when what it shows changed.
    A click runs the key; hovering shows the key's tooltip.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-footer--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        & > .key-footer--description { color: $footer-description-foreground;
            background: $footer-description-background; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._items: tuple[FooterItem, ...] = ()
        self._spans: list[tuple[int, int, FooterItem]] = []  # x from, x to, item (for clicks and tooltips)

    @property
    def items(self) -> tuple[FooterItem, ...]:
        """The keys shown, left to right."""
        return self._items

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is not self.screen:
            return
        first_per_action: dict[str, FooterItem] = {}  # like Textual's Footer: one key per action
        for active in screen.active_bindings.values():
            binding = active.binding
            if binding.show and binding.action not in first_per_action:
                group = binding.group.description if binding.group is not None else ""
                first_per_action[binding.action] = FooterItem(
                    binding.key, self.app.get_key_display(binding), binding.description, active.enabled,
                    active.tooltip or binding.tooltip or binding.description, group)
        items = tuple(first_per_action.values())
        if items != self._items:
            self._items = items
            self.refresh()

    def shown(self) -> list[tuple[str, int]]:
        """What the line says, per key or key group: its text and right edge (for tests and help)."""
        return [(text, end) for text, end, _parts in self._layout()]

    def _layout(self) -> list[tuple[str, int, list[tuple[str, str, FooterItem | None]]]]:
        """Per key or key group: text, right edge and parts (text, "key"/"description", item for clicks)."""
        out: list[tuple[str, int, list[tuple[str, str, FooterItem | None]]]] = []
        x = 0
        for group, members in groupby(self._items, key=lambda item: item.group):
            members_list = list(members)
            chunks: list[tuple[str, list[tuple[str, str, FooterItem | None]]]]
            if group and len(members_list) > 1:  # " f m v o Bewerten "
                parts: list[tuple[str, str, FooterItem | None]] = [
                    (f" {m.key_display}", "key", m) for m in members_list
                ]
                parts += [(" ", "key", None), (f"{group} ", "description", None)]
                text = " ".join(m.key_display for m in members_list) + f" {group}"
                chunks = [(text, parts)]
            else:
                chunks = [(m.text, [(f" {m.key_display} ", "key", m),
                                    (f"{m.description} " if m.description else "", "description", m)])
                          for m in members_list]
            for text, parts in chunks:
                x += sum(len(part) for part, _kind, _item in parts)
                out.append((text, x, parts))
        return out

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        styles = {"key": self.get_component_rich_style("key-footer--key"),
                  "description": self.get_component_rich_style("key-footer--description")}
        dim = Style(dim=True)
        segments: list[Segment] = []
        self._spans = []
        x = 0
        for _text, _end, parts in self._layout():
            for part, kind, item in parts:
                style = styles[kind] if item is None or item.enabled else styles[kind] + dim
                segments.append(Segment(part, style))
                if item is not None:
                    self._spans.append((x, x + len(part), item))
                x += len(part)
        return Strip(segments).crop(0, width).adjust_cell_length(width, base).simplify()

    def _item_at(self, x: int) -> FooterItem | None:
        return next((item for start, end, item in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        item = self._item_at(event.x)
        if item is not None and item.enabled:
            event.stop()
            self.app.simulate_key(item.key)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._item_at(event.x)
        self.tooltip = Content(item.tooltip) if item is not None else None  # literal, never markup
