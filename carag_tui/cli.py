"""The `carag` command. Only `open`, `demo` and the workspace start Textual.

Each command's code is imported only when that command runs: its runner
(`commands/runners.py`) is a small function whose import names its module.
The parsers are grouped by area, one function each, so that an area's commands sit together.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from carag_tui.commands import runners

if TYPE_CHECKING:  # argparse is imported when the parser is built (not by the merge driver)
    import argparse

Runner = Callable[["argparse.Namespace"], "int | None"]


# --- parsers, by area -----------------------------------------------------------------------


def _add_guide_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("guides", help="list the guides found")
    p.set_defaults(run=runners.run_guides)

    p = sub.add_parser(
        "guide", help="print a guide, or `guide check FILE…` to validate guide files"
    )
    p.add_argument("guide_id", metavar="ID|check")
    p.add_argument("files", nargs="*", help="with `check`: guide files to validate")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--inferred",
        action="store_true",
        help="list what the guide infers, rules from inspection reports, and the "
        "source's defects, for an inspectorate to confirm",
    )
    p.set_defaults(run=runners.run_guide)


def _add_case_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="create a case file and print its path")
    p.add_argument("case_ref", metavar="CASE_REF", help="case reference (no names)")
    p.add_argument("--guide", required=True, metavar="ID", help="guide id (see `carag guides`)")
    p.add_argument("--unit", help="grouping label for reports, e.g. the local delivery unit")
    p.add_argument("--assessor", help="assessor name (default: from the config file)")
    p.add_argument("--dir", help="folder for the case file (default: the workspace)")
    p.set_defaults(run=runners.run_new)

    p = sub.add_parser("set", help="answer questions without the app: QID=VALUE …")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "assignments",
        nargs="+",
        metavar="QID=VALUE",
        help="e.g. A1.1=yes A2.3=attitudes,accommodation D2.7=14 status=complete; "
        "QID= clears an answer",
    )
    p.add_argument("--note", action="append", metavar="QID=TEXT", help="set a note")
    p.set_defaults(run=runners.run_set)

    p = sub.add_parser("check", help="validate case files; exit 1 on errors")
    p.add_argument("targets", nargs="+", metavar="FILE|DIR")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(run=runners.run_check)

    p = sub.add_parser("show", help="print a case as a readable sheet")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--format",
        choices=["text", "json", "html"],
        default="text",
        help="html: a printable A4 sheet",
    )
    p.set_defaults(run=runners.run_show)

    p = sub.add_parser("locate", help="print where config, user guides and themes live")
    p.set_defaults(run=runners.run_locate)


def _add_app_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("open", help="walk through a case (the app; --plain for line by line)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--plain", action="store_true", help="ask on stdin/stdout, no full-screen app")
    p.add_argument("--read-only", action="store_true", help="look without changing anything")
    p.add_argument("--theme", help="theme name")
    p.set_defaults(run=runners.run_open)

    p = sub.add_parser("workspace", help="the workspace of case files (the default)")
    p.add_argument("dir", nargs="?", metavar="DIR")
    p.add_argument("--theme", help="theme name")
    p.set_defaults(run=runners.run_workspace)

    p = sub.add_parser("demo", help="write a workspace of fictional example cases and open it")
    p.add_argument("dir", nargs="?", default="carag-demo", metavar="DIR")
    p.add_argument("--no-open", action="store_true", help="write the cases only")
    p.add_argument("--theme", help="theme name")
    p.set_defaults(run=runners.run_demo)


def _add_report_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="the inspection results from a folder of cases")
    p.add_argument("dirs", nargs="*", metavar="DIR")
    p.add_argument("--guide", metavar="ID", help="only this guide")
    p.add_argument("--by", metavar="FIELD", help="a column per group: unit, or a case detail id")
    p.add_argument("--format", choices=["text", "md", "csv", "json", "html"], default="text")
    p.add_argument(
        "--examples",
        action="store_true",
        help="only the notes marked as practice examples (in any --format)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(run=runners.run_report)

    p = sub.add_parser("sample", help="how many cases to assess (and from each stratum)")
    p.add_argument("--population", type=int, metavar="N", help="eligible cases")
    p.add_argument("--confidence", type=float, default=80, help="per cent (default 80)")
    p.add_argument("--margin", type=float, default=5, help="percentage points (default 5)")
    p.add_argument(
        "--strata",
        metavar="FILE.csv",
        help="population counts by stratum: one column per field, then population",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(run=runners.run_sample)

    p = sub.add_parser("export", help="one row per case, one column per question")
    p.add_argument("dirs", nargs="+", metavar="DIR")
    p.add_argument("--guide", metavar="ID")
    p.add_argument("--format", choices=["csv"], default="csv")
    p.add_argument("-o", "--output", metavar="FILE")
    p.set_defaults(run=runners.run_export)


def _add_team_commands(sub: argparse._SubParsersAction) -> None:
    """Teamwork in git: init, doctor, merge-file, history, sync."""
    p = sub.add_parser("init", help="make a workspace a carag workspace in git (idempotent)")
    p.add_argument("dir", nargs="?", metavar="DIR", help="default: the workspace")
    p.set_defaults(run=runners.run_init)

    p = sub.add_parser("doctor", help="check what breaks teamwork in git; exit 1 if any")
    p.add_argument("dir", nargs="?", metavar="DIR", help="default: the workspace")
    p.set_defaults(run=runners.run_doctor)

    p = sub.add_parser("merge-file", help="git's merge driver for case files (%%O %%A %%B %%P)")
    p.add_argument("base", metavar="BASE")
    p.add_argument("ours", metavar="OURS")
    p.add_argument("theirs", metavar="THEIRS")
    p.add_argument("path", metavar="PATH")
    p.set_defaults(run=runners.run_merge_file)

    p = sub.add_parser("history", help="each answer's history from git: when, who, old → new")
    p.add_argument("file", metavar="FILE")
    p.add_argument("qids", nargs="*", metavar="QID", help="only these questions")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(run=runners.run_history)

    p = sub.add_parser(
        "sync",
        help="commit changed case files, pull (with carag's merge), "
        "push; say what merged and what clashed",
    )
    p.add_argument("dir", nargs="?", metavar="DIR", help="default: the workspace")
    p.add_argument("--remote", metavar="NAME", help="default: the branch's upstream, or origin")
    p.set_defaults(run=runners.run_sync)

    p = sub.add_parser("textconv", help="a case file as git diff shows it (diff.carag.textconv)")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(run=runners.run_textconv)


def _add_qa_commands(sub: argparse._SubParsersAction) -> None:
    """Quality assurance: review, queries, second, compare, agreement."""
    p = sub.add_parser("review", help="the reviewer's walk; or approve / return a case")
    p.add_argument("target", metavar="FILE|DIR")
    decision = p.add_mutually_exclusive_group()
    decision.add_argument(
        "--approve",
        action="store_true",
        help="approve the case's answers and notes as they are now",
    )
    decision.add_argument(
        "--return",
        dest="return_reason",
        metavar="REASON",
        help="send the case back to its assessor, saying why",
    )
    p.add_argument(
        "--reviewer",
        metavar="NAME",
        help="who reviews (default: the config's "
        "assessor); checked against `reviewers` in inspection.toml",
    )
    p.add_argument(
        "--commit",
        action="store_true",
        help="also commit the case file in git with Reviewed-by: and QA-Status: trailers",
    )
    p.add_argument("--theme", help="theme name")
    p.set_defaults(run=runners.run_review)

    p = sub.add_parser("queries", help="open queries per assessor; or open, reply to, close one")
    p.add_argument("targets", nargs="+", metavar="FILE|DIR")
    p.add_argument("--open", nargs=2, metavar=("QID", "TEXT"), help="open a query on QID")
    p.add_argument("--reply", nargs=2, metavar=("QID", "TEXT"), help="reply to the query")
    p.add_argument("--close", metavar="QID", help="close the query on QID")
    p.add_argument("--by", metavar="NAME", help="who (default: the config's assessor)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(run=runners.run_queries)

    p = sub.add_parser("second", help="a blind copy of a case for a second assessor")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--assessor", required=True, metavar="NAME", help="the second assessor")
    p.add_argument(
        "--dir",
        metavar="DIR",
        help="folder for the copy (default: beside the case's folder, FOLDER-second)",
    )
    p.set_defaults(run=runners.run_second)

    p = sub.add_parser("compare", help="two assessments of a case: where they differ")
    p.add_argument("a", metavar="A.toml")
    p.add_argument("b", metavar="B.toml")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--adjudicate",
        action="store_true",
        help="pick the final answer per difference in the app; writes the agreed case",
    )
    p.add_argument(
        "--agree",
        action="append",
        metavar="QID=a|b",
        help="without the app: take A's or B's answer at QID (others: A's)",
    )
    p.add_argument("--write", action="store_true", help="write the agreed case (with --agree)")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the agreed case (default: beside A's folder, FOLDER-agreed/REF.toml)",
    )
    p.add_argument("--theme", help="theme name")
    p.set_defaults(run=runners.run_compare)

    p = sub.add_parser(
        "agreement",
        help="agreement between two assessors' folders: percent, Cohen's kappa, Gwet's AC1",
    )
    p.add_argument("dir_a", metavar="DIR_A")
    p.add_argument("dir_b", metavar="DIR_B")
    p.add_argument("--guide", metavar="ID", help="only this guide")
    p.add_argument("--format", choices=["text", "md", "json"], default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(run=runners.run_agreement)


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="carag",
        description="Assess probation cases against HMI Probation's CARaG, one TOML file a case.",
        epilog="`carag` alone, or `carag DIR`, opens the workspace of case files.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_guide_commands(sub)
    _add_case_commands(sub)
    _add_app_commands(sub)
    _add_report_commands(sub)
    _add_team_commands(sub)
    _add_qa_commands(sub)
    return parser


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    """The names of the parser's commands."""
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if len(args_list) == 5 and args_list[0] == "merge-file":
        # git starts the driver once per merged file: no parser to build, nothing else imported
        from carag_tui.team.merge import merge_file_command

        return merge_file_command(*args_list[1:])
    parser = build_parser()
    if args_list and not args_list[0].startswith("-") and args_list[0] not in command_names(parser):
        args_list = ["workspace", *args_list]
    args = parser.parse_args(args_list)
    if args.command is None:
        args = parser.parse_args(["workspace"])
    runner: Runner = args.run
    from carag_tui.safetext import guard_terminal

    guard_terminal()  # no control character from a file reaches the terminal raw
    try:
        return int(runner(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `carag show … | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
