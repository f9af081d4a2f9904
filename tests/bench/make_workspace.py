"""Write a synthetic but valid workspace of case files (for benchmarks and trying things out).

    .venv/bin/python tests/bench/make_workspace.py DIR N [--incomplete 0.3] [--guide ID …]

Every bundled guide is used unless --guide names some; `--incomplete` of the cases are part
answered. A few hundred distinct cases are written through tomlkit and copied under new
references to reach N (see `carag_tui.case.synthetic.write_workspace`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from carag_tui.case.synthetic import write_workspace  # noqa: E402
from carag_tui.guide.model import Guide  # noqa: E402
from carag_tui.guide.registry import catalogue  # noqa: E402


def guides_named(ids: list[str] | None) -> list[Guide]:
    if ids:
        return [catalogue().get(guide_id) for guide_id in ids]
    return sorted(catalogue().guides.values(), key=lambda g: g.id)


def make(
    folder: Path,
    count: int,
    *,
    incomplete: float = 0.3,
    guide_ids: list[str] | None = None,
    distinct: int = 300,
) -> list[Path]:
    return write_workspace(
        folder, guides_named(guide_ids), count, incomplete=incomplete, distinct=distinct
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument(
        "--incomplete", type=float, default=0.3, help="share of cases part answered (default 0.3)"
    )
    parser.add_argument("--guide", action="append", metavar="ID", help="only these guides")
    parser.add_argument(
        "--distinct",
        type=int,
        default=300,
        help="cases written through tomlkit before copying (default 300)",
    )
    args = parser.parse_args()
    if args.dir.exists() and any(args.dir.iterdir()):
        parser.error(f"{args.dir} is not empty")
    start = time.perf_counter()
    paths = make(
        args.dir,
        args.count,
        incomplete=args.incomplete,
        guide_ids=args.guide,
        distinct=args.distinct,
    )
    print(f"{len(paths)} cases written to {args.dir} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
