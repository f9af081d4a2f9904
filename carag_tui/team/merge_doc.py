"""The merge written through OURS' tomlkit document: what a line splice cannot do (a new
table, a list of tables, a value worked out here such as two notes kept together).

THEIRS is read with tomllib; its layout is parsed from the one line an added answer is on, and
whole only where a table must be copied.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import tomlkit
from tomlkit.items import AoT, InlineTable, Item, String, StringType, Table, Trivia

from carag_tui.team.merge_base import CONFLICTS, MergePlan, NotMergeable, lookup

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"\\]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")
MARKER_LINES = ("=======", "<<<<<<<", ">>>>>>>", "|||||||")


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def doc_merge(merge: MergePlan, who: tuple[str, str]) -> str:
    try:
        doc = tomlkit.parse(merge.ours_text)
    except Exception as exc:  # tomlkit refuses what tomllib read
        raise NotMergeable(str(exc)) from exc
    theirs = _Theirs(merge.theirs_text)
    for op in merge.ops:
        where = op[1]
        holder: Any = doc
        for name in where[:-1]:
            holder = holder[name]
        key = where[-1]
        if op[0] == "delete":
            del holder[key]
        elif op[0] == "value":
            _set_keeping_comment(holder, key, op[2])
        elif op[0] == "list":
            if isinstance(_item(holder, key), AoT):
                added: Any = theirs.item(where, lookup(merge.theirs_values, where))
                for each in added:
                    if _plain(each) in op[3]:
                        holder[key].append(copy.deepcopy(each))
            else:
                holder[key] = op[2]
        else:
            _take(
                holder,
                key,
                where,
                lookup(merge.theirs_values, where),
                theirs,
                list(lookup(merge.theirs_values, where[:-1]).keys()),
            )
    if merge.clashes:
        _record(doc, merge.clash_entries(who))
    return tomlkit.dumps(doc)


def _item(holder: Any, key: str) -> Any:
    return holder.item(key) if hasattr(holder, "item") else holder[key]


def _take(
    holder: Any, key: str, where: tuple[str, ...], value: Any, theirs: _Theirs, order: list[str]
) -> None:
    if key in holder and _simple(value) and not isinstance(_item(holder, key), AoT):
        _set_keeping_comment(holder, key, value)  # the common case: no THEIRS layout needed
        return
    item = theirs.item(where, value)
    if key in holder:
        holder[key] = item
    elif len(where) == 1 and isinstance(item, Table | AoT):
        holder.add(tomlkit.nl())
        holder.add(key, item)
    else:
        _insert_like(holder, order, key, item)


class _Theirs:
    """THEIRS' items with their comments, parsed as little as can be."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._doc: Any = None
        self._lines: dict[tuple[str, str], str] | None = None

    def item(self, where: tuple[str, ...], value: Any) -> Any:
        """From the one line the value is on (checked against tomllib's value), else from
        THEIRS parsed whole."""
        if not isinstance(value, dict):
            line = self.lines().get(("/".join(where[:-1]), where[-1]))
            if line is not None:
                try:
                    single = tomlkit.parse(line + "\n")
                except Exception:  # not one line after all: parse it whole
                    single = None
                if (
                    single is not None
                    and list(single) == [where[-1]]
                    and _plain(single[where[-1]]) == value
                ):
                    return single.item(where[-1])
        if self._doc is None:
            try:
                self._doc = tomlkit.parse(self.text)
            except Exception as exc:  # tomlkit refuses what tomllib read
                raise NotMergeable(str(exc)) from exc
        holder = self._doc
        for name in where[:-1]:
            holder = holder[name]
        return copy.deepcopy(_item(holder, where[-1]))

    def lines(self) -> dict[tuple[str, str], str]:
        """`key = value` lines by (table, key): a guess that `item` checks."""
        if self._lines is None:
            found: dict[tuple[str, str], str] = {}
            table = ""
            for line in self.text.splitlines():
                header = _HEADER.match(line)
                if header:
                    table = "/".join(p.strip().strip("\"'") for p in header.group(1).split("."))
                    continue
                key = _KEY.match(line)
                if key:
                    found.setdefault((table, next(g for g in key.groups() if g)), line)
            self._lines = found
        return self._lines


def _record(doc: Any, entries: dict[str, dict[str, Any]]) -> None:
    """Write the clashes into `[conflicts]`."""
    if CONFLICTS not in doc:
        doc.add(tomlkit.nl())
        table = tomlkit.table()
        table.comment("both sides changed these: pick one with `carag open FILE`")
        doc.add(CONFLICTS, table)
    table = doc[CONFLICTS]
    for key, values in entries.items():
        entry = tomlkit.inline_table()
        entry.update(values)
        table[key] = entry


def note_item(text: str) -> Item:
    """A multi-line string; lines like git's conflict markers are escaped."""
    raw = tomlkit.string(text, multiline=True).as_string()[3:-3]
    raw = "\n".join(
        (f"\\u{ord(line[0]):04X}" + line[1:]) if line[:7] in MARKER_LINES else line
        for line in raw.split("\n")
    )
    return String(StringType.MLB, text, "\n" + raw, Trivia())


def _simple(value: Any) -> bool:
    """A value whose layout carag makes itself: not a table, nor a list of tables."""
    if isinstance(value, dict):
        return False
    return not (isinstance(value, list) and any(isinstance(v, dict) for v in value))


def _set_keeping_comment(container: Any, key: str, value: Any) -> None:
    """`container[key] = value`, keeping the old item's comment (the question's text) and, for
    text on several lines, the multi-line form."""
    old = _item(container, key) if key in container else None
    item = note_item(value) if isinstance(value, str) and "\n" in value else tomlkit.item(value)
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
