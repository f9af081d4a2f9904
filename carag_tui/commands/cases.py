"""`carag new`, `set`, `check`, `show`, `locate`: case files from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from carag_tui.case.answers import format_value, parse_value
from carag_tui.case.checks import CaseCheck, check_case
from carag_tui.case.document import set_note
from carag_tui.case.editing import apply_answer, mark_status, new_case
from carag_tui.case.flow import Walk
from carag_tui.case.lock import LockedError, acquire, release
from carag_tui.case.model import Status
from carag_tui.case.store import (
    CaseFile,
    ConflictError,
    load_case,
    read_case_data,
    save_case,
)
from carag_tui.case.workspace import case_files
from carag_tui.config import load_config
from carag_tui.guide.model import Guide
from carag_tui.guide.registry import catalogue
from carag_tui.paths import (
    cache_dir,
    config_file,
    data_dir,
    default_workspace,
    user_guides_dir,
    user_themes_dir,
)
from carag_tui.problems import ProblemsError, suggest


def fail(message: str, code: int = 1) -> int:
    print(f"carag: {message}", file=sys.stderr)
    return code


def print_problems(error: ProblemsError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)


def assessor_name(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    try:
        return load_config().assessor
    except ProblemsError:
        return None


def cmd_new(args: Any) -> int:
    try:
        guide = catalogue().get(args.guide)
    except KeyError as exc:
        return fail(exc.args[0], 2)
    folder = Path(args.dir) if args.dir else default_workspace()
    try:
        casefile = new_case(folder, args.case_ref, guide, args.unit, assessor_name(args.assessor))
    except (ValueError, FileExistsError, OSError) as exc:
        return fail(str(exc))
    print(casefile.path)
    return 0


def cmd_set(args: Any) -> int:
    path = Path(args.file)
    try:
        casefile = load_case(path)
        guide = catalogue().get(casefile.case.guide)
    except ProblemsError as exc:
        print_problems(exc)
        return fail(f"nothing written to {path}")
    except KeyError as exc:
        return fail(exc.args[0], 2)
    answers, status, errors = [], None, []
    ids = [q.id for q in guide.questions]
    for assignment in args.assignments:
        qid, sep, text = assignment.partition("=")
        qid = qid.strip()
        if not sep:
            errors.append(f"{assignment!r}: expected QID=VALUE")
        elif qid == "status":
            if text not in {s.value for s in Status}:
                errors.append(f"status: expected one of {', '.join(s.value for s in Status)}")
            status = Status(text) if text in {s.value for s in Status} else None
        elif not guide.has_question(qid):
            errors.append(f"{qid}: no such question in {guide.id}{suggest(qid, ids)}")
        elif text == "":
            answers.append((qid, None))
        else:
            try:
                answers.append((qid, parse_value(guide.question(qid), text)))
            except ValueError as exc:
                errors.append(f"{qid}={text!r}: {exc}")
    notes = []
    for assignment in args.note or []:
        qid, sep, text = assignment.partition("=")
        if not sep or not guide.has_question(qid):
            errors.append(f"--note {assignment!r}: expected QID=TEXT with a question of {guide.id}")
        notes.append((qid, text.replace("\\n", "\n")))
    if errors:
        for error in errors:
            print(f"{path}: {error}", file=sys.stderr)
        return fail(f"nothing written to {path}")
    try:
        acquire(path)
    except LockedError as exc:
        return fail(f"{exc}; try again when it is closed")
    except OSError as exc:
        return fail(f"cannot lock {path}: {exc.strerror or exc}; nothing written")
    try:
        return _apply_and_save(casefile, guide, answers, notes, status)
    finally:
        release(path)


#: Attempts at saving when the file keeps changing on disk between reading and writing it.
SET_ATTEMPTS = 3


def _apply_and_save(casefile: CaseFile, guide: Guide, answers: list[tuple[str, Any]],
                    notes: list[tuple[str, str]], status: Status | None) -> int:
    """Apply `carag set`'s changes and save; re-apply onto the file if it changed meanwhile.

    A change made on disk since the file was read (a `git pull`, an editor) is kept: ours go
    on top of it when it touched other answers, and nothing is written when it touched ours.
    """
    path = casefile.path
    mine = _touched(casefile, answers, notes, status)
    merged = []
    for _ in range(SET_ATTEMPTS):
        messages = []
        for qid, value in answers:
            change = apply_answer(casefile, guide, qid, value)
            if change.describe():
                messages.append(f"{qid}: {change.describe()}")
            walk = Walk(guide, casefile.case.answers)
            if value is not None and qid in walk.skipped:
                skip = walk.skipped[qid]
                messages.append(f"{qid}: does not apply ({skip.describe(guide)}); answer kept")
        for qid, text in notes:
            set_note(casefile, guide, qid, text)
        if status is not None:
            if status is Status.COMPLETE and not Walk(guide, casefile.case.answers).complete:
                return fail(f"{path}: cannot mark complete: applicable questions are unanswered")
            mark_status(casefile, status)
        try:
            save_case(casefile)
        except ConflictError:
            try:
                casefile = load_case(path)
            except ProblemsError as exc:
                print_problems(exc)
                return fail(f"{path} changed on disk while it was being saved and no longer "
                            "loads; nothing written")
            theirs = _touched(casefile, answers, notes, status)
            clashes = [name for name in mine if theirs[name] != mine[name]]
            if clashes:
                return fail(f"{path} changed on disk since it was read, and the change touches "
                            f"{', '.join(clashes)}: nothing written. Look at the file and run "
                            "the command again to set them over it.")
            merged = [f"{path} changed on disk since it was read; these answers were put on "
                      "top of that change"]
            continue
        except OSError as exc:
            return fail(f"cannot save {path}: {exc.strerror or exc}; the file is unchanged")
        except ProblemsError as exc:  # what would be written does not read back as meant
            print_problems(exc)
            return fail(f"nothing written to {path}")
        for message in merged + messages:
            print(message)
        return 0
    return fail(f"{path} keeps changing on disk; nothing written")


def _touched(casefile: CaseFile, answers: list[tuple[str, Any]], notes: list[tuple[str, str]],
             status: Status | None) -> dict[str, Any]:
    """What the file holds now for each thing `carag set` is about to change."""
    case = casefile.case
    found: dict[str, Any] = {qid: case.answers.get(qid) for qid, _ in answers}
    found.update({f"note {qid}": (case.notes.get(qid) or "").strip() for qid, _ in notes})
    if status is not None:
        found["status"] = case.status
    return found


def check_file(path: Path) -> CaseCheck:
    """Check one case file, reading and parsing it once."""
    try:
        case, data = read_case_data(path)
    except ProblemsError as exc:
        return CaseCheck(path, errors=[str(p) for p in exc.problems])
    try:
        guide = catalogue().get(case.guide)
    except KeyError as exc:
        return CaseCheck(path, case.case, case.guide, errors=[exc.args[0]])
    result = check_case(path, case, guide, list(data))
    from carag_tui.qa.record import open_queries, review_problems, review_state

    result.review = str(review_state(case, data))
    result.open_queries = [q.qid for q in open_queries(data)]
    result.warnings += [f"{where}: {message}" for where, message in review_problems(data)]
    result.warnings += [f"queries.{qid}: no such question in {guide.id} (kept)"
                        for qid in result.open_queries if not guide.has_question(qid)]
    return result


def cmd_check(args: Any) -> int:
    results = [check_file(p) for p in case_files([Path(t) for t in args.targets])]
    if args.format == "json":
        json.dump({"files": [r.to_json() for r in results]}, sys.stdout, indent=2)
        print()
    else:
        for r in results:
            state = "complete" if r.complete else f"{len(r.missing)} to answer"
            head = "ERROR" if not r.ok else "ok"
            print(f"{r.path}: {head} — {r.case or '?'} ({r.guide or '?'}), {r.status or '?'}, "
                  f"{state}")
            for error in r.errors:
                print(f"  error: {error}")
            for item in r.invalid:
                print(f"  invalid answers.{item['id']}: {item['error']}")
            for warning in r.warnings:
                print(f"  warning: {warning}")
            if r.inapplicable:
                print("  answers kept for questions that do not apply: "
                      f"{', '.join(r.inapplicable)}")
            if r.review in ("stale", "returned") or r.open_queries:
                print(f"  review: {_review_line(r)}")
        bad = sum(1 for r in results if not r.ok)
        print(_review_counts(results))
        print(f"{len(results)} files checked, {bad} with errors")
    return 1 if any(not r.ok for r in results) or not results else 0


def _review_line(result: CaseCheck) -> str:
    from carag_tui.qa.record import ReviewState

    parts = [ReviewState(result.review).label] if result.review else []
    if result.review == "stale":
        parts[-1] += " (an answer or note changed since it was approved)"
    if result.open_queries:
        parts.append(f"open queries at {', '.join(result.open_queries)}")
    return "; ".join(parts)


def _review_counts(results: list[CaseCheck]) -> str:
    """`Review: 3 approved, 1 stale, 5 awaiting review, 1 returned, 2 open queries`."""
    counts = {state: sum(1 for r in results if r.review == state)
              for state in ("approved", "stale", "awaiting_review", "returned")}
    queries = sum(len(r.open_queries) for r in results)
    return (f"Review: {counts['approved']} approved, {counts['stale']} stale, "
            f"{counts['awaiting_review']} awaiting review, {counts['returned']} returned, "
            f"{queries} open quer{'y' if queries == 1 else 'ies'}")


def cmd_show(args: Any) -> int:
    path = Path(args.file)
    try:
        case, data = read_case_data(path)
        guide = catalogue().get(case.guide)
    except ProblemsError as exc:
        print_problems(exc)
        return 1
    except KeyError as exc:
        return fail(exc.args[0], 2)
    from carag_tui.qa.record import read_queries, review_state

    queries = {qid: q for qid, q in read_queries(data).items() if q.is_open}
    walk = Walk(guide, case.answers)
    rows = []
    for q in walk.applicable:
        answer = walk.answer(q.id)
        rows.append({"id": q.id, "kind": str(q.kind), "question": q.text, "answer": answer,
                     "label": format_value(q, answer) if answer is not None else None,
                     "note": case.notes.get(q.id, "").strip() or None,
                     "query": _query_json(queries.get(q.id))})
    if args.format == "json":
        json.dump({"path": str(path), "case": case.case, "guide": case.guide,
                   "guide_version": case.guide_version, "unit": case.unit,
                   "assessor": case.assessor, "status": str(case.status),
                   "complete": walk.complete, "review": str(review_state(case, data)),
                   "questions": rows},
                  sys.stdout, indent=2, default=str, ensure_ascii=False)
        print()
        return 0
    progress = walk.progress()
    print(f"Case {case.case} — {guide.title} ({guide.version})")
    print(f"Unit: {case.unit or '—'}   Assessor: {case.assessor or '—'}   Status: {case.status}   "
          f"Answered {progress.answered}/{progress.applicable}")
    print(f"Review: {review_state(case, data).label}"
          + (f", {len(queries)} open quer{'y' if len(queries) == 1 else 'ies'}" if queries else ""))
    current = None
    for question, row in zip(walk.applicable, rows, strict=True):
        kq = guide.key_question_of(question)
        if kq.id != current:
            current = kq.id
            print(f"\n{guide.standard(kq.standard).label} › {kq.label}")
        print(f"  {question.id:8} {question.text}")
        print(f"  {'':8} → {row['label'] or '(not answered)'}")
        for line in (row["note"] or "").splitlines():
            print(f"  {'':8}   │ {line}")
        query = queries.get(question.id)
        if query is not None:
            print(f"  {'':8}   ? query ({query.state}) {query.by}: {' '.join(query.text.split())}")
            if query.reply:
                print(f"  {'':8}     reply ({query.reply_by}): {' '.join(query.reply.split())}")
    return 0


def _query_json(query: Any) -> dict[str, Any] | None:
    if query is None:
        return None
    return {"state": query.state, "text": query.text.strip(), "by": query.by,
            "reply": query.reply.strip() or None, "reply_by": query.reply_by or None}


def cmd_locate(_: Any) -> int:
    print(f"config file:  {config_file()}")
    print(f"user guides:  {user_guides_dir()}")
    print(f"user themes:  {user_themes_dir()}")
    print(f"user data:    {data_dir()}")
    print(f"workspace:    {default_workspace()}")
    print(f"cache:        {cache_dir()} (parsed guides; safe to delete)")
    return 0
