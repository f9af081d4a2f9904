"""One case in a line: what the workspace list shows of a case file, and how it is worked out.

A `CaseSummary` is read from the file through the one scanner (`CaseScanner`, walks shared
between cases) or taken from the workspace index (`index.py`) while the file is unchanged.
Its strings come from a hand-editable file (or an index that may have been tampered with):
front ends show them through `safetext.visible`.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from attrs import frozen

from carag_tui.case.clashes import clashed_ids
from carag_tui.case.review_record import review_state
from carag_tui.case.scan import CaseScanner

#: The review states shown in the status column (in progress shows the status itself).
REVIEW_SHOWN = {
    "awaiting_review": "to review",
    "approved": "approved",
    "stale": "stale",
    "returned": "returned",
}
STATUSES = ("in_progress", "complete", "excluded")
REVIEWS = ("in_progress", *REVIEW_SHOWN)


@frozen
class CaseSummary:
    """A case file's row: an unreadable file has status "error" and `error` says why."""

    path: Path
    ref: str
    guide_id: str
    unit: str
    status: str
    answered: int
    applicable: int
    updated_at: datetime | None = None
    review: str = ""  # the review state (`carag_tui.case.review_record.ReviewState`)
    error: str | None = None
    clashes: tuple[str, ...] = ()  # answers a git merge left clashing (`case/clashes.py`)

    @property
    def awaiting_review(self) -> bool:
        return self.review in ("awaiting_review", "stale")

    @property
    def shown_status(self) -> str:
        """The status column: a git clash first, else the review state where it says more
        than the status does."""
        if self.clashes:
            return "clash"
        return (
            REVIEW_SHOWN.get(self.review, self.status) if self.status != "excluded" else self.status
        )

    def matches(self, needle: str) -> bool:
        """Every word of `needle` is in the reference, guide, unit, status or file name."""
        hay = (
            f"{self.ref} {self.guide_id} {self.unit} {self.status} "
            f"{self.shown_status} {self.review} {self.path.name}"
        ).lower()
        return all(part in hay for part in needle.lower().split())


def unreadable(path: Path, error: str) -> CaseSummary:
    return CaseSummary(path, path.stem, "", "", "error", 0, 0, error=error)


def summarise(scanner: CaseScanner, path: Path) -> CaseSummary:
    """Read case file `path` into its row; a file that does not read becomes a row saying why."""
    scanned = scanner.read(path)
    if not scanned.ok:
        return unreadable(path, scanned.errors[0] if scanned.errors else f"{path}: cannot read")
    case = scanned.case
    assert case is not None and scanned.guide is not None
    progress = scanner.settle(scanned).progress
    intern = sys.intern  # thousands of rows share a few guides, units and states
    return CaseSummary(
        path,
        case.case,
        intern(scanned.guide.id),
        intern(case.unit or ""),
        intern(str(case.status)),
        progress.answered,
        progress.applicable,
        case.updated,
        intern(str(review_state(case, scanned.data))),
        clashes=tuple(sorted(clashed_ids(scanned.data))),
    )
