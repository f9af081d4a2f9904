"""Scale benchmarks: `carag check` and `carag report` on N cases against parsing them with tomllib,
and the workspace screen on a thousand cases.

    .venv/bin/python tests/bench/bench_scale.py [N] [--runs R] [--workspace-cases M] [--no-app]

Everything runs in a temporary folder (with its own CARAG_HOME) that is removed afterwards.
Figures only, no pass or fail: the goals (issue 6) are check and report within 2x of the time
tomllib takes merely to parse the same files, measured in the same run; under 200 MB of memory;
the workspace opening on 1,000 cases in under 1 s headless, and filtering as you type while
the list is still being read.
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
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

# Parsing alone, in a fresh interpreter like the commands it is compared with.
PARSE_PROBE = r"""
import sys, tomllib
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.toml")):
    tomllib.loads(path.read_bytes().decode("utf-8-sig"))
"""

# The workspace screen, headless: time until every row is in the table; keys typed into the
# filter while the rows are still being read (each key's time from being sent until the
# filter shows it); then keys typed into the filter with the list loaded (each key's time
# until the table shows the rows that match).
from carag_tui.tui.screens.workspace import FILTER_PAUSE  # noqa: E402

WORKSPACE_PROBE = r"""
import asyncio, json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from textual import events
from textual.widgets import DataTable, Input
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.workspace import WorkspaceScreen
imported = time.perf_counter() - t0
folder, count = Path(sys.argv[1]), int(sys.argv[2])

async def until(check, step=0.0005, limit=60.0):
    deadline = time.perf_counter() + limit
    while not check():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out")
        await asyncio.sleep(step)

async def main():
    app = make_app(workspace=folder)
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, WorkspaceScreen))
        screen = app.screen
        table, field = screen.query_one(DataTable), screen.query_one("#filter", Input)
        mounted = time.perf_counter() - start
        loading_keys = []
        app.post_message(events.Key("slash", None))
        await until(lambda: field.has_focus)
        for char in "syn":
            loaded_before = len(screen.rows) == count
            sent = time.perf_counter()
            app.post_message(events.Key(char, char))
            await until(lambda: field.value.endswith(char))
            loading_keys.append({"ms": (time.perf_counter() - sent) * 1000,
                                 "while_loading": not loaded_before})
        await until(lambda: len(screen.rows) == count and table.row_count == count)
        rows_in = time.perf_counter() - start
        filter_keys, echo_keys = [], []
        for char in "-0001":
            sent = time.perf_counter()
            app.post_message(events.Key(char, char))
            await until(lambda: field.value.endswith(char))
            echo_keys.append((time.perf_counter() - sent) * 1000)
            want = sum(1 for r in screen.rows if r.matches(field.value))
            await until(lambda: table.row_count == want)
            filter_keys.append((time.perf_counter() - sent) * 1000)
    print(json.dumps({
        "cases": count,
        "import_s": imported,
        "screen_mounted_s": mounted,
        "all_rows_in_table_s": rows_in,
        "keys_while_loading_ms": loading_keys,
        "filter_key_to_rows_ms": filter_keys,
        "filter_key_to_echo_ms": echo_keys,
    }))

asyncio.run(main())
"""


# Runs a module or a script as `python -m`/`python -c` would, then prints its own peak memory
# (KB) on stderr: VmHWM where Linux has it, as ru_maxrss counts the memory of the parent that a
# child was forked from.
PEAK = """
import atexit, resource, runpy, sys
def peak():
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
atexit.register(lambda: print("PEAK", peak(), file=sys.stderr))
kind, target, *sys.argv[1:] = sys.argv[1:]
if kind == "-m":
    sys.argv[0] = target
    runpy.run_module(target, run_name="__main__", alter_sys=True)
else:
    exec(compile(target, "<probe>", "exec"), {"__name__": "__main__"})
