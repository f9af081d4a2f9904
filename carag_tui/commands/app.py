"""`carag open`, `carag demo` and the workspace: the commands that start the app."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

from carag_tui.commands.output import fail
from carag_tui.commands.settings import _config, workspace_folder
from carag_tui.problems import ProblemsError

#: Terminals that cannot run the full-screen app (no colours worth the name, no alternate
#: screen, too few keys): `carag open` asks line by line there instead.
PLAIN_TERMINALS = ("", "dumb", "unknown", "vt52", "vt100", "vt102", "vt220", "vt320")


def can_run_textual() -> bool:
    """A real terminal that Textual can drive (not a pipe, not TERM=dumb or a VT100)."""
    term = os.environ.get("TERM", "").split("-")[0].lower()
    return sys.stdin.isatty() and sys.stdout.isatty() and term not in PLAIN_TERMINALS


def _run(**kwargs: Any) -> int:
    # Start-up allocates much and frees little, so the cyclic collector is kept out of it;
    # after the first paint, what start-up built (Textual, the modules, the guide) is frozen,
    # so that the collector never walks it again, and collecting resumes.
    gc.disable()
    try:
        from carag_tui.tui.app import make_app

        app = make_app(**kwargs, after_first_paint=_collect_from_now_on)
        config = kwargs.get("config")
        # Mouse tracking breaks select-and-copy over SSH and adds traffic: off unless asked.
        app.run(mouse=bool(config is not None and config.mouse))
    finally:
        gc.enable()  # also where the app ended before its first paint
    return app.return_code or 0


def _collect_from_now_on() -> None:
    gc.freeze()
    gc.enable()


def cmd_open(args: Any) -> int:
    path = Path(args.file)
    from carag_tui.case.store import load_case

    try:
        load_case(path)
    except ProblemsError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return fail(f"{path} was not opened and is unchanged")
    if args.plain or not can_run_textual():
        from carag_tui.plain import run_plain

        if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
            # a terminal, but one the app cannot drive: say so, once, before the first question
            print(
                f"carag: TERM={os.environ.get('TERM', '')!r} cannot run the full-screen app: "
                "plain mode",
                file=sys.stderr,
            )
        return run_plain(path, read_only=args.read_only, brief=_config().plain_brief)
    return _run(case_path=path, config=_config(), theme=args.theme, read_only=args.read_only)


def cmd_workspace(args: Any) -> int:
    config = _config()
    folder = workspace_folder(args.dir, config)
    if not can_run_textual():
        print(
            "carag: the workspace needs a terminal that can run the full-screen app (TERM="
            f"{os.environ.get('TERM', '')!r} cannot); use `carag open FILE` (line by line "
            "here), `carag check DIR` or `carag report DIR`",
            file=sys.stderr,
        )
        return 2
    return _run(workspace=folder, config=config, theme=args.theme)


def cmd_demo(args: Any) -> int:
    from carag_tui.case.synthetic import write_demo
    from carag_tui.guide.registry import catalogue

    folder = Path(args.dir)
    guides = sorted(catalogue().guides.values(), key=lambda g: g.id)
    written = write_demo(folder, guides)
    from carag_tui.commands.team import warn_without_setup

    warn_without_setup(folder)
    print(f"{folder}: {len(written)} demo cases written" + ("" if written else " (already there)"))
    if args.no_open or not can_run_textual():
        return 0
    return _run(workspace=folder, config=_config(), theme=args.theme)
