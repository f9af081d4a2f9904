"""Does the sample look like the caseload? The assessed cases' make-up against the population's.

The method matches the sample to the eligible population by strata (e.g. gender × disposal ×
RoSH level). `inspection.toml` gives that population per guide, either from the CSV file that
`carag sample --strata` reads or inline::

    [strata."case-supervision-2019"]
    file = "strata.csv"          # relative to inspection.toml
    tolerance = 5                # percentage points (default 5)

    [strata."youth-resettlement-2022"]
    by = ["unit", "sentence"]    # header fields (unit, assessor) or case-detail question ids
    counts = [{ unit = "North", sentence = "licence", population = 40 }, …]

The report then compares each stratum's share of the assessed (not excluded) cases with its
share of the population and flags those further apart than the tolerance. A case's value
matches a stratum's by the answer's key or its label, ignoring case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from carag_tui.guide.model import Guide
from carag_tui.problems import Problem
from carag_tui.report.sampling import Strata, StrataError, Stratum, read_strata

DEFAULT_TOLERANCE = 5.0
HEADER_FIELDS = ("unit", "assessor", "status")
SECTION_KEYS = ("file", "by", "counts", "tolerance")
#: The key of the count in an inline stratum.
COUNT = "population"


def read_strata_section(
    guide: str, section: Any, path: Path, problems: list[Problem], line: Callable[[str], int | None]
) -> tuple[Strata, float] | None:
    """One `[strata."GUIDE"]` table: its strata and tolerance; problems go on `problems`."""
    where = f'strata."{guide}"'
    before = len(problems)

    def problem(message: str, key: str = "") -> None:
        full = f"{where}.{key}" if key else where
        problems.append(Problem(path, message, line(full), full))

    if not isinstance(section, dict):
        problem('expected a table with file = "strata.csv" or by and counts')
        return None
    for key in section:
        if key not in SECTION_KEYS:
            problem(f"unknown key (expected {', '.join(SECTION_KEYS)})", key)
    tolerance = section.get("tolerance", DEFAULT_TOLERANCE)
    if (
        isinstance(tolerance, bool)
        or not isinstance(tolerance, int | float)
        or not 0 <= tolerance <= 100
    ):
        problem(f"expected percentage points between 0 and 100, found {tolerance!r}", "tolerance")
    strata: Strata | None = None
    if "file" in section and "counts" in section:
        problem("give either file or counts, not both")
    elif "file" in section:
        name = section["file"]
        if not isinstance(name, str):
            problem(f"expected a file name, found {name!r}", "file")
        else:
            try:
                strata = read_strata(path.parent / name)
            except StrataError as exc:
                problem(str(exc), "file")
    elif "counts" in section:
        strata = _inline(section, problem)
    else:
        problem('expected file = "strata.csv", or by = [...] and counts = [...]')
    by = section.get("by")
    if strata is not None and "file" in section and by is not None and tuple(by) != strata.fields:
        problem(f"by {by!r} does not match the file's columns {list(strata.fields)!r}", "by")
    if len(problems) > before or strata is None:
        return None
    return strata, float(tolerance)


def _inline(section: dict[str, Any], problem: Callable[..., None]) -> Strata | None:
    by = section.get("by")
    if not isinstance(by, list) or not by or not all(isinstance(f, str) and f for f in by):
        problem('expected a list of the fields the counts split by, e.g. ["unit"]', "by")
        return None
    counts = section["counts"]
    if not isinstance(counts, list) or not counts:
        problem(f"expected a list of {{ {', '.join(by)}, {COUNT} = n }}", "counts")
        return None
    found: list[Stratum] = []
    for index, entry in enumerate(counts):
        key = f"counts[{index}]"
        wanted = {*by, COUNT}
        if not isinstance(entry, dict) or set(entry) != wanted:
            problem(f"expected {{ {', '.join(by)}, {COUNT} = n }}, found {entry!r}", key)
            return None
        count = entry[COUNT]
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            problem(f"expected a whole number of cases, found {count!r}", f"{key}.{COUNT}")
            return None
        found.append(Stratum(tuple(str(entry[f]) for f in by), count, index + 1))
    return Strata(tuple(by), tuple(found), "inspection.toml")


def unknown_fields(strata: Strata, guide: Guide) -> list[str]:
    """Fields that are neither a header field nor a question of `guide`."""
    return [f for f in strata.fields if f not in HEADER_FIELDS and not guide.has_question(f)]


@frozen
class StratumShare:
    """One stratum: its share of the population and of the assessed cases (per cent)."""

    label: str
    population: int
    population_share: float
    cases: int
    sample_share: float
    flag: str | None  # "over", "under" or None


@frozen
class Representation:
    """The assessed cases' make-up against the population's, for one guide."""

    fields: tuple[str, ...]
    tolerance: float
    strata: tuple[StratumShare, ...]
    cases: int  # assessed cases counted
    unmatched: int  # assessed cases that fall in no stratum of the population
    source: str

    @property
    def flagged(self) -> list[StratumShare]:
        return [s for s in self.strata if s.flag]


class StrataCounter:
    """Counts assessed cases per stratum as the report reads them (one dict look-up a case)."""

    def __init__(self, guide: Guide, strata: Strata, tolerance: float) -> None:
        self.guide = guide
        self.strata = strata
        self.tolerance = tolerance
        self.keys: dict[tuple[str, ...], int] = {
            tuple(v.casefold() for v in s.values): i for i, s in enumerate(strata.strata)
        }
        self.counts = [0] * len(strata.strata)
        self.unmatched = 0
        self.cases = 0
        self._labels: list[dict[str, str]] = []
        for name in strata.fields:
            labels: dict[str, str] = {}
            if guide.has_question(name):
                question = guide.question(name)
                labels = {o.key: question.label_for(o.key) for o in question.choices or ()}
            self._labels.append(labels)

    def add(self, header: Mapping[str, Any], answers: Mapping[str, Any]) -> None:
        """Count one assessed case: its header fields and its valid, applicable answers."""
        self.cases += 1
        options: list[tuple[str, ...]] = []
        for name, labels in zip(self.strata.fields, self._labels, strict=True):
            value = header.get(name) if name in HEADER_FIELDS else answers.get(name)
            text = "" if value is None else str(value)
            label = labels.get(text, text)
            options.append(tuple(dict.fromkeys((text.casefold(), label.casefold()))))
        index = self._match(options)
        if index is None:
            self.unmatched += 1
        else:
            self.counts[index] += 1

    def _match(self, options: list[tuple[str, ...]]) -> int | None:
        keys: list[tuple[str, ...]] = [()]
        for choices in options:
            keys = [(*k, c) for k in keys for c in choices]
        return next((self.keys[k] for k in keys if k in self.keys), None)

    def finish(self) -> Representation:
        total = self.strata.population
        shares = []
        for stratum, cases in zip(self.strata.strata, self.counts, strict=True):
            population_share = 100 * stratum.population / total if total else 0.0
            sample_share = 100 * cases / self.cases if self.cases else 0.0
            gap = sample_share - population_share
            flag = None
            if self.cases and abs(gap) > self.tolerance:
                flag = "over" if gap > 0 else "under"
            shares.append(
                StratumShare(
                    stratum.label,
                    stratum.population,
                    round(population_share, 1),
                    cases,
                    round(sample_share, 1),
                    flag,
                )
            )
        return Representation(
            self.strata.fields,
            self.tolerance,
            tuple(shares),
            self.cases,
            self.unmatched,
            self.strata.source,
        )
