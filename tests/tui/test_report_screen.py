"""The report screen: the annex table for the workspace, following cases as they change."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from carag_tui.tui.app import make_app
from carag_tui.tui.screens.report import ReportScreen, report_renderable

from .helpers import make_case

UW = {
    "org": "crc",
    "other_requirements": "no",
    "U1.1": "yes",
    "U1.2": "yes",
    "U1.3": "yes",
    "U1.4": "yes",
}


def text_of(renderable) -> str:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


async def test_report_screen_shows_scores_ratings_and_units(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    make_case(folder, "UW-1", "unpaid-work-2019", {**UW, "U1S": "yes"}, unit="Dorset")
    make_case(folder, "UW-2", "unpaid-work-2019", {**UW, "U1S": "no"}, unit="Devon")
    app = make_app(workspace=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("r")
        assert isinstance(app.screen, ReportScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        body = text_of(report_renderable(screen_report(screen)))
        assert "4.1.1" in body and "1/2" in body and "50%" in body
        assert "Requires improvement" in body
        assert "Dorset" in body and "Devon" in body and "100%" in body and "0%" in body
        # Follows the cases: the second case's judgement changes, the report is redrawn.
        make_case(folder, "UW-3", "unpaid-work-2019", {**UW, "U1S": "yes"}, unit="Devon")
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "2/3" in text_of(report_renderable(screen_report(screen)))
        await pilot.press("escape")
        assert not isinstance(app.screen, ReportScreen)


def screen_report(screen: ReportScreen):
    return screen.last_report


def test_the_screen_counts_cases_in_the_words_of_the_text_report(tmp_path: Path) -> None:
    """The screen used to say "2 incomplete" where every format says "2 in progress"."""
    from carag_tui.report import build_report
    from carag_tui.report.render_text import render_text

    folder = tmp_path / "cases"
    make_case(folder, "UW-1", "unpaid-work-2019", {**UW, "U1S": "yes"})
    make_case(folder, "UW-2", "unpaid-work-2019", {"org": "crc"})
    report = build_report([folder])
    screen = " ".join(text_of(report_renderable(report)).split())
    text = " ".join(render_text(report).split())
    summary = "2 cases: 0 complete, 2 in progress, 0 excluded"
    assert summary in screen and summary in text
    assert "Incomplete cases (2): chase before the figures are final" in screen
    assert "Incomplete cases (2): chase before the figures are final" in text
