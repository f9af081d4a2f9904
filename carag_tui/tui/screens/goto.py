"""Go to a question by its id (`g`)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from carag_tui.case.flow import Walk
from carag_tui.guide.model import Guide
from carag_tui.problems import suggest


class GoToScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    GoToScreen { align: center middle; }
    GoToScreen > Vertical {
        width: 60; height: auto; border: thick $accent; padding: 0 1; background: $surface;
    }
    GoToScreen #goto-error { color: $error; }
    """
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
        wanted = event.value.strip()
        ids = {q.id.lower(): q.id for q in self.guide.questions}
        qid = ids.get(wanted.lower().replace(" ", ""))
        error = self.query_one("#goto-error", Static)
        if qid is None:
            known = [q.id for q in self.guide.questions]
            error.update(f"No question {wanted!r}{suggest(wanted, known)}")
            return
        if not self.walk.applies(qid):
            skip = self.walk.skipped.get(qid)
            why = f" ({skip.describe(self.guide)})" if skip else ""
            error.update(f"{qid} does not apply to this case{why}")
            return
        self.dismiss(qid)
