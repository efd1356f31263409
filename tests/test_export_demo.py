"""Golden minutes of the shipped demo session (Musterstadt) with the shipped content, plus the exporter details
a facilitator reads first: sums, sections, merged sources, no empty columns."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from ksm_tui.core.demo import demo_session
from ksm_tui.core.loader import load_content
from ksm_tui.core.session import Assessment, RecordedOutcome
from ksm_tui.export import resolve_export_path, to_html, to_markdown
from ksm_tui.export.markdown import _sources

GOLDEN = Path(__file__).parent / "golden"
VERSION = "0.1.0"
EXPORTED_AT = dt.datetime(2026, 3, 12, 17, 30)
CONTENT = load_content()


def render(fmt: str, session=None) -> str:
    fn = to_html if fmt == "html" else to_markdown
    return fn(session or demo_session(), CONTENT, app_version=VERSION, exported_at=EXPORTED_AT)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_demo_golden(fmt):
    """The demo minutes match the reviewed golden files exactly (KSM_UPDATE_GOLDEN=1 regenerates them)."""
    text = render(fmt)
    golden = GOLDEN / f"demo.{fmt}"
    if os.environ.get("KSM_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.exists(), f"{golden} fehlt: mit KSM_UPDATE_GOLDEN=1 erzeugen"
    assert text == golden.read_text(encoding="utf-8")


def test_demo_minutes_have_every_section_and_correct_sums():
    text = render("md")
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == [
        "Ausgangslage",
        "Aufgaben: IST und SOLL",
        "Flussdiagramm",
        "Bewertung der Modelle",
        "Notizen",
    ]
    # group sums of the demo values (tenths): Pflicht 100/250, Management 400/400, Vernetzung 200/180, Extern 300/170
    for label, ist, soll, delta in [
        ("Summe Pflichtaufgaben", "10,0 %", "25,0 %", "+15,0"),
        ("Summe Management-orientierte Aufgaben", "40,0 %", "40,0 %", "±0,0"),
        ("Summe Vernetzung von Verwaltung und externen Akteuren", "20,0 %", "18,0 %", "−2,0"),
        ("Summe Externe Aufgaben", "30,0 %", "17,0 %", "−13,0"),
    ]:
        assert re.search(rf"\| \*{label}\* +\| +\*{ist}\* \| +\*{soll}\* \| +\*{re.escape(delta)}\* \|", text), label
    assert re.search(
        r"\| \*\*Summe aller Aufgaben\*\* +\| +\*\*100,0 %\*\* \| +\*\*100,0 %\*\* \| \*\*±0,0\*\* \|", text
    )
    assert re.search(r"\| Verteilung der Arbeitszeit \| 100,0 % verteilt \| 100,0 % verteilt \|", text)
    assert "### Ergebnis: Rückhalt nutzen" in text
    assert "Zeilen, die nur für Landkreise gelten, sind ausgeblendet." in text
    assert "Erstellt mit ksm-tui 0.1.0 am 12.03.2026 um 17:30 Uhr." in text
    # parses as CommonMark + tables: one h1, five tables (participants, 4.2, 4.3, Gesamt, Bewertung)
    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(text)
    assert [t.tag for t in tokens if t.type == "heading_open"].count("h1") == 1
    assert sum(t.type == "table_open" for t in tokens) == 5


def test_outcome_sources_are_merged_per_kind():
    assert "Grundlage im Leitfaden: Kapitel 3.1, 5, 5.1, 5.2; Tabelle 3.1." in render("md")
    assert _sources(["Kapitel 5.2, 4.2", "Kapitel 5.1 (Infobox), 5.2", "Kapitel 10"]) == (
        "Kapitel 4.2, 5.1 (Infobox), 5.2, 10"
    )
    assert _sources(["eigene Erfahrung", "Kapitel 2"]) == "eigene Erfahrung; Kapitel 2"


def test_assessment_table_leaves_out_empty_columns():
    text = render("md")
    # the demo has no recorded outcome: no empty "Flussdiagramm" column
    assert "| Modell " in text and "Flussdiagramm   |" not in text
    assert re.search(r"\| V 8 Klimaschutz als Stabsstelle +\| favorisiert +\| Stabsstelle bei", text)
    s = demo_session()
    s.outcome = RecordedOutcome(outcome="ergebnis-rueckhalt", favoured=["v8"], recorded_at="2026-03-12T16:00:00")
    s.assessments = {"v8": Assessment(status="favorisiert")}
    text = render("md", s)
    assert re.search(r"\| V 8 Klimaschutz als Stabsstelle +\| favorisiert +\| favorisiert +\|\n", text)
    assert "| Notiz" not in text


def test_resolve_export_path(tmp_path):
    base = tmp_path / "exports"
    assert resolve_export_path("protokoll", base, "md") == base / "protokoll.md"
    assert resolve_export_path("a/b.html", base, "html") == base / "a" / "b.html"
    assert resolve_export_path(str(tmp_path / "x.txt"), base, "md") == tmp_path / "x.txt"
    assert resolve_export_path("~/p.md", base, "md") == Path.home() / "p.md"
    with pytest.raises(ValueError):
        resolve_export_path("  \x1b ", base, "md")
