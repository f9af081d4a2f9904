"""Answer -> next question latency in a real 80x24 pty, for one or more checkouts, interleaved.

    .venv/bin/python tests/bench/bench_latency.py [--rounds 5] [REPO ...]

Each round runs, for each checkout in turn (the order alternating from round to round, since
the machine is shared and its load drifts), the real `carag open` on a fresh case in an 80x24
pseudo-terminal and answers it key by key as `bench_entry.py` does, timing each key to the
first byte the app writes back. The case and the keys come from each checkout's own code, so
an older checkout can be measured against this one. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_entry  # noqa: E402

PLAN = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from carag_tui.case.editing import new_case
from carag_tui.case.flow import Walk
from carag_tui.guide.model import AnswerType
from carag_tui.guide.registry import catalogue
guide = catalogue().get(sys.argv[3])
path = new_case(Path(sys.argv[2]), "LATENCY-1", guide).path
answers, plan = {}, []
while (question := Walk(guide, answers).first_unanswered()) is not None:
    walk = Walk(guide, answers)
    if question.answer in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
        value, keys = "yes", "y"
    elif question.answer is AnswerType.CHOICE:
        offered = walk.choices(question.id) if hasattr(walk, "choices") else question.choices
        value, keys = offered[0].key, "1"
    elif question.answer is AnswerType.MULTI:
        value, keys = [question.choices[0].key], "1\r"
    elif question.answer is AnswerType.NUMBER:
        value, keys = 1, "1\r"
    elif question.answer is AnswerType.TEXT:
        value, keys = "x", "x\r"
    else:
        value, keys = "2026-01-01", "2026-01-01\r"
    answers[question.id] = value
    plan.append((question.id, keys, question.text))
print(json.dumps({"path": str(path), "plan": plan}))
"""


def one_run(repo: Path, guide: str, folder: Path) -> tuple[list[float], list[float], list[float]]:
    """Seconds from each answer key to the first byte back, to the last byte of the redraw
    (before the app fell quiet: the status line's "saved" included), and to the next
    question's opening words, over a whole case, in `repo`."""
    folder.mkdir(parents=True)
    made = json.loads(
        subprocess.run(
            [sys.executable, "-c", PLAN, str(repo), str(folder), guide],
            check=True,
            cwd=repo,
            capture_output=True,
            text=True,
            env={**os.environ, "CARAG_HOME": str(folder / "home")},
        ).stdout
    )
    bench_entry.REPO = repo
    for keep in (bench_entry.FIRST_BYTE, bench_entry.LAST_BYTE, bench_entry.SHOWN):
        keep.clear()
    plan = [(q, k.encode()) for q, k, _ in made["plan"]]
    # What each answer brings on screen: the next question's opening words (the last answer
    # opens the overview: not looked for).
    shows: list[bytes | None] = [opening(text) for _, _, text in made["plan"][1:]] + [None]
    rows = bench_entry.run_in_pty(Path(made["path"]), plan, folder / "home", shows)
    shown = [s for s in bench_entry.SHOWN[-len(rows) : -1] if s is not None]
    return bench_entry.FIRST_BYTE[-len(rows) :], bench_entry.LAST_BYTE[-len(rows) :], shown


def opening(text: str, width: int = 24) -> bytes:
    """The first words of a question's text, short enough to stand on its first line."""
    words, line = text.split(), ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            break
        line = f"{line} {word}".strip()
    return line.encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("repos", nargs="*", type=Path, default=[bench_entry.REPO])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--guide", default="case-supervision-2019")
    args = parser.parse_args()
    repos = [r.resolve() for r in args.repos]
    figures = {"first byte": 0, "next question's words": 2, "last byte": 1}
    medians = {(r, f): [] for r in repos for f in figures}  # type: ignore[var-annotated]
    every = {(r, f): [] for r in repos for f in figures}  # type: ignore[var-annotated]
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.rounds):
            order = repos if n % 2 == 0 else repos[::-1]
            for i, repo in enumerate(order):
                load = os.getloadavg()[0]
                started = time.monotonic()
                runs = one_run(repo, args.guide, Path(tmp) / f"{n}-{i}")
                for figure, which in figures.items():
                    medians[repo, figure].append(statistics.median(runs[which]))
                    every[repo, figure].extend(runs[which])
                print(
                    f"round {n + 1} {repo}: median to the first byte "
                    f"{statistics.median(runs[0]) * 1000:.1f} ms, to the next question "
                    f"{statistics.median(runs[2]) * 1000:.1f} ms ({len(runs[2])} seen), to "
                    f"the last byte {statistics.median(runs[1]) * 1000:.1f} ms over "
                    f"{len(runs[0])} keys "
                    f"({time.monotonic() - started:.0f} s, load {load:.2f})",
                    flush=True,
                )
    for repo in repos:
        for figure in figures:
            keys = sorted(every[repo, figure])
            print(
                f"{repo}: key -> {figure}: median of round medians "
                f"{statistics.median(medians[repo, figure]) * 1000:.1f} ms; all keys median "
                f"{statistics.median(keys) * 1000:.1f} ms, p90 "
                f"{keys[int(len(keys) * 0.9)] * 1000:.1f} ms ({len(keys)} keys)"
            )


if __name__ == "__main__":
    main()
