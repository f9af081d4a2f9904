"""Text from files never drives the terminal: control characters (ESC, BEL, the 8-bit CSI
0x9b) in a case's reference, unit, assessor, notes and unknown ids reach a real terminal
escaped (`\\x1b`) from every command, and the Markdown report shows HTML as text."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from carag_tui.case.editing import new_case

REPO = Path(__file__).resolve().parent.parent
RAW = ("\x1b", "\x07", "\x9b", "\x08")


def in_terminal(*args: str | os.PathLike, stdin: str = "") -> str:
    """Run carag with stdout and stderr on a pseudo-terminal; what the terminal received."""
    master, slave = os.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "COLUMNS": "100"}
    process = subprocess.Popen(
        [sys.executable, "-m", "carag_tui.cli", *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=slave,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    assert process.stdin is not None
    process.stdin.write(stdin.encode())
    process.stdin.close()
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            process.kill()
            pytest.fail("carag did not finish")
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    process.wait(60)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def hostile(tmp_path: Path, guides) -> Path:
    casefile = new_case(tmp_path / "ws", "EVIL-1", guides["unpaid-work-2019"])
    text = casefile.path.read_text(encoding="utf-8")
    text = text.replace('case = "EVIL-1"', 'case = "EVIL\\u001b[2J-1"')
    text = text.replace(
        "status = ",
        'unit = "\\u001b]0;pwned\\u0007Devon\\u009b2J<b>x</b>"\n'
        'assessor = "\\u001b[31mEve\\b"\nstatus = ',
        1,
    )
    text = text.replace("[answers]", '[answers]\norg = "crc"\n"X\\u001b[5m" = "yes"', 1)
    text = text.replace("[notes]", '[notes]\n"U1.1" = "see \\u001b[8mhidden\\u009b"', 1)
    casefile.path.write_text(text, encoding="utf-8")
    return casefile.path


@pytest.mark.parametrize(
    "command",
    [
        ["show"],
        ["check"],
        ["report"],
        ["report", "--format", "md"],
        ["report", "--by", "unit"],
        ["report", "--by", "assessor"],
        ["export"],
        ["open", "--plain"],
    ],
)
def test_control_characters_from_a_case_reach_the_terminal_escaped(hostile, command):
    target = hostile if command[0] in ("show", "check", "open") else hostile.parent
    stdin = "note\n.\nq\n" if command[0] == "open" else ""
    seen = in_terminal(command[0], *command[1:], target, stdin=stdin)
    assert "Traceback" not in seen, seen
    for raw in RAW:
        assert raw not in seen, (raw, seen)
    assert "\\x1b" in seen, seen  # shown, escaped, not dropped


def test_the_markdown_report_shows_html_and_markdown_from_files_as_text(hostile, carag):
    result = carag("report", "--format", "md", "--by", "unit", hostile.parent)
    assert "<b>" not in result.out and "&lt;b&gt;" in result.out
    assert "\x1b" not in result.out and "\\x1b" in result.out
    header = next(line for line in result.out.splitlines() if line.startswith("| Standard"))
    assert "Devon" in header and "pwned" in header  # the unit is one cell: no table broken


def test_a_text_report_written_to_a_file_is_escaped_but_json_keeps_the_data(
    hostile, carag, tmp_path
):
    out = tmp_path / "report.txt"
    assert carag("report", hostile.parent, "-o", out).code in (0, 1)
    text = out.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\\x1b" in text
    data = carag("report", "--format", "json", "--by", "unit", hostile.parent).out
    assert "\\u001b]0;pwned\\u0007Devon" in data  # data stays data (JSON's own escapes)
