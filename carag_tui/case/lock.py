"""Who holds a case: a lock file beside it, with user, host, pid and time.

A lock is published whole: its contents are written to a temporary file first, which is then
hard-linked to the lock's name (`fileio.create_exclusive`), so no one ever reads a half-written
lock. A lock that is empty or unreadable all the same (written by an older carag, or cut off)
is taken as live while it is young. A lock is deleted only once it is proven stale (its holder's
process is gone, or it is old and from another machine), and only by whoever holds the lock's
*breaker* (`.NAME.lock.break`), who checks that the lock is still the same file it judged
stale: two processes that both find a stale lock cannot end up both holding the case.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from attrs import frozen

from carag_tui.fileio import create_exclusive

#: A lock from another machine older than this is taken as left behind.
STALE_AFTER = timedelta(hours=12)
#: An empty or unreadable lock younger than this is taken as being written (live).
YOUNG_SECONDS = 10.0
#: A breaker held longer than this was left by a process that died while taking over a lock.
BREAKER_SECONDS = 30.0


@frozen
class LockInfo:
    user: str
    host: str
    pid: int
    time: datetime

    def describe(self) -> str:
        return f"{self.user} on {self.host} (pid {self.pid}) since {self.time:%Y-%m-%d %H:%M} UTC"

    @property
    def stale(self) -> bool:
        """The holder is gone: a dead process on this host, or an old lock from another."""
        if self.host == socket.gethostname():
            return not _alive(self.pid)
        return datetime.now(UTC) - self.time > STALE_AFTER

    @property
    def mine(self) -> bool:
        return self.host == socket.gethostname() and self.pid == os.getpid()


@frozen
class UnreadableLock(LockInfo):
    """A lock file whose contents cannot be read: live while young, else left behind."""

    age: float = 0.0

    def describe(self) -> str:
        return (
            f"someone (the lock file {'is being written' if not self.stale else 'is empty'}"
            f", {self.age:.0f} s old)"
        )

    @property
    def stale(self) -> bool:
        return self.age > YOUNG_SECONDS

    @property
    def mine(self) -> bool:
        return False


class LockedError(Exception):
    def __init__(self, path: Path, holder: LockInfo) -> None:
        super().__init__(f"{path} is open by {holder.describe()}")
        self.path = path
        self.holder = holder


def lock_path(case_path: Path) -> Path:
    return case_path.with_name(f".{case_path.name}.lock")


def _breaker_path(case_path: Path) -> Path:
    return case_path.with_name(f".{case_path.name}.lock.break")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read(path: Path) -> tuple[LockInfo, tuple[int, int]] | None:
    """The lock at `path` and the identity (device, inode) of the file read; None if absent.

    A dangling symlink, an empty file or one that does not hold a lock's JSON is an
    `UnreadableLock` aged by the file's (or the link's) modification time.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError:  # a symlink (O_NOFOLLOW), or unreadable: judged by the link itself
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return None
        return _unreadable(info.st_mtime), (info.st_dev, info.st_ino)
    try:
        info = os.fstat(fd)
        raw = os.read(fd, 4096) if (info.st_mode & 0o170000) == 0o100000 else b""
    except OSError:
        raw = b""
    finally:
        os.close(fd)
    identity = (info.st_dev, info.st_ino)
    try:
        data = json.loads(raw.decode("utf-8"))
        return LockInfo(
            str(data["user"]),
            str(data["host"]),
            int(data["pid"]),
            datetime.fromisoformat(data["time"]),
        ), identity
    except (ValueError, KeyError, TypeError, AttributeError):
        return _unreadable(info.st_mtime), identity


def _unreadable(mtime: float) -> UnreadableLock:
    return UnreadableLock(
        "unknown",
        "unknown",
        0,
        datetime.fromtimestamp(mtime, UTC),
        age=max(0.0, time.time() - mtime),
    )


def read_lock(case_path: Path) -> LockInfo | None:
    found = _read(lock_path(case_path))
    return found[0] if found else None


def _me() -> LockInfo:
    return LockInfo(
        getpass.getuser(),
        socket.gethostname(),
        os.getpid(),
        datetime.now(UTC).replace(microsecond=0),
    )


def _payload(me: LockInfo) -> str:
    return json.dumps(
        {"user": me.user, "host": me.host, "pid": me.pid, "time": me.time.isoformat()}
    )


def acquire(case_path: Path, *, steal_stale: bool = True) -> LockInfo:
    """Take the lock or raise LockedError naming the holder. Stale locks are replaced."""
    path = lock_path(case_path)
    me = _me()
    broken = False
    for _ in range(5):
        try:
            create_exclusive(path, _payload(me), durable=False)
        except FileExistsError:
            pass
        else:
            if broken:  # the stale holder's cut-off saves: no one is writing them now
                remove_leftovers(case_path)
            _remove_dead_lock_temps(case_path)
            return me
        found = _read(path)
        if found is None:
            continue  # released meanwhile: try again
        holder, identity = found
        if holder.mine:
            return holder
        if not (steal_stale and holder.stale):
            raise LockedError(case_path, holder)
        broken = _break(case_path, identity) or broken
    found = _read(path)
    raise LockedError(case_path, found[0] if found else me)


def _break(case_path: Path, identity: tuple[int, int]) -> bool:
    """Delete the stale lock whose file is `identity`, if it is still that file, holding the
    breaker meanwhile; False when someone else is breaking it (or it changed)."""
    breaker = _breaker_path(case_path)
    try:
        create_exclusive(breaker, _payload(_me()), durable=False)
    except FileExistsError:
        # A breaker left by a process that died mid-break (its pid is gone, or it is old)
        # would block every take-over: clear it, and let the caller try again.
        held = _read(breaker)
        with contextlib.suppress(OSError):
            if (held is not None and held[0].stale) or time.time() - os.lstat(
                breaker
            ).st_mtime > BREAKER_SECONDS:
                breaker.unlink()
        return False
    try:
        found = _read(lock_path(case_path))
        if found is None or found[1] != identity or not found[0].stale:
            return False
        lock_path(case_path).unlink(missing_ok=True)
        return True
    finally:
        with contextlib.suppress(OSError):
            breaker.unlink()


def remove_leftovers(case_path: Path) -> None:
    """Delete the temporary files of saves that were cut off (`fileio.atomic_write` names them
    `.NAME.*.tmp`). Only the holder of a case's lock saves it, so once a stale lock is taken
    over, no one is writing them any more."""
    import glob

    for leftover in case_path.parent.glob(f".{glob.escape(case_path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _remove_dead_lock_temps(case_path: Path) -> None:
    """Delete the temporary files (`..NAME.lock.*.tmp`) of locks whose writer was killed
    before publishing or removing them: each holds its writer's lock, and only those whose
    process is gone (or, unreadable, are old) are deleted."""
    import glob

    for temp in case_path.parent.glob(f".{glob.escape(lock_path(case_path).name)}.*.tmp"):
        found = _read(temp)
        if found is not None and found[0].stale:
            with contextlib.suppress(OSError):
                temp.unlink()


def release(case_path: Path) -> None:
    holder = read_lock(case_path)
    if holder is not None and holder.mine:
        lock_path(case_path).unlink(missing_ok=True)
