"""Keystroke latency and bytes per key of the F5 task table, against a plain Textual DataTable of the same rows.

Both apps run in a real pseudo-terminal (80×24, TERM=xterm-256color), as over SSH. For every key the benchmark
records the bytes the app writes and the time from sending the key until the output has settled (the last byte
before a quiet gap of ``--quiet`` ms). Reported per key kind: median and p90 latency, median bytes.

* ``ksm``: ksm-tui itself (demo session, section F5). Navigation repaints two lines; an edit (a digit, then Enter)
  repaints the cell, then the row, its sums and the total line (plus the save state in the header).
* ``datatable``: a plain ``DataTable`` with the same rows, group and sum lines; navigation uses the DataTable's own
  cell cursor; an edit (a digit) rebuilds the table (``clear()`` + ``add_rows``) and the total, the simple way to
  keep sums right without a line-level update.

Run from the repository root (not a test; it takes ~30 s)::

    .venv/bin/python benchmarks/task_table.py            # both variants, 40 moves and 10 edits each
    .venv/bin/python benchmarks/task_table.py --json     # machine-readable

The issue-8 benchmark can call :func:`run_benchmark` and get the same numbers as a dict.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (80, 24)
MOVES = ("down",) * 12 + ("up",) * 8 + ("right", "left") * 10  # 40 navigation keys
KEY_CODES = {"down": "\x1b[B", "up": "\x1b[A", "right": "\x1b[C", "left": "\x1b[D", "enter": "\r"}


# -- the two apps (child processes) ---------------------------------------------------------------------------


def _demo_db(folder: Path) -> tuple[Path, str]:
    from ksm_tui.core.demo import demo_session
    from ksm_tui.store import SessionStore

    db = folder / "bench.json"
    return db, SessionStore(db).create(demo_session()).id


def run_ksm(folder: Path) -> None:
    from ksm_tui.app import make_app

    db, sid = _demo_db(folder)
    (folder / "config").mkdir(exist_ok=True)
    app = make_app(db_path=db, theme="ksm-standard", config_dir=folder / "config")

    def ready() -> None:
        app.open_session(sid, mode="aufgaben")

    app.call_later(ready)
    app.run()


def run_datatable(folder: Path) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Static

    from ksm_tui.core.demo import demo_session
    from ksm_tui.core.loader import load_content
    from ksm_tui.core.tasks import compute_sums, format_delta, format_percent, layout

    content = load_content()
    session = demo_session()

    class Plain(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("ksm-tui · DataTable baseline")
            yield DataTable(cursor_type="cell", id="table")
            yield Static("", id="total")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.styles.height = "1fr"
            table.add_columns("Aufgabe", "IST %", "SOLL %", "Δ")
            self.rebuild()
            table.move_cursor(row=2, column=1)

        def rebuild(self) -> None:
            table = self.query_one(DataTable)
            cursor = table.cursor_coordinate
            table.clear()
            sums = compute_sums(content, session.kommune_type, session.tasks)
            rows: list[tuple[str, str, str, str]] = []
            for t in layout(content, session.kommune_type, session.tasks):
                rows.append((f"{t.table.source} · {t.table.title}", "", "", ""))
                for g in t.groups:
                    rows.append((g.group.label, "", "", ""))
                    for r in g.rows:
                        rows.append((r.task.label[:48], format_percent(r.ist, unit=False),
                                     format_percent(r.soll, unit=False), format_delta(r.delta)))
                    p = sums.groups[g.group.id]
                    rows.append((f"Summe {g.group.label}", format_percent(p.ist, unit=False),
                                 format_percent(p.soll, unit=False), format_delta(p.delta)))
            table.add_rows(rows)
            table.cursor_coordinate = cursor
            self.query_one("#total", Static).update(f"Gesamt IST {sums.ist.text} · SOLL {sums.soll.text}")

        def on_key(self, event) -> None:
            if event.character and event.character.isdigit():
                table = self.query_one(DataTable)
                rows = [r for t in layout(content, session.kommune_type, session.tasks) for g in t.groups
                        for r in g.rows]
                row = rows[min(table.cursor_row, len(rows) - 1)]
                entry = session.task(row.task.id)
                entry.ist = int(event.character) * 10
                session.tasks[row.task.id] = entry
                self.rebuild()

    Plain().run()


# -- the measurement (parent) ---------------------------------------------------------------------------------


def _drain(child, quiet: float, first: float = 1.0, limit: float = 3.0) -> tuple[int, float]:
    """Wait up to ``first`` seconds for output, then read until ``quiet`` seconds pass without any.

    Returns (bytes, time of the last byte).
    """
    import pexpect

    total, last = 0, time.perf_counter()
    end = last + limit
    timeout = first
    while time.perf_counter() < end:
        try:
            data = child.read_nonblocking(65536, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF):
            break
        total += len(data)
        last = time.perf_counter()
        timeout = quiet
    return total, last


def measure(variant: str, *, moves: int = 40, edits: int = 10, quiet: float = 0.05) -> dict[str, dict[str, float]]:
    """Run one variant in a pty and time ``moves`` navigation keys and ``edits`` edits."""
    import pexpect

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", TEXTUAL_ANIMATIONS="none")
        env.pop("NO_COLOR", None)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        child = pexpect.spawn(
            sys.executable, [__file__, "--child", variant, "--folder", tmp],
            dimensions=(SIZE[1], SIZE[0]), env=env, cwd=str(ROOT),
        )
        child.delaybeforesend = None  # pexpect's default 50 ms sleep before each send is not the app's latency
        try:
            time.sleep(1.0)
            _drain(child, 0.5, first=10, limit=10)
            samples: dict[str, list[tuple[float, int]]] = {"move": [], "edit": []}

            def key(sequence: str, kind: str | None) -> None:
                start = time.perf_counter()
                child.send(sequence)
                size, last = _drain(child, quiet)
                if kind:
                    samples[kind].append(((last - start) * 1000, size))

            for name in (MOVES * (moves // len(MOVES) + 1))[:moves]:
                key(KEY_CODES[name], "move")
            for i in range(edits):
                digit = str(1 + i % 9)
                if variant == "ksm":
                    key(digit, None)  # opens the inline editor
                    key(KEY_CODES["enter"], "edit")  # commit: row, sums, total
                else:
                    key(digit, "edit")  # sets the value and rebuilds
                _drain(child, 0.3, first=0.3)  # let the autosave and the save state settle
        finally:
            child.sendcontrol("q")
            child.terminate(force=True)
    out: dict[str, dict[str, float]] = {}
    for kind, values in samples.items():
        lat = sorted(v[0] for v in values)
        out[kind] = {
            "n": len(values),
            "median_ms": round(statistics.median(lat), 1),
            "p90_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.9))], 1),
            "median_bytes": int(statistics.median(v[1] for v in values)),
            "mean_bytes": round(statistics.fmean(v[1] for v in values), 1),
        }
    return out


def run_benchmark(*, moves: int = 40, edits: int = 10, quiet: float = 0.05) -> dict[str, dict[str, dict[str, float]]]:
    """Both variants: ``{"ksm": {"move": {...}, "edit": {...}}, "datatable": {...}}``."""
    return {v: measure(v, moves=moves, edits=edits, quiet=quiet) for v in ("ksm", "datatable")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=("ksm", "datatable"))
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--moves", type=int, default=40)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--quiet", type=float, default=0.05, help="quiet gap in seconds that ends a key's output")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.child:
        sys.path.insert(0, str(ROOT))
        {"ksm": run_ksm, "datatable": run_datatable}[args.child](args.folder)
        return 0
    result = run_benchmark(moves=args.moves, edits=args.edits, quiet=args.quiet)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{'variant':<10} {'key':<5} {'n':>3} {'median ms':>10} {'p90 ms':>8} {'median B':>9} {'mean B':>8}")
    for variant, kinds in result.items():
        for kind, r in kinds.items():
            print(f"{variant:<10} {kind:<5} {r['n']:>3} {r['median_ms']:>10} {r['p90_ms']:>8} "
                  f"{r['median_bytes']:>9} {r['mean_bytes']:>8}")
    print("Latency = key sent until the last byte before a quiet gap; bytes = terminal output per key.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
