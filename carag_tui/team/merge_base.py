"""What the merge driver's writers share with it: the names of the tables, the exception that
hands a file back to git, and what a writer reads of a decided merge (`MergePlan`), so that
`splice` and `merge_doc` need not import `merge`, which imports them. Standard library only."""

from __future__ import annotations

from typing import Any, Protocol

CONFLICTS = "conflicts"
#: Tables whose entries are leaves: two different values of one entry are a clash.
LEAF_TABLES = {"answers"}
MARKERS = ("<<<<<<<", ">>>>>>>")


class NotMergeable(Exception):
    """The driver leaves this file to git's text merge."""


def lookup(data: Any, where: tuple[str, ...]) -> Any:
    for name in where:
        data = data[name]
    return data


class MergePlan(Protocol):
    """A three-way merge decided on the values (`merge.Merge`), as its writers read it."""

    ours_text: str
    theirs_text: str
    ours_values: dict[str, Any]
    theirs_values: dict[str, Any]
    ops: list[tuple[Any, ...]]
    clashes: dict[str, dict[str, Any]]

    def expected(self, who: tuple[str, str]) -> dict[str, Any]: ...
    def clash_entries(self, who: tuple[str, str]) -> dict[str, dict[str, Any]]: ...
