"""Colours as a terminal shows them: the installed ``ksm-tui`` in a real 80×24 pseudo-terminal, read cell by cell.

One app start per configuration (TERM=xterm-256color, xterm, linux; NO_COLOR=1; ``--theme standard|kontrast|
16farben``; and a chosen colour theme on a 16-colour terminal, as when the remembered theme meets TERM=xterm or
the Linux console) visits the session list, the form (Stammdaten), Aufgaben, Modelle, Fluss, Protokoll and the
help, and checks:

1. **No invisible text**: no cell with a visible character has the same effective foreground and background
   (pyte's "default" read as the terminal's default foreground resp. background — two different colours —, then
   ``reverse`` applied; the 16 named colours as xterm's palette, see ``harness.colour``).
2. **Cursors can be told apart**: moving the cursor changes the look (effective colours, bold, underline; see
   ``harness.look``) of every visible cell of the row/cell it leaves and of the one it reaches, and the cursor
   differs from its neighbours on the same screen — the session list's row cursor (DataTable; two sessions, so
   there is another row), the task table's cell cursor (F5: → to the other column, ↓ to the next row) and the
   model list's highlighted option (F4).

Under NO_COLOR additionally: no cell has any colour (fg and bg are the terminal's defaults everywhere).
All problems of one configuration are collected and reported together.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import require_sections
from tests.e2e.harness import (
    Shot,
    Terminal,
    describe_cell,
    describe_cells,
    invisible_text,
    look,
    run_cli,
    shot,
    shot_lines,
    visible,
)

pytestmark = pytest.mark.e2e

CONFIGS = [
    pytest.param({}, id="xterm-256color"),
    pytest.param({"term": "xterm"}, id="TERM=xterm"),
    pytest.param({"term": "linux"}, id="TERM=linux"),
    pytest.param({"no_color": True}, id="NO_COLOR"),
    pytest.param({"args": ["--theme", "standard"]}, id="theme-standard"),
    pytest.param({"args": ["--theme", "kontrast"]}, id="theme-kontrast"),
    pytest.param({"args": ["--theme", "16farben"]}, id="theme-16farben"),
    # The remembered theme wins over the terminal's guess: a colour theme, downgraded to 16 colours.
    pytest.param({"term": "xterm", "args": ["--theme", "kontrast"]}, id="TERM=xterm-theme-kontrast"),
    pytest.param({"term": "linux", "args": ["--theme", "standard"]}, id="TERM=linux-theme-standard"),
]

SESSION_ROW = "Musterstadt – Versteti"  # both demo sessions' rows in the session list (the title is cut)
MODEL_LINE = re.compile(r"^ \S V \d")  # a model's first line in the list: " · V 5     Kommunales …"
NUMBER = re.compile(r"[+−±]?\d+,\d")  # IST, SOLL, Δ in a task row


def settled(term: Terminal, quiet: float = 0.25) -> Shot:
    term.settle(quiet=quiet)
    return shot(term)


def move(term: Terminal, key: str) -> Shot:
    """Press a cursor key and return the screen once the app has drawn it."""
    term.press(key, delay=0)
    return settled(term, quiet=0.2)


def check_text_visible(cells: Shot, where: str, problems: list[str]) -> None:
    bad = invisible_text(cells)
    if bad:
        problems.append(f"{where}: {len(bad)} cell(s) with text in its own background colour:\n    "
                        + describe_cells(cells, bad))


def check_no_colour(cells: Shot, where: str, problems: list[str]) -> None:
    coloured = [(x, y) for y, row in enumerate(cells) for x, c in enumerate(row) if (c.fg, c.bg) != ("default",) * 2]
    if coloured:
        problems.append(f"{where}: NO_COLOR, but {len(coloured)} cell(s) have a colour:\n    "
                        + describe_cells(cells, coloured))


def unchanged_cells(before: Shot, after: Shot, y: int, columns: range | None = None) -> list[tuple[int, int]]:
    """Visible cells of line ``y`` (in ``columns``) that look the same before and after a cursor move."""
    xs = columns if columns is not None else range(len(before[y]))
    return [(x, y) for x in xs
            if visible(before[y][x]) and visible(after[y][x]) and look(before[y][x]) == look(after[y][x])]


def alike_cells(cells: Shot, y: int, other_y: int, columns: range | None = None) -> list[tuple[int, int]]:
    """Columns where line ``y`` and line ``other_y`` both show a character and look the same."""
    xs = columns if columns is not None else range(len(cells[y]))
    return [(x, y) for x in xs
            if visible(cells[y][x]) and visible(cells[other_y][x]) and look(cells[y][x]) == look(cells[other_y][x])]


def report_alike(problems: list[str], what: str, cells: Shot, same: list[tuple[int, int]], other: Shot | None = None,
                 other_y: int | None = None) -> None:
    if not same:
        return
    text = f"{what}:\n    " + describe_cells(cells, same)
    if other is not None or other_y is not None:
        x, y = same[0]
        text += "\n    compared with " + describe_cell(other or cells, x, y if other_y is None else other_y)
    problems.append(text)


# -- the screens -----------------------------------------------------------------------------------------------


def session_list(term: Terminal, problems: list[str]) -> None:
    """Two sessions; the row cursor starts on the first row, ↓ moves it to the second."""
    term.wait_until(lambda: term.screen_text().count(SESSION_ROW) == 2, "both demo sessions listed")
    before = settled(term)
    check_text_visible(before, "Sitzungen", problems)
    rows = [y for y, line in enumerate(shot_lines(before)) if SESSION_ROW in line]
    after = move(term, "down")
    first, second = rows
    report_alike(problems, "Sitzungen: the cursor row looks like the other row in these columns", before,
                 alike_cells(before, first, second), other_y=second)
    report_alike(problems, "Sitzungen (↓): cells of the row the cursor left look as they did under it", before,
                 unchanged_cells(before, after, first), other=after)
    report_alike(problems, "Sitzungen (↓): cells of the row the cursor reached look as they did without it", before,
                 unchanged_cells(before, after, second), other=after)
    report_alike(problems, "Sitzungen (↓): the cursor row looks like the other row in these columns", after,
                 alike_cells(after, second, first), other_y=first)


def task_cursor(cells: Shot) -> tuple[int, list[range]]:
    """The task table's cursor: its line (marked ▸) and the columns of the IST, SOLL, Δ numbers on it; the cursor
    cell is the number right after the › mark (also in the monochrome themes)."""
    lines = shot_lines(cells)
    y = next((i for i, line in enumerate(lines) if line.lstrip().startswith("▸")), -1)
    numbers = [range(m.start(), m.end()) for m in NUMBER.finditer(lines[y])] if y >= 0 else []
    return y, numbers


def cursor_field(cells: Shot) -> int:
    """0 when the › mark stands before IST, 1 before SOLL, -1 if not found."""
    y, numbers = task_cursor(cells)
    mark = shot_lines(cells)[y].find("›") if y >= 0 else -1
    if mark < 0 or len(numbers) < 2:
        return -1
    return 0 if mark < numbers[0].start else 1


def number_columns(cells: Shot, y: int) -> list[range]:
    return [range(m.start(), m.end()) for m in NUMBER.finditer(shot_lines(cells)[y])]


def task_table(term: Terminal, problems: list[str]) -> None:
    term.press("f5")
    term.wait_for("Gesamt (beide Tabellen)")
    before = settled(term)
    check_text_visible(before, "Aufgaben", problems)
    y, numbers = task_cursor(before)
    field = cursor_field(before)
    if y < 0 or field < 0 or len(numbers) < 3:
        problems.append("Aufgaben: no cursor row (▸ … › value) found\n" + "\n".join(shot_lines(before)))
        return
    # → or ←: the cursor goes to the other column of the same row.
    term.press("right" if field == 0 else "left", delay=0)
    term.wait_until(lambda: cursor_field(shot(term)) == 1 - field, "the cursor in the other column")
    after = settled(term, quiet=0.2)
    old, new = numbers[field], numbers[1 - field]
    report_alike(problems, "Aufgaben (→): the cell the cursor left looks as it did under it", before,
                 unchanged_cells(before, after, y, old), other=after)
    report_alike(problems, "Aufgaben (→): the cell the cursor reached looks as it did without it", before,
                 unchanged_cells(before, after, y, new), other=after)
    check_cell_against_neighbours(after, y, 1 - field, problems, "Aufgaben (→)")
    # ↓: the cursor goes to the same column of the next row.
    term.press("down", delay=0)
    term.wait_until(lambda: task_cursor(shot(term))[0] not in (-1, y), "the cursor on the next row")
    below = settled(term, quiet=0.2)
    y2, numbers2 = task_cursor(below)
    column = 1 - field
    report_alike(problems, "Aufgaben (↓): the cell the cursor left looks as it did under it", after,
                 unchanged_cells(after, below, y, new), other=below)
    if len(numbers2) >= 3:
        report_alike(problems, "Aufgaben (↓): the cell the cursor reached looks as it did without it", after,
                     unchanged_cells(after, below, y2, numbers2[column]), other=below)
    check_cell_against_neighbours(below, y2, column, problems, "Aufgaben (↓)")


def check_cell_against_neighbours(cells: Shot, y: int, field: int, problems: list[str], where: str) -> None:
    """The cursor cell (IST or SOLL number of line ``y``) differs from the other numbers of its row and from the
    same column of the nearest task rows above and below that have numbers there."""
    numbers = number_columns(cells, y)
    if len(numbers) < 3:
        problems.append(f"{where}: cursor row without IST/SOLL/Δ: {shot_lines(cells)[y]!r}")
        return
    cell = numbers[field]
    cursor_look = {look(cells[y][x]) for x in cell if visible(cells[y][x])}
    for other in (numbers[1 - field], numbers[2]):
        if cursor_look & {look(cells[y][x]) for x in other if visible(cells[y][x])}:
            problems.append(f"{where}: the cursor cell looks like another cell of its row:\n    "
                            + describe_cell(cells, cell.start, y) + "\n    " + describe_cell(cells, other.start, y))
    for step in (-1, 1):
        ny = y + step
        while 0 <= ny < len(cells) and not any(r.start <= cell.start < r.stop for r in number_columns(cells, ny)):
            ny += step
            if abs(ny - y) > 3:
                break
        if 0 <= ny < len(cells) and abs(ny - y) <= 3:
            report_alike(problems, f"{where}: the cursor cell looks like the cell {'above' if step < 0 else 'below'}",
                         cells, alike_cells(cells, y, ny, cell), other_y=ny)


def model_list(term: Terminal, problems: list[str]) -> None:
    """The highlighted model (an option of one or two lines); ↓ highlights the next one."""
    term.press("f4")
    term.wait_for("Modelle (Tabelle 3.1)")
    before = settled(term)
    check_text_visible(before, "Modelle", problems)
    after = move(term, "down")
    lines = shot_lines(before)
    models = [y for y, line in enumerate(lines) if MODEL_LINE.match(line)]
    changed = [y for y in range(len(before)) if any(
        visible(a) and visible(b) and look(a) != look(b) for a, b in zip(before[y], after[y], strict=True))]
    moved = [y for y in changed if y in models]
    if len(moved) != 2:
        problems.append(f"Modelle (↓): expected the look of two models' lines to change, got lines {changed}:\n"
                        + "\n".join(f"    {y}: {lines[y].rstrip()!r}" for y in changed))
        return
    old, new = moved  # ↓: the cursor goes from the upper to the lower one
    for y, what in ((old, "left"), (new, "reached")):
        state = "under it" if what == "left" else "without it"
        report_alike(problems, f"Modelle (↓): cells of the model the cursor {what} look as they did {state}", before,
                     unchanged_cells(before, after, y), other=after)
    plain = next((y for y in models if y not in moved), None)
    for cells, y in ((before, old), (after, new)):
        if plain is not None:
            report_alike(problems, "Modelle: the highlighted model looks like another in these columns", cells,
                         alike_cells(cells, y, plain), other_y=plain)


# -- the test --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("config", CONFIGS)
def test_colours(terminal, home: Path, config: dict) -> None:
    require_sections("sitzungen", "stammdaten", "aufgaben", "modelle", "fluss", "protokoll")
    run_cli(["demo"], home=home)
    run_cli(["demo"], home=home)
    no_color = bool(config.get("no_color"))
    term = terminal(config.get("args", []), term=config.get("term", "xterm-256color"), no_color=no_color)
    problems: list[str] = []
    screens: list[tuple[str, Shot]] = []

    session_list(term, problems)
    screens.append(("Sitzungen", shot(term)))
    term.press("enter")  # opens the session under the cursor: Stammdaten
    term.wait_for("Kommune und Workshop")
    term.wait_for("Notizen")
    screens.append(("Stammdaten", settled(term)))
    check_text_visible(screens[-1][1], "Stammdaten", problems)
    task_table(term, problems)
    screens.append(("Aufgaben", shot(term)))
    model_list(term, problems)
    screens.append(("Modelle", shot(term)))
    for key, wait, name in (("f6", "Weg:", "Fluss"), ("f7", "Vorschau", "Protokoll"),
                            ("f1", "Hilfe – Tastenkürzel", "Hilfe")):
        term.press(key)
        term.wait_for(wait)
        screens.append((name, settled(term)))
        check_text_visible(screens[-1][1], name, problems)
    if no_color:
        for name, cells in screens:
            check_no_colour(cells, name, problems)
    term.press("escape", "ctrl+q")
    term.close()
    if problems:
        pytest.fail(f"{len(problems)} colour problem(s):\n" + "\n".join(f"- {p}" for p in problems), pytrace=False)
