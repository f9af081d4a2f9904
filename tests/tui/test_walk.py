"""Walking whole cases by keys, checking the file on disk after each step."""

from __future__ import annotations

import os
from pathlib import Path

from textual import events
from textual.widgets import Static

from carag_tui.case.lock import lock_path
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.overview import OverviewScreen
from carag_tui.tui.screens.walk import WalkScreen
from carag_tui.tui.widgets.weigh import WeighPanel

from .helpers import keys_handled, make_case, on_disk

UW_DETAILS = {"org": "crc", "other_requirements": "no"}


async def test_unpaid_work_case_walked_by_keys(tmp_path: Path) -> None:
    """One key per yes/no answer; every answer on disk at once; skipped U2.4 never shown."""
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019")
    app = make_app(case_path=path)
    seen: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, WalkScreen)
        assert screen.qid == "org"
        await pilot.press("1")  # org: crc
        assert on_disk(path)["answers"]["org"] == "crc"
        await pilot.press("n")  # other requirements: no -> U2.4 no longer applies
        assert on_disk(path)["answers"]["other_requirements"] == "no"
        keys = 0
        while isinstance(app.screen, WalkScreen):
            qid = app.screen.qid
            seen.append(qid)
            question = app.screen.question
            key = "a" if "na" in question.choice_keys and len(seen) % 5 == 0 else "y"
            await pilot.press(key)
            keys += 1
            assert on_disk(path)["answers"][qid] == {"y": "yes", "a": "na"}[key]
        assert "U2.4" not in seen
        assert isinstance(app.screen, OverviewScreen)  # the end of the walk
        assert keys == len(seen)  # one key per answered question
        await pilot.press("c")
        await pilot.pause()
        assert on_disk(path)["status"] == "complete"
        await pilot.press("q")
        await pilot.pause()
    assert not lock_path(path).exists()
    assert "U2.4" not in on_disk(path)["answers"]


async def test_resumes_at_first_unanswered_question(tmp_path: Path) -> None:
    path = make_case(tmp_path, "CR-1", "court-reports-2020")
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "1", "y", "y")
        answered = list(on_disk(path)["answers"])
        await pilot.press("q")
        await pilot.pause()
    assert len(answered) == 4
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)):
        walk = app.screen.session.walk
        assert app.screen.qid == walk.first_unanswered().id
        assert app.screen.qid not in answered


async def test_note_is_edited_in_place_and_saved(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-2", "unpaid-work-2019", UW_DETAILS)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.qid == "U1.1"
        await pilot.press("e")
        await pilot.press(*"Seen in the UPW induction form")
        await pilot.press("enter", *"second line")
        await pilot.press("y")  # typed into the note, not an answer
        assert "U1.1" not in on_disk(path)["answers"]
        await pilot.press("escape")
        await pilot.pause()
        assert on_disk(path)["notes"]["U1.1"] == "Seen in the UPW induction form\nsecond liney\n"
        await pilot.press("y")
        assert on_disk(path)["answers"]["U1.1"] == "yes"
    text = path.read_text()
    assert '"U1.1" = """\nSeen in the UPW induction form\nsecond liney\n"""' in text


async def test_summary_judgement_shows_what_to_weigh(tmp_path: Path) -> None:
    answers = {**UW_DETAILS, "U1.1": "yes", "U1.2": "no", "U1.3": "yes", "U1.4": "yes"}
    path = make_case(tmp_path, "UW-3", "unpaid-work-2019", answers)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)):
        screen = app.screen
        assert screen.qid == "U1S"
        panel = screen.query_one(WeighPanel)
        assert panel.display
        rendered = str(panel.query_one("#weigh-text", Static).render())
        assert "Prompt-linked: 3 Yes · 1 No" in rendered  # counted by label, as in plain mode
        assert "  Yes  U1.1 U1.3 U1.4\n" in rendered
        assert "  No   U1.2\n" in rendered


