"""`carag sample`: how many cases to assess, and (with --strata) how many from each stratum.

Exit status: 0, or 2 for a bad command line or strata file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from carag_tui.commands.output import fail
from carag_tui.report.sampling import StrataError, allocate, read_strata, sample_size


def cmd_sample(args: Any) -> int:
    strata = None
    if args.strata:
        try:
            strata = read_strata(Path(args.strata))
        except StrataError as exc:
            return fail(str(exc), 2)
    population = args.population
    if population is None and strata is not None:
        population = strata.population
    try:
        size = sample_size(args.confidence, args.margin, population)
    except ValueError as exc:
        return fail(str(exc), 2)
    parts = allocate(strata, size) if strata is not None else []
    if args.format == "json":
        data: dict[str, Any] = {
            "sample_size": size,
            "population": population,
            "confidence": args.confidence,
            "margin": args.margin,
            "proportion": 0.5,
            "finite_population_correction": population is not None,
        }
        if strata is not None:
            data["strata"] = [
                dict(
                    zip(strata.fields, p.stratum.values, strict=True),
                    population=p.stratum.population,
                    share=round(100 * p.share, 1),
                    sample=p.sample,
                )
                for p in parts
            ]
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return 0
    where = (
        f"from {population} eligible cases (finite-population correction)"
        if population is not None
        else "from a large caseload (no population given)"
    )
    lines = [
        f"Sample size: {size} cases {where},",
        f"for ±{args.margin:g} points at {args.confidence:g}% confidence (worst case, 50% yes).",
    ]
    if strata is not None:
        label = " / ".join(strata.fields)
        width = max(len(label), *(len(p.stratum.label) for p in parts))
        lines += ["", f"{label:{width}}  population  share  sample"]
        lines += [
            f"{p.stratum.label:{width}}  {p.stratum.population:>10}  "
            f"{100 * p.share:4.1f}%  {p.sample:>6}"
            for p in parts
        ]
        lines.append(
            f"{'total':{width}}  {strata.population:>10}  100.0%  {sum(p.sample for p in parts):>6}"
        )
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
