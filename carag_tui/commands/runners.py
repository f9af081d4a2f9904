"""What each `carag` command runs: one small function per command, importing its module only
when it runs, so that start-up stays lazy and tools and the tests can see every command resolve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # argparse is imported when the parser is built (not by the merge driver)
    import argparse


def run_guides(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.guides import list_guides

    return list_guides(args)


def run_guide(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.guides import guide_command

    return guide_command(args)


def run_new(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.cases import cmd_new

    return cmd_new(args)


def run_set(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.cases import cmd_set

    return cmd_set(args)


def run_check(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.check import cmd_check

    return cmd_check(args)


def run_show(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.cases import cmd_show

    return cmd_show(args)


def run_locate(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.cases import cmd_locate

    return cmd_locate(args)


def run_open(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.app import cmd_open

    return cmd_open(args)


def run_workspace(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.app import cmd_workspace

    return cmd_workspace(args)


def run_demo(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.app import cmd_demo

    return cmd_demo(args)


def run_report(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.report import cmd_report

    return cmd_report(args)


def run_export(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.report import cmd_export

    return cmd_export(args)


def run_review(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.qa import cmd_review

    return cmd_review(args)


def run_queries(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.qa import cmd_queries

    return cmd_queries(args)


def run_second(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.qa import cmd_second

    return cmd_second(args)


def run_compare(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.agreement import cmd_compare

    return cmd_compare(args)


def run_agreement(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.agreement import cmd_agreement

    return cmd_agreement(args)


def run_sample(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.sample import cmd_sample

    return cmd_sample(args)


def run_init(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.team import cmd_init

    return cmd_init(args)


def run_doctor(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.team import cmd_doctor

    return cmd_doctor(args)


def run_merge_file(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.team import cmd_merge_file

    return cmd_merge_file(args)


def run_textconv(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.team import cmd_textconv

    return cmd_textconv(args)


def run_history(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.team import cmd_history

    return cmd_history(args)


def run_sync(args: argparse.Namespace) -> int | None:
    from carag_tui.commands.sync import cmd_sync

    return cmd_sync(args)
