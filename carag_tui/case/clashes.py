"""Clashes a git merge left in a case file (`[conflicts]`, written by `carag merge-file`).

Both sides of a merge changed the same answer (or field) to different values: the file keeps
ours in place and both values, with who and when, in `[conflicts]` until someone picks one.
"""

from __future__ import annotations

from typing import Any

CONFLICTS = "conflicts"


def clash_list(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each clash as `{id, ours, theirs, ours_by, ours_at, theirs_by, theirs_at}` (plain
    values; a side that removed the answer has no value)."""
    table = data.get(CONFLICTS)
    if not isinstance(table, dict):
        return []
    found = []
    for key, entry in table.items():
        entry = entry if isinstance(entry, dict) else {}
        found.append({"id": key, **{k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                    for k, v in entry.items()}})
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
