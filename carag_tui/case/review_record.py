"""What a case file's `[review]` and `[queries]` tables say, read from the file's TOML data.

The review state is worked out, never stored: an approval holds while the digest of the
answers and notes equals the one approved, so any change (the app, plain mode, `carag set`,
a hand edit, a git merge) makes it stale with no code on those paths::

    [review]
    state = "approved"             # approved | returned
    by = "L. Lead"
    at = 2026-12-02T09:30:00Z
    digest = "5d41402abc4b2a76"    # of the answers and notes approved
    trail = [                      # every approval and return, oldest first
        {state = "returned", by = "L. Lead", at = 2026-12-01T16:02:00Z, reason = "…"},
        {state = "approved", by = "L. Lead", at = 2026-12-02T09:30:00Z, digest = "…"},
    ]

    [queries."U3.1"]
    state = "open"                 # open | answered | closed
    text = "Evidence for this? The plan is generic"
    by = "L. Lead"
    at = 2026-12-01T16:00:00Z
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from attrs import frozen

from carag_tui.case.model import Case, Status


class ReviewState(StrEnum):
    """Where a case stands in quality assurance (beside its status, not instead of it)."""

    IN_PROGRESS = "in_progress"  # the assessor is still at it: nothing to review yet
    AWAITING = "awaiting_review"  # complete (or excluded), or returned and marked complete again
    APPROVED = "approved"
    STALE = "stale"  # approved, then an answer or a note changed
    RETURNED = "returned"  # back with the assessor, with a reason

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ReviewState.IN_PROGRESS: "in progress",
    ReviewState.AWAITING: "awaiting review",
    ReviewState.APPROVED: "approved",
    ReviewState.STALE: "approval stale",
    ReviewState.RETURNED: "returned",
}

#: The review states that want the reviewer's attention (the workspace's "awaiting review").
NEEDS_REVIEW = frozenset({ReviewState.AWAITING, ReviewState.STALE})

REVIEW_KEYS = ("state", "by", "at", "digest", "reason", "trail")
QUERY_STATES = ("open", "answered", "closed")
QUERY_KEYS = (
    "state",
    "text",
    "by",
    "at",
    "reply",
    "reply_by",
    "reply_at",
    "closed_by",
    "closed_at",
    "earlier",
)


@frozen
class ReviewEntry:
    """One approval or return (or an adjudication), as the trail keeps it."""

    state: str
    by: str = ""
    at: datetime | None = None
    digest: str = ""
    reason: str = ""


@frozen
class Review:
    current: ReviewEntry | None = None
    trail: tuple[ReviewEntry, ...] = ()


@frozen
class Query:
    """A reviewer's question about one answer, and the assessor's reply."""

    qid: str
    state: str
    text: str
    by: str = ""
    at: datetime | None = None
    reply: str = ""
    reply_by: str = ""
    reply_at: datetime | None = None
    closed_by: str = ""
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        """Not closed: an open or answered query still blocks approval."""
        return self.state != "closed"


def answers_digest(case: Case) -> str:
    """A short fingerprint of the answers and notes (what a reviewer approves).

    Notes are compared as the file keeps them (no blank lines around them), so saving a
    note unchanged does not make an approval stale; every other change does.
    """
    notes = {
        qid: text.strip("\n")
        for qid, text in case.notes.items()
        if isinstance(text, str) and text.strip()
    }
    payload = json.dumps(
        {"answers": case.answers, "notes": notes},
        sort_keys=True,
        default=_plain,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _plain(value: Any) -> str:
    if isinstance(value, datetime | date):
        return f"{type(value).__name__}:{value.isoformat()}"
    return repr(value)


def _entry(raw: Any) -> ReviewEntry | None:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("state"), str):
        return None
    at = raw.get("at")
    return ReviewEntry(
        raw["state"],
        _text(raw.get("by")),
        at if isinstance(at, datetime) else None,
        _text(raw.get("digest")),
        _text(raw.get("reason")),
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def read_review(data: Mapping[str, Any]) -> Review:
    """The `[review]` table, leniently (`review_problems` says what is wrong with it)."""
    raw = data.get("review")
    if not isinstance(raw, Mapping):
        return Review()
    trail = raw.get("trail")
    entries = (
        tuple(e for e in (_entry(t) for t in trail) if e is not None)
        if isinstance(trail, list)
        else ()
    )
    current = _entry(raw)
    return Review(
        current if current and current.state in ("approved", "returned") else None, entries
    )


def read_queries(data: Mapping[str, Any]) -> dict[str, Query]:
    """The `[queries]` table by question id, leniently."""
    raw = data.get("queries")
    found: dict[str, Query] = {}
    if not isinstance(raw, Mapping):
        return found
    for qid, item in raw.items():
        if not isinstance(item, Mapping):
            continue
        raw_state = item.get("state")
        state = raw_state if isinstance(raw_state, str) and raw_state in QUERY_STATES else "open"
        found[qid] = Query(
            qid,
            state,
            _text(item.get("text")),
            _text(item.get("by")),
            _when(item.get("at")),
            _text(item.get("reply")),
            _text(item.get("reply_by")),
            _when(item.get("reply_at")),
            _text(item.get("closed_by")),
            _when(item.get("closed_at")),
        )
    return found


def _when(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


def open_queries(data: Mapping[str, Any]) -> list[Query]:
    return [q for q in read_queries(data).values() if q.is_open]


def review_state(case: Case, data: Mapping[str, Any]) -> ReviewState:
    """The case's review state, from its status, `[review]` table and answers."""
    current = read_review(data).current
    if current is not None and current.state == "approved":
        return ReviewState.APPROVED if current.digest == answers_digest(case) else ReviewState.STALE
    submitted = case.status in (Status.COMPLETE, Status.EXCLUDED)
    if current is not None and current.state == "returned":
        # returning a complete case puts it back in progress: complete again is resubmitted
        if case.status is Status.COMPLETE or (submitted and current.digest != answers_digest(case)):
            return ReviewState.AWAITING
        return ReviewState.RETURNED
    return ReviewState.AWAITING if submitted else ReviewState.IN_PROGRESS


