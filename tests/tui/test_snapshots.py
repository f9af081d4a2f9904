"""SVG snapshots of each screen at 80x24 and 120x40, in the default and the ANSI theme.

Update after an intended change of layout: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carag_tui.tui.app import make_app

from .helpers import make_case

SIZES = [(80, 24), (120, 40)]
THEMES = ["carag-dark", "carag-ansi"]
DETAILS = {"org": "crc", "other_requirements": "no"}


@pytest.fixture
def unpaid_work(tmp_path: Path) -> Path:
    return make_case(tmp_path, "DDC-0042", "unpaid-work-2019", DETAILS)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_walk_question(snap_compare, unpaid_work: Path, size, theme: str) -> None:
    assert snap_compare(make_app(case_path=unpaid_work, theme=theme), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_walk_summary_judgement(snap_compare, unpaid_work: Path, size, theme: str) -> None:
    assert snap_compare(
        make_app(case_path=unpaid_work, theme=theme), press=["y", "n", "y", "y"], terminal_size=size
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_overview(snap_compare, unpaid_work: Path, size, theme: str) -> None:
    assert snap_compare(
        make_app(case_path=unpaid_work, theme=theme), press=["y", "n", "o", "s"], terminal_size=size
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_help(snap_compare, unpaid_work: Path, size, theme: str) -> None:
    assert snap_compare(
        make_app(case_path=unpaid_work, theme=theme), press=["question_mark"], terminal_size=size
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_workspace(snap_compare, tmp_path: Path, monkeypatch, size, theme: str) -> None:
    monkeypatch.chdir(tmp_path)
    folder = Path("cases")
    make_case(folder, "DDC-0001", "unpaid-work-2019", DETAILS)
    make_case(folder, "DDC-0002", "court-reports-2020", unit="Devon")
    make_case(folder, "DDC-0003", "through-the-gate-2019", unit="Cornwall")

    async def loaded(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(
        make_app(workspace=folder, theme=theme), terminal_size=size, run_before=loaded
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_report(snap_compare, tmp_path: Path, monkeypatch, size, theme: str) -> None:
    monkeypatch.chdir(tmp_path)
    folder = Path("cases")
    answers = {**DETAILS, "U1.1": "yes", "U1.2": "no", "U1.3": "yes", "U1.4": "yes"}
    make_case(folder, "DDC-0001", "unpaid-work-2019", {**answers, "U1S": "yes"})
    make_case(folder, "DDC-0002", "unpaid-work-2019", {**answers, "U1S": "no"}, unit="Devon")
    make_case(folder, "DDC-0003", "unpaid-work-2019", {**answers, "U1S": "yes"}, unit="Devon")

    async def report(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(
        make_app(workspace=folder, theme=theme), terminal_size=size, run_before=report
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_new_case(snap_compare, tmp_path: Path, monkeypatch, size, theme: str) -> None:
    monkeypatch.chdir(tmp_path)

    async def new_case_form(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("n", *"DDC-0043")
        await pilot.pause()

    assert snap_compare(
        make_app(workspace=Path("cases"), theme=theme), terminal_size=size, run_before=new_case_form
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_go_to_question(snap_compare, unpaid_work: Path, size, theme: str) -> None:
    assert snap_compare(
        make_app(case_path=unpaid_work, theme=theme), press=["g", *"U9"], terminal_size=size
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_case_held_by_someone_else(
    snap_compare, unpaid_work: Path, monkeypatch, size, theme: str
) -> None:
    import json

    from carag_tui.case.lock import LockInfo, lock_path

    # Another machine's lock, taken as live whatever today's date: the screen is stable.
    monkeypatch.setattr(LockInfo, "stale", property(lambda self: False))
    lock_path(unpaid_work).write_text(
        json.dumps(
            {
                "user": "b.inspector",
                "host": "inspection-laptop",
                "pid": 4242,
                "time": "2026-11-23T09:00:00+00:00",
            }
        )
    )
    assert snap_compare(make_app(case_path=unpaid_work, theme=theme), terminal_size=size)
