"""The hanging-indent Visual: wrapped lines and marks start under the text, not in column 0."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from ksm_tui.core.catalogue import catalogue_entries
from ksm_tui.core.demo import demo_session
from ksm_tui.core.loader import load_content
from ksm_tui.widgets.hanging import Hanging
from ksm_tui.widgets.model_list import ModelList


class _Show(App[None]):
    def __init__(self, widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


def _lines(widget, count: int) -> list[str]:
    return [widget.render_line(y).text.rstrip() for y in range(count)]


async def test_wrapped_body_and_second_line_start_in_the_body_column() -> None:
    visual = Hanging(
        [(None, Content("Vorteile")), ("• ", "eins zwei drei vier fünf sechs sieben"), ("• ", "kurz\nzweite")]
    )
    static = Static(visual)
    static.styles.width = 20
    app = _Show(static)
    async with app.run_test(size=(40, 10)):
        assert _lines(static, 7) == [
            "Vorteile", "• eins zwei drei", "  vier fünf sechs", "  sieben", "• kurz", "  zweite", "",
        ]
    assert visual.plain == "Vorteile\n• eins zwei drei vier fünf sechs sieben\n• kurz\n  zweite"


async def test_model_list_aligns_marks_and_long_names_under_the_name() -> None:
    guide = load_content()
    models, groups = catalogue_entries(guide, demo_session(), query="", hide_county=False)
    model_list = ModelList()
    model_list.styles.width = 50
    app = _Show(model_list)
    async with app.run_test(size=(60, 30)) as pilot:
        model_list.show_entries(models, groups, session_open=True)
        await pilot.pause()
        lines = _lines(model_list, 30)
    v7 = next(i for i, line in enumerate(lines) if "V 7 " in line)
    assert lines[v7 + 1].strip().startswith("✓ möglich")
    v7b = next(i for i, line in enumerate(lines) if "V 7b" in line)
    name_column = lines[v7b].index("KSM")
    assert lines[v7 + 1].index("✓") == name_column  # marks under the name
    assert lines[v7b + 1][:name_column].strip() == ""  # the long name wraps under itself
    assert lines[v7b + 1].strip() in ("Klimaschutzkonzept)", "(Erstellung Klimaschutzkonzept)")
