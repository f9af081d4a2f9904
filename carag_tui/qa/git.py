"""An approval or return as a git commit with `Reviewed-by:` and `QA-Status:` trailers, where
the workspace is in git (`carag history` and `git log` show them). Works without git too: the
case file holds the review either way."""

from __future__ import annotations

import subprocess
from pathlib import Path


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=60, check=False
    )


def in_git(path: Path) -> bool:
    try:
        done = _git(Path(path).resolve().parent, "rev-parse", "--is-inside-work-tree")
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and done.stdout.strip() == "true"


def commit_message(case_ref: str, by: str, status: str, reason: str | None = None) -> str:
    """`Review DDC-0042: approved`, a blank line, the reason if any, then the trailers."""
    body = f"\n\n{' '.join(reason.split())}" if reason else ""
    return (
        f"Review {case_ref}: {status}{body}\n\n"
        f"Reviewed-by: {' '.join(by.split())}\nQA-Status: {status}\n"
    )


def commit_review(path: Path, by: str, status: str, reason: str | None = None) -> str:
    """Commit the case file alone (other staged work is left staged); returns what to say."""
    path = Path(path).resolve()
    if not in_git(path):
        return f"{path.parent} is not in git: the review is in the case file only"
    folder = path.parent
    from carag_tui.case.store import read_case

    message = commit_message(read_case(path).case, by, status, reason)
    added = _git(folder, "add", "--", path.name)
    done = (
        _git(folder, "commit", "--only", "-m", message, "--", path.name)
        if added.returncode == 0
        else added
    )
    if done.returncode != 0:
        why = (done.stderr or done.stdout).strip().splitlines()
        return (
            f"git commit failed: {why[-1] if why else 'unknown error'} (the review is saved "
            "in the case file)"
        )
    return f"committed with Reviewed-by: {by} and QA-Status: {status}"
