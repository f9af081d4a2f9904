"""From a folder of case files to the inspection's results: the API behind `carag report`.

`build_report(paths)` reads every case file under `paths` once (tomllib, through `read_case`),
walks each case once against its guide, and tallies:

- per key question with a summary judgement: the cases whose summary is "yes" (`yes`), the
  cases where the summary applies and is answered (`applicable`, the denominator), the cases
  where it applies but is still unanswered (`unanswered`, shown, not in the denominator), and
  the cases it does not apply to (`not_applicable`: the sub-sample rule, e.g. P3 only where
  risk of harm issues apply);
- per standard: the rating driven by the lowest key-question percentage (ratings.py);
- per yes/no question: yes / no / na / unanswered over the cases where it applies;
- the incomplete cases, so that they can be chased before the figures are final;
- optionally the same figures per group (`by="unit"`, or a case-detail question id);
- with an `inspection.toml`, the provider rating.

Excluded cases (status `excluded`, or excluded by an answer) are counted and nothing else.
Files that do not parse or validate are listed in `Report.errors` and never stop the rest.
The result classes are in results.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from carag_tui.case.answers import check_value
from carag_tui.case.flow import Walk
from carag_tui.case.model import Case, Status
from carag_tui.case.store import read_case_data
from carag_tui.case.workspace import case_files
from carag_tui.guide.model import AnswerType, Guide, Kind, Question
from carag_tui.guide.registry import GuideCatalogue, catalogue
from carag_tui.problems import ProblemsError, suggest
from carag_tui.qa.record import review_state
from carag_tui.report.inspection import Inspection, find_inspection, load_inspection
from carag_tui.report.ratings import (
    JUDGEMENT_STANDARDS,
    STANDARD_SETS,
    Rating,
    provider_rating,
    standard_rating,
)
from carag_tui.report.results import (
    FileError,
    GuideResult,
    IncompleteCase,
    KeyQuestionResult,
    ProviderResult,
    QuestionResult,
    Report,
    Score,
    StandardRating,
    StandardResult,
)

#: Case-file header fields a report can group by (besides case-detail question ids).
HEADER_FIELDS = ("unit", "assessor", "status")
#: The group of cases with no value for the `by` field.
NOT_RECORDED = "(not recorded)"
YES_NO_TYPES = (AnswerType.YES_NO, AnswerType.YES_NO_NA)

#: What a walk settles for a case: applicable questions, their ids, the excluding question.
Applicability = tuple[tuple[Question, ...], frozenset[str], Question | None]


# -- tallying --------------------------------------------------------------------------------


class WalkCache:
    """Walks of one guide, shared by cases that answer the deciding questions alike.

    Which questions apply depends only on the answers to the questions that rules refer to and
    on the answers that can exclude a case; cases agreeing on those get the same walk. So a
    thousand cases need a few dozen walks, and every result is still the `Walk`'s own.
    """

    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        ids: set[str] = set()
        for item in (*guide.standards, *guide.key_questions, *guide.questions):
            if item.condition is not None:
                ids.update(c.question for c in item.condition.comparisons())
        ids.update(q.id for q in guide.questions if any(o.excludes for o in q.options))
        self.ids = tuple(sorted(ids))
        self._walks: dict[tuple[Any, ...], Applicability] = {}

    def get(self, answers: Mapping[str, Any]) -> Applicability:
        """The applicable questions (walk order), their ids, and the excluding question."""
        key = tuple(_hashable(answers.get(qid)) for qid in self.ids)
        found = self._walks.get(key)
        if found is None:
            walk = Walk(self.guide, {q: answers[q] for q in self.ids if q in answers})
            found = (tuple(walk.applicable), frozenset(q.id for q in walk.applicable),
                     walk.excluded_by)
            self._walks[key] = found
        return found


def _hashable(value: Any) -> Any:
    """A cache key for an answer as found in a file (any TOML value, valid or not)."""
    key = (type(value).__name__, tuple(value) if isinstance(value, list) else value)
    try:
        hash(key)
    except TypeError:
        return ("repr", repr(value))
    return key


class _GuideTally:
    """Counters for one guide, filled one case at a time (one walk per case)."""

    def __init__(self, guide: Guide, by: str | None) -> None:
        self.guide = guide
        self.by = by
        self.result = GuideResult(guide, by=by)
        self.yes_no = {q.id: QuestionResult(q) for q in guide.questions
                       if q.answer in YES_NO_TYPES}
        # fast validity check of the common answer types (check_value for the rest)
        self.keys = {q.id: frozenset(q.choice_keys) for q in guide.questions
                     if q.answer in (*YES_NO_TYPES, AnswerType.CHOICE)}
        self.summaries: list[tuple[str, KeyQuestionResult]] = []
        for standard in guide.standards:
            result = StandardResult(standard)
            for kq in guide.key_questions_of(standard.id):
                kq_result = KeyQuestionResult(kq, questions=[
                    self.yes_no[q.id] for q in guide.questions_of(kq.id)
                    if q.id in self.yes_no and q.kind is Kind.PROMPT])
                if kq.summary is not None:
                    self.summaries.append((kq.summary, kq_result))
                if kq.summary is not None or kq_result.questions:
                    result.key_questions.append(kq_result)
            if result.key_questions:
                self.result.standards.append(result)
        self.group_question = (guide.question(by) if by and guide.has_question(by) else None)
        if by and by not in HEADER_FIELDS and self.group_question is None:
            self.result.by = None
        self.group_cases: dict[str, int] = {}
        self.walks = WalkCache(guide)

    def _valid(self, question: Question, value: Any) -> bool:
        keys = self.keys.get(question.id)
        if keys is not None:
            return isinstance(value, str) and value in keys
        return check_value(question, value) is None

    def add(self, path: Path, case: Case) -> None:
        result = self.result
        result.cases += 1
        if case.guide_version and case.guide_version != self.guide.version:
            result.other_versions[case.guide_version] = (
                result.other_versions.get(case.guide_version, 0) + 1)
        if case.status is Status.EXCLUDED:
            result.excluded += 1
            return
        applicable, applies, excluded_by = self.walks.get(case.answers)
        if excluded_by is not None:
            result.excluded += 1
            return
        if case.status is Status.COMPLETE:
            result.complete += 1
        answers = case.answers
        valid: dict[str, Any] = {}
        missing: list[str] = []
        yes_no = self.yes_no
        for question in applicable:
            qid = question.id
            value = answers.get(qid)
            if value is not None and self._valid(question, value):
                valid[qid] = value
            else:
                missing.append(qid)
                value = None
            tally = yes_no.get(qid)
            if tally is not None:
                tally.applies += 1
                if value == "yes":
                    tally.yes += 1
                elif value == "no":
                    tally.no += 1
                elif value == "na":
                    tally.na += 1
                else:
                    tally.unanswered += 1
        groups = self._groups(case, valid) if self.result.by else ()
        for group in groups:
            self.group_cases[group] = self.group_cases.get(group, 0) + 1
        for summary, kq in self.summaries:
            if summary not in applies:
                kq.not_applicable += 1
                continue
            value = valid.get(summary)
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
        if missing:
            result.incomplete.append(IncompleteCase(
                path, case.case, case.unit, case.status, len(missing), missing[0]))

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

    def finish(self) -> GuideResult:
        result = self.result
        result.questions = list(self.yes_no.values())
        result.incomplete.sort(key=lambda c: str(c.path))
        order = self._group_order()
        result.groups = {name: self.group_cases[name] for name in order}
        for standard in result.standards:
            for kq in standard.key_questions:
                kq.groups = {name: kq.groups.get(name, Score()) for name in order}
            if standard.rated:
                standard.groups = {name: standard_rating(
                    k.groups[name].percent for k in standard.key_questions if k.scored)
                    for name in order}
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


def _number_key(number: str | None) -> tuple[int, ...]:
    if not number:
        return (10**6,)
    return tuple(int(part) if part.isdigit() else 10**6 for part in number.split("."))


def _guide_order(result: GuideResult) -> tuple[Any, ...]:
    numbers = [s.number for s in result.guide.standards if s.rated and s.number]
    return (_number_key(numbers[0] if numbers else None), result.guide.id)


# -- the report ------------------------------------------------------------------------------


def check_by(by: str | None, guides: Iterable[Guide]) -> None:
    """Raise ValueError unless `by` is a header field or a question of one of `guides`."""
    if by is None or by in HEADER_FIELDS:
        return
    guides = list(guides)
    if any(g.has_question(by) for g in guides):
        return
    details = [q.id for g in guides for q in g.questions if q.kind is Kind.INFO]
    candidates = [*HEADER_FIELDS, *dict.fromkeys(details)]
    raise ValueError(f"cannot group by {by!r}: not {', '.join(HEADER_FIELDS)} nor a question "
                     f"of the guides{suggest(by, candidates)}")


def build_report(paths: list[Path], guide_id: str | None = None, by: str | None = None, *,
                 inspection_path: Path | None = None,
                 guides: GuideCatalogue | None = None) -> Report:
    """Read every case file under `paths` (folders, searched recursively, or files) and tally.

    - `guide_id`: only cases of this guide (others are counted in `Report.skipped`); raises
      KeyError when no such guide is installed.
    - `by`: group by `unit` (or `assessor`, `status`) or a question id such as `sentence`;
      raises ValueError when neither.
    - `inspection_path`: the inspection file; by default `inspection.toml` at the top of the
      first folder that has one. A bad file is listed in `Report.errors`.
    - `guides`: the guide catalogue (default: the installed guides).

    Guides come out in framework order (2.x case supervision before 3.x, 4.x); files that
    failed are in `Report.errors`, in path order.
    """
    found = guides or catalogue()
    wanted = found.get(guide_id) if guide_id else None
    check_by(by, [wanted] if wanted else found.guides.values())
    report = Report(by=by)
    tallies: dict[str, _GuideTally] = {}
    files = case_files(paths)
    report.files = len(files)
    for path in files:
        try:
            case, data = read_case_data(path)
        except ProblemsError as exc:
            report.errors.append(FileError(path, _problems_text(exc)))
            continue
        except Exception as exc:  # a report never stops for one odd file
            report.errors.append(FileError(path, f"{path}: cannot read: {exc!r}"))
            continue
        if wanted is not None and case.guide != wanted.id:
            report.skipped += 1
            continue
        state = str(review_state(case, data))
        report.review[state] = report.review.get(state, 0) + 1
        tally = tallies.get(case.guide)
        if tally is None:
            guide = found.guides.get(case.guide)
            if guide is None:
                known = ", ".join(sorted(found.guides)) or "none"
                report.errors.append(FileError(
                    path, f"{path}: guide: no guide {case.guide!r} is installed "
                          f"(installed: {known})"))
                continue
            tally = tallies[case.guide] = _GuideTally(guide, by)
        try:
            tally.add(path, case)
        except Exception as exc:
            report.errors.append(FileError(path, f"{path}: cannot tally: {exc!r}"))
    report.guides = sorted((t.finish() for t in tallies.values()), key=_guide_order)
    folders = [Path(p) for p in paths]
    inspection_path = inspection_path or find_inspection(folders)
    if inspection_path is not None:
        try:
            report.inspection = load_inspection(inspection_path)
        except ProblemsError as exc:
            report.errors.append(FileError(inspection_path, _problems_text(exc)))
    if report.inspection is not None:
        report.provider = provider_result(report.inspection, report.guides)
    report.errors.sort(key=lambda e: str(e.path))
    return report


def _problems_text(error: ProblemsError) -> str:
    return "\n".join(str(p) for p in error.problems) or str(error)


def computed_ratings(results: Iterable[GuideResult]) -> dict[str, tuple[str, Rating | None]]:
    """Framework number -> (title, rating) of every rated standard the cases cover."""
    found: dict[str, tuple[str, Rating | None]] = {}
    for result in results:
        for standard in result.standards:
            if standard.rated and standard.number and standard.number not in found:
                found[standard.number] = (standard.title, standard.rating)
    return found


def provider_result(inspection: Inspection, results: Iterable[GuideResult]) -> ProviderResult:
    """The provider rating from computed and entered standard ratings.

    A computed rating wins over an entered one for the same standard (a note says so when
    they differ); an entered rating fills a standard no case covers.
    """
    computed = computed_ratings(results)
    entered = inspection.ratings
    notes: list[str] = []
    kind = inspection.type or _infer_type(computed, entered)
    standards = []
    for number in STANDARD_SETS[kind]:
        title, rating = computed.get(number, (None, None))
        entry = entered.get(number)
        title = title or (entry.title if entry else None) or JUDGEMENT_STANDARDS.get(number, "")
        if rating is not None:
            if entry is not None and entry.rating is not rating:
                notes.append(f"{number}: the entered rating ({entry.rating.label}) is ignored; "
                             f"the cases give {rating.label}")
            standards.append(StandardRating(number, title, rating, "computed"))
        elif entry is not None:
            standards.append(StandardRating(number, title, entry.rating, "entered"))
        else:
            standards.append(StandardRating(number, title, None, "missing"))
    for number in sorted(set(entered) - set(STANDARD_SETS[kind]), key=_number_key):
        notes.append(f"{number}: not one of the {kind.upper()} standards; not counted")
    if any(s.rating is None for s in standards):
        return ProviderResult(inspection.provider, kind, tuple(standards), None, None,
                              tuple(notes))
    score, rating = provider_rating(s.rating for s in standards if s.rating is not None)
    return ProviderResult(inspection.provider, kind, tuple(standards), score, rating,
                          tuple(notes))


def _infer_type(computed: dict[str, Any], entered: dict[str, Any]) -> str:
    """The standard set that the rated standards fit best (ties: the first set)."""
    have = set(computed) | set(entered)
    return min(STANDARD_SETS, key=lambda k: len(set(STANDARD_SETS[k]) - have))
