"""The note editor of the walk: a text area that knows whose note it holds.

Imported when the first note is opened (a text area is heavy and most questions need none).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import TextArea

from carag_tui.safetext import pictured


class NoteEditor(TextArea):
    """The note for one question, being written; `written()` is what is to be kept."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, show_line_numbers=False)
        self.question_id: str | None = None

    def render_line(self, y: int) -> Strip:
        """The line as the text area draws it, control characters from the file drawn as
        pictures (`␛`): the note is kept as it is, but never drives the terminal."""
        strip = super().render_line(y)
        segments = list(strip)
        if all(pictured(segment.text) == segment.text for segment in segments):
            return strip
        shown = Strip(
            [
                segment if segment.control else Segment(pictured(segment.text), segment.style)
                for segment in segments
            ]
        )
        return shown.crop_extend(0, strip.cell_length, None)

    def open(self, question_id: str, text: str) -> None:
        """Start editing the note for `question_id`, which holds `text` so far."""
        self.question_id = question_id
        self.load_text(text)
        self.border_title = f"Note for {question_id} — Esc saves"
        self.display = True
        self.focus()

    def written(self) -> tuple[str, str] | None:
        """(question id, text) while a note is open, else None."""
        if not self.display or self.question_id is None:
            return None
        return self.question_id, self.text

    def close(self) -> tuple[str, str] | None:
        """Stop editing; returns what `written()` returned."""
        note = self.written()
        self.display = False
        self.question_id = None
        return note
