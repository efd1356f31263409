"""ksm-tui benchmarks in a real pseudo-terminal (80×24). A script, not a test.

Usage (from the project root, with the project installed: ``pip install -e '.[test]'``)::

    .venv/bin/python benchmarks/run.py            # N = 5 runs per start-up figure, 60 key presses
    .venv/bin/python benchmarks/run.py -n 9 --keys 100

Figures and budgets:
  (a) first paint of ``ksm-tui --session ID`` (demo session) until its text is on screen, as a ratio to a minimal
      Textual app (benchmarks/minimal_app.py) measured in the same run, median of N — budget ≤ 1.5×
  (b) minutes export ``to_markdown`` + ``to_html`` of the demo session, median — budget ≤ 100 ms
  (c) 1,000 stored sessions: ``store.list()`` — ≤ 0.5 s; the session list's first paint — ≤ 0.5 s more than
      with an empty database
  (d) peak memory (VmHWM) of the app with the demo session open, next to the minimal app's (information)
  (e) keystroke latency on the task table (↓/↑ through the rows): send a key, wait until the output settles;
      median ≤ 16 ms, p90 ≤ 33 ms; bytes per key ≤ 2× a plain DataTable (benchmarks/datatable_app.py).
      If benchmarks/task_table.py exists (the task-table helper's ``run_benchmark()``), its figures — moves and
      edits, against its own DataTable variant — are used instead of this script's ↓/↑ measurement.
A figure that cannot be measured in this checkout (a screen not there yet) is shown as "n/a" with the reason.
Exit code 0 when nothing was missed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.harness import SCRIPT, Terminal, key_bytes, run_cli  # noqa: E402

BENCH = Path(__file__).resolve().parent


@dataclass
class Row:
    figure: str
    value: str
    budget: str
    verdict: str  # PASS / MISS / info / n/a


def median(values: list[float]) -> float:
    return statistics.median(values)


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]


def home_dir(root: Path, name: str) -> Path:
    home = root / name
    (home / "config").mkdir(parents=True, exist_ok=True)
    return home


def first_paint(home: Path, args: list[str], texts: tuple[str, ...],
                program: str | None = None) -> tuple[float, int | None]:
    """Seconds from spawn until all ``texts`` are on screen; and the app's peak memory (KiB)."""
    start = time.perf_counter()
    term = Terminal.start(args, home=home, program=program)
    try:
        for text in texts:
            term.wait_for(text, timeout=30)
        took = time.perf_counter() - start
        term.settle(quiet=0.2)
        memory = term.peak_memory_kib()
        term.press("ctrl+q")
        term.wait_exit()
        return took, memory
    finally:
        term.kill()


def section_available(module: str) -> bool:
    return importlib.util.find_spec(f"ksm_tui.screens.{module}") is not None


# -- (a) + (d) ----------------------------------------------------------------------------------------------------


def compile_package() -> None:
    """Write ksm_tui's bytecode (.pyc) first, as ``pip install`` does for the installed app and Textual.

    An editable install in an environment with PYTHONDONTWRITEBYTECODE (set on this machine) would otherwise
    compile every module of ksm_tui on every start — measured against a minimal app whose Textual is compiled.
    """
    import compileall

    import ksm_tui

    compileall.compile_dir(str(Path(ksm_tui.__file__).parent), quiet=1)


