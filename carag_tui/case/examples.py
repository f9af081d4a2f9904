"""Marking a note as a practice example: `[examples]` in the case file, keyed by question id.

Plain values ("good" or "poor") so the team's merge driver merges the table key by key. The
walk (one key) and plain mode (`example good|poor|-`) go through `CaseSession.apply_edit`, so a
mark is put again onto a file changed on disk meanwhile.
"""

from __future__ import annotations

import tomlkit

from carag_tui.case.model import EXAMPLE_KINDS
from carag_tui.case.store import CaseFile

#: What the walk's key steps through: no mark, good, poor, no mark.
CYCLE: dict[str | None, str | None] = {None: "good", "good": "poor", "poor": None}


def mark_example(casefile: CaseFile, qid: str, kind: str | None) -> None:
    """Mark (or, with None, unmark) the note on `qid`; ValueError when there is no note."""
    if kind is not None and kind not in EXAMPLE_KINDS:
        raise ValueError(f"a practice example is {' or '.join(EXAMPLE_KINDS)}, found {kind!r}")
    if kind is not None and not casefile.case.notes.get(qid, "").strip():
        raise ValueError(f"write a note on {qid} first: the example is the note")
    doc = casefile.doc
    if kind is None:
        if "examples" in doc and qid in doc["examples"]:
            del doc["examples"][qid]
        casefile.case.examples.pop(qid, None)
        return
    if "examples" not in doc:
        doc.add(tomlkit.nl())
        doc.add("examples", tomlkit.table())
        doc["examples"].comment("notes marked as practice examples: good | poor")
    doc["examples"][qid] = kind
    casefile.case.examples[qid] = kind


def next_mark(current: str | None) -> str | None:
    return CYCLE.get(current)
