"""`carag sync` with N changed cases against a local bare remote, and `carag history` on a
case with M commits, as an inspector runs them (fresh processes, real git).

    .venv/bin/python tests/bench/bench_team.py --cases 100 --commits 200

Figures only (wall and the children's CPU time); nothing passes or fails.
  - sync, push only: N cases changed here, nothing new on the remote (commit + push).
  - sync, merging: N cases changed here and a different answer of each changed and pushed
    by a colleague: git runs carag's driver once per case.
  - history: `carag history FILE` (text and --format json) on a case with M commits.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CASE = REPO / "cases" / "DEMO-CS-01.toml"
ANSWER = re.compile(r'^("[A-Z][0-9.]+" = )"(yes|no)"', re.MULTILINE)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def carag(cwd: Path, *args: str) -> tuple[float, float, str]:
    """Wall and CPU seconds of `carag ARGS`, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "carag_tui.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"carag {' '.join(args)} failed: {done.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done.stdout


def flip(text: str, nth: int) -> str:
    """The nth yes/no answer turned over."""
    matches = list(ANSWER.finditer(text))
    m = matches[nth % len(matches)]
    new = '"no"' if m.group(2) == "yes" else '"yes"'
    return text[: m.start()] + m.group(1) + new + text[m.end() :]


def clone(tmp: Path, remote: Path, name: str) -> Path:
    folder = tmp / name
    git(tmp, "clone", "-q", str(remote), str(folder))
    git(folder, "config", "user.name", name.title())
    git(folder, "config", "user.email", f"{name}@example.org")
    git(folder, "checkout", "-q", "-B", "main")
    carag(folder, "init", str(folder))
    return folder


def bench_sync(tmp: Path, n: int) -> dict[str, object]:
    remote = tmp / "remote.git"
    git(tmp, "init", "-q", "--bare", "-b", "main", str(remote))
    alice = clone(tmp, remote, "alice")
    base = CASE.read_text()
    for i in range(n):
        (alice / f"C-{i:03}.toml").write_text(base.replace("DEMO-CS-01", f"C-{i:03}"))
    git(alice, "add", "-A")
    git(alice, "commit", "-qm", "cases")
    git(alice, "push", "-q", "-u", "origin", "main")
    bob = clone(tmp, remote, "bob")
    figures: dict[str, object] = {}
    for i in range(n):
        path = alice / f"C-{i:03}.toml"
        path.write_text(flip(path.read_text(), 0))
    wall, cpu, _ = carag(alice, "sync", str(alice))
    figures["sync_push_only"] = {"cases": n, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}
    for i in range(n):  # Bob changed another answer of every case meanwhile
        path = bob / f"C-{i:03}.toml"
        path.write_text(flip(path.read_text(), 5))
    wall, cpu, out = carag(bob, "sync", str(bob))
    assert "merged from the team" in out and "clash" not in out, out
    figures["sync_merging"] = {
        "cases": n,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "per_case_ms": round(wall / n * 1000, 1),
    }
    return figures


def bench_history(tmp: Path, commits: int) -> dict[str, object]:
    folder = tmp / "history"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.name", "Ann")
    git(folder, "config", "user.email", "ann@example.org")
    path = folder / "C-1.toml"
    text = CASE.read_text()
    for i in range(commits):
        text = flip(text, i)
        path.write_text(text)
        git(folder, "add", "C-1.toml")
        git(folder, "commit", "-qm", f"change {i}")
    figures: dict[str, object] = {"commits": commits}
    for label, extra in (("text", []), ("json", ["--format", "json"])):
        runs = [carag(folder, "history", str(path), *extra)[:2] for _ in range(5)]
        walls = sorted(r[0] for r in runs)
        figures[label] = {
            "median_wall_s": round(walls[2], 3),
            "median_cpu_s": round(sorted(r[1] for r in runs)[2], 3),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--commits", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = {
            "load_average": round(os.getloadavg()[0], 2),
            **bench_sync(Path(tmp), args.cases),
            "history": bench_history(Path(tmp), args.commits),
        }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
