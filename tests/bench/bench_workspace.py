"""The workspace screen at scale: first screenful and every row, cold (no index) and warm.

    .venv/bin/python tests/bench/bench_workspace.py [N ...] [--runs R] [--keep DIR]
        [--against OTHER-CHECKOUT ...]

For each N (default 1000 10000 50000) a synthetic workspace of N valid cases is written (or
taken from `DIR/wN` with --keep, written there once), then the app is opened on it, headless
at 80x24, each time in a fresh interpreter with its own CARAG_HOME: "cold" with no workspace
index (the parsed guides already cached, the files in the OS's cache), "warm" with the index
the cold run left. `cpu_s` is the CPU time of the app's process (user + system, all threads,
start-up included), the steadier figure on a shared machine. Figures only, no pass or fail.
Goals (issue 17): the first screenful within a few hundred ms at any size; every row of 10,000
within about a second warm; ≤ 120 MB at 50k. With --against, each run opens the workspace
with this checkout's code and each other checkout's in turn (reversing the order every run), so
the machine's load falls on all alike; figures are medians per checkout.
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(REPO))

PROBE = r"""
import asyncio, json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from textual import events
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.workspace import WorkspaceScreen
from carag_tui.tui.widgets.case_list import CaseList
imported = time.perf_counter() - t0
folder, count = Path(sys.argv[1]), int(sys.argv[2])

def hwm_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

async def main():
    app = make_app(workspace=folder)
    start = time.perf_counter()
    first = every = None
    keys = []
    async with app.run_test(size=(80, 24)) as pilot:
        while not isinstance(app.screen, WorkspaceScreen):
            await asyncio.sleep(0.001)
        screen = app.screen
        rows = screen.query_one(CaseList)
        screenful = min(count, 20)
        next_key = 0.0
        while True:
            now = time.perf_counter() - start
            if first is None and rows.row_count >= screenful:
                first = now
            if not screen.reading and len(screen.rows) == count:
                every = now
                break
            if first is not None and now >= next_key and len(keys) < 50:
                # a key while the rows come in: from the driver until the cursor has moved
                before = rows.cursor_row
                key = events.Key("down" if before < 10 else "up", None)
                sent = time.perf_counter()
                app._driver.send_message(key)
                while rows.cursor_row == before:
                    await asyncio.sleep(0.0005)
                keys.append((time.perf_counter() - sent) * 1000)
                next_key = now + 0.1
            if now > 600:
                raise SystemExit("timed out")
            await asyncio.sleep(0.001)
        await app.workers.wait_for_complete()  # the index is written
    print(json.dumps({"imported_s": imported, "first_screenful_s": first, "every_row_s": every,
                      "keys_while_reading": len(keys),
                      "key_median_ms": statistics.median(keys) if keys else None,
                      "key_max_ms": max(keys) if keys else None, "peak_rss_mb": hwm_mb(),
                      "cpu_s": time.process_time()}))

import statistics
asyncio.run(main())
"""

WARM_GUIDES = "from carag_tui.guide.registry import catalogue; catalogue().guides"


def workspace(count: int, keep: Path | None, scratch: Path) -> Path:
    from carag_tui.case.synthetic import write_workspace
    from carag_tui.guide.registry import catalogue

    folder = (keep or scratch) / f"w{count}"
    if folder.is_dir() and sum(1 for _ in folder.rglob("*.toml")) == count:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    guides = sorted(catalogue().guides.values(), key=lambda g: g.id)
    write_workspace(folder, guides, count)
    time.sleep(2.1)  # older than the index's racy window (RACY_NS)
    return folder


def probe(folder: Path, count: int, home: Path, code: Path = REPO) -> dict[str, float]:
    env = {**os.environ, "CARAG_HOME": str(home), "PYTHONPATH": str(code)}
    done = subprocess.run(  # in the checkout: `-c` puts the current folder first on the path
        [sys.executable, "-c", PROBE, str(folder.resolve()), str(count)],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the workspaces in DIR/wN for next time")
    parser.add_argument(
        "--against",
        type=Path,
        action="append",
        default=[],
        metavar="CHECKOUT",
        help="also open it with another checkout's code, taking turns run by run",
    )
    args = parser.parse_args()
    codes = [REPO, *(path.resolve() for path in args.against)]
    figures: dict[str, dict[str, dict[str, dict[str, float | None]]]] = {}
    with tempfile.TemporaryDirectory(prefix="carag-bench-") as scratch:
        for count in args.sizes:
            folder = workspace(count, args.keep, Path(scratch))
            runs: dict[Path, dict[str, list[dict[str, float]]]] = {}
            for n, code in enumerate(codes):
                runs[code] = {"cold": [], "warm": []}
                subprocess.run(
                    [sys.executable, "-c", WARM_GUIDES],
                    cwd=code,
                    check=True,  # guide cache
                    env={
                        **os.environ,
                        "CARAG_HOME": str(Path(scratch) / f"home{count}-{n}"),
                        "PYTHONPATH": str(code),
                    },
                )
            for run in range(args.runs):
                # checkouts take turns, in the other order each run (the machine is shared)
                order = list(enumerate(codes))
                for n, code in order if run % 2 == 0 else order[::-1]:
                    home = Path(scratch) / f"home{count}-{n}"
                    shutil.rmtree(home / "cache" / "workspaces", ignore_errors=True)
                    runs[code]["cold"].append(probe(folder, count, home, code))
                    runs[code]["warm"].append(probe(folder, count, home, code))
            for code, found in runs.items():
                label = "." if code == REPO else str(code)
                figures.setdefault(label, {})[str(count)] = {
                    kind: {key: _median([r[key] for r in kept]) for key in kept[0]}
                    for kind, kept in found.items()
                }
                print(label, count, json.dumps(figures[label][str(count)]), flush=True)
    print(json.dumps(figures, indent=2))


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


if __name__ == "__main__":
    main()
