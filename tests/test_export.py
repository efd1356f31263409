"""Minutes export: golden files, structure, hostile user text, HTML page, file names and atomic writing."""

from __future__ import annotations

import datetime as dt
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ksm_tui.core.session import (
    Assessment,
    FlowState,
    FlowStep,
    Participant,
    RecordedOutcome,
    Session,
    TaskEntry,
)
from ksm_tui.export import ExportError, default_export_name, slugify, to_html, to_markdown, write_export
from ksm_tui.export.mdtext import paragraphs
from tests.fixtures.export_content import EXPORTED_AT, gemeinde_session, landkreis_session, make_content

GOLDEN = Path(__file__).parent / "golden"
VERSION = "0.1.0"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CONTENT = make_content()


def md(session: Session, when: dt.datetime = EXPORTED_AT) -> str:
    return to_markdown(session, CONTENT, app_version=VERSION, exported_at=when)


def page(session: Session) -> str:
    return to_html(session, CONTENT, app_version=VERSION, exported_at=EXPORTED_AT)


def tokens(markdown: str):
    return MarkdownIt("commonmark", {"html": False}).enable("table").parse(markdown)


def tables(markdown: str) -> list[list[int]]:
    """Cell counts of every row of every table (header row first)."""
    out: list[list[int]] = []
    row = 0
    for tok in tokens(markdown):
        if tok.type == "table_open":
            out.append([])
        elif tok.type == "tr_open":
            row = 0
        elif tok.type in ("th_open", "td_open"):
            row += 1
        elif tok.type == "tr_close":
            out[-1].append(row)
    return out


def structure(markdown: str) -> list[str]:
    """The block structure (token types and tags) without the inline text."""
    return [f"{t.type}:{t.tag}" for t in tokens(markdown) if t.type != "inline"]


def headings(markdown: str) -> list[str]:
    return [t.tag for t in tokens(markdown) if t.type == "heading_open"]


def sections(markdown: str) -> list[str]:
    return [line[3:] for line in markdown.splitlines() if line.startswith("## ")]


