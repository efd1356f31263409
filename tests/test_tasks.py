"""Task-table math: parsing and formatting of percentages, visible rows, sums and the 100 % balance."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ksm_tui.core.session import TaskEntry
from ksm_tui.core.tasks import (
    MSG_DECIMALS,
    MSG_INVALID,
    MSG_NEGATIVE,
    MSG_TOO_LARGE,
    Balance,
    Pair,
    PercentError,
    compute_sums,
    counts_for,
    format_delta,
    format_percent,
    layout,
    parse_percent,
    rows,
    visible_tasks,
)
from tests.fixtures.domain_content import CONTENT, COUNTY_ONLY_IDS, TASKS

ALL_IDS = [t.id for t in TASKS]

# -- parsing ------------------------------------------------------------------------------------------------

ACCEPTED = [
    ("12", 120),
    ("12,5", 125),
    ("12.5", 125),
    ("12 %", 120),
    ("12%", 120),
    ("12,5 %", 125),
    (" 7 ", 70),
    ("0", 0),
    ("0,0", 0),
    ("100", 1000),
    ("100,0", 1000),
    ("007", 70),
    (",5", 5),
    ("5,", 50),
    ("-0", 0),
    ("", None),
    ("   ", None),
    ("\t", None),
]

REJECTED = [
    ("-1", MSG_NEGATIVE),
    ("−2,5", MSG_NEGATIVE),  # real minus sign
    ("- 3", MSG_NEGATIVE),
    ("100,1", MSG_TOO_LARGE),
    ("101", MSG_TOO_LARGE),
    ("250 %", MSG_TOO_LARGE),
    ("99999999999999999999", MSG_TOO_LARGE),
    ("12,55", MSG_DECIMALS),
    ("0.05", MSG_DECIMALS),
    ("1.000", MSG_DECIMALS),
    ("1,2,3", MSG_INVALID),
    ("1.2,3", MSG_INVALID),
    ("12,,5", MSG_INVALID),
    ("zwölf", MSG_INVALID),
    ("12a", MSG_INVALID),
    ("1 2", MSG_INVALID),
    ("%", MSG_INVALID),
    (",", MSG_INVALID),
    ("12 %%", MSG_INVALID),
    ("１２", MSG_INVALID),  # full-width digits are not accepted
    ("1e2", MSG_INVALID),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_parse_percent_accepts(text: str, expected: int | None) -> None:
    assert parse_percent(text) == expected


@pytest.mark.parametrize(("text", "message"), REJECTED)
def test_parse_percent_rejects_with_german_message(text: str, message: str) -> None:
    with pytest.raises(PercentError) as info:
        parse_percent(text)
    assert info.value.message == message
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


@given(st.integers(min_value=0, max_value=1000))
def test_format_parse_round_trip(tenths: int) -> None:
    assert parse_percent(format_percent(tenths, unit=False)) == tenths
    assert parse_percent(format_percent(tenths)) == tenths
    assert parse_percent(format_percent(tenths).replace(",", ".")) == tenths


@pytest.mark.parametrize(
    ("tenths", "text"),
    [(0, "0,0 %"), (5, "0,5 %"), (100, "10,0 %"), (125, "12,5 %"), (1000, "100,0 %"), (-50, "−5,0 %"), (None, "")],
)
def test_format_percent(tenths: int | None, text: str) -> None:
    assert format_percent(tenths) == text


def test_format_percent_without_unit() -> None:
    assert format_percent(125, unit=False) == "12,5"


@pytest.mark.parametrize(
    ("tenths", "text"), [(25, "+2,5"), (-25, "\u22122,5"), (0, "±0,0"), (1000, "+100,0"), (None, "")]
)
def test_format_delta(tenths: int | None, text: str) -> None:
    assert format_delta(tenths) == text


def test_format_delta_with_unit() -> None:
    assert format_delta(-5, unit=True) == "\u22120,5 %"


# -- visible rows -------------------------------------------------------------------------------------------


def test_county_rows_hidden_for_gemeinde_shown_for_landkreis() -> None:
    gemeinde = [t.id for t in visible_tasks(CONTENT, "gemeinde")]
    landkreis = [t.id for t in visible_tasks(CONTENT, "landkreis")]
    assert landkreis == ALL_IDS
    assert gemeinde == [i for i in ALL_IDS if i not in COUNTY_ONLY_IDS]


def test_row_of_county_only_group_is_hidden_even_without_its_own_flag() -> None:
    group = next(g for g in CONTENT.task_groups if g.county_only)
    task = CONTENT.tasks_of(group.id)[0]._replace(county_only=False)
    assert counts_for(task, "gemeinde")  # the task alone does not know
    assert not counts_for(task, "gemeinde", group)
    content = dataclasses.replace(CONTENT, tasks=tuple(task if t.id == task.id else t for t in CONTENT.tasks))
    assert task.id not in [t.id for t in visible_tasks(content, "gemeinde")]


def test_unknown_kommune_type_is_an_error() -> None:
    with pytest.raises(ValueError):
        visible_tasks(CONTENT, "bundesland")


def test_rows_in_display_order_with_table_and_group() -> None:
    result = rows(CONTENT, "landkreis", {"pflicht-1": TaskEntry(ist=100, soll=150, note="n")})
    assert [r.task.id for r in result] == ALL_IDS
    first = result[0]
    assert (first.table.id, first.group.id, first.ist, first.soll, first.note, first.delta) == (
        "verwaltung", "pflicht", 100, 150, "n", 50,
    )
    assert result[1].delta is None  # nothing entered
    assert [r.group.id for r in result[-2:]] == ["landkreis-gemeinden"] * 2


def test_rows_include_hidden_marks_them_as_not_counting() -> None:
    result = rows(CONTENT, "gemeinde", include_hidden=True)
    assert [r.task.id for r in result] == ALL_IDS
    assert {r.task.id for r in result if not r.counts} == COUNTY_ONLY_IDS


def test_layout_nests_tables_groups_rows_and_drops_empty_groups() -> None:
    tables = layout(CONTENT, "gemeinde")
    assert [t.table.id for t in tables] == ["verwaltung", "aussen"]
    assert [g.group.id for g in tables[1].groups] == ["vernetzung"]  # county group has no visible rows
    assert [r.task.id for r in tables[0].groups[0].rows] == ["pflicht-1", "pflicht-2"]


def test_row_delta_counts_an_empty_side_as_zero() -> None:
    (r,) = [x for x in rows(CONTENT, "gemeinde", {"pflicht-1": TaskEntry(soll=30)}) if x.task.id == "pflicht-1"]
    assert r.delta == 30


# -- sums ---------------------------------------------------------------------------------------------------

tenths = st.one_of(st.none(), st.integers(min_value=0, max_value=1000))
entries_strategy = st.dictionaries(
    st.sampled_from(ALL_IDS), st.builds(TaskEntry, ist=tenths, soll=tenths), max_size=len(ALL_IDS)
)


def _expected(entries: dict[str, TaskEntry], kommune_type: str, pred) -> Pair:
    ist = soll = 0
    for t in TASKS:
        if pred(t) and (kommune_type == "landkreis" or t.id not in COUNTY_ONLY_IDS):
            e = entries.get(t.id, TaskEntry())
            ist += e.ist or 0
            soll += e.soll or 0
    return Pair(ist, soll)


@given(entries_strategy, st.sampled_from(["gemeinde", "landkreis"]))
def test_sums_equal_the_entries_sum(entries: dict[str, TaskEntry], kommune_type: str) -> None:
    sums = compute_sums(CONTENT, kommune_type, entries)
    for g in CONTENT.task_groups:
        assert sums.groups[g.id] == _expected(entries, kommune_type, lambda t, g=g: t.group == g.id)
    for tb in CONTENT.task_tables:
        assert sums.tables[tb.id] == _expected(entries, kommune_type, lambda t, tb=tb: t.table == tb.id)
    assert sums.total == _expected(entries, kommune_type, lambda t: True)
    assert sums.total == sums.tables["verwaltung"] + sums.tables["aussen"]
    assert sums.ist.total == sums.total.ist and sums.soll.total == sums.total.soll
    assert sums.total.delta == sums.total.soll - sums.total.ist


@given(entries_strategy)
def test_county_values_ignored_for_gemeinde_counted_for_landkreis(entries: dict[str, TaskEntry]) -> None:
    county = sum((entries[i].ist or 0) for i in COUNTY_ONLY_IDS if i in entries)
    gemeinde = compute_sums(CONTENT, "gemeinde", entries)
    landkreis = compute_sums(CONTENT, "landkreis", entries)
    assert landkreis.total.ist - gemeinde.total.ist == county
    assert gemeinde.groups["landkreis-gemeinden"] == Pair(0, 0)


def test_stored_county_values_do_not_count_for_gemeinde() -> None:
    entries = {"pflicht-1": TaskEntry(ist=400, soll=300), "pflicht-3": TaskEntry(ist=600, soll=700)}
    g = compute_sums(CONTENT, "gemeinde", entries)
    assert g.groups["pflicht"] == Pair(400, 300)
    assert g.ist.text == "60,0 % nicht verteilt"
    lk = compute_sums(CONTENT, "landkreis", entries)
    assert lk.groups["pflicht"] == Pair(1000, 1000)
    assert lk.ist.ok and lk.ist.text == "100,0 % verteilt"


def test_entries_for_unknown_tasks_are_ignored() -> None:
    sums = compute_sums(CONTENT, "landkreis", {"gibt-es-nicht": TaskEntry(ist=500)})
    assert sums.total == Pair(0, 0)


@given(st.integers(min_value=0, max_value=31_000))
def test_balance_text_under_exact_over(total: int) -> None:
    b = Balance(total)
    assert b.remainder == 1000 - total
    if total < 1000:
        assert b.state == "under" and not b.ok
        assert b.text == f"{format_percent(1000 - total)} nicht verteilt"
        assert b.label == format_delta(total - 1000)
    elif total > 1000:
        assert b.state == "over" and not b.ok
        assert b.text == f"{format_percent(total - 1000)} zu viel"
        assert b.label.startswith("+")
    else:
        assert b.state == "exact" and b.ok
        assert b.text == "100,0 % verteilt"
        assert b.label == "✓"


@pytest.mark.parametrize(
    ("total", "text"), [(950, "5,0 % nicht verteilt"), (1100, "10,0 % zu viel"), (1000, "100,0 % verteilt"),
                        (0, "100,0 % nicht verteilt"), (999, "0,1 % nicht verteilt")]
)
def test_balance_examples(total: int, text: str) -> None:
    assert Balance(total).text == text
