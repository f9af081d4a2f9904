"""The counters of one guide's cases, filled one case at a time (`GuideTally.add`).

Per key question with a summary judgement: the cases whose summary is "yes" (`yes`), the cases
where the summary applies and is answered (`applicable`, the denominator), those where it
applies but is unanswered (`unanswered`, shown, not in the denominator), and those it does not
apply to (`not_applicable`: the sub-sample rule, e.g. P3 only where risk of harm issues
apply); per yes/no question: yes / no / na / unanswered over the cases where it applies; the
incomplete cases; optionally the same figures per group. Excluded cases are counted and
nothing else. Each case's walk comes from the shared `WalkCache`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from attrs import evolve

from carag_tui.case.judged import to_review
from carag_tui.case.model import Case, Status
from carag_tui.case.walks import SettledCase, WalkCache
from carag_tui.guide.model import AnswerType, Guide, KeyQuestion, Kind, Question
from carag_tui.report.inspection import Inspection
from carag_tui.report.observe import CaseObserver
from carag_tui.report.ratings import standard_rating
from carag_tui.report.results import (
    ClashedCase,
    FileError,
    GuideResult,
    IncompleteCase,
    KeyQuestionResult,
    QuestionResult,
    Score,
    StandardResult,
)

#: Case-file header fields a report can group by (besides case-detail question ids).
HEADER_FIELDS = ("unit", "assessor", "status")
#: The group of cases with no value for the `by` field.
NOT_RECORDED = "(not recorded)"
YES_NO_TYPES = (AnswerType.YES_NO, AnswerType.YES_NO_NA)


def _tallied(question: Question, kq: KeyQuestion) -> bool:
    """Yes/no questions reported under a key question. Without a summary judgement (the youth
    CAG, which has no shading key) the prompt/supplementary kinds are the guide author's
    guess, so they decide nothing: every question but the information ones is counted."""
    if kq.summary is None:
        return question.kind is not Kind.INFO
    return question.kind is Kind.PROMPT


class GuideTally:
    """Counters for one guide; `add` each case, then `finish` for the result."""

    def __init__(
        self,
        guide: Guide,
        by: str | None,
        walks: WalkCache | None = None,
        inspection: Inspection | None = None,
    ) -> None:
        self.guide = guide
        self.observer = CaseObserver(guide, inspection)
        self.result = GuideResult(guide, by=by)
        self.yes_no = {q.id: QuestionResult(q) for q in guide.questions if q.answer in YES_NO_TYPES}
        self.summaries: list[tuple[str, KeyQuestionResult]] = []
        for standard in guide.standards:
            result = StandardResult(standard)
            for kq in guide.key_questions_of(standard.id):
                kq_result = KeyQuestionResult(
                    kq,
                    questions=[
                        self.yes_no[q.id]
                        for q in guide.questions_of(kq.id)
                        if q.id in self.yes_no and _tallied(q, kq)
                    ],
                )
                if kq.summary is not None:
                    self.summaries.append((kq.summary, kq_result))
                if kq.summary is not None or kq_result.questions:
                    result.key_questions.append(kq_result)
            if result.key_questions:
                self.result.standards.append(result)
        self.group_question = guide.question(by) if by and guide.has_question(by) else None
        if by and by not in HEADER_FIELDS and self.group_question is None:
            self.result.by = None
        self.group_cases: dict[str, int] = {}
        self.walks = walks if walks is not None else WalkCache(guide)

    def add(self, path: Path, case: Case, clashed: Collection[str] = ()) -> None:
        """Count one case: excluded ones only as excluded, the rest in every counter. The
        `clashed` answers (a git merge clash) are not counted: the case is listed to resolve."""
        result = self.result
        result.cases += 1
        if clashed:
            result.clashed.append(ClashedCase(path, case.case, case.unit, tuple(sorted(clashed))))
            case = evolve(case, answers={k: v for k, v in case.answers.items() if k not in clashed})
        if case.guide_version and case.guide_version != self.guide.version:
            result.other_versions[case.guide_version] = (
                result.other_versions.get(case.guide_version, 0) + 1
            )
        if case.status is Status.EXCLUDED:
            result.excluded += 1
            return
        settled = self.walks.settle(case.answers)
        if settled.excluded_by is not None:
            result.excluded += 1
            return
        if case.status is Status.COMPLETE:
            result.complete += 1
        self._count_questions(settled)
        self.observer.add(path, case, settled.applies, settled.valid)
        groups = self._groups(case, settled.valid) if result.by else ()
        for group in groups:
            self.group_cases[group] = self.group_cases.get(group, 0) + 1
        self._count_summaries(settled, groups)
        review = (
            to_review(settled.applicable, settled.valid.get, case.judged) if case.judged else ()
        )
        if settled.missing or review:
            result.incomplete.append(
                IncompleteCase(
                    path,
                    case.case,
                    case.unit,
                    case.status,
                    len(settled.missing),
                    settled.missing[0] if settled.missing else None,
                    review,
                )
            )

    def _count_questions(self, settled: SettledCase) -> None:
        """yes / no / na / unanswered of each applicable yes/no question."""
        valid = settled.valid
        for question in settled.applicable:
            tally = self.yes_no.get(question.id)
            if tally is None:
                continue
            tally.applies += 1
            value = valid.get(question.id)
            if value == "yes":
                tally.yes += 1
            elif value == "no":
                tally.no += 1
            elif value == "na":
                tally.na += 1
            else:
                tally.unanswered += 1

    def _count_summaries(self, settled: SettledCase, groups: Sequence[str]) -> None:
        """Each key question's summary judgement, overall and in the case's groups."""
        for summary, kq in self.summaries:
            if summary not in settled.applies:
                kq.not_applicable += 1
                continue
            value = settled.valid.get(summary)
            scores = [kq.groups.setdefault(g, Score()) for g in groups]
            if value is None:
                kq.unanswered += 1
                for score in scores:
                    score.unanswered += 1
                continue
            hit = value == "yes"
            kq.applicable += 1
            kq.yes += hit
            for score in scores:
                score.applicable += 1
                score.yes += hit

    def _groups(self, case: Case, valid: dict[str, Any]) -> Sequence[str]:
        by = self.result.by
        question = self.group_question
        if question is None:
            value = getattr(case, by or "", None)
            return (str(value) if value else NOT_RECORDED,)
        value = valid.get(question.id)
        if value is None:
            return (NOT_RECORDED,)
        if isinstance(value, list):
            return tuple(question.label_for(v) for v in value) or (NOT_RECORDED,)
        if isinstance(value, str) and question.answer is not AnswerType.TEXT:
            return (question.label_for(value),)
        return (str(value),)

    def finish(self, errors: list[FileError] | None = None) -> GuideResult:
        result = self.result
        problem = self.observer.finish(result)
        if problem is not None and errors is not None:
            errors.append(problem)
        result.questions = list(self.yes_no.values())
        result.incomplete.sort(key=lambda c: str(c.path))
        result.clashed.sort(key=lambda c: str(c.path))
        order = self._group_order()
        result.groups = {name: self.group_cases[name] for name in order}
        for standard in result.standards:
            for kq in standard.key_questions:
                kq.groups = {name: kq.groups.get(name, Score()) for name in order}
            if standard.rated:
                standard.groups = {
                    name: standard_rating(
                        k.groups[name].percent for k in standard.key_questions if k.scored
                    )
                    for name in order
                }
        return result

    def _group_order(self) -> list[str]:
        names = [n for n in self.group_cases if n != NOT_RECORDED]
        question = self.group_question
        if question is not None and question.choices:
            rank = {question.label_for(o.key): i for i, o in enumerate(question.choices)}
            names.sort(key=lambda n: (rank.get(n, len(rank)), n))
        else:
            names.sort()
        if NOT_RECORDED in self.group_cases:
            names.append(NOT_RECORDED)
        return names
