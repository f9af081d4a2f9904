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

from carag_tui.case.answers import check_value
from carag_tui.case.model import Case
from carag_tui.case.store import read_case
from carag_tui.case.workspace import case_files
from carag_tui.guide.model import Guide
from carag_tui.guide.registry import GuideCatalogue, catalogue
from carag_tui.problems import ProblemsError
from carag_tui.report.aggregate import WalkCache
from carag_tui.report.results import FileError
from carag_tui.safetext import csv_cell

HEADER = ["path", "case", "guide_version", "unit", "assessor", "status"]


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


def build_export(paths: list[Path], guide_id: str | None = None, *,
                 guides: GuideCatalogue | None = None) -> Export:
    """Read the case files under `paths` and lay out one guide's cases as rows.

    Raises KeyError for an unknown `guide_id`, ExportError when `guide_id` is None and the
    cases belong to several guides.
    """
    found = guides or catalogue()
    if guide_id is not None:
        found.get(guide_id)
    errors: list[FileError] = []
    by_guide: dict[str, list[tuple[Path, Case]]] = {}
    for path in case_files(paths):
        try:
            case = read_case(path)
        except ProblemsError as exc:
            errors.append(FileError(path, "\n".join(str(p) for p in exc.problems)))
            continue
        except Exception as exc:  # an export never stops for one odd file
            errors.append(FileError(path, f"{path}: cannot read: {exc!r}"))
            continue
        by_guide.setdefault(case.guide, []).append((path, case))
    if guide_id is None:
        if len(by_guide) > 1:
            counts = ", ".join(f"{g} ({len(c)} cases)" for g, c in sorted(by_guide.items()))
            raise ExportError(f"cases of several guides found: {counts}; "
                              "export one at a time with --guide ID")
        guide_id = next(iter(by_guide), None)
    skipped = sum(len(c) for g, c in by_guide.items() if g != guide_id)
    if guide_id is None:
        return Export(None, list(HEADER), [], errors, skipped)
    guide = found.guides.get(guide_id)
    if guide is None:
        known = ", ".join(sorted(found.guides)) or "none"
        errors += [FileError(p, f"{p}: guide: no guide {guide_id!r} is installed "
                                f"(installed: {known})") for p, _ in by_guide[guide_id]]
        return Export(None, list(HEADER), [], errors, skipped)
    walks = WalkCache(guide)
    rows = []
    for path, case in by_guide.get(guide_id, []):
        applicable = walks.get(case.answers)[0]
        answers = {}
        for question in applicable:
            value = case.answers.get(question.id)
            if value is not None and check_value(question, value) is None:
                answers[question.id] = value
        rows.append([str(path), case.case, case.guide_version, case.unit or "",
                     case.assessor or "", case.status.value,
                     *(cell(answers.get(q.id)) for q in guide.questions)])
    errors.sort(key=lambda e: str(e.path))
    return Export(guide, [*HEADER, *(q.id for q in guide.questions)], rows, errors, skipped)


def render_export_csv(export: Export) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(export.columns)
    writer.writerows([csv_cell(cell) for cell in row] for row in export.rows)
    return buffer.getvalue()
