"""A workspace: a folder of case files (searched recursively)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

SKIP_NAMES = {"inspection.toml", "config.toml"}


def is_case_file(path: Path) -> bool:
    return (path.suffix == ".toml" and not path.name.startswith(".")
            and path.name not in SKIP_NAMES)


def case_files(targets: Iterable[Path]) -> list[Path]:
    """Case files named, or found under the folders named, in a stable order."""
    found: list[Path] = []
    for target in targets:
        if target.is_dir():
            found.extend(sorted(
                p for p in target.rglob("*.toml")
                if is_case_file(p) and not any(part.startswith(".") for part in
                                               p.relative_to(target).parts)
            ))
        else:
            found.append(target)
    return found