"""


def run_child(argv: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak memory (MB) and stdout of `python ARGV…` in a fresh interpreter."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *argv], capture_output=True, text=True, cwd=REPO, check=False
    )
    elapsed = time.perf_counter() - start
    peaks = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("PEAK ")]
    return elapsed, int(peaks[-1]) / 1024 if peaks else float("nan"), done.stdout


def subprocess_figures(folder: Path, runs: int) -> dict:
    """Each command and the parse probe, interleaved so that all see the same machine load."""
    commands = {
        "tomllib_parse": ["-c", PARSE_PROBE, str(folder)],
        "check": ["-m", "carag_tui.cli", "check", str(folder)],
        "report": ["-m", "carag_tui.cli", "report", str(folder)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, float] = {}
    for _ in range(runs):
        for name, argv in commands.items():
            elapsed, rss, _ = run_child(argv)
            times[name].append(elapsed)
            memory[name] = max(memory.get(name, 0.0), rss)
    parse, fastest = statistics.median(times["tomllib_parse"]), min(times["tomllib_parse"])
    return {
        name: {
            "median_s": statistics.median(values),
            "min_s": min(values),
            "runs_s": values,
            "ratio_to_parse": statistics.median(values) / parse,
            "ratio_of_fastest_runs": min(values) / fastest,
            "peak_rss_mb": memory[name],
        }
        for name, values in times.items()
    }


def in_process_figures(folder: Path, runs: int) -> dict:
    """The same work inside one interpreter (no start-up, guides already loaded)."""
    from carag_tui.case.checks import check_files
    from carag_tui.case.workspace import case_files
    from carag_tui.guide.registry import catalogue
    from carag_tui.report.aggregate import build_report

    catalogue().guides  # noqa: B018 - load every guide before timing
    paths = case_files([folder])

    def parse() -> None:
        for path in paths:
            tomllib.loads(path.read_bytes().decode("utf-8-sig"))

    def check() -> None:
        assert sum(1 for _ in check_files([folder])) == len(paths)

    def report() -> None:
        build_report([folder])

    work = {"tomllib_parse": parse, "check": check, "report": report}
    times: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(runs):
        for name, job in work.items():
            start = time.perf_counter()
            job()
            times[name].append(time.perf_counter() - start)
    parse, fastest = statistics.median(times["tomllib_parse"]), min(times["tomllib_parse"])
    return {
        name: {
            "median_s": statistics.median(values),
            "min_s": min(values),
            "ratio_to_parse": statistics.median(values) / parse,
            "ratio_of_fastest_runs": min(values) / fastest,
        }
        for name, values in times.items()
    }


def workspace_figures(folder: Path, count: int, runs: int) -> dict:
    results = []
    for _ in range(runs):
        _, peak, out = run_child(["-c", WORKSPACE_PROBE, str(folder), str(count)])
        results.append({**json.loads(out.strip().splitlines()[-1]), "peak_rss_mb": peak})
    loading = [k["ms"] for r in results for k in r["keys_while_loading_ms"]]
    return {
        "cases": count,
        "runs": runs,
        "all_rows_in_table_median_s": statistics.median(r["all_rows_in_table_s"] for r in results),
        "screen_mounted_median_s": statistics.median(r["screen_mounted_s"] for r in results),
        "import_median_s": statistics.median(r["import_s"] for r in results),
        "keys_typed_while_loading": sum(
            k["while_loading"] for r in results for k in r["keys_while_loading_ms"]
        ),
        "key_to_filter_while_loading_median_ms": statistics.median(loading),
        "key_to_filter_while_loading_max_ms": max(loading),
        "filter_key_to_rows_median_ms": statistics.median(
            ms for r in results for ms in r["filter_key_to_rows_ms"]
        ),
        "filter_key_to_rows_max_ms": max(ms for r in results for ms in r["filter_key_to_rows_ms"]),
        "filter_key_to_echo_median_ms": statistics.median(
            ms for r in results for ms in r["filter_key_to_echo_ms"]
        ),
        "filter_key_to_echo_max_ms": max(ms for r in results for ms in r["filter_key_to_echo_ms"]),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000, help="cases (10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (3)")
    parser.add_argument(
        "--workspace-cases", type=int, default=1000, help="cases for the workspace screen (1000)"
    )
    parser.add_argument("--no-app", action="store_true", help="skip the workspace screen")
    args = parser.parse_args()

    from make_workspace import make  # the generator beside this file

    root = Path(tempfile.mkdtemp(prefix="carag-scale-"))
    os.environ["CARAG_HOME"] = str(root / "home")
    results: dict = {"cases": args.count, "runs": args.runs}
    try:
        start = time.perf_counter()
        make(root / "cases", args.count)
        results["generate_s"] = time.perf_counter() - start
        files = sorted((root / "cases").glob("*.toml"))
        results["megabytes_on_disk"] = sum(p.stat().st_size for p in files) / 1e6
        results["subprocess"] = subprocess_figures(root / "cases", args.runs)
        results["in_process"] = in_process_figures(root / "cases", args.runs)
        if not args.no_app:
            make(root / "workspace", args.workspace_cases)
            results["workspace_screen"] = workspace_figures(
                root / "workspace", args.workspace_cases, args.runs
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(results, indent=2))
    print(summary(results))


def summary(results: dict) -> str:
    lines = [
        f"{results['cases']} cases ({results['megabytes_on_disk']:.0f} MB), "
        f"{results['runs']} runs each, interleaved:"
    ]
    for where in ("subprocess", "in_process"):
        figures = results[where]
        for name in ("tomllib_parse", "check", "report"):
            f = figures[name]
            memory = f", peak {f['peak_rss_mb']:.0f} MB" if "peak_rss_mb" in f else ""
            lines.append(
                f"  {where:10} {name:14} median {f['median_s']:6.2f} s "
                f"({f['ratio_to_parse']:.2f}x parse), fastest {f['min_s']:6.2f} s "
                f"({f['ratio_of_fastest_runs']:.2f}x){memory}"
            )
    screen = results.get("workspace_screen")
    if screen:
        lines.append(
            f"  workspace on {screen['cases']} cases: all rows in "
            f"{screen['all_rows_in_table_median_s']:.2f} s; keys while loading "
            f"{screen['key_to_filter_while_loading_median_ms']:.0f} ms median "
            f"({screen['key_to_filter_while_loading_max_ms']:.0f} max, "
            f"{screen['keys_typed_while_loading']} typed before the list was read); filter key "
            f"to rows {screen['filter_key_to_rows_median_ms']:.0f} ms median "
            f"({screen['filter_key_to_rows_max_ms']:.0f} max; includes the "
            f"{FILTER_PAUSE * 1000:.0f} ms typing pause), key to echo "
            f"{screen['filter_key_to_echo_median_ms']:.0f} ms median "
            f"({screen['filter_key_to_echo_max_ms']:.0f} max); "
            f"peak {screen['peak_rss_mb']:.0f} MB"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
