"""The Autosaver, without Textual: immediate writes, coalescing, flush, conflicts, errors."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from ksm_tui.core.session import Session
from ksm_tui.store import SessionStore
from ksm_tui.store.autosave import Autosaver


class Recorder:
    def __init__(self) -> None:
        self.saved: list[Session] = []
        self.conflicts: list[tuple[Session, Session]] = []
        self.errors: list[str] = []
        self.event = threading.Event()

    def on_saved(self, s: Session) -> None:
        self.saved.append(s)
        self.event.set()

    def on_conflict(self, mine: Session, theirs: Session) -> None:
        self.conflicts.append((mine, theirs))
        self.event.set()

    def on_error(self, message: str) -> None:
        self.errors.append(message)
        self.event.set()

    def wait(self, timeout: float = 5.0) -> None:
        assert self.event.wait(timeout), "no callback"
        self.event.clear()


class SlowStore(SessionStore):
    """Counts writes and makes each take a while, to observe coalescing and the one-write-in-flight rule."""

    def __init__(self, path: Path, delay: float) -> None:
        super().__init__(path)
        self.delay = delay
        self.writes: list[str] = []
        self.active = 0
        self.max_active = 0
        self._guard = threading.Lock()

    def save(self, session: Session) -> Session:
        with self._guard:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            time.sleep(self.delay)
            stored = super().save(session)
            self.writes.append(session.notes)
            return stored
        finally:
            with self._guard:
                self.active -= 1


def make(store: SessionStore, rec: Recorder, session: Session, **kw: object) -> Autosaver:
    return Autosaver(store, session, on_saved=rec.on_saved, on_conflict=rec.on_conflict, on_error=rec.on_error, **kw)


def test_change_is_written_in_the_background(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "db.json")
    s = store.create(Session(title="Workshop"))
    rec = Recorder()
    saver = make(store, rec, s)
    try:
        s.notes = "erste Notiz"
        saver.submit(s)
        rec.wait()  # written by the background thread on its own, without flush (timing: benchmarks/run.py)
        assert SessionStore(tmp_path / "db.json").get(s.id).notes == "erste Notiz"
        assert rec.saved[-1].revision == 2 and saver.revision == 2
        # The UI keeps submitting copies with its old revision: the saver tracks the stored one.
        s.notes = "zweite Notiz"
        saver.submit(s)
        rec.wait()
        assert store.get(s.id).notes == "zweite Notiz" and store.get(s.id).revision == 3
        assert rec.conflicts == [] and rec.errors == []
    finally:
        saver.close()


def test_rapid_edits_are_coalesced_and_never_written_concurrently(tmp_path: Path) -> None:
    store = SlowStore(tmp_path / "db.json", delay=0.05)
    s = store.create(Session(title="Workshop"))
    rec = Recorder()
    saver = make(store, rec, s)
    try:
        start = time.monotonic()
        for i in range(1, 31):
            s.notes = f"Stand {i}"
            saver.submit(s)
            time.sleep(0.005)
        typing = time.monotonic() - start
        assert saver.flush(timeout=5)
        assert store.get(s.id).notes == "Stand 30"
        assert store.writes[-1] == "Stand 30"
        # Written while typing, but coalesced: one write per 50 ms write time, not one per edit.
        assert 1 < len(store.writes) <= typing / store.delay + 2 < 30, (store.writes, typing)
        assert store.max_active == 1
        assert rec.saved[-1].notes == "Stand 30"
    finally:
        saver.close()


def test_flush_writes_pending_synchronously(tmp_path: Path) -> None:
    store = SlowStore(tmp_path / "db.json", delay=0.2)
    s = store.create(Session(title="Workshop"))
    saver = make(store, Recorder(), s)
    s.notes = "a"
    saver.submit(s)
    time.sleep(0.05)  # "a" is in flight
    s.notes = "b"
    saver.submit(s)  # pending behind it
    assert saver.pending
    assert saver.flush(timeout=5)
    assert not saver.pending
    assert SessionStore(tmp_path / "db.json").get(s.id).notes == "b"
    assert saver.close()
    with pytest.raises(RuntimeError):
        saver.submit(s)


def test_conflict_callback_pauses_and_resolves(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "db.json")
    s = store.create(Session(title="Workshop"))
    colleague = store.get(s.id)
    colleague.notes = "Kollegin"
    store.save(colleague)
    rec = Recorder()
    saver = make(store, rec, s)
    try:
        s.notes = "ich"
        saver.submit(s)
        rec.wait()
        assert len(rec.conflicts) == 1
        mine, theirs = rec.conflicts[0]
        assert (mine.notes, theirs.notes, theirs.revision) == ("ich", "Kollegin", 2)
        assert saver.conflicted and store.get(s.id).notes == "Kollegin"
        s.notes = "ich, weiter getippt"
        saver.submit(s)  # kept, not written while the conflict is open
        time.sleep(0.1)
        assert store.get(s.id).notes == "Kollegin"
        stored = saver.keep_mine()
        assert stored.notes == "ich, weiter getippt" and store.get(s.id).revision == 3
        assert not saver.conflicted and not saver.pending
        assert rec.saved[-1].notes == "ich, weiter getippt"
        rec.event.clear()
        s.notes = "danach"
        saver.submit(s)
        rec.wait()
        assert store.get(s.id).notes == "danach"
    finally:
        saver.close()


def test_take_theirs_drops_mine(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "db.json")
    s = store.create(Session(title="Workshop"))
    other = store.save(store.get(s.id))
    rec = Recorder()
    saver = make(store, rec, s)
    try:
        s.notes = "ich"
        saver.submit(s)
        rec.wait()
        saver.take_theirs(other)
        assert not saver.conflicted and saver.revision == other.revision
        other.notes = "auf ihrer Fassung weiter"
        saver.submit(other)
        rec.wait()
        assert store.get(s.id).notes == "auf ihrer Fassung weiter"
    finally:
        saver.close()


def test_quit_with_open_conflict_keeps_mine_as_copy(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "db.json")
    s = store.create(Session(title="Workshop"))
    store.save(store.get(s.id))
    rec = Recorder()
    saver = make(store, rec, s)
    s.notes = "nicht verlieren"
    saver.submit(s)
    rec.wait()
    assert saver.conflicted
    assert saver.close()
    copies = [x for x in store.list() if x.title == "Workshop (Konflikt-Kopie)"]
    assert len(copies) == 1 and store.get(copies[0].id).notes == "nicht verlieren"
    assert any(f"Sitzung {copies[0].id}" in e for e in rec.errors)


def test_session_deleted_elsewhere_is_restored_with_my_edits(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "db.json")
    s = store.create(Session(title="Workshop"))
    rec = Recorder()
    saver = make(store, rec, s)
    try:
        store.delete(s.id)
        s.notes = "noch da"
        saver.submit(s)
        rec.wait()
        assert store.get(s.id).notes == "noch da"
        assert saver.flush(1)
        assert any("wiederhergestellt" in e for e in rec.errors)
    finally:
        saver.close()


def test_error_callback_on_read_only_and_retry(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    store = SessionStore(db)
    s = store.create(Session(title="Workshop"))
    rec = Recorder()
    saver = make(store, rec, s, retry_interval=0.05)
    os.chmod(db, 0o444)
    try:
        s.notes = "wichtig"
        saver.submit(s)
        rec.wait()
        assert len(rec.errors) == 1 and "schreibgeschützt" in rec.errors[0]
        time.sleep(0.3)  # several retries, but the same message is reported only once
        assert len(rec.errors) == 1
        assert saver.pending and not saver.flush(1)
        os.chmod(db, 0o644)
        rec.wait()  # the periodic retry succeeds
        assert store.get(s.id).notes == "wichtig" and not saver.pending
    finally:
        os.chmod(db, 0o644)
        saver.close()
