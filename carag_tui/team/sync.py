"""`carag sync [DIR]`: commit the changed case files, pull with carag's merge, push.

For inspectors who are not git experts: one command, a report in their words (which cases
and questions were shared, which came in, which clash and how to resolve them). It refuses,
saying why and what to do, where going on could lose work or confuse git: changes to files
that are not cases, an unfinished merge that still has clashes, a case that does not parse,
a clone without carag's drivers, or a user.name/email that is not set.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from attrs import Factory, define

from carag_tui.case.clashes import clashed_ids
from carag_tui.case.workspace import is_case_file
from carag_tui.team.git import GitError, config_value, git, git_dir, read_objects, top_level
from carag_tui.team.setup import missing_setup

IN_PROGRESS = {
    "MERGE_HEAD": "merge",
    "rebase-merge": "rebase",
    "rebase-apply": "rebase",
    "CHERRY_PICK_HEAD": "cherry-pick",
    "REVERT_HEAD": "revert",
}


SETUP_FILES = (".gitattributes", ".gitignore")


class SyncRefused(Exception):
    """Sync did not start (nothing was changed); the message says why and what to do."""


@define
class SyncReport:
    """What one sync did."""

    committed: dict[str, list[str]] = Factory(dict)  # file -> questions changed here
    commit: str = ""
    merged: dict[str, list[str]] = Factory(dict)  # file -> questions changed by others
    merged_by: dict[str, list[str]] = Factory(dict)  # file -> who changed it there
    clashes: dict[str, list[str]] = Factory(dict)  # file -> question ids both sides changed
    unresolved: dict[str, str] = Factory(dict)  # conflicted file -> what git left, what to do
    pushed: str = ""  # where to, when pushed
    remote_note: str = ""  # why nothing was pulled or pushed
    finished: str = ""  # a merge or rebase carag sync completed

    @property
    def ok(self) -> bool:
        return not self.clashes and not self.unresolved


def _status(root: Path) -> list[tuple[str, str]]:
    """(two-letter status, path from the root) of every change, untracked files included."""
    out = git(["status", "--porcelain=v1", "-z", "--untracked-files=all"], root).stdout
    entries, parts = [], out.split("\0")
    index = 0
    while index < len(parts):
        entry = parts[index]
        index += 1
        if len(entry) < 4:
            continue
        code, name = entry[:2], entry[3:]
        if code[0] in "RC":
            index += 1  # the rename's source follows
        entries.append((code, name))
    return entries


def _in_progress(root: Path) -> str | None:
    folder = git_dir(root)
    return next((what for name, what in IN_PROGRESS.items() if (folder / name).exists()), None)


def _parse(path: Path) -> dict[str, Any] | None:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None


def _labels(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    """The answers (ids), notes ("note ID") and status that differ between two versions."""
    if new is None:
        return ["case deleted"]
    if old is None:
        return ["new case"]
    found = []
    for table, prefix in (("answers", ""), ("notes", "note ")):
        a, b = old.get(table) or {}, new.get(table) or {}
        found += [f"{prefix}{k}" for k in sorted({*a, *b}) if a.get(k) != b.get(k)]
    if old.get("status") != new.get("status"):
        found.append(f"status {new.get('status')}")
    return found


def _versions(root: Path, rev: str, names: list[str]) -> dict[str, dict[str, Any] | None]:
    blobs = read_objects([f"{rev}:{n}" for n in names], root)
    found: dict[str, dict[str, Any] | None] = {}
    for name in names:
        raw = blobs.get(f"{rev}:{name}")
        try:
            found[name] = None if raw is None else tomllib.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
            found[name] = {}
    return found


def _is_case(root: Path, folder: Path, name: str) -> bool:
    path = root / name
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return is_case_file(path)


def _is_setup(root: Path, folder: Path, name: str) -> bool:
    """`.gitattributes` / `.gitignore` that `carag init` wrote, not yet in git."""
    return Path(name).name in SETUP_FILES and (root / name).parent.resolve() == folder.resolve()


def _head(root: Path) -> str | None:
    done = git(["rev-parse", "-q", "--verify", "HEAD"], root, check=False)
    return done.stdout.strip() or None


def _deleted_on_one_side(root: Path) -> dict[str, str]:
    """Conflicted files deleted on one side and changed on the other, with what to do."""
    found = {}
    for code, name in _status(root):
        if code in ("DU", "UD"):
            side = "here" if code == "DU" else "by the other side"
            found[name] = (
                f"deleted {side} and changed on the other: keep it (`git add "
                f"{name}`) or delete it (`git rm {name}`), then `carag sync` again"
            )
    return found


def _unmerged(root: Path) -> list[str]:
    out = git(["diff", "--name-only", "-z", "--diff-filter=U"], root).stdout
    return [n for n in out.split("\0") if n]


def check_ready(folder: Path) -> Path:
    """The repository root, or `SyncRefused` saying what must be done first."""
    root = top_level(folder)
    if root is None:
        raise SyncRefused(
            f"{folder} is not in a git repository: `carag init {folder}`, "
            "then add the team's remote (`git remote add origin URL`)"
        )
    missing = missing_setup(folder)
    if missing:
        raise SyncRefused(
            f"{missing[0]}: run `carag init {folder}` first (without carag's "
            "driver git merges case files line by line)"
        )
    for key in ("user.name", "user.email"):
        if not config_value(root, key):
            raise SyncRefused(
                f"git {key} is not set, so a commit cannot say who answered: "
                f'`git config --global {key} "…"`'
            )
    return root


def _finish(root: Path, folder: Path, report: SyncReport) -> None:
    """An unfinished merge or rebase: complete it where every clash is resolved, else refuse."""
    what = _in_progress(root)
    if what is None:
        return
    unmerged = _unmerged(root)
    deleted = _deleted_on_one_side(root)
    blocking = []
    for name in unmerged:
        data = _parse(root / name)
        if name in deleted:
            blocking.append(f"{name} ({deleted[name]})")
        elif not _is_case(root, folder, name):
            blocking.append(f"{name} (not a case file: resolve it with git, then `git add`)")
        elif data is None:
            blocking.append(f"{name} (does not parse: `carag check {root / name}` says where)")
        elif clashed_ids(data):
            blocking.append(
                f"{name} (clash on {', '.join(sorted(clashed_ids(data)))}: "
                f"`carag open {root / name}` picks a side)"
            )
    if blocking or what not in ("merge", "rebase"):
        raise SyncRefused(
            f"a git {what} is not finished: "
            + "; ".join(
                blocking
                or [f"finish it (`git {what} --continue`) or abort it (`git {what} --abort`)"]
            )
            + "; then `carag sync` again"
        )
    if unmerged:
        git(["add", "--", *unmerged], root)
    if what == "merge":
        git(["commit", "--no-edit", "-q"], root)
    else:
        git(["rebase", "--continue"], root, env={"GIT_EDITOR": "true"})
    report.finished = f"the unfinished git {what} (clashes resolved in {len(unmerged)} files)"


def _commit(root: Path, folder: Path, report: SyncReport) -> None:
    changes = _status(root)
    others = [name for code, name in changes if not _is_case(root, folder, name) and code != "??"]
    if others:
        raise SyncRefused(
            "files that are not case files have changes not committed: "
            f"{', '.join(others[:5])}{' …' if len(others) > 5 else ''}; commit "
            "or undo them with git first (sync shares case files only)"
        )
    cases = [name for _code, name in changes if _is_case(root, folder, name)]
    setup = [name for code, name in changes if code == "??" and _is_setup(root, folder, name)]
    if not cases and not setup:
        return
    for name in cases:
        data = _parse(root / name)
        if (root / name).exists() and data is None:
            raise SyncRefused(
                f"{root / name} does not parse, so it is not shared: "
                f"`carag check {root / name}` says where; nothing was committed"
            )
        if data is not None and clashed_ids(data):
            raise SyncRefused(
                f"{root / name} still records a clash on "
                f"{', '.join(sorted(clashed_ids(data)))}: `carag open "
                f"{root / name}` picks a side; nothing was committed"
            )
    before = _versions(root, "HEAD", cases) if _head(root) else dict.fromkeys(cases)
    for name in cases:
        report.committed[name] = _labels(before.get(name), _parse(root / name))
    if setup:
        report.committed.update({name: ["carag's git set-up"] for name in setup})
    git(["add", "-A", "--", *cases, *setup], root)
    git(["commit", "-q", "-m", commit_message(report.committed)], root)
    report.commit = _head(root) or ""


def commit_message(changed: dict[str, list[str]]) -> str:
    """`carag sync: 2 cases (DEMO-UW-01, DEMO-UW-02)` and a line per case naming what changed."""
    refs = [Path(name).stem for name in changed if Path(name).name not in SETUP_FILES]
    subject = (
        f"carag sync: {len(refs)} case{'s' if len(refs) != 1 else ''} ({', '.join(refs)})"
        if refs
        else "carag sync: carag's git set-up"
    )
    if len(subject) > 72:
        subject = subject[:70].rsplit(",", 1)[0] + ", …)"
    body = [
        f"{Path(name).stem or name}: {', '.join(labels) or 'layout only'}"
        for name, labels in changed.items()
    ]
    return subject + "\n\n" + "\n".join(body) + "\n"


def _upstream(root: Path, remote: str | None) -> tuple[str, str] | None:
    """(remote, branch) to pull from and push to; None when the clone has no remote."""
    branch = git(["symbolic-ref", "--short", "-q", "HEAD"], root, check=False).stdout.strip()
    if not branch:
        raise SyncRefused("HEAD is detached (not on a branch): `git switch BRANCH` first")
    if remote is None:
        remote = config_value(root, f"branch.{branch}.remote")
        merge = config_value(root, f"branch.{branch}.merge")
        if remote and merge:
            return remote, merge.removeprefix("refs/heads/")
        remotes = git(["remote"], root).stdout.split()
        if not remotes:
            return None
        remote = "origin" if "origin" in remotes else remotes[0]
    return remote, branch


def _pull(root: Path, folder: Path, where: tuple[str, str], report: SyncReport) -> bool:
    """Fetch and merge (carag's driver merges the cases); False when the remote has no branch."""
    remote, branch = where
    fetched = git(["fetch", "-q", remote, branch], root, check=False)
    if fetched.returncode != 0:
        if "couldn't find remote ref" in fetched.stderr:
            return False
        said = fetched.stderr.strip().splitlines()
        raise GitError(f"git fetch {remote} failed: {said[-1] if said else 'no reason given'}")
    before = _head(root)
    base = (
        git(["merge-base", before, "FETCH_HEAD"], root, check=False).stdout.strip()
        if before
        else ""
    )
    merging = git(["merge", "--no-edit", "-q", "FETCH_HEAD"], root, check=False)
    unmerged = _unmerged(root)
    if merging.returncode != 0 and not unmerged:
        said = (merging.stderr or merging.stdout).strip().splitlines()
        raise GitError(f"git merge failed: {said[-1] if said else 'no reason given'}")
    listed = (
        ["diff", "--name-only", "-z", base, "FETCH_HEAD"]
        if base
        else ["ls-tree", "-r", "-z", "--name-only", "FETCH_HEAD"]
    )
    names = [
        n
        for n in git(listed, root).stdout.split("\0")
        if n and _is_case(root, folder, n) and n not in unmerged
    ]
    old = _versions(root, base, names) if base else dict.fromkeys(names)
    new = _versions(root, "FETCH_HEAD", names)
    for name in names:
        report.merged[name] = _labels(old[name], new[name])
        who = git(
            ["log", "--format=%an", f"{base}..FETCH_HEAD" if base else "FETCH_HEAD", "--", name],
            root,
        ).stdout.splitlines()
        report.merged_by[name] = list(dict.fromkeys(w for w in who if w))
    deleted = _deleted_on_one_side(root)
    for name in unmerged:
        data = _parse(root / name) if _is_case(root, folder, name) else None
        if name in deleted:
            report.unresolved[name] = deleted[name]
        elif data is not None and clashed_ids(data):
            report.clashes[name] = sorted(clashed_ids(data))
        else:
            report.unresolved[name] = (
                f"git's conflict markers: edit it, `git add {name}`, then `carag sync` again"
            )
    return True


def sync(folder: Path, remote: str | None = None) -> SyncReport:
    """Commit, pull, push; what happened. `SyncRefused` before anything was changed."""
    root = check_ready(folder)
    report = SyncReport()
    _finish(root, folder, report)
    _commit(root, folder, report)
    where = _upstream(root, remote)
    if where is None:
        report.remote_note = (
            "this clone has no remote: committed here only (`git remote add origin URL` to share)"
        )
        return report
    for _attempt in range(3):  # someone pushed in between: pull again
        _pull(root, folder, where, report)
        if not report.ok:
            return report
        if _head(root) is None:
            report.remote_note = "nothing to share yet: no commit in this clone"
            return report
        pushed = git(
            ["push", "-q", "-u", where[0], f"HEAD:refs/heads/{where[1]}"], root, check=False
        )
        if pushed.returncode == 0:
            report.pushed = f"{where[0]} {where[1]}"
            return report
        if "rejected" not in pushed.stderr and "fetch first" not in pushed.stderr:
            said = pushed.stderr.strip().splitlines()
            raise GitError(f"git push failed: {said[-1] if said else 'no reason given'}")
    raise GitError(
        f"git push to {where[0]} was rejected three times (others pushing): `carag sync` again"
    )
