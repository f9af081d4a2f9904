"""What plain mode prints about a case: a question with its guidance, choices and answer, the
overview of the walk, and the totals."""

from __future__ import annotations

import textwrap
from typing import Any

from carag_tui.case.answers import format_value
from carag_tui.case.judged import review_message, to_review
from carag_tui.case.outline import outline
from carag_tui.case.session import CaseSession
from carag_tui.case.weigh import to_weigh
from carag_tui.guide.model import AnswerType, Kind, Question
from carag_tui.guide.provenance import INFERRED_MARK, has_mark, provenance_lines
from carag_tui.plain.console import Console
from carag_tui.plain.text import cut, markdown_to_text, shorten

#: Guidance longer than this many lines is cut short under a question.
GUIDANCE_LINES = 12
MORE_GUIDANCE = "(type 'guide' for the full guidance)"
BRIEF_GUIDANCE = "(guidance left out: 'guide' shows it, 'brief' brings it back)"
#: Letters shown for the yes/no answers (parse_value accepts them).
YES_NO_LETTERS = {"yes": "y", "no": "n", "na": "a"}
#: How each typed answer is asked for.
HINTS = {
    AnswerType.MULTI: "numbers or keys separated by commas ('none' for none)",
    AnswerType.TEXT: "type the answer on one line",
    AnswerType.NUMBER: "a whole number, 0 or more",
    AnswerType.DATE: "a date like 2026-11-23",
}


