"""A key question as the reviewer reads it: each question's answer, note and open query."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from rich.text import Text

from carag_tui.case.answers import format_value
from carag_tui.case.flow import Walk
from carag_tui.case.model import Case
from carag_tui.case.review_record import Query
from carag_tui.guide.model import KeyQuestion, Kind
from carag_tui.safetext import visible


def key_question_text(
    kq: KeyQuestion, walk: Walk, case: Case, queries: Mapping[str, Query], width: int
) -> Text:
    """The questions of `kq` that apply, answers in bold, question text wrapped to `width`."""
    text = Text()
    for question in walk.questions_in(kq.id):
        value = walk.answer(question.id)
        answer = format_value(question, value) if value is not None else "(not answered)"
        if question.kind is Kind.SUMMARY:
            text.append("SUMMARY JUDGEMENT ", style="bold reverse")
            text.append(f" {question.id}  ")
            text.append(answer, style="bold")
            text.append(f"\n  {question.text}\n")
        else:
            text.append(f"{question.id:7} ")
            text.append(f"{answer:<14}", style="bold")
            lines = textwrap.wrap(question.text, width) or [""]
            text.append(f" {lines[0]}\n")
            for line in lines[1:]:
                text.append(f"{'':23}{line}\n")
        note = visible(case.notes.get(question.id) or "").strip()
        for line in note.splitlines():
            text.append(f"        │ {line}\n", style="italic")
        query = queries.get(question.id)
        if query is not None and query.is_open:
            text.append_text(query_text(query))
    return text


def query_text(query: Query) -> Text:
    """An open query as the reviewer's walk and the assessor's walk show it."""
    text = Text()
    waiting = "answered, to close" if query.state == "answered" else "open"
    text.append(f"        ? query ({waiting}) {visible(query.by, lines=False)}: ", style="bold")
    text.append(visible(" ".join(query.text.split()), lines=False) + "\n")
    if query.reply:
        text.append(f"          reply ({visible(query.reply_by, lines=False)}): ", style="bold")
        text.append(visible(" ".join(query.reply.split()), lines=False) + "\n")
    return text
