"""FieldColumn: the labels are drawn beside their fields, follow them when lines appear above, and are cropped."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import Static

from ksm_tui.widgets.field_column import LABEL_WIDTH, FieldColumn


class _Form(App[None]):
    def compose(self) -> ComposeResult:
        yield FieldColumn(
            Static("eins", id="a"),
            Static("Meldung", id="msg"),
            Static("zwei\nzwei, zweite Zeile", id="b"),
            Static("drei", id="c"),
            labels={"a": "Erstes", "b": "Zweites", "c": "Eine sehr lange Beschriftung"},
        )


def _screen_lines(app: App, count: int) -> list[str]:
    column = app.query_one(FieldColumn)
    return [strip.text.rstrip() for strip in column.render_lines(Region(0, 0, column.size.width, count))]


async def test_labels_beside_their_fields_and_following_a_hidden_line() -> None:
    app = _Form()
    async with app.run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        lines = _screen_lines(app, 5)
        cropped = "Eine sehr lange Beschriftung"[: LABEL_WIDTH - 1].rstrip()
        assert lines == ["Erstes", "", "Zweites", "", cropped]
        # the fields themselves start after the label column
        assert app.query_one("#a").region.x == LABEL_WIDTH
        app.query_one("#msg").display = False  # the column gets shorter: its labels are drawn again
        await pilot.pause()
        assert _screen_lines(app, 4) == ["Erstes", "Zweites", "", cropped]
