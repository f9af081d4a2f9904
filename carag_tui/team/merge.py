"""`carag merge-file BASE OURS THEIRS PATH`: git's merge driver for case files.

Works on the tomlkit document of OURS and applies THEIRS' changes relative to BASE, so the
file keeps its layout and comments. Per header field, per answer, per note; tables carag does
not know merge key by key. The same answer changed to different values on both sides is a
clash: kept as data in `[conflicts]` (both values, who and when), the file stays valid TOML,
and the exit status is 1 so git marks the path conflicted. A file that does not parse (or is
not a case file) falls back to git's own text merge, untouched by carag.

Imports only tomlkit and the standard library: git starts this once per merged file.
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, InlineTable, Item, String, StringType, Table, Trivia

from carag_tui.atomic import atomic_write

MISSING: Any = object()
CONFLICTS = "conflicts"
#: Tables whose entries are leaves: two different values of one entry are a clash.
LEAF_TABLES = {"answers"}
MARKERS = ("<<<<<<<", ">>>>>>>")
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"\\]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


class NotMergeable(Exception):
    """The driver leaves this file to git's text merge."""


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


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


class Merge:
    """One three-way merge of a case file; `clashes` lists what both sides changed apart."""

    def __init__(self, base: str, ours: str, theirs: str) -> None:
        self.base = _values(base)
        self.ours_values = _values(ours)
        self.theirs_values = _values(theirs)
        if not any("guide" in d and "case" in d for d in (self.ours_values, self.theirs_values)):
            raise NotMergeable("not a case file")
        try:
            self.doc = tomlkit.parse(ours)
        except Exception as exc:  # tomlkit refuses what tomllib read
            raise NotMergeable(str(exc)) from exc
        self.theirs_text = theirs
        self._theirs_doc: Any = None  # THEIRS' layout, parsed only if a whole item is copied
        self._theirs_lines: dict[tuple[str, str], str] | None = None
        self.clashes: dict[str, dict[str, Any]] = {}

    def run(self) -> str:
        self._merge(self.doc, self.base, self.theirs_values, (), top=True)
        return tomlkit.dumps(self.doc)

    # -- THEIRS' items: values from tomllib, layout from tomlkit only where it is needed ---

    def _theirs_item(self, where: tuple[str, ...], value: Any) -> Item:
        """THEIRS' item at `where` with its comment: from its one line where the value is on
        one line (checked against tomllib's value), else from THEIRS parsed whole."""
        if not isinstance(value, dict):
            line = self._lines().get(("/".join(where[:-1]), where[-1]))
            if line is not None:
                try:
                    single = tomlkit.parse(line + "\n")
                except Exception:  # not one line after all: parse it whole
                    single = None
                if single is not None and list(single) == [where[-1]] \
                        and _plain(single[where[-1]]) == value:
                    return single.item(where[-1])
        if self._theirs_doc is None:
            try:
                self._theirs_doc = tomlkit.parse(self.theirs_text)
            except Exception as exc:  # tomlkit refuses what tomllib read
                raise NotMergeable(str(exc)) from exc
        holder = self._theirs_doc
        for name in where[:-1]:
            holder = holder[name]
        return copy.deepcopy(holder.item(where[-1]) if hasattr(holder, "item")
                             else holder[where[-1]])

    def _lines(self) -> dict[tuple[str, str], str]:
        """THEIRS' `key = value` lines by (table, key): a guess that `_theirs_item` checks."""
        if self._theirs_lines is None:
            found: dict[tuple[str, str], str] = {}
            table = ""
            for line in self.theirs_text.splitlines():
                header = _HEADER.match(line)
                if header:
                    table = "/".join(p.strip().strip('"\'') for p in header.group(1).split("."))
                    continue
                key = _KEY.match(line)
                if key:
                    found.setdefault((table, next(g for g in key.groups() if g)), line)
            self._theirs_lines = found
        return self._theirs_lines

    # -- the walk over keys ---------------------------------------------------------------

    def _merge(self, ours: Any, base: dict[str, Any], theirs: Any, path: tuple[str, ...],
               top: bool = False) -> None:
        keys = list(dict.fromkeys([*theirs.keys(), *base.keys()]))
        for key in keys:
            b = base.get(key, MISSING)
            t = theirs.get(key, MISSING)
            if t == b:
                continue
            o = _plain(ours[key]) if key in ours else MISSING
            if o == t:
                continue
            where = (*path, key)
            if o == b:
                self._take_theirs(ours, theirs, key, where, top)
            elif isinstance(o, dict) and isinstance(t, dict) and not self._leaf(path):
                self._merge(ours[key], b if isinstance(b, dict) else {}, theirs[key], where)
            else:
                self._both_changed(ours, theirs, key, o, b, t, where)

    def _leaf(self, path: tuple[str, ...]) -> bool:
        return bool(path) and path[0] in LEAF_TABLES

    def _both_changed(self, ours: Any, theirs: Any, key: str, o: Any, b: Any, t: Any,
                      where: tuple[str, ...]) -> None:
        if where == ("updated",) and isinstance(o, datetime) and isinstance(t, datetime):
            if t > o:
                _set_keeping_comment(ours, key, t)
            return
        if where == ("created",) and isinstance(o, datetime) and isinstance(t, datetime):
            if t < o:
                _set_keeping_comment(ours, key, t)
            return
        if len(where) == 2 and where[0] == "notes":
            self._both_notes(ours, key, o, b, t)
            return
        if not self._leaf(where[:-1]) and isinstance(o, list) and isinstance(t, list):
            base_list = b if isinstance(b, list) else []
            merged = [v for v in o if v in t or v not in base_list]
            merged += [v for v in t if v not in base_list and v not in merged]
            if isinstance(ours[key], AoT):
                theirs_aot = self._theirs_item(where, t)
                for each in theirs_aot:
                    if _plain(each) not in o and _plain(each) not in base_list:
                        ours[key].append(copy.deepcopy(each))
            else:
                ours[key] = merged
            return
        self.clashes["/".join(where) if where[0] not in ("answers",) else where[-1]] = {
            "ours": o, "theirs": t,
        }

    def _both_notes(self, ours: Any, key: str, o: Any, b: Any, t: Any) -> None:
        """A note changed on both sides keeps both texts (nothing is lost)."""
        ours_text = (o if isinstance(o, str) else "").rstrip("\n")
        theirs_text = (t if isinstance(t, str) else "").rstrip("\n")
        base_text = (b if isinstance(b, str) else "").rstrip("\n")
        if not ours_text or not theirs_text:
            text = ours_text or theirs_text
        elif base_text and theirs_text.startswith(base_text):
            text = ours_text + "\n" + theirs_text[len(base_text):].lstrip("\n")
        else:
            text = f"{ours_text}\n\n(from the other copy:)\n{theirs_text}"
        ours[key] = _note_item(text + "\n")

    def _take_theirs(self, ours: Any, theirs: dict[str, Any], key: str,
                     where: tuple[str, ...], top: bool) -> None:
        if key not in theirs:
            del ours[key]
            return
        value = theirs[key]
        if key in ours and _simple(value) and not isinstance(ours.item(key) if
                                                             hasattr(ours, "item") else
                                                             ours[key], AoT):
            _set_keeping_comment(ours, key, value)  # the common case: no THEIRS layout needed
            return
        item = self._theirs_item(where, value)
        if key in ours:
            ours[key] = item
            return
        if top and isinstance(item, Table | AoT):
            ours.add(tomlkit.nl())
            ours.add(key, item)
            return
        _insert_like(ours, list(theirs), key, item)

    # -- clashes --------------------------------------------------------------------------

    def record(self, who: tuple[str, str]) -> None:
        """Write the clashes into `[conflicts]`, with who changed each side and when."""
        if not self.clashes:
            return
        if CONFLICTS not in self.doc:
            self.doc.add(tomlkit.nl())
            table = tomlkit.table()
            table.comment("both sides changed these: pick one with `carag open FILE`")
            self.doc.add(CONFLICTS, table)
        table = self.doc[CONFLICTS]
        ours_at = self.ours_values.get("updated")
        theirs_at = self.theirs_values.get("updated")
        for key, clash in self.clashes.items():
            entry = tomlkit.inline_table()
            for side, at, by in (("ours", ours_at, who[0]), ("theirs", theirs_at, who[1])):
                if clash[side] is not MISSING:
                    entry[side] = clash[side]
                if by:
                    entry[f"{side}_by"] = by
                if isinstance(at, datetime):
                    entry[f"{side}_at"] = at
            table[key] = entry


