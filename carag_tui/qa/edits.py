"""Approving, returning and querying a case: edits of its `[review]` and `[queries]` tables.

Each edit is a function of a loaded `CaseFile`, so `save_edit` can run it again on a fresh
read when the file changed on disk meanwhile (a `git pull`, the assessor saving): nothing
anyone else wrote is overwritten.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table

from carag_tui.case.editing import mark_status
from carag_tui.case.flow import Walk
from carag_tui.case.lock import acquire, read_lock, release
from carag_tui.case.model import Status, now
from carag_tui.case.review_record import (
    ReviewState,
    answers_digest,
    open_queries,
    read_queries,
    review_state,
)
from carag_tui.case.store import CaseFile, ConflictError, load_case, save_case
from carag_tui.guide.model import Guide

#: Attempts at saving when the file keeps changing on disk between reading and writing it.
ATTEMPTS = 3
CURRENT_KEYS = ("state", "by", "at", "digest", "reason")

WORKFLOW_AID = (
    "the reviewers list is a workflow aid, not access control: anyone who can "
    "write the file can change it"
)


class ReviewRefused(ValueError):
    """An approval, return or query that cannot be made; the message says why, to the user."""


def data_of(casefile: CaseFile) -> dict[str, Any]:
    """The file's TOML data as it stands in memory (with edits not yet saved)."""
    return casefile.doc.unwrap()


def _multiline(text: str) -> Any:
    text = text.strip()
    return tomlkit.string(text + "\n", multiline=True) if "\n" in text else text


def _record(
    casefile: CaseFile,
    state: str,
    by: str,
    at: datetime,
    *,
    digest: str = "",
    reason: str = "",
    current: bool = True,
) -> None:
    """Write the review's current state (when `current`) and add it to the trail.

    The table is carag's own, so it is written afresh: the current state first, any key
    carag does not know as it was, then the trail with the new entry last.
    """
    doc = casefile.doc
    old = doc.get("review")
    if old is not None and not isinstance(old, Table):
        raise ReviewRefused(f"{casefile.path}: [review] is not a table; fix it by hand first")
    entry: dict[str, Any] = {"state": state, "by": by, "at": at}
    if digest:
        entry["digest"] = digest
    if reason:
        entry["reason"] = " ".join(reason.split())
    table = tomlkit.table()
    kept = {k: v for k, v in (old.items() if old is not None else [])}
    head = entry if current else {k: kept.pop(k) for k in CURRENT_KEYS if k in kept}
    for key in CURRENT_KEYS:
        kept.pop(key, None)
        if key in head:
            table.add(key, head[key])
    if "state" in table:
        table["state"].comment("approved | returned; stale once an answer or note changes")
    old_trail = kept.pop("trail", [])
    for key, value in kept.items():
        table.add(key, value)
    trail = tomlkit.array()
    trail.multiline(True)
    for each in old_trail if isinstance(old_trail, list) else []:
        trail.append(each)
    item = tomlkit.inline_table()
    item.update(entry)
    trail.append(item)
    table.add("trail", trail)
    if old is None:
        doc.add(tomlkit.nl())
        doc.add("review", table)
    else:
        doc["review"] = table


def approval_problems(
    casefile: CaseFile, guide: Guide, by: str, reviewers: Sequence[str] | None
) -> list[str]:
    """Why `by` cannot approve the case now (empty when they can)."""
    case, data = casefile.case, data_of(casefile)
    problems = []
    who = reviewer_problem(
        case.assessor, by, reviewers, "approves", "a case is approved by someone else"
    )
    if who is not None:
        problems.append(who)
    if case.status is Status.IN_PROGRESS:
        problems.append("the case is in progress: the assessor marks it complete first")
    elif case.status is Status.COMPLETE and not Walk(guide, case.answers).complete:
        problems.append("the case is marked complete but has unanswered questions")
    blocking = open_queries(data)
    if blocking:
        problems.append(
            f"{len(blocking)} open quer{'y' if len(blocking) == 1 else 'ies'} "
            f"({', '.join(q.qid for q in blocking)}): close them first"
        )
    if review_state(case, data) is ReviewState.APPROVED:
        problems.append("already approved, and nothing has changed since")
    return problems


def approve(
    casefile: CaseFile,
    guide: Guide,
    by: str,
    reviewers: Sequence[str] | None = None,
    at: datetime | None = None,
) -> str:
    """Approve the case's answers and notes as they are now; returns the digest approved."""
    problems = approval_problems(casefile, guide, by, reviewers)
    if problems:
        raise ReviewRefused("; ".join(problems))
    digest = answers_digest(casefile.case)
    _record(casefile, "approved", by, at or now(), digest=digest)
    return digest


def return_case(casefile: CaseFile, by: str, reason: str, at: datetime | None = None) -> None:
    """Send the case back to its assessor with a reason; a complete case is in progress again
    (marking it complete once more resubmits it)."""
    if not reason.strip():
        raise ReviewRefused("say why the case goes back (the assessor reads the reason)")
    if not by.strip():
        raise ReviewRefused("who returns the case is not known: give --reviewer NAME")
    _record(
        casefile, "returned", by, at or now(), digest=answers_digest(casefile.case), reason=reason
    )
    if casefile.case.status is Status.COMPLETE:
        mark_status(casefile, Status.IN_PROGRESS)


