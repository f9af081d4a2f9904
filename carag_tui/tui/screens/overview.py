"""The case at a glance: every applicable question with its answer or a gap."""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from carag_tui.case.judged import review_message, to_review
from carag_tui.case.model import Status
from carag_tui.case.outline import OutlineRow, outline
from carag_tui.case.session import CaseSession
from carag_tui.guide.model import Guide
from carag_tui.safetext import visible
from carag_tui.tui.widgets.marked_list import MarkedOptionList


class OverviewScreen(ModalScreen[str | None]):
    """Enter jumps to a question; `s` shows skipped ones; `c` marks the case complete."""

    CSS_PATH = "overview.tcss"
    BINDINGS = [
        Binding(
            "escape,o", "dismiss(None)", "Back", id="overview_close", tooltip="Back to the question"
        ),
        Binding(
            "s",
            "toggle_skipped",
            "Skipped",
            id="overview_skipped",
            tooltip="Show or hide the questions that do not apply, with the reason",
        ),
        Binding(
            "c",
            "complete",
            "Mark complete",
            id="overview_complete",
            tooltip="Mark the case complete (every applicable question answered)",
        ),
        Binding(
            "N",
            "complete(True)",
            "Complete, next case",
            id="overview_complete_next",
            tooltip="Mark the case complete, leave it and start a new case",
        ),
        Binding(
            "m",
            "next_missing",
            "Next gap",
            id="overview_missing",
            tooltip="Jump to the next unanswered question",
        ),
        Binding("q", "leave", "Leave case", id="overview_leave", tooltip="Save and leave the case"),
    ]

    def __init__(self, session: CaseSession, *, end: bool = False, at: str | None = None) -> None:
        """`at`: the question the list opens at (the one on screen in the walk)."""
        super().__init__()
        self.session = session
        self.end = end
        self.at = at
        self.show_skipped = False

    def compose(self) -> ComposeResult:
        yield Static(id="overview-head")
        yield MarkedOptionList(id="overview-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.rebuild()
        self.query_one(OptionList).focus()

    def rebuild(self) -> None:
        session = self.session
        guide, walk, case = session.guide, session.walk, session.case
        progress = walk.progress()
        missing = walk.missing()
        head = Text.assemble(
            (visible(case.case, lines=False), "bold"),
            f" · {progress.answered}/{progress.applicable} answered · ",
            (str(case.status), "bold"),
            f" · {guide.title}",
        )
        head.truncate(max(20, self.app.size.width - 2), overflow="ellipsis")
        if self.end or walk.complete:
            if missing:
                head.append(
                    f"\nThe walk is done but {len(missing)} question(s) are unanswered: "
                    + ", ".join(q.id for q in missing[:12])
                    + (" …" if len(missing) > 12 else ""),
                    style="bold",
                )
            elif case.status is Status.EXCLUDED:
                head.append("\nThe case is excluded from the sample.", style="bold")
            elif case.status is not Status.COMPLETE:
                head.append(
                    "\nEvery applicable question is answered: press c to mark the case "
                    "complete (N: and start the next case).",
                    style="bold",
                )
        flagged = to_review(walk.applicable, walk.answer, case.judged)
        if flagged:
            head.append("\n" + review_message(flagged), style="bold")
        self.query_one("#overview-head", Static).update(head)
        options: list[Option | None] = []
        id_width = min(14, max(len(q.id) for q in guide.questions))
        width = max(40, self.app.size.width - 6)
        for section in outline(walk, skipped=self.show_skipped, judged=case.judged):
            heading = Text(section.heading, style="bold")
            heading.truncate(width, overflow="ellipsis")
            options.append(Option(heading, disabled=True))
            for row in section.rows:
                question = row.question
                if row.skip is None:
                    shown = row.label or "— gap —"
                    style = "" if row.label is not None else "bold reverse"
                    if row.to_review:  # a summary judgement whose footing changed
                        shown, style = f"{shown[:6]} · to review", "bold reverse"
                    shown = shown if len(shown) <= 18 else shown[:17] + "…"
                    line = Text.assemble(
                        f"  {question.id:{id_width}} ", (f"{shown:<18}", style), " ", question.text
                    )
                    line.truncate(width, overflow="ellipsis")
                    options.append(Option(line, id=question.id))
                else:
                    options.append(Option(skipped_row(row, guide, id_width, width), disabled=True))
        option_list = self.query_one(OptionList)
        highlighted = option_list.highlighted_option
        at = highlighted.id if highlighted is not None and highlighted.id else self.at
        option_list.clear_options()
        option_list.add_options(options)
        ids = [option.id if option is not None else None for option in options]
        if at in ids:
            option_list.highlighted = ids.index(at)

    def on_resize(self) -> None:
        """Cut to the new width: the lines were cut to the width they were drawn at."""
        if self.query("#overview-list"):
            self.rebuild()

    @on(OptionList.OptionSelected)
    def _jump(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def action_toggle_skipped(self) -> None:
        self.show_skipped = not self.show_skipped
        self.rebuild()

    def action_next_missing(self) -> None:
        gap = self.session.walk.first_unanswered()
        if gap is not None:
            self.dismiss(gap.id)

    def action_complete(self, then_next: bool = False) -> None:
        """`c`: mark the case complete; `N`: and leave it for the new-case dialog."""
        problem = self.session.why_not_complete()
        if problem:
            self.notify(f"{problem.rstrip('.')}.", severity="warning")
            return
        self.dismiss("complete_next" if then_next else "complete")

    def action_leave(self) -> None:
        self.dismiss("leave")


def skipped_row(row: OutlineRow, guide: Guide, id_width: int, width: int) -> Text:
    """A question that does not apply: the answer kept in the file, then why, wrapped under
    it (never cut: the reason is what the inspector reads it for)."""
    kept = row.kept_label
    head = f"  {row.question.id:{id_width}} skipped" + (f" · kept answer: {kept}" if kept else "")
    indent = " " * (id_width + 4)
    reason = textwrap.wrap(
        f"because {row.skip.describe(guide)}" if row.skip else "",
        max(20, width),
        initial_indent=indent,
        subsequent_indent=indent,
    )
    return Text("\n".join([head[:width], *reason]), style="dim")
