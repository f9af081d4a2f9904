"""The answer choices of a question, each with its key; one or several may be picked."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.widget import Widget

from carag_tui.guide.model import AnswerType, Question

LETTER_KEYS = {"yes": "y", "no": "n", "na": "a"}


class ChoiceBox(Widget, can_focus=True):
    """Options listed one a line with their keys. Digits pick; ↑/↓ + Enter for long lists."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False, id="choice_up"),
        Binding("down", "cursor(1)", "Down", show=False, id="choice_down"),
        Binding("space", "toggle", "Toggle", id="choice_toggle",
                tooltip="Tick or untick the highlighted option (several-choice questions)"),
    ]

    cursor: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question: Question | None = None
        self.current: str | list[str] | None = None
        self.ticked: list[str] = []

    def show(self, question: Question, current: object) -> None:
        self.question = question
        self.current = current if isinstance(current, str | list) else None
        self.ticked = list(current) if isinstance(current, list) else []
        keys = question.choice_keys
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
        if action == "toggle":
            return self.multi
        return True

    def key_for(self, index: int, key: str) -> str:
        if self.yes_no:
            return LETTER_KEYS.get(key, str(index + 1))
        return str(index + 1) if index < 9 else " "

    def render(self) -> Text:
        text = Text(no_wrap=False, overflow="fold")
        if self.question is None:
            return text
        for index, option in enumerate(self.question.choices):
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

    def get_content_height(self, container, viewport, width: int) -> int:
        if self.question is None:
            return 1
        return len(self.question.choices) + (1 if self.multi else 0)

    def action_cursor(self, step: int) -> None:
        if self.question:
            self.cursor = (self.cursor + step) % len(self.question.choices)
            self.refresh()

    def action_toggle(self) -> None:
        if self.question and self.multi:
            self.toggle(self.question.choices[self.cursor].key)

    def toggle(self, key: str) -> None:
        if key in self.ticked:
            self.ticked.remove(key)
        else:
            self.ticked.append(key)
        order = self.question.choice_keys if self.question else ()
        self.ticked.sort(key=order.index)
        self.refresh()

    def pick_index(self, index: int) -> str | None:
        """A digit key: tick (several-choice) or return the chosen option's key (single).

        The caller records a returned choice at once, so keys typed ahead apply in order.
        """
        if self.question is None or not 0 <= index < len(self.question.choices):
            return None
        key = self.question.choices[index].key
        self.cursor = index
        if self.multi:
            self.toggle(key)
            return None
        return key

    def confirm(self) -> str | list[str] | None:
        """Enter: the highlighted option, or the ticked ones."""
        if self.question is None:
            return None
        if self.multi:
            return list(self.ticked)
        if not self.yes_no:
            return self.question.choices[self.cursor].key
        return None
