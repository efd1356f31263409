"""The Textual app (being built)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App


class KsmApp(App):
    TITLE = "ksm-tui"

    def __init__(self, db_path: Path | None = None, session_id: str | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.session_id = session_id


def make_app(db_path: Path | None = None, session_id: str | None = None) -> KsmApp:
    return KsmApp(db_path=db_path, session_id=session_id)
