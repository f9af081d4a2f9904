"""Heads-down entry figures (issue 12): keys of overhead to start and finish a case, keys per
yes/no answer, and bytes written to the terminal per answer at 80x24.

    .venv/bin/python tests/bench/bench_entry.py [--guide case-supervision-2019]

The keys are counted by driving the app as a user does (Pilot); the bytes by running the real
`carag open` in an 80x24 pseudo-terminal, answering a whole case key by key (the first option,
`y`, or `1` Enter for typed answers) and counting what the app writes after each key until it
has been quiet for a while. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from carag_tui.case.editing import new_case  # noqa: E402
from carag_tui.case.flow import Walk  # noqa: E402
from carag_tui.guide.model import AnswerType  # noqa: E402
from carag_tui.guide.registry import catalogue  # noqa: E402

QUIET = 0.4  # seconds without output: the app has drawn what the key set off


def key_plan(guide_id: str) -> list[tuple[str, bytes]]:
    """(question id, the keys that answer it) in walk order, answering as the app resumes."""
    guide = catalogue().get(guide_id)
    answers: dict = {}
    value: object
    plan = []
    while (question := Walk(guide, answers).first_unanswered()) is not None:
        if question.answer in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
            value, keys = "yes", b"y"
        elif question.answer is AnswerType.CHOICE:
            value, keys = Walk(guide, answers).choices(question.id)[0].key, b"1"
        elif question.answer is AnswerType.MULTI:
            value, keys = [question.choices[0].key], b"1\r"
        elif question.answer is AnswerType.NUMBER:
            value, keys = 1, b"1\r"
        else:
            value, keys = (
                "x" if question.answer is AnswerType.TEXT else "2026-01-01",
                (b"x\r" if question.answer is AnswerType.TEXT else b"2026-01-01\r"),
            )
        answers[question.id] = value
        plan.append((question.id, keys))
    return plan


FIRST_BYTE: list[float] = []  # seconds from each key to the first byte the app wrote back
LAST_BYTE: list[float] = []  # and to the last byte before it fell quiet: the redraw drawn
SHOWN: list[float | None] = []  # and until the next question's opening words were written
# Terminal control sequences, removed before looking for text in what was written.
ESCAPES = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|.)"
)


def read_until_quiet(
    master: int, quiet: float = QUIET, first: float = 10.0, watch: bytes | None = None
) -> bytes:
    """What the app writes until it has been quiet for `quiet`; with `watch`, the time
    until that text was written goes in SHOWN (None if it never was)."""
    data, wait, sent = b"", first, time.monotonic()
    last, shown = sent, None
    while True:
        ready, _, _ = select.select([master], [], [], wait)
        if not ready:
            if data:
                LAST_BYTE.append(last - sent)
            if watch is not None:
                SHOWN.append(shown)
            return data
        if not data:
            FIRST_BYTE.append(time.monotonic() - sent)
        try:
            chunk = os.read(master, 65536)
        except OSError:
            return data
        data += chunk
        last = time.monotonic()
        if watch is not None and shown is None and watch in ESCAPES.sub(b"", data):
            shown = last - sent
        wait = quiet


def bytes_per_answer(guide_id: str, folder: Path) -> list[tuple[str, int, int]]:
    """(question, keys, bytes written after its keys) for a whole case in a real pty."""
    path = new_case(folder, "BYTES-1", catalogue().get(guide_id)).path
    return run_in_pty(path, key_plan(guide_id), folder / "home")


def run_in_pty(
    path: Path, plan: list[tuple[str, bytes]], home: Path, shows: list[bytes | None] | None = None
) -> list[tuple[str, int, int]]:
    """`carag open path` (REPO's) in an 80x24 pty, given each question's keys in turn once
    the app has been quiet for QUIET: (question, keys, bytes written after them). With
    `shows`, the text each answer should bring on screen (see read_until_quiet)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
        "CARAG_HOME": str(home),
        "PYTHONPATH": str(REPO),
    }
    env.pop("NO_COLOR", None)
    child = subprocess.Popen(
        [sys.executable, "-m", "carag_tui.cli", "open", str(path)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=REPO,
        start_new_session=True,
    )
    os.close(slave)
    rows = []
    try:
        read_until_quiet(master, quiet=1.0, first=20.0)  # start-up and the first question
        for n, (qid, keys) in enumerate(plan):
            os.write(master, keys)
            watch = shows[n] if shows is not None else None
            rows.append((qid, len(keys), len(read_until_quiet(master, watch=watch))))
    finally:
        child.terminate()
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            child.kill()
        os.close(master)
    return rows


async def keys_to_start_and_finish(folder: Path) -> dict:
    """Keys beyond the words typed: n, reference, Enter (the unit shown), Enter (created);
    and at the end of a case: N in the overview the last answer opens (mark complete, leave,
    the next case's dialog; `o` `N` from anywhere else in the walk)."""
    from carag_tui.config import Config
    from carag_tui.tui.app import make_app
    from carag_tui.tui.screens.new_case import NewCaseScreen
    from carag_tui.tui.screens.walk import WalkScreen
    from tests.tui.helpers import make_case

    make_case(folder, "LAST-1", "unpaid-work-2019", unit="Dorset")
    app = make_app(workspace=folder, config=Config(assessor="A. Inspector"))
    ref = "NEXT-1"
    start = ["n", *ref, "enter", "enter"]
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*start)
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen), app.screen
        walk = app.screen
        for _qid, keys in key_plan("unpaid-work-2019"):
            await pilot.press(*[{"\r": "enter"}.get(k, k) for k in keys.decode()])
        await pilot.pause()
        finish = ["N"]  # in the overview the last answer opened: complete, leave, dialog
        await pilot.press(*finish)
        await pilot.pause()
        complete = str(walk.session.case.status)
        dialog = isinstance(app.screen, NewCaseScreen)
    return {
        "start": len(start) - len(ref),
        "finish_and_next": len(finish),
        "status_after_c": complete,
        "next_dialog_open": dialog,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--guide", default="case-supervision-2019")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CARAG_HOME"] = str(Path(tmp) / "home")
        keys = asyncio.run(keys_to_start_and_finish(Path(tmp) / "ws"))
        print(f"keys of overhead to start a case from the workspace: {keys['start']}")
        print(
            f"keys to finish a case and open the next one's dialog: {keys['finish_and_next']}"
            f" (status after c: {keys['status_after_c']}, dialog open: "
            f"{keys['next_dialog_open']})"
        )
        started = time.monotonic()
        rows = bytes_per_answer(args.guide, Path(tmp) / "bytes")
        took = time.monotonic() - started
    yes_no = [k for q, k, _ in rows if k == 1]
    written = [b for _, _, b in rows]
    print(f"{args.guide}: {len(rows)} answers in a real 80x24 pty ({took:.0f} s)")
    print(
        f"keys per answer: {statistics.mean(k for _, k, _ in rows):.2f}; "
        f"per yes/no or single-digit answer: {statistics.mean(yes_no):.2f}"
    )
    print(
        f"bytes written per answer: median {statistics.median(written):,.0f}, "
        f"mean {statistics.mean(written):,.0f}, max {max(written):,}, "
        f"total {sum(written):,}"
    )
    largest = sorted(rows, key=lambda row: -row[2])[:5]
    print("largest: " + ", ".join(f"{qid} {written:,}" for qid, _, written in largest))
    print(f"at 64 kbit/s the median answer takes {statistics.median(written) * 8 / 64000:.2f} s")
    answered = FIRST_BYTE[-len(rows) :]
    print(
        f"key -> first byte of the redraw: median {statistics.median(answered) * 1000:.0f} ms"
        f" (p90 {sorted(answered)[int(len(answered) * 0.9)] * 1000:.0f} ms)"
    )
    drawn = LAST_BYTE[-len(rows) :]
    print(
        f"key -> last byte of the redraw: median {statistics.median(drawn) * 1000:.0f} ms"
        f" (p90 {sorted(drawn)[int(len(drawn) * 0.9)] * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
