"""Where each part of a guide comes from: read from its source, inferred, or a source defect.

An inspectorate must be able to see, and confirm or correct, everything a guide author added
to the published CARaG: a question kind guessed because the shading is lost, an option list
the source does not give, a routing rule no sentence states, a grouping of questions under a
key question the source does not define. Each such part carries an `Inference` with a short
reason. Defects of the published text itself (a truncated paragraph, an internal drive path)
are kept faithfully, marked in the text, and listed as `source_defects`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Any, Protocol

from attrs import field, frozen

from carag_tui.guide.rules import Expr


class GuideTables(Protocol):
    """What `entries` reads of a guide (the model imports this module, not the other way)."""

    @property
    def standards(self) -> Sequence[Any]: ...
    @property
    def key_questions(self) -> Sequence[Any]: ...
    @property
    def questions(self) -> Sequence[Any]: ...


class Part(StrEnum):
    """The parts of a question, key question or standard that can be inferred."""

    KIND = "kind"  # the CARaG key's shading
    OPTIONS = "options"  # the answer options of a choice
    RULE = "rule"  # an applicability rule (or an option that excludes the case)
    TEXT = "text"  # wording not in the source (a case-detail question, a label)
    GROUPING = "grouping"  # a key question or standard the source does not define


class RuleOrigin(StrEnum):
    """The document a rule's sentence is read from."""

    SOURCE = "source"  # the guide's own CARaG
    REPORT = "report"  # a published inspection report, not the CARaG


@frozen
class Inference:
    part: Part
    reason: str


@frozen
class Suggestion:
    """Answers that suggest (never decide) how the inspector answers a question.

    `when` is in the rule language; the walk shows which of its comparisons hold, labelled
    as a suggestion, and leaves the answer to the inspector.
    """

    answer: str
    when: str
    reason: str = ""
    condition: Expr | None = field(default=None, eq=False)


#: The visible marks for defects of the published text, as they appear in guidance.
DEFECT_MARKS = (
    "[text missing in the published CARaG]",
    "[internal link in the source]",
    "[placeholder in the published CARaG]",
    "[no guidance in the published CARaG]",
    "[guidance repeated from another question in the published CARaG]",
    "[cross-reference as published; see the note]",
)
_MARK = re.compile(r"\[[^\[\]]*(?:published CARaG|in the source|as published)[^\[\]]*\]")


def marks_in(text: str) -> list[str]:
    """The defect marks in a piece of guidance, in order."""
    return _MARK.findall(text)


def unknown_marks(text: str) -> list[str]:
    """Marks that look like defect marks but are not one of `DEFECT_MARKS` (a typo)."""
    return [m for m in marks_in(text) if m not in DEFECT_MARKS]


@frozen
class Entry:
    """One thing for an inspectorate to confirm: an inference, a report rule or a defect."""

    group: str  # "inferred" | "report" | "defect"
    table: str  # "standard" | "key_question" | "question"
    id: str
    part: str  # the inferred part; "rule" for a report rule; "guidance" for a defect
    note: str


def entries(guide: GuideTables) -> list[Entry]:
    """Everything in `guide` not read from its source, in walk order, for `--inferred`."""
    found: list[Entry] = []
    tables: tuple[tuple[str, Sequence[Any]], ...] = (
        ("standard", guide.standards),
        ("key_question", guide.key_questions),
        ("question", guide.questions),
    )
    for table, items in tables:
        for item in items:
            for inference in item.inferred:
                found.append(
                    Entry("inferred", table, item.id, str(inference.part), inference.reason)
                )
            if item.rule is not None and item.rule_origin is RuleOrigin.REPORT:
                found.append(
                    Entry(
                        "report",
                        table,
                        item.id,
                        "rule",
                        f"{item.rule}  —  {item.rule_source or ''}",
                    )
                )
            suggestion = getattr(item, "suggest", None)
            if suggestion is not None:
                found.append(
                    Entry(
                        "inferred",
                        table,
                        item.id,
                        "suggestion",
                        f"suggests {suggestion.answer} when {suggestion.when}: {suggestion.reason}",
                    )
                )
            for defect in getattr(item, "source_defects", ()):
                found.append(Entry("defect", table, item.id, "guidance", defect))
    return found


#: The one mark, after a question's id, for a question with inferred parts or source defects.
INFERRED_MARK = "*"

PART_WORDS = {
    "kind": "Kind (shading)",
    "options": "Answer options",
    "rule": "When it is asked",
    "text": "Wording",
    "grouping": "Grouping",
}


def has_mark(question: Any) -> bool:
    """Whether `question` carries the mark: something of it is not the source's own."""
    return bool(question.inferred or question.source_defects)


def provenance_lines(question: Any) -> list[tuple[str, str]]:
    """Where a question's parts come from, in words: (heading, text) pairs, heading may be ""."""
    lines: list[tuple[str, str]] = []
    if not has_mark(question) and question.suggest is None:
        lines.append(("", "Everything of this question is read from the published source."))
    for inference in question.inferred:
        lines.append(
            (f"{INFERRED_MARK} {PART_WORDS[str(inference.part)]} inferred: ", inference.reason)
        )
    if question.rule is not None and str(question.rule_origin) == "report":
        lines.append(("", "The rule comes from an inspection report, not the CARaG."))
    if question.suggest is not None:
        lines.append(("Suggestion, not a rule: ", question.suggest.reason))
    for defect in question.source_defects:
        lines.append((f"{INFERRED_MARK} Defect of the published source: ", defect))
    return lines
