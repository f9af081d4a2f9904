"""The command line, guides, cases and reports never import Textual (it is slow and heavy)."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import carag_tui

REPO = Path(__file__).resolve().parent.parent
HEADLESS_PACKAGES = (
    "carag_tui.guide",
    "carag_tui.case",
    "carag_tui.report",
    "carag_tui.plain",
    "carag_tui.team",
)
HEADLESS_MODULES = (
    "carag_tui.cli",
    "carag_tui.problems",
    "carag_tui.paths",
    "carag_tui.commands.cases",
    "carag_tui.commands.check",
    "carag_tui.commands.guides",
    "carag_tui.commands.report",
)


def headless_modules() -> list[str]:
    found = []
    for package in HEADLESS_PACKAGES:
        folder = Path(carag_tui.__file__).parent / package.rsplit(".", 1)[1]
        if not folder.is_dir():
            continue  # e.g. reports not written yet
        found.append(package)
        found += [f"{package}.{m.name}" for m in pkgutil.iter_modules([str(folder)])]
    for module in HEADLESS_MODULES:
        path = Path(carag_tui.__file__).parent.joinpath(*module.split(".")[1:])
        if path.with_suffix(".py").exists():
            found.append(module)
    return found


def run_python(code: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
        timeout=120,
    )


def test_the_module_list_is_not_empty():
    modules = headless_modules()
    assert "carag_tui.guide.rules" in modules
    assert "carag_tui.case.store" in modules
    assert "carag_tui.cli" in modules


def test_importing_the_headless_modules_does_not_import_textual():
    modules = headless_modules()
    code = (
        "import importlib, json, sys\n"
        "bad = {}\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "    found = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "    if found and not bad: bad[name] = found[:3]\n"
        "print(json.dumps(bad))\n"
    )
    done = run_python(code, *modules)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {}, "this module pulls in Textual"


def test_the_check_proves_something():
    """The same probe does see Textual when a module imports it."""
    done = run_python("import sys, textual; print('textual' in sys.modules)")
    assert done.stdout.strip() == "True"


GUARD = """
import sys

class NoTextual:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError(f"textual imported by a command that must not need it: {name}")
        return None

sys.meta_path.insert(0, NoTextual())
sys.argv = ["carag", *sys.argv[1:]]
from carag_tui.cli import main
code = main()
assert not [m for m in sys.modules if m.startswith("textual")]
sys.exit(code)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["guides"],
        ["guide", "unpaid-work-2019", "--format", "json"],
        ["locate"],
        ["check", "{case}"],
        ["check", "--format", "json", "{case}"],
        ["show", "{case}"],
        ["set", "{case}", "U1.1=yes"],
        ["new", "NEW-2", "--guide", "unpaid-work-2019", "--dir", "{dir}"],
        ["demo", "{dir}/demo", "--no-open"],
    ],
)
def test_commands_run_without_textual(tmp_path, carag_process, args):
    made = carag_process("new", "HYG-1", "--guide", "unpaid-work-2019", "--dir", tmp_path)
    assert made.code == 0, made.err
    case = made.out.strip()
    argv = [a.format(case=case, dir=tmp_path) for a in args]
    done = run_python(GUARD, *argv, cwd=tmp_path)
    assert "textual imported" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr


def test_importtime_of_check_lists_no_textual(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "carag_tui.cli", "guides"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0
    imported = [
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    ]
    assert "carag_tui.guide.loader" in imported  # the probe works
    assert not [m for m in imported if m.split(".")[0] == "textual"]


OPEN_THEN_ANSWER = """
import sys
from carag_tui.case.session import CaseSession
session = CaseSession(sys.argv[1])
session.walk.resume_at()
before = sorted(m for m in sys.modules if m.split(".")[0] == "tomlkit")
session.answer("org", "crc")
after = "tomlkit" in sys.modules
session.close()
print(before, after)
"""


def test_opening_a_case_leaves_tomlkit_until_the_first_change(tmp_path, carag_process):
    """Reading a case needs only tomllib; tomlkit (for editing) loads with the first change."""
    made = carag_process("new", "HYG-2", "--guide", "unpaid-work-2019", "--dir", tmp_path)
    assert made.code == 0, made.err
    done = run_python(OPEN_THEN_ANSWER, made.out.strip(), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "True"]


OPEN_IN_THE_APP = """
import asyncio, sys
from pathlib import Path
from carag_tui.config import load_config
from carag_tui.tui.app import make_app

async def main():
    app = make_app(case_path=Path(sys.argv[1]), config=load_config())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print(app.screen.qid, app.config.assessor, "cattrs" in sys.modules)

asyncio.run(main())
"""


def test_the_app_opens_a_case_without_cattrs(tmp_path, carag_process, carag_home):
    """cattrs structures only files that are not plainly valid (and says what is wrong):
    opening a valid case with a config file leaves it unimported (~11 ms of every start)."""
    made = carag_process("new", "HYG-3", "--guide", "unpaid-work-2019", "--dir", tmp_path)
    assert made.code == 0, made.err
    (carag_home / "config").mkdir(exist_ok=True)
    (carag_home / "config" / "config.toml").write_text(
        'assessor = "A. Inspector"\nmouse = false\n[keymap]\nanswer_na = "a,x"\n', encoding="utf-8"
    )
    done = run_python(OPEN_IN_THE_APP, made.out.strip(), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["org", "A.", "Inspector", "False"]
