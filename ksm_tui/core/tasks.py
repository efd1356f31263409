"""Task-table math for the IST/SOLL comparison of the guide's Tabellen 4.2 and 4.3 (chapter 4.1).

All values are whole *tenths* of a percent (``125`` = 12,5 %), so every sum is exact; no floats anywhere.

Rules (one place for the UI, the export and the CLI — no screen computes anything itself):

* Rows marked "Landkreis:" in the guide and the whole group "Landkreis: Externe Aufgaben für Gemeinden" are
  *county-only*: they count (and are shown) only in a session of ``kommune_type == "landkreis"``. For a
  ``"gemeinde"`` session they are ignored in every sum even if values are stored for them (e.g. after the
  session's type was changed), so nothing is lost when switching back.
* An empty value (``None``) counts as 0 in sums.
* The guide's two tables together describe the KSM's whole working time, so the balance is taken over the
  **total of both tables** against 100 % (:data:`FULL`). Wording of :attr:`Balance.text`:
  ``"5,0 % nicht verteilt"`` (less than 100 %), ``"10,0 % zu viel"`` (more than 100 %),
  ``"100,0 % verteilt"`` (exactly 100 %).
* Entries for task ids that the content does not know are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ksm_tui.core.content import KOMMUNE_TYPES, Content, Task, TaskGroup, TaskTable
from ksm_tui.core.session import TaskEntry

FULL = 1000  # 100,0 % in tenths
MINUS = "\u2212"  # the real minus sign "−"

MSG_INVALID = "Bitte eine Zahl zwischen 0 und 100 eingeben (z. B. 12,5)."
MSG_DECIMALS = "Höchstens eine Nachkommastelle (z. B. 12,5)."
MSG_TOO_LARGE = "Werte über 100 % sind nicht möglich."
MSG_NEGATIVE = "Negative Werte sind nicht möglich."


class PercentError(ValueError):
    """A percentage the user typed cannot be used; :attr:`message` is one German sentence."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


# digits only from ASCII ("\d" would accept e.g. Arabic-Indic digits); one optional separator
_NUMBER = re.compile(r"(?P<int>[0-9]*)(?:[.,](?P<frac>[0-9]*))?")
_MINUS_SIGNS = ("-", MINUS, "\u2013")  # hyphen-minus, real minus, en dash


def parse_percent(text: str) -> int | None:
    """Parse a percentage as typed by a user into tenths; ``""`` (or only blanks) means "no value" (``None``).

    Accepted: ``"12"``, ``"12,5"``, ``"12.5"``, ``"12 %"``, ``"12%"``, ``" 7 "``, ``",5"``, ``"0"``, ``"100"``.
    Rejected with :class:`PercentError`: negative values, values over 100, more than one decimal
    (``"12,55"``, also ``"1.000"``), several separators, any other text.
    """
    s = (text or "").strip()
    if not s:
        return None
    if s.endswith("%"):
        s = s[:-1].rstrip()
        if not s:
            raise PercentError(MSG_INVALID)
    negative = s.startswith(_MINUS_SIGNS)
    if negative:
        s = s[1:].lstrip()
    m = _NUMBER.fullmatch(s)
    if m is None or not (m.group("int") or m.group("frac")):
        raise PercentError(MSG_INVALID)
    whole = m.group("int").lstrip("0")
    frac = m.group("frac") or ""
    if len(frac) > 1:
        raise PercentError(MSG_DECIMALS)
    if len(whole) > 4:  # far over 100; also keeps int() away from huge digit strings
        raise PercentError(MSG_NEGATIVE if negative else MSG_TOO_LARGE)
    value = int(whole or "0") * 10 + int(frac or "0")
    if negative and value:
        raise PercentError(MSG_NEGATIVE)
    if value > FULL:
        raise PercentError(MSG_TOO_LARGE)
    return value


def _number(tenths: int) -> str:
    sign = MINUS if tenths < 0 else ""
    a = abs(tenths)
    return f"{sign}{a // 10},{a % 10}"


def format_percent(tenths: int | None, unit: bool = True) -> str:
    """``125`` -> ``"12,5 %"`` (``"12,5"`` without unit); ``None`` -> ``""``. Negative values use "−"."""
    if tenths is None:
        return ""
    return _number(tenths) + (" %" if unit else "")


def format_delta(tenths: int | None, unit: bool = False) -> str:
    """A signed difference: ``25`` -> ``"+2,5"``, ``-25`` -> ``"−2,5"`` (U+2212), ``0`` -> ``"±0,0"``."""
    if tenths is None:
        return ""
    if tenths > 0:
        text = "+" + _number(tenths)
    elif tenths < 0:
        text = _number(tenths)
    else:
        text = "±0,0"
    return text + (" %" if unit else "")


# -- which rows count -----------------------------------------------------------------------------------------


def _check_type(kommune_type: str) -> None:
    if kommune_type not in KOMMUNE_TYPES:
        raise ValueError(f"unknown kommune_type {kommune_type!r} (expected one of {', '.join(KOMMUNE_TYPES)})")


def counts_for(task: Task, kommune_type: str, group: TaskGroup | None = None) -> bool:
    """Whether ``task`` is shown and summed for this kind of Kommune.

    County-only rows (``task.county_only``, or a row of a county-only ``group`` when given) count only for
    ``"landkreis"``; every other row counts for both.
    """
    _check_type(kommune_type)
    county_only = task.county_only or (group is not None and group.county_only)
    return kommune_type == "landkreis" or not county_only


