"""The Linux console (TERM=linux): borders and marks drawn with the characters its font has.

The console's fonts hold the IBM PC set (box lines, full and half blocks, a few shapes), not
the eighth blocks of Textual's tall borders, the rounded corners or `●` and `›`, which it shows
as diamonds. What is drawn is mapped character by character to what the font has: `▊` `▎`
become `│`, `▔` `▁` become `─`, rounded corners square ones.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

GLYPHS = str.maketrans(
    {
        "▔": "─",
        "▁": "─",
        "▊": "│",
        "▎": "│",
        "▏": "│",
        "▕": "│",
        "▌": "▌",
        "▐": "▐",
        "╭": "┌",
        "╮": "┐",
        "╰": "└",
        "╯": "┘",
        "▂": "▄",
        "▃": "▄",
        "▅": "▄",
        "▆": "█",
        "▇": "█",
        "▉": "█",
        "▋": "▌",
        "▍": "▌",
        "●": "*",
        "✎": "#",
        "›": ">",
        "‹": "<",
        "…": "~",
        "—": "-",
        "–": "-",
        "✓": "+",
        "✗": "x",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "▶": "►",
        "◀": "◄",
    }
)


def linux_console(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("TERM", "") == "linux"


class ConsoleGlyphs(LineFilter):
    """Draw with the Linux console font's characters (`GLYPHS`)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text.translate(GLYPHS), style, control) for text, style, control in segments
        ]