async def test_changed_answer_says_what_stopped_applying(tmp_path: Path) -> None:
    answers = {
        "org": "crc",
        "other_requirements": "yes",
        "U1.1": "yes",
        "U1.2": "yes",
        "U1.3": "yes",
        "U1.4": "yes",
        "U1S": "yes",
        "U2.1": "yes",
        "U2.2": "yes",
        "U2.3": "yes",
        "U2.4": "yes",
    }
    path = make_case(tmp_path, "UW-4", "unpaid-work-2019", answers)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"other_requirements", "enter")
        assert app.screen.qid == "other_requirements"
        await pilot.press("n")
        status = str(app.screen.query_one("#status").render())
        assert (
            "U2.4 no longer applies, because other_requirements is No; its answer is kept" in status
        )
    assert on_disk(path)["answers"]["U2.4"] == "yes"  # kept in the file


async def test_typed_and_several_choice_answers(tmp_path: Path) -> None:
    path = make_case(tmp_path, "CS-1", "case-supervision-2019", {"org": "nps"})
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"A2.3", "enter")
        assert app.screen.qid == "A2.3"
        await pilot.press("1", "8", "8", "2", "enter")  # tick, tick, untick, tick, confirm
        assert on_disk(path)["answers"]["A2.3"] == ["attitudes", "family_and_relationships"]
        await pilot.press("g", *"D2.7", "enter")
        await pilot.press(*"14", "enter")
        assert on_disk(path)["answers"]["D2.7"] == 14
        await pilot.press("g", *"D2.8", "enter")
        await pilot.press(*"two", "enter")
        assert "D2.8" not in on_disk(path)["answers"]
        assert "whole number" in str(app.screen.query_one("#status").render())


