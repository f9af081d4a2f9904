"""`carag check`: each case file's errors, warnings, review state and open queries, printed as
each file is read."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from carag_tui.case.checks import CaseCheck, check_scanned
from carag_tui.case.scan import CaseScanner, ScannedCase


def check_file(path: Path) -> CaseCheck:
    """Check one case file, reading and parsing it once."""
    scanner = CaseScanner()
    return _check(scanner, scanner.read(path))


def _check(scanner: CaseScanner, scanned: ScannedCase) -> CaseCheck:
    """The core's check of a case, with its clashes (team), review state and open queries
    (qa)."""
    result = check_scanned(scanner, scanned)
    if scanned.case is None or scanned.guide is None:
        return result
    from carag_tui.case.clashes import clash_list, describe_clash

    path = scanned.path
    result.conflicts = clash_list(scanned.data)
    result.errors += [
        f"both sides of a git merge changed {describe_clash(clash)}: pick one "
        f"with `carag open {path}`"
        for clash in result.conflicts
    ]
    from carag_tui.case.review_record import open_queries, review_problems, review_state

    guide, data = scanned.guide, scanned.data
    result.review = str(review_state(scanned.case, data))
    result.open_queries = [q.qid for q in open_queries(data)]
    result.warnings += [f"{where}: {message}" for where, message in review_problems(data)]
    result.warnings += [
        f"queries.{qid}: no such question in {guide.id} (kept)"
        for qid in result.open_queries
        if not guide.has_question(qid)
    ]
    return result


def cmd_check(args: Any) -> int:
    """Each file's result is printed as soon as it is read (JSON too, one entry at a time), so
    a large folder starts printing at once and nothing but the counts is kept."""
    checked = bad = 0
    review = ReviewCounts()
    as_json = args.format == "json"
    if as_json:
        sys.stdout.write('{\n  "files": [')
    scanner = CaseScanner()
    for scanned in scanner.scan([Path(t) for t in args.targets]):
        result = _check(scanner, scanned)
        if as_json:
            entry = json.dumps(result.to_json(), indent=2).replace("\n", "\n    ")
            sys.stdout.write(f"{',' if checked else ''}\n    {entry}")
        else:
            print_check(result)
        checked += 1
        bad += not result.ok
        review.add(result)
    if as_json:
        sys.stdout.write("\n  ]\n}\n" if checked else "]\n}\n")
    else:
        print(review.line())
        print(f"{checked} files checked, {bad} with errors")
    return 1 if bad or not checked else 0


def print_check(result: CaseCheck) -> None:
    state = "complete" if result.complete else f"{len(result.missing)} to answer"
    if result.to_review:
        n = len(result.to_review)
        state += f", {n} summary judgement{'s' * (n != 1)} to review"
    head = "ERROR" if not result.ok else "ok"
    print(
        f"{result.path}: {head} — {result.case or '?'} ({result.guide or '?'}), "
        f"{result.status or '?'}, {state}"
    )
    for error in result.errors:
        print(f"  error: {error}")
    for item in result.invalid:
        print(f"  invalid answers.{item['id']}: {item['error']}")
    for warning in result.warnings:
        print(f"  warning: {warning}")
    if result.inapplicable:
        print(f"  answers kept for questions that do not apply: {', '.join(result.inapplicable)}")
    if result.review in ("stale", "returned") or result.open_queries:
        print(f"  review: {_review_line(result)}")


def _review_line(result: CaseCheck) -> str:
    from carag_tui.case.review_record import ReviewState

    parts = [ReviewState(result.review).label] if result.review else []
    if result.review == "stale":
        parts[-1] += " (an answer or note changed since it was approved)"
    if result.open_queries:
        parts.append(f"open queries at {', '.join(result.open_queries)}")
    return "; ".join(parts)


class ReviewCounts:
    """The review states and open queries of the cases checked, counted as they go by."""

    STATES = ("approved", "stale", "awaiting_review", "returned")

    def __init__(self) -> None:
        self.counts = dict.fromkeys(self.STATES, 0)
        self.queries = 0

    def add(self, result: CaseCheck) -> None:
        if result.review in self.counts:
            self.counts[result.review] += 1
        self.queries += len(result.open_queries)

    def line(self) -> str:
        """`Review: 3 approved, 1 stale, 5 awaiting review, 1 returned, 2 open queries`."""
        counts, queries = self.counts, self.queries
        return (
            f"Review: {counts['approved']} approved, {counts['stale']} stale, "
            f"{counts['awaiting_review']} awaiting review, {counts['returned']} returned, "
            f"{queries} open quer{'y' if queries == 1 else 'ies'}"
        )
