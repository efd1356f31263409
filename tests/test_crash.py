"""A crash: the terminal is restored by Textual, the traceback goes to a log file, one German line, exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ksm_tui.cli import _write_crash_log


def test_crash_log_is_appended_in_the_state_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KSM_TUI_STATE", str(tmp_path / "state"))
    first = _write_crash_log("Traceback: eins")
    second = _write_crash_log("Traceback: zwei")
    assert first == second == tmp_path / "state" / "crash.log"
    text = first.read_text(encoding="utf-8")
    assert "Traceback: eins" in text and "Traceback: zwei" in text


def test_a_crash_in_the_app_exits_non_zero_with_a_german_line_and_a_log(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from ksm_tui.screens.sessions import SessionListScreen\n"
        "def boom(self):\n    raise RuntimeError('kaputt')\n"
        "SessionListScreen.on_mount = boom\n"
        "from ksm_tui.cli import main\n"
        "sys.exit(main(['--db', sys.argv[1]]))\n"
    )
    env = {**os.environ, "KSM_TUI_STATE": str(tmp_path / "state"), "KSM_TUI_CONFIG": str(tmp_path / "config"),
           "TEXTUAL_ANIMATIONS": "none", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "db.json")], env=env,
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "wegen eines Programmfehlers beendet" in result.stderr
    log = tmp_path / "state" / "crash.log"
    assert str(log) in result.stderr
    assert "RuntimeError: kaputt" in log.read_text(encoding="utf-8")
