"""A walk key that does nothing on this question says why in the status line."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from carag_tui.guide.model import AnswerType
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.walk import WalkScreen
from carag_tui.tui.widgets.choice_box import ChoiceBox
from carag_tui.tui.widgets.weigh import WeighPanel

from .helpers import make_case, on_disk

UW_DETAILS = {"org": "crc", "other_requirements": "no"}


def status(app) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def test_y_n_on_an_option_question_say_it_takes_numbers(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019")
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.qid == "org"  # an option question
        await pilot.press("y")
        assert "org is answered with the numbered options, not y" in status(app)
        await pilot.press("n")
        assert "not n" in status(app)
        assert app.screen.qid == "org"
    assert "org" not in on_disk(path).get("answers", {})


async def test_a_digit_beyond_the_options_says_so(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019")
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("9")
        assert "No option 9" in status(app)
        assert app.screen.qid == "org"


async def test_a_where_there_is_no_not_applicable_says_so(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019", UW_DETAILS)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, WalkScreen)
        while screen.question.answer is not AnswerType.YES_NO:
            await pilot.press("j")
        qid = screen.qid
        await pilot.press("a")
        assert f"{qid} has no ‘not applicable’ answer" in status(app)
        assert screen.qid == qid


async def test_w_and_r_where_they_do_nothing_say_why(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019", UW_DETAILS)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        qid = app.screen.qid
        await pilot.press("w")
        assert f"w pages the answers to weigh at a summary judgement; {qid} is not one" in status(
            app
        )
        await pilot.press("r")
        assert f"r replies to a reviewer's query; there is none on {qid}" in status(app)
        await pilot.press("y")  # a key that works: no such word
        assert app.screen.qid != qid
        assert "numbered options" not in status(app) and "has no" not in status(app)


async def test_enter_out_of_the_options_on_an_unanswered_question_says_why(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019", UW_DETAILS)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        qid = app.screen.qid
        await pilot.press("escape", "enter")  # the option list left: Enter is the walk's
        assert f"Enter moves on from an answered question; {qid} has no answer yet" in status(app)
        assert app.screen.qid == qid


async def test_brackets_past_the_first_or_last_key_question_say_so(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019", UW_DETAILS)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("left_square_bracket")
        first = app.screen.qid
        await pilot.press("left_square_bracket")
        assert "This is the first key question." in status(app)
        assert app.screen.qid == first
        for _ in range(40):
            await pilot.press("right_square_bracket")
            if "last key question" in status(app):
                break
        assert "This is the last key question." in status(app)


async def test_editing_keys_in_a_read_only_case_say_why(tmp_path: Path) -> None:
    answers = {**UW_DETAILS, "U1.1": "yes"}
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019", answers)
    before = path.read_bytes()
    app = make_app(case_path=path, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"U1.1", "enter")
        await pilot.pause()
        assert app.screen.qid == "U1.1"
        said = {
            "x": "the answer cannot be cleared",
            "p": "practice examples cannot be marked",
            "u": "nothing to undo",
            "e": "notes cannot be changed",
            "d": "the details cannot be changed",
            "n": "the answer was not recorded",
        }
        for key, why in said.items():
            app.screen.set_status("")  # cleared of what the key before said
            await pilot.press(key)
            assert f"Read-only: {why}." in status(app), key
        assert app.screen.qid == "U1.1"
    assert path.read_bytes() == before  # nothing written


async def test_keys_on_a_typed_question_in_a_read_only_case_say_why(tmp_path: Path) -> None:
    path = make_case(tmp_path, "CS-1", "case-supervision-2019", {"org": "crc"})
    app = make_app(case_path=path, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"D2.7", "enter")  # a typed answer, no field to type in
        await pilot.pause()
        assert app.screen.qid == "D2.7"
        await pilot.press("y")
        assert "Read-only: the answer to D2.7 cannot be changed." in status(app)
        app.screen.set_status("")
        await pilot.press("enter")
        assert "D2.7 has no answer yet" in status(app)


async def test_a_digit_on_a_several_choice_question_in_a_read_only_case_says_why(
    tmp_path: Path,
) -> None:
    path = make_case(tmp_path, "CS-1", "case-supervision-2019", {"org": "crc"})
    app = make_app(case_path=path, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"A2.3", "enter")  # several choices
        await pilot.pause()
        assert app.screen.qid == "A2.3"
        await pilot.press("1")
        assert "Read-only: the answer was not recorded." in status(app)
        assert not app.screen.query_one(ChoiceBox).ticked  # nothing ticked on screen
        app.screen.set_status("")
        await pilot.press("space")  # the highlighted option
        await pilot.pause()
        assert "Read-only: the answer was not recorded." in status(app)
        assert not app.screen.query_one(ChoiceBox).ticked


async def test_w_where_everything_to_weigh_is_shown_says_so(tmp_path: Path) -> None:
    answers = {
        "report_type": "oral",
        "allocated_to": "crc",
        **{f"R1.{n}": "yes" for n in range(3, 12)},
    }
    path = make_case(tmp_path, "CR-9", "court-reports-2020", answers)
    app = make_app(case_path=path)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        assert app.screen.qid == "R1S"  # a summary judgement
        assert app.screen.query_one(WeighPanel).max_scroll_y == 0  # all of it fits
        await pilot.press("w")
        assert "Everything to weigh is shown" in status(app)
        assert app.screen.qid == "R1S"
