"""Plain mode: the walk asked line by line on stdin/stdout, for where Textual cannot run.

`carag open --plain`, or `carag open` with no terminal (a pipe, TERM=dumb), comes here. The
rules, the saving and the order are those of the app; the keys are typed as words. Nothing in
this module imports Textual, so it works where Textual is not installed or cannot draw.

Every answer is saved at once. A file changed on disk behind our back is reloaded and merged,
asking when both sides answered the same question; a failed save keeps the answers in memory
and is retried with the next answer or `save`. A lost connection (SIGHUP) or SIGTERM saves what
is not yet on disk, a note half typed included, releases the case and ends the session.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from attrs import frozen

from carag_tui.case.answers import format_value, parse_value
from carag_tui.case.editing import apply_answer, mark_status
from carag_tui.case.flow import Walk
from carag_tui.case.lock import LockedError, acquire, release
from carag_tui.case.model import Status
from carag_tui.case.store import CaseFile, ConflictError, load_case, save_case, set_note
from carag_tui.guide.model import AnswerType, Guide, Kind, Question
from carag_tui.guide.registry import catalogue
from carag_tui.problems import ProblemsError, suggest

#: Guidance longer than this many lines is cut short under a question.
GUIDANCE_LINES = 12
MORE_GUIDANCE = "(type 'guide' for the full guidance)"
#: Letters shown for the yes/no answers (parse_value accepts them).
YES_NO_LETTERS = {"yes": "y", "no": "n", "na": "a"}
#: Stand-ins when the output cannot encode the punctuation we use.
ASCII = str.maketrans({"›": ">", "·": "-", "…": "...", "—": "-", "–": "-", "│": "|",
                       "‘": "'", "’": "'", "“": '"', "”": '"'})
#: Attempts at saving when the file keeps changing on disk while we merge.
SAVE_ATTEMPTS = 3

HELP = """\
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
  overview, o    every question, with its answer, and the gaps
  save           save again after a failed save
  = TEXT         TEXT as the answer, even when it is one of these words
  help, ?        this list
  quit, q        leave (answers are already saved); Ctrl-D leaves too"""


# -- text ----------------------------------------------------------------------------------


_INLINE = [
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), r"\1 (\2)"),
    (re.compile(r"\*\*(.+?)\*\*"), r"\1"),
    (re.compile(r"__(.+?)__"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
]
_ITEM = re.compile(r"^(\s*)(?:[-*+]|(\d+[.)]))\s+(.*)$")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")


def plain_inline(text: str) -> str:
    """Markdown emphasis, code and links as plain text."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def _blocks(markdown: str) -> list[tuple[str, str, str] | None]:
    """Paragraphs, headings and list items as (first indent, later indent, text); None = gap."""
    blocks: list[list[str] | None] = []
    current: list[str] | None = None
    for raw in markdown.splitlines():
        line = raw.rstrip()
        heading, item = _HEADING.match(line.strip()), _ITEM.match(line)
        if not line.strip():
            current = None
            blocks.append(None)
        elif heading:
            current = None
            blocks.append(["", "", heading.group(1)])
        elif item:
            pad = " " * (len(item.group(1)) // 2 * 2)
            marker = item.group(2) or "-"
            current = [f"{pad}{marker} ", pad + " " * (len(marker) + 1), item.group(3)]
            blocks.append(current)
        elif current is not None:
            current[2] += " " + line.strip()
        else:
            current = ["", "", line.strip()]
            blocks.append(current)
    return [tuple(b) if b is not None else None for b in blocks]  # type: ignore[misc]


def markdown_to_text(markdown: str, width: int) -> list[str]:
    """Guidance Markdown as wrapped plain lines: no ** or `, list dashes kept."""
    lines: list[str] = []
    for block in _blocks(markdown):
        if block is None:
            if lines and lines[-1]:
                lines.append("")
            continue
        first, later, text = block
        lines.extend(textwrap.wrap(plain_inline(text), width, initial_indent=first,
                                   subsequent_indent=later, break_on_hyphens=False) or [""])
    while lines and not lines[-1]:
        lines.pop()
    return lines


def cut(lines: list[str], limit: int) -> list[str]:
    """The first `limit` lines, ending at a paragraph break when one falls in the second half."""
    breaks = [n for n in range(limit // 2, limit + 1) if n < len(lines) and not lines[n]]
    return lines[: breaks[-1]] if breaks else lines[:limit]


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters with an ellipsis."""
    return text if len(text) <= width else text[: max(1, width - 1)].rstrip() + "…"


# -- the console ---------------------------------------------------------------------------


class Hangup(Exception):
    """SIGHUP (the SSH connection dropped) or SIGTERM, raised where the session waits for input."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class Console:
    """Lines out, lines in, and the width to wrap to; ASCII stand-ins if the output needs them."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin, self.stdout = stdin, stdout
        self.width = max(40, shutil.get_terminal_size((80, 24)).columns - 1)
        self.interactive = _isatty(stdin)
        self.encoding = getattr(stdout, "encoding", None) or "utf-8"
        #: True while blocked reading a line (a hang-up interrupts it), None once leaving.
        self.waiting: bool | None = False
        self.hangup: int | None = None  # the signal received; the session is ending

    def on_signal(self, signum: int, _frame: object) -> None:
        """SIGHUP/SIGTERM: interrupt a read at once; otherwise let the current step finish."""
        if self.hangup is None:
            self.hangup = signum
            if self.waiting:
                raise Hangup(signum)

    def say(self, text: str = "") -> None:
        try:
            self.stdout.write(self._safe(text) + "\n")
            self.stdout.flush()
        except (OSError, ValueError):
            if self.hangup is None:  # after a hang-up the terminal may be gone: saving matters
                raise

    def wrap(self, text: str, indent: str = "") -> None:
        """Say `text` wrapped to the width, each line indented."""
        for line in textwrap.wrap(text, self.width, initial_indent=indent,
                                  subsequent_indent=indent, break_long_words=False,
                                  break_on_hyphens=False) or [""]:
            self.say(line)

    def ask(self, prompt: str = "> ") -> str | None:
        """One line typed (without its newline), or None at the end of input (Ctrl-D).

        Raises Hangup once a SIGHUP/SIGTERM has come; while leaving after one, reads nothing.
        """
        if self.hangup is not None:
            if self.waiting is None:  # leaving: questions get the end-of-input answer
                return None
            raise Hangup(self.hangup)
        line = self._read(prompt)
        if line is None:
            if self.interactive and self.hangup is None:
                # A terminal that goes away ends the input and sends SIGHUP at the same moment:
                # give the signal a moment to arrive, so that it is not taken for Ctrl-D.
                time.sleep(0.2)
            if self.hangup is not None:
                raise Hangup(self.hangup)
            with contextlib.suppress(OSError):
                self.say()
        return line

    def _read(self, prompt: str) -> str | None:
        try:
            if self.interactive and self.stdin is sys.stdin and self.stdout is sys.stdout:
                try:
                    return self._blocking(input, prompt)  # line editing, with readline
                except EOFError:
                    return None
            self.stdout.write(prompt)
            self.stdout.flush()
            line = self._blocking(self.stdin.readline)
        except OSError:  # the terminal is gone (EIO): the end of the input
            return None
        if not line:
            return None
        line = line.rstrip("\r\n")
        if not self.interactive:
            self.say(line)  # echo piped input, so the output reads as a transcript
        return line

    def _blocking(self, read: Callable[..., str], *args: str) -> str:
        """Wait for a line; a SIGHUP/SIGTERM meanwhile raises Hangup out of the wait."""
        self.waiting = True
        try:
            return read(*args)
        finally:
            if self.waiting is not None:
                self.waiting = False

    def _safe(self, text: str) -> str:
        try:
            text.encode(self.encoding)
        except (UnicodeEncodeError, LookupError):
            text = text.translate(ASCII).encode("ascii", "replace").decode("ascii")
        return text


# -- edits not yet on disk -----------------------------------------------------------------


@frozen
class Edit:
    """A change made here since the last save: what the file held before, and what we set."""

    kind: str  # "answer" | "note" | "status"
    qid: str
    before: Any
    after: Any


def _same(kind: str, a: Any, b: Any) -> bool:
    if kind == "note":
        return (a or "").strip() == (b or "").strip()
    return a == b


# -- the session ---------------------------------------------------------------------------


class PlainWalk:
    """One plain-mode session over an open case file."""

    def __init__(self, casefile: CaseFile, guide: Guide, console: Console,
                 read_only: bool) -> None:
        self.casefile, self.guide, self.out = casefile, guide, console
        self.read_only = read_only
        self.walk = Walk(guide, casefile.case.answers)
        self.current: Question | None = None
        self.pending: list[Edit] = []
        self.draft: list[str] | None = None  # the lines of a note being typed
        self.commands: dict[str, Callable[[str], int | None]] = {
            "back": self.cmd_back, "k": self.cmd_back,
            "next": self.cmd_next, "j": self.cmd_next,
            "goto": self.cmd_goto, "g": self.cmd_goto,
            "note": self.cmd_note, "guide": self.cmd_guide,
            "overview": self.cmd_overview, "o": self.cmd_overview,
            "help": self.cmd_help, "?": self.cmd_help,
            "clear": self.cmd_clear, "save": self.cmd_save,
            "quit": self.cmd_quit, "q": self.cmd_quit,
        }

    @property
    def path(self) -> Path:
        return self.casefile.path

    # -- the loop --------------------------------------------------------------------------

    def run(self) -> int:
        """Ask until the walk ends or the inspector leaves; the exit code."""
        case = self.casefile.case
        self.out.say(f"Case {case.case} — {self.guide.title} ({self.guide.version})")
        if self.read_only:
            self.out.say("Read-only: you can look around; nothing is saved.")
        self.out.say("Type 'help' for the words you can use; Ctrl-D or 'quit' leaves.")
        self.current = self.walk.resume_at()
        if self.current is None:
            return self.finish()
        self.show(self.current)
        try:
            while True:
                line = self.out.ask("> ")
                result = self.leave() if line is None else self.handle(line)
                if result is not None:
                    return result
        except KeyboardInterrupt:
            self.out.say()
            self.leave()
            return 130
        except Hangup as hangup:
            return self.hang_up(hangup.signum)

    def hang_up(self, signum: int) -> int:
        """The connection is gone (or we are told to stop): save everything, then leave."""
        self.out.waiting = None  # from here on nothing is asked; clashes keep the disk's side
        draft, self.draft = self.draft, None
        if draft is not None and self.current is not None and not self.read_only:
            typed = "\n".join(draft).strip("\n")
            if typed.strip():
                self.record_note(self.current.id, self.with_draft(self.current.id, typed))
        if self.pending:
            self.flush()
        if self.pending:
            self.out.say("Not saved — these changes are lost unless you make them again:")
            for edit in self.pending:
                self.out.say(f"  {edit.qid}: {edit.kind} {edit.after!r}")
        return 128 + signum

    def with_draft(self, qid: str, typed: str) -> str:
        """A note cut off by a hang-up: what was typed, kept after any note already there."""
        old = (self.casefile.case.notes.get(qid) or "").strip("\n")
        if not old.strip() or old.strip() == typed.strip():
            return typed
        return f"{old}\n\n(typed when the connection was lost:)\n{typed}"

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
        self.show(question)

    def refresh(self) -> None:
        self.walk = Walk(self.guide, self.casefile.case.answers)

    def reminder(self) -> None:
        """A line saying where we are, after a command printed a lot."""
        if self.current is not None:
            self.out.wrap(f"Back at {self.current.id}: {self.current.text}")

    # -- showing a question ----------------------------------------------------------------

    def show(self, question: Question) -> None:
        self.out.say()
        self.out.say(self.header(question))
        self.out.wrap(question.text)
        self.show_guidance(question, GUIDANCE_LINES)
        if question.kind is Kind.SUMMARY:
            self.show_context(question)
        self.show_choices(question)
        self.show_current(question)

    def header(self, question: Question) -> str:
        """`[U1.1 · prompt] Unpaid work › 4.1.1 Is the assessment… (3/19 answered)`."""
        kq = self.guide.key_question_of(question)
        progress = self.walk.progress()
        title = self.guide.standard(kq.standard).title
        where = f"{title} › " if title != kq.label else ""
        head = f"[{question.id} · {question.kind}] {where}"
        tail = f" ({progress.answered}/{progress.applicable} answered)"
        room = max(10, self.out.width - len(head) - len(tail))
        return head + shorten(kq.label, room) + tail

    def show_guidance(self, question: Question, limit: int | None) -> None:
        lines = markdown_to_text(question.guidance, self.out.width)
        if not lines:
            return
        self.out.say()
        if limit is not None and len(lines) > limit:
            lines = [*cut(lines, limit), MORE_GUIDANCE]
        for line in lines:
            self.out.say(line)

    def show_context(self, question: Question) -> None:
        """Under a summary question: the answers given in its key question, with counts."""
        members = [q for q in self.walk.questions_in(question.key_question)
                   if q.id != question.id and q.kind is not Kind.SUMMARY]
        groups = [("Prompt questions", [q for q in members if q.kind is Kind.PROMPT]),
                  ("Supplementary questions",
                   [q for q in members if q.kind is Kind.SUPPLEMENTARY]),
                  ("Information questions", [q for q in members if q.kind is Kind.INFO])]
        for title, questions in groups:
            if questions:
                self.show_group(title, questions)

    def show_group(self, title: str, questions: list[Question]) -> None:
        answered = [(q, self.walk.answer(q.id)) for q in questions]
        given = [(q, v) for q, v in answered if v is not None]
        counts = Counter(format_value(q, v) for q, v in given
                         if q.answer in (AnswerType.YES_NO, AnswerType.YES_NO_NA,
                                         AnswerType.CHOICE))
        summary = ", ".join(f"{label} {n}" for label, n in counts.most_common())
        gaps = len(answered) - len(given)
        extra = f"; {gaps} not answered" if gaps else ""
        self.out.say()
        self.out.say(f"{title}: {len(given)} answered{': ' + summary if summary else ''}{extra}")
        for q, value in answered:
            label = format_value(q, value) if value is not None else "(not answered)"
            self.out.say(shorten(f"  {q.id:8} {label:16} {q.text}", self.out.width))

    def show_choices(self, question: Question) -> None:
        self.out.say()
        kind = question.answer
        if kind in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
            self.out.say("  " + "   ".join(f"{YES_NO_LETTERS[o.key]}) {o.label}"
                                          for o in question.choices))
        elif kind in (AnswerType.CHOICE, AnswerType.MULTI):
            self.show_options(question)
        hints = {AnswerType.MULTI: "numbers or keys separated by commas ('none' for none)",
                 AnswerType.TEXT: "type the answer on one line",
                 AnswerType.NUMBER: "a whole number, 0 or more",
                 AnswerType.DATE: "a date like 2026-11-23"}
        if kind in hints:
            self.out.say(f"  ({hints[kind]})")

    def show_options(self, question: Question) -> None:
        items = [f"{n}) {o.label}" for n, o in enumerate(question.choices, start=1)]
        line = "  " + "  ".join(items)
        if len(line) <= self.out.width:
            self.out.say(line)
            return
        for n, option in enumerate(question.choices, start=1):
            marker = f"  {n}) "
            self.out.say(textwrap.fill(option.label, self.out.width, initial_indent=marker,
                                       subsequent_indent=" " * len(marker)))

    def show_current(self, question: Question) -> None:
        value = self.walk.answer(question.id)
        if value is not None:
            self.out.say(f"  Current answer: {format_value(question, value)} (Enter keeps it)")
        note = self.casefile.case.notes.get(question.id, "").strip()
        for n, line in enumerate(note.splitlines()):
            self.out.say(f"  {'Note:' if n == 0 else '':5} │ {line}")

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
            self.out.say("Read-only: answers are not saved. 'next'/'back' to look around, "
                         "'quit' to leave.")
            return None
        if self.walk.answer(question.id) == value:
            self.out.say(f"{question.id} = {format_value(question, value)} (unchanged)")
        else:
            self.record_answer(question, value)
        return self.advance()

    @staticmethod
    def parse(question: Question, text: str) -> Any:
        """What was typed as an answer value; ValueError says what was expected."""
        if (question.answer is AnswerType.MULTI and text.lower() == "none"
                and "none" not in question.choice_keys):
            return []
        return parse_value(question, text)

    def record_answer(self, question: Question, value: Any) -> None:
        """Set an answer, save, and say what it did to the walk."""
        before = self.casefile.case.answers.get(question.id)
        change = apply_answer(self.casefile, self.guide, question.id, value)
        self.pending.append(Edit("answer", question.id, before, value))
        saved = self.flush()
        now_ = self.casefile.case.answers.get(question.id)  # after a merge, maybe the disk's
        shown = format_value(question, now_) if now_ is not None else "(no answer)"
        self.out.wrap(f"{question.id} = {shown}{' (saved)' if saved else ' (not saved yet)'}")
        if change.describe() and now_ == value:
            self.out.say(f"  {change.describe()}")
        self.refresh()

    def advance(self) -> int | None:
        """After an answer: the next unanswered applicable question, or the end of the walk."""
        assert self.current is not None
        following = self.walk.first_unanswered(after=self.current.id)
        if following is None:
            return self.finish()
        self.go(following)
        return None

    def keep(self) -> int | None:
        """Enter: keep the answer and go on (an unanswered question is asked again)."""
        assert self.current is not None
        if not self.read_only and not self.walk.is_answered(self.current):
            self.out.say(f"{self.current.id} has no answer yet: type one, or 'next' to come "
                         "back to it later.")
            return None
        following = self.walk.next(self.current.id) or self.walk.first_unanswered()
        if following is None:
            return self.finish()
        self.go(following)
        return None

    # -- commands --------------------------------------------------------------------------

    def cmd_back(self, _: str) -> int | None:
        assert self.current is not None
        previous = self.walk.previous(self.current.id)
        if previous is None:
            self.out.say("This is the first question.")
        else:
            self.go(previous)
        return None

    def cmd_next(self, _: str) -> int | None:
        assert self.current is not None
        following = self.walk.next(self.current.id)
        if following is None:
            self.out.say("This is the last question; 'overview' shows any gaps.")
        else:
            self.go(following)
        return None

    def cmd_goto(self, target: str) -> int | None:
        if not target:
            self.out.say("goto which question? e.g. goto "
                         f"{self.walk.applicable[-1].id if self.walk.applicable else 'A1.1'}")
            return None
        ids = {q.id.lower(): q.id for q in self.guide.questions}
        qid = ids.get(target.lower())
        if qid is None:
            self.out.say(f"No question {target} in {self.guide.id}"
                         f"{suggest(target, [q.id for q in self.guide.questions])}")
        elif not self.walk.applies(qid):
            skip = self.walk.skipped.get(qid)
            why = "" if skip is None else f" ({skip.on}{': ' + skip.rule if skip.rule else ''})"
            self.out.say(f"{qid} does not apply to this case{why}.")
        else:
            self.go(self.guide.question(qid))
        return None

    def cmd_note(self, text: str) -> int | None:
        assert self.current is not None
        if self.read_only:
            self.out.say("Read-only: notes are not saved.")
            return None
        if text == "-":
            note = ""
        elif text:
            note = text
        else:
            typed = self.read_note()
            if typed is None:
                return None
            note = typed
        self.record_note(self.current.id, note)
        return None

    def read_note(self) -> str | None:
        """Lines up to a single '.'; None (nothing changed) when empty or the input ends."""
        self.out.wrap("Type the note; finish with a line holding just '.' "
                      "(it replaces any note; 'note -' removes it).")
        lines: list[str] = []
        self.draft = lines  # kept if the connection drops while typing
        while True:
            line = self.out.ask("note> ")
            if line is None:
                self.draft = None
                self.out.say("Input ended before '.': the note was not saved.")
                return None
            if line.strip() == ".":
                break
            lines.append(line)
        self.draft = None
        if not "".join(lines).strip():
            self.out.say("Empty note: nothing changed ('note -' removes a note).")
            return None
        return "\n".join(lines)

    def record_note(self, qid: str, note: str) -> None:
        before = self.casefile.case.notes.get(qid)
        set_note(self.casefile, self.guide, qid, note)
        after = self.casefile.case.notes.get(qid)
        if _same("note", before, after):
            self.out.say("Note unchanged.")
            return
        self.pending.append(Edit("note", qid, before, after))
        saved = self.flush()
        done = "removed" if after is None else "kept"
        self.out.say(f"Note {done}{' and saved' if saved else ''}.")

    def cmd_guide(self, _: str) -> int | None:
        assert self.current is not None
        if not self.current.guidance.strip():
            self.out.say("This question has no guidance.")
            return None
        self.show_guidance(self.current, None)
        self.reminder()
        return None

    def cmd_overview(self, _: str) -> int | None:
        current_kq = None
        id_width = min(12, max((len(q.id) for q in self.walk.applicable), default=4))
        for question in self.walk.applicable:
            kq = self.guide.key_question_of(question)
            if kq.id != current_kq:
                current_kq = kq.id
                progress = self.walk.progress(kq.id)
                self.out.say(shorten(f"{self.guide.standard(kq.standard).title} › {kq.label}",
                                     self.out.width - 8) + f" ({progress.answered}/"
                             f"{progress.applicable})")
            value = self.walk.answer(question.id)
            label = format_value(question, value) if value is not None else "— gap"
            mark = ">" if question is self.current else " "
            self.out.say(shorten(f"{mark} {shorten(question.id, id_width):{id_width}} "
                                 f"{shorten(label, 14):14} {question.text}", self.out.width))
        self.say_totals()
        self.reminder()
        return None

    def say_totals(self) -> None:
        progress = self.walk.progress()
        gaps = [q.id for q in self.walk.missing()]
        self.out.say(f"Answered {progress.answered}/{progress.applicable}"
                     f"{'; gaps: ' + ', '.join(gaps) if gaps else ''}.")
        not_applying = len(self.walk.skipped)
        excluder = self.walk.excluded_by
        if excluder is not None:
            label = format_value(excluder, self.walk.answer(excluder.id))
            self.out.wrap(f"The case is excluded from the sample by {excluder.id} = {label}.")
        elif not_applying:
            self.out.say(f"{not_applying} question{'s' * (not_applying != 1)} "
                         f"do{'es' * (not_applying == 1)} not apply to this case.")

    def cmd_help(self, _: str) -> int | None:
        for line in HELP.splitlines():
            self.out.say(line)
        self.reminder()
        return None

    def cmd_clear(self, _: str) -> int | None:
        assert self.current is not None
        if self.read_only:
            self.out.say("Read-only: nothing is changed.")
        elif self.current.id not in self.casefile.case.answers:
            self.out.say(f"{self.current.id} has no answer to clear.")
        else:
            self.record_answer(self.current, None)
            if self.walk.applies(self.current.id):
                self.show(self.current)
            else:
                return self.advance()
        return None

    def cmd_save(self, _: str) -> int | None:
        if self.read_only:
            self.out.say("Read-only: nothing is saved.")
        elif not self.pending:
            self.out.say("Nothing to save: every answer is on disk.")
        elif self.flush():
            self.out.say(f"Saved {self.path}.")
        return None

    def cmd_quit(self, _: str) -> int | None:
        return self.leave()

    # -- leaving ---------------------------------------------------------------------------

    def leave(self) -> int:
        """Quit or Ctrl-D: save what is not yet on disk, say where the walk stands."""
        if self.pending and not self.flush():
            self.out.say("Not saved — these changes are lost unless you make them again:")
            for edit in self.pending:
                self.out.say(f"  {edit.qid}: {edit.kind} {edit.after!r}")
            return 1
        progress = self.walk.progress()
        self.out.say(f"Answered {progress.answered}/{progress.applicable}; "
                     f"{'nothing was changed' if self.read_only else 'everything is saved'}.")
        self.out.say(f"To carry on: carag open {self.path}")
        return 0

    def finish(self) -> int:
        """The end of the walk: the totals, and the offer to mark the case complete."""
        self.out.say()
        self.out.say("End of the walk.")
        self.say_totals()
        if self.walk.excluded_by is not None:
            self.out.say("The questions after it are not asked.")
            return self.leave()
        if self.read_only or self.casefile.case.status is Status.COMPLETE:
            self.out.say(f"Status: {self.casefile.case.status}.")
            return self.leave()
        if self.confirm("Mark the case complete? [y/n] "):
            before = self.casefile.case.status
            mark_status(self.casefile, Status.COMPLETE)
            self.pending.append(Edit("status", "status", before, Status.COMPLETE))
            if self.flush():
                self.out.say("Marked complete and saved.")
        else:
            self.out.say("Left in progress.")
        return self.leave()

    def confirm(self, prompt: str) -> bool:
        """A yes or no; the end of input counts as no."""
        while True:
            line = self.out.ask(prompt)
            if line is None:
                return False
            word = line.strip().lower()
            if word in ("y", "yes"):
                return True
            if word in ("n", "no"):
                return False
            self.out.say("Type y or n.")

    # -- saving ----------------------------------------------------------------------------

    def flush(self) -> bool:
        """Save the pending edits; True when they are on disk."""
        for _ in range(SAVE_ATTEMPTS):
            try:
                save_case(self.casefile)
            except ConflictError:
                if not self.merge():
                    return False
                if not self.pending:
                    return True
                continue
            except OSError as exc:
                self.out.wrap(f"Could not save {self.path}: {exc.strerror or exc}. Your answers "
                              "are kept here and saved with the next answer, or type 'save'.")
                return False
            self.pending.clear()
            return True
        self.out.say(f"{self.path} keeps changing on disk; not saved. Type 'save' to try again.")
        return False

    def merge(self) -> bool:
        """The file changed on disk: reload it and put our pending edits on top, asking on clashes.

        False when the file on disk cannot be read (our edits stay in memory). Edits that end up
        not needed (the disk agrees, or its side is kept) leave `pending`.
        """
        self.out.wrap(f"{self.path} was changed on disk by something else since it was opened. "
                      "Reloading it; nothing on disk is overwritten without asking.")
        try:
            fresh = load_case(self.path)
        except ProblemsError as exc:
            for problem in exc.problems:
                self.out.say(f"  {problem}")
            self.out.wrap("The file on disk cannot be read now: your changes are kept here. "
                          "Fix or restore the file, then type 'save'.")
            return False
        kept = [edit for edit in self.pending if self.reapply(fresh, edit)]
        self.casefile, self.pending = fresh, kept
        self.refresh()
        return True

    def reapply(self, fresh: CaseFile, edit: Edit) -> bool:
        """Put one edit on the reloaded file; True when it changed the file."""
        on_disk = self.value_in(fresh, edit)
        if _same(edit.kind, on_disk, edit.after):
            return False
        if edit.kind == "status":
            return self.reapply_status(fresh)
        if not _same(edit.kind, on_disk, edit.before) and not self.keep_mine(edit, on_disk):
            return False
        if edit.kind == "answer":
            apply_answer(fresh, self.guide, edit.qid, edit.after)
        else:
            set_note(fresh, self.guide, edit.qid, edit.after or "")
        self.out.say(f"  Re-applied your {edit.kind} for {edit.qid}.")
        return True

    @staticmethod
    def value_in(casefile: CaseFile, edit: Edit) -> Any:
        if edit.kind == "answer":
            return casefile.case.answers.get(edit.qid)
        if edit.kind == "note":
            return casefile.case.notes.get(edit.qid)
        return casefile.case.status

    def reapply_status(self, fresh: CaseFile) -> bool:
        if not Walk(self.guide, fresh.case.answers).complete:
            self.out.say("  Not marked complete: the file on disk has unanswered questions.")
            return False
        mark_status(fresh, Status.COMPLETE)
        return True

    def keep_mine(self, edit: Edit, on_disk: Any) -> bool:
        """Both sides changed the same thing: show both and ask which to keep."""
        disk, mine = self.describe(edit, on_disk), self.describe(edit, edit.after)
        self.out.wrap(f"  {edit.qid}: the file on disk has {edit.kind} {disk}; "
                      f"you gave {mine}.")
        while True:
            line = self.out.ask("  Keep [m]ine or the one on [d]isk? ")
            word = "d" if line is None else line.strip().lower()
            if word in ("m", "mine"):
                return True
            if word in ("d", "disk"):
                self.out.say(f"  Kept {disk} from the disk.")
                return False
            self.out.say("  Type m (mine) or d (disk).")

    def describe(self, edit: Edit, value: Any) -> str:
        if value is None:
            return "(none)"
        if edit.kind == "answer" and self.guide.has_question(edit.qid):
            return format_value(self.guide.question(edit.qid), value)
        return repr(" ".join(str(value).split()))


# -- entry point ---------------------------------------------------------------------------


def run_plain(path: Path, *, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
              read_only: bool = False) -> int:
    """Walk a case line by line on `stdin`/`stdout`; the exit code.

    A bad file is reported and left alone (exit 1). The lock is taken unless `read_only`; when
    someone else holds it, the session carries on read-only only if the inspector types "r".
    """
    out = Console(stdin, stdout)
    path = Path(path)
    opened = open_case(path, out)
    if isinstance(opened, int):
        return opened
    casefile, guide = opened
    restore = _on_hangup(out.on_signal)
    locked: bool | None = False
    try:
        if not read_only:
            locked = take_lock(path, out)
            if locked is None:
                return 1
            read_only = not locked
        return PlainWalk(casefile, guide, out, read_only).run()
    except Hangup as hangup:  # before the walk began: nothing to save
        return 128 + hangup.signum
    finally:
        if locked:
            release(path)
        restore()


def _on_hangup(handler: Callable[[int, Any], None]) -> Callable[[], None]:
    """Send SIGHUP and SIGTERM to `handler`; returns what puts the old handlers back."""
    previous: dict[int, Any] = {}
    for sig in (signal.SIGHUP, signal.SIGTERM):
        try:
            previous[sig] = signal.signal(sig, handler)
        except (ValueError, OSError):  # not the main thread: the caller's handlers stay
            break

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


def open_case(path: Path, out: Console) -> tuple[CaseFile, Guide] | int:
    """The case file and its guide, or an exit code after saying what is wrong."""
    try:
        casefile = load_case(path)
    except ProblemsError as exc:
        for problem in exc.problems:
            out.say(str(problem))
        out.say(f"carag: {path} was not opened; nothing was written to it.")
        return 1
    try:
        return casefile, catalogue().get(casefile.case.guide)
    except KeyError as exc:
        out.say(f"carag: {exc.args[0]}")
        return 2


def take_lock(path: Path, out: Console) -> bool | None:
    """True when we hold the lock, False to go on read-only, None to stop."""
    try:
        acquire(path)
        return True
    except LockedError as exc:
        out.say(f"{path} is open by {exc.holder.describe()}.")
    except OSError as exc:
        out.say(f"Cannot take the lock for {path}: {exc.strerror or exc}.")
    line = out.ask("Type 'r' to look at it read-only; anything else leaves: ")
    if line is not None and line.strip().lower() in ("r", "read-only", "readonly"):
        return False
    out.say("carag: not opened.")
    return None
