"""The field a typed answer (a number, a date, some text) is written in."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input


class TypedField(Input):
    """An `Input` whose footer says what its keys do: in the field every printable key types,
    so Enter saves the answer, Esc leaves the field and F1 is the way to help."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "submit",
            "Save answer",
            key_display="⏎",
            id="typed_submit",
            tooltip="Save the typed answer and move on",
        ),
        Binding(
            "escape",
            "screen.leave_field",
            "Leave field",
            key_display="esc",
            id="typed_leave",
            tooltip="Leave the field: ↑ ↓ then move to another question "
            "(typing goes back into the field)",
        ),
    ]
