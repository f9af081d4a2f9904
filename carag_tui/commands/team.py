"""`carag init`, `merge-file`, `textconv`: the command-line glue of `carag_tui/team/`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def cmd_merge_file(args: Any) -> int:
    from carag_tui.team.merge import merge_file

    return merge_file(Path(args.base), Path(args.ours), Path(args.theirs), args.path)


def cmd_textconv(args: Any) -> int:
    from carag_tui.team.textconv import review_text

    data = Path(args.file).read_bytes().decode("utf-8-sig", errors="replace")
    sys.stdout.write(review_text(data))
    return 0


def _workspace(explicit: str | None) -> Path:
    from carag_tui.commands.app import _config, workspace_folder

    return workspace_folder(explicit, _config())


def cmd_init(args: Any) -> int:
    from carag_tui.team.git import GitError
    from carag_tui.team.setup import init_workspace

    folder = _workspace(args.dir)
    try:
        done = init_workspace(folder)
    except (GitError, OSError) as exc:
        print(f"carag: {exc}", file=sys.stderr)
        return 1
    for line in done:
        print(line)
    print(f"{folder}: a carag workspace in git" + ("" if done else " (already set up)"))
    return 0


def warn_without_setup(folder: Path) -> None:
    """`carag new` / `demo` in a git workspace that lacks carag's drivers say so."""
    from carag_tui.team.git import find_repo_root, git_available

    if not git_available() or find_repo_root(folder if folder.exists() else folder.parent) \
            is None:
        return
    from carag_tui.team.setup import missing_setup

    missing = missing_setup(folder if folder.exists() else folder.parent)
    if missing:
        print(f"carag: warning: {folder} is in git but not set up for teamwork "
              f"({missing[0]}): run `carag init {folder}` so that merges keep every answer",
              file=sys.stderr)


def cmd_doctor(args: Any) -> int:
    from carag_tui.team.doctor import diagnose

    folder = _workspace(args.dir)
    problems = diagnose(folder)
    for problem in problems:
        print(f"problem: {problem}")
    print(f"{folder}: " + (f"{len(problems)} problems" if problems else "ready for teamwork"))
    return 1 if problems else 0
