"""The Textual app (being built)."""

from __future__ import annotations

from textual.app import App


class KsmApp(App):
    TITLE = "ksm-tui"


def make_app() -> KsmApp:
    return KsmApp()
