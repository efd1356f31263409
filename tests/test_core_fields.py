"""Parsing and display of the session form's fields (population, German dates, list helpers)."""

from __future__ import annotations

import datetime as dt

import pytest

from ksm_tui.core.fields import (
    DATE_MESSAGE,
    POPULATION_MESSAGE,
    FieldError,
    format_changed,
    format_date,
    format_population,
    matches,
    new_session_title,
    parse_date,
    parse_population,
)


@pytest.mark.parametrize(
    "text, expected",
    [("48000", 48000), ("48.000", 48000), (" 48.000 ", 48000), ("48 000", 48000), ("1.250.000", 1250000),
     ("7", 7), ("", None), ("   ", None)],
)
def test_parse_population_accepts_german_numbers(text: str, expected: int | None) -> None:
    assert parse_population(text) == expected


@pytest.mark.parametrize("text", ["0", "-5", "48,5", "48.5", "4.80.00", "viele", "48.000,00", "1e5", "000"])
def test_parse_population_rejects_with_german_message(text: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_population(text)
    assert info.value.message == POPULATION_MESSAGE


def test_parse_population_rejects_absurd_size() -> None:
    with pytest.raises(FieldError, match="bis 100.000.000"):
        parse_population("4800000000")


def test_format_population_round_trips() -> None:
    assert format_population(48000) == "48.000"
    assert format_population(1250000) == "1.250.000"
    assert format_population(None) == ""
    assert parse_population(format_population(987654)) == 987654


@pytest.mark.parametrize(
    "text, expected",
    [("24.11.2026", dt.date(2026, 11, 24)), ("1.2.2026", dt.date(2026, 2, 1)),
     ("2026-11-24", dt.date(2026, 11, 24)), ("", None)],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["24.11.26", "24/11/2026", "morgen", "24.11.", "2026"])
def test_parse_date_rejects_other_formats(text: str) -> None:
    with pytest.raises(FieldError) as info:
        parse_date(text)
    assert info.value.message == DATE_MESSAGE


def test_parse_date_names_impossible_days() -> None:
    with pytest.raises(FieldError) as info:
        parse_date("31.02.2026")
    assert info.value.message.startswith("Diesen Tag gibt es nicht: 31.02.2026.")


def test_format_date() -> None:
    assert format_date(dt.date(2026, 3, 2)) == "02.03.2026"
    assert format_date(None) == ""


def test_format_changed_is_relative_when_recent() -> None:
    tz = dt.timezone(dt.timedelta(hours=1))
    now = dt.datetime(2026, 11, 24, 21, 30, tzinfo=tz)
    assert format_changed("2026-11-24T21:29:40+01:00", now) == "gerade eben"
    assert format_changed("2026-11-24T21:10:00+01:00", now) == "vor 20 Min."
    assert format_changed("2026-11-24T08:05:00+01:00", now) == "heute 08:05"
    assert format_changed("2026-11-23T22:00:00+01:00", now) == "gestern 22:00"
    assert format_changed("2026-10-01T09:00:00+01:00", now) == "01.10.2026 09:00"
    # another zone is shown in local time
    assert format_changed("2026-11-24T10:00:00+00:00", now) == "heute 11:00"
    assert format_changed("kaputt", now) == ""


def test_new_session_title() -> None:
    assert new_session_title(dt.date(2026, 11, 24)) == "Neue Sitzung 24.11.2026"


def test_matches_every_word_case_insensitively() -> None:
    assert matches("", "x")
    assert matches("muster", "Musterstadt – Workshop", "Musterstadt", "1")
    assert matches("work MUSTER", "Musterstadt – Workshop", "", "1")
    assert not matches("muster kreis", "Musterstadt – Workshop", "Musterstadt", "1")
    assert matches("12", "Titel", "Ort", "12")
