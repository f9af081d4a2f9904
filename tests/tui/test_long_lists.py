"""Option lists longer than the screen at 80x24: the highlight stays in view, a line says how
many more there are, two-digit codes pick, `/` finds a label, the guidance makes room."""

from __future__ import annotations

from pathlib import Path

from carag_tui.tui.app import make_app
from carag_tui.tui.widgets.choice_box import ChoiceBox

from .helpers import make_case, on_disk


def shown(app) -> str:
    return str(app.screen.query_one(ChoiceBox).render())


async def test_the_highlight_stays_in_view_and_more_is_said(tmp_path: Path) -> None:
    path = make_case(tmp_path, "Y-1", "youth-resettlement-2022")
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"C3", "enter")
        assert app.screen.qid == "C3"
        assert app.screen.has_class("options-need-room")  # the guidance shrinks
        assert app.screen.query_one("#side").size.height <= 3
        assert "more below" in shown(app)
        box = app.screen.query_one(ChoiceBox)
        for _ in range(19):
            await pilot.press("down")
        assert box.cursor == 19
        first, count = box.shown_range()
        assert first <= 19 < first + count
        assert "more above" in shown(app)
        assert box.region.bottom <= app.screen.query_one("#ask").region.bottom
        await pilot.press("enter")
        await pilot.pause()
    assert on_disk(path)["answers"]["C3"] == box.choices[19].key


async def test_two_digit_codes_pick_and_a_slash_finds_a_label(tmp_path: Path) -> None:
    path = make_case(tmp_path, "Y-2", "youth-resettlement-2022")
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"C3", "enter")
        assert "\n 10    Asian" in shown(app)  # two-digit codes, shown
        await pilot.press("1", "6")
        await pilot.pause()
        assert on_disk(path)["answers"]["C3"] == "black_african"  # option 16
        await pilot.press("ctrl+g", *"C3", "enter", "slash", *"chin", "enter")
        await pilot.pause()
        assert on_disk(path)["answers"]["C3"] == "asian_chinese"
        await pilot.press("ctrl+g", *"C3", "enter", "2", "up", "0")  # no option 0
        assert "No option 0" in str(app.screen.query_one("#status").render())
        await pilot.press("ctrl+g", *"C3", "enter", "2", "5")  # no 25: 2, then 5 typed on
        await pilot.pause()
        assert on_disk(path)["answers"]["C3"] == "white_irish"
        assert app.screen.qid == "C4" and app.screen.query_one("#typed").value == "5"


async def test_a_two_digit_code_ticks_in_a_several_choice_list(tmp_path: Path) -> None:
    path = make_case(tmp_path, "CS-1", "case-supervision-2019", {"org": "crc"})
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"A2.3", "enter", "1", "0", "2", "enter")
        await pilot.pause()
        box_keys = [o.key for o in app.screen.session.guide.question("A2.3").choices]
    assert on_disk(path)["answers"]["A2.3"] == [box_keys[1], box_keys[9]]
