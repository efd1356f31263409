"""A column of form fields with their labels drawn in its left margin: text, not widgets.

A ``Label`` per field costs about a millisecond each on the first paint of the form (composing, styling, laying
out and rendering a widget); the form's first screen has eleven. Here the fields are the column's children,
indented by :data:`LABEL_WIDTH`, and the column draws each label on the first line of its field.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.segment import Segment
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

LABEL_WIDTH = 17  # cells, including the space after the label


class FieldColumn(Widget):
    """Fields stacked top to bottom; ``labels`` maps a child's id to its label. Children without a label (a
    message line under a field) are indented the same way."""

    COMPONENT_CLASSES = {"field-column--label"}
    DEFAULT_CSS = f"""
    FieldColumn {{
        layout: vertical;
        height: auto;
        & > * {{ margin-left: {LABEL_WIDTH}; }}
        & > .field-column--label {{ color: $text-muted; }}
    }}
    """

    def __init__(self, *children: Widget, labels: Mapping[str, str], classes: str | None = None) -> None:
        super().__init__(*children, classes=classes)
        self.labels = dict(labels)

    def _label_rows(self) -> dict[int, str]:
        """Line of this column -> label, from where the labelled children are now."""
        top = self.region.y
        return {child.region.y - top: self.labels[child.id]
                for child in self.displayed_children if child.id in self.labels}

    _rows: dict[int, str] = {}

    def render_lines(self, crop: Region) -> list[Strip]:
        self._rows = self._label_rows()  # once per repaint, not per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        label = self._rows.get(y)
        if label is None:
            return Strip.blank(width, base)
        text = label[: LABEL_WIDTH - 1]
        style = self.get_component_rich_style("field-column--label")
        return Strip([Segment(text, style)]).adjust_cell_length(width, base)
