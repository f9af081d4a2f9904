"""Moving through a walk, the same in every front end: going to a question by its id and where
an answer (or Enter) leads."""

from __future__ import annotations

from attrs import frozen

from carag_tui.case.flow import Walk
from carag_tui.guide.model import Question
from carag_tui.problems import suggest


def normalise_id(text: str) -> str:
    """A typed question id as it is looked up: spaces dropped, case ignored (` u2. 4` → `u2.4`)."""
    return "".join(text.split()).casefold()


@frozen
class Found:
    """The question a typed id names, or why there is none to go to."""

    question: Question | None
    problem: str = ""  # "No question 'X1'; did you mean 'A1'?" or "U2.4 does not apply (…)"


def find_question(walk: Walk, wanted: str) -> Found:
    """The applicable question `wanted` names (spaces and case ignored); else what is wrong:
    no such question (with the closest id), or the question does not apply and why."""
    guide = walk.guide
    ids = {normalise_id(q.id): q.id for q in guide.questions}
    qid = ids.get(normalise_id(wanted))
    if qid is None:
        shown = wanted.strip()
        return Found(
            None,
            f"No question {shown!r} in {guide.id}{suggest(shown, [q.id for q in guide.questions])}",
        )
    if not walk.applies(qid):
        skip = walk.skipped.get(qid)
        why = f" ({skip.describe(guide)})" if skip is not None else ""
        return Found(None, f"{qid} does not apply to this case{why}")
    return Found(guide.question(qid))


def move_on(walk: Walk, qid: str) -> Question | None:
    """Where Enter on an answered question leads: the next applicable question in walk order
    (answered or not); past the last one, the first that is still unanswered; None when there
    is neither (the end of the walk)."""
    return walk.next(qid) or walk.first_unanswered()


def after_answer(walk: Walk, qid: str, *, was_complete: bool) -> Question | None:
    """Where an answer to `qid` leads: as `move_on`, except that the answer which fills the
    last gap ends the walk (None), so that the front end offers to mark the case complete.

    `walk` is the walk with the answer given; `was_complete` whether it was complete before.
    """
    if walk.complete and not was_complete:
        return None
    return move_on(walk, qid)


__all__ = ["Found", "after_answer", "find_question", "move_on", "normalise_id"]
