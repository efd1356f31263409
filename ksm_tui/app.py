"""The Textual app: sections as modes, global keys, the open session, themes, clean shutdown."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen, Screen

from ksm_tui.commands import ModelCommands
from ksm_tui.settings import Settings
from ksm_tui.textual_tricks import QuietApp, install_stylesheet
from ksm_tui.themes import ANSI_THEMES, THEMES, choose_theme

if TYPE_CHECKING:
    from ksm_tui.core.content import Content as GuideContent
    from ksm_tui.core.session import Session
    from ksm_tui.store import SessionStore
    from ksm_tui.workspace import Workspace


@dataclass(frozen=True)
class Section:
    mode: str
    label: str
    key: str
    screen: str  # "module:Class" below ksm_tui.screens, imported when first shown
    needs_session: bool
    tab: str = ""  # shorter label for the tab line (80 columns), default: label

    @property
    def tab_label(self) -> str:
        return self.tab or self.label

    @property
    def available(self) -> bool:
        module = self.screen.partition(":")[0]
        return importlib.util.find_spec(f"ksm_tui.screens.{module}") is not None

    def load(self) -> type[Screen]:
        module, _, cls = self.screen.partition(":")
        return getattr(importlib.import_module(f"ksm_tui.screens.{module}"), cls)

    def css_paths(self) -> list[Path]:
        """The screen's own CSS files (its ``CSS_PATH``, relative to its module)."""
        screen = self.load()
        paths = screen.CSS_PATH if isinstance(screen.CSS_PATH, list) else [screen.CSS_PATH] if screen.CSS_PATH else []
        folder = Path(inspect.getfile(screen)).parent
        return [folder / path for path in paths]


ALL_SECTIONS: tuple[Section, ...] = (
    Section("sitzungen", "Sitzungen", "f2", "sessions:SessionListScreen", False),
    Section("stammdaten", "Stammdaten", "f3", "session_form:SessionFormScreen", True),
    Section("modelle", "Modelle", "f4", "catalogue:CatalogueScreen", False),
    Section("aufgaben", "Aufgaben", "f5", "tasks:TaskTableScreen", True),
    Section("fluss", "Flussdiagramm", "f6", "flowchart:FlowchartScreen", True, tab="Fluss"),
    Section("protokoll", "Protokoll", "f7", "minutes:MinutesScreen", True),
)


