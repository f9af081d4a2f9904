"""`carag agreement` over two folders of N cases each, against parsing the same 2N files.

    .venv/bin/python tests/bench/bench_agreement.py [N] [--runs R]

Writes a synthetic workspace of N unpaid-work cases (folder A), a second assessment of each
(folder B: the same case, about one yes/no answer in ten turned round), then times, runs
interleaved, the median of: a fresh interpreter that only parses the 2N files with tomllib,
and `carag agreement A B --format json` as a process. Also in process: parsing alone against
`compute_agreement`. Figures only, no pass or fail; the goal (issue 14) is within 2x of parsing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
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

PARSE_PROBE = r"""
import sys, tomllib
from pathlib import Path
for folder in sys.argv[1:]:
    for path in sorted(Path(folder).rglob("*.toml")):
        tomllib.loads(path.read_bytes().decode("utf-8-sig"))
"""

_ANSWER = re.compile(r'^("[A-Z]+\d+\.\d+") = "(yes|no)"', re.MULTILINE)


def second_folder(folder_a: Path, folder_b: Path, seed: int = 14) -> None:
    """B: each of A's cases with about one yes/no answer in ten turned round."""
    rng = random.Random(seed)
    folder_b.mkdir(parents=True, exist_ok=True)

    def turn(match: re.Match[str]) -> str:
        value = match.group(2)
        if rng.random() < 0.1:
            value = "no" if value == "yes" else "yes"
        return f'{match.group(1)} = "{value}"'

    for path in folder_a.glob("*.toml"):
        text = path.read_text(encoding="utf-8").replace('"Demo Inspector"', '"B. Second"')
        (folder_b / path.name).write_text(_ANSWER.sub(turn, text), encoding="utf-8")


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL, timeout=600)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="carag-bench-agreement-"))
    env = {**os.environ, "CARAG_HOME": str(work / "home"), "PYTHONPATH": str(REPO)}
    os.environ["CARAG_HOME"] = env["CARAG_HOME"]
    try:
        from carag_tui.case.synthetic import write_workspace
        from carag_tui.guide.registry import catalogue
        from carag_tui.qa.agreement import compute_agreement

        folder_a, folder_b = work / "first", work / "second"
        write_workspace(folder_a, [catalogue().get("unpaid-work-2019")], args.cases, incomplete=0.1)
        second_folder(folder_a, folder_b)
        carag = [
            sys.executable,
            "-m",
            "carag_tui.cli",
            "agreement",
            str(folder_a),
            str(folder_b),
            "--format",
            "json",
        ]
        parse = [sys.executable, "-c", PARSE_PROBE, str(folder_a), str(folder_b)]
        subprocess.run(carag, check=True, env=env, stdout=subprocess.DEVNULL)  # warm caches
        process: dict[str, list[float]] = {"parse": [], "agreement": []}
        inside: dict[str, list[float]] = {"parse": [], "agreement": []}
        for run in range(args.runs):
            order = [("parse", parse), ("agreement", carag)]
            for name, argv in order if run % 2 == 0 else reversed(order):
                process[name].append(timed(argv, env))
            start = time.perf_counter()
            for folder in (folder_a, folder_b):
                for path in sorted(folder.rglob("*.toml")):
                    tomllib.loads(path.read_bytes().decode("utf-8-sig"))
            inside["parse"].append(time.perf_counter() - start)
            start = time.perf_counter()
            report = compute_agreement(folder_a, folder_b)
            inside["agreement"].append(time.perf_counter() - start)
        median = {
            f"{where}_{name}_median_s": statistics.median(values)
            for where, found in (("process", process), ("in_process", inside))
            for name, values in found.items()
        }
        median["ratio_process"] = (
            median["process_agreement_median_s"] / median["process_parse_median_s"]
        )
        median["ratio_in_process"] = (
            median["in_process_agreement_median_s"] / median["in_process_parse_median_s"]
        )
        median["cases_per_folder"] = args.cases
        median["paired"] = report.paired
        print(json.dumps(median, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
