"""F4 Modelle: the guide's Verstetigungsmodelle — browse, assess in the open session, compare, find.

Wide terminals (>= 100 columns) show list and detail side by side; narrow ones show the list, and Enter replaces
it with the detail (Esc goes back). The screen coordinates: the core decides what matches and what the session
says about a model (:mod:`ksm_tui.core.catalogue`), the widgets render, edits go through ``workspace.edit``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static

from ksm_tui.core.catalogue import ModelMarks, catalogue_entries, model_marks
from ksm_tui.core.content import Model
from ksm_tui.core.session import ASSESSMENTS, Assessment
from ksm_tui.screens.base import SectionScreen
from ksm_tui.widgets.model_detail import DetailContext, ModelDetail
from ksm_tui.widgets.model_list import ModelList

if TYPE_CHECKING:
    from ksm_tui.core.session import Session

_ASSESS = Binding.Group("Bewerten", compact=True)


def _assess_bindings() -> list[Binding]:
    keys = (("f", "1", "favorisiert"), ("m", "2", "moeglich"), ("v", "3", "verworfen"), ("o", "4", "offen"))
    out: list[Binding] = []
    for key, digit, status in keys:
        tip = f"Modell in dieser Sitzung als „{ASSESSMENTS[status]}“ bewerten"
        out.append(Binding(key, f"assess('{status}')", ASSESSMENTS[status], group=_ASSESS, tooltip=tip))
        out.append(Binding(digit, f"assess('{status}')", ASSESSMENTS[status], show=False, tooltip=tip))
    return out


class CatalogueScreen(SectionScreen):
    MODE = "modelle"
    HELP_TITLE = "Modelle (Verstetigungsmodelle, Tabelle 3.1)"
    CSS_PATH = "catalogue.tcss"
    # No annotation: Screen declares the attribute (its `ClassVar[...] | None` reads to mypy as an instance variable).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        *_assess_bindings(),
        Binding("n", "note", "Notiz", tooltip="Notiz zum Modell schreiben (Strg+S übernimmt)"),
        Binding("e", "note", "Notiz", show=False, tooltip="Notiz zum Modell schreiben (Strg+S übernimmt)"),
        Binding("c", "compare", "Vergleich",
                tooltip="Modell zum Vergleich vormerken; c bei einem zweiten Modell zeigt beide nebeneinander"),
        Binding("slash", "filter", "Suchen", tooltip="Liste filtern (Nummer, Name, Beschreibung, Vor-/Nachteile)"),
        Binding("k", "toggle_county", "Landkreis", show=False, tooltip="Modelle für Landkreise ein-/ausblenden"),
        Binding("enter", "open_detail", "Details", show=False, tooltip="Details des Modells anzeigen"),
        Binding("escape", "back", "Zurück", show=False, tooltip="Zurück zur Liste / Suche leeren / Vergleich aufheben"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._query = ""
        self._hide_county = False
        self._compare: str | None = None
        self._current: str | None = None
        self._pending: str | None = None
        self._ready = False

    # -- layout ----------------------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="catalogue"):
            with Vertical(id="list-panel"):
                yield Input(placeholder="Suchen … (Enter: zur Liste, Esc: leeren)", id="filter")
                yield Static(id="list-heading")
                yield ModelList(id="model-list")
            with Vertical(id="detail-panel"):
                yield Static(Content.styled("Esc: zurück zur Liste · ↑ ↓ blättern", "italic"), id="detail-nav")
                yield ModelDetail(id="model-detail")

    def on_mount(self) -> None:
        # (SectionScreen.on_mount runs as well: Textual calls on_mount along the class hierarchy.)
        self._ready = True
        self.query_one(ModelList).focus()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.show_model(pending)

    @property
    def narrow(self) -> bool:
        return not self.has_class("-wide")

    @property
    def detail_open(self) -> bool:
        return self.has_class("-detail-open")

    def _open_detail(self) -> None:
        if self._current is None:
            return
        self.add_class("-detail-open")
        self.query_one(ModelDetail).focus()

    def _close_detail(self) -> None:
        self.remove_class("-detail-open")
        self.query_one(ModelList).focus()

    # -- data ------------------------------------------------------------------------------------------------

    def _ctx(self) -> DetailContext:
        return DetailContext(session_open=self.session is not None, read_only=self.workspace.read_only)

    def _marks(self, model: Model) -> ModelMarks:
        return replace(model_marks(self.session, model), compare=self._compare == model.id)

    def session_changed(self, session: Session | None) -> None:
        if self._compare is not None and session is None:
            self._compare = None
        self._refresh_list()

    def _refresh_list(self, keep: str | None = None) -> None:
        models, groups = catalogue_entries(
            self.guide, self.session, query=self._query, hide_county=self._hide_county
        )
        models = [(m, replace(marks, compare=self._compare == m.id)) for m, marks in models]
        model_list = self.query_one(ModelList)
        # Keep the model the user is on (the list's live highlight: its Highlighted message may still be queued).
        keep = keep or model_list.highlighted_model or self._current
        model_list.show_entries(models, groups, session_open=self.session is not None, keep=keep)
        self._update_heading(len(models))
        self._current = model_list.highlighted_model
        self._update_detail()

    def _update_heading(self, count: int) -> None:
        parts: list[Content | str] = [Content.styled("Modelle", "bold"), " (Tabelle 3.1)"]
        if self._query:
            parts.extend(["\n", Content.assemble("Suche „", Content(self._query), f"“: {count} Treffer")])
        if self._hide_county:
            parts.extend(["\n", Content.styled("Landkreis-Modelle ausgeblendet (k zeigt sie)", "italic")])
        elif self.session is not None and not self.session.is_county:
            parts.extend(["\n", Content.styled("Landkreis-Modelle gedimmt · k: ausblenden", "italic")])
        if self._compare is not None:
            number = self.guide.model(self._compare).number
            parts.extend(["\n", Content.styled(f"⇄ {number} vorgemerkt: zweites Modell wählen, c drücken", "bold")])
        self.query_one("#list-heading", Static).update(Content.assemble(*parts))

    def _update_detail(self) -> None:
        detail = self.query_one(ModelDetail)
        if self._current is None:
            if self.detail_open:
                self._close_detail()
            return
        model = self.guide.model(self._current)
        if detail.model is not None and detail.model.id == model.id:
            detail.show_marks(self._marks(model), self._ctx())
        else:
            detail.show_model(model, self._marks(model), self._ctx())

    @on(OptionList.OptionHighlighted, "#model-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        model_id = event.option.id
        if model_id is None or model_id == self._current or not self.guide.has_model(model_id):
            return
        self._current = model_id
        self._update_detail()

    @on(OptionList.OptionSelected, "#model-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_detail()

    # -- public ----------------------------------------------------------------------------------------------

    def show_model(self, model_id: str) -> bool:
        """Select a model and show its detail (used by the flowchart outcome and the command palette)."""
        if not self.guide.has_model(model_id):
            self.notify(f"Unbekanntes Modell: {model_id}", severity="error", markup=False)
            return False
        if not self._ready:
            self._pending = model_id
            return True
        model = self.guide.model(model_id)
        if model.county_only and self._hide_county:
            self._hide_county = False
        if self._query:
            self._set_query("")
        self._refresh_list(keep=model_id)
        self.query_one(ModelList).select_model(model_id)
        self._current = model_id
        self._update_detail()
        if self.narrow:
            self._open_detail()
        else:
            self.query_one(ModelList).focus()
        return True

    # -- actions ---------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("assess", "note"):
            return True if self.session is not None else None
        return True

    def action_open_detail(self) -> None:
        if self._current is None:
            return
        if self.narrow:
            self._open_detail()
        else:
            self.query_one(ModelDetail).focus()

    def action_back(self) -> None:
        filter_input = self.query_one("#filter", Input)
        if filter_input.has_focus or (self._query and not self.detail_open):
            self._set_query("")
            self._refresh_list()
            self.query_one(ModelList).focus()
        elif self.detail_open:
            self._close_detail()
        elif self.query_one(ModelDetail).has_focus:
            self.query_one(ModelList).focus()
        elif self._compare is not None:
            self._compare = None
            self._refresh_list()

    def _assessable(self) -> Model | None:
        if self.session is None:
            self.notify("Zum Bewerten zuerst eine Sitzung öffnen (F2 Sitzungen).", severity="warning", markup=False)
            return None
        if self._current is None:
            return None
        return self.guide.model(self._current)

    def action_assess(self, status: str) -> None:
        model = self._assessable()
        if model is None or status not in ASSESSMENTS:
            return

        def change(s: Session) -> None:
            s.assessments[model.id] = Assessment(status=status, note=s.assessment(model.id).note)

        self.workspace.edit(change)

    def action_note(self) -> None:
        model = self._assessable()
        if model is None or self.session is None:
            return
        from ksm_tui.widgets.note_dialog import NoteDialog

        def done(text: str | None) -> None:
            if text is None:
                return

            def change(s: Session) -> None:
                s.assessments[model.id] = Assessment(status=s.assessment(model.id).status, note=text)

            if self.workspace.edit(change):
                self.notify("Notiz gespeichert." if text else "Notiz gelöscht.", markup=False)

        self.app.push_screen(NoteDialog(f"Notiz zu {model.title}", self.session.assessment(model.id).note), done)

    def action_compare(self) -> None:
        if self._current is None:
            return
        if self._compare is None or self._compare == self._current:
            # first c: mark (the list heading says what to do next); c on the same model again: unmark
            self._compare = self._current if self._compare is None else None
            self._refresh_list()
            return
        from ksm_tui.screens.model_compare import CompareScreen

        first = self.guide.model(self._compare)
        second = self.guide.model(self._current)
        self._compare = None
        self._refresh_list()
        self.app.push_screen(CompareScreen((first, self._marks(first)), (second, self._marks(second)), self._ctx()))

    def action_filter(self) -> None:
        if self.detail_open:
            self.remove_class("-detail-open")
        self.add_class("-filtering")
        self.query_one("#filter", Input).focus()

    def _set_query(self, query: str) -> None:
        self._query = query
        filter_input = self.query_one("#filter", Input)
        if filter_input.value != query:
            with filter_input.prevent(Input.Changed):
                filter_input.value = query
        self.set_class(bool(query) or filter_input.has_focus, "-filtering")

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._query = event.value
        self._refresh_list()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(ModelList).focus()

    @on(Input.Blurred, "#filter")
    def _filter_blurred(self, event: Input.Blurred) -> None:
        self.set_class(bool(self._query), "-filtering")

    def action_toggle_county(self) -> None:
        self._hide_county = not self._hide_county
        self._refresh_list()
        self.notify(
            "Landkreis-Modelle ausgeblendet." if self._hide_county else "Landkreis-Modelle werden angezeigt.",
            markup=False,
        )
