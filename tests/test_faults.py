"""Faults from outside, met on the command line and in plain mode: processes killed mid-save,
lost connections, files changed or broken behind carag's back, full disks. Nothing is lost.

The kill loops run a few rounds by default; CARAG_FAULT_LOOPS=N runs N rounds instead.
"""

from __future__ import annotations

import errno
import io
import json
import os
import random
import re
import shlex
import shutil
import signal
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from support import (
    REPO,
    Child,
    Script,
    edit_elsewhere,
    fault_loops,
    listing,
    pane_shows,
    tmux,
)
from support import make_case as shared_make_case

import carag_tui.case.session as case_session
import carag_tui.plain as plain
from carag_tui.case.lock import lock_path
from carag_tui.case.store import load_case, read_case, save_case
from carag_tui.case.workspace import case_files
from carag_tui.guide.registry import catalogue

UPW = "unpaid-work-2019"

pytestmark = pytest.mark.faults


def make_case(folder: Path, ref: str = "F-1") -> Path:
    return shared_make_case(folder, ref)


# -- SIGKILL while answering and saving ----------------------------------------------------

# Sets answers one `carag set` after another (the real command, in one process so that many
# saves happen between kills), printing a line after each save has returned. Round i sets one
# question of PLAN and writes i into the note on `org`, so the file says which round it holds.
SET_CHILD = r"""
import sys
from carag_tui.cli import main
from carag_tui.guide.registry import catalogue
path, start, plan = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",")
catalogue().get("unpaid-work-2019")  # loaded before the kill window opens
print("ready", flush=True)
i = start
while True:
    qid, value = plan[i % len(plan)], ("yes", "no")[(i // len(plan)) % 2]
    code = main(["set", path, f"{qid}={value}", "--note", f"org=round {i}"])
    if code:
        print(f"failed {i} {code}", flush=True)
        sys.exit(code)
    print(f"saved {i}", flush=True)
    i += 1
"""
PLAN = ["other_requirements", "U1.1", "U1.2", "U2.1", "U2.4", "U3.1", "U3.4", "U3S"]