# -- golden files ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "render"),
    [
        ("gemeinde.md", gemeinde_session, md),
        ("gemeinde.html", gemeinde_session, page),
        ("landkreis.md", landkreis_session, md),
        ("landkreis.html", landkreis_session, page),
    ],
)
def test_golden(name, make, render):
    """The minutes match the reviewed golden files exactly (KSM_UPDATE_GOLDEN=1 regenerates them)."""
    text = render(make())
    golden = GOLDEN / name
    if os.environ.get("KSM_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert golden.exists(), f"{golden} fehlt: mit KSM_UPDATE_GOLDEN=1 erzeugen"
    assert text == golden.read_text(encoding="utf-8")


def test_output_is_deterministic_except_export_time():
    a = md(gemeinde_session())
    assert a == md(gemeinde_session())
    b = md(gemeinde_session(), dt.datetime(2027, 1, 2, 3, 4))
    assert len(a.splitlines()) == len(b.splitlines())
    diff = [(x, y) for x, y in zip(a.splitlines(), b.splitlines(), strict=True) if x != y]
    assert diff == [
        (
            "Erstellt mit ksm-tui 0.1.0 am 14.03.2026 um 09:30 Uhr.",
            "Erstellt mit ksm-tui 0.1.0 am 02.01.2027 um 03:04 Uhr.",
        )
    ]


# -- content of the sections ---------------------------------------------------------------------------------


def test_header_and_footer():
    text = md(gemeinde_session())
    assert text.startswith("# Protokoll: Musterstadt – Verstetigungsworkshop\n")
    for line in (
        "- **Kommune:** Musterstadt",
        "- **Art der Kommune:** Gemeinde/Stadt",
        "- **Einwohnerzahl:** 48.000",
        "- **Datum:** 12.03.2026",
        "- **Moderation:** Dr. Alex Beispiel",
        "| Petra Probe    | Bürgermeisterin      |",
        "- **Förderphase:** Anschlussvorhaben",
        "- **Ende der Förderung:** 31.12.2026",
        "- **Aktuelles Modell:** V 7 Klimaschutzmanagement als Stabsstelle",
        "Quelle: ifeu (2020): Klimaschutzmanagement verstetigen. Heidelberg.\\",
    ):
        assert line in text.splitlines()
    assert sections(text) == [
        "Ausgangslage",
        "Aufgaben: IST und SOLL",
        "Flussdiagramm",
        "Bewertung der Modelle",
        "Notizen",
    ]
    assert headings(text).count("h1") == 1


def test_task_tables_show_sums_and_balance_from_the_core():
    text = md(gemeinde_session())
    assert "### Klimaschutzaufgaben innerhalb der Verwaltung (Tabelle 4.2)" in text
    assert "### Klimaschutzaufgaben nach außen (Tabelle 4.3)" in text
    assert re.search(r"\| \*Summe Pflichtaufgaben\* +\| +\*25,0 %\* \| +\*27,5 %\* \| +\*\+2,5\* \|", text)
    assert re.search(r"\| \*\*Summe Tabelle 4\.2\*\* +\| \*\*60,0 %\*\* \| \*\*62,5 %\*\* \| \*\*\+2,5\*\* \|", text)
    assert re.search(r"\| Verteilung der Arbeitszeit \| 5,0 % nicht verteilt \| 100,0 % verteilt \|", text)
    assert re.search(r"\| Organisation und Prozessmanagement .* \| +20,0 % \| +15,0 % \| +−5,0 \|", text)
    # a row note with two lines stays readable: a list below the table, the lines joined by a hard break
    assert "EMAS statt eea\\\n  ab 2027 mit neuer Stelle" in text


def test_gemeinde_has_no_county_rows_landkreis_has_them():
    gemeinde = md(gemeinde_session())
    assert "Landkreis:" not in gemeinde
    assert "nur Landkreis" not in gemeinde  # the stored note of a county row is not printed either
    assert "Zeilen, die nur für Landkreise gelten, sind ausgeblendet." in gemeinde
    landkreis = md(landkreis_session())
    assert "| **Landkreis: Externe Aufgaben für Gemeinden**" in landkreis
    assert re.search(
        r"\| Landkreis: Klimaschutz zu regionalen Themen \(Abfall, Abwasser, Regionalplanung\) +\| +15,0 %", landkreis
    )
    assert "| Förderung der interkommunalen Zusammenarbeit " in landkreis
    assert "ausgeblendet" not in landkreis
    assert re.search(r"\| Verteilung der Arbeitszeit \| 5,0 % zu viel \| 5,0 % zu viel \|", landkreis)
    # Tabelle 4.3 for a Landkreis: header, 3 groups with 6 tasks and 3 subtotals, the table sum
    assert tables(landkreis)[1] == [4] * (1 + 3 + 6 + 3 + 1)
    assert tables(gemeinde)[2] == [4] * (1 + 2 + 3 + 2 + 1)


def test_flowchart_path_outcome_and_reconstruction_note():
    text = md(gemeinde_session())
    assert (
        "*Hinweis:* Rekonstruiert aus dem Text von Kapitel 5 – die Abbildung 5.1 des Leitfadens liegt nicht vor."
    ) in text
    assert "1. **Strategische Grundlage:** Gibt es nach der Förderung" in text
    assert "   Antwort: **Ja, ein aktuelles Konzept**\\\n   Notiz: Konzept von 2019, Fortschreibung läuft." in text
    assert "### Ergebnis: Verstetigung in der Verwaltung" in text
    favoured = text.split("**Favorisiert:**")[1].split("**Empfehlungen:**")[0]
    assert favoured.index("V 7 ") < favoured.index("V 8 ")  # the core's ranking order is kept
    assert "  - spricht dafür: Eigenes Budget erlaubt ein eigenes Amt." in favoured
    assert "- Klimaschutzkonzept fortschreiben. (Kapitel 5.1)" in text
    landkreis = md(landkreis_session())
    assert "**Eher nicht geeignet:**" in landkreis and "**Möglich:**" in landkreis
    assert "- Sponsoring nur als Übergangslösung nutzen. (Kapitel 5.2)" in landkreis


def test_unfinished_flowchart_says_so():
    s = gemeinde_session()
    s.flowchart = FlowState(steps=[FlowStep("strategie", "ja"), FlowStep("geld")], cursor=1)
    text = md(s)
    assert (
        "2. **Finanzierung:** Ist die Stelle nach der Förderung im Haushalt gesichert?\\\n   Antwort: *noch offen*"
    ) in text
    assert "Das Flussdiagramm wurde noch nicht bis zu einem Ergebnis durchlaufen." in text
    assert "### Ergebnis" not in text


def test_stale_flowchart_path_is_shown_as_far_as_it_fits():
    """A session saved with other content (unknown answer, unknown node) must still export."""
    s = gemeinde_session()
    s.flowchart = FlowState(
        steps=[FlowStep("strategie", "ja", "bleibt"), FlowStep("geld", "gibt-es-nicht"), FlowStep("weg")], cursor=2
    )
    text = md(s)
    assert "Der gespeicherte Weg passt nicht mehr vollständig zum Flussdiagramm" in text
    assert "Notiz: bleibt" in text
    assert (
        "2. **Finanzierung:** Ist die Stelle nach der Förderung im Haushalt gesichert?\\\n   Antwort: *noch offen*"
    ) in text
    s.flowchart = FlowState(steps=[FlowStep("unbekannt", "x")], cursor=0)
    assert "1. **Strategische Grundlage:**" in md(s)


def test_assessments_with_recorded_outcome_marks():
    text = md(gemeinde_session())
    assert (
        "Festgehaltenes Ergebnis des Flussdiagramms: **Verstetigung in der Verwaltung**"
        " (festgehalten am 12.03.2026, 11:20 Uhr)."
    ) in text
    rows = [line for line in text.splitlines() if line.startswith("| V ")]
    assessed = [[c.strip() for c in r.split("|")[1:-1]] for r in rows if r.count("|") == 5]
    assert ["V 7 Klimaschutzmanagement als Stabsstelle", "möglich", "favorisiert", ""] in assessed
    assert [
        "V 8 Klimaschutzmanagement mit eigenem Amt", "favorisiert", "favorisiert", "Mit Bürgermeisterin abstimmen."
    ] in assessed
    assert [
        "V 11 Klimaschutzmanagement bei einer Energieagentur", "verworfen", "", "Keine Energieagentur in der Region."
    ] in assessed
    assert "V 5 " not in text.split("## Bewertung der Modelle")[1]  # models without an assessment are left out


def test_empty_sections_are_left_out():
    s = Session(title="Nur ein Titel", participants=[Participant("", "")], tasks={"pflicht-1": TaskEntry()})
    text = md(s)
    assert sections(text) == []
    assert "Teilnehmende" not in text
    assert "- **Kommune:**" not in text and "Datum" not in text
    assert "- **Art der Kommune:** Gemeinde/Stadt" in text
    assert text.rstrip().endswith("Erstellt mit ksm-tui 0.1.0 am 14.03.2026 um 09:30 Uhr.")
    # only a county row filled in a Gemeinde session: nothing to show in the task section
    s.tasks = {"pflicht-3": TaskEntry(100, 100, "x")}
    assert "## Aufgaben" not in md(s)
    # a note alone makes a row worth printing
    s.tasks = {"extern-2": TaskEntry(note="nur eine Notiz")}
    assert "## Aufgaben: IST und SOLL" in md(s)


def test_untitled_session_falls_back_to_kommune():
    assert md(Session(kommune="Groß-Umstadt")).startswith("# Protokoll: Groß-Umstadt\n")
    assert md(Session()).startswith("# Protokoll\n")


# -- hostile user text ---------------------------------------------------------------------------------------

HOSTILE = (
    "a | b || c\n# Titel\n## Zwei\n> Zitat\n- Punkt\n+ plus\n* stern\n1. eins\n2) zwei\n===\n---\n***\n___\n"
    "```python\ncode `x` ``y``\n~~~\n<script>alert(1)</script> <b>fett</b> <img src=x onerror=alert(1)>\n"
    "[x](javascript:alert(1)) ![i](http://example.org/i.png) <http://example.org> [ref]: /url\n"
    "\x1b[31mrot\x1b[0m \x07 \x9b2J \x00 \x7f\n|---|---|\n| --- | :-: |\n&lt; &amp; &#60; \\\n    eingerückt\n"
    "\tTab\n$x^2$ _kursiv_ **fett** ~~weg~~ <!-- kommentar --> \\| Ende\\"
)
BENIGN = "Text"


def session_with(text: str) -> Session:
    """A session with ``text`` in every user-editable field (and as ids the user could have stored)."""
    s = gemeinde_session()
    s.kommune_type = "landkreis"
    s.title = s.kommune = s.place = s.facilitator = text
    s.participants = [Participant(text, text), Participant(text, "")]
    s.current_model = text
    for task in CONTENT.tasks:
        s.tasks[task.id] = TaskEntry(100, 50, text)
    s.flowchart = FlowState(
        steps=[
            FlowStep("strategie", "ja", text), FlowStep("geld", "haushalt", text),
            FlowStep("ergebnis-haushalt", None, text),
        ],
        cursor=2,
    )
    s.outcome = RecordedOutcome(outcome=text, favoured=["v7", text], possible=[text], recorded_at=text)
    s.assessments = {m.id: Assessment("moeglich", text) for m in CONTENT.models}
    s.assessments[text] = Assessment("verworfen", text)
    s.notes = text
    return s


def html_tags(html: str) -> tuple[set[str], list[tuple[str, str]]]:
    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags: set[str] = set()
            self.attrs: list[tuple[str, str]] = []

        def handle_starttag(self, tag, attrs):
            self.tags.add(tag)
            self.attrs += [(tag, name) for name, _ in attrs]

    c = Collect()
    c.feed(html)
    return c.tags, c.attrs


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "ul", "ol", "li",
    "strong", "em", "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
}  # fmt: skip
ALLOWED_ATTRS = {
    ("html", "lang"), ("meta", "charset"), ("meta", "name"), ("meta", "content"), ("th", "style"), ("td", "style"),
}


