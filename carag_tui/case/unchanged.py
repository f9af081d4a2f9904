"""A save that changes nothing writes nothing: an answer changed and changed back leaves the
file as it was, `updated` and all (no new commit to review, no merge to make)."""

from __future__ import annotations

import tomllib
from typing import Any

from carag_tui.case.casefile import CaseFile

STAMPS = ("updated",)  # what every save stamps anew, and so does not count as a change


def _without_stamps(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in STAMPS}


def holds_nothing_new(casefile: CaseFile) -> bool:
    """The document holds what the file held when last read or written, but for `updated`."""
    try:
        on_disk = tomllib.loads(casefile.text)
    except tomllib.TOMLDecodeError:
        return False
    return _without_stamps(casefile.data()) == _without_stamps(on_disk)