def _note_item(text: str) -> Item:
    raw = tomlkit.string(text, multiline=True).as_string()[3:-3]
    raw = "\n".join((f"\\u{ord(line[0]):04X}" + line[1:])
                    if line[:7] in ("=======", "<<<<<<<", ">>>>>>>", "|||||||") else line
                    for line in raw.split("\n"))
    return String(StringType.MLB, text, "\n" + raw, Trivia())


def _simple(value: Any) -> bool:
    """A value whose layout carag makes itself: not a table, nor a list of tables."""
    if isinstance(value, dict):
        return False
    return not (isinstance(value, list) and any(isinstance(v, dict) for v in value))


def _set_keeping_comment(container: Any, key: str, value: Any) -> None:
    """`container[key] = value`, keeping the old item's comment (the question's text) and, for
    text on several lines, the multi-line form."""
    old = container.item(key) if hasattr(container, "item") else container[key]
    item = _note_item(value) if isinstance(value, str) and "\n" in value \
        else tomlkit.item(value)
    trivia = getattr(old, "trivia", None)
    if trivia is not None and hasattr(item, "trivia"):
        item.trivia.comment_ws, item.trivia.comment = trivia.comment_ws, trivia.comment
    container[key] = item


def _insert_like(ours: Any, order: list[str], key: str, item: Item) -> None:
    """Put a key theirs added where theirs has it: after the nearest earlier key ours holds."""
    before = [k for k in order[: order.index(key)] if k in ours]
    container = ours.value if isinstance(ours, Table | InlineTable) else ours
    if isinstance(ours, InlineTable) or not before:
        ours[key] = item
        return
    container._insert_after(before[-1], key, item)
    if isinstance(ours, Table) and key not in dict.keys(ours):
        dict.__setitem__(ours, key, item)