def check_hostile(text: str) -> None:
    hostile, benign = md(session_with(text)), md(session_with(BENIGN))
    # the document structure is exactly that of the same session with plain text
    assert structure(hostile) == structure(benign)
    assert headings(hostile) == headings(benign)
    # every table stays parseable: each row has the header's cell count
    assert tables(hostile) == tables(benign)
    for rows in tables(hostile):
        assert set(rows) == {rows[0]}
    page_ = to_html(session_with(text), CONTENT, app_version=VERSION, exported_at=EXPORTED_AT)
    tags, attrs = html_tags(page_)
    assert tags <= ALLOWED_TAGS
    assert set(attrs) <= ALLOWED_ATTRS
    assert not CONTROL.search(hostile)
    assert not CONTROL.search(page_)


def test_hostile_text_in_every_field_keeps_the_structure():
    check_hostile(HOSTILE)
    page_ = page(session_with(HOSTILE))
    assert "<script" not in page_ and "<b>" not in page_ and "<img" not in page_ and "href=" not in page_
    # what the user typed is still there, shown literally
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;fett&lt;/b&gt;" in page_
    assert "[x](javascript:alert(1))" in page_
    assert "a | b || c" in page_
    assert "&amp;lt; &amp;amp; &amp;#60; \\" in page_
    assert "_kursiv_ **fett** ~~weg~~" in page_
    assert "rot" in page_ and "\x1b" not in page_


