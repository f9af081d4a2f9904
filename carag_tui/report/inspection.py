"""`inspection.toml`: the facts about one inspection that the case files do not hold.

It sits at the top of a workspace, next to the case folders, and is optional::

    format = 1                                   # optional; this file format's version
    provider = "Dorset, Devon and Cornwall CRC"  # the organisation inspected
    type = "crc"                                 # crc | nps: its ten standards (optional)
    fieldwork = 2019-05-13                       # first day of fieldwork (a TOML date, optional)
    reviewers = ["L. Lead", "R. Second"]         # who may approve cases (a workflow aid only)

    confidence = 80                              # per cent, for intervals (optional)

    [ratings]          # standards rated by judgement, by framework number
    "1.1" = { title = "Leadership", rating = "inadequate" }
    "1.2" = { title = "Staff", rating = "requires_improvement" }

    [population]       # eligible cases the sample was drawn from, by guide id (optional)
    "case-supervision-2019" = 480

    [strata."case-supervision-2019"]   # the population's make-up (optional; strata.py)
    file = "strata.csv"                # or: by = [...] and counts = [{ …, population = n }]
    tolerance = 5                      # percentage points before a stratum is flagged

A rating is one of outstanding, good, requires_improvement, inadequate. Every problem is
reported at once, with the file, line and key (`ratings."1.1".rating`).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import cattrs
from attrs import Factory, frozen
from cattrs.v import transform_error

from carag_tui.fileio import parse_toml, read_text
from carag_tui.problems import Problem, ProblemsError, suggest
from carag_tui.report.ratings import STANDARD_SETS, Rating, parse_rating
from carag_tui.report.strata import Strata, read_strata_section

FILE_NAME = "inspection.toml"
FORMAT = 1
NUMBER = re.compile(r"^\d+\.\d+$")
UNKNOWN = "unknown keys: "


@frozen
class EnteredRating:
    """A standard's rating given by the inspection team rather than computed from cases."""

    rating: Rating
    title: str | None = None


@frozen
class Inspection:
    """A parsed and validated `inspection.toml`."""

    provider: str | None = None
    type: str | None = None
    fieldwork: date | None = None
    format: int = FORMAT
    ratings: dict[str, EnteredRating] = Factory(dict)
    path: Path | None = None
    #: Who may approve cases (`carag review`); None: no list, anyone but the case's assessor.
    #: A workflow aid, not access control: whoever can write a file can change it.
    reviewers: list[str] | None = None
    confidence: float | None = None  # None: the method's 80%
    population: dict[str, int] = Factory(dict)  # guide id -> eligible cases
    strata: dict[str, Strata] = Factory(dict)  # guide id -> the population's make-up
    tolerance: dict[str, float] = Factory(dict)  # guide id -> points before a stratum flags


