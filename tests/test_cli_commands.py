"""Every `carag` command resolves to a function that exists, without running it."""

from __future__ import annotations

import argparse
import dis
import importlib

from carag_tui.cli import build_parser, command_names


def _runners() -> dict[str, object]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {name: sub.get_default("run") for name, sub in action.choices.items()}


def test_every_command_has_a_runner_whose_import_resolves():
    runners = _runners()
    assert set(runners) == command_names(build_parser())
    for name, runner in runners.items():
        assert callable(runner), name
        ops = list(dis.get_instructions(runner))  # type: ignore[arg-type]
        modules = [op.argval for op in ops if op.opname == "IMPORT_NAME"]
        names = [op.argval for op in ops if op.opname == "IMPORT_FROM"]
        assert len(modules) == 1 and len(names) == 1, f"{name}: one lazy import expected"
        module = importlib.import_module(modules[0])
        assert callable(getattr(module, names[0])), f"{name}: {modules[0]}.{names[0]}"
