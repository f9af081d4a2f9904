"""The workspace: list, filter as you type, new case, open."""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path

from textual.widgets import Select

from carag_tui.tui.app import make_app
from carag_tui.tui.screens.new_case import NewCaseScreen
from carag_tui.tui.screens.walk import WalkScreen
from carag_tui.tui.screens.workspace import WorkspaceScreen
from carag_tui.tui.widgets.case_list import CaseList

from .helpers import make_case, on_disk


def workspace(folder: Path) -> None:
    make_case(folder, "DDC-0001", "unpaid-work-2019", {"org": "crc"})
    make_case(folder, "DDC-0002", "court-reports-2020", unit="Devon")
    make_case(folder, "DDC-0003", "through-the-gate-2019", unit="Cornwall")
    (folder / "broken.toml").write_text("format = 1\nguide = \n")


async def loaded(pilot, app) -> WorkspaceScreen:
    screen = app.screen
    assert isinstance(screen, WorkspaceScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def test_lists_cases_and_filters_as_you_type(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    workspace(folder)
    app = make_app(workspace=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot, app)
        table = screen.query_one(CaseList)
        assert table.row_count == 4
        assert "1 unreadable" in str(screen.query_one("#workspace-head").render())
        assert table.virtual_size.width <= table.size.width  # no column cut off at 80
        guides = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert {"unpaid-work", "court-reports", "through-the-gate"} <= guides  # no year
        await pilot.press("slash", *"devon")
        await pilot.pause(0.3)  # filtered once typing pauses
        assert table.row_count == 1
        assert table.get_row_at(0)[0] == "DDC-0002"
        await pilot.press("escape")
        assert table.row_count == 4
        await pilot.press("slash", *"through-the-gate-2019", "enter")  # the full guide id
        await pilot.pause(0.3)
        assert table.row_count == 1
        assert table.get_row_at(0)[0] == "DDC-0003"


async def test_enter_opens_the_case_and_leaving_returns(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    workspace(folder)
    app = make_app(workspace=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("slash", *"0001", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert app.screen.session.case.case == "DDC-0001"
        await pilot.press("y")  # other_requirements
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
    assert on_disk(folder / "DDC-0001.toml")["answers"]["other_requirements"] == "yes"


async def test_new_case_from_the_workspace(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    app = make_app(workspace=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("n")
        assert isinstance(app.screen, NewCaseScreen)
        await pilot.press(*"../escape")
        app.screen.query_one(Select).value = "victim-work-2020"
        await pilot.press("tab", "tab", *"Poole", "enter", "enter")  # unit, then assessor
        error = str(app.screen.query_one("#new-error").render())
        assert "must start with a letter or digit" in error
        ref = app.screen.query_one("#new-ref")
        ref.value = "VW-0001"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
    data = on_disk(folder / "VW-0001.toml")
    assert data["guide"] == "victim-work-2020"
    assert data["unit"] == "Poole"
    assert (folder / "VW-0001.toml").stat().st_mode & 0o777 == 0o600


async def test_a_new_case_starts_from_the_guide_and_unit_of_the_last_case(tmp_path: Path) -> None:
    from carag_tui.case.store import load_case, save_case
    from carag_tui.guide.registry import catalogue

    folder = tmp_path / "cases"
    workspace(folder)
    worked_on = load_case(folder / "DDC-0003.toml")  # worked on last: through the gate, Cornwall
    guide = catalogue().get(worked_on.case.guide)
    worked_on.set_note(guide, guide.questions[0].id, "Seen again.")  # a save that writes
    save_case(worked_on)
    app = make_app(workspace=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("n")
        assert isinstance(app.screen, NewCaseScreen)
        assert app.screen.query_one(Select).value == "through-the-gate-2019"
        assert app.screen.query_one("#new-unit").value == "Cornwall"
        await pilot.press(*"DDC-0004", "enter")  # the unit is shown, never taken unseen
        unit = app.screen.query_one("#new-unit")
        assert unit.has_focus and unit.selected_text == "Cornwall"
        assert not (folder / "DDC-0004.toml").exists()
        await pilot.press("enter", *"B. Inspector", "enter")  # the assessor, asked once
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
    data = on_disk(folder / "DDC-0004.toml")
    assert (data["guide"], data["unit"]) == ("through-the-gate-2019", "Cornwall")
    assert data["assessor"] == "B. Inspector"
    from carag_tui.config import load_config

    assert load_config().assessor == "B. Inspector"


async def test_the_assessor_is_not_asked_again_once_known(tmp_path: Path) -> None:
    from carag_tui.config import Config

    folder = tmp_path / "cases"
    app = make_app(workspace=folder, config=Config(assessor="C. Inspector"))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot, app)
        await pilot.press("n", *"NEW-1", "enter", *"Poole", "enter")  # 3 keys beyond the words
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
    data = on_disk(folder / "NEW-1.toml")
    assert (data["unit"], data["assessor"]) == ("Poole", "C. Inspector")


async def until(pilot, check, what: str, deadline: float = 30.0) -> None:
    """Wait (generously) for the screen to show something; fail saying what did not come."""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline
    while not check():
        if loop.time() > end:
            raise AssertionError(f"never shown: {what}")
        await pilot.pause(0.02)


def held_from(monkeypatch, stem: str) -> threading.Event:
    """A slow disk: the file named `stem` (and those after it) is read only once the test
    sets the event returned."""
    from carag_tui.case import index

    release = threading.Event()
    real = index.summarise

    def held(scanner, path):
        if path.stem >= stem:
            release.wait(30)
        return real(scanner, path)

    monkeypatch.setattr(index, "summarise", held)
    return release


async def test_rows_show_as_they_are_read_with_the_count_so_far(
    tmp_path: Path, monkeypatch
) -> None:
    """The first rows are on screen while the rest of the folder is still being read."""
    folder = tmp_path / "cases"
    for n in range(6):
        make_case(folder, f"DDC-000{n}", "unpaid-work-2019")
    release = held_from(monkeypatch, "DDC-0003")
    app = make_app(workspace=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        table = screen.query_one(CaseList)
        head = screen.query_one("#workspace-head")
        try:
            await until(pilot, lambda: table.row_count == 3, "the first three rows")
            assert [table.get_row_at(i)[0] for i in range(3)] == [
                "DDC-0000",
                "DDC-0001",
                "DDC-0002",
            ]
            assert "reading… 3 cases" in str(head.render())
            await pilot.press("down", "down")  # the list moves while it is read
            assert table.cursor_row == 2
            await pilot.press("slash", *"0004")  # and the filter takes what is still to come
            await pilot.pause(0.3)
            assert table.row_count == 0
        finally:
            release.set()
        await loaded(pilot, app)
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == ["DDC-0004"]
        assert "6 cases" in str(head.render()) and "reading" not in str(head.render())
        await pilot.press("escape")
        assert table.row_count == 6


async def test_a_stale_index_row_is_never_shown_over_the_file(tmp_path: Path, monkeypatch) -> None:
    from carag_tui.case import index

    monkeypatch.setattr(index, "RACY_NS", 0)  # the test's files count as old enough to keep
    folder = tmp_path / "cases"
    path = make_case(folder, "DDC-0001", "unpaid-work-2019", unit="Devon")
    make_case(folder, "DDC-0002", "unpaid-work-2019", unit="Devon")
    for _ in range(2):  # the second open takes both rows from the index
        app = make_app(workspace=folder)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await loaded(pilot, app)
            assert screen.query_one(CaseList).get_row_at(0)[2] == "Devon"
    assert index.WorkspaceIndex(folder).load().stored_count == 2
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('unit = "Devon"', 'unit = "Kent!"'), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size, same mtime
    app = make_app(workspace=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot, app)
        table = screen.query_one(CaseList)
        assert [table.get_row_at(i)[2] for i in range(2)] == ["Kent!", "Devon"]


async def test_rows_read_below_a_full_screen_come_into_view(tmp_path: Path, monkeypatch) -> None:
    """Once the screen is full, rows read later are kept below it (in bigger batches) and
    drawn when the list scrolls to them; the count keeps growing meanwhile."""
    folder = tmp_path / "cases"
    for n in range(14):
        make_case(folder, f"DDC-{n:04d}", "unpaid-work-2019")
    release = held_from(monkeypatch, "DDC-0010")
    app = make_app(workspace=folder)
    async with app.run_test(size=(80, 12)) as pilot:  # five rows fit under the header
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        table = screen.query_one(CaseList)
        head = screen.query_one("#workspace-head")
        try:
            await until(pilot, lambda: table.row_count == 10, "ten rows, five past the screen")
            assert "reading… 10 cases" in str(head.render())
        finally:
            release.set()
        await loaded(pilot, app)
        assert table.row_count == 14
        await pilot.press("end")
        await pilot.pause()
        drawn = ["".join(s.text for s in table.render_line(y)) for y in range(1, 6)]
        assert [line.split()[0] for line in drawn] == [f"DDC-{n:04d}" for n in range(9, 14)]
