"""Ratings as data: the percentage bands of a key question, and the provider rating.

HMI Probation rates a standard in the case-assessed domains by its *lowest* key-question score
(the percentage of cases whose summary judgement is "yes"), on the printed whole percentage:

=====================  ==========  ====================
rating                 percentage  wording
=====================  ==========  ====================
Outstanding            80 and over a large majority
Good                   65–79       a reasonable majority
Requires improvement   50–64
Inadequate             under 50
=====================  ==========  ====================

Each standard then scores Inadequate 0, Requires improvement 1, Good 2, Outstanding 3, and the
sum over an organisation's ten standards gives its overall rating (0–5 Inadequate, 6–15 Requires
improvement, 16–25 Good, 26–30 Outstanding). Everything threshold-like lives in the tables
below; the functions only look things up.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from attrs import frozen


class Rating(StrEnum):
    """A standard's (or an organisation's) rating; the values are used in JSON and TOML."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"

    @property
    def label(self) -> str:
        return BAND_BY_RATING[self].label

    @property
    def score(self) -> int:
        return BAND_BY_RATING[self].score


@frozen
class Band:
    """One rating band: the lowest printed percentage that reaches it, and its score."""

    rating: Rating
    min_percent: int
    label: str
    wording: str
    score: int


#: Highest first; a percentage falls in the first band whose minimum it reaches.
BANDS: tuple[Band, ...] = (
    Band(Rating.OUTSTANDING, 80, "Outstanding", "a large majority", 3),
    Band(Rating.GOOD, 65, "Good", "a reasonable majority", 2),
    Band(Rating.REQUIRES_IMPROVEMENT, 50, "Requires improvement", "", 1),
    Band(Rating.INADEQUATE, 0, "Inadequate", "", 0),
)
BAND_BY_RATING = {band.rating: band for band in BANDS}


@frozen
class ProviderBand:
    """A range of summed standard scores (inclusive) and the organisation rating it gives."""

    low: int
    high: int
    rating: Rating


#: For an organisation rated on ten standards (3 points each, 30 at most).
PROVIDER_BANDS: tuple[ProviderBand, ...] = (
    ProviderBand(0, 5, Rating.INADEQUATE),
    ProviderBand(6, 15, Rating.REQUIRES_IMPROVEMENT),
    ProviderBand(16, 25, Rating.GOOD),
    ProviderBand(26, 30, Rating.OUTSTANDING),
)

#: The ten standards an organisation is rated on, by framework number. Domain one
#: (organisational delivery, 1.1–1.4) is rated by judgement and entered in `inspection.toml`;
#: the others are computed from the case files where a guide covers them.
STANDARD_SETS: dict[str, tuple[str, ...]] = {
    "crc": ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "4.1", "4.2"),
    "nps": ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"),
}

#: Titles of the standards that no bundled guide computes, for messages and reports.
JUDGEMENT_STANDARDS: dict[str, str] = {
    "1.1": "Leadership",
    "1.2": "Staff",
    "1.3": "Services",
    "1.4": "Information and facilities",
}


def percent(yes: int, total: int) -> int | None:
    """`yes / total` as a whole percentage, rounded half up (49.5 -> 50); None when total is 0.

    Integer arithmetic only, so 99/200 gives 50 and 129/200 gives 65 exactly.
    """
    if total <= 0:
        return None
    return (200 * yes + total) // (2 * total)


def band_for(value: int | None) -> Band | None:
    """The band a printed percentage falls in (None for no score)."""
    if value is None:
        return None
    return next(band for band in BANDS if value >= band.min_percent)


def rating_for(value: int | None) -> Rating | None:
    band = band_for(value)
    return band.rating if band else None


def standard_rating(percents: Iterable[int | None]) -> Rating | None:
    """The rating driven by the lowest key-question score; None when no key question scored."""
    scored = [p for p in percents if p is not None]
    return rating_for(min(scored)) if scored else None


def provider_rating(ratings: Iterable[Rating]) -> tuple[int, Rating | None]:
    """Sum the standards' scores and look the total up in PROVIDER_BANDS."""
    total = sum(rating.score for rating in ratings)
    band = next((b for b in PROVIDER_BANDS if b.low <= total <= b.high), None)
    return total, band.rating if band else None


def parse_rating(text: str) -> Rating:
    """A rating from its key or its label ("Requires improvement"); ValueError otherwise."""
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return Rating(key)
    except ValueError:
        allowed = ", ".join(r.value for r in Rating)
        raise ValueError(f"expected one of {allowed}, found {text!r}") from None
