"""Rows with a hanging indent: a fixed-width gutter (key, number) and a body that wraps under itself.

``Hanging([(gutter, body), ...])`` is a Textual Visual, so it can be the prompt of an ``OptionList`` option or
the content of a ``Static``. Continuation lines of a wrapped body, and body lines after a ``\\n``, start in the
body's column instead of column 0::

    V 7b    KSM im Fachamt/ Stabsstelle (Erstellung
            Klimaschutzkonzept)
            ★ favorisiert · ✎ Notiz
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

# Below this body width the gutter is dropped (the body then starts in column 0).
MIN_BODY_WIDTH = 12


def _content(text: Content | str) -> Content:
    return text if isinstance(text, Content) else Content(text)


class Hanging(Visual):
    """Rows of (gutter, body). The gutter column is as wide as the widest gutter (or ``gutter_width``).

    A row whose gutter is ``None`` uses the full width (a heading above indented rows).
    """

    def __init__(
        self, rows: Sequence[tuple[Content | str | None, Content | str]], *, gutter_width: int | None = None
    ) -> None:
        self.rows: tuple[tuple[Content | None, Content], ...] = tuple(
            (None if g is None else _content(g), _content(b)) for g, b in rows
        )
        widest = max((g.cell_length for g, _ in self.rows if g is not None), default=0)
        self.gutter_width = widest if gutter_width is None else max(gutter_width, widest)

    # -- plain text, for tests and search: the rows as one Content (continuation lines indented) -------------

    @property
    def content(self) -> Content:
        pad = " " * self.gutter_width
        lines: list[Content] = []
        for gutter, body in self.rows:
            for n, line in enumerate(body.split("\n", allow_blank=True)):
                if gutter is None:
                    lines.append(line)
                else:
                    lead = gutter.pad_right(self.gutter_width - gutter.cell_length) if n == 0 else Content(pad)
                    lines.append(lead + line)
        return Content("\n").join(lines)

    @property
    def plain(self) -> str:
        return self.content.plain

    @property
    def spans(self):  # noqa: ANN201 - Content's span list
        return self.content.spans

    def __str__(self) -> str:
        return self.plain

    def stylize(self, style: str) -> Hanging:
        """A copy with ``style`` applied to every gutter and body (e.g. ``dim``)."""
        return Hanging(
            [(None if g is None else g.stylize(style), b.stylize(style)) for g, b in self.rows],
            gutter_width=self.gutter_width,
        )

    # -- Visual protocol -----------------------------------------------------------------------------------

    def _split(self, width: int) -> tuple[int, int]:
        gutter = self.gutter_width if width - self.gutter_width >= MIN_BODY_WIDTH else 0
        return gutter, max(1, width - gutter)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if width <= 0:
            return []
        gutter_width, body_width = self._split(width)
        rich_style = style.rich_style
        strips: list[Strip] = []
        for gutter, body in self.rows:
            if gutter is None:
                strips.extend(body.render_strips(width, None, style, options) or [Strip.blank(0)])
                continue
            body_strips = body.render_strips(body_width, None, style, options) or [Strip.blank(0)]
            if gutter_width:
                head = gutter.render_strips(gutter_width, 1, style, options)
                first = head[0].adjust_cell_length(gutter_width, rich_style) if head else None
                blank = Strip.blank(gutter_width, rich_style)
                body_strips = [
                    Strip.join([first if n == 0 and first is not None else blank, line])
                    for n, line in enumerate(body_strips)
                ]
            strips.extend(body_strips)
        if height is not None:
            strips = strips[:height]
        return strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(
            (b.get_optimal_width(rules, container_width) + (0 if g is None else self.gutter_width)
             for g, b in self.rows),
            default=0,
        )

    def get_height(self, rules: RulesMap, width: int) -> int:
        _, body_width = self._split(width)
        return sum(
            max(1, body.get_height(rules, width if gutter is None else body_width)) for gutter, body in self.rows
        )
