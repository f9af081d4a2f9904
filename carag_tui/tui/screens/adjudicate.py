"""Adjudication: two assessments of one case, difference by difference; pick A's or B's
answer at each, then write the agreed case (a new file; the two originals are kept)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from carag_tui.case.answers import format_value
from carag_tui.case.store import read_case
from carag_tui.guide.registry import GuideNotFound, catalogue
from carag_tui.problems import ProblemsError
from carag_tui.qa.compare import CompareError, Difference, check_pair, differences, write_agreed
from carag_tui.safetext import visible


class AdjudicationScreen(Screen[None]):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding(
            "a",
            "pick('a')",
            "Take A",
            id="adjudicate_a",
            tooltip="The first assessment's answer here",
        ),
        Binding(
            "b",
            "pick('b')",
            "Take B",
            id="adjudicate_b",
            tooltip="The second assessment's answer here",
        ),
        Binding(
            "j,down",
            "step(1)",
            "Next",
            id="adjudicate_next",
            key_display="j",
            tooltip="The next difference",
        ),
        Binding(
            "k,up",
            "step(-1)",
            "Prev",
            id="adjudicate_previous",
            key_display="k",
            tooltip="The previous difference",
        ),
        Binding(
            "w",
            "write",
            "Write agreed",
            id="adjudicate_write",
            tooltip="Write the agreed case (every difference picked)",
        ),
        Binding(
            "q,escape", "leave", "Leave", id="adjudicate_leave", tooltip="Leave without writing"
        ),
    ]

    current: reactive[int] = reactive(0, init=False)

    def __init__(
        self,
        a: Path,
        b: Path,
        out: Path | None = None,
        adjudicator: str = "",
        on_close: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.a, self.b, self.out = Path(a), Path(b), out
        self.adjudicator = adjudicator
        self.on_close = on_close
        self.picks: dict[str, str] = {}
        self.diffs: list[Difference] = []
        self.error: str | None = None
        self.written: Path | None = None
        self.who = ("A", "B")

    def compose(self) -> ComposeResult:
        yield Static(id="review-head")
        with VerticalScroll(id="review-body"):
            yield Static(id="review-page")
        yield Static(id="review-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        try:
            case_a, case_b = read_case(self.a), read_case(self.b)
            check_pair(case_a, case_b, self.a, self.b)
            guide = catalogue().get(case_a.guide)
        except ProblemsError as exc:
            self.error = str(exc.problems[0])
        except (CompareError, GuideNotFound) as exc:
            self.error = str(exc)
        else:
            self.diffs = differences(guide, case_a, case_b)
            self.who = (
                visible(case_a.assessor or "A", lines=False),
                visible(case_b.assessor or "B", lines=False),
            )
            self.ref = visible(case_a.case, lines=False)
        self.draw()

    def watch_current(self) -> None:
        self.draw()

    def draw(self) -> None:
        head = self.query_one("#review-head", Static)
        page = self.query_one("#review-page", Static)
        if self.error is not None:
            head.update(Text(" Cannot adjudicate", style="bold"))
            page.update(Text(self.error))
            return
        picked = sum(1 for d in self.diffs if d.question.id in self.picks)
        head.update(
            Text.assemble(
                (f" {self.ref}", "bold"),
                f" · A {self.who[0]} · B {self.who[1]} · "
                f"{picked}/{len(self.diffs)} differences picked",
            )
        )
        if not self.diffs:
            page.update(
                Text("The two assessments give the same answers: w writes the agreed case.")
            )
            return
        diff = self.diffs[self.current]
        text = Text()
        text.append(f"{diff.question.id}", style="bold")
        text.append(f"  ({self.current + 1}/{len(self.diffs)})  {diff.question.text}\n\n")
        pick = self.picks.get(diff.question.id)
        for side, name, note in (("a", self.who[0], diff.a_note), ("b", self.who[1], diff.b_note)):
            chosen = " ◀ agreed" if pick == side else ""
            text.append(f"{side.upper()} ({name}): ", style="bold")
            text.append(self.answer(diff, side), style="bold reverse" if chosen else "bold")
            text.append(f"{chosen}\n")
            for line in visible(note).splitlines():
                text.append(f"    │ {line}\n", style="italic")
            text.append("\n")
        page.update(text)

    @staticmethod
    def answer(diff: Difference, side: str) -> str:
        value, applies = (diff.a, diff.a_applies) if side == "a" else (diff.b, diff.b_applies)
        if not applies:
            return "(does not apply)"
        return format_value(diff.question, value) if value is not None else "(not answered)"

    def say(self, message: str) -> None:
        self.query_one("#review-status", Static).update(Text(message))

    def action_step(self, step: int) -> None:
        if self.diffs:
            self.current = max(0, min(len(self.diffs) - 1, self.current + step))

    def action_pick(self, side: str) -> None:
        if not self.diffs or self.error:
            return
        self.picks[self.diffs[self.current].question.id] = side
        following = next(
            (i for i in range(len(self.diffs)) if self.diffs[i].question.id not in self.picks), None
        )
        if following is None:
            self.draw()
            self.say("Every difference picked: w writes the agreed case.")
        else:
            self.current = following
            self.draw()

    def action_write(self) -> None:
        if self.error or self.written is not None:
            return
        left = [d.question.id for d in self.diffs if d.question.id not in self.picks]
        if left:
            self.say(f"Pick A or B first at {', '.join(left)}.")
            return
        try:
            agreed = write_agreed(self.a, self.b, self.picks, self.adjudicator, self.out)
        except (ProblemsError, CompareError, FileExistsError, OSError) as exc:
            self.say(f"Not written: {exc}")
            return
        self.written = agreed.path
        self.say(
            f"Agreed case written to {agreed.path}; {self.a.name} and {self.b} are kept. q leaves."
        )

    def action_leave(self) -> None:
        if self.on_close is not None:
            self.on_close()
        else:
            self.dismiss(None)
