"""Layout of the IST/SOLL bar chart per task group (chapter 4.1), as plain text.

The chart must be readable without colour (NO_COLOR, 16 colours, printouts): IST and SOLL bars use different
block patterns (:data:`IST_FILL`, :data:`SOLL_FILL`) and every bar carries its value as text. This module is pure
(no Textual) so the layout can be tested exactly; the UI only styles the strings it returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ksm_tui.core.content import Content
from ksm_tui.core.session import TaskEntry
from ksm_tui.core.tasks import FULL, compute_sums, format_delta, format_percent, layout

IST_FILL = "█"
SOLL_FILL = "▒"
LABEL_WIDTH = 7  # "  IST  " / "  SOLL "
VALUE_WIDTH = 9  # " 100,0 %"


@dataclass(frozen=True)
class Bar:
    label: str  # "IST" | "SOLL"
    fill: str  # the block character of this series
    cells: int  # bar length in character cells
    value: str  # "12,5 %"

    @property
    def text(self) -> str:
        """The bar line without styling: ``"  IST  ██████ 12,5 %"``."""
        return f"  {self.label:<5}{self.fill * self.cells} {self.value}"


@dataclass(frozen=True)
class ChartGroup:
    group_id: str
    title: str  # the group's label as in the guide
    source: str  # "Tabelle 4.2"
    ist: Bar
    soll: Bar
    delta: str  # "+2,5 %"


@dataclass(frozen=True)
class Chart:
    groups: tuple[ChartGroup, ...]
    scale: int  # tenths of a percent that fill the whole bar width
    bar_width: int

    @property
    def legend(self) -> str:
        return (
            f"{IST_FILL * 2} IST (heute)   {SOLL_FILL * 2} SOLL (künftig)   "
            f"volle Balkenbreite = {format_percent(self.scale)}"
        )


def scale_for(values: list[int]) -> int:
    """The chart's full width: the largest value rounded up to whole 10 % (at least 10 %, at most 100 %)."""
    top = max(values, default=0)
    step = 100
    return min(max(step, -(-top // step) * step), FULL)


def bar_cells(value: int, scale: int, width: int) -> int:
    """Cells for ``value`` on a bar of ``width`` cells that represents ``scale``; any value > 0 gets a cell."""
    if value <= 0 or scale <= 0 or width <= 0:
        return 0
    cells = (value * width * 2 + scale) // (scale * 2)  # round half up, integers only
    return max(1, min(width, cells))


def group_chart(
    content: Content, kommune_type: str, entries: Mapping[str, TaskEntry], width: int
) -> Chart:
    """IST and SOLL sums per visible task group as bars fitting ``width`` columns (at least 30)."""
    sums = compute_sums(content, kommune_type, entries)
    groups = [(t, g) for t in layout(content, kommune_type, entries) for g in t.groups]
    bar_width = max(width, 30) - LABEL_WIDTH - VALUE_WIDTH
    scale = scale_for([v for _t, g in groups for v in (sums.groups[g.group.id].ist, sums.groups[g.group.id].soll)])
    out: list[ChartGroup] = []
    for t, g in groups:
        pair = sums.groups[g.group.id]
        out.append(
            ChartGroup(
                group_id=g.group.id,
                title=g.group.label,
                source=t.table.source,
                ist=Bar("IST", IST_FILL, bar_cells(pair.ist, scale, bar_width), format_percent(pair.ist)),
                soll=Bar("SOLL", SOLL_FILL, bar_cells(pair.soll, scale, bar_width), format_percent(pair.soll)),
                delta=format_delta(pair.delta, unit=True),
            )
        )
    return Chart(groups=tuple(out), scale=scale, bar_width=bar_width)
