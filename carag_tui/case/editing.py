"""Changing a case: an answer, and what it does to the walk and the case's status.

The tomlkit edits (`document`) are imported when a case is first changed, not when it is read.
"""

from __future__ import annotations

from pathlib import Path

from attrs import field, frozen

from carag_tui.case.answers import unavailable_choice
from carag_tui.case.flow import Walk
from carag_tui.case.judged import record, review_message, to_review
from carag_tui.case.model import Case, Status
from carag_tui.case.no_longer import no_longer_apply
from carag_tui.case.store import CaseFile, create_case
from carag_tui.guide.model import Guide
from carag_tui.guide.rules import AnswerValue
from carag_tui.names import NAME, name_problem

CASE_REF = NAME  # the one rule (`carag_tui.names`), matched whole


@frozen
class Change:
    """What an answer changed in the walk, for a one-line message."""

    stopped: tuple[str, ...] = ()  # questions that no longer apply
    started: tuple[str, ...] = ()  # questions that now apply
    status: Status | None = None  # the new status, when it changed
    walk: Walk | None = field(default=None, eq=False)  # the walk after the answer
    #: Summary judgements this change left to review (their key question's answers changed).
    to_review: tuple[str, ...] = ()
    confirmed: str | None = None  # a summary to review, answered again: no longer flagged
    answered: str | None = field(default=None, eq=False)  # the question whose answer changed

    def describe(self) -> str:
        parts = []
        if self.stopped:
            parts.append(
                no_longer_apply(self.walk, self.stopped, self.answered)
                if self.walk is not None
                else f"{', '.join(self.stopped)} no longer apply"
            )
        if self.started:
            n = len(self.started)
            parts.append(f"{n} question{'s' * (n != 1)} now appl{'y' if n != 1 else 'ies'}")
        if self.status is Status.EXCLUDED:
            parts.append("the case is excluded from the sample")
        if self.to_review:
            parts.append(review_message(self.to_review))
        if self.confirmed:
            parts.append(f"{self.confirmed} confirmed on the answers as they are now")
        return "; ".join(parts)


def apply_answer(
    casefile: CaseFile,
    guide: Guide,
    qid: str,
    value: AnswerValue | None,
    before: Walk | None = None,
) -> Change:
    """Set an answer (None clears it) and keep the status in step with the walk.

    `before` is the walk as it stood, when the caller already has it. ValueError when the
    answer is an option that is not offered in this case (its rule does not hold).
    """
    before = before or Walk(guide, casefile.case.answers)
    if value is not None and guide.has_question(qid):
        refused = unavailable_choice(guide.question(qid), value, before.answer)
        if refused is not None:
            raise ValueError(f"{qid}: {refused}")
    flagged = to_review(before.applicable, before.answer, casefile.case.judged)
    casefile.set_answer(guide, qid, value)
    after = Walk(guide, casefile.case.answers)
    record(casefile, guide, qid, after.applicable, after.answer)
    was, now_ = {q.id for q in before.applicable}, {q.id for q in after.applicable}
    status = casefile.case.status
    new_status = status
    if after.excluded_by is not None:
        new_status = Status.EXCLUDED
    elif (status is Status.EXCLUDED and before.excluded_by is not None) or (
        status is Status.COMPLETE and not after.complete
    ):
        new_status = Status.IN_PROGRESS
    if new_status is not status:
        mark_status(casefile, new_status)
    answered = set(casefile.case.answers)
    flagged_now = to_review(after.applicable, after.answer, casefile.case.judged)
    return Change(
        stopped=tuple(q for q in sorted(was - now_, key=guide.position) if q in answered),
        started=tuple(sorted(now_ - was, key=guide.position)),
        status=new_status if new_status is not status else None,
        walk=after,
        to_review=tuple(q for q in flagged_now if q not in flagged),
        answered=qid,
        confirmed=qid if qid in flagged and qid not in flagged_now and value is not None else None,
    )


def set_note(casefile: CaseFile, guide: Guide, qid: str, note: str) -> None:
    """Set the note for a question (an empty one removes it)."""
    casefile.set_note(guide, qid, note)


def mark_status(casefile: CaseFile, status: Status) -> None:
    casefile.set_status(status)


def case_path(folder: Path, ref: str) -> Path:
    """The file for a case reference; refuse references that could leave the folder."""
    problem = name_problem(ref, "case reference")
    if problem is not None:
        raise ValueError(problem)
    return folder / f"{ref}.toml"


def new_case(
    folder: Path, ref: str, guide: Guide, unit: str | None = None, assessor: str | None = None
) -> CaseFile:
    path = case_path(folder, ref)
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    case = Case(
        guide=guide.id,
        case=ref,
        guide_version=guide.version,
        unit=unit or None,
        assessor=assessor or None,
    )
    return create_case(path, case)
