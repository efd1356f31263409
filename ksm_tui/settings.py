"""Per-user settings (the chosen theme), remembered between runs in a small JSON file."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


def default_config_dir() -> Path:
    env = os.environ.get("KSM_TUI_CONFIG")
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir("ksm-tui", appauthor=False))


@dataclass
class Settings:
    path: Path
    theme: str = ""

    @classmethod
    def load(cls, config_dir: Path | None = None) -> Settings:
        path = (config_dir or default_config_dir()) / "settings.json"
        settings = cls(path=path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return settings
        if isinstance(data, dict) and isinstance(data.get("theme"), str):
            settings.theme = data["theme"]
        return settings

    def save(self) -> bool:
        """Write the settings; a failure (read-only home, full disk) is not fatal: returns False."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"theme": self.theme}, fh)
            os.replace(tmp, self.path)
        except OSError:
            return False
        return True
