"""Helpers shared by the fault and terminal tests: child processes, scripted stdin, tmux."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from carag_tui.case.store import load_case, save_case
from carag_tui.guide.registry import catalogue

REPO = Path(__file__).resolve().parent.parent


def fault_loops(default: int) -> int:
    """Rounds of a kill loop: `default`, or CARAG_FAULT_LOOPS when set."""
    return int(os.environ.get("CARAG_FAULT_LOOPS") or default)


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}


def listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def edit_elsewhere(path: Path, qid: str, value: str) -> None:
    """Someone else's change to the file (another editor, a `git pull`)."""
    casefile = load_case(path)
    casefile.set_answer(catalogue().get(casefile.case.guide), qid, value)
    save_case(casefile)


def dead_pid() -> int:
    """The pid of a process of ours that has already ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(done.stdout)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return pid
    pytest.skip(f"pid {pid} was reused at once")


class Child:
    """A process whose output is collected as it comes, to wait for a line or a prompt."""

    def __init__(self, argv: list[str], *, stdin: bool = False) -> None:
        self.process = subprocess.Popen(
            argv, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=child_env(), cwd=Path.cwd(),
        )
        self.output = b""
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        while chunk := self.process.stdout.read1(65536):
            with self._lock:
                self.output += chunk

    @property
    def text(self) -> str:
        with self._lock:
            return self.output.decode("utf-8", "replace")

    def wait_for(self, found: Callable[[str], bool] | str, timeout: float = 60.0) -> str:
        check = found if callable(found) else (lambda text: found in text)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text
            if check(text):
                return text
            if self.process.poll() is not None:
                self._reader.join(5)
                if check(self.text):
                    return self.text
                break
            time.sleep(0.01)
        raise AssertionError(f"never saw {found!r}; the process said:\n{self.text}")

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((line + "\n").encode())
        self.process.stdin.flush()

    def finish(self, timeout: float = 60.0) -> tuple[int, str]:
        code = self.process.wait(timeout)
        self._reader.join(5)
        return code, self.text

    def kill(self) -> str:
        self.process.kill()
        self.process.wait(60)
        self._reader.join(5)
        return self.text


class Script:
    """stdin giving `lines`; `before[i]` runs just before line i is read (inside the read)."""

    def __init__(self, lines: list[str],
                 before: dict[int, Callable[[], None]] | None = None) -> None:
        self.lines, self.before, self.read = list(lines), before or {}, 0

    def readline(self) -> str:
        hook = self.before.pop(self.read, None)
        if hook is not None:
            hook()
        if self.read >= len(self.lines):
            return ""
        self.read += 1
        return self.lines[self.read - 1] + "\n"

    def isatty(self) -> bool:
        return False


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def pane_shows(session: str, text: str, timeout: float = 30.0) -> str:
    """Wait until the tmux pane shows `text`; the screen as it was then."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared on screen:\n{screen}")
