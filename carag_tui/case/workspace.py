"""A workspace: a folder of case files (searched recursively)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

SKIP_NAMES = {"inspection.toml", "config.toml"}


def is_case_file(path: Path) -> bool:
    return path.suffix == ".toml" and not path.name.startswith(".") and path.name not in SKIP_NAMES


def iter_case_files(targets: Iterable[Path]) -> Iterator[Path]:
    """Case files named, or found under the folders named, in a stable order, as they are
    found: one folder is listed at a time, so the first file comes at once in any size of
    workspace. The order is `sorted()` of the paths; hidden files and folders are skipped,
    and symlinked folders are not followed."""
    for target in targets:
        target = Path(target)
        if target.is_dir():
            yield from _walk(target)
        else:
            yield target


def case_files(targets: Iterable[Path]) -> list[Path]:
    """`iter_case_files`, as a list."""
    return list(iter_case_files(targets))


def _walk(folder: Path) -> Iterator[Path]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_folder:
            yield from _walk(folder / name)
        elif name.endswith(".toml") and name not in SKIP_NAMES:  # `is_case_file`, on the name
            yield folder / name