def record_adjudication(casefile: CaseFile, by: str, reason: str) -> None:
    """Note in the trail (not as the review state) that the case was agreed from two."""
    _record(casefile, "adjudicated", by, now(), reason=reason, current=False)


# --- queries ------------------------------------------------------------------------------


def _queries_table(casefile: CaseFile) -> Table:
    doc = casefile.doc
    if "queries" not in doc:
        doc.add(tomlkit.nl())
        doc.add("queries", tomlkit.table(is_super_table=True))
    table = doc["queries"]
    if not isinstance(table, Table):
        raise ReviewRefused(f"{casefile.path}: [queries] is not a table; fix it by hand first")
    return table


def open_query(
    casefile: CaseFile, guide: Guide, qid: str, text: str, by: str, at: datetime | None = None
) -> None:
    """Open a query on a question (a closed one there is kept in its `earlier` lines)."""
    if not guide.has_question(qid):
        raise ReviewRefused(f"{qid}: no such question in {guide.id}")
    if not text.strip():
        raise ReviewRefused("a query needs its text")
    existing = read_queries(data_of(casefile)).get(qid)
    if existing is not None and existing.is_open:
        raise ReviewRefused(f"{qid} already has an open query: {existing.text!r}")
    table = _queries_table(casefile)
    earlier: list[str] = []
    if existing is not None:
        old = table[qid]
        earlier = [str(line) for line in old.get("earlier", [])]
        earlier.append(_summary(existing))
        del table[qid]
    item = tomlkit.table()
    item.add("state", "open")
    item["state"].comment("open | answered | closed")
    item.add("text", _multiline(text))
    item.add("by", by)
    item.add("at", at or now())
    if earlier:
        item.add("earlier", earlier)
    item.add(tomlkit.nl())
    table[qid] = item


def _summary(query: Any) -> str:
    reply = f"; reply ({query.reply_by}): {query.reply}" if query.reply else ""
    closed = f"; closed by {query.closed_by}" if query.closed_by else ""
    return " ".join(f"{query.by}: {query.text.strip()}{reply}{closed}".split())


def _query_item(casefile: CaseFile, qid: str) -> Table:
    table = _queries_table(casefile)
    query = read_queries(data_of(casefile)).get(qid)
    if query is None:
        raise ReviewRefused(f"{qid} has no query")
    if not query.is_open:
        raise ReviewRefused(f"the query on {qid} is closed")
    return table[qid]


def _set(item: Table, key: str, value: Any) -> None:
    if key in item:
        item[key] = value
    else:  # before the blank line that ends the query
        body = item.value.body
        at = len(body)
        while at > 0 and body[at - 1][0] is None:
            at -= 1
        item.value._insert_at(at, key, tomlkit.item(value))


def reply_query(
    casefile: CaseFile, qid: str, text: str, by: str, at: datetime | None = None
) -> None:
    """The assessor's reply (the answer itself they change in the walk, as ever)."""
    if not text.strip():
        raise ReviewRefused("a reply needs its text")
    item = _query_item(casefile, qid)
    _set(item, "state", "answered")
    _set(item, "reply", _multiline(text))
    _set(item, "reply_by", by)
    _set(item, "reply_at", at or now())


def reviewer_problem(
    assessor: str | None, by: str, reviewers: Sequence[str] | None, doing: str, own_case: str
) -> str | None:
    """Why `by` may not act as the case's reviewer (approve, close a query): unknown, not one
    of inspection.toml's `reviewers` where it lists them, or the case's own assessor."""
    if not by.strip():
        return (
            f"who {doing} is not known: give --reviewer NAME (--by NAME for a query) or "
            "set `assessor` in the config file"
        )
    if reviewers is not None and by not in reviewers:
        return (
            f"{by!r} is not in the reviewers list of inspection.toml "
            f"({', '.join(reviewers) or 'empty'}; {WORKFLOW_AID})"
        )
    if assessor and by.strip().casefold() == assessor.strip().casefold():
        return f"{by} assessed this case: {own_case}"
    return None


def close_query(
    casefile: CaseFile,
    qid: str,
    by: str,
    at: datetime | None = None,
    reviewers: Sequence[str] | None = None,
) -> None:
    """Close the query on `qid`; `ReviewRefused` when `by` is not one who may close it."""
    problem = reviewer_problem(
        casefile.case.assessor,
        by,
        reviewers,
        "closes the query",
        "the assessor replies to a query, a reviewer closes it",
    )
    if problem is not None:
        raise ReviewRefused(problem)
    item = _query_item(casefile, qid)
    _set(item, "state", "closed")
    _set(item, "closed_by", by)
    _set(item, "closed_at", at or now())


# --- saving -------------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """The case's lock for one save (kept if this process held it already, e.g. the app)."""
    held = read_lock(path)
    acquire(path)
    try:
        yield
    finally:
        if held is None or not held.mine:
            release(path)


def save_edit(path: Path, edit: Callable[[CaseFile], Any]) -> Any:
    """Load the case, apply `edit`, save; on a change on disk meanwhile, do it all again on
    the fresh file. Raises `ReviewRefused`, `ProblemsError`, `LockedError` or `OSError`."""
    for _ in range(ATTEMPTS):
        casefile = load_case(path)
        result = edit(casefile)
        with _locked(path):
            try:
                save_case(casefile)
            except ConflictError:
                continue
        return result
    raise ReviewRefused(f"{path} keeps changing on disk; nothing written")
