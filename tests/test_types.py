"""The type hints hold: mypy, with the configuration in pyproject.toml, finds no error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow  # a cold mypy run takes a while; CI runs it (`-m "not slow"` skips)


def test_mypy_finds_no_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout + done.stderr  # "No module named mypy": pip
    # install -e '.[test]'; else each error, file:line
    assert "Success: no issues found" in done.stdout
