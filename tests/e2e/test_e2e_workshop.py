"""The whole workshop in a real terminal, as a facilitator does it over SSH at 80×24.

Scenario (the installed ``ksm-tui`` in a pty, once with TERM=xterm-256color and once with TERM=xterm NO_COLOR=1):
empty database → ``n`` new session → Stammdaten: Titel, Kommune, Typ, Ort → F5: IST/SOLL values in two rows (the
total line changes) → F6: walk the flowchart to an outcome with the number keys, a note at step 2, ``r`` records
the outcome → F4: assess a model (``f``) and write a note (``n``, Strg+S) → F7: export the minutes as Markdown
(``e``) and HTML (``h``) to a path in tmp → Strg+Q. Then: exit code 0, terminal restored, both files hold what
was entered, and ``ksm-tui dump ID`` shows that everything was saved.

Every step waits for a text on the screen (never a fixed sleep), so the test is as fast as the app.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.e2e.conftest import require_sections
from tests.e2e.harness import Terminal, run_cli

pytestmark = pytest.mark.e2e

PLAIN = {"term": "xterm", "no_color": True}
VARIANTS = pytest.mark.parametrize("variant", [{}, PLAIN], ids=["xterm-256color", "xterm-NO_COLOR"])

TITLE = "Workshop Verstetigung Teststadt"
KOMMUNE = "Teststadt"
PLACE = "Rathaus, Saal 2"
FLOW_NOTE = "Haushalt 2027 klären"
MODEL_NOTE = "Passt zur Haushaltslage"


def line_with(term: Terminal, label: str) -> str:
    """The first screen line that starts with ``label`` as a whole (a form row: label, blanks, value), or ""."""
    pattern = re.compile(re.escape(label) + r"(\s{2,}|$)" if label[0].isalpha() else re.escape(label))
    return next((ln.strip() for ln in term.screen_text().splitlines() if pattern.match(ln.strip())), "")


def clear_field(term: Terminal, gone: str) -> None:
    """Strg+U empties the focused text field; wait until ``gone`` has left the screen before typing on.

    Textual runs a key binding's action (here the Input's ``delete_left_all``) after the keys already read in the
    same go, so text typed right behind Strg+U could be inserted first and then deleted with it.
    """
    term.press("ctrl+u")
    term.wait_gone(gone)


def nav(term: Terminal, *keys: str) -> None:
    """Keys that move the focus or a cursor (bindings): wait until the app has drawn each one.

    Textual runs a binding's action after the keys already read, so a key typed right behind e.g. Tab could
    still reach the old field. Waiting for the output to pause (0.1 s) is waiting for that key's repaint.
    """
    for key in keys:
        term.press(key, delay=0)
        term.settle(quiet=0.1)


def export_path(term: Terminal) -> str:
    """The visible text of the export dialog's file field (two lines below "Datei:", inside its border)."""
    lines = term.screen_text().splitlines()
    at = next((i for i, ln in enumerate(lines) if ln.strip().strip("█").strip() == "Datei:"), None)
    if at is None or at + 2 >= len(lines):
        return "?"
    return lines[at + 2].strip().strip("█").strip().strip("▊▎").strip()


def task_field(term: Terminal) -> str:
    """Which column the task table's cursor is in: the ``›`` mark stands before the IST or the SOLL cell."""
    lines = term.screen_text().splitlines()
    header = next((ln for ln in lines if "IST %" in ln and "SOLL %" in ln), "")
    row = next((ln for ln in lines if ln.lstrip().startswith("▸")), "")
    if not header or "›" not in row:
        return ""
    return "soll" if row.index("›") > header.index("IST %") else "ist"


def move_to_field(term: Terminal, key: str, field: str) -> None:
    term.press(key)
    term.wait_until(lambda: task_field(term) == field, f"task table cursor in {field}")


def enter_value(term: Terminal, digits: str, expect: str) -> None:
    """Type a value into the task table's current cell (the first digit opens the editor), Enter, wait."""
    term.press(digits[0])
    term.wait_for(digits[0] + "▏")  # the cell editor is open
    term.press(*digits[1:], "enter")
    term.wait_for(expect)


