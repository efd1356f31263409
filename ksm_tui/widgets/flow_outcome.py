"""The outcome of a walk: the models ranked with their reasons, the recommendations, whether it is recorded.

The ranking and the recommendations come from the core (:func:`ksm_tui.core.flowchart.evaluate`); these
widgets only lay them out. Meaning never rests on colour alone: every model line names its category in words
and every reason carries a sign (``+`` spricht dafür, ``−`` spricht dagegen, ``○`` möglich).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from ksm_tui.core.flowchart import CATEGORIES, Outcome, RankedModel
from ksm_tui.widgets.flow_question import source_line

CATEGORY_SYMBOL = {"favoured": "▲", "possible": "●", "against": "▼"}
REASON_SIGN = {"favours": "+", "possible": "○", "against": "−"}


class ModelCard(Vertical):
    """One ranked model (a heading line) with the reasons collected along the path (indented below it)."""

    DEFAULT_CSS = """
    ModelCard { height: auto; padding: 0 1; margin-bottom: 1; }
    ModelCard.-highlight { background: $boost; }
    ModelRanking:focus ModelCard.-highlight { background: $accent 30%; }
    ModelCard > .card-reason { padding-left: 4; }
    """

    def __init__(self, ranked: RankedModel, title: str, step_titles: Mapping[str, str]) -> None:
        super().__init__()
        self.ranked = ranked
        self.model_title = title
        self.step_titles = step_titles

    def compose(self) -> ComposeResult:
        yield Static(self._head(), classes="card-head")
        for reason in self.ranked.reasons:
            where = self.step_titles.get(reason.node, "")
            yield Static(
                Content.assemble(
                    (f"{REASON_SIGN.get(reason.kind, '·')} ", "bold"),
                    Content.styled(f"{where}: ", "italic") if where else "",
                    Content(reason.text),
                ),
                classes="card-reason",
            )

    def _head(self) -> Content:
        r = self.ranked
        selected = self.has_class("-highlight")
        return Content.assemble(
            ("▶ " if selected else "  ", "bold"),
            (f"{CATEGORY_SYMBOL[r.category]} {CATEGORIES[r.category]}: ", "bold"),
            Content.styled(self.model_title, "bold underline" if selected else "bold"),
            Content.styled(f"  (Bilanz {r.score:+d})" if r.score else "  (Bilanz ±0)", "dim"),
        )

    def refresh_card(self) -> None:
        if self.is_mounted:
            self.query_one(".card-head", Static).update(self._head())


class ModelRanking(Widget, can_focus=True):
    """The ranked models as cards; ↑↓ moves, Enter (or ``o`` on the screen) opens the model in the catalogue."""

    DEFAULT_CSS = """
    ModelRanking { height: auto; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "vorheriges Modell", show=False),
        Binding("down", "move(1)", "nächstes Modell", show=False),
        Binding("home", "first", "erstes Modell", show=False),
        Binding("end", "last", "letztes Modell", show=False),
        Binding("enter", "choose", "Im Katalog öffnen", show=False),
    ]

    @dataclass
    class Chosen(Message):
        ranking: ModelRanking
        model: str

        @property
        def control(self) -> ModelRanking:
            return self.ranking

    highlighted: reactive[int] = reactive(0, init=False)

    def compose(self) -> ComposeResult:
        yield from ()

    async def show(self, ranking: tuple[RankedModel, ...], titles: Mapping[str, str], steps: Mapping[str, str]) -> None:
        await self.remove_children()
        cards = [ModelCard(r, titles.get(r.model, r.model), steps) for r in ranking]
        if not cards:
            await self.mount(Static(Content("Auf diesem Weg wurde kein Modell bewertet."), classes="empty"))
        else:
            await self.mount_all(cards)
        self.set_reactive(ModelRanking.highlighted, 0)
        self._mark()

    @property
    def cards(self) -> list[ModelCard]:
        return list(self.query_children(ModelCard))

    @property
    def current_model(self) -> str | None:
        cards = self.cards
        return cards[self.highlighted].ranked.model if 0 <= self.highlighted < len(cards) else None

    def watch_highlighted(self) -> None:
        self._mark()

    def _mark(self) -> None:
        for i, card in enumerate(self.cards):
            on_it = i == self.highlighted
            if card.has_class("-highlight") != on_it:
                card.set_class(on_it, "-highlight")
                card.refresh_card()
            if on_it and self.has_focus:
                card.scroll_visible(animate=False)

    def on_focus(self) -> None:
        self._mark()

    def _scroller(self) -> VerticalScroll | None:
        return next((a for a in self.ancestors if isinstance(a, VerticalScroll)), None)

    def action_move(self, delta: int) -> None:
        n = len(self.cards)
        target = self.highlighted + delta
        if n and 0 <= target < n:
            self.highlighted = target
            return
        scroller = self._scroller()  # past the first/last model: scroll the page (recommendations below)
        if scroller is not None:
            scroller.scroll_relative(y=3 * delta, animate=False)

    def action_first(self) -> None:
        self.highlighted = 0
        if (scroller := self._scroller()) is not None:
            scroller.scroll_home(animate=False)

    def action_last(self) -> None:
        self.highlighted = max(len(self.cards) - 1, 0)
        if (scroller := self._scroller()) is not None:
            scroller.scroll_end(animate=False)

    def action_choose(self) -> None:
        model = self.current_model
        if model is not None:
            self.post_message(self.Chosen(self, model))


