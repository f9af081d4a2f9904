"""SVG snapshots of each screen once at 80x24 and once at 120x40, the theme families rotated
over them (`LOOKS`), so that every family is seen at both sizes in 18 files, not 9 x 2 x 5.

Update after an intended change of layout: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carag_tui.tui.app import make_app

from .helpers import make_case

DETAILS = {"org": "crc", "other_requirements": "no"}
#: NO_COLOR=1: the app picks the ANSI theme and its `:nocolor` marks (reverse, underline). An
#: SVG export does not pass through the app's line filters, so it still shows that theme's
#: colours; that nothing but the terminal's default colours reaches a real terminal is checked
#: in tmux (`tests/test_tmux_entry.py`).
NO_COLOUR = "no-colour"
#: The screen -> its look at 80x24 and at 120x40. The walk's question, where inspectors spend
#: their day, is at 80x24 in the ANSI theme of a 16-colour terminal; each of the five families
#: (dark, light, high contrast, ANSI, no colour) is seen three or four times, at both sizes.
LOOKS = {
    "walk_question": ("carag-ansi", "carag-dark"),
    "walk_summary_judgement": (NO_COLOUR, "carag-light"),
    "overview": ("carag-dark", "carag-high-contrast"),
    "help": ("carag-light", "carag-ansi"),
    "workspace": ("carag-high-contrast", NO_COLOUR),
    "report": ("carag-ansi", "carag-dark"),
    "new_case": (NO_COLOUR, "carag-light"),
    "go_to_question": ("carag-dark", "carag-high-contrast"),
    "case_held_by_someone_else": ("carag-light", "carag-ansi"),
}


def looks(screen: str):
    """Parametrise a snapshot test over its screen's two (size, look) pairs."""
    small, large = LOOKS[screen]
    return pytest.mark.parametrize(
        ("size", "look"),
        [((80, 24), small), ((120, 40), large)],
        ids=[f"80x24-{small}", f"120x40-{large}"],
    )


@pytest.fixture
def app_in(monkeypatch):
    """make_app in a look: a theme, or NO_COLOR=1 with the theme the app picks for it."""

    def build(look: str, **options):
        if look == NO_COLOUR:
            monkeypatch.setenv("NO_COLOR", "1")
            return make_app(**options)
        monkeypatch.delenv("NO_COLOR", raising=False)
        return make_app(theme=look, **options)

    return build


@pytest.fixture
def unpaid_work(tmp_path: Path) -> Path:
    return make_case(tmp_path, "DDC-0042", "unpaid-work-2019", DETAILS)


@looks("walk_question")
def test_walk_question(snap_compare, app_in, unpaid_work: Path, size, look: str) -> None:
    assert snap_compare(app_in(look, case_path=unpaid_work), terminal_size=size)


@looks("walk_summary_judgement")
def test_walk_summary_judgement(snap_compare, app_in, unpaid_work: Path, size, look: str) -> None:
    assert snap_compare(
        app_in(look, case_path=unpaid_work), press=["y", "n", "y", "y"], terminal_size=size
    )


@looks("overview")
def test_overview(snap_compare, app_in, unpaid_work: Path, size, look: str) -> None:
    assert snap_compare(
        app_in(look, case_path=unpaid_work), press=["y", "n", "o", "s"], terminal_size=size
    )


@looks("help")
def test_help(snap_compare, app_in, unpaid_work: Path, size, look: str) -> None:
    assert snap_compare(
        app_in(look, case_path=unpaid_work), press=["question_mark"], terminal_size=size
    )


@looks("workspace")
def test_workspace(snap_compare, app_in, tmp_path: Path, monkeypatch, size, look: str) -> None:
    monkeypatch.chdir(tmp_path)
    folder = Path("cases")
    make_case(folder, "DDC-0001", "unpaid-work-2019", DETAILS)
    make_case(folder, "DDC-0002", "court-reports-2020", unit="Devon")
    make_case(folder, "DDC-0003", "through-the-gate-2019", unit="Cornwall")

    async def loaded(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app_in(look, workspace=folder), terminal_size=size, run_before=loaded)


@looks("report")
def test_report(snap_compare, app_in, tmp_path: Path, monkeypatch, size, look: str) -> None:
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

    assert snap_compare(app_in(look, workspace=folder), terminal_size=size, run_before=report)


@looks("new_case")
def test_new_case(snap_compare, app_in, tmp_path: Path, monkeypatch, size, look: str) -> None:
    monkeypatch.chdir(tmp_path)

    async def new_case_form(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("n", *"DDC-0043")
        await pilot.pause()

    assert snap_compare(
        app_in(look, workspace=Path("cases")), terminal_size=size, run_before=new_case_form
    )


@looks("go_to_question")
def test_go_to_question(snap_compare, app_in, unpaid_work: Path, size, look: str) -> None:
    assert snap_compare(app_in(look, case_path=unpaid_work), press=["g", *"U9"], terminal_size=size)


@looks("case_held_by_someone_else")
def test_case_held_by_someone_else(
    snap_compare, app_in, unpaid_work: Path, monkeypatch, size, look: str
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
    assert snap_compare(app_in(look, case_path=unpaid_work), terminal_size=size)
