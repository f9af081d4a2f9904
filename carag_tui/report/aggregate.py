"""From a folder of case files to the inspection's results: the API behind `carag report`.

`build_report(paths)` reads the case files under `paths` one at a time (the shared scanner,
`case/scan.py`), tallies each case as it is read against a walk shared with the cases that
decide it alike (`tally.py`), and adds the provider rating when there is an `inspection.toml`
(`provider.py`). Only the counters and the results (incomplete cases, errors) are kept, so
memory does not grow with the number of cases beyond them. Files that do not parse or
validate are listed in `Report.errors` and never stop the rest. The result classes are in
results.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from carag_tui.case.clashes import clashed_ids
from carag_tui.case.review_record import review_state
from carag_tui.case.scan import CaseScanner
from carag_tui.guide.model import Guide, Kind
from carag_tui.guide.registry import GuideCatalogue
from carag_tui.problems import ProblemsError, suggest
from carag_tui.report.inspection import find_inspection, load_inspection
from carag_tui.report.observe import apply_inspection
from carag_tui.report.provider import computed_ratings, number_key, provider_result
from carag_tui.report.results import FileError, GuideResult, Report
from carag_tui.report.tally import HEADER_FIELDS, NOT_RECORDED, GuideTally

__all__ = [
    "HEADER_FIELDS",
    "NOT_RECORDED",
    "build_report",
    "check_by",
    "computed_ratings",
    "provider_result",
]


def check_by(by: str | None, guides: Iterable[Guide]) -> None:
    """Raise ValueError unless `by` is a header field or a question of one of `guides`."""
    if by is None or by in HEADER_FIELDS:
        return
    guides = list(guides)
    if any(g.has_question(by) for g in guides):
        return
    details = [q.id for g in guides for q in g.questions if q.kind is Kind.INFO]
    candidates = [*HEADER_FIELDS, *dict.fromkeys(details)]
    raise ValueError(
        f"cannot group by {by!r}: not {', '.join(HEADER_FIELDS)} nor a question "
        f"of the guides{suggest(by, candidates)}"
    )


def build_report(
    paths: list[Path],
    guide_id: str | None = None,
    by: str | None = None,
    *,
    inspection_path: Path | None = None,
    guides: GuideCatalogue | None = None,
) -> Report:
    """Read every case file under `paths` (folders, searched recursively, or files) and tally.

    - `guide_id`: only cases of this guide (others are counted in `Report.skipped`); raises
      GuideNotFound when no such guide is installed.
    - `by`: group by `unit` (or `assessor`, `status`) or a question id such as `sentence`;
      raises ValueError when neither.
    - `inspection_path`: the inspection file; by default `inspection.toml` at the top of the
      first folder that has one. A bad file is listed in `Report.errors`.
    - `guides`: the guide catalogue (default: the installed guides).

    Guides come out in framework order (2.x case supervision before 3.x, 4.x); files that
    failed are in `Report.errors`, in path order.
    """
    scanner = CaseScanner(guides)
    found = scanner.guides
    wanted = found.get(guide_id) if guide_id else None
    check_by(by, [wanted] if wanted else found.guides.values())
    report = Report(by=by, folders=[Path(p) for p in paths], made=datetime.now(UTC))
    _load_inspection(report, inspection_path)
    tallies: dict[str, GuideTally] = {}
    for scanned in scanner.scan(paths):
        report.files += 1
        case, guide = scanned.case, scanned.guide
        if case is not None and wanted is not None and case.guide != wanted.id:
            report.skipped += 1
            continue
        if case is not None:
            state = str(review_state(case, scanned.data))
            report.review[state] = report.review.get(state, 0) + 1
        if case is None or guide is None:
            report.errors.append(FileError(scanned.path, "\n".join(scanned.errors)))
            continue
        tally = tallies.get(guide.id)
        if tally is None:
            tally = tallies[guide.id] = GuideTally(
                guide, by, scanner.walks.of(guide), report.inspection
            )
        try:
            tally.add(scanned.path, case, clashed_ids(scanned.data))
        except Exception as exc:  # a report never stops for one odd file
            report.errors.append(FileError(scanned.path, f"{scanned.path}: cannot tally: {exc!r}"))
    report.guides = sorted((t.finish(report.errors) for t in tallies.values()), key=_guide_order)
    apply_inspection(report)
    if report.inspection is not None:
        report.provider = provider_result(report.inspection, report.guides)
    report.errors.sort(key=lambda e: str(e.path))
    return report


def _guide_order(result: GuideResult) -> tuple[Any, ...]:
    numbers = [s.number for s in result.guide.standards if s.rated and s.number]
    return (number_key(numbers[0] if numbers else None), result.guide.id)


def _load_inspection(report: Report, path: Path | None) -> None:
    """The inspection file (given, or found at the top of a folder); a bad one is an error."""
    path = path or find_inspection(report.folders)
    if path is None:
        return
    try:
        report.inspection = load_inspection(path)
    except ProblemsError as exc:
        report.errors.append(FileError(path, _problems_text(exc)))


def _problems_text(error: ProblemsError) -> str:
    return "\n".join(str(p) for p in error.problems) or str(error)
