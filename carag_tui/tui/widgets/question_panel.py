"""The question panel of the walk: where the question stands, its text, its answer, its note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from carag_tui.case.answers import format_value
from carag_tui.case.flow import Walk
from carag_tui.case.review_record import Query
from carag_tui.guide.model import AnswerType, Kind, Question
from carag_tui.safetext import visible
from carag_tui.tui.widgets.choice_box import ChoiceBox
from carag_tui.tui.widgets.query_note import QueryNote
from carag_tui.tui.widgets.question_head import QuestionHead
from carag_tui.tui.widgets.typed_field import TypedField

if TYPE_CHECKING:
    from carag_tui.tui.widgets.note_editor import NoteEditor

TYPED = (AnswerType.NUMBER, AnswerType.TEXT, AnswerType.DATE)
CHOICES = (AnswerType.YES_NO, AnswerType.YES_NO_NA, AnswerType.CHOICE, AnswerType.MULTI)


class QuestionPanel(Vertical, can_focus=True):
    """The question and its answer; focused for yes/no questions so their keys reach the walk.

    Configured by `show`; what is answered goes up as messages (`ChoiceBox.Chosen`,
    `Input.Submitted`) to the screen, which owns the session.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._note_editor: NoteEditor | None = None
        self._typed_field = False  # the question's answer is typed, and can be changed

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Out of the typed field (after Esc) a printable key goes back into it (the walk's
        `on_key`): its letter keys are not commands, and the footer does not offer them."""
        return self._typed_field and character is not None and character.isprintable()

    def compose(self) -> ComposeResult:
        yield QuestionHead(id="qhead")
        yield Static(id="qtext")
        yield ChoiceBox(id="choices")
        yield TypedField(
            id="typed", placeholder="type the answer, Enter to save", select_on_focus=False
        )
        yield Static(id="answered")
        yield Static(id="note-view")
        yield QueryNote(id="query-note")

    def show(self, question: Question, walk: Walk, note: str, query: Query | None) -> None:
        """Draw `question` as it stands in `walk`, with its saved `note` and the reviewer's
        open `query` on it."""
        self.query_one(QuestionHead).show(question, walk)
        qtext = self.query_one("#qtext", Static)
        qtext.update(Text(question.text, style="bold"))
        qtext.set_class(question.kind is Kind.SUMMARY, "summary")
        current = walk.answer(question.id)
        choices, typed = self.query_one(ChoiceBox), self.query_one("#typed", Input)
        choices.display = question.answer in CHOICES
        typed.display = question.answer in TYPED
        if question.answer in CHOICES:
            choices.show(question, current, walk.choices(question.id))
        else:
            typed.value = "" if current is None else str(current)
        answered = self.query_one("#answered", Static)
        answered.display = question.answer in TYPED
        if question.answer in TYPED:
            shown = "not answered yet" if current is None else format_value(question, current)
            answered.update(Text(f"Answer: {shown}", style="italic"))
        self.show_note(note)
        self.query_one(QueryNote).show(query)

    def show_note(self, note: str) -> None:
        """The saved note under the answer (hidden while the note is being written)."""
        note = note.strip("\n")
        view = self.query_one("#note-view", Static)
        view.update(Text.assemble(("Note: ", "bold"), visible(note)) if note else "")
        view.display = bool(note) and self.note_written() is None

    def focus_answer(self, question: Question, *, read_only: bool) -> None:
        """Focus where the answer to `question` is given (not while a note is written)."""
        self._typed_field = question.answer in TYPED and not read_only
        self.query_one(ChoiceBox).locked = read_only
        if self.note_written() is not None:
            return
        if self._typed_field:
            self.query_one("#typed", Input).focus()
        elif question.answer in (AnswerType.CHOICE, AnswerType.MULTI):
            self.query_one(ChoiceBox).focus()
        else:
            self.focus()

    # -- the note being written -----------------------------------------------------------

    def open_note(self, question_id: str, text: str) -> None:
        """Write the note for `question_id` in place of the note shown."""
        if self._note_editor is None:  # mounted on first use: heavy, and most need none
            from carag_tui.tui.widgets.note_editor import NoteEditor

            self._note_editor = NoteEditor(id="note")
            self.mount(self._note_editor)
        self.query_one("#note-view").display = False
        self._note_editor.open(question_id, text.strip("\n"))

    def note_written(self) -> tuple[str, str] | None:
        """(question id, text) of the note being written, else None."""
        return self._note_editor.written() if self._note_editor is not None else None

    def close_note(self) -> tuple[str, str] | None:
        """Stop writing the note; returns (question id, text) if one was being written."""
        return self._note_editor.close() if self._note_editor is not None else None
