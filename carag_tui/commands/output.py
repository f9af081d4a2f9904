"""How every command reports a failure: `carag: MESSAGE` on stderr and an exit code."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the merge driver imports this module: it stays standard library only
    from carag_tui.problems import ProblemsError


def fail(message: str, code: int = 1) -> int:
    """Print `carag: message` on stderr; returns `code`, for `return fail(…)`."""
    print(f"carag: {message}", file=sys.stderr)
    return code


def print_problems(error: ProblemsError) -> None:
    """Each problem of a file that does not load, one a line (file:line: what is wrong)."""
    for problem in error.problems:
        print(problem, file=sys.stderr)