# -- who changed each side ------------------------------------------------------------------

def _author(rev: str, path: str, cwd: Path) -> str:
    import subprocess  # only where a clash needs the authors

    done = subprocess.run(["git", "log", "-1", "--format=%an", rev, "--", path], cwd=cwd,
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else ""


def _theirs_rev(cwd: Path) -> str | None:
    heads = [key[len("GITHEAD_"):] for key in os.environ if key.startswith("GITHEAD_")]
    if len(heads) == 1:  # `git merge` names the commit merged in this way
        return heads[0]
    import subprocess

    done = subprocess.run(["git", "rev-parse", "--absolute-git-dir"], cwd=cwd,
                          capture_output=True, text=True, check=False)
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

    done = subprocess.run(["git", "merge-file", "-L", f"ours:{name}", "-L", "base",
                           "-L", f"theirs:{name}", str(ours), str(base), str(theirs)],
                          check=False)
    return 1 if done.returncode != 0 else 0


def merge_file(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Merge THEIRS into OURS (the file git reads back); 0 clean, 1 when something clashed."""
    try:
        merge = Merge(_read(base), _read(ours), _read(theirs))
        text = merge.run()
        if merge.clashes:
            merge.record(who_changed(name, Path.cwd()))
            text = tomlkit.dumps(merge.doc)
        tomllib.loads(text)
    except NotMergeable:
        return text_merge(base, ours, theirs, name)
    atomic_write(ours, text)
    return 1 if merge.clashes else 0


def merge_file_command(base: str, ours: str, theirs: str, name: str) -> int:
    """`carag merge-file BASE OURS THEIRS PATH` as git runs it."""
    return merge_file(Path(base), Path(ours), Path(theirs), name)
