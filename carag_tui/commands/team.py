"""`carag init`, `merge-file`, `textconv`: the command-line glue of `carag_tui/team/`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from carag_tui.commands.output import fail


def cmd_merge_file(args: Any) -> int:
    from carag_tui.team.merge import merge_file

    return merge_file(Path(args.base), Path(args.ours), Path(args.theirs), args.path)


def cmd_textconv(args: Any) -> int:
    from carag_tui.team.textconv import review_text

    data = Path(args.file).read_bytes().decode("utf-8-sig", errors="replace")
    sys.stdout.write(review_text(data))
    return 0


def _workspace(explicit: str | None) -> Path:
    from carag_tui.commands.settings import _config, workspace_folder

    return workspace_folder(explicit, _config())


def cmd_init(args: Any) -> int:
    from carag_tui.team.git import GitError
    from carag_tui.team.setup import init_workspace

    folder = _workspace(args.dir)
    try:
        done = init_workspace(folder)
    except (GitError, OSError) as exc:
        return fail(str(exc))
    for line in done:
        print(line)
    print(f"{folder}: a carag workspace in git" + ("" if done else " (already set up)"))
    return 0


def warn_without_setup(folder: Path) -> None:
    """`carag new` / `demo` in a git workspace that lacks carag's drivers say so."""
    from carag_tui.team.git import find_repo_root, git_available

    if not git_available() or find_repo_root(folder if folder.exists() else folder.parent) is None:
        return
    from carag_tui.team.setup import missing_setup

    missing = missing_setup(folder if folder.exists() else folder.parent)
    if missing:
        print(
            f"carag: warning: {folder} is in git but not set up for teamwork "
            f"({missing[0]}): run `carag init {folder}` so that merges keep every answer",
            file=sys.stderr,
        )


def cmd_doctor(args: Any) -> int:
    from carag_tui.team.doctor import diagnose

    folder = _workspace(args.dir)
    problems = diagnose(folder)
    for problem in problems:
        print(f"problem: {problem}")
    print(f"{folder}: " + (f"{len(problems)} problems" if problems else "ready for teamwork"))
    return 1 if problems else 0


def _shown(value: Any) -> str:
    from carag_tui.safetext import visible

    if value is None:
        return "(no answer)"
    return visible(", ".join(map(str, value)) if isinstance(value, list) else str(value))


def _question_texts(path: Path) -> dict[str, str]:
    from carag_tui.team.textconv import _question_texts as texts

    try:
        import tomllib

        guide = tomllib.loads(path.read_text(encoding="utf-8-sig")).get("guide")
    except (OSError, ValueError):
        return {}
    return texts(guide) if isinstance(guide, str) else {}


def cmd_history(args: Any) -> int:
    import json

    from carag_tui.safetext import visible
    from carag_tui.team.git import GitError
    from carag_tui.team.history import HistoryError, file_history

    path = Path(args.file)
    try:
        history = file_history(path, list(args.qids) or None)
    except (HistoryError, GitError) as exc:
        return fail(str(exc))
    if args.format == "json":
        print(json.dumps(history.to_json(), indent=2))
        return 0
    questions = _question_texts(path)
    by_qid: dict[str, list[Any]] = {}
    for change in history.changes:
        by_qid.setdefault(change.qid, []).append(change)
    print(
        f"{visible(str(path))}: {history.commits} commit{'' if history.commits == 1 else 's'}"
        + ("" if by_qid or history.uncommitted else "; no answer changed in them")
    )
    for qid in sorted({*by_qid, *history.uncommitted}, key=_qid_order):
        text = questions.get(qid, "")
        text = text if len(text) < 76 else text[:75].rstrip() + "…"
        print(f"\n{visible(qid)}" + (f"  {visible(text)}" if text else ""))
        for change in by_qid.get(qid, []):
            what = (
                f"first seen as {_shown(change.new)}"
                if change.first_seen
                else f"{_shown(change.old)} → {_shown(change.new)}"
            )
            merge = " (in a merge)" if change.merge else ""
            print(
                f"  {change.when[:16].replace('T', ' ')}  {visible(change.who)}: {what}"
                f'{merge}  "{visible(change.message)}" {change.commit[:10]}'
            )
        if qid in history.uncommitted:
            old, new = history.uncommitted[qid]
            print(f"  not committed yet: {_shown(old)} → {_shown(new)}")
    if history.reviews:
        print("\nreview")
    for review in history.reviews:
        print(
            f"  {review.when[:16].replace('T', ' ')}  {visible(review.status)} by "
            f'{visible(review.reviewer)}  "{visible(review.message)}" {review.commit[:10]}'
        )
    for line in history.not_seen:
        print(f"\nnot seen: {line}")
    return 0


def _qid_order(qid: str) -> list[Any]:
    import re

    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", qid)]
