"""`carag init`: a workspace in git with carag's merge and diff drivers registered."""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

from carag_tui.team.git import config_value, git, top_level

ATTRIBUTES = """\
# carag: case files merge question by question and diff as a review (`carag init`)
*.toml merge=carag diff=carag
"""
IGNORES = """\
# carag: lock and temporary files never go into git (`carag init`)
.*.toml.lock
.*.tmp
"""


def driver_commands() -> dict[str, str]:
    """The git config this clone needs: this Python, so no PATH or venv is assumed."""
    python = shlex.quote(sys.executable)
    return {
        "merge.carag.name": "carag: merge case files question by question",
        "merge.carag.driver": f"{python} -m carag_tui.cli merge-file %O %A %B %P",
        "diff.carag.textconv": f"{python} -m carag_tui.cli textconv",
    }


def _runs(command: str) -> bool:
    """Whether the program a driver command starts exists (a moved or deleted virtual
    environment leaves git running nothing)."""
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return False
    return Path(program).is_file() if "/" in program else shutil.which(program) is not None


def _append_missing(path: Path, block: str) -> bool:
    """Add the lines of `block` that `path` lacks; True when the file changed."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    have = {line.strip() for line in old.splitlines()}
    missing = [
        line
        for line in block.splitlines()
        if line.strip() and not line.startswith("#") and line.strip() not in have
    ]
    if not missing:
        return False
    comment = [line for line in block.splitlines() if line.startswith("#")]
    sep = "" if not old or old.endswith("\n") else "\n"
    path.write_text(old + sep + "\n".join([*comment, *missing]) + "\n", encoding="utf-8")
    return True


def missing_setup(folder: Path) -> list[str]:
    """What `carag init` would still do for `folder` (empty when it is set up)."""
    root = top_level(folder)
    if root is None:
        return ["not in a git repository"]
    found = []
    for key in driver_commands():
        value = config_value(folder, key)
        if key != "merge.carag.name" and value is None:
            found.append(f"{key} is not set in this clone")
        elif key != "merge.carag.name" and not _runs(value or ""):
            found.append(
                f"{key} names a Python that is not there any more ({value}); git "
                "would leave case files unmerged"
            )
    attributes = git(["check-attr", "merge", "diff", "--", "x.toml"], folder).stdout
    if "merge: carag" not in attributes or "diff: carag" not in attributes:
        found.append(".gitattributes does not give *.toml carag's merge and diff drivers")
    return found


def init_workspace(folder: Path) -> list[str]:
    """Make `folder` a carag workspace in git; idempotent. Returns what was done."""
    done: list[str] = []
    folder.mkdir(parents=True, exist_ok=True)
    if top_level(folder) is None:
        git(["init", "-q"], folder)
        done.append(f"git repository created in {folder}")
    if _append_missing(folder / ".gitattributes", ATTRIBUTES):
        done.append(f"{folder / '.gitattributes'}: case files use carag's merge and diff")
    if _append_missing(folder / ".gitignore", IGNORES):
        done.append(f"{folder / '.gitignore'}: lock and temporary files ignored")
    for key, value in driver_commands().items():
        if config_value(folder, key) != value:
            git(["config", key, value], folder)
            done.append(f"git config {key} set (this clone)")
    return done
