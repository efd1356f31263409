"""Command-palette providers: "Modell V 8 öffnen" for every model of the guide."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

if TYPE_CHECKING:
    from ksm_tui.app import KsmApp


async def open_model(app: KsmApp, model_id: str) -> None:
    """Show the catalogue (F4) with this model selected."""
    from ksm_tui.screens.catalogue import CatalogueScreen

    if app.section("modelle") is None:
        return
    if app.current_mode != "modelle":
        await app.switch_mode("modelle")
    screen = app.screen
    if isinstance(screen, CatalogueScreen):
        screen.show_model(model_id)


class ModelCommands(Provider):
    """One hit per model: "Modell V 7 öffnen – KSM im Fachamt"."""

    @property
    def ksm(self) -> KsmApp:
        # Provider types its app as App[object]; only KsmApp.COMMANDS lists this provider.
        return cast("KsmApp", self.app)

    def _commands(self) -> list[tuple[str, str, str]]:
        app = self.app
        guide = getattr(app, "guide", None)
        if guide is None or getattr(app, "section", lambda _m: None)("modelle") is None:
            return []
        return [(f"Modell {m.number} öffnen – {m.name}", m.id, m.description) for m in guide.models]

    async def discover(self) -> Hits:
        for text, model_id, help_text in self._commands():
            yield DiscoveryHit(Content(text), partial(open_model, self.ksm, model_id), text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, model_id, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(open_model, self.ksm, model_id), text=text,
                          help=help_text)
