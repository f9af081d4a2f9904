"""`carag report` and `carag export`: the inspection's results from a folder of case files.

Exit status: 0 when every file was read, 1 when any file (or the inspection file) had an error
or there were no case files (the report is still written), 2 for a bad command line (unknown
guide, unknown --by field, a folder that does not exist, several guides for one export).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from carag_tui.commands.output import fail
from carag_tui.guide.registry import GuideNotFound
from carag_tui.paths import default_workspace
from carag_tui.report.aggregate import build_report
from carag_tui.report.export import ExportError, build_export, render_export_csv
from carag_tui.report.results import FileError, Report

RENDERERS: dict[str, str] = {
    "text": "carag_tui.report.render_text:render_text",
    "md": "carag_tui.report.render_md:render_md",
    "csv": "carag_tui.report.render_csv:render_csv",
    "json": "carag_tui.report.render_json:render_json",
    "html": "carag_tui.report.render_html:render_html",
}


EXAMPLE_RENDERERS: dict[str, str] = {
    "text": "carag_tui.report.render_text:render_examples_text",
    "md": "carag_tui.report.render_md:render_examples_md",
    "json": "carag_tui.report.render_json:render_examples_json",
    "csv": "carag_tui.report.render_csv:render_examples_csv",
    "html": "carag_tui.report.render_html:render_examples_html",
}


def renderer(name: str, table: dict[str, str] = RENDERERS) -> Callable[[Report], str]:
    module_name, _, attr = table[name].partition(":")
    module = __import__(module_name, fromlist=[attr])
    return getattr(module, attr)


def _targets(dirs: list[str] | None) -> tuple[list[Path], str | None]:
    targets = [Path(d) for d in dirs] if dirs else [default_workspace()]
    missing = [str(t) for t in targets if not t.exists()]
    if missing:
        return targets, f"no such folder or file: {', '.join(missing)}"
    return targets, None


def write_output(
    text: str, output: str | None, *, private: bool = False, readable: bool = False
) -> str | None:
    """Write to `output` (a file, replaced whole: a full disk leaves the old one as it was;
    `private` ones 0600) or stdout (on a terminal, control characters are shown escaped by
    `carag`'s guarded stdout); `readable` text (a report for people, not data) has them
    escaped in a file too. Return an error message on failure."""
    if readable:
        from carag_tui.safetext import visible

        text = visible(text)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    try:
        from carag_tui.fileio import atomic_write

        atomic_write(Path(output), text, mode=0o600 if private else 0o644, keep_mode=not private)
    except OSError as exc:
        return f"cannot write {output}: {exc.strerror or exc}"
    return None


def print_errors(errors: list[FileError]) -> None:
    for error in errors:
        print(error.error, file=sys.stderr)


def cmd_report(args: Any) -> int:
    targets, problem = _targets(args.dirs)
    if problem:
        return fail(problem, 2)
    try:
        report = build_report(targets, args.guide, args.by)
    except GuideNotFound as exc:
        return fail(str(exc), 2)
    except ValueError as exc:
        return fail(str(exc), 2)
    if getattr(args, "examples", False):
        render = renderer(args.format, EXAMPLE_RENDERERS)
    else:
        render = renderer(args.format)
    problem = write_output(render(report), args.output, readable=args.format in ("text", "md"))
    if problem:
        return fail(problem)
    if report.errors:
        in_view = args.output is None and args.format in ("text", "md")
        if in_view:
            n = len(report.errors)
            print(
                f"carag: {n} file{'s' * (n != 1)} could not be read; "
                "listed at the end of the report",
                file=sys.stderr,
            )
        else:
            print_errors(report.errors)
    if report.files == 0:
        where = ", ".join(str(t) for t in targets)
        return fail(f"no case files found under {where}")
    if args.output:
        print(f"wrote {args.output}", file=sys.stderr)
    return 1 if report.errors else 0


def cmd_export(args: Any) -> int:
    targets, problem = _targets(args.dirs)
    if problem:
        return fail(problem, 2)
    try:
        export = build_export(targets, args.guide)
    except GuideNotFound as exc:
        return fail(str(exc), 2)
    except ExportError as exc:
        return fail(str(exc), 2)
    problem = write_output(render_export_csv(export), args.output, private=True)
    if problem:
        return fail(problem)
    print_errors(export.errors)
    if not export.rows and not export.errors:
        where = ", ".join(str(t) for t in targets)
        what = f"no cases of {args.guide}" if args.guide else "no case files"
        return fail(f"{what} found under {where}")
    if args.output:
        print(f"wrote {args.output}: {len(export.rows)} cases", file=sys.stderr)
    return 1 if export.errors else 0
