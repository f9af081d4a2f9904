"""A reviewer's open query in plain mode: shown at its question, answered with `reply TEXT`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from carag_tui.qa.open_case import OpenQueries

if TYPE_CHECKING:
    from carag_tui.case.session import CaseSession, SaveResult
    from carag_tui.guide.model import Question
    from carag_tui.plain.console import Console


class QueryWalk(Protocol):
    """What the `reply` command uses of the plain walk (which imports this module)."""

    session: CaseSession
    out: Console
    current: Question | None

    @property
    def read_only(self) -> bool: ...
    def tell(self, saved: SaveResult) -> None: ...


HELP = "  reply TEXT     answer the reviewer's query on this question"


def show_query(walk: Any, qid: str) -> None:
    """The query under the question (nothing where there is none); `walk` is anything with
    the open `session` and the console `out` (the plain walk, its case view)."""
    query = OpenQueries.of(walk.session).at(qid)
    if query is None:
        return
    state = "answered; the reviewer closes it" if query.state == "answered" else "open"
    walk.out.wrap(f"Query ({state}) from {query.by}: {' '.join(query.text.split())}", "  ? ")
    if query.reply:
        walk.out.wrap(f"Your reply: {' '.join(query.reply.split())}", "    ")
    elif query.state == "open":
        walk.out.say("    (reply TEXT answers it)")


def commands(walk: QueryWalk) -> dict[str, Callable[[str], int | None]]:
    def reply(text: str) -> None:
        question = walk.current
        if question is None or OpenQueries.of(walk.session).at(question.id) is None:
            walk.out.say("No open query on this question.")
            return
        if not text.strip():
            walk.out.say("reply TEXT: the reply on the same line")
            return
        if walk.read_only:
            walk.out.say("Read-only: the reply is not saved.")
            return
        from carag_tui.qa.edits import reply_query  # tomlkit: only when replying

        who = walk.session.case.assessor or "the assessor"
        qid = question.id
        try:
            saved = walk.session.apply_edit(lambda c: reply_query(c, qid, text, who))
        except ValueError as exc:
            walk.out.say(f"Not saved: {exc}")
            return
        walk.tell(saved)
        if saved.saved:
            walk.out.say(f"Reply saved on {qid}; the reviewer closes the query.")

    return {"reply": reply}
