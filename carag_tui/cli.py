"""The `carag` command. Only `open`, `demo` and the workspace start Textual."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

COMMANDS = {
    "open", "new", "set", "check", "show", "demo", "guides", "guide", "report", "export",
    "locate", "workspace", "-h", "--help",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="carag",
        description="Assess probation cases against HMI Probation's CARaG, one TOML file a case.",
        epilog="`carag` alone, or `carag DIR`, opens the workspace of case files.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("guides", help="list the guides found")
    p.set_defaults(run="carag_tui.commands.guides:list_guides")

    p = sub.add_parser("guide",
                       help="print a guide, or `guide check FILE…` to validate guide files")
    p.add_argument("guide_id", metavar="ID|check")
    p.add_argument("files", nargs="*", help="with `check`: guide files to validate")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(run="carag_tui.commands.guides:guide_command")

    p = sub.add_parser("new", help="create a case file and print its path")
    p.add_argument("case_ref", metavar="CASE_REF", help="case reference (no names)")
    p.add_argument("--guide", required=True, metavar="ID", help="guide id (see `carag guides`)")
    p.add_argument("--unit", help="grouping label for reports, e.g. the local delivery unit")
    p.add_argument("--assessor", help="assessor name (default: from the config file)")
    p.add_argument("--dir", help="folder for the case file (default: the workspace)")
    p.set_defaults(run="carag_tui.commands.cases:cmd_new")

    p = sub.add_parser("set", help="answer questions without the app: QID=VALUE …")
    p.add_argument("file", metavar="FILE")
    p.add_argument("assignments", nargs="+", metavar="QID=VALUE",
                   help="e.g. A1.1=yes A2.3=attitudes,accommodation D2.7=14 status=complete; "
                        "QID= clears an answer")
    p.add_argument("--note", action="append", metavar="QID=TEXT", help="set a note")
    p.set_defaults(run="carag_tui.commands.cases:cmd_set")

    p = sub.add_parser("check", help="validate case files; exit 1 on errors")
    p.add_argument("targets", nargs="+", metavar="FILE|DIR")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(run="carag_tui.commands.cases:cmd_check")

    p = sub.add_parser("show", help="print a case as a readable sheet")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(run="carag_tui.commands.cases:cmd_show")

    p = sub.add_parser("open", help="walk through a case (the app; --plain for line by line)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--plain", action="store_true", help="ask on stdin/stdout, no full-screen app")
    p.add_argument("--read-only", action="store_true", help="look without changing anything")
    p.add_argument("--theme", help="theme name")
    p.set_defaults(run="carag_tui.commands.app:cmd_open")

    p = sub.add_parser("workspace", help="the workspace of case files (the default)")
    p.add_argument("dir", nargs="?", metavar="DIR")
    p.add_argument("--theme", help="theme name")
    p.set_defaults(run="carag_tui.commands.app:cmd_workspace")

    p = sub.add_parser("demo", help="write a workspace of fictional example cases and open it")
    p.add_argument("dir", nargs="?", default="carag-demo", metavar="DIR")
    p.add_argument("--no-open", action="store_true", help="write the cases only")
    p.add_argument("--theme", help="theme name")
    p.set_defaults(run="carag_tui.commands.app:cmd_demo")

    p = sub.add_parser("report", help="the inspection results from a folder of cases")
    p.add_argument("dirs", nargs="*", metavar="DIR")
    p.add_argument("--guide", metavar="ID", help="only this guide")
    p.add_argument("--by", metavar="FIELD", help="a column per group: unit, or a case detail id")
    p.add_argument("--format", choices=["text", "md", "csv", "json", "html"], default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(run="carag_tui.commands.report:cmd_report")

    p = sub.add_parser("export", help="one row per case, one column per question")
    p.add_argument("dirs", nargs="+", metavar="DIR")
    p.add_argument("--guide", metavar="ID")
    p.add_argument("--format", choices=["csv"], default="csv")
    p.add_argument("-o", "--output", metavar="FILE")
    p.set_defaults(run="carag_tui.commands.report:cmd_export")

    p = sub.add_parser("locate", help="print where config, user guides and themes live")
    p.set_defaults(run="carag_tui.commands.cases:cmd_locate")
    return parser


def _load(target: str):
    module_name, _, attr = target.partition(":")
    module = __import__(module_name, fromlist=[attr])
    return getattr(module, attr)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and not args_list[0].startswith("-") and args_list[0] not in COMMANDS:
        args_list = ["workspace", *args_list]
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        args = parser.parse_args(["workspace"])
    try:
        return int(_load(args.run)(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `carag show … | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
