"""Running plain mode on one case: open it, take its lock (or go on read-only), walk, release."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from carag_tui.case.lock import LockedError
from carag_tui.case.session import CaseSession, UnknownGuideError
from carag_tui.plain.console import Console
from carag_tui.plain.signals import Hangup, on_hangup
from carag_tui.plain.walk import RETRY_HINT, PlainWalk
from carag_tui.problems import ProblemsError


def run_plain(
    path: Path,
    *,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    read_only: bool = False,
    brief: bool = False,
) -> int:
    """Walk a case line by line on `stdin`/`stdout`; the exit code.

    A bad file is reported and left alone (exit 1). The lock is taken unless `read_only`; when
    someone else holds it, the session carries on read-only only if the inspector types "r".
    `brief` leaves the guidance out (the config's `plain_brief`; `brief` at the prompt).
    """
    out = Console(stdin, stdout)
    path = Path(path)
    session = open_session(path, out)
    if isinstance(session, int):
        return session
    restore = on_hangup(out.on_signal)
    try:
        if not read_only and not take_lock(session, out):
            return 1
        problem = session.prepare_editing()
        if problem:
            out.say(problem)
        walk = PlainWalk(session, out, brief=brief)
        session.resolve = walk.keep_mine
        return walk.run()
    except Hangup as hangup:  # before the walk began: nothing to save
        return 128 + hangup.signum
    finally:
        session.release()
        restore()


def open_session(path: Path, out: Console) -> CaseSession | int:
    """The case, open read-only, or an exit code after saying what is wrong."""
    try:
        return CaseSession(path, read_only=True, retry_hint=RETRY_HINT)
    except UnknownGuideError as exc:
        out.say(f"carag: {exc.problems[0].message}")
        return 2
    except ProblemsError as exc:
        for problem in exc.problems:
            out.say(str(problem))
        out.say(f"carag: {path} was not opened; nothing was written to it.")
        return 1


def take_lock(session: CaseSession, out: Console) -> bool:
    """Take the lock; when it cannot be had, True only if the inspector goes on read-only."""
    try:
        session.lock()
        return True
    except LockedError as exc:
        out.say(f"{session.path} is open by {exc.holder.describe()}.")
    except OSError as exc:
        out.say(f"Cannot take the lock for {session.path}: {exc.strerror or exc}.")
    line = out.ask("Type 'r' to look at it read-only; anything else leaves: ")
    if line is not None and line.strip().lower() in ("r", "read-only", "readonly"):
        return True
    out.say("carag: not opened.")
    return False
