"""Six `carag set` writers on one case at once: no update is lost, no two hold it together, and
every refusal names who holds the case."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support import child_env

from carag_tui.case.editing import new_case
from carag_tui.case.store import read_case

WRITERS = 6
ATTEMPTS = 170  # each: 6 x 170 = 1,020 operations

#: One writer: `carag set FILE --note QID=…` over and over, each time appending the number of
#: its next success to its own note (read from the file first), so a lost update shows as a gap.
#: acquire/release are wrapped to notice two holders at once (a marker file made O_EXCL).
WRITER = r"""
import io, json, os, random, sys, time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import carag_tui.case.lock as lock

path, qid, attempts = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
marker = path.with_name("held-by")
real_acquire, real_release = lock.acquire, lock.release
overlaps = []

def acquire(case_path, **kwargs):
    holder = real_acquire(case_path, **kwargs)
    try:
        os.close(os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        overlaps.append(marker.read_text() if marker.exists() else "?")
    marker.write_text(qid)
    return holder

def release(case_path):
    if marker.exists() and marker.read_text() == qid:
        marker.unlink()
    real_release(case_path)

lock.acquire, lock.release = acquire, release

from carag_tui.case.store import read_case
from carag_tui.cli import main

done, refusals, failures = 0, [], []
for _ in range(attempts):
    note = (read_case(path).notes.get(qid) or "").strip()
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        note = f"{qid}={note} {done + 1}".replace("= ", "=")
        code = main(["set", str(path), "status=in_progress", "--note", note])
    if code == 0:
        done += 1
    elif "is open by" in err.getvalue():
        refusals.append(err.getvalue().strip())
    else:
        failures.append(err.getvalue().strip())
    time.sleep(random.random() * 0.002)
print(json.dumps({"done": done, "refusals": refusals, "failures": failures,
                  "overlaps": overlaps}))
"""


@pytest.mark.slow
def test_six_concurrent_writers_lose_no_update(tmp_path, guides):
    guide = guides["unpaid-work-2019"]
    path = new_case(tmp_path, "STRESS-1", guide).path
    qids = [q.id for q in guide.questions[:WRITERS]]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), qid, str(ATTEMPTS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
        )
        for qid in qids
    ]
    results = {}
    for qid, child in zip(qids, children, strict=True):
        out, err = child.communicate(timeout=900)
        assert child.returncode == 0, err
        results[qid] = json.loads(out.splitlines()[-1])
    operations = sum(r["done"] + len(r["refusals"]) + len(r["failures"]) for r in results.values())
    assert operations >= 1000
    case = read_case(path)
    lost = 0
    for qid, result in results.items():
        assert result["overlaps"] == [], f"{qid} held the case together with {result['overlaps']}"
        assert result["failures"] == [], result["failures"][:3]
        wanted = [str(n) for n in range(1, result["done"] + 1)]
        found = (case.notes.get(qid) or "").split()
        lost += len(set(wanted) - set(found))
        assert found == wanted, f"{qid}: updates lost ({len(set(wanted) - set(found))})"
        for refusal in result["refusals"]:  # named: a user on a host with a live pid
            assert "someone" not in refusal and "unknown" not in refusal, refusal
            assert " (pid " in refusal and "(pid 0)" not in refusal, refusal
    assert lost == 0
    assert sum(r["done"] for r in results.values()) >= WRITERS  # every writer got through
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != path.name)
    assert leftovers == [], leftovers
    print(
        f"\n{operations} operations, "
        f"{sum(r['done'] for r in results.values())} saved, "
        f"{sum(len(r['refusals']) for r in results.values())} refused, {lost} lost"
    )
