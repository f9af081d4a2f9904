"""The plain-mode walk: a question at a time, answers and commands typed as words, each answer
saved at once through the shared CaseSession."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from carag_tui.case.answers import format_value, parse_value
from carag_tui.case.flow import Walk
from carag_tui.case.model import Status
from carag_tui.case.navigation import after_answer, find_question, move_on
from carag_tui.case.session import (
    CaseIncomplete,
    CaseReadOnly,
    CaseSession,
)
from carag_tui.guide.model import AnswerType, Question
from carag_tui.plain.console import Console
from carag_tui.plain.notes import Notes
from carag_tui.plain.queries import HELP as QUERY_HELP
from carag_tui.plain.queries import commands as query_commands
from carag_tui.plain.resolve import resolve_clashes
from carag_tui.plain.show import CaseView
from carag_tui.plain.signals import Hangup

#: How to save again after a failed save, in the session's messages.
RETRY_HINT = "type 'save'"

HELP = (
    """\
Words you can type at the > prompt:
  an answer      y, n or a; an option's number, key or label; several: 1,3,5
                 (saved at once; then on to the next unanswered question)
  Enter          keep the current answer and go on
  next, j        the next question
  back, k        the previous question
  goto ID, g ID  go to a question, e.g. goto U2.4
  note           write a note: lines, then a line holding just '.'
  note TEXT      a one-line note (replaces the note); note - removes it
  clear          remove this question's answer
  guide          the full guidance
  brief          leave the guidance out (or bring it back); config: plain_brief = true
  overview, o    every question, with its answer, and the gaps
  save           save again after a failed save
  = TEXT         TEXT as the answer, even when it is one of these words
  help, ?        this list
  quit, q        leave (answers are already saved); Ctrl-D leaves too
