"""What the inspector weighs before a summary judgement: the key question's answers so far."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from carag_tui.case.flow import Walk
from carag_tui.case.judged import review_message, to_review
from carag_tui.case.weigh import to_weigh
from carag_tui.guide.model import KeyQuestion

NOTE_MARK = "✎"  # after a question id: it has a note


def weigh_text(
    walk: Walk,
    key_question: KeyQuestion,
    notes: Mapping[str, str] | None = None,
    judged: Mapping[str, str] | None = None,
) -> Text:
    """The core's groups (`case/weigh.py`) drawn for a panel.

    First, for each group, its tally and a line per answer naming the questions that gave it
    (`No   R1.5 R1.6`): the whole picture in a few lines, for small terminals. Then each
    question with its answer and text, one a line. A question with a note is marked `✎`.
    Above all, whether the summary is to review (`judged`, the case's: `case/judged.py`).
    """
    noted = {qid for qid, note in (notes or {}).items() if note.strip()}
    summary, detail = Text(), Text()
    flagged = [
        qid
        for qid in to_review(walk.applicable, walk.answer, judged or {})
        if walk.guide.question(qid).key_question == key_question.id
    ]
    if flagged:
        summary.append(review_message(flagged) + "\n", style="bold reverse")
    for group in to_weigh(walk, key_question):
        tally = " · ".join(f"{n} {label}" for label, n in group.counts())
        if group.unanswered:
            tally += f"{' · ' if tally else ''}{group.unanswered} unanswered"
        summary.append(f"{group.title}: ", style="bold")
        summary.append(f"{tally}\n")
        for row in group.rows:
            style = "bold" if row.is_no else ""
            qid = row.question.id + (NOTE_MARK if row.question.id in noted else "")
            detail.append(f"  {qid:7} {row.label or '—':<4.20} ", style=style)
            detail.append(f"{row.question.text}\n", style="dim")
        for label, qids in group.by_answer():
            summary.append(f"  {label:<4} ", style="bold" if label == "No" else "")
            summary.append(" ".join(q + (NOTE_MARK if q in noted else "") for q in qids) + "\n")
    return Text.assemble(summary, "\n", detail)


class WeighPanel(VerticalScroll, can_focus=False):
    """Shown above the guidance when the walk reaches a summary judgement; one line per row
    (cut with an ellipsis), a page further with `w`."""

    def compose(self):
        yield Static(id="weigh-text")

    def show(
        self,
        walk: Walk,
        key_question: KeyQuestion,
        notes: Mapping[str, str] | None = None,
        judged: Mapping[str, str] | None = None,
    ) -> None:
        self.border_title = f"To weigh for {key_question.id} (w: more · {NOTE_MARK}: a note)"
        self.query_one("#weigh-text", Static).update(weigh_text(walk, key_question, notes, judged))
        self.scroll_home(animate=False)

    def page(self) -> None:
        """The next page of what to weigh; after the last, the first again."""
        if self.scroll_y >= self.max_scroll_y:
            self.scroll_home(animate=False)
        else:
            self.scroll_page_down(animate=False)
