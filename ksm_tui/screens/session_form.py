"""F3 Stammdaten: every field of the open session, validated at the field and saved at once.

Typing is debounced briefly (``SAVE_DELAY``) and then applied with one ``workspace.edit``; choices are applied
at once. Invalid values show a German message under the field and are not stored. There is never a "save?"
question: what is valid is saved, and held-back edits are applied before any flush (quit, signal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from ksm_tui.core.content import KOMMUNE_TYPES
from ksm_tui.core.fields import FieldError, format_date, format_population, parse_date, parse_population
from ksm_tui.core.session import FUNDING_PHASES, Session
from ksm_tui.core.text import clean_line, clean_text
from ksm_tui.screens.base import SectionScreen
from ksm_tui.widgets.choice import ChoiceField
from ksm_tui.widgets.field_column import FieldColumn
from ksm_tui.widgets.participants import ParticipantsEditor

if TYPE_CHECKING:
    from textual.widgets import TextArea

SAVE_DELAY = 0.3  # seconds of quiet typing before an edit is applied (and written at once)
OPEN_MODEL = "noch-offen"

Change = Callable[[Session], None]

# Plain one-line text fields: input id -> Session attribute.
TEXT_FIELDS: dict[str, str] = {"title": "title", "kommune": "kommune", "place": "place", "facilitator": "facilitator"}
# Validated fields: input id -> (Session attribute, parser, formatter).
PARSED_FIELDS: dict[str, tuple[str, Callable[[str], object], Callable[..., str]]] = {
    "population": ("population", parse_population, format_population),
    "date": ("date", parse_date, format_date),
    "funding_end": ("funding_end", parse_date, format_date),
}


class FormScroll(VerticalScroll, can_focus=False):
    """The form's scrolling body. Not focusable itself: focus goes to the fields (and scrolls them into view)."""


