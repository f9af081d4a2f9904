"""Two sessions on one case: the second is told who holds it; a lock left behind is replaced."""

from __future__ import annotations

import getpass
import json
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support import dead_pid

from carag_tui.case.editing import new_case
from carag_tui.case.lock import LockedError, acquire, lock_path, read_lock, release

HOLD = """
import sys
from pathlib import Path
from carag_tui.case.lock import acquire
acquire(Path(sys.argv[1]))
print("held", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def case_path(tmp_path, guides) -> Path:
    return new_case(tmp_path, "LOCK-1", guides["unpaid-work-2019"]).path


@pytest.fixture
def other_process(case_path):
    """Another carag process holding the case's lock until the test ends."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(case_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout.readline().strip() == "held"
        yield process
    finally:
        if process.poll() is None:
            process.stdin.close()
            process.wait(timeout=60)


def write_lock(case_path: Path, **fields) -> None:
    data = {
        "user": "someone",
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "time": datetime.now(UTC).isoformat(),
    }
    data.update(fields)
    lock_path(case_path).write_text(json.dumps(data), encoding="utf-8")


def test_acquire_writes_who_holds_it_and_release_removes_it(case_path):
    me = acquire(case_path)
    assert lock_path(case_path).name == f".{case_path.name}.lock"
    holder = read_lock(case_path)
    assert holder == me
    assert (holder.user, holder.host, holder.pid) == (
        getpass.getuser(),
        socket.gethostname(),
        os.getpid(),
    )
    assert holder.mine and not holder.stale
    assert oct(lock_path(case_path).stat().st_mode & 0o777) == oct(0o600)
    assert acquire(case_path) == me  # taking it again in the same process is fine
    release(case_path)
    assert not lock_path(case_path).exists()
    assert read_lock(case_path) is None
    release(case_path)  # releasing twice is harmless


def test_second_process_is_told_who_holds_the_case(case_path, other_process):
    with pytest.raises(LockedError) as caught:
        acquire(case_path)
    holder = caught.value.holder
    assert holder.pid == other_process.pid
    assert holder.host == socket.gethostname()
    assert holder.user == getpass.getuser()
    assert not holder.stale
    message = str(caught.value)
    assert str(case_path) in message
    assert f"{getpass.getuser()} on {socket.gethostname()} (pid {other_process.pid})" in message
    # and release() from here does not take someone else's lock away
    release(case_path)
    assert read_lock(case_path).pid == other_process.pid


def test_the_lock_is_free_once_the_other_process_has_gone(case_path, other_process):
    other_process.stdin.close()
    other_process.wait(timeout=60)
    holder = read_lock(case_path)
    assert holder.pid == other_process.pid and holder.stale
    assert acquire(case_path).pid == os.getpid()


def test_a_lock_left_by_a_dead_process_on_this_host_is_replaced(case_path):
    pid = dead_pid()
    write_lock(case_path, pid=pid)
    assert read_lock(case_path).stale
    me = acquire(case_path)
    assert me.pid == os.getpid()
    assert read_lock(case_path).pid == os.getpid()


def test_an_old_lock_from_another_host_is_replaced(case_path):
    old = datetime.now(UTC) - timedelta(days=2)
    write_lock(case_path, host="laptop-elsewhere", pid=1, time=old.isoformat())
    assert read_lock(case_path).stale
    assert acquire(case_path).host == socket.gethostname()


def test_a_recent_lock_from_another_host_is_respected(case_path):
    write_lock(case_path, host="laptop-elsewhere", pid=1, user="colleague")
    with pytest.raises(LockedError, match="colleague on laptop-elsewhere"):
        acquire(case_path)
    assert read_lock(case_path).host == "laptop-elsewhere"
    # unless the caller says not to take stale locks, which does not matter here
    with pytest.raises(LockedError):
        acquire(case_path, steal_stale=False)


def test_steal_stale_false_keeps_even_a_stale_lock(case_path):
    write_lock(case_path, pid=dead_pid())
    with pytest.raises(LockedError):
        acquire(case_path, steal_stale=False)


def make_old(path: Path, seconds: float = 3600) -> None:
    when = time.time() - seconds
    os.utime(path, (when, when), follow_symlinks=False)


@pytest.mark.parametrize("contents", ["", "{not json"])
def test_a_young_unreadable_lock_is_live_and_an_old_one_is_replaced(case_path, contents):
    """An empty lock is one being written (or cut off): while young it holds the case."""
    lock_path(case_path).write_text(contents, encoding="utf-8")
    with pytest.raises(LockedError, match=r"someone \(the lock file is being written"):
        acquire(case_path)
    assert lock_path(case_path).read_text(encoding="utf-8") == contents  # not deleted
    make_old(lock_path(case_path))
    assert read_lock(case_path).stale
    assert acquire(case_path).pid == os.getpid()
    assert read_lock(case_path).mine


