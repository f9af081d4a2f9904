"""In the walk: a summary judgement to review (status line, overview, weigh panel), the skipped
view's kept answers and reasons, `w` in the footer."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from textual.widgets._footer import FooterKey

from carag_tui.tui.app import make_app
from carag_tui.tui.screens.overview import OverviewScreen
from carag_tui.tui.widgets.weigh import WeighPanel

from .helpers import keys_handled, make_case, on_disk

U1 = {
    "org": "crc",
    "other_requirements": "no",
    "U1.1": "yes",
    "U1.2": "no",
    "U1.3": "yes",
    "U1.4": "yes",
}


def footer_keys(app) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey) if not key.disabled]


def status(app) -> str:
    return str(app.screen.query_one("#status", Static).render())


def overview_text(app) -> str:
    option_list = app.screen.query_one("#overview-list")
    return "\n".join(
        str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)
    )


async def test_a_summary_given_then_undermined_is_flagged_until_confirmed(tmp_path: Path) -> None:
    path = make_case(tmp_path, "JT-1", "unpaid-work-2019", U1)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.qid == "U1S"
        await pilot.pause()
        assert "Weigh ↓" in footer_keys(app)  # `w` pages what to weigh: in the footer here
        await pilot.press("y")  # the summary judgement, given on U1 as it stands
        await keys_handled(pilot)
        assert "U1S" in on_disk(path)["judged"]
        await pilot.pause()
        assert "Weigh ↓" not in footer_keys(app)  # not at a summary: not in the footer
        await pilot.press("g", *"U1.2", "enter")
        await pilot.press("y")  # U1.2 was No
        await keys_handled(pilot)
        assert "U1S to review" in status(app)
        await pilot.press("o")
        assert isinstance(app.screen, OverviewScreen)
        text = str(app.screen.query_one("#overview-head", Static).render()) + overview_text(app)
        assert "U1S to review" in text
        assert "Yes · to review" in overview_text(app)
        await pilot.press("escape")
        await pilot.press("g", *"U1S", "enter")
        weigh = str(app.screen.query_one(WeighPanel).query_one("#weigh-text", Static).render())
        assert weigh.startswith("U1S to review")
        await pilot.press("y")  # given again: confirmed
        await keys_handled(pilot)
        assert "U1S confirmed" in status(app)
        await pilot.press("o")
        assert "to review" not in overview_text(app)


async def test_the_skipped_view_wraps_the_reason_and_shows_the_kept_answer(tmp_path: Path) -> None:
    answers = {"org": "crc", "other_requirements": "no", "U2.4": "yes"}
    path = make_case(tmp_path, "JT-3", "unpaid-work-2019", answers)
    app = make_app(case_path=path)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.press("o", "s")
        text = overview_text(app)
        line = next(i for i, each in enumerate(text.splitlines()) if "U2.4" in each)
        lines = text.splitlines()
        assert "skipped · kept answer: Yes" in lines[line]
        reason = " ".join(each.strip() for each in lines[line + 1 : line + 4])
        assert "because other_requirements is No" in reason
        assert "…" not in "\n".join(lines[line : line + 3])  # wrapped, not cut


def test_the_weigh_panel_shows_option_labels_not_keys() -> None:
    from carag_tui.case.flow import Walk
    from carag_tui.guide.registry import catalogue
    from carag_tui.tui.widgets.weigh import weigh_text

    guide = catalogue().get("court-reports-2020")
    walk = Walk(
        guide,
        {
            "report_type": "standard_delivery",
            "allocated_to": "nps",
            "R2.12": "yes",
            "R2.14": "yes",
            "R2.15": "yes",
            "R2.16": "low",
        },
    )
    text = str(weigh_text(walk, guide.key_question_of(guide.question("R2S"))))
    label = guide.question("R2.16").label_for("low")
    assert label != "low" and f"R2.16   {label}" in text and f"1 {label}" in text
    assert " low " not in text
