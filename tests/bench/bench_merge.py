"""The merge driver on a ~95-answer case, as git runs it: a fresh process per file.

    .venv/bin/python tests/bench/bench_merge.py --runs 21

Prints the median and p90 wall time of `python -m carag_tui.cli merge-file BASE OURS THEIRS
PATH` (interpreter start-up included) next to a bare `python -c pass`, for a clean merge and
for one with a clash, with the median CPU time (user + system; steadier on a shared machine)
and the load average. Figures only; nothing passes or fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CASE = REPO / "cases" / "DEMO-CS-01.toml"


def flip(text: str, qids: list[str]) -> str:
    for qid in qids:
        text = re.sub(
            rf'^("{re.escape(qid)}" = )"(yes|no)"',
            lambda m: m.group(1) + ('"no"' if m.group(2) == "yes" else '"yes"'),
            text,
            count=1,
            flags=re.MULTILINE,
        )
    return text


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall time, and the CPU time (user + system) of the child: on a loaded machine the CPU
    time is the steadier figure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=False, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    base = CASE.read_text()
    answered = re.findall(r'^"([A-Z][0-9.]+)" = "(?:yes|no)"', base, flags=re.MULTILINE)
    ours = flip(base, answered[:3])
    theirs_clean = flip(base, answered[10:13])
    theirs_clash = re.sub(
        rf'^("{re.escape(answered[0])}" = )"(yes|no)"',
        r'\1"na"',
        theirs_clean,
        count=1,
        flags=re.MULTILINE,
    )
    results: dict[str, list[tuple[float, float]]] = {
        "python -c pass": [],
        "clean merge": [],
        "clash": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "base").write_text(base)
        (folder / "theirs_clean").write_text(theirs_clean)
        (folder / "theirs_clash").write_text(theirs_clash)
        for _ in range(args.runs):
            results["python -c pass"].append(timed([sys.executable, "-c", "pass"]))
            for label, theirs in (("clean merge", "theirs_clean"), ("clash", "theirs_clash")):
                (folder / "ours").write_text(ours)
                results[label].append(
                    timed(
                        [
                            sys.executable,
                            "-m",
                            "carag_tui.cli",
                            "merge-file",
                            str(folder / "base"),
                            str(folder / "ours"),
                            str(folder / theirs),
                            "DEMO-CS-01.toml",
                        ]
                    )
                )
        shutil.copy(folder / "ours", folder / "last")
    answers = len(
        re.findall(r"^\S+ = ", base.split("[answers]")[1].split("\n[")[0], flags=re.MULTILINE)
    )

    def figures(runs: list[tuple[float, float]]) -> dict[str, float]:
        wall, cpu = sorted(r[0] for r in runs), [r[1] for r in runs]
        return {
            "median_ms": round(statistics.median(wall) * 1000, 1),
            "p90_ms": round(wall[int(len(wall) * 0.9) - 1] * 1000, 1),
            "cpu_median_ms": round(statistics.median(cpu) * 1000, 1),
        }

    print(
        json.dumps(
            {
                "answers_in_case": answers,
                "runs": args.runs,
                "load_average": round(os.getloadavg()[0], 2),
                **{label: figures(v) for label, v in results.items()},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