def _date(value: Any, _: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise ValueError(f"expected a date like 2019-05-13, found {value!r}")


def _rating(value: Any, _: Any) -> Rating:
    if not isinstance(value, str):
        raise ValueError(f"expected one of {', '.join(r.value for r in Rating)}, found {value!r}")
    return parse_rating(value)


def _type(value: Any, _: Any) -> str:
    if value not in STANDARD_SETS:
        raise ValueError(f"expected one of {', '.join(STANDARD_SETS)}, found {value!r}")
    return value


def _format(value: Any, _: Any) -> int:
    if value != FORMAT or isinstance(value, bool):
        raise ValueError(f"format {value!r} is not supported (this carag reads format {FORMAT})")
    return value


def _text(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, found {value!r}")
    return value


TOP_KEYS = (
    "format",
    "provider",
    "type",
    "fieldwork",
    "ratings",
    "reviewers",
    "confidence",
    "population",
    "strata",
)
ENTRY_KEYS = ("rating", "title")

_converter = cattrs.Converter(forbid_extra_keys=True)
_converter.register_structure_hook(date, _date)
_converter.register_structure_hook(Rating, _rating)
_converter.register_structure_hook(str, _text)


def _format_exception(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, ValueError) and not isinstance(exc, cattrs.BaseValidationError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return UNKNOWN + ", ".join(sorted(exc.extra_fields))
    return cattrs.v.format_exception(exc, type_)


def find_inspection(folders: list[Path]) -> Path | None:
    """The first `inspection.toml` at the top of one of `folders`."""
    for folder in folders:
        candidate = folder / FILE_NAME
        if folder.is_dir() and candidate.is_file():
            return candidate
    return None


def inspection_above(path: Path) -> Path | None:
    """The `inspection.toml` of the workspace a case file (or folder) is in: the nearest one
    in its folder or a folder above it."""
    folder = Path(path).resolve()
    folder = folder if folder.is_dir() else folder.parent
    for each in (folder, *folder.parents):
        candidate = each / FILE_NAME
        if candidate.is_file():
            return candidate
    return None


def reviewers_above(path: Path) -> tuple[list[str] | None, str | None]:
    """The `reviewers` of the workspace's `inspection.toml` for a case file (None: no file or
    no list), or what is wrong with that file."""
    found = inspection_above(path)
    if found is None:
        return None, None
    try:
        return load_inspection(found).reviewers, None
    except ProblemsError as exc:
        return None, "; ".join(str(p) for p in exc.problems)


def load_inspection(path: Path) -> Inspection:
    """Read and validate an inspection file; raise ProblemsError listing every problem."""
    try:
        text = read_text(path, what="inspection file")
    except FileNotFoundError as exc:
        raise ProblemsError([Problem(path, f"cannot read: {exc.strerror}")]) from exc
    return structure_inspection(parse_toml(text, path), text, path)


def structure_inspection(data: dict[str, Any], text: str, path: Path) -> Inspection:
    problems: list[Problem] = []
    raw = dict(data)
    raw.pop("path", None)
    if "path" in data:
        problems.append(Problem(path, "unknown key", _line(text, "path"), "path"))
    ratings = raw.get("ratings", {})
    if not isinstance(ratings, dict):
        problems.append(
            Problem(path, "[ratings] must be a table", _line(text, "ratings"), "ratings")
        )
        raw.pop("ratings")
    else:
        entries = {}
        for number, entry in ratings.items():
            where = f'ratings."{number}"'
            if not NUMBER.fullmatch(number):
                problems.append(
                    Problem(
                        path, 'expected a framework number like "1.1"', _line(text, where), where
                    )
                )
            # the short form `"1.1" = "good"` means `{ rating = "good" }`
            entries[number] = {"rating": entry} if isinstance(entry, str) else entry
        raw["ratings"] = entries
    if "reviewers" in raw and not isinstance(raw["reviewers"], list):
        problems.append(
            Problem(
                path,
                'expected a list of names, like ["L. Lead"]',
                _line(text, "reviewers"),
                "reviewers",
            )
        )
        raw.pop("reviewers")
    if "type" in raw:
        try:
            _type(raw["type"], None)
        except ValueError as exc:
            problems.append(Problem(path, str(exc), _line(text, "type"), "type"))
    if "format" in raw:
        try:
            _format(raw["format"], None)
        except ValueError as exc:
            problems.append(Problem(path, str(exc), _line(text, "format"), "format"))
    extras = _extras(raw, text, path, problems)
    inspection = None
    try:
        inspection = _converter.structure(raw, Inspection)
    except cattrs.BaseValidationError as exc:
        for message in transform_error(exc, path="$", format_exception=_format_exception):
            what, _, where = message.rpartition(" @ ")
            key = _dotted(where)
            if key in ("type", "format") and any(p.where == key for p in problems):
                continue
            if what.startswith(UNKNOWN):
                for name in what.removeprefix(UNKNOWN).split(", "):
                    dotted = f"{key}.{name}" if key else name
                    known = ENTRY_KEYS if key else TOP_KEYS
                    problems.append(
                        Problem(
                            path, f"unknown key{suggest(name, known)}", _line(text, dotted), dotted
                        )
                    )
                continue
            problems.append(Problem(path, what, _line(text, key), key or None))
    if problems or inspection is None:
        raise ProblemsError(problems)
    return Inspection(
        inspection.provider,
        inspection.type,
        inspection.fieldwork,
        inspection.format,
        inspection.ratings,
        path,
        inspection.reviewers,
        **extras,
    )


def _extras(raw: dict[str, Any], text: str, path: Path, problems: list[Problem]) -> dict[str, Any]:
    """Confidence, population and strata: checked here (taken out of `raw`), every problem
    added to `problems` with its key."""
    found: dict[str, Any] = {}
    if "confidence" in raw:
        value = raw.pop("confidence")
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 100:
            found["confidence"] = value
        else:
            problems.append(
                Problem(
                    path,
                    f"expected a percentage above 0 and below 100 "
                    f"(the method uses 80), found {value!r}",
                    _line(text, "confidence"),
                    "confidence",
                )
            )
    population = raw.pop("population", {})
    if not isinstance(population, dict):
        problems.append(
            Problem(
                path,
                "[population] must be a table of guide id = number of eligible cases",
                _line(text, "population"),
                "population",
            )
        )
        population = {}
    found["population"] = {}
    for guide, value in population.items():
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            found["population"][guide] = value
        else:
            where = f'population."{guide}"'
            problems.append(
                Problem(
                    path,
                    f"expected a whole number of eligible cases, found {value!r}",
                    _line(text, where),
                    where,
                )
            )
    strata = raw.pop("strata", {})
    if not isinstance(strata, dict):
        problems.append(
            Problem(
                path,
                "[strata] must be a table of guide id = its strata",
                _line(text, "strata"),
                "strata",
            )
        )
        strata = {}
    found["strata"], found["tolerance"] = {}, {}
    for guide, section in strata.items():
        read = read_strata_section(guide, section, path, problems, lambda key: _line(text, key))
        if read is not None:
            found["strata"][guide], found["tolerance"][guide] = read
    return found


def _dotted(where: str) -> str:
    """`$.ratings['1.1'].rating` -> `ratings."1.1".rating`."""
    where = where.removeprefix("$").lstrip(".")
    return re.sub(r"\['([^']*)'\]", r'."\1"', where).lstrip(".")


def _line(text: str, key: str) -> int | None:
    """The line that defines `key` (dotted, as `_dotted` gives it), best effort."""
    parts = [p.strip('"') for p in re.findall(r'"[^"]*"|[^.]+', key)]
    if not parts:
        return None
    keyed = parts[0] in ("ratings", "population") and len(parts) > 1
    target = parts[1] if keyed else parts[0]
    quoted = re.escape(target)
    pattern = re.compile(
        rf'^\s*(?:"{quoted}"|\'{quoted}\'|{quoted})\s*[=.]'
        rf"|^\s*\[\s*{quoted}\s*[\].]"
    )
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None
