"""A reviewer's open query, shown in the assessor's walk at its question (`r` replies)."""

from __future__ import annotations

import tomllib

from rich.text import Text
from textual.widgets import Static

from carag_tui.case.session import CaseSession
from carag_tui.qa.record import Query, read_queries


class OpenQueries:
    """The open queries of an open case, read again only when the file was saved."""

    def __init__(self, session: CaseSession) -> None:
        self.session = session
        self._digest: str | None = None
        self._queries: dict[str, Query] = {}

    def at(self, qid: str) -> Query | None:
        casefile = self.session.casefile
        if casefile.digest != self._digest:
            try:
                data = tomllib.loads(casefile.text)
            except tomllib.TOMLDecodeError:
                data = {}
            self._queries = {k: q for k, q in read_queries(data).items() if q.is_open}
            self._digest = casefile.digest
        return self._queries.get(qid)

    def __len__(self) -> int:
        return len(self._queries)


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
        text.append(f"Query ({state}) from {query.by}: ", style="bold")
        text.append(" ".join(query.text.split()))
        if query.reply:
            text.append("\nYour reply: ", style="bold")
            text.append(" ".join(query.reply.split()))
        elif query.state == "open":
            text.append("  r replies", style="italic")
        self.update(text)
