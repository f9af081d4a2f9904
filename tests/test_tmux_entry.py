"""Heads-down entry in a real terminal (tmux, 80x24): keys in bursts, as a paste or a laggy
SSH link delivers them, each land where the user meant them."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from support import Terminal, marked, sgr_runs, wait_until

from carag_tui.case.lock import lock_path
from tests.tui.helpers import make_case

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def answers(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("answers", {})


def test_go_to_typed_in_one_burst_lands_on_the_question(tmp_path: Path, carag_home: Path) -> None:
    path = make_case(tmp_path, "BURST-1", "case-supervision-2019", {"org": "crc"})
    with Terminal(["open", str(path)], home=carag_home) as term:
        term.shows("BURST-1")
        term.type("gA3.2\ryn")  # go to A3.2, answer it yes, the next one no: one write
        wait_until(lambda: answers(path).get("A3.3") == "no", "A3.3 answered no")
        assert answers(path) == {"org": "crc", "A3.2": "yes", "A3.3": "no"}
        assert "No question" not in term.screen()


def test_new_case_dialog_gets_the_keys_typed_while_it_opens(
    tmp_path: Path, carag_home: Path
) -> None:
    folder = tmp_path / "cases"
    make_case(folder, "OLD-1", "unpaid-work-2019", unit="Dorset")
    with Terminal(["workspace", str(folder)], home=carag_home) as term:
        term.shows("OLD-1")
        term.type("nNEW-7\t\tDevon\rA. Name\r")
        made = folder / "NEW-7.toml"
        wait_until(made.exists, "NEW-7.toml created")
        term.shows("NEW-7")
        case = tomllib.loads(made.read_text(encoding="utf-8"))
        assert case["case"] == "NEW-7"
        assert (case["unit"], case["assessor"]) == ("Devon", "A. Name")


def config(home: Path, text: str) -> None:
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text(text, encoding="utf-8")


def colours(screen: str) -> set[str]:
    return {colour for _, _, colour in sgr_runs(screen) if colour}


def test_no_color_draws_no_colour_and_marks_with_reverse(tmp_path: Path, carag_home: Path) -> None:
    folder = tmp_path / "cases"
    make_case(folder, "MONO-1", "case-supervision-2019", {"org": "crc"})
    make_case(folder, "MONO-2", "case-supervision-2019", {"org": "nps"})
    with Terminal(["workspace", str(folder)], home=carag_home, env={"NO_COLOR": "1"}) as term:
        term.shows("MONO-2")
        wait_until(
            lambda: any(
                "MONO-1" in text  # the cursor row
                for text in marked(term.screen(escapes=True), 7)
            ),
            "the cursor row reversed",
        )
        assert colours(term.screen(escapes=True)) == set()
        term.press("Enter")
        term.shows("What type of sentence")
        wait_until(lambda: marked(term.screen(escapes=True), 4), "the option underlined")
        assert colours(term.screen(escapes=True)) == set()
        term.press("o")
        term.shows("— gap —")
        wait_until(
            lambda: any(
                "sentence" in text  # opens at the question on screen
                for text in marked(term.screen(escapes=True), 7)
            ),
            "the current question highlighted",
        )
        assert colours(term.screen(escapes=True)) == set()
        term.press("Escape")
        term.shows("j Next")  # the walk's footer
        term.press("q")
        term.shows("MONO-2")
        term.press("r")
        term.shows("Inspection results")
        report = term.screen(escapes=True)
        assert colours(report) == set()


def test_an_empty_no_color_is_ignored(tmp_path: Path, carag_home: Path) -> None:
    folder = tmp_path / "cases"
    make_case(folder, "COL-1", "unpaid-work-2019")
    with Terminal(["workspace", str(folder)], home=carag_home, env={"NO_COLOR": ""}) as term:
        term.shows("COL-1")
        assert len(colours(term.screen(escapes=True))) > 3  # the colour theme, not greys


@pytest.mark.parametrize("term_name", ["vt100", "vt220", "dumb"])
def test_terminals_that_cannot_run_the_app_get_plain_mode(
    tmp_path: Path, carag_home: Path, term_name: str
) -> None:
    path = make_case(tmp_path, "VT-1", "unpaid-work-2019")
    with Terminal(["open", str(path)], home=carag_home, env={"TERM": term_name}) as term:
        screen = term.shows("Which organisation manages the case?")
        term.shows(">")  # plain mode's prompt, not the full-screen app
        assert f"TERM='{term_name}' cannot run the full-screen app: plain mode" in screen
        assert "\x1b[?1049h" not in term.screen(escapes=True)
        term.type("1\r")
        wait_until(lambda: answers(path).get("org") == "crc", "org answered")


def test_plain_brief_leaves_the_guidance_out(tmp_path: Path, carag_home: Path) -> None:
    path = make_case(tmp_path, "BR-1", "unpaid-work-2019", {"org": "crc"})
    config(carag_home, "plain_brief = true\n")
    with Terminal(["open", "--plain", str(path)], home=carag_home) as term:
        screen = term.shows("guidance left out")
        assert "Inspectors" not in screen


def test_the_mouse_is_not_tracked_unless_asked(tmp_path: Path, carag_home: Path) -> None:
    path = make_case(tmp_path, "MS-1", "unpaid-work-2019")
    with Terminal(["open", str(path)], home=carag_home) as term:
        term.shows("Which organisation")
        assert tmux_mouse(term) == "0"
    assert not lock_path(path).exists()  # carag has ended and let go of the case
    config(carag_home, "mouse = true\n")
    with Terminal(["open", str(path)], home=carag_home) as term:
        term.shows("Which organisation")
        wait_until(lambda: tmux_mouse(term) == "1", "mouse tracking on")


def tmux_mouse(term: Terminal) -> str:
    """Whether the program in the pane asked for mouse reports (tmux's mouse_any_flag)."""
    from support import tmux

    return tmux("display-message", "-p", "-t", term.session, "#{mouse_any_flag}").strip()


def test_an_empty_workspace_says_how_to_start(tmp_path: Path, carag_home: Path) -> None:
    with Terminal(["workspace", str(tmp_path / "none")], home=carag_home) as term:
        term.shows("press n to start one")
        assert "carag demo" in term.screen()


def test_the_linux_console_gets_the_characters_its_font_has(
    tmp_path: Path, carag_home: Path
) -> None:
    from carag_tui.tui.console_glyphs import GLYPHS

    path = make_case(tmp_path, "LX-1", "case-supervision-2019", {"org": "crc"})
    with Terminal(["open", str(path)], home=carag_home, env={"TERM": "linux"}) as term:
        screen = term.shows("What type of sentence")
        term.press("o")
        screen += term.shows("— gap —".translate(GLYPHS))
    not_in_the_font = {chr(k) for k, v in GLYPHS.items() if v != chr(k)}
    assert not {char for char in screen if char in not_in_the_font}, screen
    assert "│" in screen and "─" in screen  # borders still drawn


def footer_line(term: Terminal) -> str:
    """The bottom line of the pane: the walk's footer."""
    lines = term.screen().rstrip("\n").split("\n")
    return lines[-1] if lines else ""


def footer_shows(term: Terminal, *texts: str, timeout: float = 60.0) -> str:
    """Wait until the footer shows every one of `texts`; the footer as it was then."""
    wait_until(
        lambda: all(text in footer_line(term) for text in texts),
        f"the footer showing {texts} (it showed {footer_line(term)!r})",
        timeout,
    )
    return footer_line(term)


def test_footer_of_a_typed_question_in_and_out_of_its_field(
    tmp_path: Path, carag_home: Path
) -> None:
    path = make_case(tmp_path, "TYPED-1", "case-supervision-2019", {"org": "crc"})
    with Terminal(["open", str(path)], home=carag_home) as term:
        term.shows("TYPED-1")
        term.type("gD2.7\r")  # a number, typed in its field
        term.shows("total number of contacts")
        shown = footer_shows(term, "⏎ Save answer", "esc Leave field", "F1 Help")
        assert "? Help" not in shown and "k Prev" not in shown
        term.press("Escape")  # out of the field: letters go back into it
        shown = footer_shows(term, "⏎ Answer", "↑ Prev", "↓ Next", "F1 Help")
        assert not [t for t in ("k Prev", "j Next", "? Help", "Save answer") if t in shown]
        term.type("7")  # as the footer says: typed into the field
        footer_shows(term, "⏎ Save answer")
        term.press("Enter")
        wait_until(lambda: answers(path).get("D2.7") == 7, "D2.7 saved as 7")


def test_leave_and_help_stay_in_the_footer_at_60x20(tmp_path: Path, carag_home: Path) -> None:
    path = make_case(
        tmp_path, "SMALL-1", "unpaid-work-2019", {"org": "crc", "other_requirements": "no"}
    )
    with Terminal(["open", str(path)], home=carag_home, width=60, height=20) as term:
        shown = footer_shows(term, "q Leave", "? Help")  # on a yes/no question
        assert "y Yes" in shown
        term.press("o")  # and back: the footer is built again, still with both
        term.shows("— gap —", timeout=60)
        term.press("Escape")
        footer_shows(term, "q Leave", "? Help")


def test_a_summary_judgement_footer_shows_weigh_whole_at_80_columns(
    tmp_path: Path, carag_home: Path
) -> None:
    answers_given = {"org": "crc", "other_requirements": "no"}
    answers_given |= {f"U1.{n}": "yes" for n in range(1, 5)}
    path = make_case(tmp_path, "SJ-1", "unpaid-work-2019", answers_given)
    with Terminal(["open", str(path)], home=carag_home) as term:
        term.shows("SUMMARY JUDGEMENT")  # resumes at U1S
        shown = footer_shows(term, "w Weigh ↓", "q Leave", "? Help")
        assert "palette" not in shown  # its hint gave way at a summary below 90 columns
        term.press("y")  # the next question: the hint is back
        term.shows("U2.1")
        footer_shows(term, "^p palette")
