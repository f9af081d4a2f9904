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


def git(args: Sequence[str], cwd: Path, *, check: bool = True, input: str | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `git ARGS` in `cwd`; a failure (when `check`) is a `GitError` with git's words."""
    if not git_available():
        raise GitError("git is not installed (or not on PATH): install git first")
    full_env = {**os.environ, "LC_ALL": "C", **(env or {})}
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          input=input, env=full_env, check=False)
    if check and done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise GitError(f"git {args[0]} failed: {said[-1] if said else f'exit {done.returncode}'}")
    return done


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
