"""The parse floor: compiled TOML parsers from PyPI against tomllib on the same case files.

    python tests/bench/bench_parsers.py DIR [--runs 3]

Run it with an interpreter that has the candidates installed (they are not dependencies of
carag: `python -m venv /tmp/p && /tmp/p/bin/pip install rtoml toml-rs pytomlpp`; carag is
imported from this checkout). For each parser: the time to parse every file under DIR, the
time of the report's whole loop (`build_report`) with that parser behind `parse_toml`, and
whether it gives exactly tomllib's values (types included: datetimes with their time zones,
dates, ints) on every file, and refuses what tomllib refuses. Figures only.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

#: Refusals: each is invalid TOML that tomllib refuses; a candidate must refuse each too.
INVALID = [
    "a = 1\na = 2\n",
    'a = "unterminated\n',
    "a = 1979-05-27T25:00:00Z\n",
    "[t]\n[t]\n",
    "a = 0x\n",
    'a = "\\u00"\n',
    "a = [1,,2]\n",
    "a = 01\n",
    'a = "\x01"\n',
    "[a]\nb = 1\n[a.b]\n",
]


def candidates() -> dict[str, Callable[[str], dict[str, Any]]]:
    found: dict[str, Callable[[str], dict[str, Any]]] = {"tomllib": tomllib.loads}
    for name, module in (("rtoml", "rtoml"), ("toml-rs", "toml_rs"), ("pytomlpp", "pytomlpp")):
        try:
            found[name] = importlib.import_module(module).loads
        except ImportError:
            print(f"{name}: not installed", file=sys.stderr)
    return found


def typed(value: Any) -> Any:
    """A value with its exact types, for comparing parsers (1 == 1.0 == True otherwise)."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value, getattr(value, "tzinfo", None) and value.utcoffset())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from carag_tui.case import store
    from carag_tui.case.workspace import case_files
    from carag_tui.report.aggregate import build_report

    texts = [p.read_bytes().decode("utf-8-sig") for p in case_files([args.dir])]
    reference = [typed(tomllib.loads(t)) for t in texts]
    original = store.tomllib.loads
    results: dict[str, dict[str, Any]] = {}
    for name, loads in candidates().items():
        same = sum(1 for t, want in zip(texts, reference, strict=True) if typed(loads(t)) == want)
        refused = 0
        for bad in INVALID:
            try:
                loads(bad)
            except Exception:
                refused += 1
        parse_s, report_s = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            for text in texts:
                loads(text)
            parse_s.append(time.perf_counter() - start)
            store.tomllib.loads = loads  # behind the one reading function
            try:
                start = time.perf_counter()
                build_report([args.dir])
                report_s.append(time.perf_counter() - start)
            finally:
                store.tomllib.loads = original
        results[name] = {
            "parse_s": statistics.median(parse_s),
            "report_s": statistics.median(report_s),
            "same_values": f"{same}/{len(texts)}",
            "refused": f"{refused}/{len(INVALID)}",
        }
    base = results["tomllib"]
    for name, r in results.items():
        print(
            f"{name:9} parse {r['parse_s']:6.2f} s ({base['parse_s'] / r['parse_s']:.2f}x "
            f"faster)  report {r['report_s']:6.2f} s ({base['report_s'] / r['report_s']:.2f}x)"
            f"  same values {r['same_values']}  refuses {r['refused']} invalid files"
        )


if __name__ == "__main__":
    main()
