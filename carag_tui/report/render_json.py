"""The report as JSON (see `report_to_json` for the shape)."""

from __future__ import annotations

import json
from typing import Any

from carag_tui.report.ratings import Rating
from carag_tui.report.results import (
    GuideResult,
    KeyQuestionResult,
    PracticeExample,
    ProviderResult,
    QuestionResult,
    Report,
    Score,
    StandardResult,
)
from carag_tui.report.view import draft_text


def _rating(rating: Rating | None) -> str | None:
    return rating.value if rating is not None else None


def score_to_json(score: Score) -> dict[str, Any]:
    return {
        "yes": score.yes,
        "applicable": score.applicable,
        "unanswered": score.unanswered,
        "percent": score.percent,
    }


def question_to_json(q: QuestionResult) -> dict[str, Any]:
    return {
        "id": q.id,
        "key_question": q.question.key_question,
        "kind": q.question.kind.value,
        "answer": q.question.answer.value,
        "question": q.question.text,
        "applies": q.applies,
        "yes": q.yes,
        "no": q.no,
        "na": q.na,
        "unanswered": q.unanswered,
        "percent": q.percent,
    }


def key_question_to_json(kq: KeyQuestionResult) -> dict[str, Any]:
    return {
        "id": kq.id,
        "number": kq.number,
        "question": kq.text,
        "summary": kq.key_question.summary,
        "sample": kq.key_question.sample.value,
        "sample_note": kq.key_question.sample_note,
        "yes": kq.yes,
        "applicable": kq.applicable,
        "unanswered": kq.unanswered,
        "not_applicable": kq.not_applicable,
        "percent": kq.percent,
        "band": _rating(kq.rating),
        "interval": _interval(kq),
        "near_band": [r.value for r in kq.near_band] or None,
        "moves": [{"answer": m.answer, "cases": m.cases, "band": m.rating.value} for m in kq.moves],
        "population": kq.population,
        "groups": {name: score_to_json(s) for name, s in kq.groups.items()} if kq.scored else {},
        "questions": [q.id for q in kq.questions],
    }


def _interval(kq: KeyQuestionResult) -> dict[str, float] | None:
    interval = kq.interval
    return None if interval is None else {"low": interval.low, "high": interval.high}


def example_to_json(e: PracticeExample) -> dict[str, Any]:
    return {
        "case": e.case,
        "unit": e.unit,
        "path": str(e.path),
        "question": e.question,
        "key_question": e.key_question,
        "standard": e.standard,
        "kind": e.kind,
        "note": e.note,
    }


def representation_to_json(result: GuideResult) -> dict[str, Any] | None:
    rep = result.representation
    if rep is None:
        return None
    return {
        "fields": list(rep.fields),
        "tolerance": rep.tolerance,
        "cases": rep.cases,
        "unmatched": rep.unmatched,
        "source": rep.source,
        "strata": [
            {
                "stratum": s.label,
                "population": s.population,
                "population_share": s.population_share,
                "cases": s.cases,
                "sample_share": s.sample_share,
                "flag": s.flag,
            }
            for s in rep.strata
        ],
    }


def standard_to_json(standard: StandardResult) -> dict[str, Any]:
    return {
        "id": standard.id,
        "number": standard.number,
        "title": standard.title,
        "description": standard.standard.description,
        "rated": standard.rated,
        "rating": _rating(standard.rating),
        "rating_label": standard.rating.label if standard.rating else None,
        "rating_certain": standard.rating_certain,
        "groups": {name: _rating(r) for name, r in standard.groups.items()},
        "key_questions": [key_question_to_json(k) for k in standard.key_questions],
    }


def guide_to_json(result: GuideResult) -> dict[str, Any]:
    return {
        "guide": result.guide.id,
        "title": result.guide.title,
        "version": result.guide.version,
        "cases": result.cases,
        "excluded": result.excluded,
        "assessed": result.assessed,
        "complete": result.complete,
        "other_versions": result.other_versions,
        "by": result.by,
        "confidence": result.confidence,
        "population": result.population,
        "standards": [standard_to_json(s) for s in result.standards],
        "examples": [example_to_json(e) for e in result.examples],
        "representation": representation_to_json(result),
        "groups": dict(result.groups) if result.by else {},
        "questions": [question_to_json(q) for q in result.questions],
        "incomplete": [
            {
                "path": str(c.path),
                "case": c.case,
                "unit": c.unit,
                "status": c.status.value,
                "unanswered": c.unanswered,
                "first_unanswered": c.first,
                "to_review": list(c.to_review),
            }
            for c in result.incomplete
        ],
        "needs_resolution": [
            {"path": str(c.path), "case": c.case, "unit": c.unit, "clashed": list(c.questions)}
            for c in result.clashed
        ],
    }


def provider_to_json(provider: ProviderResult | None) -> dict[str, Any] | None:
    if provider is None:
        return None
    return {
        "provider": provider.provider,
        "type": provider.type,
        "rating": _rating(provider.rating),
        "score": provider.score,
        "missing": provider.missing,
        "notes": list(provider.notes),
        "standards": [
            {"number": s.number, "title": s.title, "rating": _rating(s.rating), "source": s.source}
            for s in provider.standards
        ],
    }


def report_to_json(report: Report) -> dict[str, Any]:
    """`{"guides": [...], "errors": [{"path", "error"}], "provider_rating": {...} | null, …}`.

    Ratings are keys: outstanding, good, requires_improvement, inadequate (or null). In a key
    question, `applicable` is the denominator (the summary applies and is answered),
    `unanswered` the cases where it applies but is not answered yet, `not_applicable` the
    cases outside its sub-sample, and `band` the band of its own percentage.
    """
    inspection = report.inspection
    return {
        "guides": [guide_to_json(g) for g in report.guides],
        "errors": [{"path": str(e.path), "error": e.error} for e in report.errors],
        "provider_rating": provider_to_json(report.provider),
        "inspection": None
        if inspection is None
        else {
            "path": str(inspection.path) if inspection.path else None,
            "provider": inspection.provider,
            "type": inspection.type,
            "fieldwork": inspection.fieldwork.isoformat() if inspection.fieldwork else None,
            "ratings": {
                n: {"rating": r.rating.value, "title": r.title}
                for n, r in inspection.ratings.items()
            },
        },
        "by": report.by,
        "files": report.files,
        "skipped": report.skipped,
        "confidence": report.confidence,
        "draft": draft_text(report),
        "made": report.made.isoformat() if report.made else None,
        "folders": [str(f) for f in report.folders],
        "review": report.review,
    }


def render_json(report: Report) -> str:
    return json.dumps(report_to_json(report), indent=2, ensure_ascii=False) + "\n"


def render_examples_json(report: Report) -> str:
    """Only the practice examples: `{"examples": [{"guide", "case", "note", …}]}`."""
    examples = [
        {"guide": g.guide.id, **example_to_json(e)} for g in report.guides for e in g.examples
    ]
    return json.dumps({"examples": examples}, indent=2, ensure_ascii=False) + "\n"
