"""Wording shared by the report formats: labels, counts and notes, so that they all agree."""

from __future__ import annotations

import math

from carag_tui.report.ratings import BANDS, Rating, percent
from carag_tui.report.results import (
    GuideResult,
    KeyQuestionResult,
    PracticeExample,
    ProviderResult,
    QuestionResult,
    Report,
    StandardResult,
)

NONE = "—"


def rating_label(rating: Rating | None, empty: str = "") -> str:
    return rating.label if rating is not None else empty


def percent_text(value: int | None) -> str:
    return f"{value}%" if value is not None else NONE


CLASHED_HEADING = "Cases needing resolution ({n}): a git merge clash"
CLASHED_NOTE = (
    "Both sides of a git merge changed these answers: they are not counted until "
    "someone picks one (`carag open FILE`)."
)


def guide_heading(result: GuideResult) -> str:
    return result.guide.title


def case_summary(result: GuideResult) -> str:
    """`60 cases: 57 complete, 2 in progress, 1 excluded`."""
    in_progress = result.assessed - result.complete
    parts = [
        f"{result.complete} complete",
        f"{in_progress} in progress",
        f"{result.excluded} excluded",
    ]
    noun = "case" if result.cases == 1 else "cases"
    text = f"{result.cases} {noun}: {', '.join(parts)}"
    if result.other_versions:
        others = sum(result.other_versions.values())
        text += (
            f"; {others} assessed against another version of the guide "
            f"({', '.join(sorted(result.other_versions))})"
        )
    return text


def incomplete_heading(result: GuideResult) -> str:
    """`Incomplete cases (3): chase before the figures are final`."""
    return f"Incomplete cases ({len(result.incomplete)}): chase before the figures are final"


def key_question_notes(kq: KeyQuestionResult, detail: bool = True) -> list[str]:
    """Why a denominator is smaller than the sample: sub-sample (with who is in it), unanswered."""
    notes = []
    if kq.not_applicable:
        in_sample = kq.applicable + kq.unanswered
        note = kq.key_question.sample_note if detail else None
        notes.append(
            f"sub-sample: {in_sample} of {in_sample + kq.not_applicable} cases"
            + (f" ({note})" if note else "")
        )
    if kq.unanswered:
        noun = "case" if kq.unanswered == 1 else "cases"
        notes.append(f"{kq.unanswered} {noun} still unanswered (not counted)")
    return notes


def prompt_questions(result: GuideResult) -> list[QuestionResult]:
    """The prompt questions of the reported key questions, in walk order."""
    return [q for kq in result.key_questions for q in kq.questions]


def provider_line(provider: ProviderResult) -> str:
    who = provider.provider or "The provider"
    if provider.rating is None:
        return (
            f"{who}: no overall rating yet; missing standard ratings: "
            f"{', '.join(provider.missing)} (enter them in inspection.toml)"
        )
    return (
        f"{who}: {provider.rating.label} (score {provider.score} of "
        f"{3 * len(provider.standards)}, {provider.type.upper()} standards)"
    )


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
    return (
        f"Review: {counts.get('approved', 0)} approved, {counts.get('stale', 0)} stale, "
        f"{counts.get('awaiting_review', 0)} awaiting review, "
        f"{counts.get('returned', 0)} returned, {counts.get('in_progress', 0)} in progress"
    )


def errors_heading(report: Report) -> str:
    n = len(report.errors)
    return f"{n} file{'s' * (n != 1)} could not be read (not counted)"


# -- intervals, band edges, examples, drafts ----------------------------------------------------


def confidence_text(value: float) -> str:
    """80 -> "80%", 92.5 -> "92.5%"."""
    return f"{value:g}%"


def interval_text(kq: KeyQuestionResult, decimals: int = 0) -> str:
    """`58–72` (whole per cent, for the terminal) or `57.9–71.5`; empty without a score."""
    interval = kq.interval
    if interval is None:
        return ""
    if decimals:
        return f"{interval.low:.{decimals}f}–{interval.high:.{decimals}f}"
    return f"{_whole(interval.low)}–{_whole(interval.high)}"


def _whole(value: float) -> int:
    return math.floor(value + 0.5)


