"""What `carag check` reports about a case file against its guide."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from attrs import Factory, define

from carag_tui.case.answers import check_value, unavailable_choice
from carag_tui.case.judged import review_message, to_review
from carag_tui.case.lock import read_lock
from carag_tui.case.model import Case, Status
from carag_tui.case.scan import CaseScanner, ScannedCase
from carag_tui.case.walks import SettledCase, WalkCache
from carag_tui.guide.model import Guide
from carag_tui.names import name_problem
from carag_tui.problems import suggest

KNOWN_KEYS = {
    "format",
    "guide",
    "guide_version",
    "case",
    "unit",
    "assessor",
    "status",
    "created",
    "updated",
    "answers",
    "notes",
    "review",
    "queries",
    "judged",
    "conflicts",
}


@define
class CaseCheck:
    path: Path
    case: str | None = None
    guide: str | None = None
    complete: bool = False
    status: str | None = None
    missing: list[str] = Factory(list)
    invalid: list[dict[str, str]] = Factory(list)
    inapplicable: list[str] = Factory(list)
    unknown: list[str] = Factory(list)
    warnings: list[str] = Factory(list)
    errors: list[str] = Factory(list)  # file-level: does not parse, unknown guide, …
    conflicts: list[dict] = Factory(list)  # clashes a git merge left (`case/clashes.py`)
    review: str | None = None  # the review state (`carag_tui.case.review_record.ReviewState`)
    open_queries: list[str] = Factory(list)  # questions with a query not yet closed
    #: Summary judgements whose key question's answers changed after they were given.
    to_review: list[str] = Factory(list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.invalid

    def to_json(self) -> dict:
        return {
            "path": str(self.path),
            "case": self.case,
            "guide": self.guide,
            "status": self.status,
            "complete": self.complete,
            "missing": self.missing,
            "invalid": self.invalid,
            "inapplicable": self.inapplicable,
            "unknown": self.unknown,
            "warnings": self.warnings,
            "errors": self.errors,
            "conflicts": self.conflicts,
            "review": self.review,
            "open_queries": self.open_queries,
            "to_review": self.to_review,
        }


def check_case(
    path: Path,
    case: Case,
    guide: Guide,
    raw_keys: Iterable[str] | None = None,
    settled: SettledCase | None = None,
) -> CaseCheck:
    """What is wrong with, missing from or left over in a case; `settled` is its walk (shared,
    from `WalkCache.settle`), worked out here when not given."""
    if settled is None:
        settled = WalkCache(guide).settle(case.answers)
    result = CaseCheck(path, case.case, case.guide, status=str(case.status))
    problem = name_problem(case.case, "case reference")  # the rule `carag new` applies
    if problem is not None:
        result.errors.append(f"case: {problem}")
    if case.guide_version and case.guide_version != guide.version:
        result.warnings.append(
            f"assessed against {guide.id} version {case.guide_version}; "
            f"the installed guide is version {guide.version}"
        )
    for key in raw_keys or []:
        if key not in KNOWN_KEYS:
            result.unknown.append(key)
            result.warnings.append(f"unknown key {key!r} (kept){suggest(key, KNOWN_KEYS)}")
    for qid, value in case.answers.items():
        if not guide.has_question(qid):
            result.unknown.append(qid)
            result.warnings.append(
                f"answers.{qid}: no such question in {guide.id} "
                f"(kept){suggest(qid, [q.id for q in guide.questions])}"
            )
            continue
        if qid in settled.valid:  # the walk has found it valid already
            continue
        question = guide.question(qid)
        problem = check_value(question, value)
        if problem is None and qid in settled.applies:
            problem = unavailable_choice(question, value, settled.valid.get)
        if problem:
            result.invalid.append({"id": qid, "error": problem})
    for qid in case.notes:
        if not guide.has_question(qid):
            result.warnings.append(f"notes.{qid}: no such question in {guide.id} (kept)")
    result.missing = list(settled.missing)
    result.inapplicable = [
        qid for qid in case.answers if guide.has_question(qid) and qid not in settled.applies
    ]
    result.complete = not result.missing
    result.to_review = list(to_review(settled.applicable, settled.valid.get, case.judged))
    if result.to_review:
        result.warnings.append(review_message(result.to_review))
    if case.status is Status.COMPLETE and not result.complete:
        result.errors.append(
            f"marked complete but {len(result.missing)} applicable questions are unanswered"
        )
    holder = read_lock(path)
    if holder is not None and holder.stale:
        result.warnings.append(f"stale lock left by {holder.describe()}")
    return result


def check_scanned(scanner: CaseScanner, scanned: ScannedCase) -> CaseCheck:
    """`check_case` of a file the scanner read (or why it could not be read)."""
    case = scanned.case
    if case is None:
        return CaseCheck(scanned.path, errors=list(scanned.errors))
    if scanned.guide is None:
        return CaseCheck(scanned.path, case.case, case.guide, errors=list(scanned.errors))
    return check_case(scanned.path, case, scanned.guide, scanned.keys, scanner.settle(scanned))


def check_files(targets: Iterable[Path], scanner: CaseScanner | None = None) -> Iterator[CaseCheck]:
    """Check every case file named or under the folders named, one at a time, as read."""
    scanner = scanner or CaseScanner()
    for scanned in scanner.scan(targets):
        yield check_scanned(scanner, scanned)
