"""F6 Flussdiagramm: the facilitator walks the group through the conditions of chapter 5, one step at a time.

The screen coordinates: the walk lives in ``session.flowchart`` (a FlowState); every move is computed by the
core engine (:mod:`ksm_tui.core.flowchart`) and stored at once through ``workspace.edit``. The widgets in
``ksm_tui/widgets/flow_*.py`` render the question, the outcome and the overview tree. The graph is whatever the
content defines; the screen never assumes the shipped three questions.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import ContentSwitcher, OptionList, Static, TextArea

from ksm_tui.core import flowchart as fc
from ksm_tui.core.flowchart import FlowError, Navigator, Outcome
from ksm_tui.core.session import FlowState, RecordedOutcome, Session
from ksm_tui.core.text import clean_text
from ksm_tui.screens.base import SectionScreen
from ksm_tui.widgets.dialogs import ConfirmDialog
from ksm_tui.widgets.flow_outcome import ModelRanking, OutcomeView
from ksm_tui.widgets.flow_parts import Breadcrumb, NoteArea
from ksm_tui.widgets.flow_question import AnswerList, QuestionView
from ksm_tui.widgets.flow_tree import FlowTree

NOTE_DELAY = 0.4  # seconds of quiet before a note being typed is saved

OVERVIEW_HELP = (
    "● beantwortet  ▶ jetzt  ○ später (vor)  · nicht auf dem Weg. "
    "Enter: zu einem Schritt des Wegs springen · Leertaste: auf/zu"
)


class FlowchartScreen(SectionScreen):
    MODE = "fluss"
    HELP_TITLE = "Flussdiagramm (Rahmenbedingungen, Kapitel 5)"
    CSS_PATH = "flowchart.tcss"

    BINDINGS = [
        Binding("1", "pick(0)", "Antwort", key_display="1–9", tooltip="Antwort 1–9 wählen (auch ↑↓ und Enter)"),
        *[Binding(str(n), f"pick({n - 1})", "", show=False) for n in range(2, 10)],
        Binding("left_square_bracket", "back", "Zurück", key_display="[",
                tooltip="Einen Schritt zurück (die Antwort bleibt gespeichert)"),
        Binding("alt+left", "back", "Zurück", show=False,
                tooltip="Einen Schritt zurück (die Antwort bleibt gespeichert)"),
        Binding("backspace", "back", "Zurück", show=False,
                tooltip="Einen Schritt zurück (die Antwort bleibt gespeichert)"),
        Binding("right_square_bracket", "forward", "Vor", key_display="]",
                tooltip="Wieder vor zum nächsten schon beantworteten Schritt"),
        Binding("alt+right", "forward", "Vor", show=False,
                tooltip="Wieder vor zum nächsten schon beantworteten Schritt"),
        Binding("o", "open_model", "Katalog", tooltip="Markiertes Modell im Modellkatalog öffnen (auch Enter)"),
        Binding("r", "record", "Festhalten",
                tooltip="Ergebnis in der Sitzung festhalten – der Modellkatalog markiert dann die Modelle"),
        Binding("e", "edit_note", "Notiz", tooltip="Notiz der Gruppe zu diesem Schritt schreiben (Esc: zurück)"),
        Binding("u", "overview", "Übersicht",
                tooltip="Übersicht: der ganze Entscheidungsbaum mit dem Weg; Enter springt zu einem Schritt"),
        Binding("escape", "close_overview", "Schließen", tooltip="Übersicht schließen"),
        Binding("n", "restart", "Neu", show=False,
                tooltip="Von vorn beginnen (mit Rückfrage; Antworten und Notizen entfallen)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: FlowState = FlowState()
        self.outcome: Outcome | None = None
        self.overview = False
        self._shown: tuple[object, ...] | None = None
        self._note_step: tuple[int, str] | None = None
        self._pending_note: tuple[tuple[int, str], str] | None = None
        self._note_timer: Timer | None = None

    # -- layout ------------------------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield Breadcrumb(id="breadcrumb")
        yield Static(id="flow-banner")
        with ContentSwitcher(initial="view-question", id="views"):
            yield QuestionView(id="view-question")
            yield OutcomeView(id="view-outcome")
            with Vertical(id="view-overview"):
                yield Static(Content(OVERVIEW_HELP), id="overview-help")
                yield FlowTree(id="flow-tree")
        note = NoteArea(id="note", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        note.border_title = "Notiz der Gruppe zu diesem Schritt"
        yield note

    @property
    def navigator(self) -> Navigator:
        return Navigator(self.guide.flowchart, tuple(m.id for m in self.guide.models))

    def on_mount(self) -> None:
        flow = self.guide.flowchart
        self.query_one("#flow-banner", Static).update(Content.assemble(("Hinweis: ", "bold"), Content(flow.note)))
        self.query_one(NoteArea).read_only = self.workspace.read_only
        self.workspace.add_pending_edits(self._flush_note)
        # SectionScreen.on_mount runs after this (Textual calls on_mount along the MRO) and draws the session.

    def on_screen_suspend(self) -> None:
        self._flush_note()

    def on_unmount(self) -> None:
        self._flush_note()
        self.workspace.remove_pending_edits(self._flush_note)

    # -- state ------------------------------------------------------------------------------------------------

    def _state_of(self, session: Session) -> FlowState:
        """The session's walk, fitted to the current content (an empty walk starts at the first question)."""
        flow = self.guide.flowchart
        st = session.flowchart
        if not st.steps:
            return fc.start(flow)
        try:
            fc.check(flow, st)
            return st
        except FlowError:
            return fc.repair(flow, st)

    def session_changed(self, session: Session | None) -> None:
        if session is None:
            self.query_one(Breadcrumb).update(Content("Keine Sitzung geöffnet – F2 Sitzungen."))
            self._shown = None
            return
        state = self._state_of(session)
        if session.flowchart.steps and state != session.flowchart and not self.workspace.read_only:
            self.notify("Der gespeicherte Weg passte nicht mehr zum Entscheidungsbaum und wurde gekürzt.",
                        severity="warning", markup=False)
            self.workspace.edit(lambda s: setattr(s, "flowchart", state))
            return  # edit() publishes the change, which calls us again
        self.state = state
        nav = self.navigator
        key = (state.cursor, tuple((s.node, s.answer) for s in state.steps), session.id)
        if key != self._shown:
            self._shown = key
            self.outcome = nav.evaluate(state)
            self._render_step(state)
        if self.outcome is not None:
            self._show_record_status(session.outcome)
        self._load_note(state)
        self.refresh_bindings()

    def _render_step(self, state: FlowState) -> None:
        flow = self.guide.flowchart
        whole = fc.path(flow, fc.jump(state, len(state.steps) - 1))
        self.query_one(Breadcrumb).show_path(whole, state.cursor)
        step = whole[state.cursor]
        if self.outcome is None:
            self.query_one(QuestionView).show(
                step.node, state.cursor + 1, step.answer.id if step.answer else None, flow.note, flow.source
            )
        else:
            self.call_next(self._render_outcome, self.outcome, state.cursor + 1)
        if self.overview:
            self.query_one(FlowTree).show(flow, whole, state.cursor)
        self._show_view()

    async def _render_outcome(self, outcome: Outcome, number: int) -> None:
        flow = self.guide.flowchart
        titles = {m.id: m.title for m in self.guide.models}
        await self.query_one(OutcomeView).show(outcome, number, titles, flow.note, flow.source)
        session = self.session
        self._show_record_status(session.outcome if session else None)
        if self.focused is None or not self.focused.is_attached:
            self.action_focus_main()

    def _show_view(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        if self.overview:
            switcher.current = "view-overview"
        else:
            switcher.current = "view-question" if self.outcome is None else "view-outcome"
        self.query_one(NoteArea).display = not self.overview
        self.action_focus_main()

    def _show_record_status(self, recorded: RecordedOutcome | None) -> None:
        if self.outcome is None:
            return
        if recorded is None:
            text = Content.assemble(("○ Noch nicht festgehalten", "bold"),
                                    " – r hält dieses Ergebnis in der Sitzung fest.")
        elif fc.record(self.outcome, recorded.recorded_at) == recorded:
            text = Content.assemble(("✓ Festgehalten", "bold"), f" am {_when(recorded.recorded_at)}",
                                    " – der Modellkatalog markiert diese Modelle.")
        else:
            other = self.guide.flowchart.nodes.get(recorded.outcome)
            title = other.title if other is not None else recorded.outcome
            text = Content.assemble(("! Festgehalten ist ein anderes Ergebnis", "bold"), ": ", Content(title),
                                    f" ({_when(recorded.recorded_at)}) – r ersetzt es durch dieses.")
        self.query_one(OutcomeView).show_record_status(text)

    # -- the note ---------------------------------------------------------------------------------------------

    def _current_key(self, state: FlowState) -> tuple[int, str]:
        return state.cursor, state.steps[state.cursor].node

    def _load_note(self, state: FlowState) -> None:
        note = self.query_one(NoteArea)
        key = self._current_key(state)
        stored = state.steps[state.cursor].note
        if key != self._note_step:
            self._flush_note()
            self._note_step = key
            note.load_text(stored)
            note.border_subtitle = ""
        elif self._pending_note is None and not note.has_focus and clean_text(note.text) != stored:
            note.load_text(stored)  # changed elsewhere (reload)

    @on(TextArea.Changed, "#note")
    def _note_changed(self, event: TextArea.Changed) -> None:
        if self._note_step is None or self.session is None:
            return
        stored = self.state.steps[self.state.cursor].note if self.state.steps else ""
        text = event.text_area.text
        if clean_text(text) == stored and self._pending_note is None:
            return  # loaded, not typed
        self._pending_note = (self._note_step, text)
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_DELAY, self._flush_note)
        event.text_area.border_subtitle = "… wird gespeichert"

    def _flush_note(self) -> None:
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        pending, self._pending_note = self._pending_note, None
        if pending is None or self.session is None:
            return
        key, text = pending

        def change(s: Session) -> None:
            st = self._state_of(s)
            index, node = key
            if index < len(st.steps) and st.steps[index].node == node:  # the step typed for, even if moved away
                s.flowchart = fc.jump(fc.set_note(fc.jump(st, index), text), st.cursor)

        if self.workspace.edit(change) and self.is_attached:
            self.query_one(NoteArea).border_subtitle = "✓ gespeichert"

    # -- moves ------------------------------------------------------------------------------------------------

    def _move(self, make: Callable[[FlowState], FlowState]) -> None:
        """Compute the next state with the core and store it (a pending note is saved first)."""
        self._flush_note()
        if self.session is None:
            return
        try:
            new = make(self._state_of(self.session))
        except FlowError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        self.workspace.edit(lambda s: setattr(s, "flowchart", new))

    def _answer(self, answer_id: str) -> None:
        self._move(lambda st: self.navigator.answer(st, answer_id))

    @on(OptionList.OptionSelected, "#answers")
    def _answer_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._answer(event.option.id)

    def action_pick(self, index: int) -> None:
        node = self.navigator.current(self.state)
        if 0 <= index < len(node.answers):
            self._answer(node.answers[index].id)

    def action_back(self) -> None:
        self._move(fc.back)

    def action_forward(self) -> None:
        self._move(fc.forward)

    def action_restart(self) -> None:
        def decided(choice: str | None) -> None:
            if choice == "ja":
                self._move(lambda _st: self.navigator.restart())

        self.app.push_screen(
            ConfirmDialog(
                "Flussdiagramm neu beginnen?",
                "Alle Antworten und Notizen dieses Durchgangs werden verworfen. Ein festgehaltenes Ergebnis bleibt "
                "in der Sitzung, bis Sie ein neues festhalten.",
                yes="Neu beginnen",
                danger=True,
            ),
            decided,
        )

    @on(FlowTree.Jump)
    def _jump(self, event: FlowTree.Jump) -> None:
        event.stop()
        self.overview = False
        self._move(lambda st: fc.jump(st, event.step))
        self._show_view()

    # -- outcome ----------------------------------------------------------------------------------------------

    def action_record(self) -> None:
        if self.outcome is None:
            return
        record = fc.record(self.outcome)
        if self.workspace.edit(lambda s: setattr(s, "outcome", record)):
            self.notify(f"Ergebnis „{self.outcome.node.title}“ in der Sitzung festgehalten.", markup=False)

    async def action_open_model(self) -> None:
        model = self.query_one(ModelRanking).current_model
        if self.outcome is not None and model is not None:
            await self._open_in_catalogue(model)

    @on(ModelRanking.Chosen)
    async def _model_chosen(self, event: ModelRanking.Chosen) -> None:
        event.stop()
        await self._open_in_catalogue(event.model)

    async def _open_in_catalogue(self, model_id: str) -> None:
        app = self.ksm
        if app.section("modelle") is None:
            self.notify("Der Modellkatalog ist in dieser Version nicht verfügbar.", severity="warning", markup=False)
            return
        self._flush_note()
        await app.switch_mode("modelle")
        show = getattr(app.screen, "show_model", None)
        if callable(show):
            result = show(model_id)
            if inspect.isawaitable(result):
                await result

    # -- overview and focus -----------------------------------------------------------------------------------

    def action_overview(self) -> None:
        self._flush_note()
        self.overview = not self.overview
        if self.overview:
            flow = self.guide.flowchart
            whole = fc.path(flow, fc.jump(self.state, len(self.state.steps) - 1))
            self.query_one(FlowTree).show(flow, whole, self.state.cursor)
        self._show_view()
        self.refresh_bindings()

    def action_close_overview(self) -> None:
        if self.overview:
            self.action_overview()

    def action_edit_note(self) -> None:
        note = self.query_one(NoteArea)
        if note.display:
            note.focus()

    def action_focus_main(self) -> None:
        if self.overview:
            self.query_one(FlowTree).focus()
        elif self.outcome is None:
            self.query_one(AnswerList).focus()
        else:
            self.query_one(ModelRanking).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_question = not self.overview and self.outcome is None
        in_outcome = not self.overview and self.outcome is not None
        if action == "pick":
            return in_question
        if action == "back":
            return not self.overview and fc.can_back(self.state)
        if action == "forward":
            return not self.overview and fc.can_forward(self.state)
        if action in ("open_model", "record"):
            return in_outcome
        if action in ("restart", "edit_note"):
            return not self.overview
        if action == "close_overview":
            return self.overview
        return True


def _when(iso: str) -> str:
    """``2026-05-12T14:03:00+02:00`` → ``12.05.2026, 14:03`` (the raw text if it does not parse)."""
    try:
        return datetime.fromisoformat(iso).strftime("%d.%m.%Y, %H:%M")
    except ValueError:
        return iso or "unbekannt"
