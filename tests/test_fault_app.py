"""Faults met by the app: killed mid-save, connection lost mid-note, the file changed on disk
while the case is open, a full disk, merge-conflict markers, a lock left by a dead process.

The kill loop runs a few rounds by default; CARAG_FAULT_LOOPS=N runs N rounds instead.
"""

from __future__ import annotations

import errno
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support import REPO, Child, dead_pid, edit_elsewhere, fault_loops, listing, pane_shows, tmux
from support import make_case as shared_make_case
from textual.widgets import Static

from carag_tui.case.lock import lock_path, read_lock
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.walk import WalkScreen
from carag_tui.tui.screens.workspace import WorkspaceScreen
from carag_tui.tui.widgets.case_list import CaseList

UPW = "unpaid-work-2019"

pytestmark = pytest.mark.faults


def make_case(folder: Path, ref: str = "A-1", answers: dict | None = None) -> Path:
    return shared_make_case(folder, ref, UPW, answers)


def on_disk(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def status_line(app) -> str:
    return str(app.screen.query_one("#status", Static).render())


def notices(app) -> str:
    return " ".join(n.message for n in app._notifications)


# -- SIGKILL while answering -----------------------------------------------------------------

# The app, headless, answering the case by keys; after each answer whose save has returned it
# prints the question and the answer. Questions already answered are passed over, so each is
# answered once. It prints "end" when the walk is over.
APP_CHILD = r"""
import asyncio, json, random, sys
from pathlib import Path
from carag_tui.guide.model import AnswerType
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.walk import WalkScreen

async def main():
    rng = random.Random(int(sys.argv[2]))
    app = make_app(case_path=Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, WalkScreen), screen
        print("ready", flush=True)
        while app.screen is screen:
            question = screen.question
            if screen.walk.answer(question.id) is not None:
                await pilot.press("j")
                if screen.question is question:
                    break
                continue
            if question.answer is AnswerType.CHOICE:
                key = rng.choice("12")
            elif question.answer is AnswerType.YES_NO_NA:
                key = rng.choice("yna")
            else:
                key = rng.choice("yn")
            await pilot.press(key)
            if not screen.session.unsaved:
                value = screen.session.case.answers[question.id]
                print("saved", json.dumps([question.id, value]), flush=True)
        print("end", flush=True)

asyncio.run(main())
"""


def test_sigkill_while_answering_in_the_app_never_loses_a_saved_answer(tmp_path: Path) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    cases = 1
    path = make_case(tmp_path, f"K-{cases}")
    saved_total = 0
    for round_ in range(fault_loops(3)):
        child = Child([sys.executable, "-c", APP_CHILD, str(path), str(rng.randrange(2**32))])
        child.wait_for("ready\n")
        if round_ == 0:  # a busy machine is slow to the first save: kill only after one
            child.wait_for(lambda text: "\nsaved " in text or "\nend\n" in text)
        time.sleep(rng.uniform(0.0, 1.5))
        output = child.kill()
        assert "Traceback" not in output, output
        data = on_disk(path)  # always parses
        context = f"seed {seed}, round {round_}"
        for line in re.findall(r"^saved (.*)$", output, re.MULTILINE):
            qid, value = json.loads(line)
            assert data["answers"].get(qid) == value, f"{context}: {qid} lost"
            saved_total += 1
        holder = read_lock(path)
        assert holder is None or holder.stale, context  # the next opener takes it over
        if "\nend\n" in output:  # the walk is over: carry on with a new case
            cases += 1
            path = make_case(tmp_path, f"K-{cases}")
    assert saved_total > 0, f"seed {seed}: no save returned before a kill"


# -- SIGHUP / SIGTERM ------------------------------------------------------------------------

# The app, headless: two answers and a third, then a note half typed; then it waits to be
# signalled.
HANGUP_CHILD = r"""
import asyncio, sys
from pathlib import Path
from carag_tui.tui.app import make_app

async def main():
    app = make_app(case_path=Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "n", "y", "e")
        await pilot.press(*["space" if c == " " else c for c in "Seen in OASys"])
        await pilot.pause()
        print("ready", flush=True)
        while app.return_code is None:
            await asyncio.sleep(0.02)
    print("exit", app.return_code, flush=True)

asyncio.run(main())
"""


@pytest.mark.parametrize(
    "sig", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT], ids=["SIGHUP", "SIGTERM", "SIGINT"]
)
def test_hangup_saves_the_note_being_typed_and_releases_the_case(tmp_path: Path, sig: int) -> None:
    path = make_case(tmp_path)
    child = Child([sys.executable, "-c", HANGUP_CHILD, str(path)])
    child.wait_for("ready\n")
    assert lock_path(path).exists()
    child.process.send_signal(sig)
    code, output = child.finish()
    expected = 130 if sig == signal.SIGINT else 129
    assert code == 0 and f"exit {expected}" in output, output
    data = on_disk(path)
    assert data["answers"] == {"org": "crc", "other_requirements": "no", "U1.1": "yes"}
    assert data["notes"] == {"U1.2": "Seen in OASys\n"}
    assert not lock_path(path).exists()


