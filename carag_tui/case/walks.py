"""Walks shared between cases: a folder of a thousand cases needs a few dozen walks.

Which questions apply to a case depends only on its answers to the questions that rules refer
to and on the answers that can exclude it, so cases that agree on those get the same walk.
`report`, `export`, `check` and the workspace list all settle their cases through a `Walks`,
and every result is still the `Walk`'s own (tests/test_report.py checks it against `Walk`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import frozen

from carag_tui.case.answers import check_value, unavailable_choice
from carag_tui.case.flow import Progress, Walk
from carag_tui.guide.model import AnswerType, Guide, Question

#: What a walk settles for a case: applicable questions (walk order), their ids, and the
#: question whose answer excludes the case (None when it is not excluded).
Applicability = tuple[tuple[Question, ...], frozenset[str], Question | None]

_KEYED_TYPES = (AnswerType.YES_NO, AnswerType.YES_NO_NA, AnswerType.CHOICE)


@frozen
class SettledCase:
    """One case against its (shared) walk: what applies, which answers count, what is left."""

    applicable: tuple[Question, ...]
    applies: frozenset[str]
    excluded_by: Question | None
    valid: dict[str, Any]  # question id -> the valid answer of each applicable question
    missing: tuple[str, ...]  # applicable questions without a valid answer, in walk order

    @property
    def progress(self) -> Progress:
        return Progress(len(self.applicable) - len(self.missing), len(self.applicable))

    @property
    def complete(self) -> bool:
        return not self.missing


class WalkCache:
    """The walks of one guide, keyed by the answers that decide them."""

    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        ids: set[str] = set()
        conditions = [
            item.condition
            for items in (guide.standards, guide.key_questions, guide.questions)
            for item in items
        ]
        for condition in conditions:
            if condition is not None:
                ids.update(c.question for c in condition.comparisons())
        ids.update(q.id for q in guide.questions if any(o.excludes for o in q.options))
        # questions with an option for some cases only: their answers' validity depends on
        # the answers the option's rule looks at (and on theirs, so they join the walk key)
        self._gated = {
            q.id for q in guide.questions if any(o.condition is not None for o in q.options)
        }
        for question in guide.questions:
            for option in question.options:
                if option.condition is not None:
                    ids.update(c.question for c in option.condition.comparisons())
        self.ids = tuple(sorted(ids))
        self._walks: dict[tuple[Any, ...], Applicability] = {}
        # a fast validity check of the common answer types (check_value for the rest)
        self._keys = {
            q.id: frozenset(q.choice_keys) for q in guide.questions if q.answer in _KEYED_TYPES
        }

    def get(self, answers: Mapping[str, Any]) -> Applicability:
        """The applicable questions (walk order), their ids, and the excluding question."""
        key = tuple(_hashable(answers.get(qid)) for qid in self.ids)
        found = self._walks.get(key)
        if found is None:
            walk = Walk(self.guide, {q: answers[q] for q in self.ids if q in answers})
            found = (
                tuple(walk.applicable),
                frozenset(q.id for q in walk.applicable),
                walk.excluded_by,
            )
            self._walks[key] = found
        return found

    def settle(self, answers: Mapping[str, Any]) -> SettledCase:
        """The case's walk, shared, with its valid answers and the questions still open."""
        applicable, applies, excluded_by = self.get(answers)
        valid: dict[str, Any] = {}
        missing: list[str] = []
        keys_of, gated = self._keys.get, self._gated  # a folder's hot loop: no call per answer
        for question in applicable:
            qid = question.id
            value = answers.get(qid)
            if value is not None:
                keys = keys_of(qid)
                if keys is not None:  # a keyed answer is valid when it is one of the keys
                    ok = isinstance(value, str) and value in keys
                else:
                    ok = check_value(question, value) is None
                if ok and (
                    qid not in gated or unavailable_choice(question, value, valid.get) is None
                ):
                    valid[qid] = value
                    continue
            missing.append(qid)
        return SettledCase(applicable, applies, excluded_by, valid, tuple(missing))


class Walks:
    """A `WalkCache` per guide, made when a guide's first case comes along."""

    def __init__(self) -> None:
        self._caches: dict[str, WalkCache] = {}

    def of(self, guide: Guide) -> WalkCache:
        cache = self._caches.get(guide.id)
        if cache is None or cache.guide is not guide:
            cache = self._caches[guide.id] = WalkCache(guide)
        return cache


def _hashable(value: Any) -> Any:
    """A cache key for an answer as found in a file (any TOML value, valid or not)."""
    if type(value) is str:
        return value  # most answers (every other value's key is a tuple)
    key = (type(value).__name__, tuple(value) if isinstance(value, list) else value)
    try:
        hash(key)
    except TypeError:
        return ("repr", repr(value))
    return key