def bench_start(root: Path, runs: int) -> list[Row]:
    compile_package()
    home = home_dir(root, "start")
    session_id = run_cli(["demo"], home=home).strip()
    mini: list[float] = []
    app: list[float] = []
    mem_app: list[int] = []
    mem_mini: list[int] = []
    for _ in range(runs):  # interleaved, so both see the same machine load
        t, m = first_paint(home, [str(BENCH / "minimal_app.py")], ("Minimal bereit", "Beenden"), sys.executable)
        mini.append(t)
        mem_mini.append(m or 0)
        # The whole visible screen: header, the form's first and last visible field, footer.
        t, m = first_paint(home, ["--session", session_id],
                           ("Musterstadt", "Kommune und Workshop", "Aktuelles Modell", "Hilfe"))
        app.append(t)
        mem_app.append(m or 0)
    ratio = median(app) / median(mini)
    rows = [
        Row("(a) erste Anzeige minimal (Median)", f"{median(mini) * 1000:.0f} ms", "Bezug", "info"),
        Row("(a) erste Anzeige ksm-tui --session (Median)", f"{median(app) * 1000:.0f} ms", "", "info"),
        Row("(a) Verhältnis ksm-tui / minimal", f"{ratio:.2f}×", "≤ 1,5×", "PASS" if ratio <= 1.5 else "MISS"),
    ]
    # Each pair ran back to back: the spread of the per-pair ratios shows how much the machine's load moved.
    pairs = sorted(a / m for a, m in zip(app, mini, strict=True))
    rows.append(Row("(a) Verhältnis je Paar: Median (Spanne)",
                    f"{median(pairs):.2f}× ({pairs[0]:.2f}–{pairs[-1]:.2f})", "", "info"))
    if any(mem_app):
        rows.append(Row("(d) Spitzenspeicher ksm-tui (VmHWM)", f"{max(mem_app) / 1024:.1f} MiB",
                        f"minimal: {max(mem_mini) / 1024:.1f} MiB", "info"))
    return rows


# -- (b) ----------------------------------------------------------------------------------------------------------


def bench_export(runs: int) -> list[Row]:
    try:
        from ksm_tui.export import to_html, to_markdown
    except ImportError:
        return [Row("(b) Protokoll-Export md+html", "–", "≤ 100 ms", "n/a: ksm_tui.export fehlt")]
    from ksm_tui import __version__
    from ksm_tui.core.demo import demo_session
    from ksm_tui.core.loader import load_content

    content = load_content(None)
    session = demo_session()
    at = dt.datetime(2026, 3, 12, 18, 0, tzinfo=dt.UTC)
    to_markdown(session, content, app_version=__version__, exported_at=at)  # warm-up (imports, caches)
    to_html(session, content, app_version=__version__, exported_at=at)
    times = []
    for _ in range(max(runs, 20)):
        t0 = time.perf_counter()
        to_markdown(session, content, app_version=__version__, exported_at=at)
        to_html(session, content, app_version=__version__, exported_at=at)
        times.append(time.perf_counter() - t0)
    m = median(times) * 1000
    return [Row("(b) Protokoll-Export md+html (Median)", f"{m:.1f} ms", "≤ 100 ms", "PASS" if m <= 100 else "MISS")]


# -- (c) ----------------------------------------------------------------------------------------------------------


def make_thousand(path: Path, count: int = 1000) -> str:
    """A database with ``count`` demo-like sessions (written directly: creating them one by one is O(n²))."""
    from ksm_tui.core.demo import demo_session
    from ksm_tui.store import SessionStore

    SessionStore(path).create(demo_session())
    data = json.loads(path.read_text(encoding="utf-8"))
    sessions = data["sessions"]
    template = sessions["1"]
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for n in range(1, count + 1):
        doc = json.loads(json.dumps(template))
        doc["title"] = f"Benchmark-Sitzung {n}"
        doc["kommune"] = f"Gemeinde {n}"
        doc["updated"] = (base + dt.timedelta(minutes=n)).isoformat(timespec="seconds")
        sessions[str(n)] = doc
    for meta in data["meta"].values():
        meta["next_id"] = count + 1
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return f"Benchmark-Sitzung {count}"