class OutcomeView(Vertical):
    """The outcome page: summary, ranked models, recommendations, sources; below it whether it is recorded."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="outcome-body", can_focus=False):
            yield Static(id="outcome-head")
            yield Static(Content.styled("Modelle nach den Antworten dieses Wegs", "bold underline"),
                         classes="outcome-heading")
            yield ModelRanking(id="ranking")
            yield Static(id="outcome-text")
            yield Static(id="recommendations")
            yield Static(id="outcome-sources")
        yield Static(id="record-status")

    async def show(self, outcome: Outcome, number: int, titles: Mapping[str, str], note: str, source: str) -> None:
        node = outcome.node
        self.query_one("#outcome-head", Static).update(
            Content.assemble((f"Ergebnis (Schritt {number}): ", "bold"), Content.styled(node.title, "bold"))
        )
        parts: list[Content | str | tuple[str, str]] = [("Einordnung", "bold underline"), "\n", Content(node.text)]
        if node.explanation:
            parts.extend(["\n", Content.styled(node.explanation, "italic")])
        if node.source:
            parts.extend(["\n", source_line(node.source)])
        self.query_one("#outcome-text", Static).update(Content.assemble(*parts))
        steps = {s.node.id: s.node.title for s in outcome.path}
        await self.query_one(ModelRanking).show(outcome.ranking, titles, steps)

        recs: list[Content | str | tuple[str, str]] = [("Empfehlungen, die hier gelten", "bold underline")]
        for r in outcome.recommendations:
            recs.extend(["\n", "• ", Content(r.text), " ", source_line(r.source)])
        if not outcome.recommendations:
            recs.extend(["\n", "(keine)"])
        self.query_one("#recommendations", Static).update(Content.assemble(*recs))
        src: list[Content | str | tuple[str, str]] = [("Quellen dieses Wegs: ", "bold"),
                                                      Content(" · ".join(outcome.sources) or "–")]
        src.extend(["\n", ("Hinweis: ", "bold"), Content(note), " ", source_line(source)])
        self.query_one("#outcome-sources", Static).update(Content.assemble(*src))
        self.query_one("#outcome-body", VerticalScroll).scroll_home(animate=False)

    def show_record_status(self, text: Content) -> None:
        self.query_one("#record-status", Static).update(text)
