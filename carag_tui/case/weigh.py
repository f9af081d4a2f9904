"""What the inspector weighs before a summary judgement, the same in every front end: the
answers given so far in its key question, prompt-linked ones apart from the others, counted by
the answer as the inspector reads it ("Yes", "No", an option's label)."""

from __future__ import annotations

from collections import Counter

from attrs import frozen

from carag_tui.case.answers import format_value
from carag_tui.case.flow import Walk
from carag_tui.guide.model import AnswerType, KeyQuestion, Kind, Question
from carag_tui.guide.rules import AnswerValue

#: The groups, in the order shown: a title and the kinds of question in it.
GROUPS: tuple[tuple[str, tuple[Kind, ...]], ...] = (
    ("Prompt-linked", (Kind.PROMPT,)),
    ("Supplementary and information", (Kind.SUPPLEMENTARY, Kind.INFO)),
)
#: What a typed answer (several choices, a number, a date, text) counts as.
OTHER = "other"
#: What an unanswered question shows in `by_answer`.
GAP = "—"
_COUNTED = (AnswerType.YES_NO, AnswerType.YES_NO_NA, AnswerType.CHOICE)


@frozen
class Weighed:
    question: Question
    answer: AnswerValue | None

    @property
    def label(self) -> str | None:
        """The answer as shown; None when unanswered."""
        return format_value(self.question, self.answer) if self.answer is not None else None

    @property
    def counted_as(self) -> str:
        """The label it is counted under: the answer's label, `other`, or `—` (no answer)."""
        if self.answer is None:
            return GAP
        if self.question.answer in _COUNTED and isinstance(self.answer, str):
            return format_value(self.question, self.answer)
        return OTHER

    @property
    def is_no(self) -> bool:
        """A `No`: set apart (in bold) as it weighs most against a positive judgement."""
        return self.answer == "no"


@frozen
class WeighGroup:
    title: str
    rows: tuple[Weighed, ...]

    @property
    def answered(self) -> int:
        return sum(row.answer is not None for row in self.rows)

    @property
    def unanswered(self) -> int:
        return len(self.rows) - self.answered

    def counts(self) -> list[tuple[str, int]]:
        """(label, how many gave it) of the answers given, the most given first."""
        counted = Counter(row.counted_as for row in self.rows if row.answer is not None)
        return sorted(counted.items(), key=lambda item: (-item[1], item[0]))

    def by_answer(self) -> list[tuple[str, list[str]]]:
        """(label, ids of the questions that gave it), in `counts` order, gaps (`—`) last."""
        gave: dict[str, list[str]] = {label: [] for label, _ in self.counts()}
        for row in self.rows:
            gave.setdefault(row.counted_as, []).append(row.question.id)
        return list(gave.items())


def to_weigh(walk: Walk, key_question: KeyQuestion) -> list[WeighGroup]:
    """The groups of the key question's applicable questions that have any, in `GROUPS`
    order (the summary judgement itself is in none)."""
    members = walk.questions_in(key_question.id)
    groups = []
    for title, kinds in GROUPS:
        rows = tuple(Weighed(q, walk.answer(q.id)) for q in members if q.kind in kinds)
        if rows:
            groups.append(WeighGroup(title, rows))
    return groups


__all__ = ["GROUPS", "WeighGroup", "Weighed", "to_weigh"]
