"""Who holds a case: a lock file beside it, with user, host, pid and time."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

from attrs import frozen

#: A lock from another machine older than this is taken as left behind.
STALE_AFTER = timedelta(hours=12)


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


class LockedError(Exception):
    def __init__(self, path: Path, holder: LockInfo) -> None:
        super().__init__(f"{path} is open by {holder.describe()}")
        self.path = path
        self.holder = holder


def lock_path(case_path: Path) -> Path:
    return case_path.with_name(f".{case_path.name}.lock")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_lock(case_path: Path) -> LockInfo | None:
    path = lock_path(case_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(str(data["user"]), str(data["host"]), int(data["pid"]),
                        datetime.fromisoformat(data["time"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # An unreadable lock protects nothing; treat it as left behind.
        return LockInfo("unknown", "unknown", 0, datetime.fromtimestamp(0, UTC))


def acquire(case_path: Path, *, steal_stale: bool = True) -> LockInfo:
    """Take the lock or raise LockedError naming the holder. Stale locks are replaced."""
    path = lock_path(case_path)
    me = LockInfo(getpass.getuser(), socket.gethostname(), os.getpid(),
                  datetime.now(UTC).replace(microsecond=0))
    payload = json.dumps({"user": me.user, "host": me.host, "pid": me.pid,
                          "time": me.time.isoformat()})
    for _ in range(2):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            holder = read_lock(case_path)
            if holder is None:
                continue
            if holder.mine:
                return holder
            if not (steal_stale and holder.stale):
                raise LockedError(case_path, holder) from None
            path.unlink(missing_ok=True)
            remove_leftovers(case_path)
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
        return me
    holder = read_lock(case_path)
    raise LockedError(case_path, holder or me)


def remove_leftovers(case_path: Path) -> None:
    """Delete the temporary files of saves that were cut off (`store.atomic_write` names them
    `.NAME.*.tmp`). Only the holder of a case's lock saves it, so once a stale lock is taken
    over, no one is writing them any more."""
    import glob

    for leftover in case_path.parent.glob(f".{glob.escape(case_path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def release(case_path: Path) -> None:
    holder = read_lock(case_path)
    if holder is not None and holder.mine:
        lock_path(case_path).unlink(missing_ok=True)
