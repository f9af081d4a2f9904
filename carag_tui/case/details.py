"""A case's details (its reference, unit and assessor): named as an inspector names them,
checked, and changed like answers, through the session; a new reference renames the file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from carag_tui.case.editing import case_path
from carag_tui.case.lock import acquire, release
from carag_tui.fileio import create_exclusive
from carag_tui.problems import suggest

if TYPE_CHECKING:
    from carag_tui.case.session import CaseSession

#: The details, by the name `carag set` and the app use, with the header key they are kept in.
DETAILS = {"reference": "case", "unit": "unit", "assessor": "assessor"}
LABELS = {"reference": "Case reference", "unit": "Unit", "assessor": "Assessor"}


def detail_name(name: str) -> str | None:
    """`name` as one of `DETAILS` (`case` is the reference too); None if it is none."""
    name = name.strip().lower()
    return "reference" if name == "case" else name if name in DETAILS else None


def detail_problem(name: str, value: str) -> str | None:
    """Why `value` cannot be the case's `name`; None when it can."""
    if name == "reference":
        if not value.strip():
            return "reference: a case needs a reference"
        try:
            case_path(Path("."), value.strip())  # checks the name; touches no file
        except ValueError as exc:
            return f"reference: {exc}"
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return f"{name}: no control characters, please"
    return None


def unknown_detail(name: str, question_ids: list[str]) -> str:
    """What `carag set` says of a name that is neither a question nor a detail."""
    return suggest(name, [*question_ids, *DETAILS])


def current(session: CaseSession, name: str) -> str:
    return getattr(session.case, DETAILS[name]) or ""


def set_detail(session: CaseSession, name: str, value: str) -> str:
    """Change the case's `name` (not saved yet, except a new reference: the file is saved
    under its new name at once). Returns what changed, in words; ValueError why it cannot."""
    value = value.strip()
    problem = detail_problem(name, value)
    if problem:
        raise ValueError(problem)
    before = current(session, name)
    if value == before:
        return ""
    if name == "reference":
        old = session.path
        new = rename(session, value)
        return f"reference: {before} → {value} (the file is now {new.name}, was {old.name})"
    key = DETAILS[name]
    session.stage_edit(lambda casefile: casefile.set_header(key, value or None))
    return f"{name}: {before or '—'} → {value or '—'}"


def rename(session: CaseSession, ref: str) -> Path:
    """Give the case a new reference, and its file the name that goes with it: what is
    pending is saved first, the new file is created (never over another), then the old one
    goes. FileExistsError where a case of that reference exists; returns the new path."""
    new_path = case_path(session.path.parent, ref)
    if new_path.exists():
        raise FileExistsError(f"{new_path.name} already exists: another case has reference {ref}")
    saved = session.save()
    if not saved.saved:
        raise OSError(saved.message)
    before = session.case.case
    holder = acquire(new_path)
    try:
        session.casefile.set_header("case", ref)
        text = session.casefile.render()
        create_exclusive(new_path, text)
    except BaseException:
        release(new_path)
        session.casefile.set_header("case", before)
        raise
    old = session.path
    session.casefile.written(text)
    session.casefile.path = session.path = new_path
    old.unlink(missing_ok=True)
    release(old)
    session.holder = holder
    return new_path
