"""Shared fixtures: every test runs with its own user folders and a fresh guide catalogue."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from attrs import frozen

from carag_tui.guide.registry import catalogue

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep the user's config, guides and cases out of every test (and ./cases out of cwd)."""
    home = tmp_path_factory.mktemp("carag-home")
    monkeypatch.setenv("CARAG_HOME", str(home))
    monkeypatch.setenv("TZ", "UTC")  # dates shown in local time read the same everywhere
    time.tzset()
    monkeypatch.delenv("CARAG_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    catalogue.cache_clear()
    yield home
    catalogue.cache_clear()


@pytest.fixture
def carag_home(isolated_user_dirs) -> Path:
    """The folder CARAG_HOME points at for this test."""
    return isolated_user_dirs


@pytest.fixture
def guides():
    """The bundled guides, by id, as the app loads them."""
    return catalogue().guides


@frozen
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def carag(capsys) -> Callable[..., Result]:
    """Run `carag ARGS…` in this process; returns exit code, stdout and stderr."""
    from carag_tui.cli import main

    def run(*args: str | os.PathLike) -> Result:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def carag_process() -> Callable[..., Result]:
    """Run `python -m carag_tui.cli ARGS…` as a real process (for end-to-end checks)."""

    def run(*args: str | os.PathLike, cwd: Path | None = None) -> Result:
        env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
        done = subprocess.run(
            [sys.executable, "-m", "carag_tui.cli", *map(str, args)],
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
            timeout=120,
            check=False,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture(autouse=True)
def keys_then_saves_settle(monkeypatch):
    """After each key a test presses, wait for the save writer's thread (`case/writer.py`) to
    write what the key saved, as a person at the keyboard would see it a moment later; tests
    that look at the disk right after a key stay exact. `keys_do_not_wait_for_saves` undoes
    this for the tests of the writer itself."""
    import asyncio

    from textual.pilot import Pilot

    from carag_tui.case.writer import save_writer

    press = Pilot.press

    async def press_and_settle(self, *keys: str) -> None:
        writer = save_writer()
        before = writer.written
        await press(self, *keys)
        if not writer.wait_idle(0):
            assert await asyncio.to_thread(writer.wait_idle, 60), "a save never ended"
        if writer.written != before:
            await self.pause()  # the screen hears of the write

    monkeypatch.setattr(Pilot, "press", press_and_settle)
    yield press


@pytest.fixture
def keys_do_not_wait_for_saves(keys_then_saves_settle, monkeypatch):
    from textual.pilot import Pilot

    monkeypatch.setattr(Pilot, "press", keys_then_saves_settle)
