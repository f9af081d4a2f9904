"""The report as Markdown tables, laid out like the published reports' Annex 2."""

from __future__ import annotations

from collections.abc import Sequence

from carag_tui.report.results import GuideResult, Report, StandardResult
from carag_tui.report.view import (
    CLASHED_HEADING,
    CLASHED_NOTE,
    case_summary,
    certainty_text,
    confidence_text,
    draft_text,
    errors_heading,
    example_groups,
    example_label,
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
from carag_tui.safetext import markdown, visible


class Md(str):
    """Markdown carag wrote (its own emphasis around escaped text): put in a row as it is."""


def cell(text: object, *, table: bool = True) -> str:
    """Text inert inside Markdown (and a table cell): no HTML, no formatting, no control
    characters, one line (`safetext.markdown`)."""
    return markdown(text, table=table)


def line(text: object) -> str:
    """`cell` for text outside a table."""
    return markdown(text, table=False)


def code(text: object) -> Md:
    """`text` (a path) as inline code: no backtick or control character can leave it."""
    return Md("`" + visible(" ".join(str(text).splitlines())).replace("`", "'") + "`")


def row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(c if isinstance(c, Md) else cell(c) for c in cells) + " |"


def render_md(report: Report) -> str:
    out = ["# Inspection results", ""]
    heading = inspection_line(report)
    if heading:
        out += [line(heading), ""]
    draft = draft_text(report)
    if draft:
        out += [f"**{line(draft)}**", ""]
    review = review_line(report)
    if review:
        out += [line(review), ""]
    if not report.guides:
        out += ["No case files to report on.", ""]
    for result in report.guides:
        out += _guide(result)
    if report.provider is not None:
        out += [
            "## Provider rating",
            "",
            line(provider_line(report.provider)),
            "",
            row(["Standard", "Rating", "From"]),
            "|---|---|---|",
        ]
        for standard in report.provider.standards:
            out.append(
                row(
                    [
                        f"{standard.number} {standard.title}".strip(),
                        rating_label(standard.rating, "missing"),
                        standard.source,
                    ]
                )
            )
        out.append("")
        out += [f"- {line(note)}" for note in report.provider.notes]
        if report.provider.notes:
            out.append("")
    if report.errors:
        out += [f"## {errors_heading(report)}", ""]
        for error in report.errors:
            out.append(f"- {code(error.path)}")
            out += [f"  - {line(each)}" for each in error.error.splitlines()]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _guide(result: GuideResult) -> list[str]:
    guide = result.guide
    groups = list(result.groups) if result.by else []
    out = [
        f"## {line(guide.title)}",
        "",
        f"{code(guide.id)} {line(guide.version)}: {case_summary(result)}",
        "",
    ]
    out += [interval_note(result), ""]
    header = [
        "Standard/Key question",
        "Rating/% yes",
        "Yes/cases",
        f"{confidence_text(result.confidence)} interval",
        *groups,
    ]
    out += [row(header), "|" + "---|" * 2 + "---:|" * (2 + len(groups))]
    notes: list[str] = []
    for standard in result.standards:
        out += _standard(standard, groups, notes, result.confidence)
    out.append("")
    if groups:
        counts = ", ".join(f"{line(name)} {n}" for name, n in result.groups.items())
        out += [f"Cases by {line(result.by)}: {counts}.", ""]
    if notes:
        out += [*notes, ""]
    prompts = prompt_questions(result)
    if prompts and any(k.scored for k in result.key_questions):
        out += [
            "### Prompt questions",
            "",
            "Answers over the cases where each question applies.",
            "",
            row(["Question", "Yes", "No", "N/A", "Unanswered", "% yes"]),
            "|---|---:|---:|---:|---:|---:|",
        ]
        for q in prompts:
            out.append(
                row(
                    [
                        f"{q.id} {q.question.text}",
                        q.yes,
                        q.no,
                        q.na,
                        q.unanswered,
                        percent_text(q.percent),
                    ]
                )
            )
        out.append("")
    rep = representation_lines(result)
    if rep:
        out += [
            "### The sample and the population",
            "",
            rep[0],
            "",
            *(f"- {line(each)}" for each in rep[1:]),
            "",
        ]
    if result.examples:
        out += examples_md(result)
    if result.incomplete:
        out += [
            f"### Incomplete cases ({len(result.incomplete)})",
            "",
            "Chase these before the figures are final.",
            "",
            row(["File", "Case", "Unit", "Status", "Unanswered", "First unanswered"]),
            "|---|---|---|---|---:|---|",
        ]
        for case in result.incomplete:
            out.append(
                row(
                    [
                        code(case.path),
                        case.case,
                        case.unit or "",
                        case.status,
                        case.unanswered,
                        case.first_and_review,
                    ]
                )
            )
        out.append("")
    if result.clashed:
        out += [
            f"### {CLASHED_HEADING.format(n=len(result.clashed))}",
            "",
            CLASHED_NOTE,
            "",
            row(["File", "Case", "Unit", "Clash on"]),
            "|---|---|---|---|",
        ]
        out += [
            row([f"`{c.path}`", c.case, c.unit or "", ", ".join(c.questions)])
            for c in result.clashed
        ]
        out.append("")
    return out


def _standard(
    standard: StandardResult, groups: list[str], notes: list[str], confidence: float
) -> list[str]:
    title = f"{standard.number} {standard.title}" if standard.number else standard.title
    description = standard.standard.description
    label = f"**{cell(title)}**" + (f"<br>{cell(description)}" if description else "")
    rating = rating_label(standard.rating, "not rated" if not standard.rated else "no cases")
    group_cells = [
        rating_label(standard.groups.get(g), "—") if standard.rated else "" for g in groups
    ]
    uncertain = certainty_text(standard, confidence)
    if uncertain:
        label += f"<br>*{cell(uncertain)}*"
    out = [
        "| " + " | ".join([label, f"**{cell(rating)}**", "", "", *map(cell, group_cells)]) + " |"
    ]
    for kq in standard.key_questions:
        number = kq.number or ""
        if kq.scored:
            mark = ""
            kq_notes = key_question_notes(kq)
            near = near_band_text(kq)
            if near:
                kq_notes.append(near)
            if kq_notes:
                notes.append(
                    f"- † {line(number or kq.id)}: {line('; '.join(kq_notes).rstrip('.'))}."
                )
                mark = " †"
            out.append(
                row(
                    [
                        f"{number} {kq.text}{mark}".strip(),
                        percent_text(kq.percent),
                        f"{kq.yes}/{kq.applicable}",
                        interval_text(kq, 1),
                        *(percent_text(kq.groups[g].percent) for g in groups),
                    ]
                )
            )
            continue
        out.append(row([Md(f"*{cell(kq.text)}*"), "", "", "", *("" for _ in groups)]))
        for q in kq.questions:
            out.append(
                row(
                    [
                        f"{q.id} {q.question.text}",
                        percent_text(q.percent),
                        f"{q.yes}/{q.yes + q.no}",
                        "",
                        *("" for _ in groups),
                    ]
                )
            )
    return out


def examples_md(result: GuideResult, level: str = "###") -> list[str]:
    """The practice examples under their standard and key question."""
    out = [f"{level} Practice examples ({len(result.examples)})", ""]
    for standard, kq, examples in example_groups(result):
        if standard is None or kq is None:
            out += [f"{level}# Other questions", ""]
        else:
            title = f"{standard.number or ''} {standard.title}".strip()
            out += [f"{level}# {line(title)}: {line(kq.number or kq.id)} {line(kq.text)}", ""]
        for example in examples:
            note = " ".join(example.note.split())
            out.append(f"- **{line(example_label(example))}**: {line(note)}")
        out.append("")
    return out


def render_examples_md(report: Report) -> str:
    """Only the practice examples (`carag report --examples --format md`)."""
    out = ["# Practice examples", ""]
    for result in report.guides:
        if result.examples:
            out += [f"## {line(result.guide.title)}", "", *examples_md(result, "###")[2:]]
    if len(out) == 2:
        out.append("No practice examples marked in these cases.")
    return "\n".join(out).rstrip() + "\n"
