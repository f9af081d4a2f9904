"""Pilot: the reviewer's walk (agree, query, close, approve, return) and adjudication."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

from textual.widgets import Input, Static

from carag_tui.case.editing import apply_answer
from carag_tui.case.review_record import ReviewState, read_queries, review_state
from carag_tui.case.store import load_case, read_case, read_case_data, save_case
from carag_tui.case.synthetic import write_case
from carag_tui.config import Config
from carag_tui.guide.registry import catalogue
from carag_tui.qa import edits
from carag_tui.qa.second import blind_copy
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.adjudicate import AdjudicationScreen
from carag_tui.tui.screens.review import ReviewScreen

GUIDE = "unpaid-work-2019"


def complete_case(folder: Path, ref: str, seed: int = 1) -> Path:
    path = write_case(
        folder, ref, catalogue().get(GUIDE), random.Random(seed), overrides={"org": "crc"}
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace('"Demo Inspector"', '"A. Inspector"'),
        encoding="utf-8",
    )
    return path


def shown(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


def state(path: Path) -> ReviewState:
    return review_state(*read_case_data(path))


async def test_review_walk_query_then_approve(tmp_path: Path) -> None:
    path = complete_case(tmp_path, "UW-1")
    app = make_app(review=[path], config=Config(assessor="L. Lead"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        text = shown(app)
        assert "UW-1" in text and "AWAITING REVIEW" in text and "agreed 0/" in text
        assert "Case details" in text  # the facts of the case come first
        await pilot.press("j")
        text = shown(app)
        assert "SUMMARY JUDGEMENT" in text and "U1S" in text and "U1.1" in text
        await pilot.press("a")  # agree with U1: on to U2
        assert screen.pages[screen.page].id == "U2"
        assert "agreed 1/" in shown(app)
        await pilot.press("k")
        await pilot.press("u")  # a query: on which question (default: the summary)?
        field = app.screen.query_one(Input)
        assert field.value == "U1S"
        field.value = "U1.1"
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one(Input).value = "Evidence for this? The plan is generic"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert read_queries(tomllib.loads(path.read_text()))["U1.1"].state == "open"
        assert "? query (open) L. Lead: Evidence for this?" in shown(app)
        await pilot.press("A")  # blocked by the open query
        await pilot.pause()
        assert "open query (U1.1)" in shown(app)
        assert state(path) is ReviewState.AWAITING
        # the assessor replies (as the walk would), the reviewer sees it and closes it
        edits.save_edit(
            path, lambda c: edits.reply_query(c, "U1.1", "Seen in the May plan", "A. Inspector")
        )
        screen.load(keep_page=True)
        await pilot.pause()
        assert "reply (A. Inspector): Seen in the May plan" in shown(app)
        await pilot.press("c")
        await pilot.pause()
        assert not read_queries(tomllib.loads(path.read_text()))["U1.1"].is_open
        await pilot.press("A")
        await pilot.pause()
        assert state(path) is ReviewState.APPROVED
        assert "APPROVED" in shown(app)
        await pilot.press("q")
    assert tomllib.loads(path.read_text())["review"]["by"] == "L. Lead"


async def test_review_walk_returns_and_moves_on(tmp_path: Path) -> None:
    one, two = complete_case(tmp_path, "UW-1", 1), complete_case(tmp_path, "UW-2", 2)
    app = make_app(review=[one, two], config=Config(assessor="L. Lead"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "case 1 of 2" in shown(app)
        await pilot.press("R")
        await pilot.pause()
        app.screen.query_one(Input).value = "Answer U3.1 again"
        await pilot.press("enter")
        await pilot.pause()
        assert state(one) is ReviewState.RETURNED
        assert tomllib.loads(one.read_text())["review"]["reason"] == "Answer U3.1 again"
        assert "case 2 of 2" in shown(app) and "UW-2" in shown(app)
        assert "Returned to A. Inspector" in shown(app)


async def test_reviewer_cannot_approve_own_case(tmp_path: Path) -> None:
    path = complete_case(tmp_path, "UW-1")
    app = make_app(review=[path], config=Config(assessor="A. Inspector"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert "approved by someone else" in shown(app)
    assert state(path) is ReviewState.AWAITING


async def test_adjudication_picks_and_writes_the_agreed_case(tmp_path: Path) -> None:
    first = complete_case(tmp_path / "a", "UW-1")
    copy = blind_copy(first, "B. Second", tmp_path / "b").path
    guide = catalogue().get(GUIDE)
    casefile = load_case(copy)
    for qid, value in read_case(first).answers.items():
        if qid in ("U1.1", "U3.2"):
            value = {"yes": "no", "no": "yes"}[value]
        apply_answer(casefile, guide, qid, value)
    save_case(casefile)
    out = tmp_path / "agreed.toml"
    app = make_app(adjudicate=(first, copy, out), config=Config(assessor="L. Lead"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AdjudicationScreen)
        text = shown(app)
        assert "0/2 differences picked" in text and "U1.1" in text
        assert "A (A. Inspector)" in text and "B (B. Second)" in text
        await pilot.press("w")
        assert "Pick A or B first at U1.1, U3.2" in shown(app)
        await pilot.press("b")  # U1.1: B's answer; on to U3.2
        assert screen.diffs[screen.current].question.id == "U3.2"
        await pilot.press("a")
        assert "Every difference picked" in shown(app)
        await pilot.press("w")
        await pilot.pause()
        assert "Agreed case written" in shown(app)
    agreed = read_case(out)
    assert agreed.answers["U1.1"] == read_case(copy).answers["U1.1"]
    assert agreed.answers["U3.2"] == read_case(first).answers["U3.2"]


async def test_assessor_sees_the_query_in_the_walk_and_replies(tmp_path: Path) -> None:
    path = complete_case(tmp_path, "UW-1")
    guide = catalogue().get(GUIDE)
    edits.save_edit(
        path,
        lambda c: edits.open_query(
            c, guide, "U1.2", "Evidence for this? The plan is generic", "L. Lead"
        ),
    )
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.qid = "U1.1"
        await pilot.pause()
        assert "Query (open) from L. Lead" not in shown(app)
        await pilot.press("r")  # no query here: nothing happens
        assert app.screen is screen
        screen.qid = "U1.2"
        await pilot.pause()
        assert "Query (open) from L. Lead: Evidence for this? The plan is generic" in shown(app)
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one(Input).value = "Seen in the plan of 3 May"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "Your reply: Seen in the plan of 3 May" in shown(app)
        assert "Reply saved on U1.2" in shown(app)
        await pilot.press("q")
        await pilot.pause()
    query = read_queries(tomllib.loads(path.read_text()))["U1.2"]
    assert query.state == "answered" and query.reply_by == "A. Inspector"


async def test_an_answer_changed_in_the_app_makes_the_approval_stale(tmp_path: Path) -> None:
    path = complete_case(tmp_path, "UW-1")
    edits.save_edit(path, lambda c: edits.approve(c, catalogue().get(GUIDE), "L. Lead"))
    before = read_case(path).answers["U1.1"]
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.qid = "U1.1"
        await pilot.pause()
        await pilot.press("n" if before == "yes" else "y")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert read_case(path).answers["U1.1"] != before
    assert state(path) is ReviewState.STALE


async def test_workspace_shows_review_states_and_filters_awaiting_review(tmp_path: Path) -> None:
    from carag_tui.tui.screens.workspace import WorkspaceScreen
    from carag_tui.tui.widgets.case_list import CaseList

    folder = tmp_path / "cases"
    approved, stale = complete_case(folder, "UW-1", 1), complete_case(folder, "UW-2", 2)
    complete_case(folder, "UW-3", 3)
    write_case(folder, "UW-4", catalogue().get(GUIDE), random.Random(4), share=0.3)
    for path in (approved, stale):
        edits.save_edit(path, lambda c: edits.approve(c, catalogue().get(GUIDE), "L. Lead"))
    casefile = load_case(stale)
    apply_answer(
        casefile,
        catalogue().get(GUIDE),
        "U1.1",
        {"yes": "no", "no": "yes"}[casefile.case.answers["U1.1"]],
    )
    save_case(casefile)
    app = make_app(workspace=folder, config=Config(assessor="L. Lead"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one(CaseList)
        status = {
            str(table.get_row_at(i)[0]): str(table.get_row_at(i)[3]) for i in range(table.row_count)
        }
        assert status == {
            "UW-1": "approved",
            "UW-2": "stale",
            "UW-3": "to review",
            "UW-4": "in_progress",
        }
        assert "2 to review" in str(screen.query_one("#workspace-head").render())
        await pilot.press("v")
        assert sorted(str(table.get_row_at(i)[0]) for i in range(table.row_count)) == [
            "UW-2",
            "UW-3",
        ]
        assert "awaiting review only" in str(screen.query_one("#status").render())
        await pilot.press("R")  # the reviewer's walk on the highlighted case
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("v")
        assert table.row_count == 4
