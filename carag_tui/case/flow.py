"""The walk: which questions apply to a case, in what order, and how far it has got.

Rules may only use earlier answers, so one pass in walk order settles every question.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import frozen

from carag_tui.case.answers import (
    available_choices,
    check_value,
    format_value,
    unavailable_choice,
)
from carag_tui.guide.model import AnswerType, Guide, KeyQuestion, Option, Question
from carag_tui.guide.rules import AnswerValue


@frozen
class Skip:
    """Why a question does not apply: the rule (and on what) that was false, and the answers
    it looked at, as they were (None: not answered)."""

    rule: str
    on: str  # "question A3.5", "key question P3", "standard A", or "excluded by C1"
    answers: tuple[tuple[str, AnswerValue | None], ...] = ()

    def describe(self, guide: Guide) -> str:
        """`org is CRC (question A3.19: org == nps)`: the answers first, as they matter most
        to the inspector and survive being cut short, then the rule."""
        given = [
            f"{qid} is {format_value(guide.question(qid), value)}"
            if value is not None
            else f"{qid} is not answered"
            for qid, value in self.answers
            if guide.has_question(qid)
        ]
        reason = f"{self.on}: {self.rule}" if self.rule else self.on
        return f"{', '.join(given)} ({reason})" if given else reason


@frozen
class Progress:
    answered: int
    applicable: int

    @property
    def done(self) -> bool:
        return self.answered >= self.applicable

    @property
    def fraction(self) -> float:
        return self.answered / self.applicable if self.applicable else 1.0


class Walk:
    """The applicable questions of `guide` given `answers`; re-evaluate after each change."""

    def __init__(self, guide: Guide, answers: Mapping[str, Any]) -> None:
        self.guide = guide
        self.answers = answers
        self.applicable: list[Question] = []
        self.skipped: dict[str, Skip] = {}
        self.excluded_by: Question | None = None
        self.evaluate()

    def evaluate(self) -> None:
        """Settle which questions apply, in one pass over the guide."""
        guide, values = self.guide, dict[str, AnswerValue]()
        self.applicable, self.skipped, self.excluded_by = [], {}, None
        lookup = values.get
        standard_ok: dict[str, Skip | None] = {}
        key_ok: dict[str, Skip | None] = {}
        for question in guide.questions:
            if self.excluded_by is not None:
                excluder = self.excluded_by.id
                self.skipped[question.id] = Skip(
                    "case excluded", excluder, ((excluder, values.get(excluder)),)
                )
                continue
            kq = guide.key_question_of(question)
            if kq.standard not in standard_ok:
                standard = guide.standard(kq.standard)
                standard_ok[kq.standard] = _skip(
                    standard.condition, standard.rule, f"standard {standard.id}", lookup
                )
            if kq.id not in key_ok:
                key_ok[kq.id] = standard_ok[kq.standard] or _skip(
                    kq.condition, kq.rule, f"key question {kq.id}", lookup
                )
            reason = key_ok[kq.id] or _skip(
                question.condition, question.rule, f"question {question.id}", lookup
            )
            if reason is not None:
                self.skipped[question.id] = reason
                continue
            self.applicable.append(question)
            value = self.answers.get(question.id)
            if (
                value is not None
                and check_value(question, value) is None
                and unavailable_choice(question, value, lookup) is None
            ):
                values[question.id] = value
                if _excludes(question, value):
                    self.excluded_by = question
        self._index = {q.id: i for i, q in enumerate(self.applicable)}
        self._valid = values  # the valid answers of the applicable questions

    # -- questions -------------------------------------------------------------------------

    def applies(self, qid: str) -> bool:
        return qid in self._index

    def answer(self, qid: str) -> AnswerValue | None:
        """The valid answer to an applicable question, else None (as of the last evaluate())."""
        return self._valid.get(qid)

    def choices(self, qid: str) -> tuple[Option, ...]:
        """The answers offered at `qid` in this case (an option's rule may leave it out)."""
        return available_choices(self.guide.question(qid), self._valid.get)

    def is_answered(self, question: Question) -> bool:
        return self.answer(question.id) is not None

    def first_unanswered(self, after: str | None = None) -> Question | None:
        """The first unanswered applicable question (after `after`, wrapping to the start)."""
        start = self._index.get(after, -1) + 1 if after else 0
        order = self.applicable[start:] + self.applicable[:start]
        return next((q for q in order if not self.is_answered(q)), None)

    def next(self, qid: str) -> Question | None:
        """The applicable question after `qid` (which may itself no longer apply)."""
        position = self.guide.position(qid)
        return next((q for q in self.applicable if self.guide.position(q.id) > position), None)

    def previous(self, qid: str) -> Question | None:
        position = self.guide.position(qid)
        earlier = [q for q in self.applicable if self.guide.position(q.id) < position]
        return earlier[-1] if earlier else None

    def resume_at(self) -> Question | None:
        """Where `carag open` starts: the first unanswered question, else the last one."""
        return self.first_unanswered() or (self.applicable[-1] if self.applicable else None)

    # -- key questions ---------------------------------------------------------------------

    def key_questions(self) -> list[KeyQuestion]:
        seen: dict[str, KeyQuestion] = {}
        for question in self.applicable:
            seen.setdefault(question.key_question, self.guide.key_question_of(question))
        return list(seen.values())

    def questions_in(self, key_question_id: str) -> list[Question]:
        return [q for q in self.applicable if q.key_question == key_question_id]

    def key_question_applies(self, key_question_id: str) -> bool:
        return any(q.key_question == key_question_id for q in self.applicable)

    def next_key_question(self, qid: str, step: int) -> Question | None:
        """First question of the next (step=1) or previous (step=-1) applicable key question."""
        keys = [k.id for k in self.key_questions()]
        current = self.guide.question(qid).key_question
        if current not in keys:
            following = self.next(qid) if step > 0 else self.previous(qid)
            return following
        index = keys.index(current) + step
        if not 0 <= index < len(keys):
            return None
        return self.questions_in(keys[index])[0]

    # -- progress --------------------------------------------------------------------------

    def progress(self, key_question_id: str | None = None) -> Progress:
        questions = (
            self.applicable if key_question_id is None else self.questions_in(key_question_id)
        )
        return Progress(sum(1 for q in questions if self.is_answered(q)), len(questions))

    @property
    def complete(self) -> bool:
        """Every applicable question answered (an excluded case is complete at its exclusion)."""
        return self.first_unanswered() is None

    def missing(self) -> list[Question]:
        return [q for q in self.applicable if not self.is_answered(q)]

    def inapplicable_answers(self) -> list[str]:
        """Answered questions of the guide that do not apply (kept in the file, not counted)."""
        return [qid for qid in self.answers if self.guide.has_question(qid) and qid in self.skipped]


def _skip(condition: Any, rule: str | None, on: str, lookup: Any) -> Skip | None:
    if condition is None or condition.evaluate(lookup):
        return None
    looked_at = dict.fromkeys(c.question for c in condition.comparisons())
    return Skip(rule or "", on, tuple((qid, lookup(qid)) for qid in looked_at))


def _excludes(question: Question, value: AnswerValue) -> bool:
    if question.answer is not AnswerType.CHOICE:
        return False
    return any(o.excludes and o.key == value for o in question.options)
