"""The bar layout of the IST/SOLL chart (pure, no Textual): scale, bar lengths, patterns, labels."""

from __future__ import annotations

from ksm_tui.core.chart import IST_FILL, SOLL_FILL, bar_cells, group_chart, scale_for
from ksm_tui.core.demo import demo_session
from ksm_tui.core.loader import load_content
from ksm_tui.core.session import TaskEntry


def test_scale_rounds_up_to_whole_ten_percent_within_bounds():
    assert scale_for([]) == 100
    assert scale_for([0, 5]) == 100
    assert scale_for([100]) == 100
    assert scale_for([101, 20]) == 200
    assert scale_for([400, 250]) == 400
    assert scale_for([1000]) == 1000


def test_bar_cells_round_and_never_hide_a_small_value():
    assert bar_cells(0, 400, 60) == 0
    assert bar_cells(400, 400, 60) == 60
    assert bar_cells(200, 400, 60) == 30
    assert bar_cells(1, 400, 60) == 1  # 0,1 % still visible
    assert bar_cells(5, 1000, 10) == 1
    assert bar_cells(150, 1000, 10) == 2  # 1,5 cells rounds half up


def test_demo_chart_at_80_columns():
    content = load_content()
    chart = group_chart(content, "gemeinde", demo_session().tasks, 78)
    assert [g.group_id for g in chart.groups] == ["pflicht", "management", "vernetzung", "extern"]
    assert chart.scale == 400  # Management-orientierte Aufgaben: 40,0 %
    pflicht = chart.groups[0]
    assert (pflicht.ist.value, pflicht.soll.value, pflicht.delta) == ("10,0 %", "25,0 %", "+15,0 %")
    assert pflicht.ist.text.startswith("  IST  " + IST_FILL)
    assert pflicht.soll.text.startswith("  SOLL " + SOLL_FILL)
    assert IST_FILL != SOLL_FILL
    widest = chart.groups[1].ist
    assert widest.cells == chart.bar_width and len(widest.text) <= 78
    assert "volle Balkenbreite = 40,0 %" in chart.legend and IST_FILL in chart.legend and SOLL_FILL in chart.legend


def test_county_group_only_for_landkreis_and_values_of_hidden_rows_ignored():
    content = load_content()
    entries = {"landkreis-gemeinden-1": TaskEntry(ist=300, soll=100), "pflicht-1": TaskEntry(ist=100)}
    gemeinde = group_chart(content, "gemeinde", entries, 80)
    assert "landkreis-gemeinden" not in [g.group_id for g in gemeinde.groups]
    assert gemeinde.scale == 100
    landkreis = group_chart(content, "landkreis", entries, 80)
    county = next(g for g in landkreis.groups if g.group_id == "landkreis-gemeinden")
    assert county.ist.value == "30,0 %" and county.ist.cells == landkreis.bar_width