@dataclass(frozen=True)
class Row:
    """One task row in display order, with its table and group and the session's values (tenths or None)."""

    table: TaskTable
    group: TaskGroup
    task: Task
    ist: int | None
    soll: int | None
    note: str
    counts: bool  # False only for a county-only row in a Gemeinde session (then it is not summed)

    @property
    def delta(self) -> int | None:
        """SOLL − IST; ``None`` when both are empty, otherwise an empty side counts as 0."""
        if self.ist is None and self.soll is None:
            return None
        return (self.soll or 0) - (self.ist or 0)


@dataclass(frozen=True)
class GroupView:
    group: TaskGroup
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class TableView:
    table: TaskTable
    groups: tuple[GroupView, ...]


def rows(
    content: Content,
    kommune_type: str,
    entries: Mapping[str, TaskEntry] | None = None,
    *,
    include_hidden: bool = False,
) -> tuple[Row, ...]:
    """Every task row in display order (tables, then their groups, then the guide's row order).

    Rows that do not count for ``kommune_type`` are left out unless ``include_hidden`` (then they have
    ``counts=False``). ``entries`` (task id -> :class:`TaskEntry`) fills in the values; missing ones are empty.
    """
    tables = layout(content, kommune_type, entries, include_hidden=include_hidden)
    return tuple(r for t in tables for g in t.groups for r in g.rows)


def layout(
    content: Content,
    kommune_type: str,
    entries: Mapping[str, TaskEntry] | None = None,
    *,
    include_hidden: bool = False,
) -> tuple[TableView, ...]:
    """The same rows as :func:`rows`, nested as tables -> groups -> rows (groups without rows are omitted)."""
    _check_type(kommune_type)
    entries = entries or {}
    tables: list[TableView] = []
    for table in content.task_tables:
        groups: list[GroupView] = []
        for group in content.groups_of(table.id):
            group_rows: list[Row] = []
            for task in content.tasks_of(group.id):
                counts = counts_for(task, kommune_type, group)
                if not counts and not include_hidden:
                    continue
                e = entries.get(task.id) or TaskEntry()
                group_rows.append(Row(table, group, task, e.ist, e.soll, e.note, counts))
            if group_rows:
                groups.append(GroupView(group, tuple(group_rows)))
        tables.append(TableView(table, tuple(groups)))
    return tuple(tables)


def visible_tasks(content: Content, kommune_type: str) -> tuple[Task, ...]:
    """The tasks shown (and summed) for this kind of Kommune, in display order."""
    return tuple(r.task for r in rows(content, kommune_type))


# -- sums -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """IST and SOLL sums in tenths (empty values counted as 0)."""

    ist: int = 0
    soll: int = 0

    @property
    def delta(self) -> int:
        return self.soll - self.ist

    def __add__(self, other: Pair) -> Pair:
        return Pair(self.ist + other.ist, self.soll + other.soll)


BalanceState = Literal["under", "exact", "over"]


@dataclass(frozen=True)
class Balance:
    """A total against 100 % of the working time."""

    total: int

    @property
    def remainder(self) -> int:
        """``1000 - total``: positive = not yet distributed, negative = excess."""
        return FULL - self.total

    @property
    def ok(self) -> bool:
        return self.remainder == 0

    @property
    def state(self) -> BalanceState:
        if self.remainder > 0:
            return "under"
        if self.remainder < 0:
            return "over"
        return "exact"

    @property
    def text(self) -> str:
        """``"5,0 % nicht verteilt"`` | ``"10,0 % zu viel"`` | ``"100,0 % verteilt"``."""
        if self.remainder > 0:
            return f"{format_percent(self.remainder)} nicht verteilt"
        if self.remainder < 0:
            return f"{format_percent(-self.remainder)} zu viel"
        return f"{format_percent(FULL)} verteilt"

    @property
    def label(self) -> str:
        """Short form for narrow columns: ``"−5,0"`` (missing), ``"+10,0"`` (excess), ``"✓"`` (exact)."""
        if self.ok:
            return "✓"
        return format_delta(-self.remainder)


@dataclass(frozen=True)
class TaskSums:
    groups: Mapping[str, Pair]  # every TaskGroup.id of the content (hidden-only groups sum to 0)
    tables: Mapping[str, Pair]  # every TaskTable.id of the content
    total: Pair  # both tables together

    @property
    def ist(self) -> Balance:
        return Balance(self.total.ist)

    @property
    def soll(self) -> Balance:
        return Balance(self.total.soll)


def compute_sums(content: Content, kommune_type: str, entries: Mapping[str, TaskEntry]) -> TaskSums:
    """IST/SOLL sums per group, per table and in total over the rows that count for ``kommune_type``."""
    groups = {g.id: Pair() for g in content.task_groups}
    tables = {t.id: Pair() for t in content.task_tables}
    total = Pair()
    for r in rows(content, kommune_type, entries):
        p = Pair(r.ist or 0, r.soll or 0)
        groups[r.group.id] = groups[r.group.id] + p
        tables[r.table.id] = tables[r.table.id] + p
        total = total + p
    return TaskSums(groups=groups, tables=tables, total=total)

