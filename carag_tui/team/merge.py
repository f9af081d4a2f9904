"""`carag merge-file BASE OURS THEIRS PATH`: git's merge driver for case files.

Decides on the values (tomllib) what THEIRS changed relative to BASE, then writes it into
OURS so that the file keeps its layout and comments: by splicing lines (`splice.py`, standard
library only: the usual merge of answers imports no TOML writer), or where that cannot be
done, through OURS' tomlkit document (`merge_doc.py`). Per header field, per answer, per
note; tables carag does not know merge key by key. The same answer changed to different
values on both sides is a clash: kept as data in `[conflicts]` (both values, who and when),
the file stays valid TOML, and the exit status is 1 so git marks the path conflicted. A file
that does not parse (or is not a case file) falls back to git's own text merge, untouched.

Imports only the standard library (and tomlkit where a splice cannot do): git starts this
once per merged file.
"""

from __future__ import annotations

import copy
import os
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

from carag_tui.atomic import atomic_write
from carag_tui.team.merge_base import CONFLICTS, LEAF_TABLES, MARKERS, NotMergeable, lookup

MISSING: Any = object()


def _read(path: Path) -> str:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise NotMergeable(str(exc)) from exc
    if any(line.startswith(MARKERS) for line in text.splitlines()):
        raise NotMergeable("conflict markers")
    return text


