"""Agreement between two folders of assessments of the same cases, question by question.

Cases are paired by reference. A question counts a pair only where it applies in both walks
and both assessors answered it (`n`); key questions are compared on their summary judgement.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from attrs import Factory, define, frozen

from carag_tui.case.flow import Walk
from carag_tui.case.model import Case
from carag_tui.case.store import read_case
from carag_tui.case.workspace import case_files
from carag_tui.guide.model import AnswerType, Guide, Kind, Question
from carag_tui.problems import ProblemsError
from carag_tui.qa.statistics import Agreement, agreement


class GuideChoiceNeeded(ValueError):
    """The pairs use several guides: one must be chosen (`guides` lists them)."""

    def __init__(self, guides: list[str]) -> None:
        self.guides = guides
        super().__init__(
            f"the cases use {len(guides)} guides ({', '.join(guides)}): choose one with --guide ID"
        )


@frozen
class ItemAgreement:
    """One prompt question, or one key question's summary judgement."""

    id: str
    text: str
    stats: Agreement
    disagreeing: tuple[str, ...] = ()  # case references

    def to_json(self) -> dict[str, Any]:
        s = self.stats
        return {
            "id": self.id,
            "n": s.n,
            "agreement": s.agreement,
            "kappa": s.kappa,
            "kappa_se": s.kappa_se,
            "ac1": s.ac1,
            "kappa_undefined": s.kappa_undefined,
            "disagreeing": list(self.disagreeing),
        }


@define
class AgreementReport:
    dir_a: Path
    dir_b: Path
    guide: Guide | None = None
    paired: int = 0
    only_a: list[str] = Factory(list)
    only_b: list[str] = Factory(list)
    skipped: list[str] = Factory(list)  # pairs left out, with why
    problems: list[str] = Factory(list)  # files that could not be read
    questions: list[ItemAgreement] = Factory(list)
    key_questions: list[ItemAgreement] = Factory(list)

    def to_json(self) -> dict[str, Any]:
        return {
            "questions": [q.to_json() for q in self.questions],
            "key_questions": [k.to_json() for k in self.key_questions],
            "guide": self.guide.id if self.guide else None,
            "cases": {
                "paired": self.paired,
                "only_in_a": self.only_a,
                "only_in_b": self.only_b,
                "skipped": self.skipped,
            },
            "problems": self.problems,
        }


def _read_folder(folder: Path, problems: list[str]) -> dict[str, Case]:
    found: dict[str, Case] = {}
    where: dict[str, Path] = {}
    for path in case_files([folder]):
        try:
            case = read_case(path)
        except ProblemsError as exc:
            problems.extend(str(p) for p in exc.problems)
            continue
        if case.case in found:
            problems.append(
                f"{path}: case {case.case} is also in {where[case.case]}; the first is used"
            )
            continue
        found[case.case], where[case.case] = case, path
    return found


def category(value: Any) -> Hashable:
    """An answer as one category (several ticks as one, in any order)."""
    if isinstance(value, list):
        return tuple(sorted(map(str, value)))
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, Hashable) else repr(value)


def categories(question: Question) -> int | None:
    """How many answers a question allows (AC1's q), where the guide says."""
    if question.answer in (AnswerType.YES_NO, AnswerType.YES_NO_NA, AnswerType.CHOICE):
        return len(question.choice_keys)
    return None


def _item(
    item_id: str, text: str, question: Question, pairs: Iterable[tuple[str, Walk, Walk]]
) -> ItemAgreement:
    answered: list[tuple[Hashable, Hashable]] = []
    disagreeing: list[str] = []
    for ref, walk_a, walk_b in pairs:
        a, b = walk_a.answer(question.id), walk_b.answer(question.id)
        if a is None or b is None:  # not answered, or does not apply, in one of them
            continue
        pair = (category(a), category(b))
        answered.append(pair)
        if pair[0] != pair[1]:
            disagreeing.append(ref)
    return ItemAgreement(
        item_id, text, agreement(answered, categories(question)), tuple(disagreeing)
    )


def compute_agreement(
    dir_a: Path, dir_b: Path, guide_id: str | None = None, guides: dict[str, Guide] | None = None
) -> AgreementReport:
    """Agreement over the cases both folders hold. Raises `GuideChoiceNeeded`, and GuideNotFound
    for a guide that is not installed."""
    from carag_tui.guide.registry import catalogue

    report = AgreementReport(Path(dir_a), Path(dir_b))
    cases_a = _read_folder(Path(dir_a), report.problems)
    cases_b = _read_folder(Path(dir_b), report.problems)
    report.only_a = sorted(set(cases_a) - set(cases_b))
    report.only_b = sorted(set(cases_b) - set(cases_a))
    both = sorted(set(cases_a) & set(cases_b))
    used = sorted({cases_a[ref].guide for ref in both if cases_a[ref].guide == cases_b[ref].guide})
    if guide_id is None and len(used) > 1:
        raise GuideChoiceNeeded(used)
    chosen = guide_id or (used[0] if used else None)
    for ref in both:
        a, b = cases_a[ref], cases_b[ref]
        if a.guide != b.guide:
            report.skipped.append(f"{ref}: {a.guide} in one folder, {b.guide} in the other")
    if chosen is None:
        return report
    guide = (guides or {}).get(chosen) or catalogue().get(chosen)
    report.guide = guide
    walks = [
        (ref, Walk(guide, cases_a[ref].answers), Walk(guide, cases_b[ref].answers))
        for ref in both
        if cases_a[ref].guide == cases_b[ref].guide == chosen
    ]
    report.paired = len(walks)
    for question in guide.questions:
        if question.kind is Kind.PROMPT:
            report.questions.append(_item(question.id, question.text, question, walks))
    for kq in guide.key_questions:
        if kq.summary is not None and guide.has_question(kq.summary):
            summary = guide.question(kq.summary)
            report.key_questions.append(_item(kq.id, kq.label, summary, walks))
    return report
