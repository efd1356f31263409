"""The session store: transactions, revisions, ids, corruption guard, backup, permissions, read-only, locale."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ksm_tui.core import session as session_mod
from ksm_tui.core.demo import demo_session
from ksm_tui.core.session import Session
from ksm_tui.store import (
    ConflictError,
    CorruptDatabaseError,
    NewerFormatError,
    ReadOnlyDatabaseError,
    SessionStore,
    StoreError,
    UnknownSessionError,
    move_aside,
)
from ksm_tui.store import store as store_mod
from ksm_tui.store.storage import dump_tables, temp_files

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "ksm-tui.json"


@pytest.fixture
def store(db: Path) -> SessionStore:
    return SessionStore(db)


def test_new_store_creates_no_file_until_first_write(db: Path, store: SessionStore) -> None:
    assert store.list() == []
    assert store.revision_of("1") is None
    assert not db.exists()
    store.create(Session(title="Erste"))
    assert db.exists()


def test_create_get_save_roundtrip(store: SessionStore) -> None:
    demo = demo_session()
    created = store.create(demo)
    assert (created.id, created.revision) == ("1", 1)
    assert created.created and created.updated
    assert demo.id == "" and demo.revision == 0, "the input session must not be mutated"
    loaded = store.get("1")
    assert loaded.to_dict() == created.to_dict()
    loaded.notes = "geändert"
    saved = store.save(loaded)
    assert saved.revision == 2
    assert saved.created == created.created
    assert store.get("1").notes == "geändert"
    assert store.revision_of("1") == 2


def test_stale_revision_raises_conflict_with_stored_version(store: SessionStore) -> None:
    mine = store.create(Session(title="Workshop"))
    theirs = mine.copy()
    theirs.notes = "von Kollegin"
    store.save(theirs)
    mine.notes = "von mir"
    with pytest.raises(ConflictError) as info:
        store.save(mine)
    assert info.value.theirs.notes == "von Kollegin"
    assert info.value.theirs.revision == 2
    assert store.get(mine.id).notes == "von Kollegin", "no silent overwrite"
    forced = store.save_force(mine)
    assert forced.revision == 3 and store.get(mine.id).notes == "von mir"


def test_ids_increase_and_are_never_reused(store: SessionStore) -> None:
    ids = [store.create(Session(title=f"S{i}")).id for i in range(3)]
    assert ids == ["1", "2", "3"]
    store.delete("3")
    assert store.create(Session(title="neu")).id == "4"
    with pytest.raises(UnknownSessionError):
        store.get("3")
    with pytest.raises(UnknownSessionError):
        store.delete("3")
    with pytest.raises(UnknownSessionError):
        store.get("abc")


def test_save_of_deleted_session_and_force_restore(store: SessionStore) -> None:
    s = store.create(Session(title="weg"))
    store.delete(s.id)
    with pytest.raises(UnknownSessionError):
        store.save(s)
    restored = store.save_force(s)
    assert restored.id == s.id and store.get(s.id).title == "weg"
    ghost = Session(id="99", title="nie vergeben")
    with pytest.raises(UnknownSessionError):
        store.save_force(ghost)


def test_duplicate(store: SessionStore) -> None:
    original = store.create(demo_session())
    copy = store.duplicate(original.id)
    assert copy.id != original.id and copy.revision == 1
    assert copy.title == "Musterstadt – Verstetigungsworkshop (Kopie)"
    assert copy.tasks == original.tasks
    named = store.duplicate(original.id, title="Zweiter Termin")
    assert named.title == "Zweiter Termin"


def test_list_sorted_by_updated_desc(store: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    times = iter(
        ["2026-03-01T08:00:00+00:00", "2026-03-01T10:00:00+01:00",
         "2026-03-01T09:30:00+00:00", "2026-03-01T11:00:00+01:00"]
    )
    monkeypatch.setattr(store_mod, "now_iso", lambda: next(times))
    a = store.create(Session(title="A", kommune="Adorf"))  # 09:00 UTC (the first time is the meta record's)
    store.create(Session(title="B"))  # 09:30 UTC: later, although the string sorts lower
    assert [s.title for s in store.list()] == ["B", "A"]
    store.save(a)  # 10:00 UTC
    summaries = store.list()
    assert [s.title for s in summaries] == ["A", "B"]
    assert summaries[0].kommune == "Adorf" and summaries[0].kommune_type == "gemeinde"


def test_two_stores_see_each_others_changes_no_stale_cache(db: Path) -> None:
    """TinyDB caches tables and next ids; the store must not (fresh TinyDB per transaction)."""
    one, two = SessionStore(db), SessionStore(db)
    a = one.create(Session(title="eins"))
    b = two.create(Session(title="zwei"))
    assert (a.id, b.id) == ("1", "2")
    assert {s.title for s in one.list()} == {"eins", "zwei"}
    two.save(two.get("1"))
    assert one.revision_of("1") == 2
    with pytest.raises(ConflictError):
        one.save(a)


def test_list_and_save_with_1000_sessions(db: Path, store: SessionStore) -> None:
    """1,000 sessions: listed newest first, saved and extended correctly (speed: benchmarks/run.py)."""
    store.create(demo_session())
    data = json.loads(db.read_text(encoding="utf-8"))
    doc = data["sessions"]["1"]
    for i in range(2, 1001):
        updated = f"2026-01-01T10:{i // 60 % 60:02d}:{i % 60:02d}+01:00"
        data["sessions"][str(i)] = dict(doc, id=str(i), title=f"Sitzung {i}", updated=updated)
    data["meta"]["1"]["next_id"] = 1001
    db.write_bytes(dump_tables(data))
    summaries = store.list()
    assert len(summaries) == 1000
    assert summaries[0].id == "1"  # the only one updated "now"
    saved = store.save(store.get("500"))
    assert store.list()[0].id == "500" and saved.revision == store.get("500").revision
    assert store.create(Session()).id == "1001"


# -- corrupt, empty, foreign files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, words",
    [
        (b"", "leer (0 Bytes)"),
        (b'{"meta": {"1": {"app": "ksm-tui", "format": 1}}, "sessions": {"1": {"titl', "kein gültiges JSON"),
        (b'{"foo": 1}', "keine ksm-tui-Datenbank"),
        (b"[1, 2, 3]", "keine ksm-tui-Datenbank"),
        (b'{"_default": {}}', "keine ksm-tui-Datenbank"),
        (b"\xff\xfe{}", "kein UTF-8"),
        (b'{"meta": {"1": {"app": "ksm-tui", "format": 99}}}', "neueren ksm-tui-Version"),
    ],
)
def test_bad_file_is_reported_and_never_overwritten(db: Path, content: bytes, words: str) -> None:
    db.write_bytes(content)
    store = SessionStore(db)
    for action in (store.list, lambda: store.create(Session(title="x")), lambda: store.get("1")):
        with pytest.raises(CorruptDatabaseError) as info:
            action()
        message = info.value.message
        assert words in message and str(db) in message and "\n" not in message
    assert db.read_bytes() == content
    assert not (db.parent / (db.name + ".bak")).exists()


def test_newer_format_is_its_own_error(db: Path) -> None:
    db.write_text('{"meta": {"1": {"app": "ksm-tui", "format": 99}}}', encoding="utf-8")
    with pytest.raises(NewerFormatError):
        SessionStore(db).list()


def test_move_aside_lets_the_app_start_fresh(db: Path) -> None:
    db.write_text("{kaputt", encoding="utf-8")
    target = move_aside(db)
    assert not db.exists()
    assert target.read_text(encoding="utf-8") == "{kaputt"
    assert re.fullmatch(r"ksm-tui\.json\.corrupt-\d{8}-\d{6}", target.name)
    db.write_text("{kaputt2", encoding="utf-8")
    second = move_aside(db)
    assert second != target and second.read_text(encoding="utf-8") == "{kaputt2"
    store = SessionStore(db)
    assert store.list() == []
    assert store.create(Session(title="frisch")).id == "1"


def test_unreadable_record_gives_german_error_naming_the_field(db: Path, store: SessionStore) -> None:
    store.create(Session(title="ok"))
    data = json.loads(db.read_text(encoding="utf-8"))
    data["sessions"]["1"]["population"] = "viele"
    db.write_bytes(dump_tables(data))
    with pytest.raises(StoreError) as info:
        store.get("1")
    assert "population" in info.value.message and "Sitzung 1" in info.value.message
    assert store.list()[0].title == "ok", "the list still works"


# -- temp files, backup, permissions ------------------------------------------------------------------------------


def test_leftover_temp_files_are_removed_on_open_only_our_own(db: Path, store: SessionStore) -> None:
    store.create(Session(title="x"))
    ours = db.parent / f".{db.name}.deadbeef0000.ksm-tmp"
    ours.write_text("halb geschrieben", encoding="utf-8")
    foreign = [db.parent / ".other.json.abc.ksm-tmp", db.parent / f"{db.name}.tmp", db.parent / "notes.txt"]
    for f in foreign:
        f.write_text("fremd", encoding="utf-8")
    SessionStore(db)
    assert not ours.exists()
    assert all(f.exists() for f in foreign)
    assert temp_files(db) == []


def test_backup_is_written_once_per_run(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_mod, "_BACKED_UP", set())
    store = SessionStore(db)
    bak = db.parent / (db.name + ".bak")
    store.create(Session(title="eins"))
    assert not bak.exists(), "a brand-new database has nothing to back up"
    # Next run (a new process): the first write backs up the state before it, later writes do not.
    monkeypatch.setattr(store_mod, "_BACKED_UP", set())
    before = db.read_bytes()
    store.create(Session(title="zwei"))
    assert bak.read_bytes() == before
    SessionStore(db).create(Session(title="drei"))
    assert bak.read_bytes() == before
    # A real second process writes its own backup.
    code = (
        "import sys; from ksm_tui.store import SessionStore; from ksm_tui.core.session import Session;"
        "SessionStore(sys.argv[1]).create(Session(title='vier'))"
    )
    state = db.read_bytes()
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, cwd=ROOT)
    assert bak.read_bytes() == state
    assert [s.title for s in SessionStore(bak).list()] == ["drei", "zwei", "eins"]


def test_permissions_and_mode_kept_on_replace(db: Path, store: SessionStore) -> None:
    old = os.umask(0o022)
    try:
        store.create(Session(title="x"))
        assert stat.S_IMODE(db.stat().st_mode) == 0o644
        os.chmod(db, 0o660)
        store.create(Session(title="y"))
        assert stat.S_IMODE(db.stat().st_mode) == 0o660
        os.chmod(db, 0o600)
        store.save(store.get("1"))
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_new_file_honours_umask(tmp_path: Path) -> None:
    old = os.umask(0o007)
    try:
        db = tmp_path / "sub" / "dir" / "db.json"
        SessionStore(db).create(Session(title="x"))
        assert stat.S_IMODE(db.stat().st_mode) == 0o660
    finally:
        os.umask(old)


def test_read_only_file_reads_but_refuses_writes(db: Path, store: SessionStore) -> None:
    store.create(Session(title="nur lesen"))
    os.chmod(db, 0o444)
    try:
        ro = SessionStore(db)
        assert ro.read_only
        assert ro.get("1").title == "nur lesen"
        before = db.read_bytes()
        with pytest.raises(ReadOnlyDatabaseError) as info:
            ro.save(ro.get("1"))
        assert "schreibgeschützt" in info.value.message and str(db) in info.value.message
        with pytest.raises(ReadOnlyDatabaseError):
            ro.create(Session())
        assert db.read_bytes() == before
    finally:
        os.chmod(db, 0o644)


def test_read_only_directory_reads_but_refuses_writes(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    db = folder / "db.json"
    SessionStore(db).create(Session(title="geteilt"))
    (folder / f".{db.name}.abc.ksm-tmp").write_text("x", encoding="utf-8")
    os.chmod(folder, 0o555)
    try:
        ro = SessionStore(db)  # must not fail while trying to clean up
        assert ro.read_only
        assert [s.title for s in ro.list()] == ["geteilt"]
        with pytest.raises(ReadOnlyDatabaseError) as info:
            ro.delete("1")
        assert "schreibgeschützt" in info.value.message
        with pytest.raises(ReadOnlyDatabaseError):
            SessionStore(folder / "neu.json").create(Session())
    finally:
        os.chmod(folder, 0o755)


def test_symlinked_database_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    link = tmp_path / "link.json"
    SessionStore(real).create(Session(title="a"))
    link.symlink_to(real)
    SessionStore(link).create(Session(title="b"))
    assert link.is_symlink()
    assert len(SessionStore(real).list()) == 2


# -- encoding, schema versions ---------------------------------------------------------------------------------


def test_works_under_non_utf8_locale(db: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO", "PYTHONUTF8"))}
    env.update(LC_ALL="C", PYTHONUTF8="0", PYTHONPATH=str(ROOT))
    # The command line itself must be ASCII under LC_ALL=C: umlauts go in as escapes.
    code = (
        "import locale, sys\n"
        "from ksm_tui.store import SessionStore\n"
        "from ksm_tui.core.session import Session\n"
        "assert locale.getpreferredencoding(False).lower() in ('ansi_x3.4-1968', 'ascii', 'us-ascii'), "
        "locale.getpreferredencoding(False)\n"
        "s = SessionStore(sys.argv[1])\n"
        f"c = s.create(Session(title={ascii('Größere Übung – Straße')}, notes={ascii('äöü ß €')}))\n"
        f"assert s.get(c.id).notes == {ascii('äöü ß €')}\n"
        "print(ascii(s.list()[0].title))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(db)], env=env, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ascii("Größere Übung – Straße")
    assert "Größere Übung – Straße" in db.read_text(encoding="utf-8")
    listing = subprocess.run(
        [sys.executable, "-m", "ksm_tui", "--db", str(db), "list"], env=env, capture_output=True, cwd=ROOT
    )
    assert listing.returncode == 0 and b"Traceback" not in listing.stderr
    dump = subprocess.run(
        [sys.executable, "-m", "ksm_tui", "--db", str(db), "dump", "1"], env=env, capture_output=True, cwd=ROOT
    )
    assert dump.returncode == 0, dump.stderr
    assert json.loads(dump.stdout.decode("utf-8"))["notes"] == "äöü ß €"


def test_store_writes_meta_and_schema_version(db: Path, store: SessionStore) -> None:
    store.create(Session(title="x"))
    data = json.loads(db.read_text(encoding="utf-8"))
    assert data["meta"]["1"]["app"] == "ksm-tui" and data["meta"]["1"]["format"] == 1
    assert data["sessions"]["1"]["schema_version"] == session_mod.SCHEMA_VERSION


def test_older_schema_is_migrated_on_read(db: Path, store: SessionStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.create(Session(title="alt", notes="Notiz"))
    monkeypatch.setattr(session_mod, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(session_mod.MIGRATIONS, 1, lambda d: {**d, "notes": d["notes"] + " (migriert)"})
    loaded = store.get("1")
    assert loaded.notes == "Notiz (migriert)"
    store.save(loaded)
    assert json.loads(db.read_text(encoding="utf-8"))["sessions"]["1"]["schema_version"] == 2
