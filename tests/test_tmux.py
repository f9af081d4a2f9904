"""The real `carag` in a real terminal (tmux): from `carag new` to a saved answer."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from support import pane_shows, tmux

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_new_case_then_answer_in_a_real_terminal(tmp_path: Path, carag_home: Path) -> None:
    carag = [sys.executable, "-m", "carag_tui.cli"]
    env = f"CARAG_HOME={shlex.quote(str(carag_home))} TERM=xterm-256color"
    made = subprocess.run(
        [*carag, "new", "TMUX-1", "--guide", "unpaid-work-2019", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    path = Path(made.stdout.strip())
    assert path == tmp_path / "TMUX-1.toml"
    session = f"carag-test-{time.monotonic_ns()}"
    command = f"cd {shlex.quote(str(Path.cwd()))} && env {env} " + " ".join(
        shlex.quote(part) for part in [*carag, "open", str(path)]
    )
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
    try:
        screen = pane_shows(session, "Which organisation manages the case?")
        assert "TMUX-1" in screen
        assert "CARaG guidance" in screen
        # Typed ahead in one burst: each key must land on its own question, in order.
        tmux("send-keys", "-t", session, "1", "y", "n")
        pane_shows(session, "U1.2")
        # The file is written straight after the next question is drawn.
        expected = {"org": "crc", "other_requirements": "yes", "U1.1": "no"}
        deadline = time.monotonic() + 5
        while (
            answers := tomllib.loads(path.read_text())["answers"]
        ) != expected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert answers == expected
        tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and session in tmux("list-sessions"):
            time.sleep(0.2)
        assert session not in tmux("list-sessions")
    finally:
        tmux("kill-session", "-t", session)
    assert not (tmp_path / ".TMUX-1.toml.lock").exists()
