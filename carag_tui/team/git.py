"""Running git: one small wrapper, so every command says the same thing when git fails."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path


class GitError(Exception):
    """git is missing, or a git command failed; the message says which and why."""


def git_available() -> bool:
    return shutil.which("git") is not None


def git(
    args: Sequence[str],
    cwd: Path,
    *,
    check: bool = True,
    input: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `git ARGS` in `cwd`; a failure (when `check`) is a `GitError` with git's words."""
    if not git_available():
        raise GitError("git is not installed (or not on PATH): install git first")
    full_env = {**os.environ, "LC_ALL": "C", **(env or {})}
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=input,
        env=full_env,
        check=False,
    )
    if check and done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise GitError(f"git {args[0]} failed: {said[-1] if said else f'exit {done.returncode}'}")
    return done


def git_bytes(
    args: Sequence[str], cwd: Path, data: bytes, env: dict[str, str] | None = None
) -> bytes:
    """Run `git ARGS` with `data` on stdin; its stdout as bytes (what a failure left)."""
    if not git_available():
        raise GitError("git is not installed (or not on PATH): install git first")
    full_env = {**os.environ, "LC_ALL": "C", **(env or {})}
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, input=data, env=full_env, check=False
    )
    return done.stdout


def read_objects(names: Sequence[str], cwd: Path) -> dict[str, bytes | None]:
    """Many objects' contents (`SHA` or `REV:PATH`) from one `git cat-file --batch`; None for
    one this clone does not hold. A partial clone fetches what it lacks if it can (and, from
    git 2.45, not at all: `GIT_NO_LAZY_FETCH`)."""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}
    data = git_bytes(
        ["cat-file", "--batch"],
        cwd,
        "".join(f"{n}\n" for n in wanted).encode(),
        env={"GIT_NO_LAZY_FETCH": "1"},
    )
    found: dict[str, bytes | None] = {}
    at = 0
    for name in wanted:
        end = data.find(b"\n", at)
        if end < 0:
            found[name] = None
            continue
        header = data[at:end].split()
        at = end + 1
        if len(header) < 3 or header[-2] != b"blob" or not header[-1].isdigit():
            found[name] = None
            continue
        size = int(header[-1])
        found[name] = data[at : at + size]
        at += size + 1
    return found


def top_level(folder: Path) -> Path | None:
    """The root of the git work tree holding `folder`, or None when it is in none."""
    if not git_available():
        return None
    done = git(["rev-parse", "--show-toplevel"], folder, check=False)
    return Path(done.stdout.strip()) if done.returncode == 0 else None


def git_dir(folder: Path) -> Path:
    """The repository's .git folder (a worktree's own one)."""
    done = git(["rev-parse", "--absolute-git-dir"], folder)
    return Path(done.stdout.strip())


def config_value(folder: Path, key: str) -> str | None:
    done = git(["config", "--get", key], folder, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def find_repo_root(folder: Path) -> Path | None:
    """The nearest folder at or above `folder` with a `.git` (no process started)."""
    current = folder.resolve()
    for each in (current, *current.parents):
        if (each / ".git").exists():
            return each
    return None


def rebasing(folder: Path) -> bool:
    """Whether the repository holding `folder` is in the middle of a rebase (no process
    started: a worktree's `.git` file is followed)."""
    root = find_repo_root(folder)
    if root is None:
        return False
    dot_git = root / ".git"
    if dot_git.is_file():  # a worktree or submodule: "gitdir: PATH"
        text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
        dot_git = (root / text.removeprefix("gitdir:").strip()).resolve()
    return (dot_git / "rebase-merge").is_dir() or (dot_git / "rebase-apply").is_dir()


def clash_side_names(folder: Path) -> tuple[str, str]:
    """What git's "ours" and "theirs" are to the inspector: in a merge this copy and the
    other; in a rebase the other way round (ours is what is rebased onto)."""
    if rebasing(folder):
        return "the other (rebased onto)", "your commit (being replayed)"
    return "this copy", "the other"
