"""Text from files, made safe for where a person reads it: a terminal or a spreadsheet.

A case file is hand-editable, so its references, notes and answers may hold control characters
(ESC, BEL, the 8-bit CSI 0x9b) that would drive the terminal, and cells starting with `=`, `+`,
`-` or `@` that a spreadsheet runs as a formula, and HTML or Markdown that a report viewer
would act on. Every place a person reads such text goes through one of these functions:
`visible` (and `SafeStream`, which `carag` puts on a terminal's stdout and stderr), `markdown`
for the Markdown report, `csv_cell` for CSV.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# C0 controls but tab and line feed, DEL, C1 controls, and the bidi overrides that reorder text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: What a spreadsheet takes as the start of a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, lines: bool = True) -> str:
    """`text` with every control character shown escaped (`\\x1b`), never sent raw; line
    breaks (and tabs) are kept where `lines`, else escaped too."""
    return (_CONTROL if lines else _CONTROL_ONE_LINE).sub(_escape, text)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL, …
    return "\u2421" if code == 0x7F else "\ufffd"


def pictured(text: str) -> str:
    """`text` with each control character (but tab and line feed) as a one-cell picture
    (`␛`), where the text is edited in place and an escape four characters long would move
    the cursor off what it stands on."""
    return _CONTROL.sub(_picture, text)


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: a string starting like a formula gets a leading
    `'` (OWASP); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]#~])")
_MARKDOWN_TABLE = re.compile(r"([\\`*_\[\]#~|])")
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def markdown(text: object, *, table: bool = True) -> str:
    """Text from a file as inert Markdown on one line: control characters escaped, HTML
    (`<script>`) shown as text, and what Markdown would act on (`*`, `_`, `` ` ``, `[`, `|`,
    `#`, …, and in a `table` `|`) backslash-escaped, so a unit or a note cannot format, link
    or break a table."""
    one_line = " ".join(str(text).splitlines())
    active = _MARKDOWN_TABLE if table else _MARKDOWN_ACTIVE
    return active.sub(r"\\\1", visible(one_line).translate(_HTML))


class SafeStream:
    """A terminal's text stream that shows every control character written to it escaped
    (`visible`): `carag` wraps stdout and stderr in one when they are terminals, so no text
    from a file drives the terminal, whichever command prints it."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding, …
        return getattr(self._stream, name)


def guard_terminal() -> None:
    """Wrap `sys.stdout` and `sys.stderr` in a `SafeStream` where they are terminals."""
    import sys

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            tty = stream is not None and stream.isatty()
        except (AttributeError, ValueError, OSError):
            tty = False
        if tty and not isinstance(stream, SafeStream):
            setattr(sys, name, SafeStream(stream))
