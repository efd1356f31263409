"""Baseline for the keystroke benchmark: a plain DataTable with the task table's shape (31 rows, 5 columns)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer

READY_TEXT = "Aufgabe 10"


class DataTableApp(App[None]):
    BINDINGS = [("ctrl+q", "quit", "Beenden")]

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Aufgabe", "IST", "SOLL", "Δ", "Notiz")
        for n in range(1, 32):
            table.add_row(f"Aufgabe {n}", f"{n % 7},5 %", f"{n % 5},0 %", "+1,0", "Notiz " * (n % 3))
        table.focus()


if __name__ == "__main__":
    DataTableApp().run()