def _values(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise NotMergeable(str(exc)) from exc


class Merge:
    """One three-way merge of a case file, decided on the values: `ops` says what to write
    into OURS, `clashes` what both sides changed apart. `result` writes it."""

    def __init__(self, base: str, ours: str, theirs: str) -> None:
        self.base = _values(base)
        self.ours_values = _values(ours)
        self.theirs_values = _values(theirs)
        if not any("guide" in d and "case" in d for d in (self.ours_values, self.theirs_values)):
            raise NotMergeable("not a case file")
        self.ours_text, self.theirs_text = ours, theirs
        #: ("take", where): THEIRS' value (and layout); ("delete", where); ("value", where,
        #: value): a value worked out here, in OURS' layout; ("list", where, merged, added):
        #: a list both changed (a list of tables gets THEIRS' added ones appended).
        self.ops: list[tuple[Any, ...]] = []
        self.clashes: dict[str, dict[str, Any]] = {}
        self._merge(self.ours_values, self.base, self.theirs_values, ())

    def result(self, who: tuple[str, str] = ("", ""), *, splice: bool = True) -> str:
        """The merged text of OURS, clashes recorded with `who` changed each side."""
        if splice:
            from carag_tui.team.splice import splice_merge

            text = splice_merge(self, who)
            if text is not None:
                return text
        from carag_tui.team.merge_doc import doc_merge

        return doc_merge(self, who)

    def expected(self, who: tuple[str, str]) -> dict[str, Any]:
        """The merged values (what the file must read as): OURS' with the ops applied."""
        data = copy.deepcopy(self.ours_values)
        for op in self.ops:
            *parents, key = op[1]
            holder = data
            for name in parents:
                holder = holder[name]
            if op[0] == "take":
                holder[key] = copy.deepcopy(lookup(self.theirs_values, op[1]))
            elif op[0] == "delete":
                holder.pop(key, None)
            elif op[0] == "value":
                holder[key] = op[2]
            else:
                holder[key] = op[2] if not _tables(holder.get(key)) else [*holder[key], *op[3]]
        if self.clashes:
            table = data.setdefault(CONFLICTS, {})
            table.update(self.clash_entries(who))
        return data

    def clash_entries(self, who: tuple[str, str]) -> dict[str, dict[str, Any]]:
        """`[conflicts]` entries: both values, who changed each side and when."""
        ours_at = self.ours_values.get("updated")
        theirs_at = self.theirs_values.get("updated")
        entries = {}
        for key, clash in self.clashes.items():
            entry: dict[str, Any] = {}
            for side, at, by in (("ours", ours_at, who[0]), ("theirs", theirs_at, who[1])):
                if clash[side] is not MISSING:
                    entry[side] = clash[side]
                if by:
                    entry[f"{side}_by"] = by
                if isinstance(at, datetime):
                    entry[f"{side}_at"] = at
            entries[key] = entry
        return entries

    # -- the decisions, on plain values --------------------------------------------------

    def _merge(
        self,
        ours: dict[str, Any],
        base: dict[str, Any],
        theirs: dict[str, Any],
        path: tuple[str, ...],
    ) -> None:
        keys = list(dict.fromkeys([*theirs.keys(), *base.keys()]))
        for key in keys:
            b = base.get(key, MISSING)
            t = theirs.get(key, MISSING)
            if t == b:
                continue
            o = ours.get(key, MISSING)
            if o == t:
                continue
            where = (*path, key)
            if isinstance(o, dict) and isinstance(t, dict) and not self._leaf(path):
                self._merge(o, b if isinstance(b, dict) else {}, t, where)  # key by key
            elif o == b:
                self.ops.append(("take", where) if t is not MISSING else ("delete", where))
            else:
                self._both_changed(o, b, t, where)

    def _leaf(self, path: tuple[str, ...]) -> bool:
        return bool(path) and path[0] in LEAF_TABLES

    def _both_changed(self, o: Any, b: Any, t: Any, where: tuple[str, ...]) -> None:
        if (
            where in (("updated",), ("created",))
            and isinstance(o, datetime)
            and isinstance(t, datetime)
        ):
            if (t > o) == (where == ("updated",)):  # the later update, the earlier creation
                self.ops.append(("take", where))
            return
        if len(where) == 2 and where[0] == "notes":
            self.ops.append(("value", where, both_notes(o, b, t)))
            return
        if len(where) == 2 and where[0] == "judged":
            return  # ours kept: the digest says whether our summary saw the merged answers
        if not self._leaf(where[:-1]) and isinstance(o, list) and isinstance(t, list):
            base_list = b if isinstance(b, list) else []
            merged = [v for v in o if v in t or v not in base_list]
            merged += [v for v in t if v not in base_list and v not in merged]
            added = [v for v in t if v not in o and v not in base_list]
            self.ops.append(("list", where, merged, added))
            return
        self.clashes["/".join(where) if where[0] not in ("answers",) else where[-1]] = {
            "ours": o,
            "theirs": t,
        }


def _tables(value: Any) -> bool:
    """A list of tables (its merge appends THEIRS' new ones)."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def both_notes(o: Any, b: Any, t: Any) -> str:
    """A note changed on both sides keeps both texts (nothing is lost)."""
    ours_text = (o if isinstance(o, str) else "").rstrip("\n")
    theirs_text = (t if isinstance(t, str) else "").rstrip("\n")
    base_text = (b if isinstance(b, str) else "").rstrip("\n")
    if not ours_text or not theirs_text:
        text = ours_text or theirs_text
    elif base_text and theirs_text.startswith(base_text):
        text = ours_text + "\n" + theirs_text[len(base_text) :].lstrip("\n")
    else:
        text = f"{ours_text}\n\n(from the other copy:)\n{theirs_text}"
    return text + "\n"


# -- who changed each side ------------------------------------------------------------------


def _author(rev: str, path: str, cwd: Path) -> str:
    import subprocess  # only where a clash needs the authors

    done = subprocess.run(
        ["git", "log", "-1", "--format=%an", rev, "--", path],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def _theirs_rev(cwd: Path) -> str | None:
    heads = [key[len("GITHEAD_") :] for key in os.environ if key.startswith("GITHEAD_")]
    if len(heads) == 1:  # `git merge` names the commit merged in this way
        return heads[0]
    import subprocess

    done = subprocess.run(
        ["git", "rev-parse", "--absolute-git-dir"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return None
    gitdir = Path(done.stdout.strip())
    for name in ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "REBASE_HEAD"):
        if (gitdir / name).exists():
            return (gitdir / name).read_text().split()[0]
    todo_done = gitdir / "rebase-merge" / "done"
    if todo_done.exists():  # a rebase: the commit being picked is the last one done
        lines = [line.split() for line in todo_done.read_text().splitlines() if line.strip()]
        if lines and len(lines[-1]) > 1:
            return lines[-1][1]
    return None


def who_changed(path: str, cwd: Path) -> tuple[str, str]:
    """The authors of the last commit on each side that touched the file ('' when unknown).
    In a rebase git's "ours" is the branch being rebased onto, "theirs" the commit replayed."""
    theirs = _theirs_rev(cwd)
    return _author("HEAD", path, cwd), _author(theirs, path, cwd) if theirs else ""


# -- the driver -----------------------------------------------------------------------------


def text_merge(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """git's own line merge, as without the driver (conflict markers on overlap)."""
    import subprocess

    done = subprocess.run(
        [
            "git",
            "merge-file",
            "-L",
            f"ours:{name}",
            "-L",
            "base",
            "-L",
            f"theirs:{name}",
            str(ours),
            str(base),
            str(theirs),
        ],
        check=False,
    )
    return 1 if done.returncode != 0 else 0


def merge_file(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Merge THEIRS into OURS (the file git reads back); 0 clean, 1 when something clashed."""
    try:
        merge = Merge(_read(base), _read(ours), _read(theirs))
        text = merge.result(who_changed(name, Path.cwd()) if merge.clashes else ("", ""))
        tomllib.loads(text)
    except NotMergeable:
        return text_merge(base, ours, theirs, name)
    atomic_write(ours, text)
    return 1 if merge.clashes else 0


def merge_file_command(base: str, ours: str, theirs: str, name: str) -> int:
    """`carag merge-file BASE OURS THEIRS PATH` as git runs it."""
    return merge_file(Path(base), Path(ours), Path(theirs), name)
