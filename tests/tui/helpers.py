"""Shared pieces for the app's tests: case files on disk and a way to read them back."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

from carag_tui.case.editing import new_case
from carag_tui.case.store import save_case
from carag_tui.guide.registry import catalogue

FIXED = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def make_case(folder: Path, ref: str, guide_id: str, answers: dict | None = None,
              unit: str | None = "Dorset") -> Path:
    """A case file with fixed timestamps (stable snapshots) and the given answers."""
    guide = catalogue().get(guide_id)
    casefile = new_case(folder, ref, guide, unit, "A. Inspector")
    for qid, value in (answers or {}).items():
        casefile.set_answer(guide, qid, value)
    casefile.case.created = FIXED
    casefile.doc["created"] = FIXED
    casefile.doc["updated"] = FIXED
    save_case(casefile, touch=False)
    return casefile.path


def on_disk(path: Path) -> dict:
    """The case file as TOML data, read fresh from disk."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


async def keys_handled(pilot) -> None:
    """Wait until every key handed to the app (a burst) has been handled."""
    for _ in range(200):
        await pilot.pause()
        if not getattr(pilot.app, "keys_pending", False):
            break
    await pilot.pause()
