"""The report as one self-contained HTML file: inline CSS, no scripts, no external assets.

Each guide gets the Annex 2 table, with a bar per key question coloured by the rating band
its percentage falls in, and tick marks at the band edges (50, 65, 80). It prints cleanly
(`@media print`: colours kept, no rows split across pages).
"""

from __future__ import annotations

from html import escape

from carag_tui.report.ratings import BANDS, Rating
from carag_tui.report.results import GuideResult, KeyQuestionResult, Report, StandardResult
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
    representation_lines,
    review_line,
)

COLOURS = {
    Rating.OUTSTANDING: "#1d6b3a",
    Rating.GOOD: "#5b9b3c",
    Rating.REQUIRES_IMPROVEMENT: "#d98c00",
    Rating.INADEQUATE: "#b3261e",
}

CSS = """
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #c8c8c8; --head: #eef0f2; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: var(--ink);
       margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .25rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .35rem .5rem; text-align: left;
         vertical-align: top; }
thead th { background: var(--head); font-weight: 600; white-space: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.standard th, tr.standard td { background: var(--head); border-top: 2px solid var(--ink); }
tr.standard .desc { display: block; font-weight: normal; color: var(--muted); font-size: .9em; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: .25rem; color: #fff;
         font-weight: 600; white-space: nowrap; }
.note { display: block; color: var(--muted); font-size: .85em; }
.bar { position: relative; height: .9rem; min-width: 9rem; background: #e6e6e6;
       border: 1px solid #b0b0b0; margin-top: .2rem; }
.bar .fill { position: absolute; left: 0; top: 0; bottom: 0; }
.neutral { background: #5f6f86; }
.bar .edge { position: absolute; top: -2px; bottom: -2px; width: 1px; background: #444; }
.legend span { margin-right: 1rem; white-space: nowrap; }
.legend i { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem;
            vertical-align: -1px; }
ul.errors li { margin-bottom: .4rem; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; }
pre { white-space: pre-wrap; margin: .2rem 0 0; }
.bar .interval { position: absolute; top: 35%; height: 30%; background: #111; opacity: .75; }
.draft { border: 2px solid #b3261e; color: #b3261e; font-weight: 700; padding: .3rem .6rem;
         margin: .5rem 0 1rem; }
.near { color: #8a4b00; }
td, th { overflow-wrap: anywhere; }
table.annex { table-layout: fixed; }
table.annex col.text { width: auto; } table.annex col.pct { width: 6.5rem; }
table.annex col.count { width: 4.5rem; } table.annex col.span { width: 6.5rem; }
table.annex col.bar { width: 8.5rem; } table.annex col.group { width: 4.5rem; }
.bar { min-width: 0; }
blockquote { margin: .2rem 0 .6rem 1rem; }
td .badge { white-space: normal; max-width: 100%; }
@page { size: A4; margin: 16mm 14mm 18mm;
        @bottom-left { font: 8pt system-ui, sans-serif; }
        @bottom-right { content: "Page " counter(page) " of " counter(pages);
                        font: 8pt system-ui, sans-serif; } }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.guide { break-before: page; }
  section.guide:first-of-type { break-before: auto; }
  tr, .bar { break-inside: avoid; }
  thead { display: table-header-group; }
  h2, h3 { break-after: avoid; }
}
"""


def _colour_rules() -> str:
    rules = [f".band-{r.value} {{ background: {c}; }}" for r, c in COLOURS.items()]
    return "\n".join(rules)