def released(path: Path, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while lock_path(path).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return not lock_path(path).exists()


@pytest.mark.tmux
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("how", ["kill-session", "SIGTERM"])
def test_real_terminal_closed_mid_note(tmp_path: Path, carag_home: Path, how: str) -> None:
    """The real `carag open` in tmux; the terminal goes away (the SSH link drops) or the
    process is told to stop while a note is being written."""
    path = make_case(tmp_path)
    session = f"carag-fault-{os.getpid()}-{time.monotonic_ns()}"
    env = f"CARAG_HOME={shlex.quote(str(carag_home))} TERM=xterm-256color"
    command = f"cd {shlex.quote(str(REPO))} && exec env {env} " + " ".join(
        shlex.quote(p) for p in [sys.executable, "-m", "carag_tui.cli", "open", str(path)]
    )
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)
    try:
        pane_shows(session, "Which organisation manages the case?")
        tmux("send-keys", "-t", session, "1", "n", "y")
        pane_shows(session, "U1.2")
        tmux("send-keys", "-t", session, "e")
        pane_shows(session, "Note for U1.2")
        tmux("send-keys", "-t", session, "-l", "Seen at interview")
        pane_shows(session, "Seen at interview")
        if how == "SIGTERM":
            pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
            os.kill(pid, signal.SIGTERM)
        else:
            tmux("kill-session", "-t", session)
        assert released(path), "the lock was not released"
    finally:
        tmux("kill-session", "-t", session)
    data = on_disk(path)
    assert data["answers"] == {"org": "crc", "other_requirements": "no", "U1.1": "yes"}
    assert data["notes"] == {"U1.2": "Seen at interview\n"}


# -- the file changes on disk while the case is open -----------------------------------------


