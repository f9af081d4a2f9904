"""Problems found in a user's file, reported all at once with file, line and key."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from attrs import frozen


@frozen
class Problem:
    file: Path
    message: str
    line: int | None = None
    where: str | None = None  # the key or id the problem is about
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        location = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        where = f" {self.where}:" if self.where else ""
        return f"{location}:{where} {self.message}"


class ProblemsError(Exception):
    """One or more problems that stop a file from loading."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = [p for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))


def suggest(word: str, candidates: Iterable[str]) -> str:
    """`; did you mean 'x'?` when a close match exists, else ''."""
    import difflib

    matches = difflib.get_close_matches(word, list(candidates), n=1)
    return f"; did you mean {matches[0]!r}?" if matches else ""


def toml_error(exc: Exception, text: str) -> tuple[str, int | None]:
    """Message and line of a `tomllib.TOMLDecodeError` (Python 3.11 has no `msg`/`lineno`)."""
    import re

    message = getattr(exc, "msg", None)
    line = getattr(exc, "lineno", None)
    if message is not None:
        column = getattr(exc, "colno", None)
        return (f"{message} (line {line}, column {column})" if column else message), line
    found = re.match(
        r"^(.*) \(at (?:line (\d+), column (\d+)|end of document)\)$", str(exc), re.DOTALL
    )
    if found is None:
        return str(exc), None
    message, line_text, column = found.groups()
    if line_text is None:
        return f"{message} (at the end of the file)", max(1, len(text.splitlines()))
    return f"{message} (line {line_text}, column {column})", int(line_text)
