"""`carag guides`, `carag guide ID`, `carag guide check FILE`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from carag_tui.commands.output import fail
from carag_tui.guide.loader import load_guide
from carag_tui.guide.model import Guide, KeyQuestion, Question, Standard
from carag_tui.guide.provenance import entries
from carag_tui.guide.registry import GuideNotFound, catalogue
from carag_tui.problems import ProblemsError


def list_guides(_: Any) -> int:
    found = catalogue()
    for guide in sorted(found.guides.values(), key=lambda g: g.id):
        print(f"{guide.id:26} {guide.version:14} {len(guide.questions):4} questions  {guide.title}")
        print(f"{'':26} source: {guide.source}")
        print(f"{'':26} file:   {guide.path}")
    for path, error in found.broken.items():
        print(
            f"{path}: does not load ({len(error.problems)} problems; "
            f"run `carag guide check {path}`)",
            file=sys.stderr,
        )
    return 1 if found.broken else 0


def show_guide(args: Any) -> int:
    try:
        guide = catalogue().get(args.guide_id)
    except GuideNotFound as exc:
        return fail(str(exc), 2)
    if getattr(args, "inferred", False):
        data = inferred_to_json(guide)
        if args.format == "json":
            json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
            print()
        else:
            print(inferred_to_text(guide))
        return 0
    if args.format == "json":
        json.dump(guide_to_json(guide), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print(guide_to_text(guide))
    return 0


def check_guides(args: Any) -> int:
    status = 0
    for file in args.files:
        try:
            guide = load_guide(Path(file))
        except ProblemsError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            status = 1
            continue
        print(
            f"{file}: ok — {guide.id} {guide.version}, {len(guide.standards)} standards, "
            f"{len(guide.key_questions)} key questions, {len(guide.questions)} questions"
        )
    return status


def question_to_json(question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "key_question": question.key_question,
        "kind": str(question.kind),
        "kind_inferred": question.kind_inferred,
        "inferred": _inferred(question),
        "text": question.text,
        "answer": str(question.answer),
        "options": [
            {"key": o.key, "label": o.label, **({"excludes": True} if o.excludes else {})}
            for o in question.choices
        ],
        "guidance": question.guidance,
        "rule": question.rule,
        "rule_source": question.rule_source,
        "rule_origin": str(question.rule_origin),
        "suggest": None
        if question.suggest is None
        else {
            "answer": question.suggest.answer,
            "when": question.suggest.when,
            "reason": question.suggest.reason,
        },
        "source_defects": list(question.source_defects),
    }


def _inferred(item: Question | KeyQuestion | Standard) -> list[dict[str, str]]:
    return [{"part": str(i.part), "reason": i.reason} for i in item.inferred]


GROUPS = {
    "inferred": "Inferred by the guide author (not in the source)",
    "report": "Rules read from an inspection report, not the CARaG",
    "defect": "Defects of the published source (kept as published, marked in the guidance)",
}


def inferred_to_json(guide: Guide) -> dict[str, Any]:
    found = entries(guide)
    return {
        "id": guide.id,
        "version": guide.version,
        "source": guide.source,
        **{
            group: [
                {"table": e.table, "id": e.id, "part": e.part, "note": e.note}
                for e in found
                if e.group == group
            ]
            for group in GROUPS
        },
    }


def inferred_to_text(guide: Guide) -> str:
    """The list an inspectorate confirms or corrects, grouped, in walk order."""
    found = entries(guide)
    lines = [f"{guide.title} ({guide.id}, version {guide.version})", f"Source: {guide.source}", ""]
    for group, heading in GROUPS.items():
        mine = [e for e in found if e.group == group]
        lines.append(f"{heading}: {len(mine)}")
        for entry in mine:
            lines.append(f"  {entry.id:16} {entry.part:10} {entry.note}")
        lines.append("")
    lines.append("Confirm or correct each line; guides/README.md says how (Provenance).")
    return "\n".join(lines)


def guide_to_json(guide: Guide) -> dict[str, Any]:
    return {
        "id": guide.id,
        "title": guide.title,
        "version": guide.version,
        "source": guide.source,
        "licence": guide.licence,
        "standards": [
            {
                "id": s.id,
                "number": s.number,
                "title": s.title,
                "description": s.description,
                "rated": s.rated,
                "rule": s.rule,
                "inferred": _inferred(s),
                "key_questions": [
                    {
                        "id": k.id,
                        "number": k.number,
                        "text": k.text,
                        "summary": k.summary,
                        "sample": str(k.sample),
                        "sample_note": k.sample_note,
                        "rule": k.rule,
                        "rule_source": k.rule_source,
                        "rule_origin": str(k.rule_origin),
                        "inferred": _inferred(k),
                        "questions": [question_to_json(q) for q in guide.questions_of(k.id)],
                    }
                    for k in guide.key_questions_of(s.id)
                ],
            }
            for s in guide.standards
        ],
    }


def guide_to_text(guide: Guide) -> str:
    lines = [f"{guide.title} ({guide.id}, version {guide.version})", f"Source: {guide.source}", ""]
    if guide.intro.strip():
        lines += [guide.intro.strip(), ""]
    for standard in guide.standards:
        rated = "" if standard.rated else "  (not rated)"
        lines.append(f"{standard.label}{rated}")
        if standard.rule:
            lines.append(f"  only when: {standard.rule}")
        for kq in guide.key_questions_of(standard.id):
            lines.append(f"  {kq.id}  {kq.label}")
            if kq.rule:
                lines.append(f"      only when: {kq.rule}  [{kq.sample}]")
            for q in guide.questions_of(kq.id):
                inferred = "*" if q.inferred else ""
                lines.append(f"      {q.id:8} {q.kind + inferred:15} {q.answer:10} {q.text}")
                if q.choices and q.answer not in ("yes_no", "yes_no_na"):
                    lines.append(f"{'':35} options: {', '.join(q.choice_keys)}")
                if q.rule:
                    lines.append(f"{'':35} only when: {q.rule}")
        lines.append("")
    lines.append(
        "* = part of the question is inferred, not read from the source: "
        f"`carag guide {guide.id} --inferred` lists what and why"
    )
    return "\n".join(lines)


def guide_command(args: Any) -> int:
    if args.guide_id == "check":
        if not args.files:
            print("carag guide check: name one or more guide files", file=sys.stderr)
            return 2
        return check_guides(args)
    return show_guide(args)
