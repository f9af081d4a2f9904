"""The walk: one question at a time, its choices and its CARaG guidance, saved as answered."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from carag_tui.case.answers import parse_value
from carag_tui.case.flow import Walk
from carag_tui.case.navigation import after_answer, move_on
from carag_tui.case.session import CaseReadOnly, CaseSession
from carag_tui.case.suggestion import suggestion_markdown
from carag_tui.guide.model import AnswerType, Kind, Question
from carag_tui.guide.rules import AnswerValue
from carag_tui.safetext import visible
from carag_tui.tui.screens.walk_entry import WalkEntry
from carag_tui.tui.screens.walk_keys import WALK_KEYS
from carag_tui.tui.screens.walk_moves import WalkMoves
from carag_tui.tui.screens.walk_notes import WalkNotes
from carag_tui.tui.screens.walk_saves import WalkSaves
from carag_tui.tui.widgets.choice_box import ChoiceBox
from carag_tui.tui.widgets.guidance import GuidancePane, guidance_title, provenance_text
from carag_tui.tui.widgets.query_note import OpenQueries
from carag_tui.tui.widgets.question_panel import CHOICES, TYPED, QuestionPanel
from carag_tui.tui.widgets.weigh import WeighPanel

WIDE = 110  # columns from which the guidance sits beside the question


class WalkScreen(WalkEntry, WalkMoves, WalkNotes, WalkSaves):
    """Walks the applicable questions of one case; skipped questions are never shown. Its
    result: None, or the guide and unit to start the next case from (`N` in the overview)."""

    #: The question on screen (an applicable one); setting it draws it, even if unchanged.
    qid: reactive[str | None] = reactive(None, always_update=True, init=False, repaint=False)
    #: Moving the focus restyles the widgets it leaves and enters; not the whole screen.
    focused: reactive[Widget | None] = reactive(None, repaint=False)

    AUTO_FOCUS = None  # walk.tcss is read with the app's CSS: this may be the first screen
    BINDINGS = WALK_KEYS
    #: From WIDE columns the guidance sits beside the question (walk.tcss: `.-wide`).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(self, session: CaseSession, on_close: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.session = session
        self.on_close = on_close
        start = session.walk.resume_at()
        self.set_reactive(WalkScreen.qid, start.id if start else None)
        self._footer_for: tuple[object, ...] | None = None  # see watch_qid
        self._save_due = False  # a save is set to follow the next refresh
        self._saying = ""  # what the write in flight holds, said once it is on disk
        self._left = False  # the case was left: keys typed after `q` do nothing
        self._said: list[str] = []  # what the answers not yet saved changed, for the status
        self.queries = OpenQueries.of(session)  # the reviewer's open queries, by question

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="where")
        with Horizontal(id="body"):
            yield QuestionPanel(id="ask")
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
        self.watch_qid(self.qid)
        self.call_after_refresh(self._prepare_editing)
        from carag_tui.tui.screens.resolve import offer_resolution  # clashes from git

        self.call_after_refresh(offer_resolution, self)

    def _prepare_editing(self) -> None:
        """Once the question is on screen, ready the file for the first answer."""
        problem = self.session.prepare_editing()
        if problem:
            self.set_status(problem, "error")

    def on_resize(self, event: Resize) -> None:
        self._fit_footer(event.size.width)

    def _fit_footer(self, width: int) -> None:
        """Below 80 columns (90 at a summary judgement, whose footer has `w Weigh ↓` too) the
        palette's hint gives its room to the walk's keys."""
        question = self.question
        summary = question is not None and question.kind is Kind.SUMMARY
        self.query_one(Footer).show_command_palette = width >= (90 if summary else 80)

    # -- showing a question -------------------------------------------------------------

    @property
    def walk(self) -> Walk:
        return self.session.walk

    @property
    def question(self) -> Question | None:
        return self.session.guide.question(self.qid) if self.qid else None

    def question_provenance(self) -> Text:
        """For the help screen: where the current question's parts come from."""
        question = self.question
        return provenance_text(question) if question is not None else Text()

    @property
    def panel(self) -> QuestionPanel:
        return self.query_one(QuestionPanel)

    def validate_qid(self, qid: str | None) -> str | None:
        """Only an applicable question is shown: else where the walk resumes."""
        walk = self.walk
        if qid is not None and walk.applies(qid):
            return qid
        start = walk.resume_at() or (walk.applicable[0] if walk.applicable else None)
        return start.id if start else None

    def watch_qid(self, qid: str | None) -> None:
        """Draw question `qid` with its choices, what to weigh and its guidance."""
        if qid is None:
            self.query_one("#qtext", Static).update("No question applies to this case.")
            return
        guide, walk, case = self.session.guide, self.walk, self.session.case
        question = guide.question(qid)
        kq = guide.key_question_of(question)
        standard = guide.standard(kq.standard)
        self.query_one("#where", Static).update(
            Text.assemble(
                (f" {visible(case.case, lines=False)} ", "bold reverse"),
                " ",
                (standard.label, "bold"),
                " › ",
                kq.label,
            )
        )  # whole: A1, A2, A3
        # differ only in their last words
        panel = self.panel
        query = self.queries.at(qid)
        panel.show(question, walk, case.notes.get(qid, ""), query)
        weigh = self.query_one(WeighPanel)
        weigh.display = question.kind is Kind.SUMMARY
        if question.kind is Kind.SUMMARY:
            weigh.show(walk, kq, case.notes, case.judged)
        self.query_one(GuidancePane).show(
            suggestion_markdown(walk, question) + question.guidance, guidance_title(question)
        )
        self.make_room(question)
        panel.focus_answer(question, read_only=self.session.read_only)
        footer = (
            question.answer in (AnswerType.YES_NO, AnswerType.YES_NO_NA),
            "na" in question.choice_keys,
            query is not None,
            question.kind is Kind.SUMMARY,
        )  # what the footer's keys depend on
        if footer != self._footer_for:  # rebuilt only when a key's state changes: a rebuild
            self._footer_for = footer  # costs more than drawing the question
            self._fit_footer(self.size.width)
            self.refresh_bindings()

    def set_status(self, message: str, severity: str = "information") -> None:
        status = self.query_one("#status", Static)
        status.update(message, layout=False)  # one line: nothing else moves
        status.set_class(severity == "error", "error")
        status.set_class(severity == "warning", "warning")

    # -- answering ----------------------------------------------------------------------

    def record(self, value: AnswerValue, qid: str | None = None) -> None:
        """Save an answer to question `qid` (default: the one on screen) and move on from it."""
        qid = qid or self.qid
        if qid is None:
            return
        if self.session.read_only:
            self.set_status("Read-only: the answer was not recorded.", "warning")
            return
        was_complete = self.walk.complete
        try:
            change = self.session.set_answer(qid, value)
        except (CaseReadOnly, ValueError) as exc:  # not editable, or not an answer here
            self.set_status(str(exc), "error")
            return
        self._said.append(change.describe())
        self._save_after_refresh()
        if qid != self.qid:  # chosen on a question the walk has since left
            self.qid = self.qid
        else:
            self.go_to(after_answer(self.walk, qid, was_complete=was_complete), qid)

    def go_to(self, following: Question | None, qid: str) -> None:
        """Show `following`; None (the end of the walk): stay at `qid` and offer to mark the
        case complete."""
        if following is None:
            self.qid = qid
            self.action_overview(end=True)
        else:
            self.qid = following.id

    def advance_from(self, qid: str) -> None:
        self.go_to(move_on(self.walk, qid), qid)

    def action_answer(self, key: str) -> None:
        question = self.question
        if question is None:
            return
        if question.answer not in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
            if (
                question.answer in (AnswerType.CHOICE, AnswerType.MULTI)
                and key in question.choice_keys
            ):
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
        """A digit: the option's answer, recorded at once (several-choice: ticked)."""
        question = self.question
        if question is None or question.answer not in CHOICES:
            return
        if question.answer is AnswerType.MULTI and self.session.read_only:
            return self.record([])  # says so; nothing is ticked on screen
        options = self.option_numbers(number)  # long lists: two-digit codes
        if question.answer is AnswerType.MULTI:
            for option in options:
                self.query_one(ChoiceBox).tick_option(option - 1)
        elif options and 0 < options[0] <= len(offered := self.walk.choices(question.id)):
            self.record(offered[options[0] - 1].key)
            self.type_on(options[1:])

    @on(ChoiceBox.Chosen)
    def _chosen(self, message: ChoiceBox.Chosen) -> None:
        try:
            if not self._left:
                self.record(message.value, message.question_id)
        finally:
            message.take()

    async def action_confirm(self) -> None:
        """Enter where the choice box is not focused: confirm the ticks, or move on."""
        question = self.question
        if question is None:
            return
        if question.answer is AnswerType.MULTI:
            await self.query_one(ChoiceBox).action_confirm()
        elif self.walk.answer(question.id) is not None:
            self.advance_from(question.id)
        elif question.answer not in TYPED or self.session.read_only:  # else: the field's
            self.set_status(
                f"Enter moves on from an answered question; {question.id} has no answer yet.",
                "warning",
            )

    @on(Input.Submitted, "#typed")
    def _typed(self, event: Input.Submitted) -> None:
        question = self.question
        if question is None:
            return
        try:
            value = parse_value(question, event.value, self.walk.choices(question.id))
        except ValueError as exc:
            self.set_status(f"{question.id}: {exc}", "error")
            return
        self.record(value)

    def action_clear_answer(self) -> None:
        question = self.question
        if question is None:
            return
        if self.session.read_only:
            self.set_status("Read-only: the answer cannot be cleared.", "warning")
            return
        change, saved = self.session.answer(question.id, None)
        self._report_save(
            saved, (change.describe() or f"Answer to {question.id} removed.") + " · u undoes"
        )
        self.qid = question.id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if self._left:
            return False
        if self.editing_note and action not in (
            "leave_field",
            "save",
            "help",
            "quit",
        ):
            return False
        question = self.question
        if action == "page_weigh":  # `w` in the footer at a summary judgement only
            return question is not None and question.kind is Kind.SUMMARY
        if action == "back_to_field":
            return self.typed_field_left() is not None
        if action in ("leave", "overview", "edit_note") and self.typed_field_left():
            return False  # out of a typed field, q o e go back into it: not in the footer
        if action == "reply_query":
            return question is not None and self.queries.at(question.id) is not None
        if action == "answer" and question is not None:
            # Shown dimmed in the footer where this question has no such answer.
            if question.answer not in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
                return False  # options or a typed answer: y n a not answers, not in the footer
            return True if parameters[0] in question.choice_keys else None
        return True

    def action_leave(self) -> None:
        if not self.release():
            return
        if self.on_close is not None:
            self.on_close()
        else:
            self.dismiss(None)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Go to question", "Jump to a question by its id", self.action_goto)
        yield SystemCommand(
            "Case overview", "Every applicable question and its answer", self.action_overview
        )
        yield SystemCommand("Edit note", "Edit the note for this question", self.action_edit_note)
        yield SystemCommand(
            "Case details", "Correct the reference, unit or assessor", self.action_edit_details
        )
        yield SystemCommand("Save and leave", "Save the case and leave it", self.action_leave)
        yield SystemCommand(
            "Report", "Inspection results for the cases in this case's folder", self.action_report
        )

    def action_report(self) -> None:
        from carag_tui.tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(self.session.path.parent))
