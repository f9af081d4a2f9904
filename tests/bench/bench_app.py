"""App benchmarks: start-up against a bare Textual app, answer latency, keys, memory.

.venv/bin/python tests/bench/bench_app.py [--runs N] [--only startup|walk|memory]
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import pty
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "tests" / "bench"

# Start-up is measured as a user meets it: each app runs in a fresh interpreter in a real
# pseudo-terminal of 80x24, and the clock stops when the question's text has been written to
# the terminal. carag runs as `carag open FILE` (argument parsing, config, the case file, its
# lock and its guide included); the yardstick is `bare_walk.py`, a bare Textual app showing the
# same widgets. Both are started by the same launcher, which first writes the time to a file,
# so that the interpreter's own start-up can be told apart ("from the first line").
LAUNCH = r"""
import sys, time
with open(sys.argv[1], "w") as stamp:
    stamp.write(repr(time.time()))
sys.path.insert(0, sys.argv[2])
if sys.argv[3] == "carag":
    from carag_tui.cli import main
    sys.exit(main(["open", sys.argv[4]]))
from bare_walk import main
main(sys.argv[4])
"""
QUESTION = b"Which organisation manages the case?"
# Terminal control sequences (CSI, OSC, charset and two-byte escapes), removed before looking.
ESCAPES = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|.)"
)


def time_to_question(command: list[str], stamp: Path, timeout: float = 20.0) -> tuple[float, float]:
    """Seconds from spawning `command` in an 80x24 pseudo-terminal, and from its first line
    (the time it wrote to `stamp`), until QUESTION has been written to the terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    stamp.unlink(missing_ok=True)
    spawned = time.time()
    child = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=REPO, start_new_session=True
    )
    os.close(slave)
    seen, shown = b"", None
    try:
        deadline = spawned + timeout
        while shown is None and time.time() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child ended
                break
            seen += chunk
            if QUESTION in ESCAPES.sub(b"", seen):
                shown = time.time()
    finally:
        child.terminate()  # carag saves and leaves on SIGTERM
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        os.close(master)
    if shown is None:
        raise RuntimeError(f"{command[-2:]} never showed the question: {seen[-400:]!r}")
    first_line = float(stamp.read_text())
    return shown - spawned, shown - first_line


def startup(runs: int, folder: Path) -> dict:
    from carag_tui.case.editing import new_case
    from carag_tui.guide.registry import catalogue

    # As installed from a wheel (or run once before): compiled to bytecode, like Textual.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "compileall",
            "-q",
            str(REPO / "carag_tui"),
            str(BENCH / "bare_walk.py"),
        ],
        check=True,
    )
    guide = catalogue().get("case-supervision-2019")
    path = new_case(folder, "BENCH-START", guide).path
    guidance = folder / "guidance.md"
    guidance.write_text(guide.question("org").guidance)
    stamp = folder / "stamp"
    bare_cmd = [sys.executable, "-c", LAUNCH, str(stamp), str(BENCH), "bare", str(guidance)]
    carag_cmd = [sys.executable, "-c", LAUNCH, str(stamp), str(BENCH), "carag", str(path)]
    times: dict[str, list[tuple[float, float]]] = {"carag": [], "bare": []}
    order = [("bare", bare_cmd), ("carag", carag_cmd)]
    for run in range(runs + 1):
        # Interleaved, so both see the same machine load, and each goes first in turn, so
        # neither gains from files the other has just brought into the OS's cache.
        for name, command in order if run % 2 else order[::-1]:
            measured = time_to_question(command, stamp)
            if run:  # the first round warms the caches (guide cache, the OS's page cache)
                times[name].append(measured)
    result: dict[str, float] = {}
    for index, since in enumerate(("from_spawn", "from_first_line")):
        carag = statistics.median(t[index] for t in times["carag"])
        bare = statistics.median(t[index] for t in times["bare"])
        result |= {
            f"carag_{since}_median_s": carag,
            f"bare_{since}_median_s": bare,
            f"ratio_{since}": carag / bare,
        }
    return result


