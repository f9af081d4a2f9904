"""`carag compare` and `carag agreement`: two assessments of the same cases side by side."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path
from typing import Any

from carag_tui.case.answers import format_value
from carag_tui.case.store import read_case
from carag_tui.commands.cases import assessor_name
from carag_tui.commands.output import fail, print_problems
from carag_tui.commands.qa import clean
from carag_tui.guide.registry import GuideNotFound
from carag_tui.problems import ProblemsError
from carag_tui.qa.agreement import AgreementReport, GuideChoiceNeeded, ItemAgreement
from carag_tui.qa.compare import CompareError, Difference


def _answer(diff: Difference, side: str) -> str:
    value = diff.a if side == "a" else diff.b
    applies = diff.a_applies if side == "a" else diff.b_applies
    if not applies:
        return "(does not apply)"
    return clean(format_value(diff.question, value)) if value is not None else "(not answered)"


def cmd_compare(args: Any) -> int:
    from carag_tui.guide.registry import catalogue
    from carag_tui.qa.compare import check_pair, differences

    a_path, b_path = Path(args.a), Path(args.b)
    try:
        a, b = read_case(a_path), read_case(b_path)
        check_pair(a, b, a_path, b_path)
        guide = catalogue().get(a.guide)
    except ProblemsError as exc:
        print_problems(exc)
        return 1
    except CompareError as exc:
        return fail(str(exc), 2)
    except GuideNotFound as exc:
        return fail(str(exc), 2)
    if args.adjudicate:
        from carag_tui.commands.app import _config, _run, can_run_textual

        if not can_run_textual():
            return fail("adjudication needs a terminal; without one use --agree QID=b … --write", 2)
        return _run(
            adjudicate=(a_path, b_path, Path(args.output) if args.output else None),
            config=_config(),
            theme=args.theme,
        )
    if args.write or args.agree:
        return _write(a_path, b_path, args)
    found = differences(guide, a, b)
    if args.format == "json":
        json.dump(
            {
                "case": a.case,
                "guide": guide.id,
                "a": str(a_path),
                "b": str(b_path),
                "a_assessor": a.assessor,
                "b_assessor": b.assessor,
                "differences": [
                    {
                        "id": d.question.id,
                        "question": d.question.text,
                        "a": d.a,
                        "b": d.b,
                        "a_applies": d.a_applies,
                        "b_applies": d.b_applies,
                        "a_note": d.a_note or None,
                        "b_note": d.b_note or None,
                    }
                    for d in found
                ],
            },
            sys.stdout,
            indent=2,
            default=str,
            ensure_ascii=False,
        )
        print()
        return 0
    who_a, who_b = clean(a.assessor or str(a_path)), clean(b.assessor or str(b_path))
    print(f"Case {clean(a.case)} — {guide.title}: A {who_a} ({a_path}), B {who_b} ({b_path})")
    for diff in found:
        print(f"\n{diff.question.id}  {clean(diff.question.text)}")
        print(f"  A: {_answer(diff, 'a')}")
        for line in diff.a_note.splitlines():
            print(f"     │ {clean(line)}")
        print(f"  B: {_answer(diff, 'b')}")
        for line in diff.b_note.splitlines():
            print(f"     │ {clean(line)}")
    print(f"\n{len(found)} question{'s' * (len(found) != 1)} differ")
    return 0


def _write(a_path: Path, b_path: Path, args: Any) -> int:
    from carag_tui.qa.compare import write_agreed

    picks = {}
    for pick in args.agree or []:
        qid, sep, side = pick.partition("=")
        if not sep or side not in ("a", "b"):
            return fail(f"--agree {pick!r}: expected QID=a or QID=b", 2)
        picks[qid] = side
    try:
        agreed = write_agreed(
            a_path,
            b_path,
            picks,
            assessor_name(None) or "",
            Path(args.output) if args.output else None,
        )
    except ProblemsError as exc:
        print_problems(exc)
        return 1
    except (CompareError, FileExistsError, OSError) as exc:
        return fail(str(exc))
    print(agreed.path)
    return 0


# --- agreement ----------------------------------------------------------------------------


def _figure(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _kappa_text(item: ItemAgreement) -> str:
    s = item.stats
    if s.kappa is None:
        return "undefined" if s.n else "—"
    return f"{s.kappa:.2f} ± {s.kappa_se:.2f}" if s.kappa_se is not None else f"{s.kappa:.2f}"


def render_text(report: AgreementReport) -> str:
    lines = [_head(report), ""]
    for title, items in (
        ("Prompt questions", report.questions),
        ("Key questions (summary judgement)", report.key_questions),
    ):
        lines.append(title)
        lines.append(f"  {'id':9} {'n':>4} {'agree':>7}  {'kappa ± SE':<13} {'AC1':>5}")
        for item in items:
            agree = "—" if item.stats.agreement is None else f"{item.stats.agreement:.1f}%"
            lines.append(
                f"  {item.id:9} {item.stats.n:>4} {agree:>7}  {_kappa_text(item):<13} "
                f"{_figure(item.stats.ac1):>5}"
            )
            if item.stats.n and item.stats.kappa_undefined:
                lines.append(f"  {'':9} kappa {item.stats.kappa_undefined}")
            if item.disagreeing:
                lines += textwrap.wrap(
                    f"differ: {', '.join(map(clean, item.disagreeing))}",
                    80,
                    initial_indent=" " * 12,
                    subsequent_indent=" " * 20,
                    break_long_words=False,
                )
        lines.append("")
    lines += textwrap.wrap(
        "Percent agreement first. Kappa corrects for chance but is low where "
        "nearly all answers are the same, even when the assessors nearly "
        "always agree: read AC1 beside it.",
        80,
    )
    return "\n".join(lines) + "\n"


def _head(report: AgreementReport) -> str:
    guide = report.guide.id if report.guide else "no guide"
    text = (
        f"Agreement between {report.dir_a} and {report.dir_b} ({guide}): "
        f"{report.paired} cases in both"
    )
    if report.only_a or report.only_b:
        text += (
            f"; {len(report.only_a)} only in {report.dir_a}, {len(report.only_b)} only "
            f"in {report.dir_b}"
        )
    for skipped in report.skipped:
        text += f"\n  left out: {clean(skipped)}"
    return text


def render_md(report: AgreementReport) -> str:
    lines = [f"# Agreement\n\n{_head(report)}\n"]
    for title, items in (
        ("Prompt questions", report.questions),
        ("Key questions (summary judgement)", report.key_questions),
    ):
        lines += [
            f"## {title}\n",
            "| id | n | agreement | kappa | SE | AC1 | cases that differ |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for item in items:
            s = item.stats
            agree = "—" if s.agreement is None else f"{s.agreement:.1f}%"
            kappa = _figure(s.kappa) if s.kappa is not None else ("undefined" if s.n else "—")
            lines.append(
                f"| {item.id} | {s.n} | {agree} | {kappa} | {_figure(s.kappa_se)} | "
                f"{_figure(s.ac1)} | {', '.join(map(_md, item.disagreeing))} |"
            )
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    return clean(text).replace("|", "\\|")


def cmd_agreement(args: Any) -> int:
    from carag_tui.qa.agreement import compute_agreement

    for folder in (args.dir_a, args.dir_b):
        if not Path(folder).is_dir():
            return fail(f"{folder}: no such folder", 2)
    try:
        report = compute_agreement(Path(args.dir_a), Path(args.dir_b), args.guide)
    except GuideChoiceNeeded as exc:
        return fail(str(exc), 2)
    except GuideNotFound as exc:
        return fail(str(exc), 2)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if args.format == "json":
        text = json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "md":
        text = render_md(report)
    else:
        text = render_text(report)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 1 if report.problems or not report.paired else 0
