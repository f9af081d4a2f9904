"""`carag sync`: the command-line report of `carag_tui/team/sync.py`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from carag_tui.commands.output import fail


def _listed(labels: list[str], most: int = 8) -> str:
    shown = ", ".join(labels[:most])
    return shown + (f" and {len(labels) - most} more" if len(labels) > most else "")


def cmd_sync(args: Any) -> int:
    from carag_tui.commands.team import _workspace
    from carag_tui.safetext import visible
    from carag_tui.team.git import GitError
    from carag_tui.team.sync import SyncRefused, sync

    folder = _workspace(args.dir)
    try:
        report = sync(folder, args.remote)
    except SyncRefused as exc:
        return fail(f"sync refused: {visible(str(exc))}")
    except GitError as exc:
        return fail(f"sync stopped: {visible(str(exc))}")
    if report.finished:
        print(f"finished {report.finished}")
    if report.committed:
        print(f"committed {len(report.committed)} case file(s) ({report.commit[:10]}):")
        for name, labels in report.committed.items():
            print(f"  {visible(name)}: {visible(_listed(labels)) or 'layout only'}")
    else:
        print("no case changed here since the last commit")
    if report.merged:
        print(f"merged from the team: {len(report.merged)} case file(s):")
        for name, labels in report.merged.items():
            who = ", ".join(report.merged_by.get(name, []))
            print(
                f"  {visible(name)}: {visible(_listed(labels)) or 'layout only'}"
                + (f" (by {visible(who)})" if who else "")
            )
    for name, qids in report.clashes.items():
        print(
            f"clash: {visible(name)}: both sides changed {', '.join(map(visible, qids))}: "
            f"`carag open {visible(str(Path(folder, name)))}` picks a side, then "
            "`carag sync` again"
        )
    for name, what in report.unresolved.items():
        print(f"left to resolve: {visible(name)}: {visible(what)}")
    if report.remote_note:
        print(report.remote_note)
    elif report.pushed:
        print(f"pushed to {visible(report.pushed)}: the team has your answers")
    elif not report.ok:
        print("not pushed: resolve the clashes first (your commit is safe here)")
    return 0 if report.ok else 1
