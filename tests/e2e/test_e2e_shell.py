"""ksm-tui in a real 80×24 pseudo-terminal: start, help, quit, signals, idle output, themes, --session.

Exit code after SIGTERM / SIGHUP: **0**. The app catches both, saves the open session, restores the terminal
and ends normally — a signal is the ordinary way a facilitator's session ends (closed SSH window, logout,
``systemctl stop``), not an error, so scripts and supervisors should not report a failure.
"""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import require_sections
from tests.e2e.harness import run_cli

pytestmark = pytest.mark.e2e

PLAIN = {"term": "xterm", "no_color": True}
VARIANTS = pytest.mark.parametrize(
    "variant", [{}, PLAIN], ids=["xterm-256color", "xterm-NO_COLOR"]
)


@VARIANTS
def test_start_help_and_quit_restore_the_terminal(terminal, variant) -> None:
    term = terminal(**variant)
    took = term.wait_for("keine Sitzung geöffnet", timeout=10)
    assert took < 5, f"first screen took {took:.1f} s"
    term.wait_for("Hilfe")  # the footer shows the help key; the help lists Ctrl+Q Beenden
    term.press("f1")
    term.wait_for("Hilfe – Tastenkürzel")
    term.wait_for("Strg+P")
    term.press("escape")
    term.wait_gone("Hilfe – Tastenkürzel")
    term.press("ctrl+q")
    term.close(expect_status=0)


def test_start_screen_shows_the_sessions(terminal) -> None:
    require_sections("sitzungen")
    term = terminal()
    term.wait_for("Sitzungen", timeout=5)
    term.press("ctrl+q")
    term.close()


@VARIANTS
def test_no_bytes_while_idle(terminal, variant) -> None:
    """Over SSH every byte counts: a settled screen sends nothing (no blinking cursor, no clock, no animation)."""
    term = terminal(**variant)
    term.wait_for("keine Sitzung geöffnet")
    term.settle(quiet=0.5)
    idle = term.pump(2.0)
    assert len(idle) <= 16, f"{len(idle)} bytes while idle: {idle[:200]!r}"
    # A focused text field (the command palette's) must not blink either.
    term.press("ctrl+p")
    term.wait_for("Befehl suchen")
    term.settle(quiet=0.7)
    idle = term.pump(2.0)
    assert len(idle) <= 16, f"{len(idle)} bytes while idle with a text field focused: {idle[:200]!r}"
    term.press("escape", "ctrl+q")
    term.close()


def test_demo_session_opens_with_session_option(terminal, home: Path) -> None:
    session_id = run_cli(["demo"], home=home).strip()
    assert session_id
    term = terminal(["--session", session_id])
    term.wait_for("Musterstadt")
    assert "keine Sitzung geöffnet" not in term.screen_text()
    term.press("ctrl+q")
    term.close()


def test_unknown_session_is_one_german_line(terminal) -> None:
    term = terminal(["--session", "999"])
    status = term.wait_exit()
    text = bytes(term.output).decode("utf-8", "replace")
    assert status == 1
    assert "Sitzung 999 nicht gefunden" in text
    assert "Traceback" not in text


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_ends_cleanly_and_keeps_the_last_change(terminal, home: Path, sig: int) -> None:
    """The last change before the signal is on disk (here: a theme chosen in the palette, saved in settings.json;
    the session part is tested with Pilot in tests/test_terminal_shell.py), the terminal is restored, exit 0."""
    session_id = run_cli(["demo"], home=home).strip()
    term = terminal(["--session", session_id])
    term.wait_for("Musterstadt")
    term.press("ctrl+p")
    term.wait_for("Befehl suchen")
    term.type("Hoher Kontrast")
    term.wait_for("Hoher Kontrast (Beamer)")
    term.press("enter")
    term.wait_gone("Darstellung wechseln")
    term.settle()
    term.signal(sig)
    term.close(expect_status=0)
    settings = json.loads((home / "config" / "settings.json").read_text(encoding="utf-8"))
    assert settings["theme"] == "ksm-kontrast"
    # The session is intact after the signal.
    dumped = json.loads(run_cli(["dump", session_id], home=home))
    assert dumped["kommune"] == "Musterstadt"


def test_ssh_connection_drop_ends_the_app(terminal, home: Path) -> None:
    """The terminal disappears (SSH dropped): the kernel sends SIGHUP, writes fail — the app must still end."""
    session_id = run_cli(["demo"], home=home).strip()
    term = terminal(["--session", session_id])
    term.wait_for("Musterstadt")
    term.settle()
    pid = term.child.pid
    term.child.close(force=False)  # closes the pty master: hang-up for the app
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    assert not _alive(pid), "ksm-tui kept running after its terminal was gone"
    dumped = json.loads(run_cli(["dump", session_id], home=home))
    assert dumped["kommune"] == "Musterstadt"


def _alive(pid: int) -> bool:
    import os

    try:
        done, _status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return False
    return done == 0


@pytest.mark.parametrize(
    ("variant", "expected"),
    [({}, "ksm-standard"), (PLAIN, "ansi-dark"), ({"term": "xterm"}, "ansi-dark")],
    ids=["xterm-256color", "NO_COLOR", "TERM=xterm"],
)
def test_theme_from_option_is_remembered(terminal, home: Path, variant, expected: str) -> None:
    term = terminal(["--theme", "kontrast"], **variant)
    term.wait_for("keine Sitzung geöffnet")
    term.press("ctrl+q")
    term.close()
    settings = json.loads((home / "config" / "settings.json").read_text(encoding="utf-8"))
    assert settings["theme"] == "ksm-kontrast"
    assert expected  # the automatic choice is checked in tests/test_terminal_shell.py (Pilot)
