"""The case at a glance, the same in every front end: the walk's questions by key question,
each with its answer or a gap (and, when asked for, the ones skipped and why)."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from carag_tui.case.answers import format_value
from carag_tui.case.flow import Progress, Skip, Walk
from carag_tui.case.judged import to_review
from carag_tui.guide.model import KeyQuestion, Question, Standard
from carag_tui.guide.rules import AnswerValue


@frozen
class OutlineRow:
    question: Question
    answer: AnswerValue | None = None  # the valid answer; None: a gap (or skipped)
    skip: Skip | None = None  # why the question does not apply (only with `skipped=True`)
    kept: AnswerValue | None = None  # a skipped question's answer, kept in the file
    to_review: bool = False  # a summary judgement whose key question's answers changed since

    @property
    def applies(self) -> bool:
        return self.skip is None

    @property
    def label(self) -> str | None:
        """The answer as the inspector reads it; None for a gap."""
        return format_value(self.question, self.answer) if self.answer is not None else None

    @property
    def kept_label(self) -> str | None:
        """A skipped question's kept answer as the inspector reads it; None when it has none."""
        return format_value(self.question, self.kept) if self.kept is not None else None


@frozen
class OutlineSection:
    standard: Standard
    key_question: KeyQuestion
    progress: Progress  # of the applicable questions
    rows: tuple[OutlineRow, ...]

    @property
    def heading(self) -> str:
        """`4.1 Unpaid work › 4.1.1 Is the assessment…`."""
        return f"{self.standard.label} › {self.key_question.label}"


def outline(
    walk: Walk, *, skipped: bool = False, judged: Mapping[str, str] | None = None
) -> list[OutlineSection]:
    """The applicable questions (with `skipped`, every question of the guide) in walk order,
    a section per key question; `judged` (the case's) marks the summaries to review."""
    guide = walk.guide
    flagged = set(to_review(walk.applicable, walk.answer, judged)) if judged else set()
    questions = guide.questions if skipped else walk.applicable
    sections: list[OutlineSection] = []
    rows: list[OutlineRow] = []
    current: KeyQuestion | None = None

    def close() -> None:
        if current is not None and rows:
            sections.append(
                OutlineSection(
                    guide.standard(current.standard),
                    current,
                    walk.progress(current.id),
                    tuple(rows),
                )
            )

    for question in questions:
        kq = guide.key_question_of(question)
        if current is None or kq.id != current.id:
            close()
            current, rows = kq, []
        if walk.applies(question.id):
            rows.append(
                OutlineRow(question, walk.answer(question.id), to_review=question.id in flagged)
            )
        else:
            rows.append(
                OutlineRow(
                    question, skip=walk.skipped[question.id], kept=walk.answers.get(question.id)
                )
            )
    close()
    return sections


__all__ = ["OutlineRow", "OutlineSection", "outline"]
