"""An open case: answers saved as they are given, conflicts and failed saves handled.

Used by the app; free of Textual so it can be tested and reused headless.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from attrs import frozen

from carag_tui.case.editing import Change, apply_answer, mark_status
from carag_tui.case.flow import Walk
from carag_tui.case.lock import LockedError, LockInfo, acquire, read_lock, release
from carag_tui.case.model import Status
from carag_tui.case.store import CaseFile, ConflictError, load_case, save_case, set_note
from carag_tui.guide.model import Guide
from carag_tui.guide.registry import catalogue
from carag_tui.guide.rules import AnswerValue
from carag_tui.problems import Problem, ProblemsError

_UNSET: Any = object()
#: Attempts at saving when the file keeps changing on disk while we merge.
SAVE_ATTEMPTS = 3


@frozen
class SaveResult:
    saved: bool
    message: str = ""  # said to the user: a merge, a conflict, or why saving failed


class CaseSession:
    """One case open for answering (or read-only)."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.casefile: CaseFile = load_case(self.path)
        try:
            self.guide: Guide = catalogue().get(self.casefile.case.guide)
        except KeyError as exc:
            raise ProblemsError([Problem(self.path, exc.args[0], where="guide")]) from None
        self.read_only = read_only
        self.holder: LockInfo | None = None
        if not read_only:
            self.holder = acquire(self.path)
        self._base = dict(self.casefile.case.answers)
        self._base_notes = dict(self.casefile.case.notes)
        self._pending: dict[str, Any] = {}  # qid -> value (None = cleared) not yet on disk
        self._pending_notes: dict[str, str] = {}
        self._pending_status: Status | None = None
        self.walk = Walk(self.guide, self.casefile.case.answers)

    @staticmethod
    def holder_of(path: Path) -> LockInfo | None:
        return read_lock(Path(path))

    @property
    def case(self):
        return self.casefile.case

    @property
    def version_warning(self) -> str | None:
        version = self.case.guide_version
        if version and version != self.guide.version:
            return (f"This case was assessed against version {version} of the guide; "
                    f"version {self.guide.version} is installed. Nothing in the file is dropped.")
        return None

    @property
    def unsaved(self) -> bool:
        return bool(self._pending or self._pending_notes or self._pending_status)

    def _refresh(self) -> None:
        self.walk = Walk(self.guide, self.casefile.case.answers)

    def answer(self, qid: str, value: AnswerValue | None) -> tuple[Change, SaveResult]:
        self._check_writable()
        change = apply_answer(self.casefile, self.guide, qid, value)
        self._pending[qid] = value
        if change.status is not None:
            self._pending_status = change.status
        self._refresh()
        return change, self.save()

    def note(self, qid: str, text: str) -> SaveResult:
        self._check_writable()
        if text.strip("\n") == (self.case.notes.get(qid) or "").strip("\n"):
            return SaveResult(True)
        set_note(self.casefile, self.guide, qid, text)
        self._pending_notes[qid] = text
        return self.save()

    def set_status(self, status: Status) -> SaveResult:
        self._check_writable()
        mark_status(self.casefile, status)
        self._pending_status = status
        return self.save()

    def _check_writable(self) -> None:
        if self.read_only:
            raise PermissionError("this case is open read-only")

    def save(self) -> SaveResult:
        """Write pending changes; merge with changes made on disk by others, never over them."""
        if self.read_only:
            return SaveResult(False, "read-only: nothing saved")
        messages: list[str] = []
        for _ in range(SAVE_ATTEMPTS):
            try:
                save_case(self.casefile)
                break
            except ConflictError:
                try:
                    messages.append(self._merge_from_disk())
                except ProblemsError as exc:
                    return SaveResult(False, f"The file changed on disk and no longer loads "
                                             f"({exc.problems[0].message}); your answers are "
                                             "kept here and the file is not touched.")
                except OSError as exc:
                    return SaveResult(False, self._os_error(exc))
            except OSError as exc:
                return SaveResult(False, self._os_error(exc))
        else:
            return SaveResult(False, f"{self.path.name} keeps changing on disk; your answers "
                                     "are kept here: press ctrl+s to try again.")
        self._base = dict(self.casefile.case.answers)
        self._base_notes = dict(self.casefile.case.notes)
        self._pending.clear()
        self._pending_notes.clear()
        self._pending_status = None
        return SaveResult(True, " ".join(dict.fromkeys(messages)))

    def _os_error(self, exc: OSError) -> str:
        return (f"Could not save {self.path.name}: {exc.strerror or exc}. Your answers are kept "
                "in memory and saving is retried with the next answer (or press ctrl+s).")

    def _merge_from_disk(self) -> str:
        """Reload the file changed by someone else and re-apply our unsaved edits onto it.

        An edit of ours wins only where the other side left that answer as it was; where both
        changed the same answer, theirs is kept on disk and ours is reported.
        """
        fresh = load_case(self.path)
        theirs = fresh.case.answers
        clashes = []
        for qid, value in self._pending.items():
            if theirs.get(qid, _UNSET) != self._base.get(qid, _UNSET) and theirs.get(qid) != value:
                clashes.append(qid)
                continue
            apply_answer(fresh, self.guide, qid, value)
        for qid, text in self._pending_notes.items():
            if fresh.case.notes.get(qid) == self._base_notes.get(qid):
                set_note(fresh, self.guide, qid, text)
            else:
                clashes.append(f"note {qid}")
        if self._pending_status is not None:
            mark_status(fresh, self._pending_status)
        self.casefile = fresh
        self._refresh()
        merged = "The file was changed on disk (e.g. a git pull); it was reloaded"
        if clashes:
            return (f"{merged}. Both sides changed {', '.join(clashes)}: the version on disk was "
                    "kept — check and answer again if needed.")
        return f"{merged} and your answers were kept."

    def close(self) -> SaveResult:
        """Save what is pending and give up the lock; the lock is kept while answers are unsaved
        (a process that then ends leaves a stale lock, which the next opener replaces)."""
        result = self.save() if self.unsaved else SaveResult(True)
        if self.holder is not None and result.saved:
            release(self.path)
            self.holder = None
        return result


__all__ = ["CaseSession", "LockedError", "SaveResult"]
