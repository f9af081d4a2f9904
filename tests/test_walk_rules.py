"""The walk's rules, kept once in `carag_tui/case/` (going to a question, where an answer leads,
the outline, what to weigh, marking complete), and the app and plain mode acting on them alike."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from support import Script, make_case

from carag_tui.case.flow import Walk
from carag_tui.case.navigation import after_answer, find_question, move_on, normalise_id
from carag_tui.case.outline import outline
from carag_tui.case.store import read_case
from carag_tui.case.weigh import to_weigh
from carag_tui.guide.registry import catalogue
from carag_tui.plain import run_plain
from carag_tui.tui.app import make_app

UPW = "unpaid-work-2019"
#: A whole unpaid-work case run by the CRC with no other requirements (U2.4 does not apply).
WHOLE = {
    "org": "crc",
    "other_requirements": "no",
    **{
        q: "yes"
        for q in (
            "U1.1",
            "U1.2",
            "U1.3",
            "U1.4",
            "U1S",
            "U2.1",
            "U2.2",
            "U2.3",
            "U2S",
            "U3.1",
            "U3.2",
            "U3.3",
            "U3.4",
            "U3.5",
            "U3.6",
            "U3.7",
            "U3S",
        )
    },
}


def walk_of(answers: dict[str, str]) -> Walk:
    return Walk(catalogue().get(UPW), answers)


def plain(path: Path, lines: list[str]) -> str:
    out = io.StringIO()
    run_plain(path, stdin=Script(lines), stdout=out)
    return out.getvalue()


def headers(output: str) -> list[str]:
    return [
        line[1:].split(" ·")[0].removesuffix(" *")
        for line in output.splitlines()
        if line.startswith("[")
    ]


# -- the core ---------------------------------------------------------------------------------


def test_a_typed_id_is_found_whatever_its_spaces_and_case() -> None:
    walk = walk_of({"org": "crc", "other_requirements": "no"})
    assert normalise_id(" u1. 2 ") == "u1.2"
    for typed in ("U1.2", "u1.2", " u1. 2 ", "U 1 . 2"):
        found = find_question(walk, typed)
        assert found.question is not None and found.question.id == "U1.2", typed


def test_an_unknown_id_gets_the_closest_and_a_skipped_one_its_reason() -> None:
    walk = walk_of({"org": "crc", "other_requirements": "no"})
    missing = find_question(walk, "U1.22")
    assert missing.question is None
    assert missing.problem == "No question 'U1.22' in unpaid-work-2019; did you mean 'U1.2'?"
    skipped = find_question(walk, "u2.4")
    assert skipped.question is None
    assert skipped.problem.startswith("U2.4 does not apply to this case (")
    assert (
        "other_requirements is No, org is Community rehabilitation company (CRC)" in skipped.problem
    )


def test_an_answer_leads_to_the_next_question_in_order_even_when_answered() -> None:
    walk = walk_of(WHOLE)
    following = after_answer(walk, "U1.1", was_complete=True)
    assert following is not None and following.id == "U1.2"
    assert move_on(walk, "U3S") is None  # the end of a complete walk


def test_past_the_last_question_an_answer_leads_to_the_first_gap() -> None:
    answers = {**WHOLE}
    del answers["U1.3"]
    walk = walk_of(answers)
    following = after_answer(walk, "U3S", was_complete=False)
    assert following is not None and following.id == "U1.3"


def test_the_answer_that_fills_the_last_gap_ends_the_walk() -> None:
    answers = {**WHOLE}
    del answers["U1.3"]
    assert not walk_of(answers).complete
    assert after_answer(walk_of(WHOLE), "U1.3", was_complete=False) is None


def test_the_outline_groups_by_key_question_and_can_show_the_skipped() -> None:
    walk = walk_of({"org": "crc", "other_requirements": "no", "U1.1": "no"})
    sections = outline(walk)
    assert [s.key_question.id for s in sections] == [k.id for k in walk.key_questions()]
    first_prompts = next(s for s in sections if any(r.question.id == "U1.1" for r in s.rows))
    assert first_prompts.heading.endswith("› " + first_prompts.key_question.label)
    row = next(r for r in first_prompts.rows if r.question.id == "U1.1")
    assert row.label == "No" and row.applies
    assert all(r.question.id != "U2.4" for s in sections for r in s.rows)
    with_skipped = [r for s in outline(walk, skipped=True) for r in s.rows]
    skipped = next(r for r in with_skipped if r.question.id == "U2.4")
    assert not skipped.applies and skipped.label is None
    assert len(with_skipped) == len(catalogue().get(UPW).questions)


def test_what_to_weigh_is_grouped_and_counted_by_label() -> None:
    guide = catalogue().get(UPW)
    walk = walk_of(
        {"org": "crc", "other_requirements": "no", "U1.1": "yes", "U1.2": "no", "U1.3": "yes"}
    )
    groups = to_weigh(walk, guide.key_question_of(guide.question("U1S")))
    assert [g.title for g in groups] == ["Prompt-linked"]
    prompts = groups[0]
    assert prompts.counts() == [("Yes", 2), ("No", 1)]
    assert prompts.by_answer() == [("Yes", ["U1.1", "U1.3"]), ("No", ["U1.2"]), ("—", ["U1.4"])]
    assert prompts.unanswered == 1


# -- both front ends ---------------------------------------------------------------------------


def test_plain_goes_on_after_changing_an_answer_in_a_finished_walk(tmp_path: Path) -> None:
    """Plain mode used to end the walk here (no gap left after U1.2); now it goes on to U1.3,
    as the app does."""
    path = make_case(tmp_path, answers=WHOLE)
    output = plain(path, ["goto u1. 2", "n", "q"])
    assert headers(output) == ["U3S", "U1.2", "U1.3"]
    assert "Mark the case complete?" not in output
    assert read_case(path).answers["U1.2"] == "no"


async def test_the_app_goes_on_after_changing_an_answer_in_a_finished_walk(tmp_path: Path) -> None:
    path = make_case(tmp_path, answers=WHOLE)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.qid == "U3S"
        await pilot.press("g", *" u1. 2", "enter")
        assert app.screen.qid == "U1.2"
        await pilot.press("n")
        assert app.screen.qid == "U1.3"
    assert read_case(path).answers["U1.2"] == "no"


@pytest.mark.parametrize("typed", ["U2.4", "nonsense"])
async def test_goto_says_the_same_in_both_front_ends(tmp_path: Path, typed: str) -> None:
    path = make_case(tmp_path, answers={"org": "crc", "other_requirements": "no"})
    problem = find_question(walk_of({"org": "crc", "other_requirements": "no"}), typed).problem
    assert " ".join(problem.split()) in " ".join(plain(path, [f"goto {typed}", "q"]).split())
    app = make_app(case_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", *typed, "enter")
        assert str(app.screen.query_one("#goto-error").render()) == problem


async def test_the_overview_refuses_to_mark_an_unfinished_case_complete(tmp_path: Path) -> None:
    path = make_case(tmp_path, answers={"org": "crc"})
    app = make_app(case_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o", "c")
        assert "18 applicable questions are unanswered: other_requirements, U1.1" in " ".join(
            n.message for n in app._notifications
        )
    assert read_case(path).status == "in_progress"


async def test_the_app_marks_a_finished_case_complete_through_the_session(tmp_path: Path) -> None:
    answers = {**WHOLE}
    del answers["U3S"]
    path = make_case(tmp_path, answers=answers)
    app = make_app(case_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.screen.qid == "U3S"
        await pilot.press("y")  # the last gap: the overview offers to mark complete
        await pilot.press("c")
        await pilot.pause()
    assert read_case(path).status == "complete"
