"""Which questions an answer stopped, and why, in plain words for the status line:
`P3, D3, R3 no longer apply (risk of harm sub-sample), because harm_subsample is No; their
answers are kept`."""

from __future__ import annotations

from collections.abc import Sequence

from carag_tui.case.answers import format_value
from carag_tui.case.flow import Skip, Walk
from carag_tui.guide.model import Guide, Sample

#: More names than this are cut to the first few and a count.
MOST_NAMES = 6


def _names(guide: Guide, qids: Sequence[str], skips: Sequence[Skip]) -> list[str]:
    """A whole key question (or standard) that stopped by its id, else each question's."""
    names: list[str] = []
    for qid, skip in zip(qids, skips, strict=True):
        whole = skip.on.startswith(("key question ", "standard "))
        name = guide.question(qid).key_question if whole else qid
        if name not in names:
            names.append(name)
    return names


def _because(guide: Guide, skip: Skip, cause: str | None) -> str:
    """The answers the rule looked at; only `cause` (the answer just changed) where it is one."""
    answers = skip.answers
    if any(qid == cause for qid, _ in answers):
        answers = tuple((qid, value) for qid, value in answers if qid == cause)
    given = [
        f"{qid} is {format_value(guide.question(qid), value)}"
        if value is not None
        else f"{qid} is not answered"
        for qid, value in answers
        if guide.has_question(qid)
    ]
    if not given:
        return f"because of {skip.on}"
    return "because " + ", ".join(given)


def _sample(guide: Guide, names: Sequence[str], skip: Skip) -> str:
    """` (risk of harm sub-sample)`: the sub-sample the key questions belong to, named by the key
    question of the answer that decides it; empty where they are not a sub-sample's."""
    kqs = [k for k in guide.key_questions if k.id in names]
    if not kqs or len(kqs) != len(names) or any(k.sample is not Sample.SUBSAMPLE for k in kqs):
        return ""
    decider = next((qid for qid, _ in skip.answers if guide.has_question(qid)), None)
    if decider is None:
        return ""
    text = guide.key_question_of(guide.question(decider)).text
    return f" ({text[:1].lower()}{text[1:]})"


def no_longer_apply(walk: Walk, stopped: Sequence[str], cause: str | None = None) -> str:
    """The questions in `stopped` (answered ones the change of `cause` left out), grouped by
    the answers that stopped them."""
    guide = walk.guide
    groups: dict[str, tuple[list[str], list[Skip]]] = {}
    for qid in stopped:
        skip = walk.skipped.get(qid) or Skip("", "its rule")
        qids, skips = groups.setdefault(repr(skip.answers), ([], []))
        qids.append(qid)
        skips.append(skip)
    parts = []
    for qids, skips in groups.values():
        names = _names(guide, qids, skips)
        shown = ", ".join(names[:MOST_NAMES]) + (
            f" … ({len(names)} in all)" if len(names) > MOST_NAMES else ""
        )
        verb = "applies" if len(names) == 1 and names[0] == qids[0] and len(qids) == 1 else "apply"
        parts.append(
            f"{shown} no longer {verb}{_sample(guide, names, skips[0])}, "
            f"{_because(guide, skips[0], cause)}"
        )
    kept = "its answer is kept" if len(stopped) == 1 else "their answers are kept"
    return "; ".join(parts) + f"; {kept}"


__all__ = ["no_longer_apply"]