async def test_a_change_on_disk_is_merged_before_the_next_save(tmp_path: Path) -> None:
    path = make_case(tmp_path, answers={"org": "crc", "other_requirements": "no"})
    app = make_app(case_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.screen.qid == "U1.1"
        edit_elsewhere(path, "U3.1", "no")  # e.g. a git pull bringing a colleague's answer
        await pilot.press("y")
        assert on_disk(path)["answers"] == {
            "org": "crc",
            "other_requirements": "no",
            "U1.1": "yes",
            "U3.1": "no",
        }
        assert "changed on disk" in status_line(app) and "reloaded" in status_line(app)
        assert "your answers were kept" in status_line(app)
        await pilot.press("y")  # and saving goes on as normal from the reloaded file
        assert on_disk(path)["answers"]["U1.2"] == "yes"
        assert on_disk(path)["answers"]["U3.1"] == "no"


async def test_both_sides_changed_the_same_answer_keeps_the_disk_and_says_so(
    tmp_path: Path,
) -> None:
    path = make_case(tmp_path, answers={"org": "crc", "other_requirements": "no"})
    app = make_app(case_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        edit_elsewhere(path, "U1.1", "no")
        await pilot.press("y")  # our yes to U1.1 against their no
        assert on_disk(path)["answers"]["U1.1"] == "no"
        line = status_line(app)
        assert "Both sides changed U1.1" in line and "the version on disk was kept" in line
        assert app.screen.session.case.answers["U1.1"] == "no"  # the app shows what is on disk


async def test_a_note_saved_after_a_change_on_disk_keeps_both(tmp_path: Path) -> None:
    path = make_case(tmp_path, answers={"org": "crc", "other_requirements": "no"})
    app = make_app(case_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e", *"evidence")
        edit_elsewhere(path, "U2.1", "yes")
        await pilot.press("escape")
        data = on_disk(path)
        assert data["notes"] == {"U1.1": "evidence\n"}
        assert data["answers"]["U2.1"] == "yes"
        assert "reloaded" in status_line(app)


async def test_a_file_broken_on_disk_is_not_overwritten_and_the_answer_waits(
    tmp_path: Path,
) -> None:
    path = make_case(tmp_path, answers={"org": "crc", "other_requirements": "no"})
    good = path.read_text(encoding="utf-8")
    broken = good.replace(
        "[answers]\n",
        '[answers]\n<<<<<<< HEAD\n"U1.1" = "no"\n=======\n"U1.1" = "yes"\n>>>>>>> theirs\n',
    )
    app = make_app(case_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        path.write_text(broken, encoding="utf-8")
        await pilot.press("y")
        assert path.read_text(encoding="utf-8") == broken
        assert status_line(app).startswith(
            "NOT SAVED — The file changed on disk and no longer loads"
        )
        assert app.screen.session.case.answers["U1.1"] == "yes"
        path.write_text(good, encoding="utf-8")  # the conflict resolved
        await pilot.press("ctrl+s")
        assert on_disk(path)["answers"]["U1.1"] == "yes"
        assert "NOT SAVED" not in status_line(app)


# -- a full disk, a read-only folder ---------------------------------------------------------


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EROFS])
async def test_a_failing_disk_is_said_plainly_and_saving_is_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    path = make_case(tmp_path, answers={"org": "crc", "other_requirements": "no"})
    before, files = path.read_bytes(), listing(tmp_path)
    app = make_app(case_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", _raiser(code))
            await pilot.press("y", "n")  # U1.1, U1.2: neither reaches the disk
            line = status_line(app)
            assert line.startswith(f"NOT SAVED — Could not save {path.name}: {os.strerror(code)}")
            assert "kept in memory" in line
            assert app.screen.qid == "U1.3"  # the walk goes on
            assert path.read_bytes() == before
            assert listing(tmp_path) == files | {lock_path(path).name}  # nothing half written
            assert app.screen.session.case.answers["U1.1"] == "yes"
        await pilot.press("ctrl+s")  # room again: the retry saves both
        assert status_line(app) == "Saved."
        assert on_disk(path)["answers"] == {
            "org": "crc",
            "other_requirements": "no",
            "U1.1": "yes",
            "U1.2": "no",
        }


async def test_leaving_with_a_failing_disk_stays_and_keeps_the_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_case(tmp_path, answers={"org": "crc", "other_requirements": "no"})
    app = make_app(case_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", _raiser(errno.ENOSPC))
            await pilot.press("y", "q")
            await pilot.pause()
            assert isinstance(app.screen, WalkScreen)  # not left: the answer is not on disk
            assert status_line(app).startswith("NOT SAVED")
            assert read_lock(path) is not None and read_lock(path).mine  # still ours
        await pilot.press("q")
        await pilot.pause()
    assert on_disk(path)["answers"]["U1.1"] == "yes"
    assert not lock_path(path).exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
async def test_a_read_only_folder(tmp_path: Path) -> None:
    path = make_case(tmp_path, answers={"org": "crc", "other_requirements": "no"})
    app = make_app(case_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        tmp_path.chmod(0o500)
        try:
            await pilot.press("y")
            assert status_line(app).startswith("NOT SAVED")
        finally:
            tmp_path.chmod(0o700)
        await pilot.press("ctrl+s")
        assert on_disk(path)["answers"]["U1.1"] == "yes"


def _raiser(code: int) -> Callable[..., None]:
    def refuse(*_: object) -> None:
        raise OSError(code, os.strerror(code))

    return refuse


# -- merge-conflict markers in the workspace -------------------------------------------------

CONFLICT = '<<<<<<< HEAD\n"U1.1" = "yes"\n=======\n"U1.1" = "no"\n"U1.2" = "no"\n>>>>>>> theirs\n'


def conflict(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("[answers]\n", "[answers]\n" + CONFLICT)
    path.write_text(text, encoding="utf-8")


async def loaded(app, pilot) -> WorkspaceScreen:
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, WorkspaceScreen)
    return app.screen


async def test_a_conflicted_case_in_the_workspace_says_why_and_is_not_opened(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "cases"
    make_case(folder, "A-1")
    bad = make_case(folder, "A-2")
    conflict(bad)
    before = bad.read_bytes()
    app = make_app(workspace=folder)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await loaded(app, pilot)
        row = next(r for r in screen.rows if r.path == bad)
        assert row.status == "error"
        assert "unresolved git merge conflict (touches U1.1, U1.2)" in row.error
        table = screen.query_one(CaseList)
        table.move_cursor(row=[r.path for r in screen.rows].index(bad))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WorkspaceScreen)
        assert "unresolved git merge conflict (touches U1.1, U1.2)" in notices(app)
    assert bad.read_bytes() == before
    assert not lock_path(bad).exists()


async def test_a_case_conflicted_after_the_list_was_read_is_not_opened(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    path = make_case(folder, "A-1")
    app = make_app(workspace=folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(app, pilot)
        conflict(path)  # e.g. a git pull in another terminal
        before = path.read_bytes()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, WalkScreen)
        assert "unresolved git merge conflict (touches U1.1, U1.2)" in notices(app)
    assert path.read_bytes() == before
    assert not lock_path(path).exists()


async def test_opening_a_conflicted_case_directly_exits_with_the_reason(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    conflict(path)
    before = path.read_bytes()
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 1
    assert path.read_bytes() == before


# -- a lock left by a dead process -----------------------------------------------------------


def stale_lock(path: Path) -> None:
    import socket

    lock_path(path).write_text(
        json.dumps(
            {
                "user": "inspector",
                "host": socket.gethostname(),
                "pid": dead_pid(),
                "time": datetime.now(UTC).isoformat(),
            }
        ),
        encoding="utf-8",
    )


async def test_a_stale_lock_does_not_stop_the_case_opening(tmp_path: Path) -> None:
    path = make_case(tmp_path, answers={"org": "crc", "other_requirements": "no"})
    stale_lock(path)
    (tmp_path / f".{path.name}.x1y2z3.tmp").write_text("half")  # its cut-off save
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WalkScreen)
        assert not app.screen.session.read_only
        assert read_lock(path).mine
        await pilot.press("y", "q")
        await pilot.pause()
    assert on_disk(path)["answers"]["U1.1"] == "yes"
    assert listing(tmp_path) == {path.name}


async def test_a_stale_lock_does_not_stop_the_case_opening_from_the_workspace(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "cases"
    path = make_case(folder, "A-1")
    stale_lock(path)
    app = make_app(workspace=folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert read_lock(path).mine


async def test_a_lock_held_by_a_live_process_asks_first(tmp_path: Path) -> None:
    """The other side of the same check: a live holder is not pushed aside."""
    path = make_case(tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\n"
            "from carag_tui.case.lock import acquire\nacquire(Path(sys.argv[1]))\n"
            "print('held', flush=True)\nsys.stdin.readline()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        app = make_app(case_path=path)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert not isinstance(app.screen, WalkScreen)
            assert "Open it read-only?" in str(app.screen.query_one("Static").render())
    finally:
        holder.stdin.close()
        holder.wait(60)
