"""Baseline for the first-paint benchmark: the smallest reasonable Textual app (Header, Static, Footer)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

READY_TEXT = "Minimal bereit"


class MinimalApp(App[None]):
    BINDINGS = [("ctrl+q", "quit", "Beenden")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(READY_TEXT)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