class KsmApp(QuietApp, App[None]):
    """ksm-tui. Build it with :func:`make_app`."""

    TITLE = "ksm-tui"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"
    COMMANDS = App.COMMANDS | {ModelCommands}

    BINDINGS = [
        Binding("f1", "help", "Hilfe", id="help"),
        Binding("question_mark", "help", "Hilfe", show=False),
        # Our own palette binding, so the footer says "Befehle" (Footers are built with show_command_palette=False).
        Binding("ctrl+p", "command_palette", "Befehle", priority=True,
                tooltip="Befehlspalette: Abschnitte, Modelle, Export, Farbschema"),
        Binding("ctrl+q", "quit", "Beenden", id="quit", show=False),
        # Priority: the section keys work even where a text area would take F-keys for itself.
        *(Binding(s.key, f"section('{s.mode}')", f"Abschnitt {s.label}", show=False, priority=True)
          for s in ALL_SECTIONS),
        Binding("ctrl+e", "export_minutes", "Protokoll exportieren", show=False, id="export-minutes",
                tooltip="Protokoll exportieren (Markdown oder HTML; öffnet F7 Protokoll)"),
    ]

    def __init__(
        self,
        *,
        content: GuideContent,
        store: SessionStore,
        settings: Settings,
        session_id: str | None = None,
        theme: str | None = None,
    ) -> None:
        from ksm_tui.store import StoreError

        self.sections = tuple(s for s in ALL_SECTIONS if s.available)
        self._start_error: str | None = None
        start_session = None
        if session_id is not None:
            try:
                start_session = store.get(session_id)
            except StoreError as exc:
                self._start_error = exc.message
        # The first screen is the start section's own screen (no blank screen first, no mode switch at start:
        # a switch restyles the whole screen). Public API only: Textual shows get_default_screen()'s screen in
        # DEFAULT_MODE when that mode is not in MODES; the start section's mode is added to MODES once the app is
        # composed (on_mount). Starting in a mode listed in MODES instead composes the screen before it is on the
        # stack, which crashes on Python 3.12+ (eager tasks: an Input asks app.screen during compose).
        # Textual declares DEFAULT_MODE/MODES as ClassVar, but reads them from the instance; ours depend on the args.
        self.DEFAULT_MODE = self._start_mode(with_session=start_session is not None)  # type: ignore[misc]
        self._start_section = self.section(self.DEFAULT_MODE)
        self.MODES = {  # type: ignore[misc]
            s.mode: partial(self._make_screen, s) for s in self.sections if s is not self._start_section
        }
        # Under NO_COLOR Textual picks its colour filter once, here, from ansi_color: the terminal's default
        # colours (NoColor) for an ANSI theme, grey tones (Monochrome) otherwise — Monochrome turns an ANSI
        # theme's "default" colours into black on black. So tell it whether the start theme is an ANSI theme.
        start_theme = choose_theme(theme, settings.theme)
        # Textual reads a screen's CSS_PATH when it shows a screen of MODES, not for the default screen: the start
        # screen's CSS files are read with the app's own.
        css: list[str | PurePath] = [Path(__file__).parent / str(self.CSS_PATH)]
        if self._start_section is not None:
            css += self._start_section.css_paths()
        super().__init__(css_path=css, ansi_color=True if start_theme in ANSI_THEMES else None)
        self.ansi_color = None  # from now on the theme decides (a later theme change), as by default
        from ksm_tui.workspace import Workspace

        self.guide = content
        self.store = store
        self.settings = settings
        self.workspace: Workspace = Workspace(self, store)
        if start_session is not None:
            self.workspace.open(start_session.id)
        self._initial_theme = theme
        self._after_start = []
        for t in THEMES:
            self.register_theme(t)
        # --theme (remembered) > NO_COLOR > remembered choice > plain terminal (TERM=xterm …) > default
        # (choose_theme above).
        # Chosen before the first screen is styled, so styles are computed once, not again for a theme change.
        self.theme = start_theme
        # Textual's stylesheet was made with the default theme's variables; this one starts with the chosen theme's
        # and re-parses only what changed. No CSS source has been added yet.
        install_stylesheet(self)

    # -- sections --------------------------------------------------------------------------------------------

    def _make_screen(self, section: Section) -> Screen:
        return section.load()()

    def get_default_screen(self) -> Screen:
        """The first screen: the start section's screen, or — when no section screen is installed — a start
        screen with header and footer, so the app still works (help, palette, quit)."""
        if self._start_section is not None:
            return self._make_screen(self._start_section)
        from ksm_tui.screens.base import SectionScreen

        class StartScreen(SectionScreen):
            HELP_TITLE = "Start"

        return StartScreen()

    def section(self, mode: str) -> Section | None:
        return next((s for s in self.sections if s.mode == mode), None)

    def section_tabs(self, current: str) -> Content:
        """The tab line shown under the session line: ``F2 Sitzungen  F3 Stammdaten …``."""
        parts: list[Content | tuple[str, str] | str] = []
        for s in self.sections:
            enabled = not s.needs_session or self.workspace.session is not None
            key = s.key.upper()
            label = s.tab_label
            if s.mode == current:
                parts.append((f" {key} {label} ", "reverse bold"))
            elif enabled:
                parts.extend([(f" {key}", "bold"), f" {label} "])
            else:
                parts.append((f" {key} {label} ", "dim"))
        return Content.assemble(*parts)

    def action_section(self, mode: str) -> None:
        section = self.section(mode)
        if section is None:
            return
        if section.needs_session and self.workspace.session is None:
            self.notify("Bitte zuerst eine Sitzung öffnen (F2 Sitzungen).", severity="warning", markup=False)
            return
        if self.current_mode != mode:
            self.switch_mode(mode)

    async def action_export_minutes(self) -> None:
        """Show the minutes section and open its export dialog."""
        if self.section("protokoll") is None:
            return
        if self.workspace.session is None:
            self.notify("Bitte zuerst eine Sitzung öffnen (F2 Sitzungen).", severity="warning", markup=False)
            return
        if self.current_mode != "protokoll":
            await self.switch_mode("protokoll")
        if getattr(self.screen, "MODE", None) == "protokoll":
            await self.screen.run_action("export('md')")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export_minutes":
            return self.section("protokoll") is not None
        if action == "section" and parameters:
            if isinstance(self.screen, ModalScreen):
                return False  # a dialog is open: answer it first
            section = self.section(str(parameters[0]))
            if section is None:
                return False
            if section.needs_session and self.workspace.session is None:
                return None  # shown disabled
        return True

    # -- session ---------------------------------------------------------------------------------------------

    def open_session(self, session_id: str, *, mode: str | None = None) -> bool:
        """Open a session and show one of its sections. Errors become a German notification."""
        from ksm_tui.store import StoreError

        try:
            self.workspace.open(session_id)
        except StoreError as exc:
            self.notify(exc.message, title="Sitzung nicht geöffnet", severity="error", markup=False)
            return False
        self.refresh_bindings()
        if mode is None:
            mode = next((s.mode for s in self.sections if s.needs_session), None)
        if mode is not None and self.section(mode) is not None:
            self.switch_mode(mode)
        return True

    def on_session_conflict(self, mine: Session, theirs: Session) -> None:
        from ksm_tui.widgets.dialogs import ChoiceDialog

        def decided(choice: str | None) -> None:
            if choice == "kopie":
                created = self.workspace.keep_mine_as_copy(mine)
                self.notify(f"Ihre Fassung wurde als neue Sitzung {created.id} gesichert.", markup=False)
            else:
                self.workspace.reload()
                self.notify("Die Sitzung wurde neu geladen.", markup=False)

        self.push_screen(
            ChoiceDialog(
                "Sitzung wurde an anderer Stelle geändert",
                "Jemand hat diese Sitzung gespeichert, während Sie sie bearbeitet haben. Ihre letzte Änderung "
                "wurde nicht darübergeschrieben.\n\nNeu laden: die andere Fassung übernehmen (Ihre letzte Änderung "
                "entfällt).\nAls Kopie behalten: Ihre Fassung als neue Sitzung sichern.",
                [("neu-laden", "Neu laden"), ("kopie", "Als Kopie behalten")],
            ),
            decided,
        )

    # -- lifecycle -------------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self._start_section is not None:  # its screen is already shown (get_default_screen); now switchable
            self.add_mode(self._start_section.mode, partial(self._make_screen, self._start_section))
        if self._initial_theme:
            self._remember_theme(self.theme)
        self._theme_ready = True
        loop = __import__("asyncio").get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(sig, self._on_signal)
            except (NotImplementedError, RuntimeError, ValueError):
                pass
        self.set_interval(2.0, self.workspace.check_external_change)
        if self._start_error is not None:
            self.notify(self._start_error, title="Sitzung nicht geöffnet", severity="error", markup=False)

    _started = False
    _after_start: list[Callable[[], object]]

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the screen shown has been drawn: for parts not needed at once (below the fold).

        At start Textual builds the first screen inside one update batch; ``call_after_refresh`` called there runs
        *before* the first frame is written. Such callbacks wait for the Ready event (the end of that batch).
        """
        if self._started:
            self.call_after_refresh(callback)
        else:
            self._after_start.append(callback)

    def on_ready(self) -> None:
        self._started = True
        for callback in self._after_start:
            self.call_after_refresh(callback)
        self._after_start.clear()

    def _start_mode(self, *, with_session: bool) -> str:
        """The first screen: with a session its first section (showing the session at once; building the session
        list first would delay the first paint), else the session list (also the fallback when the session
        cannot be opened)."""
        if with_session:
            mode = next((s.mode for s in self.sections if s.needs_session), None)
            if mode is not None:
                return mode
        if self.section("sitzungen"):
            return "sitzungen"
        return self.sections[0].mode if self.sections else App.DEFAULT_MODE

    def _on_signal(self) -> None:
        """SIGTERM / SIGHUP (e.g. the SSH connection dropped): save, restore the terminal, exit with code 0."""
        self.workspace.flush()
        self.exit()

    _theme_ready = False

    def watch_theme(self, theme: str) -> None:
        # Only a choice made while running (palette) is remembered, not the automatic one at start.
        if self._theme_ready:
            self._remember_theme(theme)

    def _remember_theme(self, theme: str) -> None:
        if theme and theme != self.settings.theme:
            self.settings.theme = theme
            self.settings.save()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """No blinking cursors anywhere: a blinking cursor sends bytes twice a second over SSH, for ever."""
        widget = event.widget
        if getattr(widget, "cursor_blink", False) is True:
            widget.cursor_blink = False  # type: ignore[attr-defined]

    async def action_quit(self) -> None:
        self.workspace.close()
        self.exit()

    def on_unmount(self) -> None:
        self.workspace.close()

    # -- help and command palette ----------------------------------------------------------------------------

    def action_help(self) -> None:
        from ksm_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        # is_open takes App[object]; App's return-type parameter is invariant, so App[None] does not match.
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(id="--command-palette", placeholder="Befehl suchen …"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for s in self.sections:
            if not s.needs_session or self.workspace.session is not None:
                yield SystemCommand(f"Gehe zu: {s.label}", f"Abschnitt {s.label} anzeigen ({s.key.upper()})",
                                    partial(self.action_section, s.mode))
        for t in () if self.no_color else THEMES_FOR_PALETTE:  # NO_COLOR: no colours to choose
            yield SystemCommand(f"Farbschema: {t[1]}", "Darstellung wechseln (wird gespeichert)",
                                partial(setattr, self, "theme", t[0]))
        if self.section("protokoll") is not None and self.workspace.session is not None:
            yield SystemCommand("Protokoll exportieren", "Protokoll als Markdown oder HTML speichern (Strg+E)",
                                self.action_export_minutes)
        yield SystemCommand("Hilfe: Tastenkürzel", "Alle Tasten je Bildschirm anzeigen (F1)", self.action_help)
        yield SystemCommand("Beenden", "ksm-tui beenden (alles ist gespeichert)", self.exit)


THEMES_FOR_PALETTE: tuple[tuple[str, str], ...] = (
    ("ksm-standard", "Standard"),
    ("ksm-kontrast", "Hoher Kontrast (Beamer)"),
    ("ansi-dark", "16 Farben (Terminal)"),
    ("textual-light", "Hell"),
)


def make_app(
    *,
    content_dir: Path | None = None,
    db_path: Path | None = None,
    session_id: str | None = None,
    theme: str | None = None,
    config_dir: Path | None = None,
    content: GuideContent | None = None,
) -> KsmApp:
    """Build the app for the CLI and for tests. Raises ContentError for a broken content folder.

    ``content`` may be passed when the caller has loaded it already (the CLI does, to report errors first).
    """
    from ksm_tui.core.loader import load_content
    from ksm_tui.store import SessionStore
    from ksm_tui.store.paths import default_location

    if content is None:
        content = load_content(content_dir)
    store = SessionStore(Path(db_path) if db_path is not None else default_location().path)
    settings = Settings.load(config_dir)
    return KsmApp(content=content, store=store, settings=settings, session_id=session_id, theme=theme)
