"""Helpers shared by the fault and terminal tests: child processes, scripted stdin, tmux."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from carag_tui.case.editing import new_case
from carag_tui.case.store import load_case, save_case
from carag_tui.guide.registry import catalogue

REPO = Path(__file__).resolve().parent.parent


UPW = "unpaid-work-2019"
#: The fixed time `make_case(…, fixed_times=True)` stamps, for stable snapshots.
FIXED = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def make_case(
    folder: Path,
    ref: str = "C1",
    guide_id: str = UPW,
    answers: dict[str, Any] | None = None,
    unit: str | None = None,
    assessor: str | None = None,
    *,
    fixed_times: bool = False,
) -> Path:
    """A real case file made as `carag new` makes it, with `answers` set and saved: the one
    way every test makes a case (`fixed_times` pins created/updated for snapshots)."""
    guide = catalogue().get(guide_id)
    casefile = new_case(folder, ref, guide, unit, assessor)
    for qid, value in (answers or {}).items():
        casefile.set_answer(guide, qid, value)
    if fixed_times:
        casefile.case.created = FIXED
        casefile.doc["created"] = FIXED
        casefile.doc["updated"] = FIXED
    if answers or fixed_times:
        save_case(casefile, touch=not fixed_times)
    return casefile.path


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
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
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
            argv,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=child_env(),
            cwd=Path.cwd(),
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

    def __init__(
        self, lines: list[str], before: dict[int, Callable[[], None]] | None = None
    ) -> None:
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


class Terminal:
    """`carag ARGS…` in a tmux pane of `width`×`height`; keys go in as the pty would get them."""

    def __init__(
        self,
        args: list[str],
        *,
        home: Path,
        width: int = 80,
        height: int = 24,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        import shlex

        self.session = f"carag-test-{time.monotonic_ns()}"
        settings = {"CARAG_HOME": str(home), "TERM": "xterm-256color", **(env or {})}
        assigned = " ".join(f"{k}={shlex.quote(v)}" for k, v in settings.items())
        unset = "" if "NO_COLOR" in settings else "-u NO_COLOR "
        command = (
            f"cd {shlex.quote(str(cwd or Path.cwd()))} && exec env {unset}{assigned} "
            f"PYTHONPATH={shlex.quote(str(REPO))} "
            + " ".join(shlex.quote(p) for p in [sys.executable, "-m", "carag_tui.cli", *args])
        )
        tmux("new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), command)
        #: carag's process (the pane runs it with `exec`): `close` waits for it to end.
        pid = tmux("display-message", "-p", "-t", self.session, "#{pane_pid}").strip()
        self.pid = int(pid) if pid.isdigit() else 0  # 0: it has ended already

    def shows(self, text: str, timeout: float = 30.0) -> str:
        return pane_shows(self.session, text, timeout)

    def screen(self, *, escapes: bool = False) -> str:
        return tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", self.session)

    def type(self, keys: str) -> None:
        """`keys` in one write to the pty, as a paste or a laggy link delivers them."""
        tmux("send-keys", "-t", self.session, "-l", keys)

    def press(self, *keys: str) -> None:
        tmux("send-keys", "-t", self.session, *keys)

    def running(self) -> bool:
        return self.session in tmux("list-sessions")

    def close(self, timeout: float = 15.0) -> None:
        """Close the pane (carag gets SIGHUP, as from a dropped link) and wait until carag has
        ended, so that no test leaves it running, holding its case's lock."""
        tmux("kill-session", "-t", self.session)
        deadline = time.monotonic() + timeout
        while process_alive(self.pid):
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                raise AssertionError(f"carag (pid {self.pid}) still ran {timeout} s after SIGHUP")
            time.sleep(0.05)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def process_alive(pid: int) -> bool:
    """Whether process `pid` still runs (a zombie, ended but not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_until(check: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Poll `check` until it holds (the file written, say), or fail saying `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


COLOUR_PARAMS = {*range(30, 38), 38, *range(40, 48), 48, *range(90, 98), *range(100, 108)}


def sgr_runs(screen: str) -> list[tuple[str, frozenset[int], str]]:
    """A `capture-pane -e` screen as runs of text, each with the SGR attributes it is drawn
    with (1 bold, 2 dim, 4 underline, 7 reverse …) and its colour codes ('' where none)."""
    import re

    runs: list[tuple[str, frozenset[int], str]] = []
    attrs: set[int] = set()
    colour: list[str] = []
    for part in re.split(r"(\x1b\[[0-9;:]*m)", screen):
        if not part.startswith("\x1b["):
            if part:
                runs.append((part, frozenset(attrs), ";".join(colour)))
            continue
        params = [p for p in part[2:-1].replace(":", ";").split(";")]
        index = 0
        while index < len(params):
            code = int(params[index] or 0)
            if code == 0:
                attrs.clear()
                colour.clear()
            elif code in (38, 48):  # 38;5;N or 38;2;R;G;B
                width = 3 if index + 1 < len(params) and params[index + 1] == "5" else 5
                colour.append(";".join(params[index : index + width]))
                index += width - 1
            elif code in COLOUR_PARAMS:
                colour.append(str(code))
            elif code in (39, 49):
                pass
            elif 20 <= code <= 29:
                attrs.discard({22: 1, 23: 3, 24: 4, 27: 7}.get(code, code - 20))
                if code == 22:
                    attrs.discard(2)
            else:
                attrs.add(code)
            index += 1
    return runs


def marked(screen: str, attr: int) -> list[str]:
    """The stretches of a `capture-pane -e` screen drawn with SGR attribute `attr`."""
    return [text for text, attrs, _ in sgr_runs(screen) if attr in attrs and text.strip()]


def toml_value(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)


def write_raw(
    folder: Path,
    ref: str,
    guide_id: str,
    answers: dict[str, object],
    *,
    status: str = "in_progress",
    unit: str | None = None,
) -> Path:
    """A case file written directly (fast): only the answers given."""
    folder.mkdir(parents=True, exist_ok=True)
    guide = catalogue().get(guide_id)
    lines = [
        "format = 1",
        f'guide = "{guide_id}"',
        f'guide_version = "{guide.version}"',
        f'case = "{ref}"',
        f'status = "{status}"',
        "created = 2026-01-05T09:00:00Z",
        "updated = 2026-01-05T09:00:00Z",
    ]
    if unit is not None:
        lines.append(f"unit = {json.dumps(unit)}")
    lines.append("[answers]")
    lines += [f'"{k}" = {toml_value(v)}' for k, v in answers.items()]
    path = folder / f"{ref}.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
