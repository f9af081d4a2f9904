"""The report as Markdown tables, laid out like the published reports' Annex 2."""

from __future__ import annotations

from carag_tui.report.results import GuideResult, Report, StandardResult
from carag_tui.report.view import (
    case_summary,
    errors_heading,
    inspection_line,
    key_question_notes,
    percent_text,
    prompt_questions,
    provider_line,
    rating_label,
    review_line,
)


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def row(cells: list[object]) -> str:
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def render_md(report: Report) -> str:
    out = ["# Inspection results", ""]
    heading = inspection_line(report)
    if heading:
        out += [heading, ""]
    review = review_line(report)
    if review:
        out += [review, ""]
    if not report.guides:
        out += ["No case files to report on.", ""]
    for result in report.guides:
        out += _guide(result)
    if report.provider is not None:
        out += ["## Provider rating", "", provider_line(report.provider), "",
                row(["Standard", "Rating", "From"]), "|---|---|---|"]
        for standard in report.provider.standards:
            out.append(row([f"{standard.number} {standard.title}".strip(),
                            rating_label(standard.rating, "missing"), standard.source]))
        out.append("")
        out += [f"- {note}" for note in report.provider.notes]
        if report.provider.notes:
            out.append("")
    if report.errors:
        out += [f"## {errors_heading(report)}", ""]
        for error in report.errors:
            out.append(f"- `{error.path}`")
            out += [f"  - {cell(line)}" for line in error.error.splitlines()]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _guide(result: GuideResult) -> list[str]:
    guide = result.guide
    groups = list(result.groups) if result.by else []
    out = [f"## {guide.title}", "", f"`{guide.id}` {guide.version}: {case_summary(result)}", ""]
    header = ["Standard/Key question", "Rating/% yes", "Yes/cases", *groups]
    out += [row(header), "|" + "---|" * 2 + "---:|" * (1 + len(groups))]
    notes: list[str] = []
    for standard in result.standards:
        out += _standard(standard, groups, notes)
    out.append("")
    if groups:
        counts = ", ".join(f"{name} {n}" for name, n in result.groups.items())
        out += [f"Cases by {result.by}: {counts}.", ""]
    if notes:
        out += [*notes, ""]
    prompts = prompt_questions(result)
    if prompts and any(k.scored for k in result.key_questions):
        out += ["### Prompt questions", "",
                "Answers over the cases where each question applies.", "",
                row(["Question", "Yes", "No", "N/A", "Unanswered", "% yes"]),
                "|---|---:|---:|---:|---:|---:|"]
        for q in prompts:
            out.append(row([f"{q.id} {q.question.text}", q.yes, q.no, q.na, q.unanswered,
                            percent_text(q.percent)]))
        out.append("")
    if result.incomplete:
        out += [f"### Incomplete cases ({len(result.incomplete)})", "",
                "Chase these before the figures are final.", "",
                row(["File", "Case", "Unit", "Status", "Unanswered", "First unanswered"]),
                "|---|---|---|---|---:|---|"]
        for case in result.incomplete:
            out.append(row([f"`{case.path}`", case.case, case.unit or "", case.status,
                            case.unanswered, case.first or ""]))
        out.append("")
    return out


def _standard(standard: StandardResult, groups: list[str], notes: list[str]) -> list[str]:
    title = f"{standard.number} {standard.title}" if standard.number else standard.title
    description = standard.standard.description
    label = f"**{cell(title)}**" + (f"<br>{cell(description)}" if description else "")
    rating = rating_label(standard.rating, "not rated" if not standard.rated else "no cases")
    group_cells = [rating_label(standard.groups.get(g), "—") if standard.rated else ""
                   for g in groups]
    out = ["| " + " | ".join([label, f"**{rating}**", "", *map(cell, group_cells)]) + " |"]
    for kq in standard.key_questions:
        number = kq.number or ""
        if kq.scored:
            mark = ""
            kq_notes = key_question_notes(kq)
            if kq_notes:
                notes.append(f"- † {number or kq.id}: {'; '.join(kq_notes).rstrip('.')}.")
                mark = " †"
            out.append(row([f"{number} {kq.text}{mark}".strip(), percent_text(kq.percent),
                            f"{kq.yes}/{kq.applicable}",
                            *(percent_text(kq.groups[g].percent) for g in groups)]))
            continue
        out.append(row([f"*{kq.text}*", "", "", *("" for _ in groups)]))
        for q in kq.questions:
            out.append(row([f"{q.id} {q.question.text}", percent_text(q.percent),
                            f"{q.yes}/{q.yes + q.no}", *("" for _ in groups)]))
    return out
