"""``ksm-tui check-content``: counts on success, German error lines and exit 1 on broken content, no traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ksm_tui.cli import main
from ksm_tui.core.loader import default_content_dir

COUNTS = (
    "10 Modelle, 31 Aufgaben in 5 Gruppen, 6 Knoten im Flussdiagramm (3 Fragen, 3 Ergebnisse), 14 Empfehlungen, "
    "6 Schritte, 4 Erfolgsfaktoren, 4 Grundlagen, 8 Zukunftsthemen, 4 Anmerkungen ksm-tui"
)


def broken_copy(tmp_path: Path) -> Path:
    target = tmp_path / "kaputt"
    shutil.copytree(default_content_dir(), target)
    path = target / "models.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('id = "v7a"', 'id = "v7"'), encoding="utf-8")
    return target


def test_shipped_content_is_valid(capsys):
    assert main(["check-content"]) == 0
    out, err = capsys.readouterr()
    assert out == f"Inhalt in {default_content_dir()} ist gültig: {COUNTS}.\n"
    assert err == ""


def test_explicit_directory(tmp_path, capsys):
    copy = tmp_path / "inhalt"
    shutil.copytree(default_content_dir(), copy)
    assert main(["check-content", str(copy)]) == 0
    assert capsys.readouterr().out.startswith(f"Inhalt in {copy} ist gültig: 10 Modelle")


def test_global_content_option_is_honoured(tmp_path, capsys):
    broken = broken_copy(tmp_path)
    assert main(["--content", str(broken), "check-content"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        'models.toml: models[4].id: doppelte ID "v7"',
        f"ksm-tui: Inhalt in {broken} ist ungültig (1 Fehler).",
    ]


def test_directory_argument_wins_over_global_option(tmp_path, capsys):
    broken = broken_copy(tmp_path)
    assert main(["--content", str(broken), "check-content", str(default_content_dir())]) == 0
    assert "ist gültig" in capsys.readouterr().out


def test_broken_copy_in_a_subprocess_exits_1_without_traceback(tmp_path):
    broken = broken_copy(tmp_path)
    (broken / "tasks.toml").write_text("[[tasks]\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ksm_tui", "check-content", str(broken)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("tasks.toml, Zeile 1: TOML-Syntaxfehler")
    assert lines[1] == 'models.toml: models[4].id: doppelte ID "v7"'
    assert lines[-1] == f"ksm-tui: Inhalt in {broken} ist ungültig (2 Fehler)."


def test_missing_directory(tmp_path, capsys):
    missing = tmp_path / "fehlt"
    assert main(["check-content", str(missing)]) == 1
    err = capsys.readouterr().err
    assert f"{missing}: Inhaltsordner nicht gefunden" in err
