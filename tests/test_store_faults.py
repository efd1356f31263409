"""Fault injection (writers killed with SIGKILL) and multi-process concurrency against one database file."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from ksm_tui.core.session import Session
from ksm_tui.store import ConflictError, SessionStore
from ksm_tui.store.storage import temp_files

KILLS = 120


def _expected_state(k: int) -> tuple[str, frozenset[str]]:
    """State after operations 1..k: op i creates session "c<i>" if i % 7 == 0, else saves notes=str(i) to session 1."""
    last_save = max((i for i in range(1, k + 1) if i % 7), default=0)
    return str(last_save), frozenset(f"c{i}" for i in range(1, k + 1) if i % 7 == 0)


def _actual_state(store: SessionStore) -> tuple[str, frozenset[str]]:
    return store.get("1").notes, frozenset(s.title for s in store.list() if s.id != "1")


def _writer(db: Path, start: int, out_fd: int) -> None:
    """Child process: perform operations start, start+1, … forever; report each committed index on the pipe."""
    store = SessionStore(db)
    session = store.get("1")
    rnd = random.Random(start)
    os.write(out_fd, b"R\n")  # ready: the kill timer starts now, so kills land among the writes
    i = start
    while True:
        if i % 7 == 0:
            store.create(Session(title=f"c{i}", notes="x" * rnd.randrange(0, 4000)))
        else:
            session.notes = str(i)
            session.place = "y" * rnd.randrange(0, 4000)  # vary the file size
            session = store.save(session)
        os.write(out_fd, f"{i}\n".encode())
        i += 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_during_writes_never_loses_committed_state(tmp_path: Path) -> None:
    db = tmp_path / "ksm-tui.json"
    SessionStore(db).create(Session(title="Workshop", notes="0"))
    k = 0  # the operation index the database currently reflects
    rnd = random.Random(20260312)
    in_progress_hits = 0
    for _ in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(read_fd)
            try:
                _writer(db, k + 1, write_fd)
            finally:
                os._exit(1)
        os.close(write_fd)
        assert os.read(read_fd, 2) == b"R\n"
        time.sleep(rnd.uniform(0.0, 0.025))  # one write (with two fsyncs) takes a few ms
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd, "rb") as fh:
            reported = [int(line) for line in fh.read().split()]
        last = reported[-1] if reported else k

        store = SessionStore(db)  # the next open: loads, and removes the killed writer's temp file
        assert temp_files(db) == []
        actual = _actual_state(store)
        # The last committed state, or the one being written when the kill came (committed but not yet reported).
        assert actual in (_expected_state(last), _expected_state(last + 1)), (last, actual)
        if actual == _expected_state(last + 1):
            in_progress_hits += 1
            k = last + 1
        else:
            k = last
    print(f"fault injection: {KILLS} kills, {k} operations, {in_progress_hits} kills between replace and report")
    assert k >= 10, "the writers made progress (kills landed among writes, not only before them)"
    assert not list(tmp_path.glob("*.corrupt-*"))


def _worker(db: str, worker: int, creates: int, increments: int, queue: multiprocessing.Queue[object]) -> None:
    store = SessionStore(Path(db))
    mine: list[str] = []
    conflicts = 0
    for n in range(max(creates, increments)):
        if n < creates:
            mine.append(store.create(Session(title=f"w{worker}-{n}")).id)
        if n < increments:
            while True:  # read-modify-write with optimistic locking: retry on conflict
                shared = store.get("1")
                shared.notes = str(int(shared.notes) + 1)
                try:
                    store.save(shared)
                    break
                except ConflictError:
                    conflicts += 1
        if n % 3 == 2:
            store.delete(mine.pop(0))
    queue.put((worker, mine, conflicts))


def test_concurrent_processes_exact_counts_and_unique_ids(tmp_path: Path) -> None:
    db = tmp_path / "ksm-tui.json"
    SessionStore(db).create(Session(title="gemeinsam", notes="0"))
    workers, creates, increments = 4, 12, 10
    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(str(db), w, creates, increments, queue)) for w in range(workers)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    store = SessionStore(db)
    kept = [sid for _, ids, _ in results for sid in ids]
    deleted_per_worker = max(creates, increments) // 3
    assert len(kept) == workers * (creates - deleted_per_worker)
    assert len(set(kept)) == len(kept), "no id handed out twice"
    summaries = store.list()
    assert sorted(s.id for s in summaries) == sorted(kept + ["1"], key=str)
    assert {s.title for s in summaries} >= {f"w{w}-{creates - 1}" for w in range(workers)}
    assert store.get("1").notes == str(workers * increments), "no lost update"
    assert store.get("1").revision == 1 + workers * increments
    created_total = workers * creates
    assert store.create(Session()).id == str(2 + created_total), "ids are never reused"
