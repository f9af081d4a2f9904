"""A bare Textual app showing the widgets carag's walk shows on its first question.

The yardstick of the start-up benchmark (`bench_app.py`): the same tree of widgets as the
walk screen (header line, question panel with its head, text, choices, hidden typed-answer
field, answer and note lines, the side column with the hidden weighing panel and the guidance
rendered as Markdown, the status line, and a compact footer with the walk's nine keys), as the
default screen, with Textual's own styles and nothing of carag's: no data stack, no CSS, no
case file.

    python tests/bench/bare_walk.py GUIDANCE.md

runs in the terminal until killed. The benchmark imports it as a module and calls `main`, as
it does carag's, so that both are compiled to bytecode and started the same way.
"""

import sys
from pathlib import Path

from rich.markdown import Markdown
from textual.app import App
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

FOOTER_KEYS = ["y", "n", "a", "k", "j", "o", "e", "q", "question_mark"]


def hidden(widget: Widget) -> Widget:
    widget.display = False
    return widget


class Walk(Screen):
    BINDINGS = [Binding(key, "app.bell", key) for key in FOOTER_KEYS]

    def __init__(self, guidance: str) -> None:
        super().__init__()
        self.guidance = guidance

    def compose(self):
        yield Static(" BENCH-START  Case details › Details of the case")
        with Horizontal():
            with Vertical():
                yield Static("org  INFORMATION   key question 0/3  case 0/95")
                yield Static("Which organisation manages the case?")
                yield Static(
                    " 1    Community rehabilitation company (CRC)\n"
                    " 2    National Probation Service (NPS)"
                )
                yield hidden(Input())
                yield hidden(Static("Answer"))
                yield hidden(Static("Note"))
            with Vertical():
                yield hidden(Static("To weigh"))
                with VerticalScroll():
                    yield Static(Markdown(self.guidance))
        yield Static("status")
        yield Footer(compact=True)


class Bare(App):
    def __init__(self, guidance: str) -> None:
        super().__init__()
        self.guidance = guidance

    def get_default_screen(self) -> Screen:
        return Walk(self.guidance)


def main(guidance_file: str) -> None:
    Bare(Path(guidance_file).read_text(encoding="utf-8")).run()


if __name__ == "__main__":
    main(sys.argv[1])
