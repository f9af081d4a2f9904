"""The README's 80x24 screen ("A case, on screen") is what `carag open` draws in a real
terminal for the bundled case it names, line for line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support import Terminal

REPO = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def readme_screen() -> list[str]:
    """The first text block after the README's "A case, on screen" heading."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A case, on screen", 1)[1]
    block = re.search(r"```text\n(.*?)```", section, re.DOTALL)
    assert block, "no ```text block under 'A case, on screen'"
    return block.group(1).rstrip("\n").split("\n")


def test_the_readme_shows_the_screen_as_drawn(tmp_path: Path, carag_home: Path) -> None:
    shown = readme_screen()
    reference = re.match(r"\s*(\S+)", shown[0])
    assert reference, shown[0]
    case = tmp_path / f"{reference.group(1)}.toml"
    shutil.copy(REPO / "cases" / case.name, case)
    with Terminal(["open", str(case)], home=carag_home) as term:
        term.shows("^p palette")
        screen = term.screen()
    drawn = [line.rstrip() for line in screen.rstrip("\n").split("\n")]
    assert drawn == [line.rstrip() for line in shown]
