"""Shared pieces for the app's tests: case files on disk and a way to read them back."""

from __future__ import annotations

import tomllib
from pathlib import Path

from support import make_case as shared_make_case


def make_case(
    folder: Path, ref: str, guide_id: str, answers: dict | None = None, unit: str | None = "Dorset"
) -> Path:
    """The shared `support.make_case`, with the app tests' unit, assessor and fixed times."""
    return shared_make_case(folder, ref, guide_id, answers, unit, "A. Inspector", fixed_times=True)


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
