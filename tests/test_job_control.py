"""The terminal going away, and ctrl+z / `fg`, in a real terminal (tmux).

A closed pane sends carag SIGHUP and SIGCONT together; Textual took the SIGCONT for `fg` and
started the terminal again, and the hang-up's shutdown then hung now and then (one close in
three to six with the mouse on), leaving carag running and the case locked
(`carag_tui/tui/job_control.py`).
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest
from support import Terminal, pane_shows, process_alive, tmux, wait_until

from carag_tui.case.lock import lock_path
from tests.tui.helpers import make_case

REPO = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def state(pid: int) -> str:
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().rpartition(")")[2].split()[0]


def mouse_on(home: Path) -> None:
    (home / "config").mkdir(exist_ok=True)
    (home / "config" / "config.toml").write_text("mouse = true\n", encoding="utf-8")


def test_a_sigcont_with_no_stop_before_it_starts_nothing(tmp_path: Path, carag_home: Path) -> None:
    path = make_case(tmp_path, "JC-1", "unpaid-work-2019")
    with Terminal(["open", str(path)], home=carag_home) as term:
        term.shows("Which organisation")
        before = threads(term.pid)
        os.kill(term.pid, signal.SIGCONT)  # as a hang-up sends it
        term.press("o")  # taken after the signal: the overview opens
        term.shows("Back")
        assert threads(term.pid) == before  # no second output and input thread


def test_stopped_then_fg_draws_the_screen_again_and_takes_keys(
    tmp_path: Path, carag_home: Path
) -> None:
    """`kill -TSTP` (ctrl+z is undo in the walk) stops carag; the shell's `fg` brings it back."""
    path = make_case(tmp_path, "JC-2", "unpaid-work-2019")
    session = f"carag-jobs-{time.monotonic_ns()}"
    shell = f"env CARAG_HOME={shlex.quote(str(carag_home))} TERM=xterm-256color PS1='$ ' "
    tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "80",
        "-y",
        "24",
        shell + "bash --norc --noprofile -i",
    )
    try:
        command = [sys.executable, "-m", "carag_tui.cli", "open", str(path)]
        tmux(
            "send-keys",
            "-t",
            session,
            "-l",
            f"cd {shlex.quote(str(REPO))} && " + " ".join(map(shlex.quote, command)),
        )
        tmux("send-keys", "-t", session, "Enter")
        pane_shows(session, "Which organisation")
        pid = int(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").strip())
        children = Path(f"/proc/{pid}/task/{pid}/children")  # of the shell: carag
        carag = int(children.read_text(encoding="ascii").split()[0])
        os.kill(carag, signal.SIGTSTP)
        pane_shows(session, "Stopped")
        tmux("send-keys", "-t", session, "-l", "fg")
        tmux("send-keys", "-t", session, "Enter")
        wait_until(
            lambda: (
                "Which organisation" in tmux("capture-pane", "-p", "-t", session)
                and state(carag) != "T"
            ),
            "the question drawn again",
        )
        tmux("send-keys", "-t", session, "1")  # crc: the walk takes keys again
        wait_until(lambda: 'org = "crc"' in path.read_text(encoding="utf-8"), "the answer saved")
        tmux("send-keys", "-t", session, "q")
        wait_until(lambda: not process_alive(carag), "carag left")
    finally:
        tmux("kill-session", "-t", session)


@pytest.mark.parametrize("round_", range(12))
def test_closing_the_terminal_always_ends_carag(
    tmp_path: Path, carag_home: Path, round_: int
) -> None:
    path = make_case(tmp_path, "JC-3", "unpaid-work-2019")
    mouse_on(carag_home)  # mouse reports on: the shutdown has more to write, the hang likelier
    term = Terminal(["open", str(path)], home=carag_home)
    term.shows("Which organisation")
    term.close()  # waits for carag to end (SIGKILL and a failure after 15 s)
    assert not process_alive(term.pid)
    assert not lock_path(path).exists()
