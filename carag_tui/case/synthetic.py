"""Fictional but valid cases: the demo workspace, examples in `cases/`, and benchmarks."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from carag_tui.case.answers import check_value
from carag_tui.case.editing import apply_answer, mark_status, new_case
from carag_tui.case.flow import Walk
from carag_tui.case.model import Status
from carag_tui.case.store import CaseFile, save_case
from carag_tui.case.suggestion import suggestion_for
from carag_tui.guide.model import AnswerType, Guide, Option, Question
from carag_tui.guide.rules import AnswerValue

UNITS = ("Dorset", "Devon", "Cornwall")
NOTES = (
    "Evidence seen in the OASys assessment and the case record.",
    "Discussed with the responsible officer at interview.\nThe record supports this.",
    "Only partly evidenced: the plan is generic.",
)


def invent_answer(
    question: Question, rng: random.Random, yes_rate: float, choices: Sequence[Option] | None = None
) -> AnswerValue:
    """A plausible answer, with 'yes' about `yes_rate` of the time for yes/no questions;
    `choices` are the options offered in the case (`Walk.choices`; default: all)."""
    kind = question.answer
    offered = question.options if choices is None else choices
    if kind in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
        if kind is AnswerType.YES_NO_NA and rng.random() < 0.1:
            return "na"
        return "yes" if rng.random() < yes_rate else "no"
    if kind is AnswerType.CHOICE:
        keeps = [o.key for o in offered if not o.excludes]
        return rng.choice(keeps)
    if kind is AnswerType.MULTI:
        keys = [o.key for o in offered if o.key != "none"]
        return rng.sample(keys, k=min(len(keys), rng.randint(1, 3)))
    if kind is AnswerType.NUMBER:
        return rng.randint(1, 30)
    if kind is AnswerType.DATE:
        return date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))
    return "Described in the case record; see note."


def fill(
    casefile: CaseFile,
    guide: Guide,
    rng: random.Random,
    *,
    share: float = 1.0,
    yes_rate: float = 0.65,
    overrides: dict[str, AnswerValue] | None = None,
) -> None:
    """Answer the walk in order until `share` of the applicable questions are answered."""
    overrides = overrides or {}
    while True:
        walk = Walk(guide, casefile.case.answers)
        question = walk.first_unanswered()
        progress = walk.progress()
        if question is None or (share < 1.0 and progress.fraction >= share):
            break
        value = overrides.get(question.id)
        if value is None and question.suggest is not None:
            # a fictional inspector who takes the guide's suggestion, or else says no
            found = suggestion_for(walk, question)
            value = found.answer if found is not None else "no"
        if value is None or check_value(question, value) is not None:
            value = invent_answer(question, rng, yes_rate, walk.choices(question.id))
        apply_answer(casefile, guide, question.id, value)
        if rng.random() < 0.08:
            casefile.set_note(guide, question.id, rng.choice(NOTES))


def write_case(
    folder: Path,
    ref: str,
    guide: Guide,
    rng: random.Random,
    *,
    share: float = 1.0,
    yes_rate: float = 0.65,
    unit: str | None = None,
    overrides: dict[str, AnswerValue] | None = None,
) -> Path:
    casefile = new_case(folder, ref, guide, unit or rng.choice(UNITS), "Demo Inspector")
    fill(casefile, guide, rng, share=share, yes_rate=yes_rate, overrides=overrides)
    if (
        share >= 1.0
        and Walk(guide, casefile.case.answers).complete
        and casefile.case.status is Status.IN_PROGRESS
    ):
        mark_status(casefile, Status.COMPLETE)
    save_case(casefile, touch=False)
    return casefile.path


def write_demo(folder: Path, guides: list[Guide], *, seed: int = 2019) -> list[Path]:
    """A small workspace: per guide two complete cases, one half done, one just started."""
    rng = random.Random(seed)
    paths = []
    for guide in guides:
        prefix = "".join(word[0] for word in guide.id.split("-")[:-1]).upper()
        for number, share in enumerate((1.0, 1.0, 0.5, 0.1), start=1):
            ref = f"DEMO-{prefix}-{number:02d}"
            if (folder / f"{ref}.toml").exists():
                continue
            paths.append(write_case(folder, ref, guide, rng, share=share))
    return paths


_CASE_LINE = re.compile(r'^case = "[^"\n]*"', re.MULTILINE)


def write_workspace(
    folder: Path,
    guides: list[Guide],
    count: int,
    *,
    incomplete: float = 0.3,
    distinct: int = 300,
    seed: int = 6,
) -> list[Path]:
    """`count` valid cases spread over `guides`, `incomplete` of them part answered.

    Writing through tomlkit is slow, so at most `distinct` cases are made that way; the rest
    are copies of them under new references (only the `case = "…"` line differs).
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    for number in range(min(count, distinct)):
        guide = guides[number % len(guides)]
        share = rng.uniform(0.1, 0.9) if rng.random() < incomplete else 1.0
        made.append(write_case(folder, f"SYN-{number + 1:05d}", guide, rng, share=share))
    paths = list(made)
    texts = [p.read_text(encoding="utf-8") for p in made]
    for number in range(len(made), count):
        ref = f"SYN-{number + 1:05d}"
        text = _CASE_LINE.sub(f'case = "{ref}"', texts[number % len(texts)], count=1)
        path = folder / f"{ref}.toml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
