"""The merge written by splicing lines: THEIRS' `key = value` lines (with their comments) put
into OURS' text, OURS' other lines left as they are. Standard library only, so that the usual
merge (answers, header fields, a note changed on one side) needs no TOML writer at all.

Only what can be done line by line is done here; `splice_merge` returns None for the rest
(a new table, a list of tables, a value worked out by the merge) and for any result that does
not read back as exactly the merged values, and the merge goes through tomlkit instead.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from datetime import date, datetime, time
from typing import Any

from carag_tui.team.merge_base import CONFLICTS, MergePlan

_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+|\"[^\"\\]+\")\s*\]\s*(?:#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")
_KEY = re.compile(r"""^\s*(?:"([^"\\]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")
COMPLEX = "\0"  # the table of lines under an array-of-tables or dotted header: not spliced
MAX_SPAN = 400  # lines one value may run over (a long note)


class _Cannot(Exception):
    """This merge is not a splice."""


class _Text:
    """A TOML text as lines, with where each `key = …` starts, by (table, key)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines(keepends=True)
        self.starts: dict[tuple[str, str], int] = {}
        self.headers: dict[str, int] = {}
        table = ""
        for number, line in enumerate(self.lines):
            header = _HEADER.match(line)
            if header:
                table = header.group(1).strip('"')
                self.headers.setdefault(table, number)
                continue
            if _ANY_HEADER.match(line) and not _KEY.match(line):
                table = COMPLEX
                continue
            key = _KEY.match(line)
            if key and table != COMPLEX:
                self.starts.setdefault((table, next(g for g in key.groups() if g)), number)

    def span(self, table: str, key: str) -> tuple[int, int] | None:
        """The lines [start, end) that hold `key = value` in `table`, checked by parsing."""
        start = self.starts.get((table, key))
        if start is None:
            return None
        for end in range(start + 1, min(start + MAX_SPAN, len(self.lines)) + 1):
            try:
                parsed = tomllib.loads("".join(self.lines[start:end]))
            except tomllib.TOMLDecodeError:
                continue
            return (start, end) if list(parsed) == [key] else None
        return None


def _place(where: tuple[str, ...]) -> tuple[str, str]:
    if len(where) == 1:
        return "", where[0]
    if len(where) == 2:
        return where[0], where[1]
    raise _Cannot


def splice_merge(merge: MergePlan, who: tuple[str, str]) -> str | None:
    """OURS with the merge spliced in; None when it must go through tomlkit."""
    try:
        text = _splice(merge, who)
    except _Cannot:
        return None
    try:
        if tomllib.loads(text) != merge.expected(who):
            return None
    except (tomllib.TOMLDecodeError, RecursionError):
        return None
    return text


def _splice(merge: MergePlan, who: tuple[str, str]) -> str:
    ours, theirs = _Text(merge.ours_text), None
    edits: list[tuple[int, int, list[str]]] = []  # replace ours lines [start, end) by these
    for op in merge.ops:
        table, key = _place(op[1])
        if op[0] == "delete":
            span = ours.span(table, key)
            if span is None:
                raise _Cannot
            edits.append((*span, []))
            continue
        if op[0] != "take":
            raise _Cannot
        theirs = theirs or _Text(merge.theirs_text)
        found = theirs.span(table, key)
        if found is None:
            raise _Cannot
        new = [
            line if line.endswith("\n") else line + "\n"
            for line in theirs.lines[found[0] : found[1]]
        ]
        span = ours.span(table, key)
        if span is None:
            at = _insertion(ours, theirs, table, key)
            span = (at, at)
        edits.append((*span, new))
    edits.sort(key=lambda e: (e[0], e[1]))
    for (_, end, _lines), (start, _, _) in itertools.pairwise(edits):
        if start < end:
            raise _Cannot
    lines = list(ours.lines)
    for start, end, new in reversed(edits):
        lines[start:end] = new
    if merge.clashes:
        if CONFLICTS in merge.ours_values:
            raise _Cannot
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines += ["\n", "[conflicts] # both sides changed these: pick one with `carag open FILE`\n"]
        lines += [
            f"{_key(key)} = {_inline(entry)}\n" for key, entry in merge.clash_entries(who).items()
        ]
    return "".join(lines)


def _insertion(ours: _Text, theirs: _Text, table: str, key: str) -> int:
    """Where a key THEIRS added goes in OURS: after the nearest earlier key of its table that
    OURS holds, else just under the table's header."""
    order = sorted((n, k) for (t, k), n in theirs.starts.items() if t == table)
    earlier = [k for n, k in order if n < theirs.starts[(table, key)]]
    for name in reversed(earlier):
        span = ours.span(table, name)
        if span is not None:
            return span[1]
    if table and table in ours.headers:
        return ours.headers[table] + 1
    raise _Cannot


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _string(key)


def _string(text: str) -> str:
    import json  # only a clash is written as new text

    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _inline(value: Any) -> str:
    """A value as TOML on one line (what a clash entry holds)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + "}"
    raise _Cannot