class SessionFormScreen(SectionScreen):
    MODE = "stammdaten"
    AUTO_FOCUS = ""  # the title gets the focus once mounted (focused during compose, the terminal cursor stays off)
    HELP_TITLE = "Stammdaten"
    CSS_PATH = "session_form.tcss"

    BINDINGS = [
        Binding("ctrl+n", "add_participant", "Person hinzufügen", tooltip="Teilnehmende Person hinzufügen"),
        Binding("ctrl+s", "save_now", "Speichern", show=False,
                tooltip="Sofort speichern (nicht nötig: alles wird automatisch gespeichert)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._pending: dict[str, Change] = {}
        self._shown: dict[str, str] = {}  # per field: the session's value as last shown
        self._timer: Timer | None = None
        self._session_id: str | None = None
        self._fields: dict[str, Widget] = {}  # by id, as composed (no DOM query per field on every redraw)
        self._errors: dict[str, Static] = {}  # per field: its message line, once shown
        self._notes: TextArea | None = None  # mounted after the first frame

    # -- layout ----------------------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        # The fields are built with the open session's values: filling them after mounting would restyle every
        # field once more (the first paint of ``ksm-tui --session ID`` is this screen).
        session = self.session
        text = {field_id: getattr(session, attr) if session else "" for field_id, attr in TEXT_FIELDS.items()}
        text |= {field_id: fmt(getattr(session, attr)) if session else ""
                 for field_id, (attr, _parse, fmt) in PARSED_FIELDS.items()}
        self._shown.update(text)
        yield Static("", id="form-note")
        with FormScroll(id="form"):
            yield Static("Kommune und Workshop", classes="section-title")
            yield self._column(
                ("Titel", Input(text["title"], id="title", compact=True)),
                ("Kommune", Input(text["kommune"], id="kommune", compact=True)),
                ("Typ", ChoiceField([(label, key) for key, label in KOMMUNE_TYPES.items()],
                                    value=session.kommune_type if session else None,
                                    id="kommune_type", allow_blank=False)),
                ("Einwohnerzahl", Input(text["population"], id="population", placeholder="z. B. 48.000",
                                        compact=True)),
                ("Datum", Input(text["date"], id="date", placeholder="TT.MM.JJJJ", compact=True)),
                ("Ort", Input(text["place"], id="place", compact=True)),
                ("Moderation", Input(text["facilitator"], id="facilitator", compact=True)),
                ("Teilnehmende", ParticipantsEditor(session.participants if session else [], id="participants")),
            )
            yield Static("Förderung und Organisation", classes="section-title")
            yield self._column(
                ("Förderphase", ChoiceField([(label, key) for key, label in FUNDING_PHASES.items()],
                                            value=session.funding_phase if session else None,
                                            id="funding_phase", prompt="nicht angegeben")),
                ("Förderende", Input(text["funding_end"], id="funding_end", placeholder="TT.MM.JJJJ",
                                     compact=True)),
                ("Aktuelles Modell", ChoiceField(self._model_options(), value=self._model_value(session),
                                                 id="current_model", allow_blank=False)),
            )
            yield Static("Notizen", classes="section-title")
            # The notes area itself is mounted after the first frame (see on_mount): it is below the fold at 80×24,
            # and TextArea's import and styling cost ~10 ms of the first paint. The box keeps its place.
            yield Container(id="notes-box")

    def _column(self, *rows: tuple[str, Widget]) -> FieldColumn:
        """A section's fields with their labels (drawn by the column). A field that can be invalid gets its
        message line under it when a message is first shown (_set_error)."""
        for _label, field in rows:
            assert field.id is not None
            self._fields[field.id] = field
        return FieldColumn(*(field for _label, field in rows),
                           labels={field.id: label for label, field in rows if field.id})

    def _model_value(self, session: Session | None) -> str:
        if session is not None and session.current_model and self.guide.has_model(session.current_model):
            return session.current_model
        return OPEN_MODEL

    def _model_options(self) -> list[tuple[str, str]]:
        return [("noch offen", OPEN_MODEL)] + [(m.title, m.id) for m in self.guide.models]

    # -- lifecycle -------------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        # SectionScreen.on_mount runs too (Textual calls on_mount along the class hierarchy): it subscribes and
        # fills the form from the session (nothing to change when the fields were composed with its values).
        self.workspace.add_pending_edits(self._apply_pending)
        self.query_one("#title", Input).focus()
        self.ksm.after_first_frame(self._mount_notes)

    def _mount_notes(self) -> None:
        from textual.widgets import TextArea

        box = self.query_one("#notes-box")
        if not box.is_attached:  # the app is closing already
            return
        session = self.session
        self._notes = TextArea(session.notes if session else "", id="notes", compact=True, soft_wrap=True,
                               show_line_numbers=False)
        box.mount(self._notes)

    def on_unmount(self) -> None:
        self.workspace.remove_pending_edits(self._apply_pending)

    def on_screen_suspend(self) -> None:
        self._apply_pending()

    # -- session -> fields -----------------------------------------------------------------------------------

    def session_changed(self, session: Session | None) -> None:
        note = self.query_one("#form-note", Static)
        form = self.query_one("#form", FormScroll)
        if session is None:
            self._pending.clear()
            self._session_id = None
            note.update("Keine Sitzung geöffnet – F2 Sitzungen öffnet oder legt eine an.")
            note.display = True
            form.display = False
            return
        switched = session.id != self._session_id
        if switched:
            self._pending.clear()
            self._session_id = session.id
        read_only = self.workspace.read_only
        note.update(Content.assemble(("nur lesen", "bold reverse"),
                                     " Die Datenbank ist schreibgeschützt – Änderungen sind nicht möglich."))
        # Assign only on a change: each assignment restyles the whole form (slow on the first paint).
        if note.display != read_only:
            note.display = read_only
        if not form.display:
            form.display = True
        if form.disabled != read_only:
            form.disabled = read_only
        with self.prevent(Input.Changed, ParticipantsEditor.Changed):
            for field_id, attr in TEXT_FIELDS.items():
                self._show(field_id, getattr(session, attr), switched)
            for field_id, (attr, _parse, fmt) in PARSED_FIELDS.items():
                self._show(field_id, fmt(getattr(session, attr)), switched)
            self._choose("kommune_type", session.kommune_type)
            self._choose("funding_phase", session.funding_phase)
            self._choose("current_model", self._model_value(session))
            notes = self._notes  # (none yet on the first call: see _mount_notes)
            if notes is not None and (switched or not notes.has_focus) and notes.text != session.notes:
                with self.prevent(type(notes).Changed):
                    notes.load_text(session.notes)
            editor = self._fields["participants"]
            assert isinstance(editor, ParticipantsEditor)
            if switched or not editor.has_focus_within:
                editor.set_participants(session.participants)

    def _show(self, field_id: str, text: str, force: bool) -> None:
        box = self._fields[field_id]
        assert isinstance(box, Input)
        previous, self._shown[field_id] = self._shown.get(field_id), text
        if not force and (field_id in self._pending or self._error_shown(field_id)
                          or (box.has_focus and box.value != previous)):
            # keep what the user is typing, and an invalid entry with its message until it is corrected (a
            # focused field the user has not changed follows the session)
            return
        if box.value != text:
            box.value = text
        self._set_error(field_id, None)

    def _choose(self, field_id: str, value: object) -> None:
        select = self._fields[field_id]
        assert isinstance(select, ChoiceField)
        if select.value != value:
            select.value = value

    def _set_error(self, field_id: str, message: str | None) -> None:
        """Show ``message`` in the line under the field, or hide it. The line is mounted when first needed."""
        if field_id not in PARSED_FIELDS:
            return
        if field_id not in self._errors:
            if not message:
                return
            field = self._fields[field_id]
            self._errors[field_id] = Static("", id=f"err-{field_id}", classes="field-error")
            assert isinstance(field.parent, Widget)
            field.parent.mount(self._errors[field_id], after=field)
        error = self._errors[field_id]
        error.update(Content.assemble(("✗ ", "bold"), message) if message else "")
        if error.display != bool(message):
            error.display = bool(message)
            assert error.parent is not None
            error.parent.refresh()  # the labels below move (the column's size may stay the same)

    # -- fields -> session -----------------------------------------------------------------------------------

    def _unchanged(self, key: str, value: object, stored: object) -> bool:
        """True for a Changed message that changes nothing: the widgets post one for their initial value when
        they mount. (A value typed back to the stored one while an edit is held back is a change.)"""
        return key not in self._pending and value == stored

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        field_id = event.input.id or ""
        if self._unchanged(field_id, event.value, self._shown.get(field_id)):
            return
        if field_id in TEXT_FIELDS:
            attr, value = TEXT_FIELDS[field_id], clean_line(event.value)
            self._queue(field_id, lambda s: setattr(s, attr, value))
        elif field_id in PARSED_FIELDS:
            attr, parse, _fmt = PARSED_FIELDS[field_id]
            try:
                parsed = parse(event.value)
            except FieldError as exc:
                self._pending.pop(field_id, None)
                self._set_error(field_id, exc.message)
                return
            self._set_error(field_id, None)
            self._queue(field_id, lambda s: setattr(s, attr, parsed))

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        self._apply_pending()
        self.focus_next()

    @on(Input.Blurred)
    def _input_blurred(self, event: Input.Blurred) -> None:
        """Leaving a field: apply it now and show the stored value in its usual form (48000 -> 48.000)."""
        self._apply_pending()
        field_id = event.input.id or ""
        if field_id in PARSED_FIELDS and self.session is not None and not self._error_shown(field_id):
            attr, _parse, fmt = PARSED_FIELDS[field_id]
            with self.prevent(Input.Changed):
                event.input.value = fmt(getattr(self.session, attr))

    def _error_shown(self, field_id: str) -> bool:
        return field_id in self._errors and self._errors[field_id].display

    @on(ChoiceField.Changed)
    def _select_changed(self, event: ChoiceField.Changed) -> None:
        # (posted only for a choice made by the user, not when the form is filled from the session)
        field_id = event.choice.id or ""
        value = event.value
        if field_id == "current_model" and value == OPEN_MODEL:
            value = None
        attr = {"kommune_type": "kommune_type", "funding_phase": "funding_phase", "current_model": "current_model"}
        if field_id not in attr or (field_id == "kommune_type" and value is None):
            return
        if self.session is not None and getattr(self.session, attr[field_id]) == value:
            return
        self._queue(field_id, lambda s: setattr(s, attr[field_id], value))
        self._apply_pending()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id != "notes":
            return
        text = clean_text(event.text_area.text)
        if self.session is not None and self._unchanged("notes", text, self.session.notes):
            return
        self._queue("notes", lambda s: setattr(s, "notes", text))

    @on(ParticipantsEditor.Changed)
    def _participants_changed(self, event: ParticipantsEditor.Changed) -> None:
        participants = event.participants
        if self.session is not None and self._unchanged("participants", participants, self.session.participants):
            return
        self._queue("participants", lambda s: setattr(s, "participants", participants))

    # -- saving ----------------------------------------------------------------------------------------------

    def _queue(self, key: str, change: Change) -> None:
        if self.session is None:
            return
        self._pending[key] = change
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self._apply_pending)

    def _apply_pending(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self._pending or self.session is None:
            self._pending.clear()
            return
        changes = list(self._pending.values())
        self._pending.clear()

        def apply(session: Session) -> None:
            for change in changes:
                change(session)

        self.workspace.edit(apply)

    # -- actions ---------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add_participant" and (self.session is None or self.workspace.read_only):
            return None
        return True

    async def action_add_participant(self) -> None:
        await self.query_one(ParticipantsEditor).action_add()

    def action_save_now(self) -> None:
        self._apply_pending()
        self.workspace.flush()
