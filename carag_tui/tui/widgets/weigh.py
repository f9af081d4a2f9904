"""What the inspector weighs before a summary judgement: the key question's answers so far."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from carag_tui.case.answers import format_value
from carag_tui.case.flow import Walk
from carag_tui.guide.model import KeyQuestion, Kind

GROUPS = (
    ("Prompt-linked", (Kind.PROMPT,)),
    ("Supplementary and information", (Kind.SUPPLEMENTARY, Kind.INFO)),
)


def weigh_text(walk: Walk, key_question: KeyQuestion) -> Text:
    """Prompt-linked answers set apart from the others, with counts.

    First, for each group, its tally and a line per answer naming the questions that gave it
    (`no   R1.5 R1.6`): the whole picture in a few lines, for small terminals. Then each
    question with its answer and text, one a line.
    """
    summary, detail = Text(), Text()
    for title, kinds in GROUPS:
        questions = [q for q in walk.questions_in(key_question.id) if q.kind in kinds]
        if not questions:
            continue
        answers = [walk.answer(q.id) for q in questions]
        counts = Counter(a if isinstance(a, str) else "other" for a in answers if a is not None)
        tally = " · ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        unanswered = sum(a is None for a in answers)
        if unanswered:
            tally += f" · {unanswered} unanswered"
        summary.append(f"{title}: ", style="bold")
        summary.append(f"{tally}\n")
        gave: dict[str, list[str]] = {}
        for question, answer in zip(questions, answers, strict=True):
            key = "—" if answer is None else answer if isinstance(answer, str) else "other"
            gave.setdefault(key, []).append(question.id)
            shown = format_value(question, answer) if answer is not None else "—"
            style = "bold" if answer == "no" else ""
            detail.append(f"  {question.id:7} {shown:<4.20} ", style=style)
            detail.append(f"{question.text}\n", style="dim")
        for key in sorted(gave):
            summary.append(f"  {key:<4} ", style="bold" if key == "no" else "")
            summary.append(" ".join(gave[key]) + "\n")
    return Text.assemble(summary, "\n", detail)


class WeighPanel(VerticalScroll, can_focus=False):
    """Shown above the guidance when the walk reaches a summary judgement; one line per row
    (cut with an ellipsis), a page further with `w`."""

    def compose(self):
        yield Static(id="weigh-text")

    def show(self, walk: Walk, key_question: KeyQuestion) -> None:
        self.border_title = f"To weigh for {key_question.id}"
        self.query_one("#weigh-text", Static).update(weigh_text(walk, key_question))
        self.scroll_home(animate=False)

    def page(self) -> None:
        """The next page of what to weigh; after the last, the first again."""
        if self.scroll_y >= self.max_scroll_y:
            self.scroll_home(animate=False)
        else:
            self.scroll_page_down(animate=False)
