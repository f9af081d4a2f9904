"""A line of text asked for in a small modal (a query, a reply, a reason for returning)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class AskScreen(ModalScreen[str | None]):
    """Enter gives the text (blank is refused with a word), Esc gives None."""

    CSS_PATH = "ask.tcss"
    BINDINGS = [
        Binding(
            "escape",
            "dismiss(None)",
            "Cancel",
            id="ask_cancel",
            tooltip="Close without saving anything",
        )
    ]

    def __init__(self, prompt: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.prompt = prompt
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.prompt, markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="ask-input")
            yield Static("Enter saves · Esc cancels", id="ask-error")

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#ask-error", Static).update("Type something, or Esc to cancel")
            return
        self.dismiss(event.value.strip())
