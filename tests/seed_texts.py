"""Where the published seed texts are, for the tests that compare the guides with them.

The seeds sit in `shared/seeds` beside the repository (`../shared/seeds`, in CI too; a git
worktree in `wt/NAME` finds them two levels up). `CARAG_SEEDS` names another folder. Without
them the comparison tests skip on a developer's machine but FAIL when `CI` is set: a CI run
that silently skipped them would pass a guide nobody compared with its source.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def find_seeds() -> Path:
    named = os.environ.get("CARAG_SEEDS")
    if named:
        return Path(named)
    for base in (REPO.parent, REPO.parent.parent):
        if (base / "shared" / "seeds").is_dir():
            return base / "shared" / "seeds"
    return REPO.parent / "shared" / "seeds"


SEEDS = find_seeds()


def require_seeds() -> None:
    """Skip (or, under CI, fail) unless the seed texts are there."""
    if SEEDS.is_dir():
        return
    message = f"the seed texts are not at {SEEDS} (they sit in shared/seeds beside the repository)"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must have them", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def seeds() -> Path:
    require_seeds()
    return SEEDS
