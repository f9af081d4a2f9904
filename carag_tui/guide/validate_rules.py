"""The guide check's part for rules: each parses, names earlier questions only, and compares
them with values those questions can take."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from carag_tui.guide.model import AnswerType, Guide, KeyQuestion, Question, Standard
from carag_tui.guide.rules import RuleSyntaxError, parse_rule
from carag_tui.problems import suggest

#: Records a problem: (table, index in the table, where, message).
Add = Callable[[str, int, str, str], None]


def check_rules(guide: Guide, add: Add) -> None:
    """Every rule (of a standard, key question, question, option or suggestion) parses and
    compares earlier answers with values they can take."""
    first_of_key: dict[str, int] = {}
    first_of_standard: dict[str, int] = {}
    for position, question in enumerate(guide.questions):
        first_of_key.setdefault(question.key_question, position)
        if question.key_question in {k.id for k in guide.key_questions}:
            standard = guide.key_question_of(question).standard
            first_of_standard.setdefault(standard, position)
    ruled: tuple[
        tuple[
            str,
            Sequence[Standard | KeyQuestion | Question],
            Callable[[Standard | KeyQuestion | Question, int], int],
        ],
        ...,
    ] = (
        ("standard", guide.standards, lambda item, i: first_of_standard.get(item.id, 0)),
        ("key_question", guide.key_questions, lambda item, i: first_of_key.get(item.id, 0)),
        ("question", guide.questions, lambda item, i: i),
    )
    for table, items, first in ruled:
        for index, item in enumerate(items):
            if item.rule is not None:
                _check_rule(
                    guide, add, table, index, f"{table} {item.id}", item.rule, first(item, index)
                )
    for index, question in enumerate(guide.questions):
        for option in question.options:
            if option.rule is not None:
                _check_rule(
                    guide,
                    add,
                    "question",
                    index,
                    f"question {question.id} option {option.key!r}",
                    option.rule,
                    index,
                )
        if question.suggest is not None:
            where = f"question {question.id}"
            _check_rule(guide, add, "question", index, where, question.suggest.when, index)
            if question.suggest.answer not in question.choice_keys:
                add(
                    "question",
                    index,
                    where,
                    f"suggest: {question.suggest.answer!r} is not an answer of "
                    f"{question.id} (answers: {', '.join(question.choice_keys)})",
                )


def _check_rule(
    guide: Guide, add: Add, table: str, index: int, where: str, rule: str, before: int
) -> None:
    try:
        expr = parse_rule(rule)
    except RuleSyntaxError as exc:
        add(table, index, where, f"rule: {exc} in {rule!r}")
        return
    ids = [q.id for q in guide.questions]
    for comparison in expr.comparisons():
        qid = comparison.question
        if not guide.has_question(qid):
            add(table, index, where, f"rule: unknown question {qid!r}{suggest(qid, ids)}")
            continue
        if guide.position(qid) >= before:
            add(
                table,
                index,
                where,
                f"rule: {qid!r} is not earlier in the guide; rules may only use earlier answers",
            )
        _check_operands(
            guide.question(qid), comparison.op, comparison.values, add, table, index, where
        )


def _check_operands(
    question: Question,
    op: str,
    values: tuple[str | int, ...],
    add: Add,
    table: str,
    index: int,
    where: str,
) -> None:
    qid, answer = question.id, question.answer
    if op in ("has", "has any") and answer is not AnswerType.MULTI:
        add(table, index, where, f"rule: '{op}' needs a several-choice question; {qid} is {answer}")
        return
    if op not in ("has", "has any") and answer is AnswerType.MULTI:
        add(table, index, where, f"rule: {qid} is several-choice; use 'has' or 'has any'")
        return
    if op in ("<", "<=", ">", ">=") and answer is not AnswerType.NUMBER:
        add(table, index, where, f"rule: '{op}' needs a number question; {qid} is {answer}")
        return
    if answer is AnswerType.NUMBER:
        for value in values:
            if not isinstance(value, int):
                add(table, index, where, f"rule: {qid} is a number; {value!r} is not")
        return
    if answer in (AnswerType.TEXT, AnswerType.DATE):
        add(table, index, where, f"rule: {qid} is a {answer} question; rules cannot use it")
        return
    keys = question.choice_keys
    for value in values:
        if value not in keys:
            add(
                table,
                index,
                where,
                f"rule: {value!r} is not an option of {qid} (options: {', '.join(keys)})"
                f"{suggest(str(value), keys)}",
            )
