"""The provider rating: from the standards the cases rate and those entered in
`inspection.toml` (the judgement standards, and any standard no case covers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from carag_tui.report.inspection import Inspection
from carag_tui.report.ratings import (
    JUDGEMENT_STANDARDS,
    STANDARD_SETS,
    Rating,
    provider_rating,
)
from carag_tui.report.results import GuideResult, ProviderResult, StandardRating


def number_key(number: str | None) -> tuple[int, ...]:
    """A framework number ("2.1", "4.3") as a sort key; none sorts last."""
    if not number:
        return (10**6,)
    return tuple(int(part) if part.isdigit() else 10**6 for part in number.split("."))


def computed_ratings(results: Iterable[GuideResult]) -> dict[str, tuple[str, Rating | None]]:
    """Framework number -> (title, rating) of every rated standard the cases cover."""
    found: dict[str, tuple[str, Rating | None]] = {}
    for result in results:
        for standard in result.standards:
            if standard.rated and standard.number and standard.number not in found:
                found[standard.number] = (standard.title, standard.rating)
    return found


def provider_result(inspection: Inspection, results: Iterable[GuideResult]) -> ProviderResult:
    """The provider rating from computed and entered standard ratings.

    A computed rating wins over an entered one for the same standard (a note says so when
    they differ); an entered rating fills a standard no case covers.
    """
    computed = computed_ratings(results)
    entered = inspection.ratings
    notes: list[str] = []
    kind = inspection.type or _infer_type(computed, entered)
    standards = []
    for number in STANDARD_SETS[kind]:
        title, rating = computed.get(number, (None, None))
        entry = entered.get(number)
        title = title or (entry.title if entry else None) or JUDGEMENT_STANDARDS.get(number, "")
        if rating is not None:
            if entry is not None and entry.rating is not rating:
                notes.append(
                    f"{number}: the entered rating ({entry.rating.label}) is ignored; "
                    f"the cases give {rating.label}"
                )
            standards.append(StandardRating(number, title, rating, "computed"))
        elif entry is not None:
            standards.append(StandardRating(number, title, entry.rating, "entered"))
        else:
            standards.append(StandardRating(number, title, None, "missing"))
    for number in sorted(set(entered) - set(STANDARD_SETS[kind]), key=number_key):
        notes.append(f"{number}: not one of the {kind.upper()} standards; not counted")
    if any(s.rating is None for s in standards):
        return ProviderResult(inspection.provider, kind, tuple(standards), None, None, tuple(notes))
    score, rating = provider_rating(s.rating for s in standards if s.rating is not None)
    return ProviderResult(inspection.provider, kind, tuple(standards), score, rating, tuple(notes))


def _infer_type(computed: dict[str, Any], entered: dict[str, Any]) -> str:
    """The standard set that the rated standards fit best (ties: the first set)."""
    have = set(computed) | set(entered)
    return min(STANDARD_SETS, key=lambda k: len(set(STANDARD_SETS[k]) - have))