async def test_locked_case_opens_read_only(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-5", "unpaid-work-2019")
    before = path.read_bytes()
    holder = {
        "user": "someone",
        "host": os.uname().nodename,
        "pid": os.getppid(),
        "time": "2026-11-23T09:00:00+00:00",
    }
    import json
    import socket

    holder["host"] = socket.gethostname()
    lock_path(path).write_text(json.dumps(holder))
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "open by someone" in str(app.screen.query_one("Static").render())
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert app.screen.session.read_only
        await pilot.press("1")
        assert "Read-only" in str(app.screen.query_one("#status").render())
    assert path.read_bytes() == before
    assert lock_path(path).exists()  # someone else's lock is left alone


async def test_a_file_that_cannot_be_edited_says_so_and_takes_no_answer(
    tmp_path: Path, monkeypatch
) -> None:
    """The walk shows first and readies the file after; where tomlkit refuses it, the
    status line says why and answers are not taken."""
    import carag_tui.case.document as document
    from carag_tui.problems import Problem, ProblemsError

    path = make_case(tmp_path, "UW-6", "unpaid-work-2019")
    before = path.read_bytes()

    def refuse(text: str, where: Path):
        raise ProblemsError([Problem(where, "cannot be edited: tomlkit disagrees", 3)])

    monkeypatch.setattr(document, "parse_document", refuse)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.qid == "org"
        status = str(app.screen.query_one("#status").render())
        assert "tomlkit disagrees" in status and "read-only" in status
        await pilot.press("1")
        assert app.screen.qid == "org"  # not recorded, so not moved on
        assert not lock_path(path).exists()
    assert path.read_bytes() == before


async def test_excluding_answer_ends_the_walk(tmp_path: Path) -> None:
    path = make_case(tmp_path, "YR-1", "youth-resettlement-2022")
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        question = app.screen.question
        index = next(i for i, o in enumerate(question.options) if o.excludes)
        await pilot.press(str(index + 1))
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
    data = on_disk(path)
    assert data["status"] == "excluded"
    assert list(data["answers"]) == ["C1"]


async def test_filling_the_last_gap_offers_to_mark_complete(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-6", "unpaid-work-2019", UW_DETAILS)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")  # leave U1.1 as a gap and answer the rest
        while app.screen.qid != "U1.1":
            await pilot.press("y")
        assert isinstance(app.screen, WalkScreen)  # the walk came back to the gap
        await pilot.press("y")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("c")
        await pilot.pause()
    assert on_disk(path)["status"] == "complete"


async def test_w_pages_through_what_to_weigh_on_a_small_screen(tmp_path: Path) -> None:
    answers = {
        "report_type": "oral",
        "allocated_to": "crc",
        **{f"R1.{n}": "yes" for n in range(3, 12)},
    }
    path = make_case(tmp_path, "CR-9", "court-reports-2020", answers)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert screen.qid == "R1S"
        panel = screen.query_one(WeighPanel)
        await pilot.pause()
        assert panel.max_scroll_y > 0  # more than fits at 80x24
        tops = []
        for _ in range(6):
            tops.append(panel.scroll_y)
            await pilot.press("w")
            await pilot.pause()
        assert tops[1] > tops[0] == 0  # a page further
        assert 0 in tops[1:]  # past the last page, back to the first
        assert screen.qid == "R1S"  # paging answers nothing
        assert "R1S" not in on_disk(path)["answers"]


async def test_ctrl_q_right_after_an_answer_and_mid_note_keeps_both(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-7", "unpaid-work-2019", UW_DETAILS)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y", "e", *"seen on file", "ctrl+q")  # U1.1 answered, U1.2 noted
        await pilot.pause()
    data = on_disk(path)
    assert data["answers"]["U1.1"] == "yes"
    assert data["notes"]["U1.2"].strip() == "seen on file"
    assert not lock_path(path).exists()


async def test_keys_typed_after_leaving_do_nothing(tmp_path: Path) -> None:
    """`q` then more keys in one burst (e.g. a word typed into the wrong place): the case is
    left, the rest fall on nothing."""
    path = make_case(tmp_path, "UW-8", "unpaid-work-2019", UW_DETAILS)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in "question":  # q leaves; u, e (note), s, t, i, o, n come after
            app.post_message(events.Key(key, key))  # in one burst, as a terminal sends them
        await pilot.pause()
    assert app.return_code == 0
    assert on_disk(path)["answers"] == UW_DETAILS
    assert "notes" not in on_disk(path) or on_disk(path)["notes"] == {}
    assert not lock_path(path).exists()


async def test_the_overview_says_why_each_skipped_question_does_not_apply(tmp_path: Path) -> None:
    from textual.widgets import OptionList

    path = make_case(tmp_path, "UW-9", "unpaid-work-2019", UW_DETAILS)
    app = make_app(case_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o", "s")
        options = app.screen.query_one(OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    [line] = [line for line in lines if "U2.4" in line]
    assert "skipped\n" in line and "because other_requirements is No, org is " in line


async def test_keys_typed_after_enter_on_a_choice_land_on_the_next_questions(
    tmp_path: Path,
) -> None:
    """Enter on the highlighted option, then answers typed ahead in one burst: the choice box
    says what was chosen as a message, and the keys after it wait for the walk to take it."""
    path = make_case(tmp_path, "UW-10", "unpaid-work-2019")
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.qid == "org"
        await pilot.press("down")  # highlight the second option
        for key, char in (("enter", "\r"), ("y", "y"), ("n", "n")):
            app.post_message(events.Key(key, char))  # in one burst, as a terminal sends them
        await keys_handled(pilot)
        assert app.screen.qid == "U1.2"
    assert on_disk(path)["answers"] == {"org": "nps", "other_requirements": "yes", "U1.1": "no"}


async def test_ticked_options_confirmed_by_enter_then_keys_typed_ahead(tmp_path: Path) -> None:
    path = make_case(tmp_path, "CS-2", "case-supervision-2019", {"org": "nps"})
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"A2.3", "enter")
        following = app.screen.walk.next("A2.3")
        for key, char in (("1", "1"), ("2", "2"), ("enter", "\r"), ("j", "j")):
            app.post_message(events.Key(key, char))
        await pilot.pause()
        assert app.screen.qid == app.screen.walk.next(following.id).id  # j after moving on
    assert on_disk(path)["answers"]["A2.3"] == ["attitudes", "family_and_relationships"]
