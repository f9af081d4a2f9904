"""The CARaG guidance for the current question, rendered Markdown, scrollable by keys."""

from __future__ import annotations

from rich.markdown import Markdown
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from carag_tui.guide.model import Question
from carag_tui.guide.provenance import INFERRED_MARK, has_mark, provenance_lines

#: The one mark for a question with inferred parts or source defects; `?` shows the details.
MARK = INFERRED_MARK


def guidance_title(question: Question) -> str:
    """The panel's title ("CARaG guidance · A1.1"), marked where a part is not the source's."""
    mark = f" {MARK}" if has_mark(question) else ""
    return f"CARaG guidance · {question.id}{mark}"


def provenance_text(question: Question) -> Text:
    """Where the question's parts come from, in words, for the help screen."""
    text = Text()
    text.append(f"Question {question.id}: where it comes from\n", style="bold")
    for heading, words in provenance_lines(question):
        text.append(heading, style="bold")
        text.append(f"{words}\n")
    return text


class GuidancePane(VerticalScroll, can_focus=False):
    """Guidance beside (wide) or below (narrow) the question; PgUp/PgDn scroll it."""

    def compose(self):
        yield Static(id="guidance-text")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parsed: dict[str, Markdown] = {}

    def show(self, markdown: str, title: str = "Guidance") -> None:
        self.border_title = title
        body = markdown.strip() or "*The CARaG gives no guidance for this question.*"
        parsed = self._parsed.get(body)
        if parsed is None:  # parsing long guidance is the slow part; each is parsed once
            parsed = self._parsed[body] = Markdown(body, hyperlinks=False)
        self.query_one("#guidance-text", Static).update(parsed)
        self.scroll_home(animate=False)
