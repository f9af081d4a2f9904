"""Undo in a walk: the last changes of an answer or a note, several steps deep, for as long
as the case stays open (one history a session)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from attrs import frozen

Kind = Literal["answer", "note"]
DEPTH = 100  # changes kept; the oldest go first


@frozen
class Step:
    """One change: question `qid`'s answer (or note) went from `before` to `after` (None:
    none)."""

    kind: Kind
    qid: str
    before: Any
    after: Any

    def describe_undone(self) -> str:
        what = "answer" if self.kind == "answer" else "note"
        if self.before is None or self.before == "":
            return f"Undone: {self.qid}'s {what} removed again."
        return f"Undone: {self.qid}'s {what} is back as it was."


class History:
    """The changes made in a session, newest last; `undo` takes them back one by one."""

    def __init__(self, depth: int = DEPTH) -> None:
        self._steps: deque[Step] = deque(maxlen=depth)
        self._paused = False

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Changes made inside are not kept (an undo's own)."""
        self._paused = True
        try:
            yield
        finally:
            self._paused = False

    def __len__(self) -> int:
        return len(self._steps)

    def record(self, kind: Kind, qid: str, before: Any, after: Any) -> None:
        """Keep a change; a change to what was already there is not one."""
        if before != after and not self._paused:
            self._steps.append(Step(kind, qid, before, after))

    def take_last(self) -> Step | None:
        """The newest change, taken off the history; None when there is none."""
        return self._steps.pop() if self._steps else None
