"""The walk's footer at 80x24 shows the keys that work on the question on screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Footer

from carag_tui.tui.app import make_app

from .helpers import make_case


def footer(app) -> dict[str, bool]:
    """The footer's keys as drawn: its description, and whether it is shown dimmed."""
    keys = app.screen.query_one(Footer).query("FooterKey")
    return {key.description: key.has_class("-disabled") for key in keys}


async def test_footer_of_a_yes_no_an_option_and_a_typed_question(tmp_path: Path) -> None:
    path = make_case(tmp_path, "CS-1", "case-supervision-2019", {"org": "crc"})
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.question.answer.value == "choice"  # an option question
        shown = footer(app)
        assert not {"Yes", "No", "N/A", "Weigh ↓", "Answer"} & set(shown)
        assert {"Find", "Leave", "Help"} <= set(shown)

        await pilot.press("g", *"A1.1", "enter")  # yes / no, no 'not applicable'
        await pilot.pause()
        shown = footer(app)
        assert shown["Yes"] is False and shown["No"] is False
        assert shown["N/A"] is True  # dimmed: no such answer here (a says why)
        assert {"Leave", "Help"} <= set(shown)
        assert not {"Weigh ↓", "Answer", "Find"} & set(shown)

        await pilot.press("g", *"D2.7", "enter")  # a typed answer, its field focused
        await pilot.pause()
        shown = footer(app)
        assert not {"Yes", "No", "N/A", "Leave", "Overview", "Note"} & set(shown)
        await pilot.press("escape")  # out of the field: Enter goes back into it
        await pilot.pause()
        shown = footer(app)
        assert shown.get("Answer") is False
        assert "Help" in shown
        # y n a q o e type into the field from here: not offered as commands
        assert not {"Yes", "No", "N/A", "Leave", "Overview", "Note"} & set(shown)
