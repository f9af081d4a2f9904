"""Answer key to the next question while saves run: the save writer against saving on the loop.

    .venv/bin/python tests/bench/bench_saves.py [--runs R] [--disk-load]

A whole case-supervision case is answered by keys as fast as the app takes them (each key
sent the moment the previous question is on screen, so saves overlap the keys), headless at
80x24, once with the save writer (`case/writer.py`, as shipped) and once with each save done
on the event loop (the code before it), rounds interleaved. With --disk-load a thread writes
and fsyncs 4 MB files in the same folder throughout (bounded: it stops with the round), as a
busy disk would. Latency: from the key event entering the app to the next question shown and
the screen refreshed. Figures only, no pass or fail; goal (issue 17): no key waits for an fsync.
It also prints what each background save still costs the event loop (`save_in_background`,
and of it the tomlkit render of the text).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def disk_load(folder: Path, stop: threading.Event) -> None:
    block = os.urandom(4 * 1024 * 1024)
    target = folder / "load.bin"
    while not stop.is_set():
        with open(target, "wb") as handle:
            handle.write(block)
            handle.flush()
            os.fsync(handle.fileno())
    target.unlink(missing_ok=True)


async def answer_case(folder: Path, on_loop: bool) -> tuple[list[float], float]:
    """Latencies (s) of every answer key, and how long the file took to hold every answer."""
    from textual import events

    import carag_tui.tui.screens.walk_saves as walk_module
    from carag_tui.case.casefile import CaseFile
    from carag_tui.case.editing import new_case
    from carag_tui.case.store import read_case
    from carag_tui.case.writer import save_writer
    from carag_tui.guide.model import AnswerType
    from carag_tui.guide.registry import catalogue
    from carag_tui.tui.app import make_app
    from carag_tui.tui.screens.walk import WalkScreen

    guide = catalogue().get("case-supervision-2019")
    path = new_case(folder, f"BENCH-{time.monotonic_ns()}", guide).path
    app = make_app(case_path=path)
    shown = asyncio.Event()
    original_show, original_save = WalkScreen.watch_qid, walk_module.save_in_background

    def show_and_signal(screen: WalkScreen, qid: str | None) -> None:
        original_show(screen, qid)
        screen.app.call_after_refresh(shown.set)

    def save_on_loop(session, _done) -> bool:  # the code before the writer: save() right here
        session.save()
        return False

    def timed_save(session, done) -> bool:  # the writer, timed on the caller's thread
        rendered = CaseFile.render

        def timed_render(self, **kwargs):
            start = time.perf_counter()
            try:
                return rendered(self, **kwargs)
            finally:
                ON_CALLER["render"].append(time.perf_counter() - start)

        CaseFile.render = timed_render  # type: ignore[method-assign]
        start = time.perf_counter()
        try:
            return original_save(session, done)
        finally:
            ON_CALLER["save_in_background"].append(time.perf_counter() - start)
            CaseFile.render = rendered  # type: ignore[method-assign]

    WalkScreen.watch_qid = show_and_signal  # type: ignore[method-assign]
    walk_module.save_in_background = save_on_loop if on_loop else timed_save  # type: ignore
    latencies: list[float] = []
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            while isinstance(app.screen, WalkScreen):
                question = app.screen.question
                if question.answer in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
                    key = "y"
                elif question.answer is AnswerType.CHOICE:
                    key = "2"
                else:  # several choices or a typed answer: set up without timing
                    for setup in ["1"] if question.answer is AnswerType.MULTI else ["1", "2"]:
                        app.post_message(events.Key(setup, setup))
                    await asyncio.sleep(0.05)
                    key = "enter"
                shown.clear()
                start = time.perf_counter()
                app.post_message(events.Key(key, key if len(key) == 1 else None))
                await shown.wait()
                latencies.append(time.perf_counter() - start)
            answered = (
                dict(app.screen.session.case.answers) if hasattr(app.screen, "session") else None
            )
            finish = time.perf_counter()
            save_writer().wait_idle(60)
            while answered is not None and read_case(path).answers != answered:
                await asyncio.sleep(0.001)
            settled = time.perf_counter() - finish
            await pilot.press("q")
    finally:
        WalkScreen.watch_qid = original_show  # type: ignore[method-assign]
        walk_module.save_in_background = original_save
    return latencies, settled


#: Seconds each background save spent on the caller's thread (the event loop), and in it
#: rendering the text with tomlkit: what the writer leaves on the loop.
ON_CALLER: dict[str, list[float]] = {"save_in_background": [], "render": []}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--disk-load", action="store_true")
    args = parser.parse_args()
    found: dict[str, list[float]] = {"writer": [], "on_loop": []}
    with tempfile.TemporaryDirectory(prefix="carag-bench-") as scratch:
        os.environ["CARAG_HOME"] = str(Path(scratch) / "home")
        folder = Path(scratch) / "cases"
        folder.mkdir()
        for run in range(args.runs + 1):
            for name in ("writer", "on_loop") if run % 2 else ("on_loop", "writer"):
                stop = threading.Event()
                load = threading.Thread(target=disk_load, args=(folder, stop))
                if args.disk_load:
                    load.start()
                try:
                    latencies, _ = asyncio.run(answer_case(folder, name == "on_loop"))
                finally:
                    stop.set()
                    if args.disk_load:
                        load.join()
                if run:  # the first round warms the caches
                    found[name] += latencies
                else:
                    for timed in ON_CALLER.values():
                        timed.clear()
    print(
        json.dumps(
            {
                name: {
                    "keys": len(values),
                    "median_ms": statistics.median(values) * 1000,
                    "p95_ms": percentile(values, 0.95),
                    "p99_ms": percentile(values, 0.99),
                    "max_ms": max(values) * 1000,
                }
                for name, values in found.items()
            }
            | {
                f"writer, on the loop: {name}": {
                    "saves": len(values),
                    "median_ms": statistics.median(values) * 1000,
                    "p95_ms": percentile(values, 0.95),
                    "max_ms": max(values) * 1000,
                }
                for name, values in ON_CALLER.items()
                if values
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