def test_hostile_text_in_table_cells_keeps_the_cell_count():
    text = md(session_with(HOSTILE))
    participants = tables(text)[0]
    assert participants == [2, 2, 2]
    assessments = tables(text)[-1]
    assert len(assessments) == 1 + len(CONTENT.models) + 1  # plus the unknown id the user stored
    assert "| a \\| b \\|\\| c / \\# Titel / " in text  # line breaks in a cell become " / "


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_any_text_keeps_the_structure(text):
    text = "x" + text  # an empty field would leave out its line: a different (correct) shape
    if len(paragraphs(text)) != 1:
        return  # blank lines make several paragraphs in the free notes: a different (correct) shape
    check_hostile(text)


# -- HTML page -----------------------------------------------------------------------------------------------


def test_html_is_one_printable_self_contained_file():
    html = page(gemeinde_session())
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"de\">")
    assert '<meta charset="utf-8">' in html
    assert "<title>Protokoll: Musterstadt – Verstetigungsworkshop</title>" in html
    style = html.split("<style>")[1].split("</style>")[0]
    assert "@page { size: A4; margin: 2cm; }" in style
    assert "break-inside: avoid" in style and "border" in style and "@media print" in style
    assert "<link" not in html and "<script" not in html and "src=" not in html
    # tables: participants, Tabelle 4.2, Tabelle 4.3, Gesamt, Bewertung — with their row counts
    bodies = html.split("<table>")[1:]
    assert [b.split("</table>")[0].count("<tr>") for b in bodies] == [4, 10, 9, 3, 4]
    assert '<th style="text-align:right">IST</th>' in html


