"""``ksm-tui export ID [--format md|html] [-o FILE]``: stdout, files, and one German line on errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksm_tui.cli import main
from ksm_tui.core.demo import demo_session
from ksm_tui.store import SessionStore


@pytest.fixture(autouse=True)
def demo_database(tmp_path, monkeypatch):
    """A real database (via KSM_TUI_DB) holding the demo session as session "7"."""
    db = tmp_path / "db.json"
    store = SessionStore(db)
    for _ in range(7):
        created = store.create(demo_session())
    assert created.id == "7"
    monkeypatch.setenv("KSM_TUI_DB", str(db))


def test_markdown_to_stdout(capsys):
    assert main(["export", "7"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# Protokoll: Musterstadt – Verstetigungsworkshop\n")
    assert "## Aufgaben: IST und SOLL" in out
    assert "Erstellt mit ksm-tui " in out
    assert err == ""


def test_html_to_stdout(capsys):
    assert main(["export", "7", "--format", "html"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("<!DOCTYPE html>")
    assert "<h2>Flussdiagramm</h2>" in out


@pytest.mark.parametrize(
    ("name", "args", "start"),
    [
        ("protokoll.md", [], "# Protokoll: Musterstadt"),
        ("protokoll.html", [], "<!DOCTYPE html>"),  # format from the suffix
        ("protokoll.txt", ["--format", "html"], "<!DOCTYPE html>"),
        ("neu/ordner/protokoll.md", ["--format", "md"], "# Protokoll: Musterstadt"),
    ],
)
def test_export_to_file(tmp_path, capsys, name, args, start):
    target = tmp_path / name
    assert main(["export", "7", "-o", str(target), *args]) == 0
    out, err = capsys.readouterr()
    assert target.read_text(encoding="utf-8").startswith(start)
    assert out == f"Protokoll gespeichert: {target}\n"
    assert err == ""


def _one_german_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_directory_as_output_fails_with_one_line(tmp_path, capsys):
    assert main(["export", "7", "-o", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert _one_german_line(err) == f"ksm-tui: Export nicht möglich: {tmp_path} ist ein Ordner."


def test_missing_directory_in_unwritable_place_fails_with_one_line(capsys):
    assert main(["export", "7", "-o", "/proc/ksm-tui-gibt-es-nicht/protokoll.md"]) == 1
    _, err = capsys.readouterr()
    line = _one_german_line(err)
    assert line.startswith("ksm-tui: Export nicht möglich: Ordner /proc/ksm-tui-gibt-es-nicht kann nicht angelegt")
    assert not Path("/proc/ksm-tui-gibt-es-nicht").exists()


def test_unknown_session_fails_without_writing(tmp_path, capsys):
    target = tmp_path / "p.md"
    assert main(["export", "99", "-o", str(target)]) == 1
    _, err = capsys.readouterr()
    assert _one_german_line(err) == "ksm-tui: Sitzung 99 nicht gefunden."
    assert not target.exists()
