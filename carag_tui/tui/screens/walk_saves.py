"""The walk's saves: an answer is handed to the save writer once the next question is on
screen, what it wrote is said in the status line, ctrl+s saves at once and leaving saves and
releases the case. A part of `WalkScreen` (what it uses of the screen: `walk_host.py`)."""

from __future__ import annotations

from textual import on
from textual.message import Message

from carag_tui.case.session import SaveResult
from carag_tui.case.writer import PendingWrite, finish_background, save_in_background
from carag_tui.tui.screens.walk_host import WalkHost


class Written(Message):
    """The save writer has written (or failed to write) a save of the case."""

    def __init__(self, write: PendingWrite) -> None:
        super().__init__()
        self.write = write


class WalkSaves(WalkHost):
    """Saving and leaving, for the walk screen."""

    #: A save is set to follow the next refresh.
    _save_due: bool
    #: What the write in flight holds, said once it is on disk.
    _saying: str

    def _save_after_refresh(self) -> None:
        """Save once the next question is on screen: the answer key moves on at once, and
        the write (with its two fsyncs) follows straight after. Answers typed ahead go into
        the same save. After the frame, not the screen's next idle, which comes before the
        widgets' redraws reach it: the writer thread would contend with the frame."""
        if not self._save_due:
            self._save_due = True
            after_frame = getattr(self.app, "after_next_frame", self.call_after_refresh)
            after_frame(self._save_now)

    def _save_now(self) -> None:
        """Hand the answers to the save writer (`case/writer.py`): the key that gave them
        never waits for the disk. One write of the case at a time: what is answered while
        it is on its way goes in the next."""
        self._save_due = False
        if not self.session.unsaved:  # saved meanwhile (leaving, ctrl+s, a note)
            return
        said = " · ".join(dict.fromkeys(s for s in self._said if s))
        if save_in_background(self.session, lambda write: self.post_message(Written(write))):
            self._said.clear()
            self._saying = said
        elif not self.session.unsaved:  # changed and changed back: nothing new to write
            self._said.clear()
            self.set_status(said or "Nothing changed: nothing written.")

    @on(Written)
    def _written(self, message: Written) -> None:
        if self._left or message.write is not self.session.background:
            return  # settled already, by a save that waited for it
        saved = finish_background(self.session) or SaveResult(True)
        self._report_save(saved, self._saying)
        if saved.saved and saved.message:  # merged with a change on disk: what applies may too
            self.qid = self.qid
        if saved.saved and self.session.unsaved:  # answered while it was on its way (a
            self._save_after_refresh()  # failed save is retried by the next answer, as ever)

    def _report_save(self, saved: SaveResult, said: str = "") -> None:
        if not saved.saved:
            self.set_status(f"NOT SAVED — {saved.message}", "error")
            self.notify(saved.message, severity="error", timeout=10)
            return
        parts = [p for p in (said, saved.message) if p]
        self.set_status(
            " · ".join(parts) if parts else "Saved.", "warning" if saved.message else "information"
        )

    def action_save(self) -> None:
        saved = self._keep_note()
        if saved is None or (saved.saved and self.session.unsaved):
            saved = self.session.save()
        self._report_save(saved)

    def save_before_exit(self) -> None:
        """Keep what is on screen (the note being written) and release the case."""
        self._keep_note()
        self.session.close()

    def release(self) -> bool:
        """Save (the note being written too) and release the case; False, said, if not."""
        self._keep_note()
        result = self.session.close()
        if not result.saved:
            self._report_save(result)
            return False
        self._left = True  # keys typed after this do nothing
        return True
