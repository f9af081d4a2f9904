"""Text from files, made safe for where a person reads it: a terminal or a spreadsheet.

A case file is hand-editable, so its references, notes and answers may hold control characters
(ESC, BEL, the 8-bit CSI 0x9b) that would drive the terminal, and cells starting with `=`, `+`,
`-` or `@` that a spreadsheet runs as a formula.
"""

from __future__ import annotations

import re

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


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: a string starting like a formula gets a leading
    `'` (OWASP); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