def near_band_text(kq: KeyQuestionResult) -> str | None:
    """`near a band edge: reaches Requires improvement; 1 more "no" case makes it 64%`."""
    reached = kq.near_band
    if not reached:
        return None
    order = [b.rating for b in BANDS]
    own = order.index(kq.rating) if kq.rating is not None else 0
    up = any(order.index(r) < own for r in reached)
    down = any(order.index(r) > own for r in reached)
    parts = []
    for move in kq.moves:
        if (move.answer == "yes" and up) or (move.answer == "no" and down):
            noun = "case" if move.cases == 1 else "cases"
            yes, total = (
                (kq.yes + move.cases, kq.applicable + move.cases)
                if move.answer == "yes"
                else (kq.yes, kq.applicable + move.cases)
            )
            parts.append(
                f'{move.cases} more "{move.answer}" {noun} would make it '
                f"{percent(yes, total)}% ({move.rating.label})"
            )
    bands = ", ".join(r.label for r in reached)
    return f"near a band edge: the interval reaches {bands}" + (
        "; " + "; ".join(parts) if parts else ""
    )


def certainty_text(standard: StandardResult, confidence: float) -> str | None:
    """`rating not certain at 80% confidence` when a key question's interval crosses an edge."""
    if standard.rating_certain is False:
        return f"rating not certain at {confidence_text(confidence)} confidence"
    return None


def interval_note(result: GuideResult) -> str:
    """How the intervals were made, for the top of a guide's section."""
    text = (
        f"Intervals: {confidence_text(result.confidence)} Wilson score intervals on each "
        "key question's own cases"
    )
    if result.population:
        text += (
            f"; finite-population correction for {result.population} eligible cases "
            "(whole sample only: sub-samples are not corrected)"
        )
    return text + "."


def draft_text(report: Report) -> str | None:
    """`DRAFT — 3 cases incomplete / 5 awaiting review`, until every case counted is complete
    and none awaits the lead inspector's review (None then)."""
    incomplete = report.incomplete
    awaiting = report.review.get("awaiting_review", 0) if report.review else 0
    if not incomplete and not awaiting:
        return None
    text = f"DRAFT — {incomplete} case{'s' * (incomplete != 1)} incomplete"
    return text + (f" / {awaiting} awaiting review" if report.review else "")


def example_groups(
    result: GuideResult,
) -> list[tuple[StandardResult | None, KeyQuestionResult | None, list[PracticeExample]]]:
    """The practice examples under their standard and key question, in guide order."""
    by_kq: dict[str | None, list[PracticeExample]] = {}
    for example in result.examples:
        by_kq.setdefault(example.key_question, []).append(example)
    groups: list[tuple[StandardResult | None, KeyQuestionResult | None, list[PracticeExample]]] = []
    placed: set[str | None] = set()
    for standard in result.standards:
        for kq in standard.key_questions:
            if kq.id in by_kq:
                groups.append((standard, kq, _by_kind(by_kq[kq.id])))
                placed.add(kq.id)
    rest = [e for k, items in by_kq.items() if k not in placed for e in items]
    if rest:
        groups.append((None, None, _by_kind(rest)))
    return groups


def _by_kind(examples: list[PracticeExample]) -> list[PracticeExample]:
    return sorted(examples, key=lambda e: (e.kind != "good", e.case, e.question))


def example_label(example: PracticeExample) -> str:
    """`Good practice — case X123 (Devon), A1.2`."""
    unit = f" ({example.unit})" if example.unit else ""
    return f"{example.kind.capitalize()} practice — case {example.case}{unit}, {example.question}"


def representation_lines(result: GuideResult) -> list[str]:
    """The strata check as sentences: what is over- or under-represented."""
    rep = result.representation
    if rep is None:
        return []
    lines = [
        f"Sample against the population by {' × '.join(rep.fields)} "
        f"({rep.cases} assessed cases; flagged beyond ±{rep.tolerance:g} points):"
    ]
    for s in rep.strata:
        flag = {"over": "  over-represented", "under": "  under-represented"}.get(s.flag or "", "")
        lines.append(
            f"{s.label}: {s.cases} cases, {s.sample_share:.1f}% of the sample, "
            f"{s.population_share:.1f}% of the population{flag}"
        )
    if rep.unmatched:
        lines.append(
            f"{rep.unmatched} case{'s' * (rep.unmatched != 1)} in no stratum of "
            "the population (check their details)"
        )
    return lines
