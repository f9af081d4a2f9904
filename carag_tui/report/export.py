"""`carag export`: one row per case, one column per question of one guide, as CSV.

A CSV file is one table, and each guide has its own questions, so an export is of one guide:
with cases of several guides under the folders, `--guide` must say which (ExportError lists
the guides found). Columns: `path, case, guide_version, unit, assessor, status`, then every
question id in guide order. A cell holds the answer only where the question applies to the
case (as in the report; answers kept for questions that no longer apply are left out), multi
answers are joined with ";", dates are ISO (2026-11-23).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from attrs import Factory, define

from carag_tui.case.clashes import clashed_ids
from carag_tui.case.model import Case
from carag_tui.case.scan import CaseScanner
from carag_tui.guide.model import Guide
from carag_tui.guide.registry import GuideCatalogue
from carag_tui.report.results import FileError
from carag_tui.safetext import csv_cell

HEADER = ["path", "case", "guide_version", "unit", "assessor", "status", "clashes"]


class ExportError(ValueError):
    """The export cannot be made as asked (several guides and no --guide)."""


@define
class Export:
    guide: Guide | None
    columns: list[str] = Factory(list)
    rows: list[list[str]] = Factory(list)
    errors: list[FileError] = Factory(list)
    skipped: int = 0  # cases of other guides


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def build_export(
    paths: list[Path], guide_id: str | None = None, *, guides: GuideCatalogue | None = None
) -> Export:
    """Read the case files under `paths` and lay out one guide's cases as rows.

    Raises GuideNotFound for an unknown `guide_id`, ExportError when `guide_id` is None and the
    cases belong to several guides. Each case becomes its row as it is read (the shared
    scanner and walks); only the rows are kept.
    """
    scanner = CaseScanner(guides)
    if guide_id is not None:
        scanner.guides.get(guide_id)
    errors: list[FileError] = []
    rows: dict[str, list[list[str]]] = {}  # guide id -> rows
    missing_guide: dict[str, list[FileError]] = {}  # cases of guides not installed
    for scanned in scanner.scan(paths):
        case = scanned.case
        if case is None:
            errors.append(FileError(scanned.path, "\n".join(scanned.errors)))
            continue
        found = rows.setdefault(case.guide, [])
        if guide_id is not None and case.guide != guide_id:
            found.append([])  # counted, not laid out
            continue
        if scanned.guide is None:
            found.append([])
            missing_guide.setdefault(case.guide, []).append(
                FileError(scanned.path, "\n".join(scanned.errors))
            )
            continue
        found.append(
            _row(
                scanned.path,
                case,
                scanned.guide,
                scanner.settle(scanned).valid,
                clashed_ids(scanned.data),
            )
        )
    if guide_id is None:
        if len(rows) > 1:
            counts = ", ".join(f"{g} ({len(c)} cases)" for g, c in sorted(rows.items()))
            raise ExportError(
                f"cases of several guides found: {counts}; export one at a time with --guide ID"
            )
        guide_id = next(iter(rows), None)
    skipped = sum(len(c) for g, c in rows.items() if g != guide_id)
    if guide_id is None:
        return Export(None, list(HEADER), [], errors, skipped)
    guide = scanner.guide(guide_id)
    if guide is None:
        errors += missing_guide.get(guide_id, [])
        errors.sort(key=lambda e: str(e.path))
        return Export(None, list(HEADER), [], errors, skipped)
    errors.sort(key=lambda e: str(e.path))
    return Export(
        guide, [*HEADER, *(q.id for q in guide.questions)], rows.get(guide_id, []), errors, skipped
    )


def _row(
    path: Path, case: Case, guide: Guide, valid: dict[str, Any], clashed: set[str]
) -> list[str]:
    """A case's cells: the header, then each question's answer where it applies, is valid and
    is not clashed."""
    return [
        str(path),
        case.case,
        case.guide_version,
        case.unit or "",
        case.assessor or "",
        case.status.value,
        ";".join(sorted(clashed)),
        *("" if q.id in clashed else cell(valid.get(q.id)) for q in guide.questions),
    ]


def render_export_csv(export: Export) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(export.columns)
    writer.writerows([csv_cell(cell) for cell in row] for row in export.rows)
    return buffer.getvalue()
