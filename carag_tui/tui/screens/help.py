"""Every key of the screen below, generated from its bindings (never a hand-kept list)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def format_key(key: str) -> str:
    names = {
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "question_mark": "?",
        "pageup": "PgUp",
        "pagedown": "PgDn",
        "escape": "Esc",
        "enter": "Enter",
        "space": "Space",
        "up": "↑",
        "down": "↓",
    }
    return names.get(key, key)


def bindings_table(screen: Screen) -> Table:
    """Keys active on `screen` (its focused widget, the screen, the app) with what they do."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_column(style="dim", no_wrap=True)
    rows: dict[str, tuple[list[str], Binding, bool]] = {}
    for key, active in screen.active_bindings.items():
        binding: Binding = active.binding
        ident = binding.id or binding.action
        # The nine "pick option N" keys read better as one row.
        group = "choose_1-9" if ident.startswith("choose_") else ident
        keys, _, _ = rows.setdefault(group, ([], binding, binding.id is None))
        keys.append(format_key(key))
    ordered = sorted(rows.items(), key=lambda item: item[1][2])  # carag's keys first
    for group, (keys, binding, _) in ordered:
        if group == "choose_1-9":
            table.add_row("1–9", "Pick option N (tick it in several-choice questions)", group)
            continue
        table.add_row(
            " ".join(dict.fromkeys(keys)), binding.tooltip or binding.description, binding.id or ""
        )
    return table


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss(None)", "Close", id="help_close")]

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys — Esc closes · ids are for \\[keymap] in config.toml"
            about = getattr(self.below, "question_provenance", None)
            if about is not None:  # the walk: where the current question comes from
                yield Static(about(), id="help-provenance")
            yield Static(bindings_table(self.below))
            yield Static(
                Text(
                    "\nctrl+p opens the command palette: go to question, overview, "
                    "new case, report, theme.",
                    style="italic",
                )
            )
