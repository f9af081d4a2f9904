"""Undo in the walk, and the typed-answer field after Esc: letters go back into it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from carag_tui.case.session import CaseSession
from carag_tui.tui.app import make_app

from .helpers import make_case, on_disk

UW = {"org": "crc", "other_requirements": "yes"}


def test_the_session_undoes_answers_and_notes_several_steps_deep(tmp_path: Path) -> None:
    path = make_case(tmp_path, "U-1", "unpaid-work-2019", UW)
    session = CaseSession(path)
    session.set_answer("U1.1", "yes")
    session.set_answer("U1.1", "no")
    session.set_note("U1.1", "seen the file")
    session.set_answer("U1.2", "yes")
    session.save()
    assert [session.undo().qid for _ in range(3)] == ["U1.2", "U1.1", "U1.1"]
    session.save()
    assert on_disk(path)["answers"] == {**UW, "U1.1": "yes"}
    assert "U1.1" not in on_disk(path).get("notes", {})
    step = session.undo()
    assert step is not None and step.before is None
    assert session.undo() is None  # back to the start
    session.save()
    assert on_disk(path)["answers"] == UW
    session.close()


async def test_u_takes_back_the_last_answers_and_x_is_undoable(tmp_path: Path) -> None:
    path = make_case(tmp_path, "U-2", "unpaid-work-2019", UW)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.qid == "U1.1"
        await pilot.press("y", "n")
        assert app.screen.qid == "U1.3"
        await pilot.press("u")
        assert app.screen.qid == "U1.2"
        await pilot.press("u")
        assert app.screen.qid == "U1.1"
        await pilot.pause()
        assert on_disk(path)["answers"] == UW
        await pilot.press("y", "k", "x")  # answer, back, clear it: one `u` brings it back
        await pilot.pause()
        assert "U1.1" not in on_disk(path)["answers"]
        assert "u undoes" in str(app.screen.query_one("#status").render())
        await pilot.press("u")
        await pilot.pause()
        assert on_disk(path)["answers"]["U1.1"] == "yes"


async def test_after_esc_in_a_typed_field_letters_go_back_into_it(tmp_path: Path) -> None:
    path = make_case(tmp_path, "U-3", "case-supervision-2019", {"org": "crc"})
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"D2.7", "enter")
        assert app.screen.qid == "D2.7"
        field = app.screen.query_one("#typed", Input)
        await pilot.press("1", "escape")
        assert not field.has_focus
        assert "back into the answer" in str(app.screen.query_one("#status").render())
        await pilot.press("2", "x", "q", "o")  # not: clear, leave, overview
        assert app.screen.qid == "D2.7"
        assert field.has_focus and field.value == "12xqo"
        await pilot.press("escape", "enter")  # Enter goes back in too
        assert field.has_focus
        await pilot.press(*["backspace"] * 3, "enter")
        await pilot.pause()
        assert on_disk(path)["answers"]["D2.7"] == 12


async def test_d_corrects_the_unit_assessor_and_reference(tmp_path: Path) -> None:
    path = make_case(tmp_path, "U-4", "unpaid-work-2019", UW, unit="Dorset")
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d", *"Devon", "enter", *"B. Inspector", "enter")
        await pilot.pause()
        assert (on_disk(path)["unit"], on_disk(path)["assessor"]) == ("Devon", "B. Inspector")
        assert "unit: Dorset → Devon" in str(app.screen.query_one("#status").render())
        await pilot.press("d", "shift+tab", *"U-40", "ctrl+s")
        await pilot.pause()
        renamed = tmp_path / "U-40.toml"
        assert not path.exists() and on_disk(renamed)["case"] == "U-40"
        assert "U-40" in str(app.screen.query_one("#where").render())
        await pilot.press("y", "q")  # answers go on into the renamed file; leave
        await pilot.pause()
    assert on_disk(renamed)["answers"]["U1.1"] == "yes"
    assert not list(tmp_path.glob(".*lock*"))


async def test_m_jumps_to_the_next_gap_and_the_key_question_shows_whole(tmp_path: Path) -> None:
    path = make_case(tmp_path, "U-5", "case-supervision-2019", {"org": "crc"})
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *"A1.1", "enter", "y", "y", "g", *"A1.1", "enter", "m")
        assert app.screen.qid == "A1.3"
        where = str(app.screen.query_one("#where").render())
        assert where.replace("\n", " ").rstrip().endswith("engaging the service user?")


async def test_the_weigh_panel_marks_notes_and_w_is_in_the_footer(tmp_path: Path) -> None:
    from textual.widgets import Footer

    from carag_tui.case.store import load_case, save_case
    from carag_tui.guide.registry import catalogue

    path = make_case(
        tmp_path,
        "U-6",
        "unpaid-work-2019",
        {**UW, "U1.1": "yes", "U1.2": "no", "U1.3": "yes", "U1.4": "yes"},
    )
    casefile = load_case(path)
    casefile.set_note(catalogue().get("unpaid-work-2019"), "U1.2", "late")
    save_case(casefile)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.qid == "U1S"
        weigh = str(app.screen.query_one("#weigh-text").render())
        assert "U1.2✎" in weigh and "U1.1✎" not in weigh
        keys = {key.key for key in app.screen.query_one(Footer).query("FooterKey")}
        assert "w" in keys
        await pilot.press("y")  # on past the summary: `w` leaves the footer
        await pilot.pause()
        keys = {key.key for key in app.screen.query_one(Footer).query("FooterKey")}
        assert "w" not in keys


async def test_the_footer_keeps_leave_and_help_at_60x20(tmp_path: Path) -> None:
    from textual.widgets import Footer

    path = make_case(tmp_path, "U-7", "unpaid-work-2019", UW)
    app = make_app(case_path=path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        shown = {
            key.description: key.region for key in app.screen.query_one(Footer).query("FooterKey")
        }
        for key in ("Leave", "Help"):
            assert key in shown and shown[key].right <= 60, shown
