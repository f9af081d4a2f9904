"""The answer choices of a question, each with its key; one or several may be picked."""

from __future__ import annotations

import asyncio
from contextlib import suppress

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from carag_tui.guide.model import AnswerType, Option, Question

LETTER_KEYS = {"yes": "y", "no": "n", "na": "a"}
#: Seconds Enter waits for its answer to be taken before later keys go on regardless.
TAKEN_WAIT = 2.0


class ChoiceBox(Widget, can_focus=True):
    """Options listed one a line with their keys. Digits pick; ↑/↓ + Enter for long lists.

    Configured by `show`; what Enter chooses goes up as a `ChoiceBox.Chosen` message, which
    the walk records. A digit on a single-choice question is an answer the walk records at
    once (keys typed ahead then land on their own questions, in order); on a several-choice
    question it ticks (`tick_option`).
    """

    class Chosen(Message):
        """An answer picked in the box: `value` for the question `question_id`. The handler
        calls `take()` once it has acted on it."""

        def __init__(self, question_id: str, value: str | list[str]) -> None:
            super().__init__()
            self.question_id = question_id
            self.value = value
            self._taken = asyncio.Event()

        def take(self) -> None:
            self._taken.set()

        async def wait_taken(self, timeout: float = TAKEN_WAIT) -> None:
            with suppress(TimeoutError):
                await asyncio.wait_for(self._taken.wait(), timeout)

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False, id="choice_up"),
        Binding("down", "cursor(1)", "Down", show=False, id="choice_down"),
        Binding("space", "tick", "Tick", id="choice_toggle",
                tooltip="Tick or untick the highlighted option (several-choice questions)"),
        Binding("enter", "confirm", "Confirm", show=False, id="choice_confirm",
                tooltip="Choose the highlighted option, or the ticked ones"),
    ]

    cursor: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question: Question | None = None
        self.choices: tuple[Option, ...] = ()  # those offered in this case
        self.current: str | list[str] | None = None
        self.ticked: list[str] = []

    def show(self, question: Question, current: object,
             choices: tuple[Option, ...] | None = None) -> None:
        """Show `question`'s `choices` (default: all of them) with `current` picked."""
        self.question = question
        self.choices = question.choices if choices is None else choices
        self.current = current if isinstance(current, str | list) else None
        self.ticked = list(current) if isinstance(current, list) else []
        keys = [o.key for o in self.choices]
        self.cursor = keys.index(current) if isinstance(current, str) and current in keys else 0
        self.refresh(layout=True)

    @property
    def multi(self) -> bool:
        return self.question is not None and self.question.answer is AnswerType.MULTI

    @property
    def yes_no(self) -> bool:
        return self.question is not None and self.question.answer in (
            AnswerType.YES_NO, AnswerType.YES_NO_NA)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cursor":
            return not self.yes_no  # on yes/no questions ↑/↓ move between questions
        if action == "tick":
            return self.multi
        if action == "confirm":
            return not self.yes_no
        return True

    def key_for(self, index: int, key: str) -> str:
        if self.yes_no:
            return LETTER_KEYS.get(key, str(index + 1))
        return str(index + 1) if index < 9 else " "

    def render(self) -> Text:
        text = Text(no_wrap=False, overflow="fold")
        if self.question is None:
            return text
        for index, option in enumerate(self.choices):
            chosen = option.key in self.ticked if self.multi else option.key == self.current
            line = Text()
            marker = ("[x] " if chosen else "[ ] ") if self.multi else ("● " if chosen else "  ")
            line.append(f" {self.key_for(index, option.key)} ", style="reverse bold")
            line.append(" " + marker)
            line.append(option.label, style="bold" if chosen else "")
            if option.excludes:
                line.append("  (excludes the case)", style="italic")
            if not self.yes_no and index == self.cursor and self.has_focus:
                line.stylize("underline", 4)
            text.append(line)
            text.append("\n")
        if self.multi:
            text.append("digits or space tick · Enter confirms", style="italic dim")
        return text

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.question is None:
            return 1
        return len(self.choices) + (1 if self.multi else 0)

    def action_cursor(self, step: int) -> None:
        if self.question:
            self.cursor = (self.cursor + step) % len(self.choices)
            self.refresh()

    def action_tick(self) -> None:
        """Space: tick or untick the highlighted option (several-choice questions)."""
        if self.question and self.multi:
            self.tick(self.choices[self.cursor].key)

    def tick(self, key: str) -> None:
        if key in self.ticked:
            self.ticked.remove(key)
        else:
            self.ticked.append(key)
        order = self.question.choice_keys if self.question else ()
        self.ticked.sort(key=order.index)
        self.refresh()

    def tick_option(self, index: int) -> None:
        """A digit key on a several-choice question: tick or untick option `index`."""
        if self.question is None or not self.multi or not 0 <= index < len(self.choices):
            return
        self.cursor = index
        self.tick(self.choices[index].key)

    async def action_confirm(self) -> None:
        """Enter: choose the highlighted option, or the ticked ones.

        Keys are acted on one after another; this waits until the walk has taken the answer,
        so keys typed after Enter land on the next question, not on this one."""
        if self.question is None or self.yes_no:
            return
        if self.multi:
            value: str | list[str] = list(self.ticked)
        else:
            value = self.choices[self.cursor].key
        chosen = self.Chosen(self.question.id, value)
        self.post_message(chosen)
        await chosen.wait_taken()
