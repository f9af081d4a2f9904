"""The Textual app: thin; screens do the work. Built by `make_app` for the CLI and tests."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterable
from pathlib import Path

from textual.app import SystemCommand
from textual.binding import Binding
from textual.color import Color
from textual.screen import Screen
from textual.theme import Theme

from carag_tui.config import Config
from carag_tui.themes import COLOUR_FIELDS, DEFAULT_THEME, PLAIN_THEME, read_theme_files
from carag_tui.tui.console_glyphs import ConsoleGlyphs, linux_console
from carag_tui.tui.job_control import resume_only_after_a_stop
from carag_tui.tui.monochrome import colour_filters, no_colour_wanted
from carag_tui.tui.ordered_keys import OrderedKeys


class CaragApp(OrderedKeys):
    """carag: walk through cases question by question."""

    TITLE = "carag"
    # The walk's styles are read with the app's: opened on a case, the walk is the default
    # screen, and Textual reads a screen's own CSS_PATH only when the screen is pushed. Every
    # rule in walk.tcss starts with `WalkScreen`, so none reaches another screen.
    CSS_PATH = ["carag.tcss", "screens/walk.tcss"]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding(
            "f1,question_mark",
            "help",
            "Help",
            id="help",
            key_display="?",
            tooltip="Every key on this screen",
        ),
        Binding("ctrl+q", "quit", "Quit", show=False, id="quit", priority=True),
    ]

    def __init__(
        self,
        *,
        workspace: Path | None = None,
        case_path: Path | None = None,
        config: Config | None = None,
        theme: str | None = None,
        read_only: bool = False,
        after_first_paint: Callable[[], None] | None = None,
        review: list[Path] | None = None,
        adjudicate: tuple[Path, Path, Path | None] | None = None,
    ) -> None:
        super().__init__()
        self.no_color = no_colour_wanted()
        self._filters = colour_filters(self._filters, self.no_color)
        if linux_console():
            self._filters.append(ConsoleGlyphs())
        self.review = review  # `carag review`: the cases for the reviewer's walk
        self.adjudicate = adjudicate  # `carag compare --adjudicate`: A, B, the agreed file
        self._after_first_paint = after_first_paint
        self.config = config or Config()
        self.workspace = workspace
        self.case_path = case_path
        self.read_only = read_only
        self._startup_notices: list[str] = []
        self._walk_first = False  # the walk over `case_path` is the default screen
        self._after_frame: list[Callable[[], object]] = []  # see after_next_frame
        self._register_themes()
        self._choose_theme(theme or self.config.theme)

    def _register_themes(self) -> None:
        files, problems = read_theme_files()
        for problem in problems:
            self._startup_notices.append(f"Theme skipped: {problem}")
        for theme_file in files:
            try:
                for name in COLOUR_FIELDS:
                    if theme_file.fields.get(name) is not None:
                        Color.parse(theme_file.fields[name])
                self.register_theme(Theme(**theme_file.fields))
            except Exception as exc:
                self._startup_notices.append(f"Theme {theme_file.path.name} skipped: {exc}")

    def _choose_theme(self, wanted: str | None) -> None:
        if wanted is None and self.no_color:
            wanted = PLAIN_THEME
        wanted = wanted or DEFAULT_THEME
        if wanted not in self.available_themes:
            self._startup_notices.append(
                f"Theme {wanted!r} not found; using {DEFAULT_THEME}. "
                f"Available: {', '.join(sorted(self.available_themes))}"
            )
            wanted = DEFAULT_THEME
        self.theme = wanted

    def on_mount(self) -> None:
        if self._after_first_paint is not None:
            self.call_after_refresh(self._after_first_paint)
        self._handle_hangups()
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        for notice in self._startup_notices:
            self.notify(notice, severity="warning", timeout=8)
        if self._walk_first:
            return
        if self.review is not None or self.adjudicate is not None:
            self._open_qa()
        elif self.case_path is not None:  # held by someone, or a bad file: ask, or say why
            self.open_case(self.case_path, read_only=self.read_only)
        else:
            from carag_tui.tui.screens.workspace import WorkspaceScreen

            self.push_screen(WorkspaceScreen(self.workspace or Path("cases")))

    def open_case(self, path: Path, *, read_only: bool = False) -> None:
        """The walk over `path` as the app's case: leaving it quits (`carag open FILE`; the
        next case started from its overview's `N`)."""
        from carag_tui.tui.screens.open_case import open_walk

        open_walk(self, path, read_only=read_only, on_close=self.exit)

    def _open_qa(self) -> None:
        """The reviewer's walk or the adjudication view as the app's only screen."""
        if self.review is not None:
            from carag_tui.tui.screens.review import ReviewScreen

            self.push_screen(
                ReviewScreen(self.review, self.config.assessor or "", on_close=self.exit)
            )
        elif self.adjudicate is not None:
            from carag_tui.tui.screens.adjudicate import AdjudicationScreen

            a, b, out = self.adjudicate
            self.push_screen(
                AdjudicationScreen(a, b, out, self.config.assessor or "", on_close=self.exit)
            )

    def get_default_screen(self) -> Screen:
        """Opened on a case, the walk is the first screen: one screen fewer to build and style
        before the first question shows. Where the case cannot be opened at once, a blank
        screen, and `on_mount` asks or says why."""
        if self.case_path is not None:
            from carag_tui.tui.screens.open_case import walk_screen

            walk = walk_screen(self.case_path, read_only=self.read_only, on_close=self.exit)
            if walk is not None:
                self._walk_first = True
                return walk
        return super().get_default_screen()

    def _handle_hangups(self) -> None:
        """A lost SSH connection (SIGHUP), SIGTERM or SIGINT (`kill -INT`; ctrl+c itself is a
        key in the app) saves the answers and the open note and leaves cleanly."""
        resume_only_after_a_stop()  # a hang-up's SIGCONT must not restart the terminal
        self.app_resume_signal.subscribe(self, self._redraw_after_resume)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
            try:
                loop.add_signal_handler(sig, self.save_and_exit, sig)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread
                return

    def _redraw_after_resume(self, _app: object) -> None:
        """Back from `kill -TSTP` with `fg`: the terminal was the shell's meanwhile, so draw the
        whole screen again (Textual leaves it blank until something changes)."""
        self.screen.refresh(layout=True)

    def save_and_exit(self, signum: int = signal.SIGHUP) -> None:
        self._close_cases()
        self.exit(return_code=130 if signum == signal.SIGINT else 129)

    async def action_quit(self) -> None:
        """ctrl+q: as if each open case were left first (answers and the note being typed
        saved, the case released), then quit."""
        self._close_cases()
        self.exit()

    def _close_cases(self) -> None:
        from carag_tui.tui.screens.walk import WalkScreen

        for screen in self.screen_stack:
            if isinstance(screen, WalkScreen):
                screen.save_before_exit()

    def after_next_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the next frame has gone to the terminal and the screen has
        settled: work a key sets off that can wait (starting a save, whose thread would
        contend for the interpreter) stays off the frame that shows what the key did."""
        self._after_frame.append(callback)

    def post_display_hook(self) -> None:
        # Textual calls this after every display (headless too), so nothing waits for long.
        if self._after_frame:
            callbacks, self._after_frame = self._after_frame, []
            for callback in callbacks:
                self.screen.call_after_refresh(callback)

    def get_key_display(self, binding: Binding) -> str:
        """Function keys as a keyboard labels them (F1, where `?` would type into a field)."""
        if not binding.key_display and binding.key in {f"f{n}" for n in range(1, 13)}:
            return binding.key.upper()
        return super().get_key_display(binding)

    def action_help(self) -> None:
        from carag_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        provider = getattr(screen, "palette_commands", None)
        if provider is not None:
            yield from provider()


def make_app(
    *,
    workspace: Path | None = None,
    case_path: Path | None = None,
    config: Config | None = None,
    theme: str | None = None,
    read_only: bool = False,
    after_first_paint: Callable[[], None] | None = None,
    review: list[Path] | None = None,
    adjudicate: tuple[Path, Path, Path | None] | None = None,
) -> CaragApp:
    """The one way to build the app, shared by the `carag` command and the tests."""
    return CaragApp(
        workspace=workspace,
        case_path=case_path,
        config=config,
        theme=theme,
        read_only=read_only,
        after_first_paint=after_first_paint,
        review=review,
        adjudicate=adjudicate,
    )
