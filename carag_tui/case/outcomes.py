"""What a session's operations end in: the result of a save, the policy hooks for a clash, and
the domain exceptions the front ends catch (a case read-only, incomplete, a save stopped)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from attrs import frozen

from carag_tui.problems import ProblemsError

#: Both sides changed one answer or note: `resolve(qid or "note QID", mine, theirs)` is True
#: to keep ours, False to keep the one on disk.
Resolve = Callable[[str, Any, Any], bool]


def keep_disk(_label: str, _mine: Any, _theirs: Any) -> bool:
    """The default `Resolve`: the version on disk is kept (and the save message says so)."""
    return False


def note_text(note: str | None) -> str:
    """A note as the file keeps it, for comparing: no blank lines around it; blank is none."""
    text = (note or "").strip("\n")
    return text if text.strip() else ""


def same_note(a: str | None, b: str | None) -> bool:
    return note_text(a) == note_text(b)


class UnknownGuideError(ProblemsError):
    """The case names a guide that is not installed."""


class CaseReadOnly(Exception):
    """A change was asked of a case open read-only (or whose file cannot be edited)."""


class CaseIncomplete(ValueError):
    """Marking complete was refused: applicable questions are unanswered."""


def incomplete_message(missing: list[str]) -> str:
    """`2 applicable questions are unanswered: U1.2, U3.1`."""
    shown = ", ".join(missing[:12]) + (" …" if len(missing) > 12 else "")
    are = "question is" if len(missing) == 1 else "questions are"
    return f"{len(missing)} applicable {are} unanswered: {shown}"


class ChangedAndUnreadable(ProblemsError):
    """The file changed on disk while we saved and no longer loads: nothing was written."""


class KeepsChanging(Exception):
    """The file changed on disk at every attempt to save: nothing was written."""


class ClashAborted(Exception):
    """`abort_on_clash`: the file changed on disk where we changed it; nothing was written."""

    def __init__(self, labels: list[str]) -> None:
        super().__init__(", ".join(labels))
        self.labels = labels


@frozen
class SaveResult:
    saved: bool
    message: str = ""  # said to the user: a merge, a conflict, or why saving failed
