"""Clashes a git merge left in a case file (`[conflicts]`, written by `carag merge-file`).

Both sides of a merge changed the same answer (or field) to different values: the file keeps
ours in place and both values, with who and when, in `[conflicts]` until someone picks one.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import frozen

if TYPE_CHECKING:
    from carag_tui.case.casefile import CaseFile
    from carag_tui.guide.model import Guide

CONFLICTS = "conflicts"
#: A file without this has no `[conflicts]` table (a quick test before parsing).
MAY_CLASH = re.compile(r"^\s*(?:\[\s*\"?conflicts\"?\s*\]|\"?conflicts\"?\s*=)", re.MULTILINE)


def clash_list(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each clash as `{id, ours, theirs, ours_by, ours_at, theirs_by, theirs_at}` (plain
    values; a side that removed the answer has no value)."""
    table = data.get(CONFLICTS)
    if not isinstance(table, dict):
        return []
    found = []
    for key, entry in table.items():
        entry = entry if isinstance(entry, dict) else {}
        found.append(
            {
                "id": key,
                **{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in entry.items()},
            }
        )
    return found


def describe_clash(clash: dict[str, Any]) -> str:
    """`U1.1: yes (Bob, 2026-12-02T09:00:00+00:00) against no (Alice, …)` for messages."""

    def side(name: str) -> str:
        value = clash.get(name, "(no answer)")
        value = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        who = ", ".join(str(x) for x in (clash.get(f"{name}_by"), clash.get(f"{name}_at")) if x)
        return f"{value} ({who})" if who else value

    return f"{clash['id']}: {side('ours')} against {side('theirs')}"


def clashed_ids(data: dict[str, Any]) -> set[str]:
    """The answers a report must not count until the clash is resolved."""
    table = data.get(CONFLICTS)
    return set(table) if isinstance(table, dict) else set()


# -- resolving: the one operation the app's resolve view and plain mode share ----------------

SIDES = ("ours", "theirs")


@frozen
class Clash:
    """One clash as the resolve view shows it; a side that removed the answer has `None`."""

    id: str
    ours: Any
    theirs: Any
    ours_by: str = ""
    ours_at: str = ""
    theirs_by: str = ""
    theirs_at: str = ""

    def value(self, side: str) -> Any:
        return self.ours if side == "ours" else self.theirs

    def who(self, side: str) -> str:
        """`Bob, 2026-12-02 09:05` (what is known of who gave that side's value, and when)."""
        by, at = (
            (self.ours_by, self.ours_at) if side == "ours" else (self.theirs_by, self.theirs_at)
        )
        return ", ".join(x for x in (by, at[:16].replace("T", " ")) if x) or "not known"


def clashes_of(casefile: CaseFile) -> list[Clash]:
    """The clashes recorded in an open case file (as it stands, edits included)."""
    if not casefile.parsed and not MAY_CLASH.search(casefile.text):
        return []  # the common case, without parsing the file again
    data = casefile.data() if casefile.parsed else tomllib.loads(casefile.text)
    return [
        Clash(
            c["id"],
            c.get("ours"),
            c.get("theirs"),
            *(str(c.get(k, "")) for k in ("ours_by", "ours_at", "theirs_by", "theirs_at")),
        )
        for c in clash_list(data)
    ]


def resolve_in(casefile: CaseFile, guide: Guide, clash_id: str, side: str) -> Any:
    """Keep `side`'s value ("ours" or "theirs") of a clash: the answer (or field) takes it and
    the entry leaves `[conflicts]` (the table too, once empty). ValueError when the file holds
    no such clash (someone resolved it meanwhile). Returns the value kept."""
    from carag_tui.case.editing import apply_answer

    if side not in SIDES:
        raise ValueError(f"keep {' or '.join(SIDES)}, not {side!r}")
    doc = casefile.doc
    table = doc.get(CONFLICTS)
    if not isinstance(table, dict) or clash_id not in table:
        raise ValueError(f"{clash_id}: no clash is recorded for it any more")
    entry = table[clash_id]
    value = entry.get(side)
    value = value.unwrap() if hasattr(value, "unwrap") else value
    if "/" not in clash_id and (guide.has_question(clash_id) or clash_id in casefile.case.answers):
        apply_answer(casefile, guide, clash_id, value)
    elif clash_id == "status" and value is not None:
        from carag_tui.case.model import Status

        casefile.set_status(Status(value))
    elif "/" not in clash_id and clash_id in HEADER_FIELDS:
        casefile.set_header(clash_id, value)
    else:  # a field of a table carag does not model, e.g. review/state
        *parents, key = clash_id.split("/")
        holder: Any = doc
        for name in parents:
            holder = holder[name]
        if value is None:
            holder.pop(key, None)
        else:
            holder[key] = value
    del table[clash_id]
    if not table:
        del doc[CONFLICTS]
    return value


#: Header fields a clash can be on that the case model holds.
HEADER_FIELDS = ("unit", "assessor", "guide_version", "case")


def resolved_message(path: Path) -> str:
    """What to do once a file's last clash is resolved: tell git."""
    return (
        f"Every clash in {path.name} is resolved. Tell git: `git add {path.name}` "
        "(then `git commit`), or run `carag sync`."
    )


def side_text(guide: Guide, clash: Clash, side: str) -> str:
    """One side's value as the inspector reads it (`Yes`, `(no answer)`)."""
    from carag_tui.case.answers import format_value

    value = clash.value(side)
    if value is None:
        return "(no answer)"
    if guide.has_question(clash.id):
        return format_value(guide.question(clash.id), value)
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
