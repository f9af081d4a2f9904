"""The walk's notes, practice examples, replies to queries and the guidance pane's keys.

A part of `WalkScreen` (kept apart so the screen stays about showing and answering; what it
uses of the screen is declared by `WalkHost`, `walk_host.py`): `e` edits the note in place and
Esc saves it, `p` marks it a practice example, `r` replies to the reviewer's query (its text
is shown by `widgets/query_note.py`), PgUp/PgDn/`t` scroll or hide the guidance and `w` pages
what to weigh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from carag_tui.tui.screens.walk_entry import BACK_TO_FIELD
from carag_tui.tui.screens.walk_host import WalkHost
from carag_tui.tui.widgets.guidance import GuidancePane
from carag_tui.tui.widgets.question_panel import TYPED
from carag_tui.tui.widgets.weigh import WeighPanel

if TYPE_CHECKING:
    from carag_tui.case.session import SaveResult


class WalkNotes(WalkHost):
    """Notes, examples, query replies and the guidance pane, for the walk screen."""

    def action_edit_note(self) -> None:
        question = self.question
        if question is None:
            return
        if self.session.read_only:
            self.set_status("Read-only: notes cannot be changed.", "warning")
            return
        self.panel.open_note(question.id, self.session.case.notes.get(question.id, ""))

    @property
    def editing_note(self) -> bool:
        return self.panel.note_written() is not None

    def _keep_note(self) -> SaveResult | None:
        """Save the note being written, if one is (it stays open); None where none is."""
        written = self.panel.note_written()
        if written is None or self.session.read_only:
            return None
        return self.session.note(*written)

    def action_leave_field(self) -> None:
        written = self.panel.close_note()
        if written is None:
            if (
                self.typed_field_left() is None
                and self.question is not None
                and self.question.answer in TYPED
            ):
                self.set_status(BACK_TO_FIELD)
            self.panel.focus()
            return
        qid, text = written
        self._report_save(self.session.note(qid, text), f"Note for {qid} saved.")
        self.panel.show_note(self.session.case.notes.get(qid, ""))
        if self.question is not None:
            self.panel.focus_answer(self.question, read_only=self.session.read_only)

    def action_scroll_guidance(self, direction: int) -> None:
        pane = self.query_one(GuidancePane)
        if direction > 0:
            pane.scroll_page_down(animate=False)
        else:
            pane.scroll_page_up(animate=False)

    def action_page_weigh(self) -> None:
        weigh = self.query_one(WeighPanel)
        if not weigh.display:
            return
        if weigh.max_scroll_y <= 0:
            self.set_status(
                "Everything to weigh is shown: w pages it where it is longer than its panel."
            )
            return
        weigh.page()

    def action_toggle_guidance(self) -> None:
        self.toggle_class("hide-guidance")

    def action_practice_example(self) -> None:
        """Mark the note here as good practice, then poor, then neither."""
        question = self.question
        if question is None:
            return
        if self.session.read_only:
            self.set_status("Read-only: practice examples cannot be marked.", "warning")
            return
        from carag_tui.case.examples import mark_example, next_mark

        qid, kind = question.id, next_mark(self.session.case.examples.get(question.id))
        try:
            result = self.session.apply_edit(lambda c: mark_example(c, qid, kind))
        except ValueError as exc:
            self.set_status(f"Not marked: {exc}", "warning")
            return
        self._report_save(result)
        if result.saved and not result.message:
            what = f"{kind} practice example" if kind else "not an example"
            self.set_status(f"Note on {qid}: {what}")

    def action_reply_query(self) -> None:
        """Reply to the reviewer's query here (the answer itself changes as ever), saved with
        the case (`CaseSession.apply_edit`: kept across a change on disk)."""
        question = self.question
        if question is None or self.queries.at(question.id) is None:
            return
        if self.session.read_only:
            self.set_status("Read-only: the reply cannot be saved.", "warning")
            return
        from carag_tui.tui.screens.ask import AskScreen

        qid = question.id

        def replied(text: str | None) -> None:
            if not text:
                return
            from carag_tui.qa.edits import reply_query

            who = self.session.case.assessor or "the assessor"
            try:
                result = self.session.apply_edit(lambda c: reply_query(c, qid, text, who))
            except ValueError as exc:
                self.set_status(f"Not saved: {exc}", "error")
                return
            self._report_save(result)
            if result.saved and not result.message:
                self.set_status(f"Reply saved on {qid}; the reviewer closes the query.")
            self.qid = self.qid  # draws the question again, with the reply

        self.app.push_screen(
            AskScreen(
                f"Your reply to the query on {qid}:", placeholder="e.g. Seen in the plan of 3 May"
            ),
            replied,
        )
