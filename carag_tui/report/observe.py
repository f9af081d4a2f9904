"""What a report notes about each case besides the tallies: practice examples, strata, and the
confidence and population each guide's intervals use.

The tally (aggregate.py) calls `CaseObserver.add` once per assessed case with the answers it
counted; `finish` puts the findings on the guide's result. Keeping this apart keeps the
tallying loop small.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from carag_tui.case.model import EXAMPLE_KINDS, Case
from carag_tui.guide.model import Guide
from carag_tui.report.inspection import FILE_NAME, Inspection
from carag_tui.report.intervals import DEFAULT_CONFIDENCE
from carag_tui.report.results import FileError, GuideResult, PracticeExample, Report
from carag_tui.report.strata import StrataCounter, unknown_fields


class CaseObserver:
    """Collects one guide's practice examples and strata counts as its cases are read."""

    def __init__(self, guide: Guide, inspection: Inspection | None) -> None:
        self.guide = guide
        self.examples: list[PracticeExample] = []
        self.strata: StrataCounter | None = None
        self.problem: FileError | None = None
        strata = inspection.strata.get(guide.id) if inspection else None
        if strata is not None and inspection is not None:
            unknown = unknown_fields(strata, guide)
            if unknown:
                where = inspection.path or Path(FILE_NAME)
                self.problem = FileError(
                    where,
                    (
                        f'{where}: strata."{guide.id}".by: not a header field (unit, assessor) '
                        f"nor a question of the guide: {', '.join(unknown)}"
                    ),
                )
            else:
                self.strata = StrataCounter(guide, strata, inspection.tolerance[guide.id])

    def add(
        self,
        path: Path,
        case: Case,
        applies: Iterable[str] | frozenset[str],
        valid: Mapping[str, Any],
    ) -> None:
        """One assessed case: `applies` the applicable question ids, `valid` its counted
        answers."""
        if case.examples:
            self._examples(path, case, applies)
        if self.strata is not None:
            self.strata.add(
                {"unit": case.unit, "assessor": case.assessor, "status": case.status.value}, valid
            )

    def _examples(self, path: Path, case: Case, applies: Iterable[str]) -> None:
        applicable = applies if isinstance(applies, frozenset) else frozenset(applies)
        guide = self.guide
        for qid, kind in case.examples.items():
            note = case.notes.get(qid, "").strip()
            if kind not in EXAMPLE_KINDS or not note:
                continue  # a mark without a note has nothing to quote
            if guide.has_question(qid) and qid not in applicable:
                continue  # a question that no longer applies is not counted
            kq = standard = None
            if guide.has_question(qid):
                question = guide.question(qid)
                kq, standard = question.key_question, guide.standard_of(question).id
            self.examples.append(
                PracticeExample(path, case.case, case.unit, qid, kind, note, standard, kq)
            )

    def finish(self, result: GuideResult) -> FileError | None:
        """Put the findings on `result`; return a problem to list with the errors, if any."""
        result.examples = self.examples
        if self.strata is not None:
            result.representation = self.strata.finish()
        return self.problem


def apply_inspection(report: Report) -> None:
    """Set each key question's confidence level and (for the whole sample) population."""
    inspection = report.inspection
    confidence = report.confidence
    for result in report.guides:
        population = inspection.population.get(result.guide.id) if inspection else None
        result.confidence = confidence
        result.population = population
        for kq in result.key_questions:
            kq.confidence = confidence
            # a sub-sample's own eligible population is not known: no correction (wider)
            kq.population = None if kq.subsample else population


__all__ = ["DEFAULT_CONFIDENCE", "CaseObserver", "apply_inspection"]