def render_html(report: Report) -> str:
    heading = inspection_line(report)
    body = ["<h1>Inspection results</h1>"]
    if heading:
        body.append(f'<p class="meta">{escape(heading)}</p>')
    body.append(f'<p class="meta">{escape(made_line(report))}</p>')
    draft = draft_text(report)
    if draft:
        body.append(f'<p class="draft">{escape(draft)}</p>')
    review = review_line(report)
    if review:
        body.append(f'<p class="meta">{escape(review)}</p>')
    body.append(_legend())
    if not report.guides:
        body.append("<p>No case files to report on.</p>")
    body += [_guide(result) for result in report.guides]
    if report.provider is not None:
        body.append(_provider(report))
    if report.errors:
        items = "".join(
            f"<li><code>{escape(str(e.path))}</code><pre>{escape(e.error)}</pre></li>"
            for e in report.errors
        )
        body.append(
            f"<section><h2>{escape(errors_heading(report))}</h2>"
            f'<ul class="errors">{items}</ul></section>'
        )
    return _page(report, _title(report), body)


def render_examples_html(report: Report) -> str:
    """Only the practice examples (`carag report --examples --format html`), printable."""
    body = ["<h1>Practice examples</h1>", f'<p class="meta">{escape(made_line(report))}</p>']
    with_examples = [result for result in report.guides if result.examples]
    for result in with_examples:
        body.append(
            f'<section class="guide"><h2>{escape(result.guide.title)}</h2>'
            f"{examples_html(result)}</section>"
        )
    if not with_examples:
        body.append("<p>No practice examples marked in these cases.</p>")
    return _page(report, f"Practice examples: {_title(report)}", body)


