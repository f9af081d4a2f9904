"""`plain_case` (the structuring of a case without cattrs) gives cattrs' own `Case`, or says
None and leaves cattrs to say what is wrong."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carag_tui.case.model import Case
from carag_tui.case.plain_case import plain_case
from carag_tui.case.store import _converter, structure_case
from carag_tui.problems import ProblemsError

CASES = sorted((Path(__file__).parents[1] / "cases").glob("*.toml"))
KNOWN = {f.name for f in attrs.fields(Case)}


def by_cattrs(data: dict[str, Any]) -> Case | None:
    try:
        return _converter().structure({k: v for k, v in data.items() if k in KNOWN}, Case)
    except cattrs.BaseValidationError:
        return None


def same(a: Case, b: Case, data: dict[str, Any]) -> bool:
    """Equal, but for the stamps a missing `created`/`updated` takes from the clock."""
    stamps = {k for k in ("created", "updated") if k not in data}
    return attrs.evolve(a, **{k: None for k in stamps}) == attrs.evolve(
        b, **{k: None for k in stamps}
    )


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_every_bundled_case_is_read_as_cattrs_reads_it(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    plain = plain_case(data)
    assert plain is not None
    assert plain == by_cattrs(data)
    assert plain.answers is not data.get("answers")  # its own tables, as cattrs makes them


WHEN = datetime(2026, 11, 23, 9, 12, tzinfo=UTC)
values = st.one_of(
    st.text(max_size=5),
    st.sampled_from(["in_progress", "complete", "excluded"]),
    st.integers(-2, 2),
    st.booleans(),
    st.floats(allow_nan=False, max_value=3, min_value=-3),
    st.just(WHEN),
    st.just(date(2026, 11, 23)),
    st.just(datetime(2026, 11, 23, 9, 12)),  # a local time: no zone
    st.lists(st.text(max_size=3), max_size=2),
)
tables = st.one_of(
    values,
    st.dictionaries(st.text(max_size=4), values, max_size=3),
    st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=3),
)
FIELDS = {
    "guide": values,
    "case": values,
    "guide_version": values,
    "unit": values,
    "assessor": values,
    "status": values,
    "created": values,
    "updated": values,
    "format": st.one_of(st.just(1), values),
    "answers": tables,
    "notes": tables,
    "examples": tables,
    "judged": tables,
    "team": values,  # a key carag does not know
}


VALID = {
    "guide": "g",
    "case": "C-1",
    "status": "complete",
    "created": WHEN,
    "updated": WHEN,
    "format": 1,
    "answers": {"Q1": "yes", "Q2": ["a", "b"], "Q3": 2},
    "notes": {"Q1": "text\n"},
    "judged": {"S1": "3f09c2d1a4b7"},
}


texts = st.text(max_size=6)
WELL_TYPED = {
    "guide": texts,
    "case": texts,
    "guide_version": texts,
    "unit": texts,
    "assessor": texts,
    "status": st.sampled_from(["in_progress", "complete", "excluded"]),
    "created": st.datetimes(timezones=st.just(UTC)),
    "updated": st.datetimes(timezones=st.just(UTC)),
    "answers": st.dictionaries(texts, values, max_size=4),
    "notes": st.dictionaries(texts, texts, max_size=3),
    "examples": st.dictionaries(texts, st.sampled_from(["good", "poor"]), max_size=2),
    "judged": st.dictionaries(texts, texts, max_size=2),
}


@st.composite
def case_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid case's data with a few fields dropped or given any value, or any data at all."""
    if draw(st.booleans()):
        return draw(st.fixed_dictionaries({}, optional=FIELDS))
    data = dict(VALID)
    for key in draw(st.lists(st.sampled_from(sorted(FIELDS)), max_size=3, unique=True)):
        choice = draw(st.integers(0, 2))
        if choice == 0:
            data.pop(key, None)
        else:  # a value of the right type (another valid case), or any value
            data[key] = draw(WELL_TYPED.get(key, FIELDS[key]) if choice == 1 else FIELDS[key])
    return data


@settings(max_examples=500, deadline=None)
@given(case_data())
def test_any_data_is_read_as_cattrs_reads_it_or_left_to_cattrs(data: dict[str, Any]) -> None:
    plain = plain_case(data)
    expected = by_cattrs(data)
    if plain is None:
        return  # cattrs decides (and says what is wrong)
    assert expected is not None, "plain_case took what cattrs refuses"
    assert same(plain, expected, data)


def test_a_mistyped_field_is_still_said_by_cattrs() -> None:
    data = {"guide": "g", "case": "C-1", "status": "done", "updated": "yesterday"}
    assert plain_case(data) is None
    with pytest.raises(ProblemsError) as caught:
        structure_case(data, Path("c.toml"))
    messages = " ".join(p.message for p in caught.value.problems)
    assert "expected one of" in messages and "expected a date and time" in messages
