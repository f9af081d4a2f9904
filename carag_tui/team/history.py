"""`carag history FILE [QID…]`: each answer's history, read from git.

One `git log` (with the blob ids of each version) and one `git cat-file --batch` (every version's
text) whatever the number of commits; each version is parsed once with tomllib. A commit's
change is the difference between its version and its parent's; a merge commit counts only the
answers it set to a value none of its parents had (a clash resolved in the merge). What this
clone cannot show is said: history cut off by a shallow clone, versions a partial clone has
not fetched, and changes not committed yet.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from attrs import Factory, define, frozen

from carag_tui.team.git import GitError, git, git_dir, read_objects, top_level

NO_BLOB = "0" * 40
MISSING: Any = object()  # an answer a version does not hold
COMMIT_MARK = "\x01"
#: A commit trailer's value (the last one, on one line), in `git log --format`.
TRAILER = "%%(trailers:key=%s,valueonly,separator=%%x20)"


class HistoryError(Exception):
    """The file has no history to show (not in git, not tracked); the message says why."""


@frozen
class AnswerChange:
    """One answer changed in one commit; `old`/`new` are None where there was no answer."""

    qid: str
    commit: str
    when: str  # the author date, ISO 8601
    who: str
    email: str
    old: Any
    new: Any
    message: str
    merge: bool = False  # set in a merge commit (a clash resolved there)
    first_seen: bool = False  # the oldest version this clone holds: earlier history unseen

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.qid,
            "commit": self.commit,
            "when": self.when,
            "who": self.who,
            "email": self.email,
            "old": self.old,
            "new": self.new,
            "message": self.message,
            "merge": self.merge,
            "first_seen": self.first_seen,
        }


@frozen
class ReviewCommit:
    """A review decision committed with `Reviewed-by:` / `QA-Status:` trailers (`carag review
    --commit`, or the app's review)."""

    commit: str
    when: str
    reviewer: str
    status: str  # approved | returned
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "commit": self.commit,
            "when": self.when,
            "reviewer": self.reviewer,
            "status": self.status,
            "message": self.message,
        }


@define
class Commit:
    sha: str
    parents: list[str]
    who: str
    email: str
    when: str
    message: str
    qa_status: str = ""
    reviewed_by: str = ""
    blob: str = NO_BLOB  # the file's version in this commit
    parent_blobs: list[str] = Factory(list)


@define
class History:
    """What git says about one case file's answers."""

    path: Path
    commits: int = 0
    changes: list[AnswerChange] = Factory(list)
    not_seen: list[str] = Factory(list)  # what this clone could not show, and how to see it
    uncommitted: dict[str, tuple[Any, Any]] = Factory(dict)  # qid -> (committed, on disk)
    reviews: list[ReviewCommit] = Factory(list)  # oldest first

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "commits": self.commits,
            "changes": [c.to_json() for c in self.changes],
            "reviews": [r.to_json() for r in self.reviews],
            "uncommitted": [
                {"id": qid, "old": old, "new": new} for qid, (old, new) in self.uncommitted.items()
            ],
            "not_seen": self.not_seen,
        }


def _log(path: Path, root: Path) -> list[Commit]:
    """Every commit that changed the file, newest first, with the file's blob ids."""
    rel = path.resolve().relative_to(root.resolve()).as_posix()
    done = git(
        [
            "log",
            "-c",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            f"--format={COMMIT_MARK}%H%x00%P%x00%an%x00%ae%x00%aI%x00{TRAILER % 'QA-Status'}"
            f"%x00{TRAILER % 'Reviewed-by'}%x00%s",
            "--",
            rel,
        ],
        root,
    )
    commits: list[Commit] = []
    for line in done.stdout.splitlines():
        if line.startswith(COMMIT_MARK):
            sha, parents, who, email, when, status, by, message = line[1:].split("\0", 7)
            commits.append(
                Commit(sha, parents.split(), who, email, when, message, status.strip(), by.strip())
            )
        elif line.startswith(":") and commits and "\t" in line:
            fields = line.split("\t", 1)[0].lstrip(":").split()
            blobs = [f for f in fields if len(f) == 40]
            commits[-1].parent_blobs, commits[-1].blob = blobs[:-1], blobs[-1]
    return commits


