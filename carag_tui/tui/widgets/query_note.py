"""A reviewer's open query, shown in the assessor's walk at its question (`r` replies: the walk's
`action_reply_query`, `screens/walk_notes.py`)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from carag_tui.case.review_record import Query
from carag_tui.qa.open_case import OpenQueries
from carag_tui.safetext import visible

__all__ = ["OpenQueries", "QueryNote"]


class QueryNote(Static):
    """Empty and hidden where the question has no open query."""

    DEFAULT_CSS = """
    QueryNote { height: auto; border-left: thick $warning; padding: 0 1; margin-top: 1; }
    """

    def show(self, query: Query | None) -> None:
        self.display = query is not None
        if query is None:
            self.update("")
            return
        text = Text()
        state = "answered; the reviewer closes it" if query.state == "answered" else "open"
        text.append(f"Query ({state}) from {visible(query.by, lines=False)}: ", style="bold")
        text.append(visible(" ".join(query.text.split()), lines=False))
        if query.reply:
            text.append("\nYour reply: ", style="bold")
            text.append(visible(" ".join(query.reply.split()), lines=False))
        elif query.state == "open":
            text.append("  r replies", style="italic")
        self.update(text)
