"""How sure a key-question percentage is: Wilson score intervals and the band edges they reach.

A sample of 62 cases gives a percentage that another sample of 62 from the same caseload could
miss by several points. The Wilson score interval says how far, at the inspection's confidence
level (80% by the published method): of many samples drawn the same way, that share of their
intervals would hold the caseload's true proportion. Wilson is used rather than the textbook
"p ± z·√(p(1−p)/n)" because at these sample sizes (15–100 cases, percentages near 0 or 100)
the normal approximation gives intervals that are too narrow, can pass 0% or 100%, and have
zero width at 0/n or n/n.

Where the number of eligible cases (the population the sample was drawn from) is known, the
finite-population correction narrows the interval: sampling 62 of 120 cases leaves less
unknown than sampling 62 of 10,000. It is applied to the interval's half-width around its
centre, `√((N − n) / (N − 1))`, as the method's sample sizes assume.

Pure Python (no scientific stack at run time): the normal quantile is Acklam's rational
approximation refined by one Halley step, accurate to ~1e-15.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from attrs import frozen

from carag_tui.report.ratings import BANDS, Rating, percent, rating_for

#: The published method: "a confidence level of 80 per cent (with a margin of error of 5)".
DEFAULT_CONFIDENCE = 80

# Acklam's coefficients for the inverse of the standard normal distribution.
_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_B = (
    -5.447609879822406e01,
    1.615858368580409e02,
    -1.556989798598866e02,
    6.680131188771972e01,
    -1.328068155288572e01,
)
_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
_LOW = 0.02425


def normal_quantile(p: float) -> float:
    """The standard normal quantile (probit): `normal_quantile(0.9)` = 1.2816 (scipy's ppf)."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"expected a probability between 0 and 1, found {p!r}")
    if p > 0.5:  # symmetric; the lower tail keeps the Halley step's precision
        return -normal_quantile(1 - p)
    if p < _LOW:
        q = math.sqrt(-2 * math.log(p))
        x = (((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]) / (
            (((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1
        )
    else:
        q = p - 0.5
        r = q * q
        x = (
            (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5])
            * q
            / (((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1)
        )
    # one Halley step against the exact distribution function
    error = 0.5 * math.erfc(-x / math.sqrt(2)) - p
    u = error * math.sqrt(2 * math.pi) * math.exp(x * x / 2)
    return x - u / (1 + x * u / 2)


def z_for(confidence: float) -> float:
    """The two-sided critical value for a confidence level in per cent (80 -> 1.2816)."""
    check_confidence(confidence)
    return normal_quantile(1 - (1 - confidence / 100) / 2)


def check_confidence(confidence: float) -> None:
    if isinstance(confidence, bool) or not 0 < confidence < 100:
        raise ValueError(
            f"a confidence level is a percentage above 0 and below 100, found {confidence!r}"
        )


def fpc(sample: int, population: int | None) -> float:
    """The finite-population correction `√((N − n)/(N − 1))`; 1 when N is unknown."""
    if population is None or population <= 1:
        return 1.0
    if sample > population:
        return 0.0  # more cases than the population: nothing left to know
    return math.sqrt((population - sample) / (population - 1))


def wilson(
    yes: int, total: int, confidence: float = DEFAULT_CONFIDENCE, population: int | None = None
) -> tuple[float, float]:
    """The Wilson score interval for `yes` of `total`, as proportions (0–1).

    With `population`, the half-width is multiplied by the finite-population correction.
    """
    if total <= 0:
        raise ValueError("an interval needs at least one case")
    if not 0 <= yes <= total:
        raise ValueError(f"yes ({yes}) must be between 0 and the number of cases ({total})")
    z = z_for(confidence)
    p = yes / total
    z2 = z * z
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / (1 + z2 / total)
    half *= fpc(total, population)
    return max(0.0, centre - half), min(1.0, centre + half)


@frozen
class Interval:
    """A key question's interval in per cent (one decimal), and what it means for the rating."""

    low: float
    high: float
    confidence: float
    population: int | None = None  # set when the finite-population correction was applied

    @property
    def bands(self) -> tuple[Rating, ...]:
        """Every band the interval reaches, highest first (as printed, whole per cent)."""
        return bands_between(self.low, self.high)


def interval_for(
    yes: int, total: int, confidence: float = DEFAULT_CONFIDENCE, population: int | None = None
) -> Interval | None:
    """The printed interval (per cent, one decimal), or None when no case is counted."""
    if total <= 0:
        return None
    low, high = wilson(yes, total, confidence, population)
    return Interval(
        round(100 * low, 1),
        round(100 * high, 1),
        confidence,
        population if population is not None and population > 1 else None,
    )


def bands_between(low: float, high: float) -> tuple[Rating, ...]:
    """The bands that the percentages from `low` to `high` fall in.

    Judged as the report would print them (whole per cent, half up), so an interval whose top
    is 64.6 reaches Good (it would print 65%) and one whose top is 64.4 does not.
    """
    low_band = rating_for(_printed(low))
    high_band = rating_for(_printed(high))
    ordered = [b.rating for b in BANDS]
    top, bottom = ordered.index(high_band), ordered.index(low_band)  # type: ignore[arg-type]
    return tuple(ordered[top : bottom + 1])


def _printed(value: float) -> int:
    return math.floor(value + 0.5)


def near_band(yes: int, total: int, interval: Interval | None) -> tuple[Rating, ...]:
    """The bands other than the printed one that the interval reaches (empty when none)."""
    if interval is None:
        return ()
    printed = rating_for(percent(yes, total))
    return tuple(b for b in interval.bands if b is not printed)


@frozen
class EdgeMove:
    """How many more cases, all answered one way, would move the printed percentage into the
    next band up ("yes") or down ("no")."""

    answer: str  # "yes" or "no"
    cases: int
    rating: Rating  # the band it would then be in


def moves(yes: int, total: int) -> tuple[EdgeMove, ...]:
    """The fewest further "yes" cases that lift the printed percentage into the band above,
    and "no" cases that drop it into the band below (each alone; none past the top/bottom)."""
    current = percent(yes, total)
    if current is None:
        return ()
    index = next(i for i, b in enumerate(BANDS) if current >= b.min_percent)
    found = []
    if index > 0:
        goal = BANDS[index - 1].min_percent
        found.append(
            EdgeMove(
                "yes",
                _least(lambda k: _percent(yes + k, total + k) >= goal),
                BANDS[index - 1].rating,
            )
        )
    if index < len(BANDS) - 1:
        floor = BANDS[index].min_percent
        found.append(
            EdgeMove(
                "no", _least(lambda k: _percent(yes, total + k) < floor), BANDS[index + 1].rating
            )
        )
    return tuple(found)


def _percent(yes: int, total: int) -> int:
    value = percent(yes, total)
    assert value is not None
    return value


def _least(reached: Callable[[int], bool]) -> int:
    """The least k >= 1 with `reached(k)` (monotone in k), by doubling then bisection.

    Always found for the bands in ratings.py: adding "yes" cases tends to 100%, "no" to 0%.
    """
    high = 1
    while not reached(high):
        high *= 2
    low = high // 2
    while low + 1 < high:
        middle = (low + high) // 2
        if reached(middle):
            high = middle
        else:
            low = middle
    return high
