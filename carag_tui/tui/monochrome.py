"""NO_COLOR (no-color.org): no colour at all, only the terminal's own foreground and background,
with bold, reverse, underline and dim for emphasis.

Textual's own NO_COLOR filter turns colours into greys, which draws the ANSI theme's default
colours as black on black. Here every colour is dropped from what is drawn instead, and
`:nocolor` rules in carag.tcss mark with reverse or underline what colour alone marked. As the
standard says, an empty `NO_COLOR=` is ignored.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter, Monochrome, NoColor


def no_colour_wanted(environ: Mapping[str, str] = os.environ) -> bool:
    """NO_COLOR set to something: an empty value is ignored, as no-color.org says."""
    return bool(environ.get("NO_COLOR"))


@lru_cache(1024)
def _without_colour(style: Style) -> Style:
    return style.without_color


class WithoutColour(LineFilter):
    """Draw every segment in the terminal's default colours, keeping bold, reverse and the rest."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, None if style is None else _without_colour(style), control)
            for text, style, control in segments
        ]


def colour_filters(filters: list[LineFilter], no_colour: bool) -> list[LineFilter]:
    """The app's line filters with Textual's NO_COLOR filter swapped for `WithoutColour`."""
    kept = [f for f in filters if not isinstance(f, (Monochrome, NoColor, WithoutColour))]
    return [*kept, WithoutColour()] if no_colour else kept