def _page(report: Report, title: str, body: list[str]) -> str:
    """A whole self-contained document around `body`."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>{CSS}{_colour_rules()}\n@page {{ @bottom-left {{ content: "
        f"{_css_string(_footer(report))}; }} }}\n</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _title(report: Report) -> str:
    if report.inspection and report.inspection.provider:
        return f"Inspection results: {report.inspection.provider}"
    return "Inspection results"


def _legend() -> str:
    parts = []
    for band in BANDS:
        higher = [b for b in BANDS if b.min_percent > band.min_percent]
        top = min(b.min_percent for b in higher) - 1 if higher else 100
        span = (
            f"{band.min_percent}% and over"
            if not higher
            else (f"under {top + 1}%" if band.min_percent == 0 else f"{band.min_percent}–{top}%")
        )
        parts.append(
            f'<span><i class="band-{band.rating.value}"></i>{escape(band.label)}: {span}</span>'
        )
    return (
        '<p class="legend meta">A standard is rated by its lowest key question. '
        + "".join(parts)
        + "</p>"
    )


def made_line(report: Report) -> str:
    """When, from where and for whom the report was made (printed at the top)."""
    when = report.made.strftime("%Y-%m-%d %H:%M UTC") if report.made else "unknown time"
    folders = ", ".join(str(f) for f in report.folders) or "(none)"
    who = (
        (report.inspection.provider or "provider not named")
        if report.inspection
        else "no inspection.toml"
    )
    return f"Made {when} from {folders}; {who}."


def _footer(report: Report) -> str:
    when = report.made.strftime("%Y-%m-%d %H:%M UTC") if report.made else ""
    draft = "DRAFT · " if draft_text(report) else ""
    return f"{draft}Inspection results · {when}"


def _css_string(text: str) -> str:
    return (
        '"'
        + "".join(c if c.isalnum() or c in " -:·.,()/" else f"\\{ord(c):x} " for c in text)
        + '"'
    )


def _bar(
    value: int | None, rating: Rating | None, interval: tuple[float, float] | None = None
) -> str:
    if value is None:
        return ""
    edges = "".join(
        f'<span class="edge" style="left:{b.min_percent}%"></span>'
        for b in BANDS
        if b.min_percent > 0
    )
    band = f" band-{rating.value}" if rating else " neutral"
    span = label = ""
    if interval is not None:
        low, high = interval
        span = f'<span class="interval" style="left:{low}%;width:{round(high - low, 1)}%"></span>'
        label = f", interval {low}–{high}%"
    return (
        f'<div class="bar" role="img" aria-label="{value}%{label}">'
        f'<span class="fill{band}" style="width:{value}%"></span>{edges}{span}</div>'
    )


def _badge(rating: Rating | None, empty: str) -> str:
    if rating is None:
        return escape(empty)
    return f'<span class="badge band-{rating.value}">{escape(rating.label)}</span>'


def _guide(result: GuideResult) -> str:
    guide = result.guide
    groups = list(result.groups) if result.by else []
    head = "".join(f'<th scope="col" class="num">{escape(g)}</th>' for g in groups)
    rows = "".join(_standard(s, groups, result.confidence) for s in result.standards)
    cols = (
        '<colgroup><col class="text"><col class="pct"><col class="count"><col class="span">'
        '<col class="bar">' + '<col class="group">' * len(groups) + "</colgroup>"
    )
    parts = [
        f'<section class="guide" id="{escape(guide.id)}">',
        f"<h2>{escape(guide.title)}</h2>",
        f'<p class="meta"><code>{escape(guide.id)}</code> {escape(guide.version)}: '
        f"{escape(case_summary(result))}</p>",
        f'<p class="meta">{escape(interval_note(result))}</p>',
        f'<table class="annex">{cols}<thead><tr><th scope="col">Standard/Key question</th>'
        '<th scope="col">Rating/% yes</th><th scope="col" class="num">Yes/cases</th>'
        f'<th scope="col" class="num">{confidence_text(result.confidence)} interval</th>'
        f'<th scope="col">Score</th>{head}</tr></thead><tbody>{rows}</tbody></table>',
    ]
    rep = representation_lines(result)
    if rep:
        items = "".join(f"<li>{escape(line)}</li>" for line in rep[1:])
        parts.append(
            f"<h3>The sample and the population</h3><p class=meta>{escape(rep[0])}"
            f"</p><ul>{items}</ul>"
        )
    if result.examples:
        parts.append(examples_html(result))
    if groups:
        counts = ", ".join(f"{g} {n}" for g, n in result.groups.items())
        parts.append(f'<p class="meta">Cases by {escape(result.by or "")}: {escape(counts)}.</p>')
    prompts = prompt_questions(result)
    if prompts and any(k.scored for k in result.key_questions):
        body = "".join(
            f"<tr><td>{escape(q.id)} {escape(q.question.text)}</td><td class=num>{q.yes}</td>"
            f"<td class=num>{q.no}</td><td class=num>{q.na}</td>"
            f"<td class=num>{q.unanswered}</td><td class=num>{percent_text(q.percent)}</td></tr>"
            for q in prompts
        )
        parts.append(
            "<h3>Prompt questions</h3><p class=meta>Answers over the cases where each "
            "question applies.</p><table><thead><tr><th>Question</th><th class=num>Yes</th>"
            "<th class=num>No</th><th class=num>N/A</th><th class=num>Unanswered</th>"
            f"<th class=num>% yes</th></tr></thead><tbody>{body}</tbody></table>"
        )
    if result.incomplete:
        body = "".join(
            f"<tr><td><code>{escape(str(c.path))}</code></td><td>{escape(c.case)}</td>"
            f"<td>{escape(c.unit or '')}</td><td>{escape(c.status.value)}</td>"
            f"<td class=num>{c.unanswered}</td><td>{escape(c.first_and_review)}</td></tr>"
            for c in result.incomplete
        )
        parts.append(
            f"<h3>Incomplete cases ({len(result.incomplete)})</h3><p class=meta>Chase these "
            "before the figures are final.</p><table><thead><tr><th>File</th><th>Case</th>"
            "<th>Unit</th><th>Status</th><th class=num>Unanswered</th><th>First unanswered</th>"
            f"</tr></thead><tbody>{body}</tbody></table>"
        )
    if result.clashed:
        body = "".join(
            f"<tr><td><code>{escape(str(c.path))}</code></td><td>{escape(c.case)}</td>"
            f"<td>{escape(c.unit or '')}</td><td>{escape(', '.join(c.questions))}</td></tr>"
            for c in result.clashed
        )
        parts.append(
            f"<h3>{escape(CLASHED_HEADING.format(n=len(result.clashed)))}</h3><p class=meta>"
            f"{escape(CLASHED_NOTE)}</p><table><thead><tr><th>File</th><th>Case</th>"
            f"<th>Unit</th><th>Clash on</th></tr></thead><tbody>{body}</tbody></table>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def _standard(standard: StandardResult, groups: list[str], confidence: float) -> str:
    title = f"{standard.number} {standard.title}" if standard.number else standard.title
    description = standard.standard.description
    desc = f'<span class="desc">{escape(description)}</span>' if description else ""
    uncertain = certainty_text(standard, confidence)
    if uncertain:
        desc += f'<span class="desc near">{escape(uncertain)}</span>'

    empty = "not rated" if not standard.rated else "no cases"
    group_cells = "".join(
        f"<td class=num>{_badge(standard.groups.get(g), '—') if standard.rated else ''}</td>"
        for g in groups
    )
    rows = [
        f'<tr class="standard"><th scope="row">{escape(title)}{desc}</th>'
        f"<td>{_badge(standard.rating, empty)}</td><td></td><td></td><td></td>"
        f"{group_cells}</tr>"
    ]
    rows += [_key_question(kq, groups) for kq in standard.key_questions]
    return "".join(rows)


def _key_question(kq: KeyQuestionResult, groups: list[str]) -> str:
    label = escape(f"{kq.number} {kq.text}" if kq.number else kq.text)
    if kq.scored:
        notes = "".join(f'<span class="note">{escape(n)}</span>' for n in key_question_notes(kq))
        near = near_band_text(kq)
        if near:
            notes += f'<span class="note near">{escape(near)}</span>'
        interval = kq.interval
        span = None if interval is None else (interval.low, interval.high)
        cells = "".join(f"<td class=num>{percent_text(kq.groups[g].percent)}</td>" for g in groups)
        return (
            f"<tr class=kq><td>{label}{notes}</td><td class=num>"
            f"{percent_text(kq.percent)}</td><td class=num>{kq.yes}/{kq.applicable}</td>"
            f"<td class=num>{interval_text(kq, 1)}</td>"
            f"<td>{_bar(kq.percent, kq.rating, span)}"
            f"</td>{cells}</tr>"
        )
    blanks = "<td></td>" * len(groups)
    rows = [f"<tr class=kq><td colspan=5><em>{label}</em></td>{blanks}</tr>"]
    for q in kq.questions:
        rows.append(
            f"<tr class=question><td>{escape(q.id)} {escape(q.question.text)}</td>"
            f"<td class=num>{percent_text(q.percent)}</td>"
            f"<td class=num>{q.yes}/{q.yes + q.no}</td><td></td><td>{_bar(q.percent, None)}</td>"
            f"{blanks}</tr>"
        )
    return "".join(rows)


def _provider(report: Report) -> str:
    provider = report.provider
    assert provider is not None
    rows = "".join(
        f"<tr><td>{escape(s.number)} {escape(s.title)}</td>"
        f"<td>{_badge(s.rating, 'missing')}</td><td>{escape(s.source)}</td></tr>"
        for s in provider.standards
    )
    notes = "".join(f"<li>{escape(n)}</li>" for n in provider.notes)
    return (
        f"<section><h2>Provider rating</h2><p>{escape(provider_line(provider))}</p>"
        "<table><thead><tr><th>Standard</th><th>Rating</th><th>From</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>" + (f"<ul>{notes}</ul>" if notes else "") + "</section>"
    )


def examples_html(result: GuideResult) -> str:
    """The practice examples under their standard and key question."""
    parts = [f"<h3>Practice examples ({len(result.examples)})</h3>"]
    for standard, kq, examples in example_groups(result):
        title = (
            "Other questions"
            if standard is None or kq is None
            else f"{standard.number or ''} {standard.title}: {kq.number or kq.id} {kq.text}"
        )
        parts.append(f"<h4>{escape(title.strip())}</h4>")
        for example in examples:
            parts.append(
                f"<p><strong>{escape(example_label(example))}</strong></p>"
                f"<blockquote>{escape(example.note)}</blockquote>"
            )
    return "".join(parts)
