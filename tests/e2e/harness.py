"""Drive the installed ``ksm-tui`` in a real pseudo-terminal (pexpect) and read its screen (pyte).

    term = Terminal.start(["--session", "1"], home=tmp_path)      # 80×24, TERM=xterm-256color
    term.wait_for("Sitzungen")
    term.press("f1")
    term.wait_for("Hilfe – Tastenkürzel")
    term.press("escape", "ctrl+q")
    term.close()                  # waits for the exit, checks the exit code (0) and that the terminal was restored

Keys for :meth:`Terminal.press`: a name from :data:`KEYS` (``enter``, ``escape``, ``tab``, ``shift+tab``,
``f1``…``f12``, ``up``/``down``/``left``/``right``, ``home``/``end``, ``pageup``/``pagedown``, ``backspace``,
``delete``, ``space``) or ``ctrl+<letter>``; anything else is typed literally (use :meth:`Terminal.type` for text).

The script is the *installed* console script next to the running Python (``pip install -e '.[test]'``);
``PYTHONPATH`` points at this checkout so the child runs the same code as the tests.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import pexpect
import pyte
import pyte.graphics

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(sys.executable).parent / "ksm-tui"

# Sequences Textual writes when it leaves application mode: back to the normal screen, cursor visible.
LEAVE_ALT_SCREEN = b"\x1b[?1049l"
ENTER_ALT_SCREEN = b"\x1b[?1049h"
SHOW_CURSOR = b"\x1b[?25h"
HIDE_CURSOR = b"\x1b[?25l"

ESCAPE_PAUSE = 0.25
KEYS: dict[str, str] = {
    "enter": "\r",
    "escape": "\x1b",
    "esc": "\x1b",
    "tab": "\t",
    "shift+tab": "\x1b[Z",
    "backspace": "\x7f",
    "delete": "\x1b[3~",
    "insert": "\x1b[2~",
    "space": " ",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "pageup": "\x1b[5~",
    "pagedown": "\x1b[6~",
    "f1": "\x1bOP",
    "f2": "\x1bOQ",
    "f3": "\x1bOR",
    "f4": "\x1bOS",
    "f5": "\x1b[15~",
    "f6": "\x1b[17~",
    "f7": "\x1b[18~",
    "f8": "\x1b[19~",
    "f9": "\x1b[20~",
    "f10": "\x1b[21~",
    "f11": "\x1b[23~",
    "f12": "\x1b[24~",
}


def key_bytes(key: str) -> str:
    """The characters a terminal sends for a named key (see :data:`KEYS`), ``ctrl+x``, or the text itself."""
    name = key.lower()
    if name in KEYS:
        return KEYS[name]
    if name.startswith("ctrl+") and len(name) == 6 and name[5].isalpha():
        return chr(ord(name[5]) & 0x1F)
    return key


def script_available() -> bool:
    return SCRIPT.exists()


def child_env(
    home: Path,
    *,
    term: str = "xterm-256color",
    no_color: bool = False,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment for the app: database and settings in ``home``, no animations, the given TERM."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TEXTUAL", "KSM_TUI", "PYTEST")) and k not in ("NO_COLOR", "COLUMNS", "LINES", "ROWS")
    }
    env.update(
        TERM=term,
        KSM_TUI_DB=str(home / "ksm-tui.json"),
        KSM_TUI_CONFIG=str(home / "config"),
        TEXTUAL_ANIMATIONS="none",
        PYTHONPATH=str(ROOT),
    )
    if "LANG" not in env and "LC_ALL" not in env:
        env["LANG"] = "C.UTF-8"
    if no_color:
        env["NO_COLOR"] = "1"
    if extra:
        env.update(extra)
    return env


class Terminal:
    """One running ``ksm-tui`` in a pseudo-terminal, with its screen as pyte sees it."""

    def __init__(self, child: pexpect.spawn, columns: int, rows: int) -> None:
        self.child = child
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.output = bytearray()  # every byte the app wrote
        self.eof = False
        self.exitstatus: int | None = None
        self.signalstatus: int | None = None

    @classmethod
    def start(
        cls,
        args: Sequence[str] = (),
        *,
        home: Path,
        columns: int = 80,
        rows: int = 24,
        term: str = "xterm-256color",
        no_color: bool = False,
        env: Mapping[str, str] | None = None,
        program: str | Path | None = None,
    ) -> Terminal:
        """Start ``ksm-tui args`` (or another ``program``, e.g. a benchmark's baseline app)."""
        child = pexpect.spawn(
            str(program or SCRIPT),
            list(args),
            env=child_env(home, term=term, no_color=no_color, extra=env),
            cwd=str(home),
            dimensions=(rows, columns),
            echo=False,
        )
        # pexpect sleeps 50 ms before every send by default: that would be measured as the app's latency.
        child.delaybeforesend = None
        return cls(child, columns, rows)

    # -- reading -----------------------------------------------------------------------------------------------

    def read(self, timeout: float) -> bytes:
        """Whatever arrives within ``timeout`` seconds (returns early at the first chunk); b"" on nothing/EOF."""
        if self.eof:
            return b""
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return b""
        except pexpect.EOF:
            self.eof = True
            return b""
        self.output += data
        self.stream.feed(data)
        return data

    def pump(self, seconds: float) -> bytes:
        """Read everything that arrives during ``seconds``."""
        got = bytearray()
        end = time.monotonic() + seconds
        while not self.eof and (left := end - time.monotonic()) > 0:
            got += self.read(min(left, 0.05))
        return bytes(got)

    def settle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Wait until the app has written nothing for ``quiet`` seconds."""
        end = time.monotonic() + timeout
        last = time.monotonic()
        while time.monotonic() < end and not self.eof:
            if self.read(0.05):
                last = time.monotonic()
            elif time.monotonic() - last >= quiet:
                return
        if not self.eof:
            raise AssertionError(f"screen did not settle within {timeout} s\n{self.dump()}")

    def screen_text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def dump(self) -> str:
        return "--- screen ---\n" + self.screen_text() + "\n--------------"

    def wait_for(self, text: str, timeout: float = 10.0) -> float:
        """Wait until ``text`` is on the screen; returns the seconds it took. Fails with the screen shown."""
        start = time.monotonic()
        end = start + timeout
        while True:
            if text in self.screen_text():
                return time.monotonic() - start
            if self.eof:
                raise AssertionError(f"ksm-tui ended before {text!r} appeared\n{self.dump()}\n{self._tail()}")
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} not on the screen after {timeout} s\n{self.dump()}")
            self.read(0.05)

    def wait_until(self, condition: Callable[[], object], what: str, timeout: float = 10.0) -> float:
        """Read the app's output until ``condition()`` is true (e.g. a file exists, a line reads so)."""
        start = time.monotonic()
        while not condition():
            if self.eof or time.monotonic() - start > timeout:
                raise AssertionError(f"not reached within {timeout} s: {what}\n{self.dump()}")
            self.read(0.05)
        return time.monotonic() - start

    def cursor_line(self) -> str:
        """The screen line with the terminal cursor (Textual puts it into the focused text field, even hidden)."""
        return self.screen.display[self.screen.cursor.y].strip()

    def wait_focus(self, label: str, timeout: float = 10.0) -> float:
        """Wait until the focused text field is the one on the line starting with ``label``."""
        return self.wait_until(lambda: self.cursor_line().startswith(label), f"focus on {label!r}", timeout)

    def wait_gone(self, text: str, timeout: float = 10.0) -> None:
        end = time.monotonic() + timeout
        while text in self.screen_text():
            if self.eof or time.monotonic() > end:
                raise AssertionError(f"{text!r} still on the screen after {timeout} s\n{self.dump()}")
            self.read(0.05)

    # -- writing -----------------------------------------------------------------------------------------------

    def press(self, *keys: str, delay: float = 0.05) -> None:
        """Press keys one after the other (names as in :data:`KEYS`, ``ctrl+x``, or literal text)."""
        for key in keys:
            data = key_bytes(key)
            self.child.send(data)
            # A lone ESC is only recognised after a short pause (it might start a sequence): wait it out.
            self.pump(max(delay, ESCAPE_PAUSE) if data == "\x1b" else delay)

    def type(self, text: str) -> None:
        """Type text literally."""
        self.child.send(text)
        self.pump(0.05)

    # -- ending ------------------------------------------------------------------------------------------------

    def signal(self, sig: int) -> None:
        self.child.kill(sig)

    def peak_memory_kib(self) -> int | None:
        """The running app's peak resident memory (VmHWM, Linux), in KiB."""
        try:
            status = Path(f"/proc/{self.child.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return None

    def wait_exit(self, timeout: float = 10.0) -> int | None:
        """Read until the app has ended; returns its exit code (None if killed by a signal)."""
        end = time.monotonic() + timeout
        while not self.eof:
            if time.monotonic() > end:
                screen = self.dump()
                self.child.kill(signal.SIGKILL)
                raise AssertionError(f"ksm-tui did not end within {timeout} s\n{screen}")
            self.read(0.1)
        self.child.close()
        self.exitstatus, self.signalstatus = self.child.exitstatus, self.child.signalstatus
        return self.exitstatus

    def close(self, expect_status: int = 0, timeout: float = 10.0) -> None:
        """After the app was asked to quit: wait for it, check the exit code and that the terminal is restored."""
        status = self.wait_exit(timeout)
        assert self.signalstatus is None, f"ksm-tui was killed by signal {self.signalstatus}\n{self._tail()}"
        assert status == expect_status, f"exit code {status}, expected {expect_status}\n{self._tail()}"
        self.assert_terminal_restored()

    def assert_terminal_restored(self) -> None:
        """The last screen switch left the alternate screen and the cursor is visible again."""
        out = bytes(self.output)
        assert out.rfind(LEAVE_ALT_SCREEN) > out.rfind(ENTER_ALT_SCREEN), (
            f"still on the alternate screen\n{self._tail()}"
        )
        assert out.rfind(SHOW_CURSOR) > out.rfind(HIDE_CURSOR), f"cursor left hidden\n{self._tail()}"

    def kill(self) -> None:
        """Make sure the child is gone (fixture teardown)."""
        if self.child.isalive():
            self.child.kill(signal.SIGKILL)
        try:
            self.child.close(force=True)
        except Exception:  # noqa: BLE001 - teardown
            pass

    def _tail(self, n: int = 400) -> str:
        return f"last output bytes: {bytes(self.output[-n:])!r}"


def run_cli(args: Iterable[str], *, home: Path, timeout: float = 30.0) -> str:
    """Run a non-interactive ``ksm-tui`` command (e.g. ``demo``) with the test's environment; returns stdout."""
    import subprocess

    done = subprocess.run(
        [str(SCRIPT), *args], env=child_env(home), cwd=str(home), capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"ksm-tui {' '.join(args)} failed: {done.stderr}"
    return done.stdout


# -- colours -------------------------------------------------------------------------------------------------------
#
# pyte keeps per cell: ``fg``/``bg`` ("default", a name for SGR 30–37/40–47 and 90–97/100–107, or "rrggbb" for
# 38;5;n / 38;2;r;g;b), ``bold``, ``underscore``, ``reverse`` … .  What a viewer sees is compared here:

DEFAULT_FG = "default-fg"  # the terminal's default foreground …
DEFAULT_BG = "default-bg"  # … and its default background: two different colours
_ANSI_NAMES = ("black", "red", "green", "brown", "blue", "magenta", "cyan", "white")  # pyte's names, SGR order

Shot = list[list[pyte.screens.Char]]
Look = tuple[str, str, bool, bool]


def shot(term: Terminal) -> Shot:
    """A copy of the screen's cells (pyte's buffer changes as the app writes on)."""
    buffer, screen = term.screen.buffer, term.screen
    return [[buffer[y][x] for x in range(screen.columns)] for y in range(screen.lines)]


def shot_lines(cells: Shot) -> list[str]:
    return ["".join(c.data for c in row) for row in cells]


def colour(value: str, default: str) -> str:
    """A pyte colour as a comparable value: ``default`` for "default", otherwise "rrggbb" — the 16 named colours
    as xterm's palette (pyte's values for 38;5;0–15), so SGR 31 and 38;5;1 are the same colour."""
    if value == "default":
        return default
    name = value.replace("bfight", "bright")  # pyte spells SGR 105 "bfightmagenta"
    bright = name.startswith("bright") and name[6:] in _ANSI_NAMES
    if bright or name in _ANSI_NAMES:
        index = _ANSI_NAMES.index(name[6:] if bright else name) + (8 if bright else 0)
        return pyte.graphics.FG_BG_256[index]
    return name.lower()


def effective_colours(char: pyte.screens.Char) -> tuple[str, str]:
    """The cell's (foreground, background) as seen: pyte's "default" resolved (:data:`DEFAULT_FG`,
    :data:`DEFAULT_BG`), then ``reverse`` applied (it swaps them)."""
    fg, bg = colour(char.fg, DEFAULT_FG), colour(char.bg, DEFAULT_BG)
    return (bg, fg) if char.reverse else (fg, bg)


def visible(char: pyte.screens.Char) -> bool:
    return bool(char.data.strip())


def look(char: pyte.screens.Char) -> Look:
    """What tells a cell apart: effective foreground and background (``reverse`` included), bold, underline.
    A blank shows only its background (and an underline, in the foreground colour)."""
    fg, bg = effective_colours(char)
    if visible(char):
        return fg, bg, bool(char.bold), bool(char.underscore)
    return (fg if char.underscore else "", bg, False, bool(char.underscore))


def describe_cell(cells: Shot, x: int, y: int) -> str:
    char = cells[y][x]
    fg, bg = effective_colours(char)
    flags = "".join(f" {name}" for name in ("bold", "underscore", "reverse") if getattr(char, name))
    return f"({x},{y}) {char.data!r} fg={fg} bg={bg}{flags} [pyte fg={char.fg!r} bg={char.bg!r}]"


def invisible_text(cells: Shot) -> list[tuple[int, int]]:
    """Cells with a visible (non-blank) character drawn in its own background colour, as (x, y)."""
    return [
        (x, y)
        for y, row in enumerate(cells)
        for x, char in enumerate(row)
        if visible(char) and len(set(effective_colours(char))) == 1
    ]


def describe_cells(cells: Shot, where: Sequence[tuple[int, int]], limit: int = 6) -> str:
    """Some of the cells ``where`` with text and colours, and the screen lines they are on."""
    lines = shot_lines(cells)
    out = [describe_cell(cells, x, y) for x, y in where[:limit]]
    if len(where) > limit:
        out.append(f"… {len(where) - limit} more")
    for y in sorted({y for _x, y in where})[:4]:
        out.append(f"line {y}: {lines[y].rstrip()!r}")
    return "\n    ".join(out)