class CaseView:
    """Prints the questions and the state of one open case on a Console."""

    def __init__(self, session: CaseSession, out: Console, *, brief: bool = False) -> None:
        self.session, self.out = session, out
        self.brief = brief  # the guidance left out, so that 24 lines show the question

    def question(self, question: Question) -> None:
        """The header, text, guidance (cut short), choices and current answer and note."""
        self.out.say()
        self.out.say(self.header(question))
        self.out.wrap(question.text)
        from carag_tui.case.suggestion import suggestion_markdown

        suggestion = suggestion_markdown(self.session.walk, question)
        if suggestion:  # marked as the guide's suggestion, never an answer
            self.out.wrap(suggestion.replace("**", "").strip())
        if self.brief:
            self.out.say(BRIEF_GUIDANCE if question.guidance.strip() else "")
        else:
            self.guidance(question, GUIDANCE_LINES)
        if question.kind is Kind.SUMMARY:
            self.context(question)
        self.choices(question)
        self.current(question)
        from carag_tui.plain.queries import show_query

        show_query(self, question.id)

    def header(self, question: Question) -> str:
        """`[U1.1 · prompt] Unpaid work › 4.1.1 Is the assessment… (3/19 answered)`."""
        guide = self.session.guide
        kq = guide.key_question_of(question)
        progress = self.session.walk.progress()
        title = guide.standard(kq.standard).title
        where = f"{title} › " if title != kq.label else ""
        mark = f" {INFERRED_MARK}" if has_mark(question) else ""
        head = f"[{question.id}{mark} · {question.kind}] {where}"
        tail = f" ({progress.answered}/{progress.applicable} answered)"
        room = max(10, self.out.width - len(head) - len(tail))
        return head + shorten(kq.label, room) + tail

    def provenance(self, question: Question) -> None:
        """Where the question's parts come from (after the full guidance, `guide`)."""
        self.out.say()
        self.out.say(f"Question {question.id}: where it comes from")
        for heading, words in provenance_lines(question):
            self.out.wrap(f"{heading}{words}")

    def guidance(self, question: Question, limit: int | None) -> None:
        lines = markdown_to_text(question.guidance, self.out.width)
        if not lines:
            return
        self.out.say()
        if limit is not None and len(lines) > limit:
            lines = [*cut(lines, limit), MORE_GUIDANCE]
        for line in lines:
            self.out.say(line)

    def context(self, question: Question) -> None:
        """Under a summary question: what to weigh (`case/weigh.py`), with counts."""
        kq = self.session.guide.key_question_of(question)
        walk, notes = self.session.walk, self.session.case.notes
        if question.id in to_review(walk.applicable, walk.answer, self.session.case.judged):
            self.out.wrap(review_message([question.id]))
        for group in to_weigh(walk, kq):
            summary = ", ".join(f"{label} {n}" for label, n in group.counts())
            extra = f"; {group.unanswered} not answered" if group.unanswered else ""
            self.out.say()
            self.out.say(
                f"{group.title}: {group.answered} answered"
                f"{': ' + summary if summary else ''}{extra}"
            )
            for row in group.rows:
                label = row.label or "(not answered)"
                qid = row.question.id + ("*" if notes.get(row.question.id, "").strip() else "")
                self.out.say(shorten(f"  {qid:8} {label:16} {row.question.text}", self.out.width))
            if any(notes.get(row.question.id, "").strip() for row in group.rows):
                self.out.say("  (* has a note)")

    def choices(self, question: Question) -> None:
        self.out.say()
        kind = question.answer
        if kind in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
            self.out.say(
                "  " + "   ".join(f"{YES_NO_LETTERS[o.key]}) {o.label}" for o in question.choices)
            )
        elif kind in (AnswerType.CHOICE, AnswerType.MULTI):
            self.options(question)
        if kind in HINTS:
            self.out.say(f"  ({HINTS[kind]})")

    def options(self, question: Question) -> None:
        offered = self.session.walk.choices(question.id)
        items = [f"{n}) {o.label}" for n, o in enumerate(offered, start=1)]
        line = "  " + "  ".join(items)
        if len(line) <= self.out.width:
            self.out.say(line)
            return
        for n, option in enumerate(offered, start=1):
            marker = f"  {n}) "
            self.out.say(
                textwrap.fill(
                    option.label,
                    self.out.width,
                    initial_indent=marker,
                    subsequent_indent=" " * len(marker),
                )
            )

    def current(self, question: Question) -> None:
        value = self.session.walk.answer(question.id)
        if value is not None:
            self.out.say(f"  Current answer: {format_value(question, value)} (Enter keeps it)")
        note = self.session.case.notes.get(question.id, "").strip()
        for n, line in enumerate(note.splitlines()):
            self.out.say(f"  {'Note:' if n == 0 else '':5} │ {line}")

    def value(self, kind: str, qid: str, value: Any) -> str:
        """An answer (or a note, on one line) as the inspector reads it."""
        guide = self.session.guide
        if value is None:
            return "(none)"
        if kind == "answer" and guide.has_question(qid):
            return format_value(guide.question(qid), value)
        return repr(" ".join(str(value).split()))

    def overview(self, current: Question | None) -> None:
        """The case outline (`case/outline.py`): every applicable question with its answer,
        by key question, then the totals."""
        walk = self.session.walk
        id_width = min(12, max((len(q.id) for q in walk.applicable), default=4))
        for section in outline(walk):
            progress = section.progress
            self.out.say(
                shorten(section.heading, self.out.width - 8)
                + f" ({progress.answered}/{progress.applicable})"
            )
            for row in section.rows:
                question = row.question
                mark = ">" if question is current else " "
                self.out.say(
                    shorten(
                        f"{mark} {shorten(question.id, id_width):{id_width}} "
                        f"{shorten(row.label or '— gap', 14):14} {question.text}",
                        self.out.width,
                    )
                )
        self.totals()

    def totals(self) -> None:
        walk = self.session.walk
        progress = walk.progress()
        gaps = [q.id for q in walk.missing()]
        self.out.say(
            f"Answered {progress.answered}/{progress.applicable}"
            f"{'; gaps: ' + ', '.join(gaps) if gaps else ''}."
        )
        not_applying = len(walk.skipped)
        excluder = walk.excluded_by
        if excluder is not None:
            label = format_value(excluder, walk.answer(excluder.id))
            self.out.wrap(f"The case is excluded from the sample by {excluder.id} = {label}.")
        elif not_applying:
            self.out.say(
                f"{not_applying} question{'s' * (not_applying != 1)} "
                f"do{'es' * (not_applying == 1)} not apply to this case."
            )
