"""A case file's data as a `Case`, without cattrs, where the data is of the plain types a
file of carag's holds: what `cattrs` would make of it, at a tenth of the cost.

Reading a folder of cases spends about 30 µs a file in cattrs' structuring (the converter's
hooks run for every key and value of every table); `plain_case` builds the same `Case` from
data that is exactly what tomllib gives a valid file, and says None for anything else: a
missing or mistyped field, a value cattrs would convert (`format = 1.0`), tables that are not
plain dicts (tomlkit's). `store.structure_case` then asks cattrs, which says what is wrong, so
every message stays its own. tests/test_plain_case.py checks both give the same `Case`.
"""

from __future__ import annotations

from datetime import datetime
from itertools import repeat
from typing import Any

from carag_tui.case.model import Case, Status

_STR = repeat(str)  # endless: `map(isinstance, keys, _STR)` checks each is a str
_STATUSES = frozenset(s.value for s in Status)
_TEXT = ("guide", "case", "guide_version")
_TEXT_OR_NONE = ("unit", "assessor")
_WHEN = ("created", "updated")
_TEXT_TABLES = ("notes", "examples", "judged")


def plain_case(data: dict[str, Any]) -> Case | None:
    """The `Case` cattrs makes of `data`, or None where `data` is not plainly valid."""
    if type(data) is not dict or "guide" not in data or "case" not in data:
        return None
    fields: dict[str, Any] = {}
    for key in _TEXT:
        if key in data:
            value = data[key]
            if not isinstance(value, str):
                return None
            fields[key] = value
    for key in _TEXT_OR_NONE:
        if key in data:
            value = data[key]
            if value is not None and not isinstance(value, str):
                return None
            fields[key] = value
    if "status" in data:
        status = data["status"]
        if not isinstance(status, str) or status not in _STATUSES:
            return None
        fields["status"] = Status(status)
    for key in _WHEN:
        if key in data:
            if not isinstance(data[key], datetime):
                return None
            fields[key] = data[key]
    if "format" in data:
        if type(data["format"]) is not int:
            return None
        fields["format"] = data["format"]
    if "answers" in data:
        answers = data["answers"]
        if type(answers) is not dict or not all(map(isinstance, answers, _STR)):
            return None
        fields["answers"] = dict(answers)
    for key in _TEXT_TABLES:
        if key in data:
            table = data[key]
            if type(table) is not dict or not (
                all(map(isinstance, table, _STR)) and all(map(isinstance, table.values(), _STR))
            ):
                return None
            fields[key] = dict(table)
    return Case(**fields)