def test_html_title_is_escaped():
    s = Session(title="<script>x</script> & Co")
    assert "<title>Protokoll: &lt;script&gt;x&lt;/script&gt; &amp; Co</title>" in page(s)


# -- file names and writing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kommune", "slug"),
    [
        ("Musterstadt", "musterstadt"),
        ("Groß-Umstadt", "gross-umstadt"),
        ("Ölbronn-Dürrn", "oelbronn-duerrn"),
        ("Frankfurt (Oder)", "frankfurt-oder"),
        ("Landkreis Müritz  –  Süd", "landkreis-mueritz-sued"),
        ("Île-de-France", "ile-de-france"),
        ("", "sitzung"),
        ("### ///", "sitzung"),
        ("\x1b[31m", "31m"),
    ],
)
def test_slug(kommune, slug):
    assert slugify(kommune) == slug


def test_default_export_name():
    today = dt.date(2026, 3, 14)
    assert default_export_name(gemeinde_session(), "md", today) == "2026-03-14-musterstadt.md"
    assert default_export_name(Session(kommune="Groß-Gerau"), "html", today) == "2026-03-14-gross-gerau.html"
    assert default_export_name(Session(), "md", today) == "2026-03-14-sitzung.md"
    with pytest.raises(ValueError):
        default_export_name(Session(), "pdf", today)


def test_write_export_creates_folders_and_replaces_atomically(tmp_path):
    target = tmp_path / "exports" / "neu" / "protokoll.md"
    assert write_export(target, "Ä\n") == target
    assert target.read_bytes() == "Ä\n".encode()
    target.chmod(0o640)
    write_export(target, "zweite Fassung\n")
    assert target.read_text(encoding="utf-8") == "zweite Fassung\n"
    assert target.stat().st_mode & 0o777 == 0o640  # an existing file keeps its permissions
    assert sorted(p.name for p in target.parent.iterdir()) == ["protokoll.md"]  # no temp files left


def test_write_export_errors_are_one_german_line(tmp_path):
    with pytest.raises(ExportError, match=r"^Export nicht möglich: .* ist ein Ordner\.$"):
        write_export(tmp_path, "x")
    blocker = tmp_path / "datei"
    blocker.write_text("x")
    with pytest.raises(ExportError, match=r"^Export nicht möglich: Ordner .*datei/sub kann nicht angelegt werden"):
        write_export(blocker / "sub" / "p.md", "x")
    with pytest.raises(ExportError, match=r"^Export nicht möglich: ") as info:
        write_export(Path("/proc/ksm-tui-gibt-es-nicht/p.md"), "x")
    assert "\n" not in str(info.value)
    assert blocker.read_text() == "x"
