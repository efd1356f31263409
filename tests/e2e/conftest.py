"""Fixtures for the end-to-end tests in a real pseudo-terminal (see harness.py)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import SCRIPT, Terminal, script_available


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """Database and settings for one test (KSM_TUI_DB, KSM_TUI_CONFIG)."""
    (tmp_path / "config").mkdir()
    return tmp_path


@pytest.fixture
def terminal(home: Path) -> Iterator[Callable[..., Terminal]]:
    """``terminal(args, term=..., no_color=...)`` starts ksm-tui in an 80×24 pty; every child is killed at the end."""
    if not script_available():
        pytest.skip(f"console script {SCRIPT} not installed (pip install -e '.[test]' into this Python's venv)")
    started: list[Terminal] = []

    def start(args: list[str] | tuple[str, ...] = (), **kwargs: object) -> Terminal:
        term = Terminal.start(args, home=home, **kwargs)  # type: ignore[arg-type]
        started.append(term)
        return term

    yield start
    for term in started:
        term.kill()


def require_sections(*modes: str) -> None:
    """Skip (naming what is missing) when a section's screen module is not in this checkout yet."""
    from ksm_tui.app import ALL_SECTIONS

    missing = [
        s.screen for s in ALL_SECTIONS
        if s.mode in modes and importlib.util.find_spec(f"ksm_tui.screens.{s.screen.partition(':')[0]}") is None
    ]
    if missing:
        pytest.skip("screen(s) not in this checkout yet: " + ", ".join(missing))