def bench_list(root: Path, runs: int) -> list[Row]:
    from ksm_tui.store import SessionStore

    home = home_dir(root, "list")
    db = home / "ksm-tui.json"
    newest = make_thousand(db)
    store = SessionStore(db)
    times = []
    for _ in range(max(runs, 5)):
        t0 = time.perf_counter()
        listed = store.list()
        times.append(time.perf_counter() - t0)
    assert len(listed) == 1000
    m = median(times)
    rows = [Row("(c) store.list() mit 1.000 Sitzungen", f"{m * 1000:.0f} ms", "≤ 500 ms",
                "PASS" if m <= 0.5 else "MISS")]
    if not section_available("sessions"):
        rows.append(Row("(c) Sitzungsliste erste Anzeige, 1.000", "–", "≤ +0,5 s", "n/a: screens/sessions.py fehlt"))
        return rows
    empty = home_dir(root, "list-empty")
    full, none = [], []
    for _ in range(runs):
        full.append(first_paint(home, [], (newest, "1000 Sitzungen", "Hilfe"))[0])
        none.append(first_paint(empty, [], ("Noch keine Sitzungen gespeichert", "Hilfe"))[0])
    extra = median(full) - median(none)
    rows.append(Row("(c) Sitzungsliste erste Anzeige, 1.000", f"{median(full) * 1000:.0f} ms (+{extra * 1000:.0f} ms)",
                    "≤ +0,5 s", "PASS" if extra <= 0.5 else "MISS"))
    return rows


# -- (e) ----------------------------------------------------------------------------------------------------------


