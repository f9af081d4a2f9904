"""The answer choices of a question, each with its key; one or several may be picked."""

from __future__ import annotations

import asyncio
from contextlib import suppress

from rich.cells import cell_len
from rich.text import Text
from textual import events
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
        Binding(
            "space",
            "tick",
            "Tick",
            id="choice_toggle",
            tooltip="Tick or untick the highlighted option (several-choice questions)",
        ),
        Binding(
            "enter",
            "confirm",
            "Confirm",
            show=False,
            id="choice_confirm",
            tooltip="Choose the highlighted option, or the ticked ones",
        ),
        Binding(
            "slash",
            "search",
            "Find",
            id="choice_search",
            tooltip="Find an option by part of its label (Enter picks it, Esc stops)",
        ),
    ]

    cursor: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question: Question | None = None
        self.choices: tuple[Option, ...] = ()  # those offered in this case
        self.current: str | list[str] | None = None
        self.ticked: list[str] = []
        self.code = ""  # the digits of an option's code typed so far (long lists)
        self.search: str | None = None  # the label search being typed (`/`)
        self._top = 0  # the first option shown, where not all fit
        self._width = 0  # the content width the last layout gave (get_content_height)
        self.locked = False  # the case is read-only: Space ticks nothing, the walk says why

    def show(
        self, question: Question, current: object, choices: tuple[Option, ...] | None = None
    ) -> None:
        """Show `question`'s `choices` (default: all of them) with `current` picked."""
        self.question = question
        self.choices = question.choices if choices is None else choices
        self.current = current if isinstance(current, str | list) else None
        self.ticked = list(current) if isinstance(current, list) else []
        keys = [o.key for o in self.choices]
        self.cursor = keys.index(current) if isinstance(current, str) and current in keys else 0
        self.code, self.search, self._top = "", None, 0
        self.refresh(layout=True)

    @property
    def multi(self) -> bool:
        return self.question is not None and self.question.answer is AnswerType.MULTI

    @property
    def yes_no(self) -> bool:
        return self.question is not None and self.question.answer in (
            AnswerType.YES_NO,
            AnswerType.YES_NO_NA,
        )

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
        return f"{index + 1:>{len(str(len(self.choices)))}}"

    def render(self) -> Text:
        text = Text(no_wrap=False, overflow="fold")
        if self.question is None:
            return text
        first, shown = self.shown_range()
        if first > 0:
            text.append(f"  ▲ {first} more above\n", style="bold")
        for index in range(first, first + shown):
            option = self.choices[index]
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
        below = len(self.choices) - first - shown
        if below > 0:
            text.append(
                f"  ▼ {below} more below · ↑↓ or the code · / finds a label\n", style="bold"
            )
        if self.search is not None:
            found = "" if self.search_hit() is not None else " — no option has that"
            text.append(f"Find: {self.search}▏{found} (Enter picks, Esc stops)\n", style="bold")
        if self.multi:
            text.append("digits or space tick · Enter confirms", style="italic dim")
        return text

    # -- long lists: a window on the options, two-digit codes, a search on the labels ------

    def rows(self) -> int:
        """The lines the options may take (at 80x24, 13: the guidance shrinks for them)."""
        return max(4, self.app.size.height - 11)

    def _lines(self, index: int, width: int) -> int:
        """The lines option `index` takes at `width` (a long label wraps)."""
        label = self.choices[index].label + (
            "  (excludes the case)" if self.choices[index].excludes else ""
        )
        return -(-(len(self.key_for(index, "")) + 6 + cell_len(label)) // width)

    def _content_width(self) -> int:
        """The width the options wrap at: the layout's, never `self.size` (asked for during
        a layout, it lays the screen out again: 20 ms of every answer's redraw)."""
        return max(20, self._width or self.app.size.width - 6)

    def shown_range(self) -> tuple[int, int]:
        """(first option shown, how many): all, or a window that holds the cursor, with a
        line for how many more there are above and below."""
        count, rows = len(self.choices), self.rows() - (self.search is not None)
        width = self._content_width()
        lines = [self._lines(i, width) for i in range(count)]
        if sum(lines) <= rows:
            return 0, count
        top = min(self._top, self.cursor)
        while sum(lines[top : self.cursor + 1]) > rows - 2 and top < self.cursor:
            top += 1
        end = top
        while end < count and sum(lines[top : end + 1]) <= rows - 2:
            end += 1
        while top > 0 and sum(lines[top - 1 : end]) <= rows - 2:  # the last page: fill it
            top -= 1
        self._top = top
        return top, max(1, end - top)

    def type_digit(self, digit: int) -> list[int]:
        """A digit of an option's code: the numbers of the options whose codes it completes.
        Beyond nine options codes have two digits (`1` `6` is option 16): a digit that could
        begin one waits, the cursor on its option (Enter takes it), for the next; a next
        digit that makes no option's code takes the first as it stands and starts afresh.
        ValueError where no option has the code."""
        count = len(self.choices)
        if self.code:
            joined = int(self.code + str(digit))
            if 0 < joined <= count:
                self.code = ""
                return [joined]
            done = [int(self.code)]
            self.code = ""
            return done + self.type_digit(digit)
        if digit == 0 or digit > count:
            raise ValueError(f"No option {digit}: the options go from 1 to {count}.")
        if digit * 10 > count:
            return [digit]
        self.code = str(digit)
        self.cursor = digit - 1
        self.refresh(layout=True)
        return []

    def take_code(self) -> list[int]:
        """The code waiting for a second digit, taken as it stands (Enter on ticks)."""
        done = [int(self.code)] if self.code else []
        self.code = ""
        return done

    def search_hit(self) -> int | None:
        wanted = (self.search or "").casefold()
        return next((i for i, o in enumerate(self.choices) if wanted in o.label.casefold()), None)

    def action_search(self) -> None:
        if self.question is not None and not self.yes_no:
            self.search = ""
            self.refresh(layout=True)

    def on_key(self, event: events.Key) -> None:
        """While finding a label, the keys typed are the search."""
        if self.search is None:
            return
        if event.key == "escape":
            self.search = None
        elif event.key == "backspace":
            self.search = self.search[:-1]
        elif event.is_printable and event.character:
            self.search += event.character
        else:
            return  # Enter picks, ↑↓ move
        event.stop()
        event.prevent_default()
        hit = self.search_hit() if self.search else None
        if hit is not None:
            self.cursor = hit
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.question is None:
            return 1
        self._width = width
        first, shown = self.shown_range()
        more = (first > 0) + (first + shown < len(self.choices))
        lines = sum(self._lines(i, width) for i in range(first, first + shown))
        return lines + more + (1 if self.multi else 0) + (self.search is not None)

    def action_cursor(self, step: int) -> None:
        if self.question:
            self.code = ""
            self.cursor = (self.cursor + step) % len(self.choices)
            self.refresh(layout=True)

    def action_tick(self) -> None:
        """Space: tick or untick the highlighted option (several-choice questions)."""
        if self.question and self.multi:
            if self.locked:  # the walk refuses the answer and says why
                self.post_message(self.Chosen(self.question.id, list(self.ticked)))
                return
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
            for number in self.take_code():
                self.tick_option(number - 1)
            value: str | list[str] = list(self.ticked)
        else:
            value = self.choices[self.cursor].key
        chosen = self.Chosen(self.question.id, value)
        self.post_message(chosen)
        await chosen.wait_taken()
