"""The CARaG guidance for the current question, rendered Markdown, scrollable by keys."""

from __future__ import annotations

from rich.markdown import Markdown
from textual.containers import VerticalScroll
from textual.widgets import Static


class GuidancePane(VerticalScroll, can_focus=False):
    """Guidance beside (wide) or below (narrow) the question; PgUp/PgDn scroll it."""

    def compose(self):  # noqa: ANN201
        yield Static(id="guidance-text")

    def show(self, markdown: str, title: str = "Guidance") -> None:
        self.border_title = title
        body = markdown.strip() or "*The CARaG gives no guidance for this question.*"
        self.query_one("#guidance-text", Static).update(Markdown(body, hyperlinks=False))
        self.scroll_home(animate=False)
