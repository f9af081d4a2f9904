"""Plain mode's terminal: lines out, lines in, the width to wrap to, and a hang-up met while
waiting for a line."""

from __future__ import annotations

import contextlib
import shutil
import sys
import textwrap
import time
from collections.abc import Callable
from typing import Any, TextIO

from carag_tui.plain.signals import Hangup

#: Stand-ins when the output cannot encode the punctuation we use.
ASCII = str.maketrans(
    {
        "›": ">",
        "·": "-",
        "…": "...",
        "—": "-",
        "–": "-",
        "│": "|",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
    }
)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class Console:
    """Lines out, lines in, and the width to wrap to; ASCII stand-ins if the output needs them."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin, self.stdout = stdin, stdout
        self.width = max(40, shutil.get_terminal_size((80, 24)).columns - 1)
        self.interactive = _isatty(stdin)
        self.encoding = getattr(stdout, "encoding", None) or "utf-8"
        #: True while blocked reading a line (a hang-up interrupts it), None once leaving.
        self.waiting: bool | None = False
        self.hangup: int | None = None  # the signal received; the session is ending
        #: Input that is not a terminal has ended: nothing more can be asked.
        self.ended = False

    def on_signal(self, signum: int, _frame: object) -> None:
        """SIGHUP/SIGTERM: interrupt a read at once; otherwise let the current step finish."""
        if self.hangup is None:
            self.hangup = signum
            if self.waiting:
                raise Hangup(signum)

    def say(self, text: str = "") -> None:
        try:
            self.stdout.write(self._safe(text) + "\n")
            self.stdout.flush()
        except (OSError, ValueError):
            if self.hangup is None:  # after a hang-up the terminal may be gone: saving matters
                raise

    def wrap(self, text: str, indent: str = "") -> None:
        """Say `text` wrapped to the width, each line indented."""
        for line in textwrap.wrap(
            text,
            self.width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]:
            self.say(line)

    def ask(self, prompt: str = "> ") -> str | None:
        """One line typed (without its newline), or None at the end of input (Ctrl-D).

        Raises Hangup once a SIGHUP/SIGTERM has come; while leaving after one, reads nothing.
        """
        if self.hangup is not None:
            if self.waiting is None:  # leaving: questions get the end-of-input answer
                return None
            raise Hangup(self.hangup)
        line = self._read(prompt)
        if line is None:
            if self.interactive and self.hangup is None:
                # A terminal that goes away ends the input and sends SIGHUP at the same moment:
                # give the signal a moment to arrive, so that it is not taken for Ctrl-D.
                time.sleep(0.2)
            if self.hangup is not None:
                raise Hangup(self.hangup)
            with contextlib.suppress(OSError):
                self.say()
        return line

    def confirm(self, prompt: str) -> bool:
        """A yes or no; the end of input counts as no."""
        while True:
            line = self.ask(prompt)
            if line is None:
                return False
            word = line.strip().lower()
            if word in ("y", "yes"):
                return True
            if word in ("n", "no"):
                return False
            self.say("Type y or n.")

    def _read(self, prompt: str) -> str | None:
        try:
            if self.interactive and self.stdin is sys.stdin and self.stdout is sys.stdout:
                try:
                    return self._blocking(input, prompt)  # line editing, with readline
                except EOFError:
                    return None
            self.stdout.write(prompt)
            self.stdout.flush()
            line = self._blocking(self.stdin.readline)
        except OSError:  # the terminal is gone (EIO): the end of the input
            return None
        if not line:
            self.ended = not self.interactive
            return None
        line = line.rstrip("\r\n")
        if not self.interactive:
            self.say(line)  # echo piped input, so the output reads as a transcript
        return line

    def _blocking(self, read: Callable[..., str], *args: str) -> str:
        """Wait for a line; a SIGHUP/SIGTERM meanwhile raises Hangup out of the wait."""
        self.waiting = True
        try:
            return read(*args)
        finally:
            if self.waiting is not None:
                self.waiting = False

    def _safe(self, text: str) -> str:
        try:
            text.encode(self.encoding)
        except (UnicodeEncodeError, LookupError):
            text = text.translate(ASCII).encode("ascii", "replace").decode("ascii")
        return text
