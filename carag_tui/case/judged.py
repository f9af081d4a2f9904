"""Summary judgements and the answers they were given on: `[judged]` in the case file.

When a summary judgement is given (or given again), the answers of its key question as they
stand are recorded as a short digest under its id (`A1S = "3f09c2d1a4b7"`). A later change of
any of those answers — in the app, in plain mode, with `carag set`, by hand in the file, or by
a git merge of a colleague's answers — leaves the digest behind, and the summary is *to review*
until it is answered again (confirmed) or changed. Both sides of a merge that recorded a digest
keep ours: whichever answers the merge brings, the digest says whether this summary saw them.
A summary without a record (a file from before, or a hand-written one) is never flagged:
nobody knows what it was given on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from carag_tui.case.casefile import CaseFile
from carag_tui.guide.model import Guide, Kind, Question

TABLE = "judged"
COMMENT = "what each summary judgement was given on (carag flags it when those answers change)"

Lookup = Callable[[str], Any]


def _digest(members: Iterable[Question], valid: Lookup) -> str:
    given = [(q.id, value) for q in members if (value := valid(q.id)) is not None]
    text = json.dumps(given, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def seen(applicable: Iterable[Question], valid: Lookup, key_question: str) -> str:
    """The digest of the answers of `key_question` (its summary judgements apart) that count."""
    return _digest(
        (q for q in applicable if q.key_question == key_question and q.kind is not Kind.SUMMARY),
        valid,
    )


def to_review(
    applicable: Iterable[Question], valid: Lookup, judged: Mapping[str, Any]
) -> tuple[str, ...]:
    """The summary judgements given whose key question's answers changed since (walk order)."""
    if not judged:
        return ()
    questions = tuple(applicable)
    given = [
        q
        for q in questions
        if q.kind is Kind.SUMMARY and q.id in judged and valid(q.id) is not None
    ]
    if not given:
        return ()
    wanted = {q.key_question for q in given}
    members: dict[str, list[Question]] = {kq: [] for kq in wanted}
    for q in questions:
        if q.key_question in wanted and q.kind is not Kind.SUMMARY:
            members[q.key_question].append(q)
    return tuple(q.id for q in given if judged[q.id] != _digest(members[q.key_question], valid))


def record(
    casefile: CaseFile, guide: Guide, qid: str, applicable: Iterable[Question], valid: Lookup
) -> None:
    """Record (or, for a summary with no answer now, forget) what summary `qid` was given on."""
    if not guide.has_question(qid) or guide.question(qid).kind is not Kind.SUMMARY:
        return
    doc = casefile.doc
    if valid(qid) is None:
        if TABLE in doc and qid in doc[TABLE]:
            del doc[TABLE][qid]
        casefile.case.judged.pop(qid, None)
        return
    keep(casefile, qid, seen(applicable, valid, guide.question(qid).key_question))


def keep(casefile: CaseFile, qid: str, digest: str) -> None:
    """Record `digest` as what summary `qid` was given on (carried onto a file reloaded from
    disk: what our summary saw, not what the other side's answers make of it)."""
    import tomlkit  # only when a case is changed

    doc = casefile.doc
    if TABLE not in doc:
        doc.add(tomlkit.nl())
        doc.add(TABLE, tomlkit.table())
        doc[TABLE].comment(COMMENT)
    doc[TABLE][qid] = digest
    casefile.case.judged[qid] = digest


def review_message(ids: Iterable[str]) -> str:
    """`A1S to review: answers changed since it was given (answer again to confirm)`; empty
    when there are none."""
    ids = list(ids)
    if not ids:
        return ""
    return (
        f"{', '.join(ids)} to review: answers changed since "
        f"{'it was' if len(ids) == 1 else 'they were'} given (answer again to confirm)"
    )


__all__ = ["TABLE", "keep", "record", "review_message", "seen", "to_review"]
