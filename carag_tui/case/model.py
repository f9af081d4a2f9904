"""A case: the header of a case file and its answers and notes."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from attrs import Factory, define

FORMAT = 1


#: The marks a note can carry as a practice example (`[examples]`, keyed by question id).
EXAMPLE_KINDS = ("good", "poor")


class Status(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    EXCLUDED = "excluded"


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@define
class Case:
    """What a case file says. Unknown keys stay in the file; they are not modelled here."""

    guide: str
    case: str
    guide_version: str = ""
    unit: str | None = None
    assessor: str | None = None
    status: Status = Status.IN_PROGRESS
    created: datetime = Factory(now)
    updated: datetime = Factory(now)
    format: int = FORMAT
    answers: dict[str, Any] = Factory(dict)
    notes: dict[str, str] = Factory(dict)
    #: Question id -> "good" or "poor": the note on that question is a practice example.
    examples: dict[str, str] = Factory(dict)
    #: Summary judgement id -> digest of the answers it was given on (`case/judged.py`).
    judged: dict[str, str] = Factory(dict)