def _versions(blobs: set[str], root: Path) -> dict[str, dict[str, Any] | None]:
    """Each blob's answers (None: not in this clone, or not a case file that parses)."""
    found: dict[str, dict[str, Any] | None] = {NO_BLOB: {}}
    for blob, raw in read_objects(sorted(blobs - {NO_BLOB}), root).items():
        found[blob] = None if raw is None else _answers(raw)
    return found


def _answers(raw: bytes) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None
    answers = data.get("answers")
    return dict(answers) if isinstance(answers, dict) else {}


def _shallow_cut(root: Path) -> set[str]:
    """The commits a shallow clone stops at (their parents are not here)."""
    shallow = git_dir(root) / "shallow"
    try:
        return set(shallow.read_text().split())
    except OSError:
        return set()


def _plain(value: Any) -> Any:
    return None if value is MISSING else value


def file_history(path: Path, qids: list[str] | None = None) -> History:
    """The history of the answers in `path` (only `qids` when given), oldest change first."""
    path = Path(path)
    folder = path.parent if path.parent.exists() else Path.cwd()
    root = top_level(folder)
    if root is None:
        raise HistoryError(f"{path} is not in a git repository: its history is in no commit")
    commits = _log(path, root)
    if not commits and not path.exists():
        raise HistoryError(f"{path}: no such file, and git has no history of it")
    history = History(path, commits=len(commits))
    wanted = set(qids or ())
    blobs = {c.blob for c in commits} | {b for c in commits for b in c.parent_blobs}
    versions = _versions(blobs, root)
    cut = _shallow_cut(root)
    unseen = 0
    for commit in reversed(commits):
        if commit.qa_status:
            history.reviews.append(
                ReviewCommit(
                    commit.sha,
                    commit.when,
                    commit.reviewed_by or commit.who,
                    commit.qa_status,
                    commit.message,
                )
            )
        new = versions.get(commit.blob)
        olds = [versions.get(b) for b in commit.parent_blobs] or [{}]
        if new is None or any(old is None for old in olds):
            unseen += 1
            continue
        first = commit.sha in cut and not commit.parents
        for qid in sorted({*new, *(k for old in olds if old for k in old)}):
            if wanted and qid not in wanted:
                continue
            value = new.get(qid, MISSING)
            before = [old.get(qid, MISSING) for old in olds if old is not None]
            if all(b != value for b in before):
                history.changes.append(
                    AnswerChange(
                        qid,
                        commit.sha,
                        commit.when,
                        commit.who,
                        commit.email,
                        _plain(before[0]),
                        _plain(value),
                        commit.message,
                        merge=len(commit.parents) > 1,
                        first_seen=first,
                    )
                )
        if first:
            history.not_seen.append(
                f"history before {commit.when[:10]} (commit {commit.sha[:10]}) is not in this "
                "shallow clone: `git fetch --unshallow` shows the rest; its answers are shown "
                "as first seen, not as changed then"
            )
    if unseen:
        history.not_seen.append(
            f"{unseen} of {len(commits)} commits hold versions of the file this clone has not "
            "fetched (a partial clone, offline?): `git fetch` with the remote reachable, or "
            "a full clone, shows them"
        )
    _uncommitted(history, path, root, versions, commits, wanted)
    return history


def _uncommitted(
    history: History,
    path: Path,
    root: Path,
    versions: dict[str, dict[str, Any] | None],
    commits: list[Commit],
    wanted: set[str],
) -> None:
    """Answers on disk that differ from the last commit (saved, not committed yet)."""
    try:
        on_disk = _answers(path.read_bytes())
    except OSError:
        return
    committed = versions.get(commits[0].blob, {}) if commits else {}
    if on_disk is None or committed is None:
        return
    for qid in sorted({*on_disk, *committed}):
        if wanted and qid not in wanted:
            continue
        old, new = committed.get(qid, MISSING), on_disk.get(qid, MISSING)
        if old != new:
            history.uncommitted[qid] = (_plain(old), _plain(new))


__all__ = ["AnswerChange", "GitError", "History", "HistoryError", "ReviewCommit", "file_history"]
