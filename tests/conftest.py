"""Shared fixtures. Tests are deterministic: no animations, fixed sizes, pinned versions (constraints.txt)."""

from __future__ import annotations

import os

os.environ["TEXTUAL_ANIMATIONS"] = "none"
os.environ.setdefault("NO_COLOR", "")
os.environ.pop("NO_COLOR", None)

from collections.abc import Callable
from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--skip-snapshots",
        action="store_true",
        default=False,
        help="skip the SVG snapshot tests (for runs on other Textual/Rich versions than constraints.txt's pins)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that uses ``snap_compare`` as ``snapshot``; with ``--skip-snapshots`` skip them.

    The SVGs in ``__snapshots__`` are drawn with the pinned Textual/Rich (constraints.txt); with other versions
    (the lowest-versions run, constraints-lowest.txt) they may differ by a cell or a colour without any bug.
    """
    skip = pytest.mark.skip(reason="--skip-snapshots: SVGs are made with the versions in constraints.txt")
    for item in items:
        if "snap_compare" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.snapshot)
            if config.getoption("--skip-snapshots"):
                item.add_marker(skip)


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """A per-test settings folder, so tests never touch the user's real settings."""
    d = tmp_path / "config"
    d.mkdir()
    return d


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ksm-tui.json"


@pytest.fixture
def app_factory(db_path: Path, config_dir: Path) -> Callable[..., object]:
    """Build a KsmApp on the test's database and settings folder.

    ``app_factory(session_id="1", theme="ksm-standard", content_dir=None, db_path=None)``; call it again for a
    "restart" on the same database. The default theme is fixed so snapshots do not depend on TERM/NO_COLOR.
    """
    from ksm_tui.app import make_app

    def factory(
        *,
        session_id: str | None = None,
        theme: str | None = "ksm-standard",
        content_dir: Path | None = None,
        db_path: Path | None = None,
    ):
        return make_app(
            content_dir=content_dir,
            db_path=db_path or db_path_default,
            session_id=session_id,
            theme=theme,
            config_dir=config_dir,
        )

    db_path_default = db_path
    return factory


@pytest.fixture
def demo_db(db_path: Path) -> tuple[Path, str]:
    """A database holding the demo session; returns (db_path, session_id)."""
    from ksm_tui.core.demo import demo_session
    from ksm_tui.store import SessionStore

    created = SessionStore(db_path).create(demo_session())
    return db_path, created.id
