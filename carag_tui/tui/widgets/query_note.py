"""A reviewer's open query, shown in the assessor's walk at its question (`r` replies)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from carag_tui.qa.open_case import OpenQueries
from carag_tui.qa.record import Query
from carag_tui.safetext import visible

if TYPE_CHECKING:
    from carag_tui.tui.screens.walk import WalkScreen

__all__ = ["OpenQueries", "QueryNote", "reply_to_query"]


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


def reply_to_query(screen: WalkScreen) -> None:
    """Ask for the reply to the open query at the walk's question and save it with the case
    (`CaseSession.apply_edit`: kept across a change on disk)."""
    question = screen.question
    if question is None or screen.queries.at(question.id) is None:
        return
    if screen.session.read_only:
        screen.set_status("Read-only: the reply cannot be saved.", "warning")
        return
    from carag_tui.tui.screens.ask import AskScreen

    qid = question.id

    def replied(text: str | None) -> None:
        if not text:
            return
        from carag_tui.qa.edits import reply_query

        who = screen.session.case.assessor or "the assessor"
        try:
            result = screen.session.apply_edit(lambda c: reply_query(c, qid, text, who))
        except ValueError as exc:
            screen.set_status(f"Not saved: {exc}", "error")
            return
        screen._report_save(result)
        if result.saved and not result.message:
            screen.set_status(f"Reply saved on {qid}; the reviewer closes the query.")
        screen.qid = screen.qid  # draws the question again, with the reply

    screen.app.push_screen(AskScreen(f"Your reply to the query on {qid}:",
                                     placeholder="e.g. Seen in the plan of 3 May"), replied)
