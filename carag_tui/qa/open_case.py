"""The reviewer's open queries of a case open for answering (the app's walk, plain mode)."""

from __future__ import annotations

import tomllib
import weakref

from carag_tui.case.review_record import Query, read_queries
from carag_tui.case.session import CaseSession

_BY_SESSION: weakref.WeakKeyDictionary[CaseSession, OpenQueries] = weakref.WeakKeyDictionary()


class OpenQueries:
    """The open queries of an open case, read again only when the file was saved."""

    def __init__(self, session: CaseSession) -> None:
        self.session = session
        self._digest: str | None = None
        self._queries: dict[str, Query] = {}

    @classmethod
    def of(cls, session: CaseSession) -> OpenQueries:
        """The one for `session` (made on first use)."""
        found = _BY_SESSION.get(session)
        if found is None:
            found = _BY_SESSION[session] = cls(session)
        return found

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
