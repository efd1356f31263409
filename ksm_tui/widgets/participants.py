"""A small editable list of participants (name + role) for the session form."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.widgets import Input, Static

from ksm_tui.core.session import Participant
from ksm_tui.core.text import clean_line


class ParticipantRow:
    """One participant's name and role inputs: two cells of the editor's grid (no row container: one widget
    fewer per person on the first paint of the form)."""

    def __init__(self, participant: Participant) -> None:
        self.name_input = Input(participant.name, placeholder="Name", compact=True, classes="name")
        self.role_input = Input(participant.role, placeholder="Rolle, z. B. KSM", compact=True, classes="role")

    @property
    def widgets(self) -> tuple[Input, Input]:
        return (self.name_input, self.role_input)

    @property
    def value(self) -> Participant:
        return Participant(name=clean_line(self.name_input.value), role=clean_line(self.role_input.value))


class AddButton(Static, can_focus=True):
    """"+ Person hinzufügen": Enter, Space or a click adds a row.

    One styled line instead of Textual's Button, whose 7 KB stylesheet would be parsed on the first paint of the
    form (the start screen of ``ksm-tui --session ID``)."""

    DEFAULT_CSS = """
    AddButton { width: auto; height: 1; text-style: bold; background: $surface; }
    AddButton:focus { background: $block-cursor-background; color: $block-cursor-foreground; }
    AddButton:disabled { text-style: dim; }
    """
    BINDINGS = [
        Binding("enter", "press", "Hinzufügen", show=False),
        Binding("space", "press", "Hinzufügen", show=False),
    ]

    class Pressed(Message):
        """The button was pressed."""

    def action_press(self) -> None:
        self.post_message(self.Pressed())

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_press()


class ParticipantsEditor(Vertical):
    """Rows of name/role inputs. Rows left empty are shown but not part of :attr:`value`."""

    DEFAULT_CSS = """
    ParticipantsEditor { height: auto; }
    ParticipantsEditor #participant-rows {
        height: auto; grid-size: 2; grid-columns: 1fr 1fr; grid-rows: 1; grid-gutter: 0 1;
    }
    """

    BINDINGS = [
        Binding("ctrl+r", "remove", "Person entfernen", tooltip="Teilnehmende Person (Zeile mit dem Cursor) entfernen"),
        Binding("plus", "add", "Person hinzufügen", show=False),
    ]

    @dataclass
    class Changed(Message):
        editor: ParticipantsEditor
        participants: list[Participant]

        @property
        def control(self) -> ParticipantsEditor:
            return self.editor

    def __init__(self, participants: list[Participant] | None = None, *, id: str | None = None,  # noqa: A002
                 disabled: bool = False) -> None:
        super().__init__(id=id, disabled=disabled)
        self._rows: list[ParticipantRow] = [ParticipantRow(Participant(p.name, p.role)) for p in participants or []]

    def compose(self) -> ComposeResult:
        with Grid(id="participant-rows"):
            for row in self._rows:
                yield from row.widgets
        yield AddButton("+ Person hinzufügen (Strg+N)", id="add-participant")

    @property
    def value(self) -> list[Participant]:
        return [p for p in (r.value for r in self._rows) if p.name or p.role]

    def set_participants(self, participants: list[Participant]) -> None:
        """Show ``participants`` (from the session); keeps the rows if they already say the same."""
        if participants == self.value:
            return
        grid = self.query_one("#participant-rows", Grid)
        self._rows = [ParticipantRow(Participant(p.name, p.role)) for p in participants]
        with self.prevent(Input.Changed):
            grid.remove_children()
            grid.mount_all([widget for row in self._rows for widget in row.widgets])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return self._focused_row() is not None or None
        return True

    def _focused_row(self) -> ParticipantRow | None:
        focused = self.app.focused
        for row in self._rows:
            if focused is not None and focused in (row.name_input, row.role_input):
                return row
        return None

    async def action_add(self) -> None:
        row = ParticipantRow(Participant())
        self._rows.append(row)
        await self.query_one("#participant-rows", Grid).mount_all(row.widgets)
        row.name_input.focus()
        row.name_input.scroll_visible()

    async def action_remove(self) -> None:
        row = self._focused_row()
        if row is None:
            return
        index = self._rows.index(row)
        self._rows.remove(row)
        await self.query_one("#participant-rows", Grid).remove_children(row.widgets)
        if self._rows:
            self._rows[min(index, len(self._rows) - 1)].name_input.focus()
        else:
            self.query_one("#add-participant", AddButton).focus()
        self.post_message(self.Changed(self, self.value))

    @on(AddButton.Pressed)
    async def _add_pressed(self, event: AddButton.Pressed) -> None:
        event.stop()
        await self.action_add()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.value))

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()
