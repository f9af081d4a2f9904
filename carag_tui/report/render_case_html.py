"""One case as a printable A4 sheet (`carag show FILE --format html`), for feedback to the
responsible officer: the case details, each applicable question with its answer and note, the
practice examples, and the reviewer's open queries. Self-contained: inline CSS, no scripts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

from carag_tui.case.model import Case
from carag_tui.guide.model import Guide

CSS = """
* { box-sizing: border-box; }
body { font: 10.5pt/1.4 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #1b1b1b;
       margin: 1.5rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; } h2 { font-size: 1.1rem; margin: 1.2rem 0 .3rem; }
.meta { color: #5a5a5a; margin: 0 0 .6rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border-bottom: 1px solid #c8c8c8; padding: .3rem .4rem; text-align: left;
         vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #eef0f2; }
col.id { width: 4.5rem; } col.answer { width: 9rem; }
.note { white-space: pre-wrap; color: #333; margin-top: .2rem; }
.example { font-weight: 600; color: #1d6b3a; } .example.poor { color: #b3261e; }
.query { border-left: 3px solid #d98c00; padding-left: .4rem; margin-top: .2rem; }
.gap { color: #b3261e; font-style: italic; }
tr { break-inside: avoid; } thead { display: table-header-group; }
@page { size: A4; margin: 16mm 14mm 18mm;
        @bottom-right { content: "Page " counter(page) " of " counter(pages);
                        font: 8pt system-ui, sans-serif; } }
@media print { body { margin: 0; max-width: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def render_case_html(
    path: Path,
    case: Case,
    guide: Guide,
    rows: Sequence[Mapping[str, Any]],
    review: str,
    complete: bool,
) -> str:
    """`rows` as `carag show --format json` gives its questions (id, question, label, note,
    query)."""
    details = [
        ("Case", case.case),
        ("Unit", case.unit or "—"),
        ("Assessor", case.assessor or "—"),
        ("Status", str(case.status)),
        ("Review", review),
        ("Guide", f"{guide.title} ({guide.id} {guide.version})"),
    ]
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = [
        f"<h1>Case {escape(case.case)}</h1>",
        f'<p class="meta">{escape(str(path))} · printed {made}'
        + ("" if complete else " · <strong>not complete</strong>")
        + "</p>",
        "<table><tbody>"
        + "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in details)
        + "</tbody></table>",
        "<h2>Answers and notes</h2>",
        '<table><colgroup><col class="id"><col><col class="answer"></colgroup>'
        "<thead><tr><th>Question</th><th></th><th>Answer</th></tr></thead><tbody>",
    ]
    for row in rows:
        qid = str(row["id"])
        extra = ""
        note = row.get("note")
        if note:
            kind = case.examples.get(qid)
            mark = (
                f'<span class="example {kind}">{kind.capitalize()} practice example. </span>'
                if kind
                else ""
            )
            extra += f'<div class="note">{mark}{escape(str(note))}</div>'
        query = row.get("query")
        if query:
            reply = (
                f"<br>Reply ({escape(str(query.get('reply_by') or ''))}): "
                f"{escape(str(query['reply']))}"
                if query.get("reply")
                else ""
            )
            extra += (
                f'<div class="query">Query ({escape(str(query.get("by") or ""))}): '
                f"{escape(str(query['text']))}{reply}</div>"
            )
        label = row.get("label")
        answer = escape(str(label)) if label is not None else '<span class="gap">unanswered</span>'
        body.append(
            f"<tr><td>{escape(qid)}</td><td>{escape(str(row['question']))}{extra}</td>"
            f"<td>{answer}</td></tr>"
        )
    body.append("</tbody></table>")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Case {escape(case.case)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
