"""An open case: answers saved as they are given, conflicts and failed saves handled.

Used by the app and by plain mode; free of Textual so it can be tested and reused headless.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from carag_tui.case.clashes import Clash, clashes_of, resolve_in
from carag_tui.case.disk_merge import merge_from_disk
from carag_tui.case.editing import Change, apply_answer, mark_status, set_note
from carag_tui.case.flow import Walk
from carag_tui.case.lock import LockedError, LockInfo, acquire
from carag_tui.case.lock import release as release_lock
from carag_tui.case.model import Status
from carag_tui.case.outcomes import (
    CaseIncomplete,
    CaseReadOnly,
    ChangedAndUnreadable,
    ClashAborted,
    KeepsChanging,
    Resolve,
    SaveResult,
    UnknownGuideError,
    incomplete_message,
    keep_disk,
    note_text,
    same_note,
)
from carag_tui.case.store import CaseFile, ConflictError, changed_on_disk, load_case, save_case
from carag_tui.case.unchanged import holds_nothing_new
from carag_tui.case.undo import History, Step
from carag_tui.case.writer import PendingWrite, finish_background
from carag_tui.guide.model import Guide
from carag_tui.guide.registry import GuideNotFound, catalogue
from carag_tui.guide.rules import AnswerValue
from carag_tui.problems import Problem, ProblemsError

#: Attempts at saving when the file keeps changing on disk while we merge.
SAVE_ATTEMPTS = 3


class CaseSession:
    """One case open for answering (or read-only).

    `resolve` decides where both sides changed the same answer or note (default: keep the
    disk's); with `abort_on_clash` such a change stops the save instead (`ClashAborted`, as
    `carag set` wants). `retry_hint` says how the user saves again, in failed saves' messages.
    """

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        resolve: Resolve | None = None,
        retry_hint: str = "press ctrl+s",
        abort_on_clash: bool = False,
    ) -> None:
        self.path = Path(path)
        self.casefile: CaseFile = load_case(self.path)
        try:
            self.guide: Guide = catalogue().get(self.casefile.case.guide)
        except GuideNotFound as exc:
            raise UnknownGuideError([Problem(self.path, str(exc), where="guide")]) from None
        self.resolve: Resolve = resolve or keep_disk
        self.abort_on_clash = abort_on_clash
        self.retry_hint = retry_hint
        self.read_only = True
        self.edit_problem: str | None = None  # why a file that reads cannot be edited
        self.holder: LockInfo | None = None
        if not read_only:
            self.lock()
        self._base = dict(self.casefile.case.answers)
        self._base_notes = dict(self.casefile.case.notes)
        self._base_status = self.casefile.case.status
        self._pending: dict[str, Any] = {}  # qid -> value (None = cleared) not yet on disk
        self._pending_notes: dict[str, str] = {}
        self._pending_status: Status | None = None
        self._pending_edits: list[Callable[[CaseFile], Any]] = []  # other tables (a reply)
        self.background: PendingWrite | None = None  # a save on the writer thread (writer.py)
        self.walk = Walk(self.guide, self.casefile.case.answers)
        self.history = History()  # what `undo` takes back

    def lock(self) -> None:
        """Take the case's lock (LockedError names who holds it) and allow changes."""
        self.holder = acquire(self.path)
        self.read_only = False

    def prepare_editing(self) -> str | None:
        """Parse the file for editing (tomlkit), which opening leaves for later so that the
        first question shows sooner; the first change does it where nothing called this before.
        Where tomlkit cannot parse what tomllib read, the case turns read-only (nothing is
        written) and the returned message says why; None when it can be edited."""
        if self.read_only or self.edit_problem:
            return self.edit_problem
        try:
            self.casefile.doc  # noqa: B018 (parsed on first use)
        except ProblemsError as exc:
            self.edit_problem = (
                f"{exc.problems[0]}. The case is open read-only: fix the file "
                "by hand, then open it again."
            )
            self.release()
            self.read_only = True
        return self.edit_problem

    def release(self) -> None:
        """Give up the lock, saved or not."""
        if self.holder is not None:
            release_lock(self.path)
            self.holder = None

    @property
    def case(self):
        return self.casefile.case

    @property
    def version_warning(self) -> str | None:
        version = self.case.guide_version
        if version and version != self.guide.version:
            return (
                f"This case was assessed against version {version} of the guide; "
                f"version {self.guide.version} is installed. Nothing in the file is dropped."
            )
        return None

    @property
    def unsaved(self) -> bool:
        return bool(
            self._pending or self._pending_notes or self._pending_status or self._pending_edits
        )

    def unsaved_edits(self) -> list[tuple[str, str, Any]]:
        """(question id, "answer" | "note" | "status", value) of every change not on disk."""
        edits = [(qid, "answer", value) for qid, value in self._pending.items()]
        edits += [(qid, "note", text) for qid, text in self._pending_notes.items()]
        if self._pending_status is not None:
            edits.append(("status", "status", self._pending_status))
        return edits

    def _refresh(self) -> None:
        self.walk = Walk(self.guide, self.casefile.case.answers)

    def answer(self, qid: str, value: AnswerValue | None) -> tuple[Change, SaveResult]:
        """Set an answer (None clears it) and save."""
        change = self.set_answer(qid, value)
        return change, self.save()

    def set_answer(self, qid: str, value: AnswerValue | None) -> Change:
        """Set an answer without saving yet: it is `unsaved` until `save` (or `close`)."""
        self._check_writable()
        self.history.record("answer", qid, self.case.answers.get(qid), value)
        change = apply_answer(self.casefile, self.guide, qid, value, before=self.walk)
        self._pending[qid] = value  # its effect on the status is worked out again on a merge
        self.walk = change.walk or Walk(self.guide, self.casefile.case.answers)
        return change

    def note(self, qid: str, text: str) -> SaveResult:
        """Set a note (blank removes it) and save; nothing is written when it is unchanged."""
        return self.save() if self.set_note(qid, text) else SaveResult(True)

    def set_note(self, qid: str, text: str) -> bool:
        """Set a note without saving yet; False when the file already holds it."""
        self._check_writable()
        if same_note(text, self.case.notes.get(qid)):
            return False
        self.history.record("note", qid, self.case.notes.get(qid), text)
        set_note(self.casefile, self.guide, qid, text)
        self._pending_notes[qid] = text
        return True

    def undo(self) -> Step | None:
        """Take back the last change of an answer or note (not saved yet: `save` writes it);
        None when there is nothing left to undo."""
        step = self.history.take_last()
        if step is None:
            return None
        with self.history.paused():  # the undoing itself is not a change to undo
            if step.kind == "answer":
                self.set_answer(step.qid, step.before)
            else:
                self.set_note(step.qid, step.before or "")
        return step

    def why_not_complete(self) -> str | None:
        """Why the case cannot be marked complete now (read-only, or which applicable
        questions are unanswered); None when it can."""
        if self.read_only or self.edit_problem:
            return self.edit_problem or "Read-only: the case cannot be changed."
        missing = self.walk.missing()
        return incomplete_message([q.id for q in missing]) if missing else None

    def set_status(self, status: Status) -> SaveResult:
        """Change the status and save. Marking complete is refused (`CaseIncomplete`) while
        an applicable question is unanswered; a case open read-only raises `CaseReadOnly`."""
        self.stage_status(status)
        return self.save()

    def mark_complete(self) -> SaveResult:
        return self.set_status(Status.COMPLETE)

    def stage_status(self, status: Status) -> None:
        """`set_status` without saving yet."""
        self._check_writable()
        if status is Status.COMPLETE and not self.walk.complete:
            raise CaseIncomplete(incomplete_message([q.id for q in self.walk.missing()]))
        mark_status(self.casefile, status)
        self._pending_status = status

    def apply_edit(self, edit: Callable[[CaseFile], Any]) -> SaveResult:
        """Change a table the session does not model (e.g. a reply to a reviewer's query in
        `[queries]`) and save; `edit` runs again on the file if it changed on disk meanwhile.
        An exception from `edit` (the change cannot be made) reaches the caller unsaved."""
        self._check_writable()
        edit(self.casefile)
        self._pending_edits.append(edit)
        return self.save()

    def stage_edit(self, edit: Callable[[CaseFile], Any]) -> None:
        """`apply_edit` without saving yet (a case detail set with others by `carag set`)."""
        self._check_writable()
        edit(self.casefile)
        self._pending_edits.append(edit)

    def clashes(self) -> list[Clash]:
        """The clashes a git merge left in this case (`[conflicts]`), none once resolved."""
        return clashes_of(self.casefile)

    def resolve_clash(self, clash_id: str, side: str) -> SaveResult:
        """Keep one side ("ours" / "theirs") of a clash and save; ValueError when there is no
        such clash (any more)."""
        self._check_writable()
        result = self.apply_edit(lambda casefile: resolve_in(casefile, self.guide, clash_id, side))
        self._refresh()
        return result

    def _check_writable(self) -> None:
        self.prepare_editing()
        if self.read_only:
            raise CaseReadOnly(self.edit_problem or "this case is open read-only")

    def save(self) -> SaveResult:
        """Write pending changes; merge with changes made on disk by others, never over them.
        What went wrong is said in the result, with how to save again (`retry_hint`)."""
        if self.read_only:
            return SaveResult(False, "read-only: nothing saved")
        try:
            return SaveResult(True, self.write())
        except ChangedAndUnreadable as exc:
            return SaveResult(
                False,
                f"The file changed on disk and no longer loads "
                f"({exc.problems[0].message}). As it cannot be read now, "
                "your answers are kept here and the file is not touched: "
                f"fix or restore it, then {self.retry_hint}.",
            )
        except OSError as exc:
            return SaveResult(False, self._os_error(exc))
        except ProblemsError as exc:  # what would be written does not read back as meant
            return SaveResult(
                False,
                f"{exc.problems[0].message}. Your answers are kept "
                f"here: {self.retry_hint} to try again once the "
                "file is in carag's layout (`carag check` says how).",
            )
        except KeepsChanging:
            return SaveResult(
                False,
                f"{self.path.name} keeps changing on disk; your answers "
                f"are kept here: {self.retry_hint} to try again.",
            )

    def write(self) -> str:
        """`save`, raising what stops it: `ChangedAndUnreadable`, `OSError`, `ProblemsError`
        (what would be written does not read back as meant), `KeepsChanging`, and with
        `abort_on_clash` `ClashAborted`; nothing is written then. Returns what a merge did."""
        if self.read_only:
            raise CaseReadOnly(self.edit_problem or "this case is open read-only")
        if finish_background(self) == SaveResult(True) and not self.unsaved:
            return ""  # the write in flight held every change
        if self.unsaved and not changed_on_disk(self.casefile) and holds_nothing_new(self.casefile):
            self.forget_pending()  # changed and changed back: the file already holds it
            return ""
        messages: list[str] = []
        for _ in range(SAVE_ATTEMPTS):
            try:
                save_case(self.casefile)
                break
            except ConflictError:
                try:
                    message, to_write = merge_from_disk(self)
                except ProblemsError as exc:
                    raise ChangedAndUnreadable(exc.problems) from exc
                messages.append(message)
                if not to_write:  # the file on disk already holds all there is
                    break
        else:
            raise KeepsChanging(self.path.name)
        self.forget_pending()
        return " ".join(dict.fromkeys(messages))

    def forget_pending(self) -> None:
        """What is pending is on disk (or undoes itself): nothing is left to save."""
        self._base = dict(self.casefile.case.answers)
        self._base_notes = dict(self.casefile.case.notes)
        self._base_status = self.casefile.case.status
        self._pending.clear()
        self._pending_notes.clear()
        self._pending_status = None
        self._pending_edits.clear()

    def _os_error(self, exc: OSError) -> str:
        return (
            f"Could not save {self.path.name}: {exc.strerror or exc}. Your answers are kept "
            f"in memory and saving is retried with the next answer (or {self.retry_hint})."
        )

    def close(self) -> SaveResult:
        """Save what is pending and give up the lock; the lock is kept while answers are unsaved
        (a process that then ends leaves a stale lock, which the next opener replaces)."""
        result = self.save() if self.unsaved else SaveResult(True)
        if result.saved:
            self.release()
        return result


__all__ = [
    "CaseIncomplete",
    "CaseReadOnly",
    "CaseSession",
    "ChangedAndUnreadable",
    "ClashAborted",
    "KeepsChanging",
    "LockedError",
    "Resolve",
    "SaveResult",
    "UnknownGuideError",
    "note_text",
    "same_note",
]
