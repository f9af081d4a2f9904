"""Practice examples marked in the walk (one key, `p`) and in plain mode (`example good`)."""

from __future__ import annotations

import io
from pathlib import Path

from carag_tui.case.store import load_case, read_case, save_case
from carag_tui.guide.registry import catalogue
from carag_tui.plain.run import run_plain
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.walk import WalkScreen

from .helpers import make_case, on_disk


def with_note(path: Path, qid: str, text: str) -> None:
    casefile = load_case(path)
    casefile.set_note(catalogue().get(casefile.case.guide), qid, text)
    save_case(casefile)


async def test_p_cycles_good_poor_none_on_a_note(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-1", "unpaid-work-2019")
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, WalkScreen) and screen.qid == "org"
        await pilot.press("p")  # no note yet: nothing is marked
        await pilot.pause()
        assert "examples" not in on_disk(path)
        await pilot.press("q")
        await pilot.pause()
    with_note(path, "org", "Clear record of the organisation.")
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        await pilot.pause()
        assert on_disk(path)["examples"] == {"org": "good"}
        await pilot.press("p")
        await pilot.pause()
        assert on_disk(path)["examples"] == {"org": "poor"}
        await pilot.press("p")
        await pilot.pause()
        assert on_disk(path)["examples"] == {}
        await pilot.press("q")
        await pilot.pause()
    assert on_disk(path)["notes"]["org"].strip() == "Clear record of the organisation."


class Script:
    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)

    def readline(self) -> str:
        return self.lines.pop(0) + "\n" if self.lines else ""


def test_plain_mode_example_word(tmp_path: Path) -> None:
    path = make_case(tmp_path, "UW-2", "unpaid-work-2019")
    out = io.StringIO()
    run_plain(
        path,
        stdin=Script(["example good", "note Good contact.", "example good", "quit"]),
        stdout=out,
    )
    text = " ".join(out.getvalue().split())
    assert "Not marked: write a note on org first" in text
    assert "The note on org is a good practice example." in text
    assert read_case(path).examples == {"org": "good"}
