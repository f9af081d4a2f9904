"""Sample planning: how many cases to assess, and how to share them across strata.

The published method sets each sample "to achieve a confidence level of 80 per cent (with a
margin of error of 5)". For a proportion that is

    n0 = z² · p(1 − p) / e²        (worst case p = 0.5; z = 1.2816 at 80%, e = 0.05)

which gives 165 cases from a very large caseload; with N eligible cases the
finite-population correction gives `n = n0 / (1 + (n0 − 1) / N)`: 124 of 500, 63 of 100.
Both are rounded up, since a smaller sample would miss the margin.

The sample is then shared across strata (e.g. gender × disposal × RoSH level, as the method
matches them) in proportion to their populations, by largest remainder so the parts add up to
the whole and no stratum gets more cases than it has.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from attrs import frozen

from carag_tui.report.intervals import DEFAULT_CONFIDENCE, check_confidence, z_for

DEFAULT_MARGIN = 5
#: Column names accepted for a stratum's population count in a strata CSV file.
COUNT_COLUMNS = ("population", "count", "cases", "eligible", "n")


class StrataError(ValueError):
    """A strata file that cannot be used; the message names the file, line and column."""


def sample_size(
    confidence: float = DEFAULT_CONFIDENCE,
    margin: float = DEFAULT_MARGIN,
    population: int | None = None,
    proportion: float = 0.5,
) -> int:
    """Cases needed to estimate a proportion within ±`margin` points at `confidence` per cent."""
    check_confidence(confidence)
    if isinstance(margin, bool) or not 0 < margin < 100:
        raise ValueError(
            f"a margin of error is in percentage points, above 0 and below 100, found {margin!r}"
        )
    if population is not None and population < 1:
        raise ValueError(
            f"the population is a number of eligible cases (1 or more), found {population!r}"
        )
    z = z_for(confidence)
    e = margin / 100
    n0 = z * z * proportion * (1 - proportion) / (e * e)
    n = n0 if population is None else n0 / (1 + (n0 - 1) / population)
    # guard the ceiling against floating-point dust (164.00000000000003 is 164)
    needed = math.ceil(round(n, 9))
    return min(needed, population) if population is not None else needed


@frozen
class Stratum:
    """One row of a strata file: the values that define it and its eligible cases."""

    values: tuple[str, ...]
    population: int
    line: int = 0

    @property
    def label(self) -> str:
        return " / ".join(self.values)


@frozen
class Strata:
    """A population split into strata by `fields` (e.g. gender, sentence, RoSH level)."""

    fields: tuple[str, ...]
    strata: tuple[Stratum, ...]
    source: str = ""

    @property
    def population(self) -> int:
        return sum(s.population for s in self.strata)


@frozen
class Allocation:
    stratum: Stratum
    share: float  # of the population, 0–1
    sample: int


def allocate(strata: Strata, total: int) -> list[Allocation]:
    """Share `total` cases across `strata` in proportion to their populations.

    Hamilton's largest-remainder method: each stratum gets the whole part of its exact quota,
    then the cases left go to the largest remainders (ties to the larger stratum, then file
    order). A stratum never gets more cases than it has.
    """
    population = strata.population
    if population <= 0:
        return [Allocation(s, 0.0, 0) for s in strata.strata]
    total = min(total, population)
    quotas = [total * s.population / population for s in strata.strata]
    counts = [math.floor(q) for q in quotas]
    order = sorted(
        range(len(quotas)),
        key=lambda i: (-(quotas[i] - counts[i]), -strata.strata[i].population, i),
    )
    left = total - sum(counts)
    for i in order:
        if left <= 0:
            break
        if counts[i] < strata.strata[i].population:
            counts[i] += 1
            left -= 1
    return [
        Allocation(s, s.population / population, n)
        for s, n in zip(strata.strata, counts, strict=True)
    ]


def read_strata(path: Path) -> Strata:
    """Read a strata CSV: one column per field, then a count column (`population`)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise StrataError(f"{path}: cannot read: {exc}") from exc
    return parse_strata(text, str(path))


def parse_strata(text: str, source: str) -> Strata:
    rows = [
        (i, r)
        for i, r in enumerate(csv.reader(io.StringIO(text)), start=1)
        if any(c.strip() for c in r)
    ]
    if not rows:
        raise StrataError(
            f"{source}: empty: expected a header like "
            f"`gender,sentence,population` and a row per stratum"
        )
    header_line, header = rows[0]
    names = [h.strip() for h in header]
    lowered = [n.lower() for n in names]
    count_at = next((lowered.index(c) for c in COUNT_COLUMNS if c in lowered), None)
    if count_at is None:
        raise StrataError(
            f"{source}:{header_line}: no count column: expected one named "
            f"{' or '.join(COUNT_COLUMNS[:2])} (found {', '.join(names)})"
        )
    fields = tuple(n for i, n in enumerate(names) if i != count_at)
    if not fields or any(not f for f in fields):
        raise StrataError(
            f"{source}:{header_line}: every column but the count needs a name "
            f"(the field it splits by, e.g. gender)"
        )
    found: list[Stratum] = []
    seen: dict[tuple[str, ...], int] = {}
    for number, row in rows[1:]:
        if len(row) != len(names):
            raise StrataError(f"{source}:{number}: expected {len(names)} columns, found {len(row)}")
        raw = row[count_at].strip()
        if not raw.isdigit():
            raise StrataError(
                f"{source}:{number}: {names[count_at]}: expected a whole number "
                f"of cases, found {raw!r}"
            )
        values = tuple(c.strip() for i, c in enumerate(row) if i != count_at)
        if values in seen:
            raise StrataError(
                f"{source}:{number}: the stratum {' / '.join(values)} is already "
                f"on line {seen[values]}"
            )
        seen[values] = number
        found.append(Stratum(values, int(raw), number))
    if not found:
        raise StrataError(f"{source}: no strata: expected a row per stratum after the header")
    return Strata(fields, tuple(found), source)
