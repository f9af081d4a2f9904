"""The workspace's list of cases: a header and one line a case, drawn only where it is on screen.

Textual's DataTable measures every cell of every row it is given (at 50,000 cases: seconds of
work before the first paint and ~100 MB), so the workspace uses this instead: rows are kept
as the screen's own objects, column widths are set by the screen, and `render_line` draws just
the lines in view. The keys are DataTable's (arrows, page up/down, home/end, Enter), and so
are the few methods the tests use (`row_count`, `get_row_at`, `move_cursor`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from carag_tui.safetext import visible

Cell = str | Text


class CaseList(ScrollView, can_focus=True):
    """Rows (any objects) shown through `cells(row)`, under a header that stays in place."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "case-list--header",
        "case-list--cursor",
        "case-list--even-row",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "Home", show=False),
        Binding("end,ctrl+end", "last", "End", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, init=False)

    class Selected(Message):
        """Enter (or a click on the highlighted row) on a row."""

        def __init__(self, case_list: CaseList, row: Any) -> None:
            super().__init__()
            self.case_list = case_list
            self.row = row

        @property
        def control(self) -> CaseList:
            return self.case_list

    def __init__(
        self,
        labels: Sequence[str],
        cells: Callable[[Any], Sequence[Cell]],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.labels = tuple(labels)
        self.cells = cells
        self.widths = [len(label) for label in self.labels]
        self.rows: list[Any] = []

    # -- what is shown --------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def highlighted(self) -> Any | None:
        return self.rows[self.cursor_row] if self.rows else None

    def get_row_at(self, index: int) -> tuple[Cell, ...]:
        return tuple(self.cells(self.rows[index]))

    def set_rows(self, rows: list[Any]) -> None:
        """Show `rows` (the list is kept, not copied); the cursor stays on its row if shown."""
        current = self.highlighted
        self.rows = rows
        index = 0
        if current is not None:
            try:
                index = rows.index(current)
            except ValueError:
                index = min(self.cursor_row, max(0, len(rows) - 1))
        self._resize()
        self.set_reactive(CaseList.cursor_row, index)
        self._show_cursor()
        self.refresh()

    def add_rows(self, rows: Sequence[Any]) -> None:
        """Show `rows` after those shown; nothing is redrawn unless they come into view (the
        scrollbar follows the new length), so a list growing below the screen costs little."""
        if not rows:
            return
        start = len(self.rows)
        self.rows.extend(rows)
        self._resize()
        shown = self.scrollable_content_region.height - 1  # lines below the header
        if shown <= 0 or start < self.scroll_offset.y + shown:
            self.refresh()

    def fit(self, widths: Sequence[int]) -> None:
        """Make the columns at least `widths` wide (never narrower than their labels)."""
        grown = [max(old, new) for old, new in zip(self.widths, widths, strict=True)]
        if grown != self.widths:
            self.widths = grown
            self._resize()
            self.refresh()

    def _resize(self) -> None:
        self.virtual_size = Size(sum(w + 2 for w in self.widths), len(self.rows) + 1)

    # -- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            cells: Sequence[Cell] = self.labels
            style = self.get_component_rich_style("case-list--header")
        else:
            index = self.scroll_offset.y + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, self.rich_style)
            cells = self.cells(self.rows[index])
            style = self.rich_style
            if index % 2 == 0:
                style += self.get_component_rich_style("case-list--even-row")
            if index == self.cursor_row:
                style += self.get_component_rich_style("case-list--cursor")
        line = Text(style=style, no_wrap=True, end="")
        for cell, cell_width in zip(cells, self.widths, strict=False):
            text = Text(visible(cell, lines=False)) if isinstance(cell, str) else cell.copy()
            text.truncate(cell_width, overflow="ellipsis", pad=True)
            line.append(" ")
            line.append_text(text)
            line.append(" ")
        strip = Strip(line.render(self.app.console), line.cell_len)
        x = self.scroll_offset.x
        return strip.crop(x, x + width).extend_cell_length(width, Style.null() + style)

    # -- the cursor -----------------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self.rows) - 1))

    def watch_cursor_row(self) -> None:
        self._show_cursor()
        self.refresh()

    def _show_cursor(self) -> None:
        """Scroll so that the cursor's row is in view (below the header)."""
        lines = max(1, self.scrollable_content_region.height - 1)
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + lines:
            self.scroll_to(y=self.cursor_row - lines + 1, animate=False, immediate=True)

    def move_cursor(self, *, row: int) -> None:
        self.cursor_row = row

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_page_up(self) -> None:
        self.cursor_row -= max(1, self.scrollable_content_region.height - 2)

    def action_page_down(self) -> None:
        self.cursor_row += max(1, self.scrollable_content_region.height - 2)

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = len(self.rows) - 1

    def action_select_cursor(self) -> None:
        if self.rows:
            self.post_message(self.Selected(self, self.rows[self.cursor_row]))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = self.scroll_offset.y + offset.y - 1
        if index >= len(self.rows):
            return
        if index == self.cursor_row:
            self.action_select_cursor()
        else:
            self.cursor_row = index
