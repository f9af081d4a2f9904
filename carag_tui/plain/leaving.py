"""Leaving a plain-mode walk: quit, Ctrl-D, Ctrl-C and a hang-up, and saving on the way out.

The app's rule holds here too: an answer that cannot be saved keeps the case open and locked,
and leaving without it takes a second yes that names it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from carag_tui.case.session import SaveResult

if TYPE_CHECKING:
    from collections.abc import Callable

    from carag_tui.case.session import CaseSession
    from carag_tui.guide.model import Question
    from carag_tui.plain.console import Console


class Leaving:
    """The leaving and saving half of `PlainWalk`."""

    session: CaseSession
    out: Console
    current: Question | None
    draft: list[str] | None
    record_note: Callable[[str, str], None]

    def hang_up(self, signum: int) -> int:
        """The connection is gone (or we are told to stop): save everything, then leave."""
        self.out.waiting = None  # from here on nothing is asked; clashes keep the disk's side
        draft, self.draft = self.draft, None
        if draft is not None and self.current is not None and not self.session.read_only:
            typed = "\n".join(draft).strip("\n")
            if typed.strip():
                self.record_note(self.current.id, self.with_draft(self.current.id, typed))
        if self.session.unsaved:
            self.tell(self.session.save())
        if self.session.unsaved:
            self.say_lost()
        return 128 + signum

    def with_draft(self, qid: str, typed: str) -> str:
        """A note cut off by a hang-up: what was typed, kept after any note already there."""
        old = (self.session.case.notes.get(qid) or "").strip("\n")
        if not old.strip() or old.strip() == typed.strip():
            return typed
        return f"{old}\n\n(typed when the connection was lost:)\n{typed}"

    def leave(self) -> int | None:
        """Quit or Ctrl-D: save what is not yet on disk, say where the walk stands.

        The app's rule: answers that cannot be saved keep the case open and locked (None: the
        walk goes on, `save` tries again); leaving without them takes a second yes, asked
        naming them. Only when no more input can come (piped input has ended) does carag
        leave without asking, naming what is lost."""
        if self.session.unsaved and not self.save():
            self.say_unsaved()
            if self.out.ended:
                self.say_lost()
                return 1
            if self.out.confirm("Leave anyway and lose them? [y/n] "):
                self.say_lost()
                return 1
            self.out.say(
                "Still open, and the case stays locked: type 'save' to try again "
                "(or 'quit' again to leave)."
            )
            return None
        progress = self.session.walk.progress()
        done = "nothing was changed" if self.session.read_only else "everything is saved"
        self.out.say(f"Answered {progress.answered}/{progress.applicable}; {done}.")
        self.out.say(f"To carry on: carag open {self.session.path}")
        return 0

    def save(self) -> bool:
        """Save what is pending, saying what happened; True when it is on disk."""
        saved = self.session.save()
        self.tell(saved)
        return saved.saved

    def tell(self, saved: SaveResult) -> None:
        """The session's word on a save: a merge, a clash, or why it failed."""
        if saved.message:
            self.out.wrap(saved.message)

    def say_unsaved(self) -> None:
        self.out.say("Not saved — these changes are not on disk:")
        self._name_unsaved()

    def say_lost(self) -> None:
        self.out.say("Not saved — these changes are lost unless you make them again:")
        self._name_unsaved()

    def _name_unsaved(self) -> None:
        for qid, kind, value in self.session.unsaved_edits():
            self.out.say(f"  {qid}: {kind} {value!r}")
