"""App benchmarks: start-up against a bare Textual app, answer latency, keys, memory.

    .venv/bin/python tests/bench/bench_app.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Each probe runs in a fresh interpreter, so imports count, and prints seconds from start
# to the first question being on screen (headless, 80x24). The bare app shows the widgets
# that are on screen at first paint (the note editor is mounted only when a note is edited).
CARAG_PROBE = r"""
import time, sys, asyncio
t0 = time.perf_counter()
from pathlib import Path
from carag_tui.tui.app import make_app
async def main():
    app = make_app(case_path=Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        while "Which organisation" not in str(app.screen.query_one("#qtext").render()):
            await pilot.pause(0.001)
        print(time.perf_counter() - t0)
asyncio.run(main())
"""

BARE_PROBE = r"""
import time, sys, asyncio
t0 = time.perf_counter()
from rich.markdown import Markdown
from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Input, Static
GUIDANCE = open(sys.argv[2]).read()
class Bare(App):
    def compose(self):
        yield Static("where")
        with Horizontal():
            with Vertical():
                yield Static("head")
                yield Static("Which organisation manages the case?", id="qtext")
                yield Static(" 1  CRC\n 2  NPS")
                yield Input()
            with VerticalScroll():
                yield Static(Markdown(GUIDANCE))
        yield Static("status")
        yield Footer()
async def main():
    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        while "Which organisation" not in str(app.query_one("#qtext").render()):
            await pilot.pause(0.001)
        print(time.perf_counter() - t0)
asyncio.run(main())
"""


def run_probe(code: str, *args: str) -> float:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         check=True, cwd=REPO)
    return float(out.stdout.strip().splitlines()[-1])


def startup(runs: int, folder: Path) -> dict:
    from carag_tui.case.editing import new_case
    from carag_tui.guide.registry import catalogue

    guide = catalogue().get("case-supervision-2019")
    path = new_case(folder, "BENCH-START", guide).path
    guidance = folder / "guidance.md"
    guidance.write_text(guide.question("org").guidance)
    carag, bare = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        bare.append(run_probe(BARE_PROBE, str(path), str(guidance)))
        carag.append(run_probe(CARAG_PROBE, str(path)))
        (folder / ".BENCH-START.toml.lock").unlink(missing_ok=True)
    return {"carag_median_s": statistics.median(carag), "bare_median_s": statistics.median(bare),
            "ratio": statistics.median(carag) / statistics.median(bare)}


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
    original = WalkScreen.show_question

    def show_and_signal(screen: WalkScreen, qid: str | None) -> None:
        original(screen, qid)
        screen.app.call_after_refresh(shown.set)

    WalkScreen.show_question = show_and_signal  # type: ignore[method-assign]
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
        WalkScreen.show_question = original  # type: ignore[method-assign]
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
    subprocess.run([sys.executable, "-m", "carag_tui.cli", "demo", str(folder / "demo"),
                    "--no-open"], check=True, capture_output=True, cwd=REPO)
    out = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(folder / "demo")],
                         capture_output=True, text=True, check=True, cwd=REPO)
    return {"peak_rss_mb_demo_workspace": float(out.stdout.strip().splitlines()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="carag-bench-"))
    os.environ["CARAG_HOME"] = str(folder / "home")
    try:
        results = {"startup": startup(args.runs, folder)}
        results["walk"] = asyncio.run(walk_case(folder))
        results["memory"] = memory(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