def key_figures(term: Terminal, presses: int) -> tuple[list[float], list[int]]:
    """Alternate ↓ (half the presses) and ↑; each: time until the output settles (40 ms quiet) and its bytes."""
    term.settle(quiet=0.5)
    latencies: list[float] = []
    sizes: list[int] = []
    for i in range(presses):
        key = "down" if (i // (presses // 2 or 1)) % 2 == 0 else "up"
        t0 = time.perf_counter()
        term.child.send(key_bytes(key))
        count, last = 0, None
        while True:
            data = term.read(0.04 if last else 1.0)
            if not data:
                break
            count += len(data)
            last = time.perf_counter()
        latencies.append((last or t0) - t0)
        sizes.append(count)
    return latencies, sizes


def bench_keys(root: Path, presses: int) -> list[Row]:
    budget_rows: list[Row] = []
    home = home_dir(root, "keys")
    base = Terminal.start([str(BENCH / "datatable_app.py")], home=home, program=sys.executable)
    try:
        base.wait_for("Aufgabe 10", timeout=30)
        base_lat, base_bytes = key_figures(base, presses)
        base.press("ctrl+q")
        base.wait_exit()
    finally:
        base.kill()
    per_key_base = statistics.mean(base_bytes)
    budget_rows.append(Row("(e) DataTable: Taste Median / p90",
                           f"{median(base_lat) * 1000:.1f} / {p90(base_lat) * 1000:.1f} ms", "Bezug", "info"))
    budget_rows.append(Row("(e) DataTable: Bytes je Taste", f"{per_key_base:.0f}", "Bezug", "info"))

    helper = BENCH / "task_table.py"
    if helper.exists() and section_available("tasks"):
        return budget_rows + task_table_rows(helper, presses)
    if not section_available("tasks"):
        budget_rows.append(Row("(e) Aufgabentabelle: Taste", "–", "≤ 16 / 33 ms", "n/a: screens/tasks.py fehlt"))
        return budget_rows
    session_id = run_cli(["demo"], home=home).strip()
    term = Terminal.start(["--session", session_id], home=home)
    try:
        term.wait_for("Musterstadt", timeout=30)
        term.press("f5")
        term.settle(quiet=0.5)
        lat, sizes = key_figures(term, presses)
        term.press("ctrl+q")
        term.wait_exit()
    finally:
        term.kill()
    med, high = median(lat) * 1000, p90(lat) * 1000
    per_key = statistics.mean(sizes)
    budget_rows.append(Row("(e) Aufgabentabelle: Taste Median", f"{med:.1f} ms", "≤ 16 ms",
                           "PASS" if med <= 16 else "MISS"))
    budget_rows.append(Row("(e) Aufgabentabelle: Taste p90", f"{high:.1f} ms", "≤ 33 ms",
                           "PASS" if high <= 33 else "MISS"))
    ratio = per_key / per_key_base if per_key_base else float("inf")
    budget_rows.append(Row("(e) Aufgabentabelle: Bytes je Taste", f"{per_key:.0f} ({ratio:.2f}× DataTable)", "≤ 2×",
                           "PASS" if ratio <= 2 else "MISS"))
    return budget_rows


def task_table_rows(helper: Path, presses: int) -> list[Row]:
    """Use the task-table helper's benchmark (``run_benchmark() -> {"ksm"|"datatable": {"move"|"edit": {...}}}``)."""
    spec = importlib.util.spec_from_file_location("task_table_bench", helper)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.run_benchmark(moves=presses)
    rows: list[Row] = []
    for kind, label in (("move", "bewegen"), ("edit", "Wert eingeben")):
        ksm, base = result["ksm"][kind], result["datatable"][kind]
        med, high = ksm["median_ms"], ksm["p90_ms"]
        ratio = ksm["mean_bytes"] / base["mean_bytes"] if base["mean_bytes"] else float("inf")
        rows += [
            Row(f"(e) Aufgabentabelle {label}: Median", f"{med:.1f} ms (DataTable {base['median_ms']:.1f})", "≤ 16 ms",
                "PASS" if med <= 16 else "MISS"),
            Row(f"(e) Aufgabentabelle {label}: p90", f"{high:.1f} ms (DataTable {base['p90_ms']:.1f})", "≤ 33 ms",
                "PASS" if high <= 33 else "MISS"),
            Row(f"(e) Aufgabentabelle {label}: Bytes je Taste", f"{ksm['mean_bytes']:.0f} ({ratio:.2f}× DataTable)",
                "≤ 2×", "PASS" if ratio <= 2 else "MISS"),
        ]
    return rows


def print_table(rows: list[Row]) -> None:
    from tabulate import tabulate

    print(tabulate([[r.figure, r.value, r.budget, r.verdict] for r in rows],
                   headers=["Messung", "Wert", "Budget", "Ergebnis"], tablefmt="simple", disable_numparse=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--runs", type=int, default=5, help="runs per start-up figure (median), default 5")
    parser.add_argument("--keys", type=int, default=60, help="key presses for (e), default 60")
    parser.add_argument("--only", choices=["start", "export", "list", "keys"], action="append",
                        help="run only these parts (repeatable)")
    args = parser.parse_args(argv)
    if not SCRIPT.exists():
        print(f"{SCRIPT} fehlt: erst pip install -e '.[test]' in die venv dieses Pythons.", file=sys.stderr)
        return 2
    parts: dict[str, Callable[[Path], list[Row]]] = {
        "start": lambda root: bench_start(root, args.runs),
        "export": lambda root: bench_export(args.runs),
        "list": lambda root: bench_list(root, args.runs),
        "keys": lambda root: bench_keys(root, args.keys),
    }
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="ksm-bench-") as tmp:
        for name, run in parts.items():
            if args.only and name not in args.only:
                continue
            print(f"… {name}", file=sys.stderr, flush=True)
            rows.extend(run(Path(tmp)))
    print_table(rows)
    if not args.only:
        save_results(rows, args)
    return 1 if any(r.verdict == "MISS" for r in rows) else 0


def save_results(rows: list[Row], args: argparse.Namespace) -> None:
    """Keep the last full run in benchmarks/RESULTS.md (a Markdown table, committed with the code)."""
    import os
    import platform

    from tabulate import tabulate

    table = tabulate([[r.figure, r.value, r.budget, r.verdict] for r in rows],
                     headers=["Messung", "Wert", "Budget", "Ergebnis"], tablefmt="github", disable_numparse=True)
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    text = (
        "# Benchmark results (last run of `benchmarks/run.py`)\n\n"
        f"{when} · Python {platform.python_version()} · {os.cpu_count()} CPUs · load {os.getloadavg()[0]:.1f} · "
        f"`-n {args.runs} --keys {args.keys}` · 80×24 pty, TERM=xterm-256color. Method: benchmarks/README.md.\n\n"
        f"{table}\n"
    )
    (BENCH / "RESULTS.md").write_text(text, encoding="utf-8")
    print(f"gespeichert: {BENCH / 'RESULTS.md'}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
