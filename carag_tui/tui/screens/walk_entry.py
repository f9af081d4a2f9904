"""The walk's undo, and the way back into a typed-answer field after Esc.

A part of `WalkScreen` (kept apart so the screen stays about showing and answering; what it
uses of the screen is declared by `WalkHost`, `walk_host.py`): `u` takes back the last change
of an answer or a note (the history is the session's, so it lasts while the case is open), and
on a typed-answer question whose field was left with Esc, Enter or any printable key goes back
into the field instead of running a command.
"""

from __future__ import annotations

from textual import events
from textual.actions import parse
from textual.widgets import Input

from carag_tui.guide.model import AnswerType, Question
from carag_tui.tui.screens.walk_host import WalkHost
from carag_tui.tui.widgets.choice_box import ChoiceBox
from carag_tui.tui.widgets.question_panel import CHOICES, TYPED

BACK_TO_FIELD = "Typing, or Enter, goes back into the answer; ↑ ↓ move to another question."


class WalkEntry(WalkHost):
    """Undo and the typed field's way back, for the walk screen."""

    def action_undo(self) -> None:
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

    def option_numbers(self, digit: int) -> list[int]:
        """A digit typed on an option question: the options whose codes it completes (none
        while a code waits for its second digit, said in the status line)."""
        box = self.query_one(ChoiceBox)
        try:
            numbers = box.type_digit(digit)
        except ValueError as exc:
            self.set_status(str(exc), "warning")
            return []
        if box.code:
            self.set_status(f"Option {box.code}…: the next digit, or Enter for {box.code}.")
        return numbers

    def type_on(self, numbers: list[int]) -> None:
        """Digits that followed a whole code go to the next question, as typed."""
        for number in reversed(numbers):
            type_next = getattr(self.app, "type_next", None)
            if type_next is not None:
                type_next(str(number))

    def make_room(self, question: Question) -> None:
        """Where the options need the room, the guidance shrinks to its title line."""
        count = len(self.walk.choices(question.id)) if question.answer in CHOICES else 0
        self.set_class(count > max(4, int(self.size.height * 0.6) - 7), "options-need-room")

    def action_edit_details(self) -> None:
        if self.session.read_only:
            self.set_status("Read-only: the details cannot be changed.", "warning")
            return
        from carag_tui.tui.screens.details import DetailsScreen

        def done(said: str | None) -> None:
            if said:
                self.set_status(said)
                self.qid = self.qid  # the reference in the header line

        self.app.push_screen(DetailsScreen(self.session), done)

    def action_next_gap(self) -> None:
        """The next question still unanswered after this one (round to the first)."""
        gap = self.walk.first_unanswered(after=self.qid)  # wraps round to the start
        if gap is None:
            self.set_status(
                "Every applicable question is answered: o, then c marks the case complete."
            )
        else:
            self.qid = gap.id

    def typed_field_left(self) -> Input | None:
        """The typed-answer field when it is shown but not focused (left with Esc)."""
        question = self.question
        if (
            question is None
            or question.answer not in TYPED
            or self.session.read_only
            or self.editing_note
        ):
            return None
        field = self.query_one("#typed", Input)
        return None if field.has_focus else field

    def action_back_to_field(self) -> None:
        field = self.typed_field_left()
        if field is not None:
            field.focus()

    def on_key(self, event: events.Key) -> None:
        """A printable key on a typed-answer question, out of its field: typed into it; a
        walk key that does nothing on this question: why, in the status line."""
        character = event.character if event.is_printable else None
        field = self.typed_field_left() if character else None
        if field is None or not character:
            why = self.why_nothing(event.key)
            if why:
                self.set_status(why, "warning")
            return
        event.stop()
        event.prevent_default()
        field.cursor_position = len(field.value)
        field.insert_text_at_cursor(character)
        field.focus()

    def why_nothing(self, key: str) -> str | None:
        """Why `key` does nothing here: its walk keys are all off on this question (and the
        focused widget has no use for it). None where it does something."""
        question = self.question
        if question is None or self._left or self.editing_note:
            return None
        focused = self.focused
        if (
            focused is not None
            and focused is not self
            and (isinstance(focused, Input) or key in focused._bindings.key_to_bindings)
        ):
            return None
        bindings = self._bindings.key_to_bindings.get(key, [])
        actions = [parse(binding.action)[1:] for binding in bindings]
        if not actions or any(self.check_action(name, params) for name, params in actions):
            return None
        name = actions[0][0]
        qid = question.id
        if name == "answer":
            if question.answer in TYPED:
                return (
                    f"Read-only: the answer to {qid} cannot be changed."
                    if self.session.read_only
                    else f"{qid} is answered by typing it, not {key}."
                )
            if question.answer in (AnswerType.CHOICE, AnswerType.MULTI):
                return f"{qid} is answered with the numbered options, not {key}."
            return f"{qid} has no ‘not applicable’ answer: y or n."
        if name == "page_weigh":
            return f"{key} pages the answers to weigh at a summary judgement; {qid} is not one."
        if name == "reply_query":
            return f"{key} replies to a reviewer's query; there is none on {qid}."
        return None
