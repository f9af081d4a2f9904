"""The walk's footer at 80x24 shows the keys that work on the question on screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Footer

from carag_tui.tui.app import make_app

from .helpers import make_case, on_disk


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


def footer_keys(app) -> dict[str, str]:
    """The footer's keys as drawn: description -> the key shown for it."""
    keys = app.screen.query_one(Footer).query("FooterKey")
    return {key.description: key.key_display for key in keys}


async def test_footer_in_and_out_of_a_typed_field_offers_only_keys_that_work(
    tmp_path: Path,
) -> None:
    path = make_case(tmp_path, "CS-1", "case-supervision-2019", {"org": "crc"})
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"D2.7", "enter")  # a typed answer, its field focused
        await pilot.pause()
        shown = footer_keys(app)
        assert shown["Save answer"] == "⏎" and shown["Leave field"] == "esc"
        assert shown["Help"] == "F1"  # ? would type a question mark
        assert not {"Prev", "Next", "Leave", "Overview", "Note"} & set(shown)

        await pilot.press("escape")  # out of the field: printable keys go back into it
        await pilot.pause()
        shown = footer_keys(app)
        assert shown["Answer"] == "⏎"
        assert shown["Prev"] == "↑" and shown["Next"] == "↓"  # not k j: they would type
        assert shown["Help"] == "F1"
        assert not {"Save answer", "Leave field"} & set(shown)
        assert not any(len(key) == 1 and key.isalnum() for key in shown.values())
        for _ in range(4):  # Tab goes between the field and the question, the footer with it
            await pilot.press("tab")
            await pilot.pause()
            letters = [key for key in footer_keys(app).values() if len(key) == 1]
            assert not [key for key in letters if key.isalnum()], footer_keys(app)
        assert app.screen.typed_field_left() is not None  # out of the field again

        await pilot.press("k")  # as the footer says: it types, it does not move
        await pilot.pause()
        assert app.screen.qid == "D2.7"
        assert app.screen.query_one("#typed").value == "k"
        await pilot.press("escape", "up")  # and ↑ moves
        await pilot.pause()
        assert app.screen.qid != "D2.7"
        assert footer_keys(app)["Prev"] == "k"  # back on a question answered with keys
        assert footer_keys(app)["Help"] == "?"


async def test_in_a_typed_field_f1_opens_help_and_enter_saves(tmp_path: Path) -> None:
    path = make_case(tmp_path, "CS-1", "case-supervision-2019", {"org": "crc"})
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"D2.7", "enter")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press(*"3", "enter")  # what the footer says Enter does
        await pilot.pause()
    assert on_disk(path)["answers"]["D2.7"] == 3