def expected_answers(rounds_done: int) -> dict[str, str]:
    """The answers after rounds 0..rounds_done of SET_CHILD."""
    answers = {}
    for i in range(rounds_done + 1):
        answers[PLAN[i % len(PLAN)]] = ("yes", "no")[(i // len(PLAN)) % 2]
    return answers


def test_sigkill_during_carag_set_never_loses_a_saved_answer(tmp_path: Path, carag) -> None:
    """Killed at random moments, again and again: the file always parses and holds exactly the
    state after the last save that returned (or the one under way), never a torn mix."""
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    path = make_case(tmp_path)
    done = -1  # the last round the file holds
    for round_ in range(fault_loops(8)):
        child = Child([sys.executable, "-c", SET_CHILD, str(path), str(done + 1), ",".join(PLAN)])
        child.wait_for("ready\n")
        if round_ == 0:  # a busy machine is slow to the first save: kill only after one
            child.wait_for(lambda text: "\nsaved " in text or "failed" in text)
        time.sleep(rng.uniform(0.0, 0.4))
        output = child.kill()
        assert "failed" not in output, f"seed {seed}, round {round_}:\n{output}"
        returned = [int(n) for n in re.findall(r"^saved (\d+)$", output, re.MULTILINE)]
        last = max(returned, default=done)
        data = tomllib.loads(path.read_text(encoding="utf-8"))  # never torn
        held = int(data["notes"]["org"].split()[1]) if data.get("notes") else -1
        context = f"seed {seed}, round {round_}: saves returned up to {last}, file holds {held}"
        assert held in (last, last + 1), context  # the save under way may or may not be in
        assert data["answers"] == (expected_answers(held) if held >= 0 else {}), context
        done = held
    assert done >= 0, "no save ever returned: the kill loop tested nothing"
    # What a killed save leaves behind (a temporary file, a lock) is never taken for a case…
    stray = listing(tmp_path) - {path.name, lock_path(path).name}
    assert all(
        re.fullmatch(rf"\.{re.escape(path.name)}\.(.+\.tmp|lock\.break)", name) for name in stray
    ), stray
    assert case_files([tmp_path]) == [path]
    result = carag("check", tmp_path)
    assert result.code == 0, result.out + result.err
    assert "1 files checked, 0 with errors" in result.out
    assert ".tmp" not in result.out
    # … and the next save, taking over the dead process's lock, clears it away.
    assert carag("set", path, "U1.3=yes").code == 0
    assert listing(tmp_path) == {path.name}


def test_stray_temporary_files_are_ignored_by_check_report_and_workspace(
    tmp_path: Path, carag
) -> None:
    path = make_case(tmp_path)
    (tmp_path / f".{path.name}.abc123.tmp").write_text("format = 1\nguide = \n")  # half written
    (tmp_path / f".{path.name}.lock").write_text("{")
    assert case_files([tmp_path]) == [path]
    assert carag("check", tmp_path).code == 0
    report = carag("report", tmp_path)
    assert report.code == 0 and ".tmp" not in report.out + report.err


# -- SIGHUP / SIGTERM in plain mode ----------------------------------------------------------


def plain_child(path: Path) -> Child:
    return Child([sys.executable, "-m", "carag_tui.cli", "open", str(path), "--plain"], stdin=True)


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_plain_mode_hangup_while_typing_a_note_saves_it(tmp_path: Path, sig: int) -> None:
    """The connection drops in the middle of a note: the answers and the lines typed are saved,
    the case is released, and the exit code says which signal ended it."""
    path = make_case(tmp_path)
    child = plain_child(path)
    child.wait_for("Which organisation")
    for line in ("1", "n"):  # org = crc, other_requirements = no
        child.send(line)
    child.wait_for("[U1.1")
    child.send("note")
    child.send("Seen in the OASys record.")
    child.wait_for(lambda text: text.count("note> ") == 2)  # waiting for the next line
    child.process.send_signal(sig)
    code, output = child.finish()
    assert code == 128 + sig, output
    case = read_case(path)
    assert case.answers == {"org": "crc", "other_requirements": "no"}
    assert case.notes == {"U1.1": "Seen in the OASys record.\n"}
    assert not lock_path(path).exists()


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_plain_mode_hangup_at_the_prompt_keeps_every_answer(tmp_path: Path, sig: int) -> None:
    path = make_case(tmp_path)
    child = plain_child(path)
    child.wait_for("Which organisation")
    for line in ("1", "y", "n", "note One line.", "y"):
        child.send(line)
    child.wait_for("[U1.3")
    child.process.send_signal(sig)
    code, output = child.finish()
    assert code == 128 + sig, output
    case = read_case(path)
    assert case.answers == {"org": "crc", "other_requirements": "yes", "U1.1": "no", "U1.2": "yes"}
    assert case.notes == {"U1.2": "One line.\n"}
    assert not lock_path(path).exists()


def hang_up() -> None:
    os.kill(os.getpid(), signal.SIGHUP)
    time.sleep(1)  # the handler interrupts this wait, as it would a blocked read


def test_a_note_cut_off_is_kept_after_the_note_already_there(tmp_path: Path) -> None:
    path = make_case(tmp_path)
    casefile = load_case(path)
    casefile.set_note(catalogue().get(UPW), "org", "The note from yesterday.")
    save_case(casefile)
    handler_before = signal.getsignal(signal.SIGHUP)
    out = io.StringIO()
    code = plain.run_plain(path, stdin=Script(["note", "A new line"], {2: hang_up}), stdout=out)
    assert code == 129
    assert read_case(path).notes["org"] == (
        "The note from yesterday.\n\n(typed when the connection was lost:)\nA new line\n"
    )
    assert not lock_path(path).exists()
    assert signal.getsignal(signal.SIGHUP) == handler_before  # the handlers are put back


def test_a_hangup_during_a_save_lets_the_save_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_case(tmp_path)
    real_save = case_session.save_case

    def save_then_hang_up(casefile, **kwargs) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # arrives while the file is being written
        real_save(casefile, **kwargs)

    monkeypatch.setattr(case_session, "save_case", save_then_hang_up)
    out = io.StringIO()
    code = plain.run_plain(path, stdin=Script(["1", "y", "y"], {}), stdout=out)
    assert code == 128 + signal.SIGTERM
    assert read_case(path).answers == {"org": "crc"}  # saved; nothing read after the signal
    assert not lock_path(path).exists()


def test_plain_mode_without_a_terminal_writes_nothing_more_after_hangup(tmp_path: Path) -> None:
    """After SIGHUP the terminal may be gone: writing to it fails, saving still happens."""

    class GoneAfterHangup(io.StringIO):
        gone = False

        def write(self, text: str) -> int:
            if self.gone:
                raise OSError(errno.EIO, "Input/output error")
            return super().write(text)

    out = GoneAfterHangup()

    def drop() -> None:
        out.gone = True
        hang_up()

    code = plain.run_plain(
        make_case(tmp_path), stdin=Script(["1", "note", "Half"], {3: drop}), stdout=out
    )
    assert code == 129
    case = read_case(tmp_path / "F-1.toml")
    assert case.answers == {"org": "crc"}
    assert case.notes == {"other_requirements": "Half\n"}


# -- the file changes between `carag set` reading it and writing it --------------------------


def change_after_lock(monkeypatch: pytest.MonkeyPatch, change: Callable[[], None]) -> None:
    """Make `change` happen after `carag set` has read the file, before it writes it."""
    real_acquire = case_session.acquire

    def acquire_then_change(path: Path):
        holder = real_acquire(path)
        change()
        return holder

    monkeypatch.setattr(case_session, "acquire", acquire_then_change)


def test_set_merges_with_a_change_made_meanwhile(
    tmp_path: Path, carag, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_case(tmp_path)
    change_after_lock(monkeypatch, lambda: edit_elsewhere(path, "U3.1", "no"))
    result = carag("set", path, "org=crc", "U1.1=yes")
    assert result.code == 0, result.err
    assert "changed on disk" in result.out
    assert read_case(path).answers == {"org": "crc", "U1.1": "yes", "U3.1": "no"}


def test_set_refuses_to_overwrite_the_same_answer_changed_meanwhile(
    tmp_path: Path, carag, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_case(tmp_path)
    change_after_lock(monkeypatch, lambda: edit_elsewhere(path, "U1.1", "no"))
    theirs: list[bytes] = []
    monkeypatch.setattr(case_session, "save_case", _remember_disk(path, theirs))
    result = carag("set", path, "org=crc", "U1.1=yes")
    assert result.code == 1
    assert "changed on disk since it was read" in result.err
    assert "touches U1.1" in result.err and "nothing written" in result.err
    assert path.read_bytes() == theirs[0]  # their version, untouched
    assert read_case(path).answers == {"U1.1": "no"}
    assert not lock_path(path).exists()


def _remember_disk(path: Path, store: list[bytes]) -> Callable[..., None]:
    real = case_session.save_case

    def save(casefile, **kwargs) -> None:
        store.append(path.read_bytes())
        real(casefile, **kwargs)

    return save


def test_set_on_a_file_that_breaks_meanwhile_writes_nothing(
    tmp_path: Path, carag, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_case(tmp_path)

    def break_it() -> None:
        path.write_text(path.read_text(encoding="utf-8") + "<<<<<<< HEAD\n", encoding="utf-8")

    change_after_lock(monkeypatch, break_it)
    result = carag("set", path, "org=crc")
    assert result.code == 1
    assert "no longer loads; nothing written" in result.err
    assert path.read_text(encoding="utf-8").endswith("<<<<<<< HEAD\n")


# -- a full disk, a read-only folder ----------------------------------------------------------


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EROFS])
def test_set_with_a_failing_disk_says_so_and_changes_nothing(
    tmp_path: Path, carag, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    path = make_case(tmp_path)
    before, files = path.read_bytes(), listing(tmp_path)

    def refuse(*_: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", refuse)
    result = carag("set", path, "org=crc", "U1.1=yes")
    assert result.code == 1
    assert f"cannot save {path}: {os.strerror(code)}; the file is unchanged" in result.err
    assert path.read_bytes() == before
    assert listing(tmp_path) == files  # no temporary file, no lock left


def test_set_where_the_lock_cannot_be_made_says_so(
    tmp_path: Path, carag, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_case(tmp_path)
    before = path.read_bytes()

    def read_only(_: Path) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(case_session, "acquire", read_only)
    result = carag("set", path, "org=crc")
    assert result.code == 1
    assert "cannot lock" in result.err and "Read-only file system" in result.err
    assert path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_set_in_a_read_only_folder(tmp_path: Path, carag) -> None:
    path = make_case(tmp_path)
    before = path.read_bytes()
    tmp_path.chmod(0o500)
    try:
        result = carag("set", path, "org=crc")
    finally:
        tmp_path.chmod(0o700)
    assert result.code == 1
    assert "Permission denied" in result.err
    assert path.read_bytes() == before


# -- git merge-conflict markers ---------------------------------------------------------------

CONFLICT = (
    '<<<<<<< HEAD\n"org" = "crc"\n"U1.1" = "yes"\n=======\n"org" = "nps"\n'
    '"U1.2" = "no"\n>>>>>>> theirs\n'
)


def conflicted_case(folder: Path, ref: str = "F-1") -> Path:
    """A case file as `git merge` leaves it when both sides answered."""
    path = make_case(folder, ref)
    text = path.read_text(encoding="utf-8").replace("[answers]\n", "[answers]\n" + CONFLICT)
    path.write_text(text, encoding="utf-8")
    return path


def conflict_line(path: Path) -> int:
    return path.read_text(encoding="utf-8").splitlines().index("<<<<<<< HEAD") + 1


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["check", "--format", "json"],
        ["show"],
        ["show", "--format", "json"],
        ["set", "U3.1=yes"],
        ["open", "--plain"],
        ["open"],
    ],
)
def test_conflict_markers_are_a_clear_error_everywhere(
    tmp_path: Path, carag, command: list[str]
) -> None:
    path = conflicted_case(tmp_path)
    before = path.read_bytes()
    args = [command[0], path, *command[1:]]
    result = carag(*args)
    assert result.code == 1
    said = result.out + result.err
    assert f"{path}:{conflict_line(path)}" in said
    assert "unresolved git merge conflict (touches org, U1.1, U1.2)" in said
    assert "Traceback" not in said
    assert path.read_bytes() == before
    assert not lock_path(path).exists()
    if command[0] == "check" and "json" in command:
        (entry,) = json.loads(result.out)["files"]
        assert "unresolved git merge conflict" in entry["errors"][0]


def test_conflict_in_a_note_names_the_note(tmp_path: Path, carag) -> None:
    path = make_case(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "[notes]\n",
        '[notes]\n<<<<<<< HEAD\n"U1.1" = "ours"\n=======\n"U1.1" = "theirs"\n>>>>>>> theirs\n',
    )
    path.write_text(text, encoding="utf-8")
    result = carag("check", path)
    assert result.code == 1
    assert "(touches note U1.1)" in result.out


def test_a_leftover_marker_is_pointed_out(tmp_path: Path, carag) -> None:
    path = make_case(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "=======\n", encoding="utf-8")
    result = carag("check", path)
    assert result.code == 1
    lines = path.read_text(encoding="utf-8").count("\n")
    assert f"line {lines} looks like a leftover git merge-conflict marker" in result.out


def test_a_note_with_marker_like_lines_still_opens(tmp_path: Path, carag) -> None:
    """A Markdown heading underlined with ======= is a note, not a conflict."""
    path = make_case(tmp_path)
    note = "Heading\n=======\n>>>>>>> quoted\n<<<<<<< also quoted\nbody"
    result = carag("set", path, "org=crc", "--note", f"org={note}")
    assert result.code == 0, result.err
    assert read_case(path).notes["org"] == note + "\n"
    assert carag("check", path).code == 0
    assert tomllib.loads(path.read_text(encoding="utf-8"))["notes"]["org"] == note + "\n"


def test_a_case_file_with_a_key_given_twice_is_refused_with_its_line(tmp_path: Path, carag) -> None:
    """What a hand-resolved merge often leaves: both sides' line kept."""
    path = make_case(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "[answers]\n", '[answers]\n"U1.1" = "yes"\n"U1.1" = "no"\n'
    )
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    for command in (["check", path], ["set", path, "U1.2=yes"], ["open", path, "--plain"]):
        result = carag(*command)
        assert result.code == 1
        line = text.splitlines().index('"U1.1" = "no"') + 1
        assert f"{path}:{line}:" in result.out + result.err
        assert "Traceback" not in result.out + result.err
    assert path.read_bytes() == before


@pytest.mark.tmux
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_plain_mode_in_a_real_terminal_closed_mid_note(tmp_path: Path, carag_home: Path) -> None:
    """`carag open --plain` reading from a real terminal (line editing on): the terminal goes
    away while a note is being typed."""
    path = make_case(tmp_path)
    session = f"carag-plain-{os.getpid()}-{time.monotonic_ns()}"
    env = f"CARAG_HOME={shlex.quote(str(carag_home))} TERM=xterm-256color"
    command = f"cd {shlex.quote(str(REPO))} && exec env {env} " + " ".join(
        shlex.quote(p)
        for p in [sys.executable, "-m", "carag_tui.cli", "open", str(path), "--plain"]
    )
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)
    try:
        pane_shows(session, "Which organisation")
        for line in ("1", "n", "note", "Typed over SSH"):
            tmux("send-keys", "-t", session, "-l", line)
            tmux("send-keys", "-t", session, "Enter")
        # the line is read once the next `note>` prompt is under it (a blank line ends a note)
        pane_shows(session, "Typed over SSH\nnote>")
        tmux("kill-session", "-t", session)
        deadline = time.monotonic() + 30
        while lock_path(path).exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        tmux("kill-session", "-t", session)
    assert not lock_path(path).exists()
    case = read_case(path)
    assert case.answers == {"org": "crc", "other_requirements": "no"}
    assert case.notes == {"U1.1": "Typed over SSH\n"}
