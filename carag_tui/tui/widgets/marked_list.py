"""An option list whose highlighted line still shows without colour (NO_COLOR)."""

from __future__ import annotations

from rich.style import Style
from textual.strip import Strip
from textual.widgets import OptionList

REVERSE = Style(reverse=True)


class MarkedOptionList(OptionList):
    """Textual marks the highlighted option by its colours alone, which NO_COLOR drops: here
    it is drawn reversed as well."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if not self.app.no_color or self.highlighted is None:
            return strip
        try:
            index, _ = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return strip
        return strip.apply_style(REVERSE) if index == self.highlighted else strip
