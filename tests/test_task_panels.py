"""The detail panel's word wrap (pure) and its behaviour under the task grid's cursor."""

from __future__ import annotations

from ksm_tui.widgets.task_panels import wrap_parts

LABEL = "Projektbezogene Berücksichtigung von Klimaschutzbelangen in der Verwaltungsarbeit (z.B. Bauleitplanung)"


def texts(lines) -> list[str]:
    return ["".join(text for text, _bold in line) for line in lines]


def test_wrap_breaks_at_spaces_and_keeps_every_word():
    lines = wrap_parts([(LABEL, True)], 40, 5)
    assert all(len(line) <= 40 for line in texts(lines))
    assert " ".join(texts(lines)) == LABEL
    assert all(bold for line in lines for _text, bold in line)


def test_wrap_keeps_the_style_of_each_part_across_lines():
    parts = [("✎ Notiz: ", True), ("nur im Winter, sonst gar nicht", False), (" · Tabelle 4.2", False)]
    lines = wrap_parts(parts, 20, 4)
    assert texts(lines) == ["✎ Notiz: nur im", "Winter, sonst gar", "nicht · Tabelle 4.2"]
    assert lines[0][0] == ("✎ ", True) and lines[0][-1] == ("im", False)


def test_wrap_cuts_the_last_allowed_line_with_an_ellipsis():
    lines = texts(wrap_parts([(LABEL, False)], 30, 2))
    assert len(lines) == 2
    assert lines[1].endswith("…") and len(lines[1]) <= 30


def test_wrap_splits_a_word_longer_than_the_line():
    lines = texts(wrap_parts([("x" * 50, False)], 20, 5))
    assert lines == ["x" * 20, "x" * 20, "x" * 10]
