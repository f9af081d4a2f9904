"""Case details (reference, unit, assessor) corrected with `carag set`; a new reference renames
the file, never over another case."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.tui.helpers import make_case


def header(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_set_unit_and_assessor(tmp_path: Path, carag) -> None:
    path = make_case(tmp_path, "D-1", "unpaid-work-2019", {"org": "crc"}, unit="Dorset")
    done = carag("set", path, "unit=Devon", "assessor=B. Inspector", "U1.1=yes")
    assert done.code == 0, done.err
    data = header(path)
    assert (data["unit"], data["assessor"]) == ("Devon", "B. Inspector")
    assert data["answers"] == {"org": "crc", "U1.1": "yes"}
    assert "unit: Dorset → Devon" in done.out
    assert carag("set", path, "unit=").code == 0  # blank clears it
    assert "unit" not in header(path)


def test_a_new_reference_renames_the_file(tmp_path: Path, carag) -> None:
    path = make_case(tmp_path, "D-2", "unpaid-work-2019", {"org": "crc"})
    done = carag("set", path, "reference=D-20", "U1.1=no")
    assert done.code == 0, done.err
    assert not path.exists()
    renamed = tmp_path / "D-20.toml"
    assert header(renamed)["case"] == "D-20"
    assert header(renamed)["answers"] == {"org": "crc", "U1.1": "no"}
    assert not list(tmp_path.glob(".*.lock"))
    assert "D-20.toml" in done.out


def test_a_reference_another_case_has_changes_nothing(tmp_path: Path, carag) -> None:
    path = make_case(tmp_path, "D-3", "unpaid-work-2019")
    other = make_case(tmp_path, "D-4", "unpaid-work-2019", {"org": "nps"})
    before = (path.read_bytes(), other.read_bytes())
    done = carag("set", path, "reference=D-4", "org=crc")
    assert done.code == 1
    assert "D-4.toml already exists" in done.err and "nothing written" in done.err
    assert (path.read_bytes(), other.read_bytes()) == before


def test_bad_details_are_named(tmp_path: Path, carag) -> None:
    path = make_case(tmp_path, "D-5", "unpaid-work-2019")
    done = carag("set", path, "reference=../x", "untt=Devon")
    assert done.code == 1
    assert "reference:" in done.err
    assert "untt: no such question in unpaid-work-2019, nor a case detail" in done.err
    assert "did you mean 'unit'" in done.err


def test_a_save_that_changes_nothing_writes_nothing(tmp_path: Path, carag) -> None:
    from carag_tui.case.session import CaseSession

    path = make_case(tmp_path, "W-1", "unpaid-work-2019", {"org": "crc", "U1.1": "yes"})
    before = path.read_bytes()
    session = CaseSession(path)
    session.set_answer("U1.1", "no")
    session.set_answer("U1.1", "yes")
    session.set_note("U1.2", "x")
    session.set_note("U1.2", "")
    assert session.save().saved
    assert not session.unsaved
    session.close()
    assert path.read_bytes() == before  # not even `updated`
    assert carag("set", path, "U1.1=yes", "org=crc").code == 0
    assert path.read_bytes() == before
    assert carag("set", path, "U1.1=no").code == 0
    assert path.read_bytes() != before


def test_every_writer_writes_nothing_when_nothing_changed(tmp_path: Path, carag) -> None:
    """`save_case` itself (reviews, adjudications, every command) leaves an unchanged file
    alone: an answer set and set back, a note written and removed, a header set to itself."""
    from carag_tui.case.store import load_case, save_case
    from carag_tui.guide.registry import catalogue

    guide = catalogue().get("unpaid-work-2019")
    path = make_case(tmp_path, "W-2", "unpaid-work-2019", {"org": "crc", "U1.1": "yes"})
    before = path.read_bytes()
    casefile = load_case(path)
    casefile.set_answer(guide, "U1.1", "no")
    casefile.set_answer(guide, "U1.1", "yes")
    casefile.set_note(guide, "U1.2", "seen")
    casefile.set_note(guide, "U1.2", "")
    casefile.set_header("unit", casefile.case.unit)
    save_case(casefile)
    assert path.read_bytes() == before  # not even `updated`
    assert carag("set", path, "unit=Dorset").code == 0  # the unit it has
    assert path.read_bytes() == before
    casefile = load_case(path)
    casefile.set_answer(guide, "U1.1", "no")
    save_case(casefile)
    assert path.read_bytes() != before
