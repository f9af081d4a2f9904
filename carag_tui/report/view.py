"""Wording shared by the report formats: labels, counts and notes, so that they all agree."""

from __future__ import annotations

from carag_tui.report.ratings import Rating
from carag_tui.report.results import (
    GuideResult,
    KeyQuestionResult,
    ProviderResult,
    QuestionResult,
    Report,
)

NONE = "—"


def rating_label(rating: Rating | None, empty: str = "") -> str:
    return rating.label if rating is not None else empty


def percent_text(value: int | None) -> str:
    return f"{value}%" if value is not None else NONE


def guide_heading(result: GuideResult) -> str:
    return result.guide.title


def case_summary(result: GuideResult) -> str:
    """`60 cases: 57 complete, 2 in progress, 1 excluded`."""
    in_progress = result.assessed - result.complete
    parts = [f"{result.complete} complete", f"{in_progress} in progress",
             f"{result.excluded} excluded"]
    noun = "case" if result.cases == 1 else "cases"
    text = f"{result.cases} {noun}: {', '.join(parts)}"
    if result.other_versions:
        others = sum(result.other_versions.values())
        text += (f"; {others} assessed against another version of the guide "
                 f"({', '.join(sorted(result.other_versions))})")
    return text


def key_question_notes(kq: KeyQuestionResult, detail: bool = True) -> list[str]:
    """Why a denominator is smaller than the sample: sub-sample (with who is in it), unanswered."""
    notes = []
    if kq.not_applicable:
        in_sample = kq.applicable + kq.unanswered
        note = kq.key_question.sample_note if detail else None
        notes.append(f"sub-sample: {in_sample} of {in_sample + kq.not_applicable} cases"
                     + (f" ({note})" if note else ""))
    if kq.unanswered:
        noun = "case" if kq.unanswered == 1 else "cases"
        notes.append(f"{kq.unanswered} {noun} still unanswered (not counted)")
    return notes


def counts_text(yes: int, total: int) -> str:
    return f"{yes}/{total}"


def question_counts(question: QuestionResult) -> tuple[int, int, int, int]:
    return question.yes, question.no, question.na, question.unanswered


def prompt_questions(result: GuideResult) -> list[QuestionResult]:
    """The prompt questions of the reported key questions, in walk order."""
    return [q for kq in result.key_questions for q in kq.questions]


def provider_line(provider: ProviderResult) -> str:
    who = provider.provider or "The provider"
    if provider.rating is None:
        return (f"{who}: no overall rating yet; missing standard ratings: "
                f"{', '.join(provider.missing)} (enter them in inspection.toml)")
    return (f"{who}: {provider.rating.label} (score {provider.score} of "
            f"{3 * len(provider.standards)}, {provider.type.upper()} standards)")


def inspection_line(report: Report) -> str | None:
    inspection = report.inspection
    if inspection is None:
        return None
    parts = [inspection.provider or "Inspection"]
    if inspection.fieldwork:
        parts.append(f"fieldwork {inspection.fieldwork.isoformat()}")
    return ", ".join(parts)


def review_line(report: Report) -> str | None:
    """`Review: 12 approved, 1 stale, 5 awaiting review, 1 returned, 3 in progress`."""
    if not report.review:
        return None
    counts = report.review
    return (f"Review: {counts.get('approved', 0)} approved, {counts.get('stale', 0)} stale, "
            f"{counts.get('awaiting_review', 0)} awaiting review, "
            f"{counts.get('returned', 0)} returned, {counts.get('in_progress', 0)} in progress")


def errors_heading(report: Report) -> str:
    n = len(report.errors)
    return f"{n} file{'s' * (n != 1)} could not be read (not counted)"
