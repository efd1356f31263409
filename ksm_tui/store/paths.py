"""Where the session database lives: ``--db`` > ``KSM_TUI_DB`` > the checkout's ``sessions/`` > user data folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DB_FILENAME = "ksm-tui.json"
ENV_VAR = "KSM_TUI_DB"


@dataclass(frozen=True)
class DbLocation:
    path: Path
    source: str  # German: where the path came from ("Option --db", "Umgebungsvariable KSM_TUI_DB", …)

    def describe(self) -> str:
        return f"{self.path} ({self.source})"


def checkout_dir() -> Path | None:
    """The source checkout this package runs from (its parent has ``pyproject.toml`` and ``sessions/``)."""
    root = Path(__file__).resolve().parent.parent.parent
    if (root / "pyproject.toml").is_file() and (root / "sessions").is_dir():
        return root
    return None


def user_data_dir() -> Path:
    from platformdirs import user_data_dir as _user_data_dir

    return Path(_user_data_dir("ksm-tui", appauthor=False))


def default_location(cli_path: str | os.PathLike[str] | None = None) -> DbLocation:
    """The database path and a German description of why it is that one (for ``ksm-tui --help``)."""
    if cli_path:
        return DbLocation(Path(cli_path).expanduser().absolute(), "Option --db")
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return DbLocation(Path(env).expanduser().absolute(), f"Umgebungsvariable {ENV_VAR}")
    root = checkout_dir()
    if root is not None:
        return DbLocation(root / "sessions" / DB_FILENAME, "Ordner sessions/ im Quellverzeichnis")
    return DbLocation(user_data_dir() / DB_FILENAME, "Benutzer-Datenordner")
