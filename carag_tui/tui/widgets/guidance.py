"""The CARaG guidance for the current question, rendered Markdown, scrollable by keys."""

from __future__ import annotations

from rich.markdown import Markdown
from textual.containers import VerticalScroll
from textual.widgets import Static


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
