"""Two assessments of one case side by side, and the agreed case an adjudicator writes from them.

The two originals are never changed: the agreed case is a new file, made from the first
assessment with the second's answer (and note) wherever the adjudicator picked it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from carag_tui.case.editing import apply_answer, case_path
from carag_tui.case.flow import Walk
from carag_tui.case.model import Case
from carag_tui.case.store import CaseFile, load_case, make_private_dirs, read_case, save_case
from carag_tui.guide.model import Guide, Question
from carag_tui.guide.rules import AnswerValue


class CompareError(ValueError):
    """The two files are not two assessments of one case (the message says why)."""


@frozen
class Difference:
    """One question the two assessments answer differently (or only one answers)."""

    question: Question
    a: AnswerValue | None  # None: not answered, or the question does not apply in A
    b: AnswerValue | None
    a_applies: bool
    b_applies: bool
    a_note: str = ""
    b_note: str = ""


def same_answer(a: Any, b: Any) -> bool:
    """Equal answers; the ticks of a several-choice answer in any order."""
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return bool(a == b)


def check_pair(a: Case, b: Case, a_path: Path, b_path: Path) -> None:
    if a.case != b.case:
        raise CompareError(
            f"{a_path} is case {a.case} and {b_path} is case {b.case}: "
            "pairs are matched by case reference"
        )
    if a.guide != b.guide:
        raise CompareError(f"{a_path} uses guide {a.guide} and {b_path} uses {b.guide}")


def differences(guide: Guide, a: Case, b: Case) -> list[Difference]:
    """Every question, in guide order, that applies in either case and where the answers
    differ; a question that applies in one only counts when that one has an answer."""
    walk_a, walk_b = Walk(guide, a.answers), Walk(guide, b.answers)
    found = []
    for question in guide.questions:
        in_a, in_b = walk_a.applies(question.id), walk_b.applies(question.id)
        if not (in_a or in_b):
            continue
        value_a = walk_a.answer(question.id) if in_a else None
        value_b = walk_b.answer(question.id) if in_b else None
        if same_answer(value_a, value_b):
            continue
        found.append(
            Difference(
                question,
                value_a,
                value_b,
                in_a,
                in_b,
                a.notes.get(question.id, "").strip(),
                b.notes.get(question.id, "").strip(),
            )
        )
    return found


def agreed_folder(a_path: Path) -> Path:
    """Where agreed cases go by default: beside the first assessment's folder, not in it
    (`cases/` -> `cases-agreed/`)."""
    folder = Path(a_path).resolve().parent
    return folder.with_name(f"{folder.name}-agreed")


def write_agreed(
    a_path: Path, b_path: Path, picks: Mapping[str, str], by: str, out: Path | None = None
) -> CaseFile:
    """Write the agreed case: A's file, with B's answer and note at each question picked "b".

    A's review and queries stay with A (the agreed case is reviewed afresh); the trail notes
    the adjudication, by whom and from which files. Never writes over an existing file.
    """
    from carag_tui.qa.edits import record_adjudication  # edits imports tomlkit

    a_path, b_path = Path(a_path), Path(b_path)
    a, b = read_case(a_path), read_case(b_path)
    check_pair(a, b, a_path, b_path)
    unknown = [qid for qid, side in picks.items() if side not in ("a", "b")]
    if unknown:
        raise CompareError(f"picks must be 'a' or 'b': {', '.join(unknown)}")
    from carag_tui.guide.registry import catalogue

    guide = catalogue().get(a.guide)
    out = Path(out) if out is not None else case_path(agreed_folder(a_path), a.case)
    if out.resolve() in (a_path.resolve(), b_path.resolve()):
        raise CompareError("the agreed case is a new file: the two originals are kept")
    make_private_dirs(out.parent)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # FileExistsError
    with os.fdopen(fd, "wb") as handle:
        handle.write(a_path.read_bytes())
        handle.flush()
        os.fsync(handle.fileno())
    agreed = load_case(out)
    for table in ("review", "queries"):
        if table in agreed.doc:
            del agreed.doc[table]
    walk_b = Walk(guide, b.answers)
    taken = []
    for question in guide.questions:
        if picks.get(question.id) != "b":
            continue
        value = walk_b.answer(question.id) if walk_b.applies(question.id) else None
        apply_answer(agreed, guide, question.id, value)
        agreed.set_note(guide, question.id, b.notes.get(question.id, ""))
        taken.append(question.id)
    taken_text = f"; {b.assessor or 'B'}'s answer at {', '.join(taken)}" if taken else ""
    record_adjudication(
        agreed,
        by,
        f"agreed from {a_path.name} ({a.assessor or 'A'}) and "
        f"{b_path} ({b.assessor or 'B'}){taken_text}",
    )
    save_case(agreed)
    return agreed
