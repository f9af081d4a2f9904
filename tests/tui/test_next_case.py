"""Finishing a case and going straight on to the next: `N` in the overview marks the case
complete, leaves it and opens the new-case dialog (from its guide and unit)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from carag_tui.case.lock import lock_path
from carag_tui.config import Config
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.new_case import NewCaseScreen
from carag_tui.tui.screens.overview import OverviewScreen
from carag_tui.tui.screens.walk import WalkScreen
from carag_tui.tui.screens.workspace import WorkspaceScreen

from .helpers import make_case, on_disk

UW_DETAILS = {"org": "crc", "other_requirements": "no"}


async def answer_all_but_last(pilot, app) -> None:
    """Answer yes until the walk's last question is on screen (the next yes ends the walk)."""
    while isinstance(app.screen, WalkScreen) and app.screen.walk.next(app.screen.qid):
        await pilot.press("y")


async def test_finish_and_start_the_next_case_from_the_workspace(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    path = make_case(folder, "UW-1", "unpaid-work-2019", UW_DETAILS, unit="Poole")
    app = make_app(workspace=folder, config=Config(assessor="C. Inspector"))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WorkspaceScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        await answer_all_but_last(pilot, app)
        await pilot.press("y")  # the last answer: the overview offers to mark complete
        assert isinstance(app.screen, OverviewScreen)
        head = str(app.screen.query_one("#overview-head").render())
        assert "N: and start the next case" in head
        await pilot.press("N")  # one key: complete, left, and the dialog is open
        await pilot.pause()
        assert isinstance(app.screen, NewCaseScreen)
        assert app.screen.query_one("#new-ref", Input).has_focus
        assert app.screen.query_one(Select).value == "unpaid-work-2019"
        assert app.screen.query_one("#new-unit", Input).value == "Poole"
        assert on_disk(path)["status"] == "complete"
        assert not lock_path(path).exists()  # the finished case is released
        await pilot.press(*"UW-2", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert app.screen.session.path == folder / "UW-2.toml"
    data = on_disk(folder / "UW-2.toml")
    assert (data["guide"], data["unit"]) == ("unpaid-work-2019", "Poole")


async def test_o_then_n_from_mid_walk_and_esc_goes_back_to_the_workspace(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    path = make_case(folder, "UW-1", "unpaid-work-2019", UW_DETAILS)
    app = make_app(workspace=folder, config=Config(assessor="C. Inspector"))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await answer_all_but_last(pilot, app)
        await pilot.press("y", "escape")  # the end's overview put away
        assert isinstance(app.screen, WalkScreen)
        await pilot.press("o", "N")  # finish and start the next: 2 keys
        await pilot.pause()
        assert isinstance(app.screen, NewCaseScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
    assert on_disk(path)["status"] == "complete"


async def test_n_on_an_incomplete_case_says_why_and_stays(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019", UW_DETAILS)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o", "N")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert any(
            "unanswered" in str(n.message) or "answer" in str(n.message) for n in app._notifications
        )
    assert on_disk(path).get("status") != "complete"


async def test_one_file_open_finish_and_next_opens_the_new_case(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019", UW_DETAILS, unit="Poole")
    app = make_app(case_path=path, config=Config(assessor="C. Inspector"))
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_all_but_last(pilot, app)
        await pilot.press("y", "N")
        await pilot.pause()
        assert isinstance(app.screen, NewCaseScreen)
        assert not lock_path(path).exists()
        await pilot.press(*"UW-2", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert app.screen.session.path == tmp_path / "UW-2.toml"
    assert on_disk(path)["status"] == "complete"
    assert on_disk(tmp_path / "UW-2.toml")["unit"] == "Poole"