async def walk_case(folder: Path) -> dict:
    """A whole case-supervision case by keys: latency per answer key and keys per question.

    Latency is from the key event entering the app to the next question having been shown
    and the screen refreshed after it (Pilot's own settling pauses are not counted).
    """
    from textual import events

    from carag_tui.case.editing import new_case
    from carag_tui.guide.model import AnswerType
    from carag_tui.guide.registry import catalogue
    from carag_tui.tui.app import make_app
    from carag_tui.tui.screens.walk import WalkScreen

    guide = catalogue().get("case-supervision-2019")
    path = new_case(folder, "BENCH-WALK", guide).path
    app = make_app(case_path=path)
    shown = asyncio.Event()
    original = WalkScreen.watch_qid

    def show_and_signal(screen: WalkScreen, qid: str | None) -> None:
        original(screen, qid)
        screen.app.call_after_refresh(shown.set)

    WalkScreen.watch_qid = show_and_signal  # type: ignore[method-assign]
    latencies: list[float] = []
    keys = {"yes_no": 0, "other": 0}
    answered = {"yes_no": 0, "other": 0}
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            while isinstance(app.screen, WalkScreen):
                question = app.screen.question
                yes_no = question.answer in (AnswerType.YES_NO, AnswerType.YES_NO_NA)
                kind = "yes_no" if yes_no else "other"
                if yes_no:
                    presses = ["y"]
                elif question.answer is AnswerType.CHOICE:
                    presses = ["2"]  # e.g. medium RoSH: the risk sub-sample applies
                elif question.answer is AnswerType.MULTI:
                    presses = ["1", "enter"]
                else:
                    presses = ["1", "2", "enter"]
                await pilot.press(*presses[:-1])
                await pilot.pause()
                shown.clear()
                start = time.perf_counter()
                key = presses[-1]
                app.post_message(events.Key(key, key if len(key) == 1 else None))
                await shown.wait()
                latencies.append(time.perf_counter() - start)
                await pilot.pause()
                keys[kind] += len(presses)
                answered[kind] += 1
    finally:
        WalkScreen.watch_qid = original  # type: ignore[method-assign]
    return {
        "questions_answered": sum(answered.values()),
        "answer_to_next_median_ms": statistics.median(latencies) * 1000,
        "answer_to_next_p95_ms": sorted(latencies)[int(len(latencies) * 0.95)] * 1000,
        "keys_per_yes_no_question": keys["yes_no"] / max(1, answered["yes_no"]),
        "keys_per_other_question": keys["other"] / max(1, answered["other"]),
    }


MEMORY_PROBE = r"""
import asyncio, resource, sys
from pathlib import Path
from carag_tui.tui.app import make_app
async def main():
    app = make_app(workspace=Path(sys.argv[1]))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(30):
            await pilot.press("y")
        await pilot.press("o")
        await pilot.pause()
    print(peak_mb())
def peak_mb():
    # VmHWM is this process's own peak; ru_maxrss also counts the parent it was forked from.
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
asyncio.run(main())
"""


def memory(folder: Path) -> dict:
    subprocess.run(
        [sys.executable, "-m", "carag_tui.cli", "demo", str(folder / "demo"), "--no-open"],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(folder / "demo")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return {"peak_rss_mb_demo_workspace": float(out.stdout.strip().splitlines()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11, help="start-up runs of each app")
    parser.add_argument("--only", choices=["startup", "walk", "memory"])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="carag-bench-"))
    os.environ["CARAG_HOME"] = str(folder / "home")
    benches = {
        "startup": lambda: startup(args.runs, folder),
        "walk": lambda: asyncio.run(walk_case(folder)),
        "memory": lambda: memory(folder),
    }
    try:
        results = {name: run() for name, run in benches.items() if args.only in (None, name)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
