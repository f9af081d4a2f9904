"""SVG snapshots of the reviewer's walk and the adjudication view at 80x24 and 120x40.

Update after an intended change of layout:
pytest tests/tui/test_qa_snapshots.py --snapshot-update
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from carag_tui.case.store import load_case, save_case
from carag_tui.config import Config
from carag_tui.guide.registry import catalogue
from carag_tui.qa import edits
from carag_tui.tui.app import make_app

from .helpers import make_case

SIZES = [(80, 24), (120, 40)]
AT = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
ANSWERS = {
    "org": "crc",
    "other_requirements": "no",
    "U1.1": "yes",
    "U1.2": "no",
    "U1.3": "yes",
    "U1.4": "yes",
    "U1S": "yes",
}


def assessed(
    folder: Path, ref: str, changes: dict[str, str] | None = None, assessor: str = "A. Inspector"
) -> Path:
    path = make_case(folder, ref, "unpaid-work-2019", {**ANSWERS, **(changes or {})})
    path.write_text(
        path.read_text(encoding="utf-8").replace('"A. Inspector"', f'"{assessor}"'),
        encoding="utf-8",
    )
    casefile = load_case(path)
    guide = catalogue().get("unpaid-work-2019")
    casefile.set_note(guide, "U1.2", "The plan is generic: no mention of childcare.")
    save_case(casefile, touch=False)
    return path


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_walk(snap_compare, tmp_path: Path, size) -> None:
    path = assessed(tmp_path, "DDC-0042")
    guide = catalogue().get("unpaid-work-2019")
    edits.save_edit(
        path,
        lambda c: edits.open_query(
            c, guide, "U1.2", "Evidence for this? The plan is generic", "L. Lead", at=AT
        ),
    )
    app = make_app(review=[path], config=Config(assessor="L. Lead"))
    assert snap_compare(app, press=["j"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_adjudication(snap_compare, tmp_path: Path, size) -> None:
    first = assessed(tmp_path / "a", "DDC-0042")
    second = assessed(tmp_path / "b", "DDC-0042", {"U1.2": "yes", "U1S": "no"}, "B. Second")
    app = make_app(
        adjudicate=(first, second, tmp_path / "agreed.toml"), config=Config(assessor="L. Lead")
    )
    assert snap_compare(app, terminal_size=size)
