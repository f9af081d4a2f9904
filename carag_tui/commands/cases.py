"""`carag new`, `set`, `show`, `locate`: case files from the command line (`check` is
`commands/check.py`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from attrs import frozen

from carag_tui.case.answers import parse_value
from carag_tui.case.details import detail_name, detail_problem, set_detail, unknown_detail
from carag_tui.case.editing import case_path, new_case
from carag_tui.case.flow import Walk
from carag_tui.case.lock import LockedError
from carag_tui.case.model import Status
from carag_tui.case.outline import outline
from carag_tui.case.session import (
    CaseIncomplete,
    CaseReadOnly,
    CaseSession,
    ChangedAndUnreadable,
    ClashAborted,
    KeepsChanging,
    UnknownGuideError,
)
from carag_tui.case.store import read_case_data
from carag_tui.commands.output import fail, print_problems
from carag_tui.config import load_config
from carag_tui.guide.model import Guide
from carag_tui.guide.registry import GuideNotFound, catalogue
from carag_tui.guide.rules import AnswerValue
from carag_tui.paths import (
    cache_dir,
    config_file,
    data_dir,
    default_workspace,
    user_guides_dir,
    user_themes_dir,
)
from carag_tui.problems import ProblemsError


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
    except GuideNotFound as exc:
        return fail(str(exc), 2)
    folder = Path(args.dir) if args.dir else default_workspace()
    try:
        casefile = new_case(folder, args.case_ref, guide, args.unit, assessor_name(args.assessor))
    except (ValueError, FileExistsError, OSError) as exc:
        return fail(str(exc))
    print(casefile.path)
    from carag_tui.commands.team import warn_without_setup

    warn_without_setup(casefile.path.parent)
    return 0


def cmd_set(args: Any) -> int:
    """Set answers, notes and the status through a `CaseSession`, as the app would, except
    that a change made on disk to the same answers meanwhile stops it: nothing is written."""
    path = Path(args.file)
    try:
        session = CaseSession(
            path, read_only=True, abort_on_clash=True, retry_hint="run the command again"
        )
    except UnknownGuideError as exc:
        return fail(exc.problems[0].message, 2)
    except ProblemsError as exc:
        print_problems(exc)
        return fail(f"nothing written to {path}")
    parsed = _parse_assignments(session.guide, args.assignments, args.note or [])
    if isinstance(parsed, list):
        for error in parsed:
            print(f"{path}: {error}", file=sys.stderr)
        return fail(f"nothing written to {path}")
    try:
        session.lock()
    except LockedError as exc:
        return fail(f"{exc}; try again when it is closed")
    except OSError as exc:
        return fail(f"cannot lock {path}: {exc.strerror or exc}; nothing written")
    try:
        return _apply_and_save(session, parsed)
    finally:
        session.release()


@frozen
class Assignments:
    answers: list[tuple[str, AnswerValue | None]]
    notes: list[tuple[str, str]]
    status: Status | None
    details: list[tuple[str, str]]  # (reference | unit | assessor, value)


def _parse_assignments(
    guide: Guide, assignments: list[str], note_args: list[str]
) -> Assignments | list[str]:
    """`QID=VALUE`, `status=…` and `--note QID=TEXT` read against the guide; else every
    error found."""
    answers: list[tuple[str, AnswerValue | None]] = []
    status, errors = None, []
    details: list[tuple[str, str]] = []
    ids = [q.id for q in guide.questions]
    statuses = {s.value for s in Status}
    for assignment in assignments:
        qid, sep, text = assignment.partition("=")
        qid = qid.strip()
        if not sep:
            errors.append(f"{assignment!r}: expected QID=VALUE")
        elif qid == "status":
            if text not in statuses:
                errors.append(f"status: expected one of {', '.join(s.value for s in Status)}")
            status = Status(text) if text in statuses else None
        elif detail_name(qid) is not None and not guide.has_question(qid):
            name = detail_name(qid) or ""
            problem = detail_problem(name, text)
            if problem:
                errors.append(problem)
            details.append((name, text))
        elif not guide.has_question(qid):
            errors.append(
                f"{qid}: no such question in {guide.id}, nor a case detail "
                f"(reference, unit, assessor){unknown_detail(qid, ids)}"
            )
        elif text == "":
            answers.append((qid, None))
        else:
            try:
                answers.append((qid, parse_value(guide.question(qid), text)))
            except ValueError as exc:
                errors.append(f"{qid}={text!r}: {exc}")
    notes = []
    for assignment in note_args:
        qid, sep, text = assignment.partition("=")
        if not sep or not guide.has_question(qid):
            errors.append(f"--note {assignment!r}: expected QID=TEXT with a question of {guide.id}")
        notes.append((qid, text.replace("\\n", "\n")))
    return errors or Assignments(answers, notes, status, details)


def _apply_and_save(session: CaseSession, given: Assignments) -> int:
    """Apply `carag set`'s changes and save (the session merges with a change made on disk
    meanwhile, and stops where that change touched what we set)."""
    path, guide = session.path, session.guide
    messages = []
    for name, text in given.details:
        taken = case_path(path.parent, text.strip()) if name == "reference" else path
        if taken != path and taken.exists():
            return fail(
                f"{path}: reference {text.strip()}: {taken.name} already exists "
                "(another case); nothing written"
            )
    try:
        for qid, value in given.answers:
            change = session.set_answer(qid, value)
            if change.describe():
                messages.append(f"{qid}: {change.describe()}")
            skip = session.walk.skipped.get(qid)
            if value is not None and skip is not None:
                messages.append(f"{qid}: does not apply ({skip.describe(guide)}); answer kept")
        for qid, text in given.notes:
            session.set_note(qid, text)
        if given.status is not None:
            session.stage_status(given.status)
        details = sorted(given.details, key=lambda d: d[0] == "reference")  # renamed last
        for name, text in details:
            if name != "reference" and (said := set_detail(session, name, text)):
                messages.append(said)
        merged = session.write()
        for name, text in details:
            if name == "reference" and (said := set_detail(session, name, text)):
                messages.append(said)
    except CaseIncomplete as exc:
        return fail(f"{path}: cannot mark complete: {exc}")
    except (CaseReadOnly, ValueError, FileExistsError) as exc:  # not editable; an option not
        # offered here; a new reference another case has
        return fail(f"{path}: {exc}; nothing written")
    except ClashAborted as exc:
        return fail(
            f"{path} changed on disk since it was read, and the change touches "
            f"{exc}: nothing written. Look at the file and run the command again to "
            "set them over it."
        )
    except ChangedAndUnreadable as exc:
        print_problems(exc)
        return fail(
            f"{path} changed on disk while it was being saved and no longer loads; nothing written"
        )
    except KeepsChanging:
        return fail(f"{path} keeps changing on disk; nothing written")
    except OSError as exc:
        return fail(f"cannot save {path}: {exc.strerror or exc}; the file is unchanged")
    except ProblemsError as exc:  # what would be written does not read back as meant
        print_problems(exc)
        return fail(f"nothing written to {path}")
    for message in ([merged] if merged else []) + messages:
        print(message)
    return 0


def cmd_show(args: Any) -> int:
    path = Path(args.file)
    try:
        case, data = read_case_data(path)
        guide = catalogue().get(case.guide)
    except ProblemsError as exc:
        print_problems(exc)
        return 1
    except GuideNotFound as exc:
        return fail(str(exc), 2)
    from carag_tui.case.review_record import read_queries, review_state

    queries = {qid: q for qid, q in read_queries(data).items() if q.is_open}
    walk = Walk(guide, case.answers)
    sections = outline(walk)
    rows = [
        {
            "id": r.question.id,
            "kind": str(r.question.kind),
            "question": r.question.text,
            "answer": r.answer,
            "label": r.label,
            "note": case.notes.get(r.question.id, "").strip() or None,
            "query": _query_json(queries.get(r.question.id)),
        }
        for section in sections
        for r in section.rows
    ]
    if args.format == "json":
        json.dump(
            {
                "path": str(path),
                "case": case.case,
                "guide": case.guide,
                "guide_version": case.guide_version,
                "unit": case.unit,
                "assessor": case.assessor,
                "status": str(case.status),
                "complete": walk.complete,
                "review": str(review_state(case, data)),
                "questions": rows,
            },
            sys.stdout,
            indent=2,
            default=str,
            ensure_ascii=False,
        )
        print()
        return 0
    if args.format == "html":
        from carag_tui.report.render_case_html import render_case_html

        sys.stdout.write(
            render_case_html(path, case, guide, rows, str(review_state(case, data)), walk.complete)
        )
        return 0
    progress = walk.progress()
    print(f"Case {case.case} — {guide.title} ({guide.version})")
    print(
        f"Unit: {case.unit or '—'}   Assessor: {case.assessor or '—'}   Status: {case.status}   "
        f"Answered {progress.answered}/{progress.applicable}"
    )
    print(
        f"Review: {review_state(case, data).label}"
        + (f", {len(queries)} open quer{'y' if len(queries) == 1 else 'ies'}" if queries else "")
    )
    for section in sections:
        print(f"\n{section.heading}")
        for r in section.rows:
            question = r.question
            print(f"  {question.id:8} {question.text}")
            print(f"  {'':8} → {r.label or '(not answered)'}")
            for line in case.notes.get(question.id, "").strip().splitlines():
                print(f"  {'':8}   │ {line}")
            query = queries.get(question.id)
            if query is not None:
                print(
                    f"  {'':8}   ? query ({query.state}) {query.by}: {' '.join(query.text.split())}"
                )
                if query.reply:
                    print(f"  {'':8}     reply ({query.reply_by}): {' '.join(query.reply.split())}")
    return 0


def _query_json(query: Any) -> dict[str, Any] | None:
    if query is None:
        return None
    return {
        "state": query.state,
        "text": query.text.strip(),
        "by": query.by,
        "reply": query.reply.strip() or None,
        "reply_by": query.reply_by or None,
    }


def cmd_locate(_: Any) -> int:
    print(f"config file:  {config_file()}")
    print(f"user guides:  {user_guides_dir()}")
    print(f"user themes:  {user_themes_dir()}")
    print(f"user data:    {data_dir()}")
    print(f"workspace:    {default_workspace()}")
    print(f"cache:        {cache_dir()} (parsed guides; safe to delete)")
    return 0
