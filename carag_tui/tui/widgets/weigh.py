"""What the inspector weighs before a summary judgement: the key question's answers so far."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.widgets import Static

from carag_tui.case.answers import format_value
from carag_tui.case.flow import Walk
from carag_tui.guide.model import KeyQuestion, Kind


def weigh_text(walk: Walk, key_question: KeyQuestion) -> Text:
    """Prompt-linked answers set apart from the others, with counts."""
    groups = (
        ("Prompt-linked", [Kind.PROMPT]),
        ("Supplementary and information", [Kind.SUPPLEMENTARY, Kind.INFO]),
    )
    text = Text(no_wrap=True, overflow="ellipsis")
    for title, kinds in groups:
        questions = [q for q in walk.questions_in(key_question.id) if q.kind in kinds]
        if not questions:
            continue
        answers = [walk.answer(q.id) for q in questions]
        counts = Counter(a if isinstance(a, str) else "other" for a in answers if a is not None)
        tally = " · ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        unanswered = sum(a is None for a in answers)
        if unanswered:
            tally += f" · {unanswered} unanswered"
        text.append(f"{title}: ", style="bold")
        text.append(f"{tally}\n")
        for question, answer in zip(questions, answers, strict=True):
            shown = format_value(question, answer) if answer is not None else "—"
            style = "bold" if answer == "no" else ""
            text.append(f"  {question.id:7} {shown:<4.20} ", style=style)
            text.append(f"{question.text}\n", style="dim")
    return text


class WeighPanel(Static):
    """Shown above the guidance when the walk reaches a summary judgement."""

    def show(self, walk: Walk, key_question: KeyQuestion) -> None:
        self.border_title = f"To weigh for {key_question.id}"
        self.update(weigh_text(walk, key_question))
