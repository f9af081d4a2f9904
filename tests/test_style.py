"""The house style holds: `ruff check` and `ruff format --check` (configured in pyproject.toml)
find nothing, and no module of carag_tui passes 400 lines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MAX_LINES = 400


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "."],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("args", [("check",), ("format", "--check")], ids=["check", "format"])
def test_ruff_finds_nothing(args: tuple[str, ...]) -> None:
    done = ruff(*args)
    assert done.returncode == 0, done.stdout + done.stderr  # "No module named ruff": pip


def test_no_module_passes_400_lines() -> None:
    sizes = {
        str(path.relative_to(REPO)): len(path.read_text(encoding="utf-8").splitlines())
        for path in (REPO / "carag_tui").rglob("*.py")
    }
    assert sizes, "no module found"
    over = {name: lines for name, lines in sizes.items() if lines > MAX_LINES}
    assert not over, f"split these (more than {MAX_LINES} lines): {over}"


def test_the_walk_styles_read_with_the_app_reach_only_the_walk() -> None:
    """walk.tcss is loaded with the app's CSS (the walk can be the first screen): each of its
    rules must be scoped to `WalkScreen`."""
    text = (REPO / "carag_tui" / "tui" / "screens" / "walk.tcss").read_text(encoding="utf-8")
    selectors = [
        part.strip()
        for line in text.splitlines()
        if line.rstrip().endswith("{") and not line.startswith((" ", "\t"))
        for part in line.rstrip()[:-1].split(",")
    ]
    assert selectors, "no rule found"
    assert [s for s in selectors if not s.startswith("WalkScreen")] == []
