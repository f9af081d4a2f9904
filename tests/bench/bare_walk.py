"""A bare Textual app showing the widgets carag's walk shows on its first question.

The yardstick of the start-up benchmark (`bench_app.py`): the same tree of widgets as the
walk screen (header line, question panel with its head, text, choices, hidden typed-answer
field, answer and note lines, the side column with the hidden weighing panel and the guidance
rendered as Markdown, the status line, and a compact footer with the walk's nine keys), as the
default screen, with Textual's own styles and nothing of carag's: no data stack, no CSS, no
case file.

    python tests/bench/bare_walk.py GUIDANCE.md STAMP_FILE

writes `time.time()` to STAMP_FILE as its first act, then runs in the terminal until killed.
"""

import sys
import time
from pathlib import Path

with open(sys.argv[2], "w") as stamp:
    stamp.write(repr(time.time()))

from rich.markdown import Markdown
from textual.app import App
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

GUIDANCE = Path(sys.argv[1]).read_text(encoding="utf-8")
FOOTER_KEYS = ["y", "n", "a", "k", "j", "o", "e", "q", "question_mark"]


def hidden(widget: Widget) -> Widget:
    widget.display = False
    return widget


class Walk(Screen):
    BINDINGS = [Binding(key, "app.bell", key) for key in FOOTER_KEYS]

    def compose(self):
        yield Static(" BENCH-START  Case details › Details of the case")
        with Horizontal():
            with Vertical():
                yield Static("org  INFORMATION   key question 0/3  case 0/95")
                yield Static("Which organisation manages the case?")
                yield Static(" 1    Community rehabilitation company (CRC)\n"
                             " 2    National Probation Service (NPS)")
                yield hidden(Input())
                yield hidden(Static("Answer"))
                yield hidden(Static("Note"))
            with Vertical():
                yield hidden(Static("To weigh"))
                with VerticalScroll():
                    yield Static(Markdown(GUIDANCE))
        yield Static("status")
        yield Footer(compact=True)


class Bare(App):
    def get_default_screen(self) -> Screen:
        return Walk()


if __name__ == "__main__":
    Bare().run()
