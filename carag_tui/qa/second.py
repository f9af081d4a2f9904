"""Blind second assessment: a copy of a case for a second assessor, with the same case details
and guide version but none of the first assessor's answers, notes, queries or review."""

from __future__ import annotations

from pathlib import Path

from carag_tui.case.editing import case_path
from carag_tui.case.model import Case
from carag_tui.case.store import CaseFile, create_case, read_case


def second_folder(path: Path) -> Path:
    """Where blind copies go when no folder is given: beside the case's folder, not inside it
    (`cases/` -> `cases-second/`), so that reports of the workspace do not count a case twice."""
    folder = Path(path).resolve().parent
    return folder.with_name(f"{folder.name}-second")


def blind_copy(path: Path, assessor: str, folder: Path | None = None) -> CaseFile:
    """Write the blind copy (never over an existing file) and return it.

    Pairs are matched by case reference, so the copy keeps the reference (and its file name).
    """
    if not assessor.strip():
        raise ValueError("a second assessment needs the second assessor's name")
    first = read_case(Path(path))
    if first.assessor and first.assessor.strip().casefold() == assessor.strip().casefold():
        raise ValueError(
            f"{assessor} made the first assessment: a blind second assessment "
            "is made by someone else"
        )
    folder = Path(folder) if folder is not None else second_folder(path)
    target = case_path(folder, first.case)
    if target.resolve() == Path(path).resolve() or target.exists():
        raise FileExistsError(f"{target} already exists")
    copy = Case(
        guide=first.guide,
        case=first.case,
        guide_version=first.guide_version,
        unit=first.unit,
        assessor=assessor.strip(),
    )
    return create_case(target, copy)
