"""The whole workshop in a real terminal, as a facilitator does it over SSH at 80×24.

Scenario: start on an empty database → create a session → Stammdaten (Ort) → IST/SOLL values in the task
table → walk the flowchart to an outcome → assess a model in the catalogue → export the minutes → quit; then the
minutes file exists and holds the values, the terminal is restored, the exit code is 0.

Screens are built in parallel; each step first checks that its screen is in this checkout and otherwise skips
with the missing screen's name (so the test runs as far as the app goes). Steps are written against the keys in
the screens' BINDINGS; the shell's keys (F1–F7, Strg+P, Strg+Q) come from ksm_tui/app.py.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import require_sections

pytestmark = pytest.mark.e2e


def test_full_workshop_flow(terminal, home) -> None:
    term = terminal()
    # 1. Start on an empty database: the shell is there at once, help works.
    took = term.wait_for("keine Sitzung geöffnet", timeout=10)
    assert took < 5
    term.press("f1")
    term.wait_for("Hilfe – Tastenkürzel")
    term.press("escape")
    term.wait_gone("Hilfe – Tastenkürzel")

    # 2. Create a session in the session list (F2).
    require_sections("sitzungen", "stammdaten", "aufgaben", "fluss", "modelle", "protokoll")
    # The remaining steps need the screens listed in require_sections; their keys are not defined yet
    # (see the report of the terminal helper: what the merger has to add here).
    raise AssertionError("unreachable until all section screens exist; complete the steps below the skip")
