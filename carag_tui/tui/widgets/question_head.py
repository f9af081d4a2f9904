"""Where the walk is: the question id, its kind written out, and progress."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from carag_tui.case.flow import Walk
from carag_tui.guide.model import Kind, Question

KIND_LABEL = {
    Kind.PROMPT: "PROMPT-LINKED",
    Kind.SUPPLEMENTARY: "SUPPLEMENTARY",
    Kind.INFO: "INFORMATION",
    Kind.SUMMARY: "SUMMARY JUDGEMENT",
}
#: Basic terminal colours, so the badge holds in 16 colours; the label says the kind anyway.
KIND_STYLE = {
    Kind.PROMPT: "blue",
    Kind.SUPPLEMENTARY: "white",
    Kind.INFO: "green",
    Kind.SUMMARY: "yellow",
}


def progress_bar(fraction: float, width: int = 10) -> str:
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)


class QuestionHead(Static):
    """`A1.1  PROMPT-LINKED  key question 2/6  case ███░░ 12/34`: the kind is written out."""

    def show(self, question: Question, walk: Walk) -> None:
        kq_progress = walk.progress(question.key_question)
        total = walk.progress()
        self.update(
            Text.assemble(
                (f"{question.id} ", "bold"),
                (f" {KIND_LABEL[question.kind]} ", f"bold reverse {KIND_STYLE[question.kind]}"),
                f"  key question {kq_progress.answered}/{kq_progress.applicable}",
                f"  case {progress_bar(total.fraction)} {total.answered}/{total.applicable}",
                no_wrap=True,
                overflow="ellipsis",
            )
        )