def test_a_dangling_symlinked_lock_is_judged_by_the_link(case_path, tmp_path):
    lock_path(case_path).symlink_to(tmp_path / "gone-elsewhere")
    with pytest.raises(LockedError, match="someone"):
        acquire(case_path)
    assert lock_path(case_path).is_symlink()
    make_old(lock_path(case_path))
    assert acquire(case_path).pid == os.getpid()
    assert not lock_path(case_path).is_symlink() and read_lock(case_path).mine
    assert not (tmp_path / "gone-elsewhere").exists()


def test_a_lock_is_never_seen_half_written(case_path):
    """The lock appears with its contents (a hard link of a written file), never empty."""
    acquire(case_path)
    assert lock_path(case_path).stat().st_nlink == 1  # the temporary name is gone
    assert read_lock(case_path).mine
    assert not [p for p in case_path.parent.iterdir() if p.name.endswith(".tmp")]


def test_no_empty_lock_is_left_when_the_disk_is_full(case_path, monkeypatch):
    import errno

    from carag_tui import fileio

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio.os, "write", full)
    with pytest.raises(OSError, match="No space"):
        acquire(case_path)
    monkeypatch.undo()
    assert not lock_path(case_path).exists()
    assert sorted(p.name for p in case_path.parent.iterdir()) == [case_path.name]


def test_check_reports_a_stale_lock(case_path, carag):
    pid = dead_pid()
    write_lock(case_path, pid=pid, user="gone")
    result = carag("check", case_path)
    assert result.code == 0  # a warning, not an error
    assert "stale lock left by gone" in result.out
    assert f"(pid {pid})" in result.out
    result = carag("check", "--format", "json", case_path)
    (entry,) = json.loads(result.out)["files"]
    assert any("stale lock" in w for w in entry["warnings"])


def test_check_is_quiet_about_a_live_lock(case_path, other_process, carag):
    result = carag("check", case_path)
    assert "lock" not in result.out


def test_set_is_refused_while_another_process_holds_the_case(case_path, other_process, carag):
    before = case_path.read_bytes()
    result = carag("set", case_path, "U1.1=yes")
    assert result.code == 1
    assert f"(pid {other_process.pid})" in result.err
    assert "try again when it is closed" in result.err
    assert case_path.read_bytes() == before


def test_set_takes_and_releases_the_lock(case_path, carag):
    result = carag("set", case_path, "U1.1=yes")
    assert result.code == 0, result.err
    assert not lock_path(case_path).exists()


def test_a_breaker_left_by_a_dead_process_does_not_block_taking_over(tmp_path: Path) -> None:
    """Killed while breaking a stale lock, a process leaves `.NAME.lock.break` behind: the
    next one to take the case clears it (its pid is gone) instead of waiting for it to age."""
    path = tmp_path / "K-1.toml"
    path.write_text('format = 1\nguide = "unpaid-work-2019"\ncase = "K-1"\n', encoding="utf-8")
    gone = json.dumps(
        {
            "user": getpass.getuser(),
            "host": socket.gethostname(),
            "pid": dead_pid(),
            "time": datetime.now(UTC).isoformat(),
        }
    )
    lock_path(path).write_text(gone, encoding="utf-8")
    breaker = path.with_name(f".{path.name}.lock.break")
    breaker.write_text(gone, encoding="utf-8")
    holder = acquire(path)
    assert holder.mine
    assert not breaker.exists()
    release(path)
    assert {p.name for p in tmp_path.iterdir()} == {path.name}


def test_a_lock_temp_left_by_a_killed_taker_is_cleared_by_the_next(case_path):
    """Killed between writing its lock's temporary file and publishing it, a process leaves
    `..NAME.lock.X.tmp`; the next one to take the lock deletes it (its writer is gone), but
    not one whose writer is alive."""
    payload = {"user": "u", "host": socket.gethostname(), "time": datetime.now(UTC).isoformat()}
    dead = case_path.with_name(f".{lock_path(case_path).name}.0badcafe.tmp")
    dead.write_text(json.dumps({**payload, "pid": dead_pid()}))
    alive = case_path.with_name(f".{lock_path(case_path).name}.1badcafe.tmp")
    alive.write_text(json.dumps({**payload, "pid": os.getppid()}))
    acquire(case_path)
    release(case_path)
    assert not dead.exists()
    assert alive.exists()
