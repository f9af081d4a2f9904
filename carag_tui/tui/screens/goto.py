"""Go to a question by its id (`g`)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from carag_tui.case.flow import Walk
from carag_tui.case.navigation import find_question
from carag_tui.guide.model import Guide


class GoToScreen(ModalScreen[str | None]):
    CSS_PATH = "goto.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="goto_cancel")]

    def __init__(self, guide: Guide, walk: Walk) -> None:
        super().__init__()
        self.guide = guide
        self.walk = walk

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Go to question (id, e.g. A3.4):")
            yield Input(id="goto-input")
            yield Static(id="goto-error")

    @on(Input.Submitted)
    def _go(self, event: Input.Submitted) -> None:
        found = find_question(self.walk, event.value)
        if found.question is None:
            self.query_one("#goto-error", Static).update(found.problem)
            return
        self.dismiss(found.question.id)
