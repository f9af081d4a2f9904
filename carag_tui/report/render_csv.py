"""The report as CSV: one row per key question (or, without a summary, per prompt question)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from carag_tui.report.results import Report, Score
from carag_tui.report.view import CLASHED_HEADING, rating_label
from carag_tui.safetext import csv_cell

COLUMNS = [
    "guide",
    "standard_number",
    "standard",
    "key_question_id",
    "key_question_number",
    "key_question",
    "question_id",
    "yes",
    "applicable",
    "unanswered",
    "not_applicable",
    "percent",
    "standard_rating",
    "interval_low",
    "interval_high",
    "confidence",
    "near_band",
    "rating_certain",
]


def render_csv(report: Report) -> str:
    """Rows for every guide; group columns `<by>=<group> yes|applicable|percent` at the end.

    `applicable` is the denominator: cases where the summary judgement applies and is
    answered. A key question without a summary judgement (youth CAG) gives one row per prompt
    question instead, with `question_id` set and yes over yes + no.
    """
    groups = list(dict.fromkeys(name for g in report.guides if g.by for name in g.groups))
    by = report.by or ""
    header = [
        *COLUMNS,
        *(f"{by}={name} {what}" for name in groups for what in ("yes", "applicable", "percent")),
    ]
    buffer = io.StringIO()
    plain = csv.writer(buffer)

    class writer:  # every cell neutralised as a spreadsheet would read it (OWASP)
        @staticmethod
        def writerow(cells: Sequence[object]) -> None:
            plain.writerow([csv_cell(cell) for cell in cells])

    writer.writerow(header)
    for result in report.guides:
        for standard in result.standards:
            base = [result.guide.id, standard.number or "", standard.title]
            rating = rating_label(standard.rating)
            for kq in standard.key_questions:
                if kq.scored:
                    cells = []
                    for name in groups:
                        score = kq.groups.get(name) if result.by else None
                        cells += _score_cells(score)
                    interval = kq.interval
                    writer.writerow(
                        [
                            *base,
                            kq.id,
                            kq.number or "",
                            kq.text,
                            "",
                            kq.yes,
                            kq.applicable,
                            kq.unanswered,
                            kq.not_applicable,
                            _number(kq.percent),
                            rating,
                            "" if interval is None else interval.low,
                            "" if interval is None else interval.high,
                            f"{kq.confidence:g}",
                            ";".join(r.value for r in kq.near_band),
                            _certain(standard.rating_certain),
                            *cells,
                        ]
                    )
                    continue
                for q in kq.questions:
                    writer.writerow(
                        [
                            *base,
                            kq.id,
                            kq.number or "",
                            kq.text,
                            q.id,
                            q.yes,
                            q.yes + q.no,
                            q.unanswered,
                            q.na,
                            _number(q.percent),
                            rating,
                            "",
                            "",
                            "",
                            "",
                            "",
                            *([""] * 3 * len(groups)),
                        ]
                    )
        for clash in result.clashed:  # not counted above; listed to resolve
            writer.writerow(
                [
                    result.guide.id,
                    "",
                    CLASHED_HEADING.format(n=len(result.clashed)),
                    "",
                    "",
                    f"{clash.case} ({clash.path})",
                    ";".join(clash.questions),
                    *([""] * (len(header) - 7)),
                ]
            )
    return buffer.getvalue()


def _score_cells(score: Score | None) -> list[object]:
    if score is None:
        return ["", "", ""]
    return [score.yes, score.applicable, _number(score.percent)]


def _number(value: int | None) -> object:
    return "" if value is None else value


def _certain(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


EXAMPLE_COLUMNS = [
    "guide",
    "standard",
    "key_question",
    "question",
    "kind",
    "case",
    "unit",
    "path",
    "note",
]


def render_examples_csv(report: Report) -> str:
    """Only the practice examples (`carag report --examples --format csv`): a row each, in
    the order of the report, every cell neutralised for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXAMPLE_COLUMNS)
    for result in report.guides:
        for e in result.examples:
            writer.writerow(
                [
                    csv_cell(cell)
                    for cell in (
                        result.guide.id,
                        e.standard or "",
                        e.key_question or "",
                        e.question,
                        e.kind,
                        e.case,
                        e.unit or "",
                        str(e.path),
                        e.note,
                    )
                ]
            )
    return buffer.getvalue()
