"""`carag doctor`: what silently breaks teamwork in git, each with how to fix it."""

from __future__ import annotations

import fnmatch
import tomllib
from collections import defaultdict
from pathlib import Path

from carag_tui.case.clashes import clashed_ids
from carag_tui.case.lock import read_lock
from carag_tui.case.workspace import case_files
from carag_tui.team.git import config_value, git, git_available, top_level
from carag_tui.team.setup import missing_setup

TRACKED_JUNK = (".*.toml.lock", ".*.tmp")


def diagnose(folder: Path) -> list[str]:
    """Each problem found, with the fix; empty when teamwork is set up right."""
    if not git_available():
        return ["git is not installed (or not on PATH): install git, then run `carag init`"]
    if top_level(folder) is None:
        return [f"{folder} is not in a git repository: run `carag init {folder}`"]
    problems = [
        f"{what}: run `carag init {folder}` (without it git merges case files line "
        "by line, and a clash can drop an answer)"
        for what in missing_setup(folder)
    ]
    for key in ("user.name", "user.email"):
        if not config_value(folder, key):
            problems.append(
                f"git {key} is not set, so commits do not say who answered: "
                f'`git config --global {key} "…"`'
            )
    tracked = git(["ls-files", "-z", "--", "."], folder).stdout.split("\0")
    for name in tracked:
        if any(fnmatch.fnmatch(Path(name).name, pattern) for pattern in TRACKED_JUNK):
            problems.append(
                f"{name} is tracked by git (it would lock or clutter every "
                f"clone): `git rm --cached {name}`, then commit"
            )
    unmerged = git(["diff", "--name-only", "--diff-filter=U", "--", "."], folder).stdout.split()
    for name in unmerged:
        problems.append(f"{name}: an unfinished git merge; resolve it, then `git add {name}`")
    versions: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in case_files([folder]):
        holder = read_lock(path)
        if holder is not None and holder.stale:
            problems.append(
                f"{path}: stale lock left by {holder.describe()} (opening the case takes it over)"
            )
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
            problems.append(
                f"{path}: does not parse (a merge conflict left in it?): "
                f"`carag check {path}` says where"
            )
            continue
        clashed = sorted(clashed_ids(data))
        if clashed:
            problems.append(
                f"{path}: both sides of a merge changed {', '.join(clashed)}: "
                f"pick one with `carag open {path}`"
            )
        if isinstance(data.get("guide"), str):
            versions[data["guide"]][str(data.get("guide_version", ""))].append(path.name)
    for guide, by_version in sorted(versions.items()):
        if len(by_version) > 1:
            listed = "; ".join(
                f"{v or '(none)'}: {len(names)} cases" for v, names in sorted(by_version.items())
            )
            problems.append(
                f"cases of {guide} name different guide versions ({listed}): "
                "agree on one version before the report"
            )
    return problems
