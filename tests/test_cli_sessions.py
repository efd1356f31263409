"""The session CLI: list, dump, import, demo, --db / KSM_TUI_DB, and German one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ksm_tui.cli import main
from ksm_tui.core.demo import DEMO_TITLE
from ksm_tui.store import SessionStore
from ksm_tui.store.paths import default_location

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "sitzungen.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_german_error(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ksm-tui: ") and "Traceback" not in err
    for w in words:
        assert w in lines[0], (w, lines[0])


def test_list_empty(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = run(capsys, "--db", str(db), "list")
    assert code == 0 and out.strip() == f"Keine Sitzungen in {db}."
    assert not db.exists()
    code, out, _ = run(capsys, "--db", str(db), "list", "--json")
    assert code == 0 and json.loads(out) == []


def test_demo_list_and_dump(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert run(capsys, "--db", str(db), "demo")[1].strip() == "1"
    assert run(capsys, "--db", str(db), "demo")[1].strip() == "2"
    code, out, _ = run(capsys, "--db", str(db), "list")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["ID", "Titel", "Kommune", "Datum", "geändert"]
    assert lines[2].startswith("2 ") and DEMO_TITLE in lines[2] and "12.03.2026" in lines[2]
    header_title_col = lines[0].index("Titel")
    assert all(line.index(DEMO_TITLE) == header_title_col for line in lines[2:]), "aligned columns"
    code, out, _ = run(capsys, "--db", str(db), "list", "--json")
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["2", "1"]
    assert {"id", "title", "updated"} <= set(rows[0]) and rows[0]["title"] == DEMO_TITLE
    code, out, _ = run(capsys, "--db", str(db), "dump", "1")
    data = json.loads(out)
    assert code == 0 and data["schema_version"] == 1 and data["id"] == "1" and data["kommune"] == "Musterstadt"
    assert data["tasks"]["extern-1"] == {"ist": 15, "soll": 10, "note": data["tasks"]["extern-1"]["note"]}


def test_import_roundtrip_assigns_new_id_and_keeps_content(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "--db", str(db), "demo")
    dumped = json.loads(run(capsys, "--db", str(db), "dump", "1")[1])
    dumped["revision"] = 17
    dumped["tasks"]["pflicht-1"]["ist"] = 2.5
    f = tmp_path / "sitzung.json"
    f.write_text(json.dumps(dumped, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(db), "import", str(f))
    assert code == 0 and out.strip() == "2"
    imported = SessionStore(db).get("2")
    assert imported.revision == 1
    assert imported.tasks["pflicht-1"].ist == 25
    original = SessionStore(db).get("1")
    assert (imported.title, imported.participants, imported.assessments) == (
        original.title,
        original.participants,
        original.assessments,
    )
    # "-" reads stdin (as bytes, UTF-8 regardless of locale)
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f.read_bytes()), encoding="ascii"))
    code, out, _ = run(capsys, "--db", str(db), "import", "-")
    assert code == 0 and out.strip() == "3"


@pytest.mark.parametrize(
    "content, words",
    [
        ('{"title": "x",', ["Ungültiges JSON", "Zeile 1"]),
        ('{"population": -5}', ["Feld population", "mindestens 1"]),
        ('{"tasks": {"pflicht-1": {"ist": "viel"}}}', ["Feld tasks.pflicht-1.ist"]),
        ('{"tasks": {"pflicht-1": {"ist": 12.25}}}', ["tasks.pflicht-1.ist", "Nachkommastelle"]),
        ('{"participants": [{"name": 5}]}', ["Feld participants[0].name"]),
        ('{"date": "12.03.2026"}', ["Feld date", "JJJJ-MM-TT"]),
        ('{"schema_version": 99}', ["schema_version", "neuer"]),
        ("[1, 2]", ["JSON-Objekt"]),
    ],
)
def test_import_invalid_names_the_field(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path, content: str, words: list[str]
) -> None:
    f = tmp_path / "kaputt.json"
    f.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "--db", str(db), "import", str(f))
    assert code == 1 and out == ""
    assert_one_german_error(err, *words)
    assert not db.exists(), "nothing imported"


def test_import_missing_file(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--db", str(db), "import", str(tmp_path / "fehlt.json"))
    assert code == 1
    assert_one_german_error(err, "fehlt.json", "nicht gefunden")


def test_unknown_id(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    run(capsys, "--db", str(db), "demo")
    for argv in (["dump", "42"], ["dump", "x\x1b[31m"], ["--session", "42"]):
        code, out, err = run(capsys, "--db", str(db), *argv)
        assert code == 1 and out == ""
        assert_one_german_error(err, "nicht gefunden")
        assert "\x1b" not in err


def test_corrupt_and_read_only_database(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    db.write_text("{kaputt", encoding="utf-8")
    for argv in (["list"], ["list", "--json"], ["dump", "1"], ["demo"]):
        code, out, err = run(capsys, "--db", str(db), *argv)
        assert code == 1 and out == ""
        assert_one_german_error(err, "beschädigt", str(db))
    assert db.read_text(encoding="utf-8") == "{kaputt"
    db.unlink()
    run(capsys, "--db", str(db), "demo")
    os.chmod(db, 0o444)
    try:
        code, _, err = run(capsys, "--db", str(db), "demo")
        assert code == 1
        assert_one_german_error(err, "schreibgeschützt")
        assert run(capsys, "--db", str(db), "list")[0] == 0
    finally:
        os.chmod(db, 0o644)


def test_cli_error_in_real_process_has_no_traceback(db: Path) -> None:
    db.write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-m", "ksm_tui", "--db", str(db), "list"], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert_one_german_error(proc.stderr, "leer (0 Bytes)")


def test_db_location_precedence_and_help(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KSM_TUI_DB", raising=False)
    loc = default_location()
    assert loc.path == ROOT / "sessions" / "ksm-tui.json" and "sessions/" in loc.source
    env_db = tmp_path / "env.json"
    monkeypatch.setenv("KSM_TUI_DB", str(env_db))
    assert default_location().path == env_db and "KSM_TUI_DB" in default_location().source
    assert default_location(str(tmp_path / "cli.json")).path == tmp_path / "cli.json"
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert f"Datenbank: {env_db} (Umgebungsvariable KSM_TUI_DB)" in out
    code, out, _ = run(capsys, "demo")
    assert code == 0 and SessionStore(env_db).get(out.strip()).title == DEMO_TITLE
    with pytest.raises(SystemExit):
        main(["--db", str(tmp_path / "cli-db.json"), "--help"])
    assert f"Datenbank: {tmp_path / 'cli-db.json'} (Option --db)" in capsys.readouterr().out


def test_user_data_dir_outside_a_checkout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from ksm_tui.store import paths

    monkeypatch.delenv("KSM_TUI_DB", raising=False)
    monkeypatch.setattr(paths, "checkout_dir", lambda: None)
    monkeypatch.setattr(paths, "user_data_dir", lambda: tmp_path / "data" / "ksm-tui")
    loc = paths.default_location()
    assert loc.path == tmp_path / "data" / "ksm-tui" / "ksm-tui.json"
    assert loc.source == "Benutzer-Datenordner"
