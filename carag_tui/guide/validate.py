"""Checks a structurally sound guide for the mistakes a guide author can make."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from carag_tui.guide.model import AnswerType, Guide, KeyQuestion, Kind, Question, Sample, Standard
from carag_tui.guide.provenance import DEFECT_MARKS, Part, RuleOrigin, marks_in, unknown_marks
from carag_tui.guide.validate_rules import check_rules
from carag_tui.problems import Problem, suggest

LineOf = Callable[[str, int], int | None]
_SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
_ID = re.compile(r"^[A-Za-z0-9_.]+$")
_CHOICE_TYPES = (AnswerType.CHOICE, AnswerType.MULTI)


class _Collector:
    def __init__(self, guide: Guide, line_of: LineOf) -> None:
        self.path = guide.path or Path("<guide>")
        self.line_of = line_of
        self.problems: list[Problem] = []

    def add(self, table: str, index: int, where: str, message: str) -> None:
        self.problems.append(Problem(self.path, message, self.line_of(table, index), where))


def check_guide(guide: Guide, line_of: LineOf = lambda kind, index: None) -> list[Problem]:
    """Return every problem in `guide`: ids, structure, options, summaries and rules."""
    out = _Collector(guide, line_of)
    if not guide.questions:
        out.problems.append(
            Problem(
                out.path,
                "the guide has no questions: it needs "
                "[[standard]], [[key_question]] and [[question]] "
                "tables",
                None,
                "question",
            )
        )
    _check_ids(guide, out)
    _check_text(guide, out)
    _check_structure(guide, out)
    _check_questions(guide, out)
    check_rules(guide, out.add)
    _check_provenance(guide, out)
    return out.problems


def _check_ids(guide: Guide, out: _Collector) -> None:
    tables: tuple[tuple[str, Sequence[Standard | KeyQuestion | Question]], ...] = (
        ("standard", guide.standards),
        ("key_question", guide.key_questions),
        ("question", guide.questions),
    )
    for table, items in tables:
        seen: set[str] = set()
        for index, item in enumerate(items):
            where = f"{table} {item.id}"
            if not _ID.fullmatch(item.id):  # `$` alone lets "U1.2\n" through
                out.add(table, index, where, "id may hold only letters, digits, '.' and '_'")
            if item.id in seen:
                out.add(table, index, where, f"duplicate {table} id")
            seen.add(item.id)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _strings(value: Any, name: str) -> list[tuple[str, str]]:
    """(field, text) of every string in an item, options and inferences included."""
    import attrs

    if isinstance(value, str):
        return [(name, value)]
    if isinstance(value, tuple):
        return [pair for each in value for pair in _strings(each, name)]
    if attrs.has(type(value)):
        return [
            pair
            for field in attrs.fields(type(value))
            if field.init
            for pair in _strings(
                getattr(value, field.name), f"{name}.{field.name}" if name else field.name
            )
        ]
    return []


def _check_text(guide: Guide, out: _Collector) -> None:
    """No control character (ESC, BEL, 0x9b, …; a tab and line breaks are fine) in a guide:
    its text is shown on terminals and in reports, where one would act, not read."""
    for key in ("id", "title", "version", "source", "licence", "intro"):
        if _CONTROL.search(getattr(guide, key)):
            out.problems.append(Problem(out.path, "holds a control character", None, key))
    tables: tuple[tuple[str, Sequence[Any]], ...] = (
        ("standard", guide.standards),
        ("key_question", guide.key_questions),
        ("question", guide.questions),
    )
    for table, items in tables:
        for index, item in enumerate(items):
            for name, text in _strings(item, ""):
                match = _CONTROL.search(text)
                if match:
                    out.add(
                        table,
                        index,
                        f"{table} {item.id}",
                        f"{name}: holds a control character "
                        f"(\\x{ord(match.group()):02x}); write it out or remove it",
                    )
                    break


def _check_structure(guide: Guide, out: _Collector) -> None:
    standard_ids = [s.id for s in guide.standards]
    key_ids = [k.id for k in guide.key_questions]
    for index, kq in enumerate(guide.key_questions):
        if kq.standard not in standard_ids:
            out.add(
                "key_question",
                index,
                f"key_question {kq.id}",
                f"standard {kq.standard!r} is not defined{suggest(kq.standard, standard_ids)}",
            )
        if kq.sample is Sample.SUBSAMPLE and kq.rule is None:
            out.add(
                "key_question",
                index,
                f"key_question {kq.id}",
                "sample = 'subsample' needs a rule saying which cases are in it",
            )
        if kq.summary is not None:
            if not guide.has_question(kq.summary):
                out.add(
                    "key_question",
                    index,
                    f"key_question {kq.id}",
                    f"summary {kq.summary!r} is not a question of this guide",
                )
            else:
                summary = guide.question(kq.summary)
                if summary.key_question != kq.id or summary.kind is not Kind.SUMMARY:
                    out.add(
                        "key_question",
                        index,
                        f"key_question {kq.id}",
                        f"summary {kq.summary!r} must be a kind = 'summary' question of {kq.id}",
                    )
    for index, question in enumerate(guide.questions):
        if question.key_question not in key_ids:
            out.add(
                "question",
                index,
                f"question {question.id}",
                f"key_question {question.key_question!r} is not defined"
                f"{suggest(question.key_question, key_ids)}",
            )
    # Walk order: the questions of a key question, and the key questions of a standard, together.
    _check_contiguous(
        [q.key_question for q in guide.questions], "question", "key question", out, guide
    )
    _check_contiguous(
        [k.standard for k in guide.key_questions], "key_question", "standard", out, guide
    )
    order = {kid: i for i, kid in enumerate(key_ids)}
    last = -1
    for index, question in enumerate(guide.questions):
        position = order.get(question.key_question, last)
        if position < last:
            out.add(
                "question",
                index,
                f"question {question.id}",
                "questions must follow the order of their key questions",
            )
        last = max(last, position)


def _check_contiguous(
    owners: list[str], table: str, what: str, out: _Collector, guide: Guide
) -> None:
    closed: set[str] = set()
    items = guide.questions if table == "question" else guide.key_questions
    for index, owner in enumerate(owners):
        if index and owners[index - 1] != owner:
            closed.add(owners[index - 1])
        if owner in closed:
            out.add(
                table,
                index,
                f"{table} {items[index].id}",
                f"the {table.replace('_', ' ')}s of {what} {owner} must stand together",
            )


def _check_questions(guide: Guide, out: _Collector) -> None:
    for index, q in enumerate(guide.questions):
        where = f"question {q.id}"
        if not q.text.strip():
            out.add("question", index, where, "text is empty")
        if q.answer in _CHOICE_TYPES:
            if not q.options:
                out.add("question", index, where, f"answer = '{q.answer}' needs options")
            keys = [o.key for o in q.options]
            for key in keys:
                if not _SNAKE.fullmatch(key):
                    out.add("question", index, where, f"option key {key!r} must be snake_case")
            for key in dict.fromkeys(k for k in keys if keys.count(k) > 1):
                out.add("question", index, where, f"option key {key!r} is repeated")
        elif q.options:
            out.add("question", index, where, f"answer = '{q.answer}' takes no options")
        if any(o.excludes for o in q.options) and q.answer is not AnswerType.CHOICE:
            out.add("question", index, where, "only a 'choice' option can exclude a case")
        if q.kind is Kind.SUMMARY and q.answer is not AnswerType.YES_NO:
            out.add("question", index, where, "a summary judgement must be answer = 'yes_no'")


_PARTS = {
    "standard": {Part.GROUPING, Part.RULE, Part.TEXT},
    "key_question": {Part.GROUPING, Part.RULE, Part.TEXT},
    "question": {Part.KIND, Part.OPTIONS, Part.RULE, Part.TEXT},
}


def _check_provenance(guide: Guide, out: _Collector) -> None:
    """Inferences name a part the item has, with a reason; defect marks match the list."""
    tables: tuple[tuple[str, Sequence[Any]], ...] = (
        ("standard", guide.standards),
        ("key_question", guide.key_questions),
        ("question", guide.questions),
    )
    for table, items in tables:
        for index, item in enumerate(items):
            where = f"{table} {item.id}"
            parts = [i.part for i in item.inferred]
            for part in dict.fromkeys(p for p in parts if parts.count(p) > 1):
                out.add(table, index, where, f"inferred: {part!r} is listed twice")
            for inference in item.inferred:
                if inference.part not in _PARTS[table]:
                    allowed = ", ".join(sorted(_PARTS[table]))
                    out.add(
                        table,
                        index,
                        where,
                        f"inferred: a {table.replace('_', ' ')} "
                        f"cannot infer {inference.part!r} "
                        f"(parts: {allowed})",
                    )
                if not inference.reason.strip():
                    out.add(
                        table,
                        index,
                        where,
                        f'inferred: {inference.part!r} needs a reason (reason = "…")',
                    )
            has_rule = item.rule is not None or (
                isinstance(item, Question) and any(o.excludes for o in item.options)
            )
            if Part.RULE in parts and not has_rule:
                out.add(table, index, where, "inferred: 'rule' listed but there is no rule")
            if Part.OPTIONS in parts and not getattr(item, "options", ()):
                out.add(table, index, where, "inferred: 'options' listed but there are none")
            if item.rule_origin is RuleOrigin.REPORT and item.rule is None:
                out.add(table, index, where, "rule_origin = 'report' needs a rule")
    for index, question in enumerate(guide.questions):
        _check_defects(question, index, out)


def _check_defects(question: Question, index: int, out: _Collector) -> None:
    where = f"question {question.id}"
    marks = marks_in(question.text) + marks_in(question.guidance)
    for mark in unknown_marks(question.text) + unknown_marks(question.guidance):
        out.add(
            "question",
            index,
            where,
            f"unknown defect mark {mark!r}; marks are: {', '.join(DEFECT_MARKS)}",
        )
    for defect in question.source_defects:
        if not defect.strip():
            out.add("question", index, where, "source_defects: an empty entry")
    if len(marks) != len(question.source_defects):
        out.add(
            "question",
            index,
            where,
            f"{len(marks)} defect mark(s) in the text and guidance but "
            f"{len(question.source_defects)} in source_defects: list each marked defect "
            "once, and mark each listed defect where it is",
        )
