"""The installed textual and tomlkit are the versions the snapshots and the store were tested with.

The bounds live once, in pyproject.toml; a machine outside them (an old lock, a hand install)
fails here with the reason instead of in 36 snapshot diffs or a tomlkit internal.
"""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
BOUNDED = ("textual", "tomlkit")


def _requirements() -> dict[str, Requirement]:
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    reqs = (Requirement(line) for line in data["project"]["dependencies"])
    return {req.name: req for req in reqs}


@pytest.mark.parametrize("name", BOUNDED)
def test_dependency_has_an_upper_bound(name: str) -> None:
    spec = _requirements()[name].specifier
    assert any(s.operator in {"<", "<=", "==", "~="} for s in spec), (
        f"pyproject.toml: {name} needs an upper bound (the tested versions), found '{spec}'"
    )


@pytest.mark.parametrize("name", BOUNDED)
def test_installed_version_is_within_the_tested_bounds(name: str) -> None:
    req = _requirements()[name]
    installed = version(name)
    assert req.specifier.contains(installed, prereleases=True), (
        f"{name} {installed} is installed but carag is tested with {name}{req.specifier}: "
        f"reinstall with `.venv/bin/pip install -e '.[test]'`"
    )