"""
    + QUERY_HELP
)


class PlainWalk(Notes):
    """One plain-mode session over an open case."""

    def __init__(self, session: CaseSession, console: Console, *, brief: bool = False) -> None:
        self.session, self.out = session, console
        self.view = CaseView(session, console, brief=brief)
        self.current: Question | None = None
        self.draft: list[str] | None = None  # the lines of a note being typed
        self.commands: dict[str, Callable[[str], int | None]] = {
            "back": self.cmd_back,
            "k": self.cmd_back,
            "next": self.cmd_next,
            "j": self.cmd_next,
            "goto": self.cmd_goto,
            "g": self.cmd_goto,
            "note": self.cmd_note,
            "guide": self.cmd_guide,
            "example": self.cmd_example,
            "brief": self.cmd_brief,
            "overview": self.cmd_overview,
            "o": self.cmd_overview,
            "help": self.cmd_help,
            "?": self.cmd_help,
            "clear": self.cmd_clear,
            "save": self.cmd_save,
            "quit": self.cmd_quit,
            "q": self.cmd_quit,
            **query_commands(self),
        }

    def cmd_brief(self, _arg: str) -> None:
        self.view.brief = not self.view.brief
        self.out.say(
            "The guidance is left out ('guide' shows it)."
            if self.view.brief
            else "The guidance is shown again."
        )

    @property
    def walk(self) -> Walk:
        return self.session.walk

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    # -- the loop --------------------------------------------------------------------------

    def run(self) -> int:
        """Ask until the walk ends or the inspector leaves; the exit code."""
        guide = self.session.guide
        self.out.say(f"Case {self.session.case.case} — {guide.title} ({guide.version})")
        if self.read_only:
            self.out.say("Read-only: you can look around; nothing is saved.")
        self.out.say("Type 'help' for the words you can use; Ctrl-D or 'quit' leaves.")
        resolve_clashes(self.session, self.out)  # a git merge's clashes first
        self.current = self.walk.resume_at()
        try:
            if self.current is None:
                result = self.finish()
                if result is not None:
                    return result
            else:
                self.view.question(self.current)
            while True:
                try:
                    line = self.out.ask("> ")
                    result = self.leave() if line is None else self.handle(line)
                except KeyboardInterrupt:  # ctrl+c: leave as with quit (and as safely)
                    self.out.say()
                    result = self.leave()
                    result = 130 if result == 0 else result
                if result is not None:
                    return result
        except Hangup as hangup:
            return self.hang_up(hangup.signum)

    def handle(self, line: str) -> int | None:
        """Act on one typed line; an exit code when the session is over."""
        text = line.strip()
        if text.startswith("="):
            return self.give_answer(text[1:].strip())
        word, _, rest = text.partition(" ")
        command = self.commands.get(word.lower())
        if command is not None:
            return command(rest.strip())
        if not text:
            return self.keep()
        return self.give_answer(text)

    def go(self, question: Question) -> None:
        self.current = question
        self.view.question(question)

    def reminder(self) -> None:
        """A line saying where we are, after a command printed a lot."""
        if self.current is not None:
            self.out.wrap(f"Back at {self.current.id}: {self.current.text}")

    # -- answering -------------------------------------------------------------------------

    def give_answer(self, text: str) -> int | None:
        question = self.current
        assert question is not None
        try:
            value = self.parse(question, text)
        except ValueError as exc:
            self.out.say(f"{question.id}: {exc}; type 'help' for the other words.")
            return None
        if self.read_only:
            self.out.say(
                "Read-only: answers are not saved. 'next'/'back' to look around, 'quit' to leave."
            )
            return None
        was_complete = self.walk.complete
        if self.walk.answer(question.id) == value:
            self.out.say(f"{question.id} = {format_value(question, value)} (unchanged)")
        else:
            self.record_answer(question, value)
        return self.go_to(after_answer(self.walk, question.id, was_complete=was_complete))

    def parse(self, question: Question, text: str) -> Any:
        """What was typed as an answer value; ValueError says what was expected."""
        if (
            question.answer is AnswerType.MULTI
            and text.lower() == "none"
            and "none" not in question.choice_keys
        ):
            return []
        return parse_value(question, text, self.walk.choices(question.id))

    def record_answer(self, question: Question, value: Any) -> None:
        """Set an answer, save, and say what it did to the walk."""
        change, saved = self.session.answer(question.id, value)
        self.tell(saved)
        now_ = self.session.case.answers.get(question.id)  # after a merge, maybe the disk's
        shown = format_value(question, now_) if now_ is not None else "(no answer)"
        self.out.wrap(f"{question.id} = {shown}{' (saved)' if saved.saved else ' (not saved yet)'}")
        if change.describe() and now_ == value:
            self.out.say(f"  {change.describe()}")

    def go_to(self, following: Question | None) -> int | None:
        """Ask `following`; None (the end of the walk): the totals and the offer to mark the
        case complete."""
        if following is None:
            return self.finish()
        self.go(following)
        return None

    def keep(self) -> int | None:
        """Enter: keep the answer and go on (an unanswered question is asked again)."""
        assert self.current is not None
        if not self.read_only and not self.walk.is_answered(self.current):
            self.out.say(
                f"{self.current.id} has no answer yet: type one, or 'next' to come "
                "back to it later."
            )
            return None
        return self.go_to(move_on(self.walk, self.current.id))

    # -- commands --------------------------------------------------------------------------

    def cmd_back(self, _: str) -> int | None:
        self.step(self.walk.previous, "This is the first question.")
        return None

    def cmd_next(self, _: str) -> int | None:
        self.step(self.walk.next, "This is the last question; 'overview' shows any gaps.")
        return None

    def step(self, find: Callable[[str], Question | None], at_the_end: str) -> None:
        """Go to the question `find` gives from the current one, or say `at_the_end`."""
        assert self.current is not None
        found = find(self.current.id)
        if found is None:
            self.out.say(at_the_end)
        else:
            self.go(found)

    def cmd_goto(self, target: str) -> int | None:
        if not target:
            self.out.say(
                "goto which question? e.g. goto "
                f"{self.walk.applicable[-1].id if self.walk.applicable else 'A1.1'}"
            )
            return None
        found = find_question(self.walk, target)
        if found.question is None:
            self.out.say(f"{found.problem}.")
        else:
            self.go(found.question)
        return None

    def cmd_guide(self, _: str) -> int | None:
        assert self.current is not None
        if not self.current.guidance.strip():
            self.out.say("This question has no guidance.")
        else:
            self.view.guidance(self.current, None)
        self.view.provenance(self.current)
        self.reminder()
        return None

    def cmd_overview(self, _: str) -> int | None:
        self.view.overview(self.current)
        self.reminder()
        return None

    def cmd_help(self, _: str) -> int | None:
        for line in HELP.splitlines():
            self.out.say(line)
        self.reminder()
        return None

    def cmd_clear(self, _: str) -> int | None:
        assert self.current is not None
        if self.read_only:
            self.out.say("Read-only: nothing is changed.")
        elif self.current.id not in self.session.case.answers:
            self.out.say(f"{self.current.id} has no answer to clear.")
        else:
            self.record_answer(self.current, None)
            self.view.question(self.current)  # a question always applies without its answer
        return None

    def cmd_save(self, _: str) -> int | None:
        if self.read_only:
            self.out.say("Read-only: nothing is saved.")
        elif not self.session.unsaved:
            self.out.say("Nothing to save: every answer is on disk.")
        elif self.save():
            self.out.say(f"Saved {self.session.path}.")
        return None

    def cmd_quit(self, _: str) -> int | None:
        return self.leave()

    # -- leaving ---------------------------------------------------------------------------

    def finish(self) -> int | None:
        """The end of the walk: the totals, and the offer to mark the case complete."""
        self.out.say()
        self.out.say("End of the walk.")
        self.view.totals()
        case = self.session.case
        if self.walk.excluded_by is not None:
            self.out.say("The questions after it are not asked.")
            return self.leave()
        if self.read_only or case.status is Status.COMPLETE:
            self.out.say(f"Status: {case.status}.")
            return self.leave()
        if self.out.confirm("Mark the case complete? [y/n] "):
            try:
                saved = self.session.mark_complete()
            except (CaseIncomplete, CaseReadOnly) as exc:
                self.out.wrap(f"Not marked complete: {str(exc).rstrip('.')}.")
                return self.leave()
            self.tell(saved)
            if saved.saved and self.session.case.status is Status.COMPLETE:
                self.out.say("Marked complete and saved.")
        else:
            self.out.say("Left in progress.")
        return self.leave()

    def keep_mine(self, label: str, mine: Any, theirs: Any) -> bool:
        """The session's `resolve`: both sides changed the same thing; show both and ask."""
        kind, qid = ("note", label[5:]) if label.startswith("note ") else ("answer", label)
        disk, given = self.view.value(kind, qid, theirs), self.view.value(kind, qid, mine)
        self.out.wrap(
            f"{self.session.path.name} was changed on disk since it was opened; both "
            f"sides changed {label}: the file on disk has {kind} {disk}; you gave "
            f"{given}."
        )
        while True:
            line = self.out.ask("  Keep [m]ine or the one on [d]isk? ")
            word = "d" if line is None else line.strip().lower()
            if word in ("m", "mine"):
                return True
            if word in ("d", "disk"):
                return False
            self.out.say("  Type m (mine) or d (disk).")
