"""`carag review`, `queries`, `second`: quality assurance from the command line."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from carag_tui.case.lock import LockedError
from carag_tui.case.review_record import needing_review, read_queries, review_state
from carag_tui.case.store import CaseFile, read_case_data
from carag_tui.case.workspace import case_files
from carag_tui.commands.cases import assessor_name
from carag_tui.commands.output import fail, print_problems
from carag_tui.guide.registry import GuideNotFound, catalogue
from carag_tui.problems import ProblemsError
from carag_tui.qa.edits import (
    WORKFLOW_AID,
    ReviewRefused,
    approve,
    close_query,
    open_query,
    reply_query,
    return_case,
    save_edit,
)
from carag_tui.report.inspection import reviewers_above

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Text from a file, safe to print: control characters shown escaped, never sent."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _edit(path: Path, edit: Callable[[CaseFile], Any], done: str) -> int:
    try:
        save_edit(path, edit)
    except ReviewRefused as exc:
        return fail(f"{path}: {exc}; nothing written")
    except ProblemsError as exc:
        print_problems(exc)
        return fail(f"nothing written to {path}")
    except LockedError as exc:
        return fail(f"{exc}; try again when it is closed")
    except GuideNotFound as exc:  # the case's guide is not installed
        return fail(str(exc), 2)
    except OSError as exc:
        return fail(f"cannot save {path}: {exc.strerror or exc}; the file is unchanged")
    print(done)
    return 0


def cmd_review(args: Any) -> int:
    target = Path(args.target)
    if not target.exists():
        return fail(f"{target}: no such file or folder", 2)
    by = assessor_name(args.reviewer) or ""
    if args.approve or args.return_reason is not None:
        if target.is_dir():
            return fail("--approve and --return take one case FILE", 2)
        return _decide(target, by, args)
    paths = case_files([target])
    if not paths:
        return fail(f"{target}: no case files", 1)
    from carag_tui.commands.app import _config, _run, can_run_textual

    if not can_run_textual():
        return fail(
            "the reviewer's walk needs a terminal; without one use "
            "`carag show FILE` and `carag review FILE --approve` or "
            "`--return REASON`",
            2,
        )
    if target.is_dir():
        paths = needing_review(paths)
        if not paths:
            print(f"{target}: no case is awaiting review")
            return 0
    config = _config()
    if args.reviewer:
        config.assessor = args.reviewer
    return _run(review=paths, config=config, theme=args.theme)


def _decide(path: Path, by: str, args: Any) -> int:
    reviewers, problem = reviewers_above(path)
    if problem:
        return fail(problem)
    edit: Callable[[CaseFile], Any]
    if args.approve:

        def edit(casefile: CaseFile) -> Any:
            guide = catalogue().get(casefile.case.guide)
            return approve(casefile, guide, by, reviewers)

        status = "approved"
        done = f"{path}: approved by {by}"
        if reviewers is not None:
            done += f" ({WORKFLOW_AID})"
    else:
        reason = args.return_reason

        def edit(casefile: CaseFile) -> Any:
            return return_case(casefile, by, reason)

        status = "returned"
        done = f"{path}: returned to the assessor by {by}"
    code = _edit(path, edit, done)
    if code == 0 and args.commit:
        from carag_tui.qa.git import commit_review

        message = commit_review(path, by, status, getattr(args, "return_reason", None))
        print(message)
    return code


def cmd_queries(args: Any) -> int:
    by = assessor_name(args.by) or ""
    actions = [a for a in (args.open, args.reply, args.close) if a]
    if actions:
        if len(actions) > 1 or len(args.targets) != 1 or Path(args.targets[0]).is_dir():
            return fail("--open, --reply and --close take one case FILE, one at a time", 2)
        return _query_action(Path(args.targets[0]), by, args)
    return _list_queries([Path(t) for t in args.targets], args.format)


def _query_action(path: Path, by: str, args: Any) -> int:
    if not by:
        return fail(
            "who you are is not known: give --by NAME or set `assessor` in the config file", 2
        )
    if args.open:
        qid, text = args.open

        def edit(casefile: CaseFile) -> None:
            open_query(casefile, catalogue().get(casefile.case.guide), qid, text, by)

        return _edit(path, edit, f"{path}: query opened on {qid}")
    if args.reply:
        qid, text = args.reply
        return _edit(
            path,
            lambda c: reply_query(c, qid, text, by),
            f"{path}: reply recorded on {qid}; the reviewer closes the query",
        )
    qid = args.close
    reviewers, problem = reviewers_above(path)
    if problem:
        return fail(f"cannot close the query: {problem}")
    return _edit(
        path,
        lambda c: close_query(c, qid, by, reviewers=reviewers),
        f"{path}: query on {qid} closed",
    )


def _list_queries(targets: list[Path], fmt: str) -> int:
    """The open queries per assessor (an answered one waits for the reviewer to close it)."""
    missing = [t for t in targets if not t.exists()]
    if missing:
        return fail(f"{missing[0]}: no such file or folder", 2)
    by_assessor: dict[str, list[dict[str, Any]]] = {}
    errors = 0
    for path in case_files(targets):
        try:
            case, data = read_case_data(path)
        except ProblemsError as exc:
            print_problems(exc)
            errors += 1
            continue
        for query in read_queries(data).values():
            if not query.is_open:
                continue
            by_assessor.setdefault(case.assessor or "(no assessor)", []).append(
                {
                    "path": str(path),
                    "case": case.case,
                    "question": query.qid,
                    "state": query.state,
                    "text": query.text.strip(),
                    "by": query.by,
                    "at": query.at.isoformat() if query.at else None,
                    "reply": query.reply.strip() or None,
                    "review": str(review_state(case, data)),
                }
            )
    if fmt == "json":
        json.dump({"assessors": by_assessor}, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 1 if errors else 0
    total = sum(len(v) for v in by_assessor.values())
    for assessor in sorted(by_assessor):
        items = by_assessor[assessor]
        print(f"{clean(assessor)}: {len(items)} open")
        for item in items:
            waiting = "answered, to close" if item["state"] == "answered" else "to answer"
            print(
                f"  {clean(item['case'])} {item['question']:8} ({waiting}) "
                f"{clean(item['by'])}: {_one_line(item['text'])}"
            )
            if item["reply"]:
                print(f"  {'':{len(item['case'])}} {'':8}  reply: {_one_line(item['reply'])}")
    print(f"{total} open quer{'y' if total == 1 else 'ies'}")
    return 1 if errors else 0


def _one_line(text: str, width: int = 200) -> str:
    text = clean(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_second(args: Any) -> int:
    from carag_tui.qa.second import blind_copy

    path = Path(args.file)
    try:
        copy = blind_copy(path, args.assessor, Path(args.dir) if args.dir else None)
    except ProblemsError as exc:
        print_problems(exc)
        return fail(f"no copy made of {path}")
    except (ValueError, FileExistsError, OSError) as exc:
        return fail(str(exc))
    print(copy.path)
    return 0
