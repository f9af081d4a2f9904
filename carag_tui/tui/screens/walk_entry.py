"""The walk's undo, and the way back into a typed-answer field after Esc.

Mixed into `WalkScreen` (kept apart so the screen stays about showing and answering): `u`
takes back the last change of an answer or a note (the history is the session's, so it lasts
while the case is open), and on a typed-answer question whose field was left with Esc, Enter
or any printable key goes back into the field instead of running a command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input

from carag_tui.tui.widgets.question_panel import TYPED

if TYPE_CHECKING:
    from carag_tui.tui.screens.walk import WalkScreen

BACK_TO_FIELD = "Typing, or Enter, goes back into the answer; ↑ ↓ move to another question."


class WalkEntry:
    """Undo and the typed field's way back, for the walk screen."""

    def action_undo(self: WalkScreen) -> None:  # type: ignore[misc]
        if self.session.read_only:
            self.set_status("Read-only: nothing to undo.", "warning")
            return
        step = self.session.undo()
        if step is None:
            self.set_status("Nothing to undo in this session.")
            return
        self._said.append(step.describe_undone())
        self._save_after_refresh()
        self.qid = step.qid  # where the change was (else where the walk resumes)

    def typed_field_left(self: WalkScreen) -> Input | None:  # type: ignore[misc]
        """The typed-answer field when it is shown but not focused (left with Esc)."""
        question = self.question
        if question is None or question.answer not in TYPED or self.session.read_only \
                or self.editing_note:
            return None
        field = self.query_one("#typed", Input)
        return None if field.has_focus else field

    def action_back_to_field(self: WalkScreen) -> None:  # type: ignore[misc]
        field = self.typed_field_left()
        if field is not None:
            field.focus()

    def on_key(self: WalkScreen, event: events.Key) -> None:  # type: ignore[misc]
        """A printable key on a typed-answer question, out of its field: typed into it."""
        if not event.is_printable or not event.character:
            return
        field = self.typed_field_left()
        if field is None:
            return
        event.stop()
        event.prevent_default()
        field.cursor_position = len(field.value)
        field.insert_text_at_cursor(event.character)
        field.focus()
