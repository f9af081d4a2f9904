"""Keys in a burst (all sent before the app handles the first) land where they were meant."""

from __future__ import annotations

from pathlib import Path

from textual import events

from carag_tui.tui.app import make_app

from .helpers import keys_handled, make_case, on_disk

NAMED = {"\r": ("enter", None), "\t": ("tab", None)}


async def burst(pilot, keys: str) -> None:
    """Every key of `keys` handed to the app at once; then wait until all are handled."""
    app = pilot.app
    for char in keys:
        key, character = NAMED.get(char, (char, char))
        if key == "." or not (key.isalnum() or key in ("enter", "tab")):
            key = {".": "full_stop", "-": "minus", " ": "space"}[key]
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)
    await keys_handled(pilot)


async def test_go_to_in_one_burst(tmp_path: Path) -> None:
    path = make_case(tmp_path, "B-1", "case-supervision-2019", {"org": "crc"})
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "gA3.2\ryn")
        assert on_disk(path)["answers"] == {"org": "crc", "A3.2": "yes", "A3.3": "no"}


async def test_new_case_dialog_in_one_burst(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    make_case(folder, "OLD-1", "unpaid-work-2019", unit="Dorset")
    app = make_app(workspace=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await burst(pilot, "nNEW-7\t\tDevon\rA. Name\r")
        made = folder / "NEW-7.toml"
        assert made.exists()
        assert (on_disk(made)["unit"], on_disk(made)["assessor"]) == ("Devon", "A. Name")
