"""The report as aligned plain text for an 80-column terminal, with a simple text bar."""

from __future__ import annotations

import textwrap

from carag_tui.report.results import GuideResult, KeyQuestionResult, Report, StandardResult
from carag_tui.report.view import (
    CLASHED_HEADING,
    CLASHED_NOTE,
    case_summary,
    certainty_text,
    draft_text,
    errors_heading,
    example_groups,
    example_label,
    incomplete_heading,
    inspection_line,
    interval_note,
    interval_text,
    key_question_notes,
    near_band_text,
    percent_text,
    prompt_questions,
    provider_line,
    rating_label,
    representation_lines,
    review_line,
)

WIDTH = 80
INDENT = 4
NUMBER = 7  # "2.1.1  "
FIGURES = 38  # "  31/60    52% (41–62)   [#####-----]"
TEXT = WIDTH - INDENT - NUMBER - FIGURES
BAR = 10


def bar(value: int | None, width: int = BAR) -> str:
    """`[#####-----]`: one mark per 10% (rounded down), blank when there is no score."""
    if value is None:
        return " " * (width + 2)
    filled = min(width, value * width // 100)
    return "[" + "#" * filled + "-" * (width - filled) + "]"


def render_text(report: Report) -> str:
    out: list[str] = []
    heading = inspection_line(report)
    if heading:
        out += [heading, ""]
    draft = draft_text(report)
    if draft:
        out += [draft, ""]
    review = review_line(report)
    if review:
        out += [review, ""]
    if not report.guides:
        out.append("No case files to report on.")
    for result in report.guides:
        out += _guide(result)
    if report.provider is not None:
        out += [
            "Provider rating",
            *textwrap.wrap(
                provider_line(report.provider), WIDTH, initial_indent="  ", subsequent_indent="    "
            ),
        ]
        for standard in report.provider.standards:
            out.append(
                f"    {standard.number:5} {standard.title[:36]:36} "
                f"{rating_label(standard.rating, '(missing)'):21} {standard.source}"
            )
        out += [
            line
            for note in report.provider.notes
            for line in textwrap.wrap(
                f"note: {note}", WIDTH, initial_indent="  ", subsequent_indent="    "
            )
        ]
        out.append("")
    if report.errors:
        out.append(errors_heading(report))
        for error in report.errors:
            out += ["  " + line for line in error.error.splitlines()]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _guide(result: GuideResult) -> list[str]:
    guide = result.guide
    out = [
        guide.title,
        "=" * min(WIDTH, len(guide.title)),
        *textwrap.wrap(f"{guide.id} {guide.version}: {case_summary(result)}", WIDTH),
        *textwrap.wrap(interval_note(result) + " (Figures: yes/cases, %, interval.)", WIDTH),
        "",
    ]
    for standard in result.standards:
        out += _standard(standard, result.confidence)
    if result.by and result.groups:
        out += _groups(result)
    prompts = prompt_questions(result)
    if prompts and any(k.scored for k in result.key_questions):
        out += _questions(result)
    rep = representation_lines(result)
    if rep:
        out += [
            *textwrap.wrap(rep[0], WIDTH),
            *(
                line
                for r in rep[1:]
                for line in textwrap.wrap(r, WIDTH, initial_indent="  ", subsequent_indent="      ")
            ),
            "",
        ]
    if result.examples:
        out += examples_text(result)
    if result.incomplete:
        out.append(incomplete_heading(result))
        for case in result.incomplete:
            first = f" (first: {case.first})" if case.first else ""
            if case.to_review:
                first += f"; to review: {', '.join(case.to_review)}"
            out.append(f"  {case.path}")
            out.append(
                f"      {case.case}  {case.unit or '-'}  {case.status}  "
                f"{case.unanswered} unanswered{first}"
            )
        out.append("")
    if result.clashed:
        out += [
            CLASHED_HEADING.format(n=len(result.clashed)),
            *textwrap.wrap(CLASHED_NOTE, WIDTH, initial_indent="  ", subsequent_indent="  "),
        ]
        for clash in result.clashed:
            out += [
                f"  {clash.path}",
                f"      {clash.case}  {clash.unit or '-'}  clash on {', '.join(clash.questions)}",
            ]
        out.append("")
    return out


def _standard(standard: StandardResult, confidence: float) -> list[str]:
    title = f"  {standard.number + ' ' if standard.number else ''}{standard.title}"
    rating = rating_label(standard.rating, "not rated" if not standard.rated else "no cases")
    out = [f"{title:{WIDTH - len(rating) - 1}} {rating}"]
    uncertain = certainty_text(standard, confidence)
    if uncertain:
        out.append(f"{'(' + uncertain + ')':>{WIDTH}}")
    for kq in standard.key_questions:
        out += _key_question(kq)
    out.append("")
    return out


def _key_question(kq: KeyQuestionResult) -> list[str]:
    lines = textwrap.wrap(kq.text, TEXT) or [""]
    number = kq.number or ""
    out = []
    if kq.scored:
        span = interval_text(kq)
        mark = "~" if kq.near_band else " "
        figures = (
            f"{kq.yes:>4}/{kq.applicable:<4} {percent_text(kq.percent):>4}{mark}"
            f"{'(' + span + ')' if span else '':9} {bar(kq.percent)}"
        )
        out.append(f"{'':{INDENT}}{number:{NUMBER}}{lines[0]:{TEXT}} {figures}".rstrip())
        out += [f"{'':{INDENT + NUMBER}}{line}" for line in lines[1:]]
        notes = key_question_notes(kq, detail=False)
        near = near_band_text(kq)
        if near:
            notes.append("~ " + near)
        out += [
            f"{'':{INDENT + NUMBER}}{line}"
            for note in notes
            for line in textwrap.wrap(note, WIDTH - INDENT - NUMBER)
        ]
        return out
    # no summary judgement (youth CAG): the yes counts of its questions instead
    out.append(f"{'':{INDENT}}{number:{NUMBER}}{lines[0]}".rstrip())
    out += [f"{'':{INDENT + NUMBER}}{line}" for line in lines[1:]]
    for question in kq.questions:
        answered = question.yes + question.no
        text = textwrap.shorten(
            f"{question.id} {question.question.text}", TEXT - 2, placeholder="…"
        )
        figures = (
            f"{question.yes:>4}/{answered:<4} {percent_text(question.percent):>4} "
            f"{bar(question.percent)}"
        )
        out.append(f"{'':{INDENT + NUMBER}}{text:{TEXT}} {figures}".rstrip())
    return out


def group_width(names: list[str], label: int) -> int:
    """Column width: the longest name (+2, at most 16), narrowed to fit 80 columns (to 8)."""
    width = min(max((len(n) for n in names), default=4) + 2, 16)
    while 2 + label + width * len(names) > WIDTH and width > 8:
        width -= 1
    return width


def _groups(result: GuideResult) -> list[str]:
    names = list(result.groups)
    label = 18
    width = group_width(names, label)
    header = f"  {'By ' + (result.by or ''):{label}}" + "".join(
        f"{_cut(name, width - 1):>{width}}" for name in names
    )
    out = [
        header,
        f"  {'cases':{label}}" + "".join(f"{result.groups[name]:>{width}}" for name in names),
    ]
    for standard in result.standards:
        if not any(k.scored for k in standard.key_questions):
            continue
        title = _cut(f"{standard.number or ''} {standard.title}".strip(), label)
        out.append(
            f"  {title:{label}}"
            + "".join(f"{_short_rating(standard.groups.get(name)):>{width}}" for name in names)
        )
        for kq in standard.key_questions:
            if kq.scored:
                out.append(
                    f"    {kq.number or kq.id:{label - 2}}"
                    + "".join(f"{percent_text(kq.groups[name].percent):>{width}}" for name in names)
                )
    out.append("")
    return out


SHORT_RATINGS = {
    "outstanding": "Outst.",
    "good": "Good",
    "requires_improvement": "Req. imp.",
    "inadequate": "Inadeq.",
}


def _short_rating(rating: object) -> str:
    return SHORT_RATINGS.get(str(rating), "—") if rating is not None else "—"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _questions(result: GuideResult) -> list[str]:
    text = WIDTH - 2 - 7 - 5 * 4 - 6
    out = [
        "Prompt questions: answers over the cases where each applies (open: unanswered)",
        f"  {'':7}{'':{text}}{'yes':>5}{'no':>5}{'n/a':>5}{'open':>5}{'yes%':>6}",
    ]
    for question in prompt_questions(result):
        label = textwrap.shorten(question.question.text, text - 1, placeholder="…")
        out.append(
            f"  {question.id:7}{label:{text}}{question.yes:>5}{question.no:>5}"
            f"{question.na:>5}{question.unanswered:>5}"
            f"{percent_text(question.percent):>6}"
        )
    out.append("")
    return out


def examples_text(result: GuideResult) -> list[str]:
    """The practice examples under their standard and key question."""
    out = [f"Practice examples ({len(result.examples)})"]
    for standard, kq, examples in example_groups(result):
        if standard is None or kq is None:
            out.append("  Other questions")
        else:
            out += textwrap.wrap(
                f"{standard.number or ''} {standard.title}".strip(), WIDTH, initial_indent="  "
            )
            out += textwrap.wrap(
                f"{kq.number or kq.id} {kq.text}",
                WIDTH,
                initial_indent="    ",
                subsequent_indent="    ",
            )
        for example in examples:
            out.append(f"      {example_label(example)}")
            for paragraph in example.note.splitlines() or [""]:
                out += textwrap.wrap(
                    paragraph, WIDTH, initial_indent="        ", subsequent_indent="        "
                ) or [""]
    out.append("")
    return out


def render_examples_text(report: Report) -> str:
    """Only the practice examples (`carag report --examples`)."""
    out: list[str] = []
    for result in report.guides:
        if result.examples:
            out += [
                result.guide.title,
                "=" * min(WIDTH, len(result.guide.title)),
                *examples_text(result),
            ]
    if not out:
        out.append("No practice examples marked in these cases.")
    return "\n".join(out).rstrip() + "\n"
