"""A save that found the file changed on disk (a git pull, another inspector): the file is
reloaded and the session's unsaved edits go on where the other side left them as they were."""

from __future__ import annotations

import operator
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from carag_tui.case.casefile import CaseFile
from carag_tui.case.editing import apply_answer, mark_status, set_note
from carag_tui.case.flow import Walk
from carag_tui.case.judged import keep
from carag_tui.case.model import Status
from carag_tui.case.outcomes import ClashAborted, Resolve, same_note
from carag_tui.case.store import load_case
from carag_tui.guide.model import Guide


class MergingSession(Protocol):
    """What a merge reads and changes of a `CaseSession` (which imports this module)."""

    path: Path
    guide: Guide
    casefile: CaseFile
    resolve: Resolve
    abort_on_clash: bool
    _pending: dict[str, Any]
    _pending_notes: dict[str, str]
    _pending_status: Status | None
    _pending_edits: list[Callable[[CaseFile], Any]]
    _base: dict[str, Any]
    _base_notes: dict[str, str]
    _base_status: Status

    def _refresh(self) -> None: ...


def merge_from_disk(self: MergingSession) -> tuple[str, bool]:
    """Reload the file changed by someone else and re-apply our unsaved edits onto it.

    An edit of ours goes on where the other side left that answer (or note) as it was;
    where both changed it, `resolve` decides and by default the disk's is kept and reported.
    Marking complete holds only while the file on disk has every answer. Returns the
    message and whether anything of ours is still to be written.
    """
    fresh = load_case(self.path)
    theirs_kept: list[str] = []
    to_write = False
    for qid, value in self._pending.items():
        if _goes_on(
            self, qid, value, fresh.case.answers.get(qid), self._base.get(qid), theirs_kept
        ):
            apply_answer(fresh, self.guide, qid, value)
            if qid in self.casefile.case.judged:  # what our summary saw, not the merge
                keep(fresh, qid, self.casefile.case.judged[qid])
            to_write = True
    for qid, text in self._pending_notes.items():
        if _goes_on(
            self,
            f"note {qid}",
            text,
            fresh.case.notes.get(qid),
            self._base_notes.get(qid),
            theirs_kept,
            same=same_note,
        ):
            set_note(fresh, self.guide, qid, text)
            to_write = True
    if self.abort_on_clash:
        _abort_on(self, theirs_kept, fresh)
    dropped = ""
    for edit in self._pending_edits:
        try:
            edit(fresh)
            to_write = True
        except ValueError as exc:  # the file on disk no longer allows it
            dropped += f" Not saved: {exc}."
    status, not_marked = self._pending_status, ""
    if status is not None and status is not fresh.case.status:
        if status is Status.COMPLETE and not Walk(self.guide, fresh.case.answers).complete:
            not_marked = " It was not marked complete: the file has unanswered questions."
        else:
            mark_status(fresh, status)
            to_write = True
    self.casefile = fresh
    self._refresh()
    merged = "The file was changed on disk (e.g. a git pull); it was reloaded"
    if theirs_kept:
        return (
            f"{merged}. Both sides changed {', '.join(theirs_kept)}: the version on "
            f"disk was kept — check and answer again if needed.{not_marked}{dropped}",
            to_write,
        )
    return f"{merged} and your answers were kept.{not_marked}{dropped}", to_write


def _abort_on(self: MergingSession, theirs_kept: list[str], fresh: CaseFile) -> None:
    """With `abort_on_clash`: raise `ClashAborted` where the disk changed what we change
    (the status too, and a completion the file on disk no longer allows)."""
    status = self._pending_status
    if status is not None and fresh.case.status not in (status, self._base_status):
        theirs_kept.append("status")
    elif status is Status.COMPLETE and not Walk(self.guide, fresh.case.answers).complete:
        theirs_kept.append("status (the file now has unanswered questions)")
    if theirs_kept:
        raise ClashAborted(theirs_kept)


def _goes_on(
    self: MergingSession,
    label: str,
    mine: Any,
    theirs: Any,
    base: Any,
    theirs_kept: list[str],
    same: Callable[[Any, Any], bool] = operator.eq,
) -> bool:
    """Whether an edit of ours is written onto the reloaded file (not when it already
    holds it); a clash `resolve` settles for the disk goes on `theirs_kept`."""
    if same(theirs, mine):
        return False
    if same(theirs, base) or self.resolve(label, mine, theirs):
        return True
    theirs_kept.append(label)
    return False
