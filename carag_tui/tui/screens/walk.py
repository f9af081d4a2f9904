"""The walk: one question at a time, its choices and its CARaG guidance, saved as answered."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from carag_tui.case.answers import format_value, parse_value
from carag_tui.case.model import Status
from carag_tui.case.session import CaseSession, SaveResult
from carag_tui.guide.model import AnswerType, Kind, Question
from carag_tui.tui.widgets.choice_box import ChoiceBox
from carag_tui.tui.widgets.guidance import GuidancePane
from carag_tui.tui.widgets.query_note import OpenQueries, QueryNote
from carag_tui.tui.widgets.question_head import QuestionHead
from carag_tui.tui.widgets.weigh import WeighPanel

if TYPE_CHECKING:
    from textual.widgets import TextArea

TYPED = (AnswerType.NUMBER, AnswerType.TEXT, AnswerType.DATE)
CHOICES = (AnswerType.YES_NO, AnswerType.YES_NO_NA, AnswerType.CHOICE, AnswerType.MULTI)
WIDE = 110  # columns from which the guidance sits beside the question
class QuestionPanel(Vertical, can_focus=True):
    """The question and its answer; focused for yes/no questions so their keys reach the walk."""


class WalkScreen(Screen[None]):
    """Walks the applicable questions of one case; skipped questions are never shown."""

    AUTO_FOCUS = None  # walk.tcss is read with the app's CSS: this may be the first screen
    BINDINGS = [
        Binding("y", "answer('yes')", "Yes", id="answer_yes", tooltip="Answer yes and move on"),
        Binding("n", "answer('no')", "No", id="answer_no", tooltip="Answer no and move on"),
        Binding("a", "answer('na')", "N/A", id="answer_na",
                tooltip="Answer not applicable (where the question allows it)"),
        *[
            Binding(str(d), f"choose({d})", f"Choice {d}", show=False, id=f"choose_{d}",
                    tooltip=f"Pick option {d} (tick it in several-choice questions)")
            for d in range(1, 10)
        ],
        Binding("enter", "confirm", "Confirm", show=False, id="confirm",
                tooltip="Confirm a typed answer or the ticked options; "
                        "on an answered question, move on"),
        Binding("k,up", "step(-1)", "Prev", id="previous", tooltip="Previous applicable question"),
        Binding("j,down", "step(1)", "Next", id="next", tooltip="Next applicable question"),
        Binding("left_square_bracket", "key_step(-1)", "Prev KQ", show=False,
                id="previous_key_question", tooltip="First question of the previous key question"),
        Binding("right_square_bracket", "key_step(1)", "Next KQ", show=False,
                id="next_key_question", tooltip="First question of the next key question"),
        Binding("g", "goto", "Go to", show=False, id="goto", tooltip="Go to a question by id"),
        Binding("o", "overview", "Overview", id="overview",
                tooltip="Every applicable question with its answer"),
        Binding("e", "edit_note", "Note", id="edit_note",
                tooltip="Edit the note for this question (Esc saves and leaves it)"),
        Binding("pageup", "scroll_guidance(-1)", "Guidance ↑", show=False, id="guidance_up",
                tooltip="Scroll the guidance up"),
        Binding("pagedown", "scroll_guidance(1)", "Guidance ↓", show=False, id="guidance_down",
                tooltip="Scroll the guidance down"),
        Binding("w", "page_weigh", "Weigh ↓", show=False, id="weigh_page",
                tooltip="At a summary judgement: the next page of the answers to weigh"),
        Binding("t", "toggle_guidance", "Guidance", show=False, id="toggle_guidance",
                tooltip="Hide or show the guidance (more room on small terminals)"),
        Binding("x", "clear_answer", "Clear", show=False, id="clear_answer",
                tooltip="Remove the answer to this question"),
        Binding("ctrl+s", "save", "Save", show=False, id="save", tooltip="Save now (retry)"),
        Binding("escape", "leave_field", "Back", show=False, id="leave_field",
                tooltip="Leave the note or the typed answer"),
        Binding("r", "reply_query", "Reply", id="reply_query",
                tooltip="Reply to the reviewer's query on this question"),
        Binding("q", "leave", "Leave", id="leave", tooltip="Save and leave the case"),
    ]

    def __init__(self, session: CaseSession, on_close: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.session = session
        self.on_close = on_close
        start = session.walk.resume_at()
        self.qid: str | None = start.id if start else None
        self._had_na: bool | None = None
        self._note_editor: TextArea | None = None
        self._save_due = False  # a save is set to follow the next refresh
        self._left = False  # the case was left: keys typed after `q` do nothing
        self._said: list[str] = []  # what the answers not yet saved changed, for the status
        self.queries = OpenQueries(session)  # the reviewer's open queries, by question
        self._had_query = False

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="where")
        with Horizontal(id="body"):
            with QuestionPanel(id="ask"):
                yield QuestionHead(id="qhead")
                yield Static(id="qtext")
                yield ChoiceBox(id="choices")
                yield Input(id="typed", placeholder="type the answer, Enter to save")
                yield Static(id="answered")
                yield Static(id="note-view")
                yield QueryNote(id="query-note")
            with Vertical(id="side"):
                yield WeighPanel(id="weigh")
                yield GuidancePane(id="guidance")
        yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        warning = self.session.version_warning
        if warning:
            self.notify(warning, severity="warning", timeout=10)
        if self.session.read_only:
            self.set_status("Read-only: answers cannot be changed.", "warning")
        self.show_question(self.qid)
        self.call_after_refresh(self._prepare_editing)

    def _prepare_editing(self) -> None:
        """Once the question is on screen, ready the file for the first answer."""
        problem = self.session.prepare_editing()
        if problem:
            self.set_status(problem, "error")

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE, "wide")

    # -- showing a question -------------------------------------------------------------

    @property
    def walk(self):
        return self.session.walk

    @property
    def question(self) -> Question | None:
        return self.session.guide.question(self.qid) if self.qid else None

    def show_question(self, qid: str | None) -> None:
        """Render question `qid` (an applicable one) with its choices and guidance."""
        guide, walk = self.session.guide, self.walk
        if qid is None or not walk.applies(qid):
            qid = (walk.resume_at() or (walk.applicable[0] if walk.applicable else None))
            qid = qid.id if qid else None
        self.qid = qid
        if qid is None:
            self.query_one("#qtext", Static).update("No question applies to this case.")
            return
        question = guide.question(qid)
        kq = guide.key_question_of(question)
        standard = guide.standard(kq.standard)
        case = self.session.case
        self.query_one("#where", Static).update(
            Text.assemble((f" {case.case} ", "bold reverse"), " ",
                          (standard.label, "bold"), " › ", kq.label, overflow="ellipsis",
                          no_wrap=True))
        self.query_one("#qhead", QuestionHead).show(question, walk)
        self.query_one("#qtext", Static).update(Text(question.text, style="bold"))
        self.query_one("#qtext").set_class(question.kind is Kind.SUMMARY, "summary")
        current = walk.answer(qid)
        choices, typed = self.query_one(ChoiceBox), self.query_one("#typed", Input)
        choices.display = question.answer in CHOICES
        typed.display = question.answer in TYPED
        if question.answer in CHOICES:
            choices.show(question, current)
        else:
            typed.value = "" if current is None else str(current)
        self._show_answer(question, current)
        self._show_note(question)
        query = self.queries.at(qid)
        self.query_one(QueryNote).show(query)
        if (query is not None) != self._had_query:  # `r` shows in the footer at a query
            self._had_query = query is not None
            self.refresh_bindings()
        weigh = self.query_one(WeighPanel)
        weigh.display = question.kind is Kind.SUMMARY
        if question.kind is Kind.SUMMARY:
            weigh.show(walk, kq)
        inferred = " (kind inferred)" if question.kind_inferred else ""
        self.query_one(GuidancePane).show(question.guidance, f"CARaG guidance · {qid}{inferred}")
        self._focus_answer(question)
        has_na = "na" in question.choice_keys
        if self._had_na is not None and has_na != self._had_na:
            self.refresh_bindings()  # the footer is rebuilt only when a key's state changes
        self._had_na = has_na

    def _show_answer(self, question: Question, current: object) -> None:
        label = self.query_one("#answered", Static)
        if question.answer in TYPED:
            shown = "not answered yet" if current is None else format_value(question, current)
            label.update(Text(f"Answer: {shown}", style="italic"))
            label.display = True
        else:
            label.display = False

    def _show_note(self, question: Question) -> None:
        note = self.session.case.notes.get(question.id, "").strip("\n")
        view = self.query_one("#note-view", Static)
        view.update(Text.assemble(("Note: ", "bold"), note) if note else "")
        view.display = bool(note)

    def _focus_answer(self, question: Question) -> None:
        if self.editing_note:
            return
        if question.answer in TYPED and not self.session.read_only:
            self.query_one("#typed", Input).focus()
        elif question.answer in (AnswerType.CHOICE, AnswerType.MULTI):
            self.query_one(ChoiceBox).focus()
        else:
            self.query_one("#ask").focus()

    def set_status(self, message: str, severity: str = "information") -> None:
        status = self.query_one("#status", Static)
        status.update(message)
        status.set_class(severity == "error", "error")
        status.set_class(severity == "warning", "warning")

    # -- answering ----------------------------------------------------------------------

    def record(self, value: object) -> None:
        """Save an answer to the current question and move on."""
        question = self.question
        if question is None:
            return
        if self.session.read_only:
            self.set_status("Read-only: the answer was not recorded.", "warning")
            return
        was_complete = self.walk.complete
        try:
            change = self.session.set_answer(question.id, value)
        except PermissionError as exc:  # the file turned out not to be editable
            self.set_status(str(exc), "error")
            return
        self._said.append(change.describe())
        self._save_after_refresh()
        if self.walk.complete and not was_complete:
            self.show_question(question.id)
            self.action_overview(end=True)  # the last gap is filled: offer to mark complete
            return
        self.advance_from(question.id)

    def _save_after_refresh(self) -> None:
        """Save once the next question is on screen: the answer key moves on at once, and
        the write (with its two fsyncs) follows straight after. Answers typed ahead go into
        the same save."""
        if not self._save_due:
            self._save_due = True
            self.call_after_refresh(self._save_now)

    def _save_now(self) -> None:
        self._save_due = False
        if not self.session.unsaved:  # saved meanwhile (leaving, ctrl+s, a note)
            return
        said = " · ".join(dict.fromkeys(s for s in self._said if s))
        self._said.clear()
        saved = self.session.save()
        self._report_save(saved, said)
        if saved.saved and saved.message:  # merged with a change on disk: what applies may too
            self.show_question(self.qid)

    def _report_save(self, saved: SaveResult, said: str = "") -> None:
        if not saved.saved:
            self.set_status(f"NOT SAVED — {saved.message}", "error")
            self.notify(saved.message, severity="error", timeout=10)
            return
        parts = [p for p in (said, saved.message) if p]
        self.set_status(" · ".join(parts) if parts else "Saved.",
                        "warning" if saved.message else "information")

    def advance_from(self, qid: str) -> None:
        walk = self.walk
        following = walk.next(qid) or walk.first_unanswered()
        if following is None:
            self.show_question(qid)
            self.action_overview(end=True)
            return
        self.show_question(following.id)

    def action_answer(self, key: str) -> None:
        question = self.question
        if question is None:
            return
        if question.answer not in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
            if question.answer in (AnswerType.CHOICE, AnswerType.MULTI) and key in \
                    question.choice_keys:
                self.record(key if question.answer is AnswerType.CHOICE else [key])
                return
            how = "the numbered options" if question.answer in CHOICES else "a typed answer"
            self.set_status(f"{question.id} is answered with {how}.", "warning")
            return
        if key not in question.choice_keys:
            self.set_status(f"{question.id} has no ‘not applicable’ answer.", "warning")
            return
        self.record(key)

    def action_choose(self, number: int) -> None:
        question = self.question
        if question is None or question.answer not in CHOICES:
            return
        picked = self.query_one(ChoiceBox).pick_index(number - 1)
        if picked is not None:
            self.record(picked)

    def action_confirm(self) -> None:
        question = self.question
        if question is None:
            return
        if question.answer in (AnswerType.CHOICE, AnswerType.MULTI):
            choices = self.query_one(ChoiceBox)
            if question.answer is AnswerType.MULTI or choices.has_focus:
                value = choices.confirm()
                if value is not None:
                    self.record(value)
                return
        if self.walk.answer(question.id) is not None:
            self.advance_from(question.id)

    @on(Input.Submitted, "#typed")
    def _typed(self, event: Input.Submitted) -> None:
        question = self.question
        if question is None:
            return
        try:
            value = parse_value(question, event.value)
        except ValueError as exc:
            self.set_status(f"{question.id}: {exc}", "error")
            return
        self.record(value)

    def action_clear_answer(self) -> None:
        question = self.question
        if question is None or self.session.read_only:
            return
        change, saved = self.session.answer(question.id, None)
        self._report_save(saved, change.describe() or f"Answer to {question.id} removed.")
        self.show_question(question.id)

    # -- moving -------------------------------------------------------------------------

    def action_step(self, step: int) -> None:
        if self.qid is None:
            return
        target = self.walk.next(self.qid) if step > 0 else self.walk.previous(self.qid)
        if target is not None:
            self.show_question(target.id)
        else:
            self.set_status("This is the last question." if step > 0 else
                            "This is the first question.")

    def action_key_step(self, step: int) -> None:
        if self.qid is None:
            return
        target = self.walk.next_key_question(self.qid, step)
        if target is not None:
            self.show_question(target.id)

    def action_goto(self) -> None:
        from carag_tui.tui.screens.goto import GoToScreen

        self.app.push_screen(GoToScreen(self.session.guide, self.walk), self._jump)

    def _jump(self, qid: str | None) -> None:
        if qid:
            self.show_question(qid)

    def action_overview(self, end: bool = False) -> None:
        from carag_tui.tui.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen(self.session, end=end), self._after_overview)

    def _after_overview(self, result: str | None) -> None:
        if result == "complete":
            self._report_save(self.session.set_status(Status.COMPLETE),
                              "Case marked complete.")
            self.show_question(self.qid)
        elif result == "leave":
            self.action_leave()
        elif result:
            self.show_question(result)

    # -- notes and guidance ---------------------------------------------------------------

    def action_edit_note(self) -> None:
        question = self.question
        if question is None:
            return
        if self.session.read_only:
            self.set_status("Read-only: notes cannot be changed.", "warning")
            return
        area = self.note_editor(create=True)
        area.load_text(self.session.case.notes.get(question.id, "").strip("\n"))
        area.border_title = f"Note for {question.id} — Esc saves"
        area.display = True
        self.query_one("#note-view").display = False
        area.focus()

    def note_editor(self, create: bool = False) -> TextArea | None:
        """The note editor, mounted on first use (it is heavy, and most questions need none)."""
        if self._note_editor is None and create:
            from textual.widgets import TextArea

            self._note_editor = TextArea(id="note", soft_wrap=True, show_line_numbers=False)
            self.query_one("#ask").mount(self._note_editor)
        return self._note_editor

    @property
    def editing_note(self) -> bool:
        area = self.note_editor()
        return area is not None and area.display

    def action_leave_field(self) -> None:
        area = self.note_editor()
        if area is not None and area.display and self.question is not None:
            saved = self.session.note(self.question.id, area.text)
            area.display = False
            self._report_save(saved, f"Note for {self.question.id} saved.")
            self._show_note(self.question)
            self._focus_answer(self.question)
        else:
            self.query_one("#ask").focus()

    def action_scroll_guidance(self, direction: int) -> None:
        pane = self.query_one(GuidancePane)
        if direction > 0:
            pane.scroll_page_down(animate=False)
        else:
            pane.scroll_page_up(animate=False)

    def action_page_weigh(self) -> None:
        weigh = self.query_one(WeighPanel)
        if weigh.display:
            weigh.page()

    def action_toggle_guidance(self) -> None:
        self.toggle_class("hide-guidance")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if self._left:
            return False
        if self.editing_note and action not in (
            "leave_field", "save", "help", "quit",
        ):
            return False
        question = self.question
        if action == "reply_query":
            return question is not None and self.queries.at(question.id) is not None
        if action == "answer" and question is not None:
            # Shown dimmed in the footer where this question has no such answer.
            return True if parameters[0] in question.choice_keys else None
        return True

    def action_reply_query(self) -> None:
        """Reply to the reviewer's query here (the answer itself changes as ever)."""
        question = self.question
        if question is None or self.queries.at(question.id) is None:
            return
        if self.session.read_only:
            self.set_status("Read-only: the reply cannot be saved.", "warning")
            return
        from carag_tui.tui.screens.ask import AskScreen

        qid = question.id
        self.app.push_screen(AskScreen(f"Your reply to the query on {qid}:",
                                       placeholder="e.g. Seen in the plan of 3 May"),
                             lambda text: self._reply(qid, text))

    def _reply(self, qid: str, text: str | None) -> None:
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
        self.show_question(self.qid)

    # -- saving and leaving ---------------------------------------------------------------

    def action_save(self) -> None:
        area = self.note_editor()
        if area is not None and area.display and self.question is not None:
            self._report_save(self.session.note(self.question.id, area.text))
            return
        self._report_save(self.session.save())

    def save_before_exit(self) -> None:
        """Keep what is on screen (the note being written) and release the case."""
        area = self.note_editor()
        if area is not None and area.display and self.question is not None \
                and not self.session.read_only:
            self.session.note(self.question.id, area.text)
        self.session.close()

    def action_leave(self) -> None:
        area = self.note_editor()
        if area is not None and area.display and self.question is not None:
            self.session.note(self.question.id, area.text)
        result = self.session.close()
        if not result.saved:
            self._report_save(result)
            return
        self._left = True
        if self.on_close is not None:
            self.on_close()
        else:
            self.dismiss(None)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Go to question", "Jump to a question by its id", self.action_goto)
        yield SystemCommand("Case overview", "Every applicable question and its answer",
                            self.action_overview)
        yield SystemCommand("Edit note", "Edit the note for this question", self.action_edit_note)
        yield SystemCommand("Save and leave", "Save the case and leave it", self.action_leave)
        yield SystemCommand("Report", "Inspection results for the cases in this case's folder",
                            self.action_report)

    def action_report(self) -> None:
        from carag_tui.tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.session.path.parent))