def needing_review(paths: Iterable[Path]) -> list[Path]:
    """The cases awaiting review or with a stale approval, in the order given (files that do
    not read are left to `carag check`)."""
    from carag_tui.case.store import read_case_data
    from carag_tui.problems import ProblemsError

    found = []
    for path in paths:
        try:
            case, data = read_case_data(path)
        except ProblemsError:
            continue
        if review_state(case, data) in NEEDS_REVIEW:
            found.append(path)
    return found


def review_problems(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, message) for what in `[review]` and `[queries]` carag cannot use (all kept)."""
    problems: list[tuple[str, str]] = []
    review = data.get("review")
    if review is not None:
        if not isinstance(review, Mapping):
            problems.append(("review", "[review] must be a table"))
        else:
            state = review.get("state")
            if state is not None and state not in ("approved", "returned"):
                problems.append(("review.state", f"expected approved or returned, found {state!r}"))
            if state == "approved" and not isinstance(review.get("digest"), str):
                problems.append(("review.digest", "an approval needs the digest it approved"))
            if "trail" in review and not isinstance(review["trail"], list):
                problems.append(("review.trail", "expected an array of inline tables"))
            problems += [
                (f"review.{key}", "unknown key (kept)") for key in review if key not in REVIEW_KEYS
            ]
    queries = data.get("queries")
    if queries is not None:
        if not isinstance(queries, Mapping):
            problems.append(("queries", "[queries] must be a table keyed by question id"))
        else:
            for qid, item in queries.items():
                where = f'queries."{qid}"'
                if not isinstance(item, Mapping):
                    problems.append((where, "expected a table with state and text"))
                    continue
                if item.get("state") not in QUERY_STATES:
                    problems.append(
                        (
                            f"{where}.state",
                            "expected one of "
                            f"{', '.join(QUERY_STATES)}, found {item.get('state')!r}",
                        )
                    )
                if not isinstance(item.get("text"), str):
                    problems.append((f"{where}.text", "expected the query's text"))
    return problems