@VARIANTS
def test_full_workshop_flow(terminal, home: Path, tmp_path: Path, variant) -> None:
    require_sections("sitzungen", "stammdaten", "aufgaben", "fluss", "modelle", "protokoll")
    out = tmp_path / "export"
    md_file, html_file = out / "protokoll.md", out / "protokoll.html"
    term = terminal(**variant)

    # 1. Empty database: the session list invites to create one; n creates it and opens the form (F3).
    took = term.wait_for("Noch keine Sitzungen gespeichert", timeout=10)
    assert took < 5, f"first screen took {took:.1f} s"
    term.press("n")
    term.wait_for("Kommune und Workshop")
    term.wait_until(lambda: "Neue Sitzung" in line_with(term, "Titel"), "the new session's default title")
    term.wait_focus("Titel")
    clear_field(term, "Neue Sitzung")  # the title field has the focus: replace the default title
    term.type(TITLE)
    nav(term, "tab")
    term.wait_focus("Kommune")
    term.type(KOMMUNE)
    term.wait_until(lambda: KOMMUNE in line_with(term, "Kommune"), "the Kommune typed")
    nav(term, "tab", "enter")  # Typ: open the choice
    term.wait_for("Landkreis")
    nav(term, "down", "enter")
    term.wait_until(lambda: "Landkreis" in line_with(term, "Typ"), "Typ Landkreis chosen")
    nav(term, "tab", "tab", "tab")  # Einwohnerzahl, Datum, Ort
    term.wait_focus("Ort")
    term.type(PLACE)
    term.wait_until(lambda: PLACE in line_with(term, "Ort"), "the place typed into Ort")
    term.wait_for(TITLE)  # the header names the open session

    # 2. F5: IST and SOLL of the first two rows; the total line follows every value.
    term.press("f5")
    term.wait_for("Gesamt (beide Tabellen)")
    term.wait_for("IST ▽ 100,0 % nicht verteilt")
    enter_value(term, "10", "IST ▽ 90,0 % nicht verteilt")
    move_to_field(term, "right", "soll")
    enter_value(term, "20", "SOLL ▽ 80,0 % nicht verteilt")
    nav(term, "down")
    term.wait_until(lambda: "Organisation und Koordination" in line_with(term, "▸"), "cursor on the second row")
    move_to_field(term, "left", "ist")
    enter_value(term, "15", "IST ▽ 75,0 % nicht verteilt")
    move_to_field(term, "right", "soll")
    enter_value(term, "30", "SOLL ▽ 50,0 % nicht verteilt")
    assert re.search(r"Summe Pflichtaufgaben\s+25,0\s+50,0\s+\+25,0", term.screen_text()), term.dump()

    # 3. F6: walk the flowchart with the number keys; a note at step 2; record the outcome.
    term.press("f6")
    term.wait_for("Frage 1")
    term.press("1")
    term.wait_for("Frage 2")
    term.press("e")  # the note of this step: the answer keys leave the footer while the note has the focus
    term.wait_gone("1–9 Antwort")
    term.type(FLOW_NOTE)
    term.wait_for(FLOW_NOTE)
    term.press("escape")  # back to the answers
    term.wait_for("1–9 Antwort")
    term.press("1")
    term.wait_for("Frage 3")
    term.press("1")
    term.wait_for("Ergebnis (Schritt 4): Rückhalt nutzen")
    term.press("r")
    term.wait_for("✓ Festgehalten")

    # 4. "o" opens the first-ranked model of the outcome (V 7) in the catalogue (F4), which shows the recorded
    #    recommendation; assess V 7 and write a note there. Then back to the list, which marks it.
    term.press("o")
    term.wait_for("Esc: zurück zur Liste")
    term.wait_for("V 7 KSM im Fachamt")
    term.wait_for("empfiehlt dieses Modell")
    term.press("f")
    term.wait_for("★ favorisiert")
    term.press("n")
    term.wait_for("Notiz zu V 7")
    term.type(MODEL_NOTE)
    term.wait_for(MODEL_NOTE)
    term.press("ctrl+s")
    term.wait_gone("Notiz zu V 7")
    term.press("escape")
    term.wait_for("Modelle (Tabelle 3.1)")
    term.wait_until(lambda: "★ V 7 " in term.screen_text(), "V 7 marked as favourite in the list")
    term.wait_for("▲ empfohlen")

    # 5. F7: export the minutes as Markdown and as HTML to a path of our own.
    term.press("f7")
    term.wait_for("Vorschau: so wird das Protokoll exportiert")
    for key, target, name in (("e", md_file, "Markdown"), ("h", html_file, "HTML")):
        term.press(key)
        term.wait_for("Protokoll exportieren")
        term.wait_for(f"▐●▌ {name} (")  # the chosen format, by symbol (○ the other), readable without colour
        term.wait_until(lambda target=target: export_path(term).endswith(f"teststadt{target.suffix}"),
                        "the proposed file name")
        term.press("ctrl+u")
        term.wait_until(lambda: export_path(term) == "", "the file field emptied")
        term.type(str(target))
        term.wait_until(lambda target=target: export_path(term).endswith(target.name), "our path typed")
        term.press("enter")
        term.wait_for(f"Protokoll ({name}) gespeichert")
        term.wait_until(target.exists, f"{target} written")

    # 6. Quit: exit code 0 and the terminal restored.
    term.press("ctrl+q")
    term.close(expect_status=0)

    # The minutes hold what was entered.
    md = md_file.read_text(encoding="utf-8")
    assert md.startswith(f"# Protokoll: {TITLE}")
    assert f"**Kommune:** {KOMMUNE}" in md and f"**Ort:** {PLACE}" in md and "Landkreis" in md
    assert re.search(r"\| Projektbezogene Berücksichtigung[^|]*\|\s+10,0 % \|\s+20,0 % \|\s+\+10,0 \|", md)
    assert re.search(r"\| Organisation und Koordination[^|]*\|\s+15,0 % \|\s+30,0 % \|\s+\+15,0 \|", md)
    assert re.search(r"\*Summe Pflichtaufgaben\*\s+\|\s+\*25,0 %\*\s+\|\s+\*50,0 %\*", md)
    assert "75,0 % nicht verteilt" in md and "50,0 % nicht verteilt" in md
    assert "Antwort: **Ja – das Konzept wird aktualisiert" in md
    assert "Antwort: **Ja – die Stelle kann im Haushalt verankert werden**" in md
    assert "Antwort: **Unterstützend" in md
    assert f"Notiz: {FLOW_NOTE}" in md
    assert "### Ergebnis: Rückhalt nutzen" in md
    assert "Festgehaltenes Ergebnis des Flussdiagramms: **Rückhalt nutzen**" in md
    assert re.search(rf"\| V 7 KSM im Fachamt\s+\| favorisiert\s+\| favorisiert\s+\| {MODEL_NOTE}\s+\|", md)
    page = html_file.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    for text in (TITLE, KOMMUNE, PLACE, "25,0 %", "50,0 %", FLOW_NOTE, "Rückhalt nutzen", "V 7 KSM im Fachamt",
                 MODEL_NOTE):
        assert html.escape(text, quote=False) in page, text

    # Everything was saved: the stored session has every value.
    listed = run_cli(["list"], home=home)
    session_id = re.search(r"^\s*(\d+)\b.*" + re.escape(TITLE), listed, re.M)
    assert session_id, listed
    dumped = json.loads(run_cli(["dump", session_id.group(1)], home=home))
    assert (dumped["title"], dumped["kommune"], dumped["kommune_type"], dumped["place"]) == (
        TITLE, KOMMUNE, "landkreis", PLACE)
    assert dumped["tasks"]["pflicht-1"] == {"ist": 10, "soll": 20, "note": ""}
    assert dumped["tasks"]["pflicht-2"] == {"ist": 15, "soll": 30, "note": ""}
    steps = dumped["flowchart"]["steps"]
    assert [(s["node"], s["answer"]) for s in steps] == [
        ("strategie", "ja"), ("finanzierung", "haushalt"), ("politik", "rueckhalt"), ("ergebnis-rueckhalt", None)]
    assert steps[1]["note"] == FLOW_NOTE
    assert dumped["outcome"]["outcome"] == "ergebnis-rueckhalt"
    assert dumped["assessments"]["v7"] == {"status": "favorisiert", "note": MODEL_NOTE}
