"""The applicability rule language: a small expression over earlier answers.

    A3.4 == yes
    A3.12 in [medium, high, very_high] or A3.2 == yes
    T1.6 has any [accommodation, finance] and not (org == crc)

Rules are tokenised and parsed by hand, never evaluated as Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from attrs import frozen

AnswerValue = str | int | list[str] | date
Lookup = Callable[[str], AnswerValue | None]

MAX_RULE_LENGTH = 2000
MAX_DEPTH = 32

COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
_TOKEN = re.compile(r"\s*(?:(==|!=|<=|>=|<|>|\[|\]|,|\(|\))|([A-Za-z0-9_.]+))")


class RuleSyntaxError(ValueError):
    """A rule that does not parse; `column` is 1-based."""

    def __init__(self, message: str, column: int, token: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.token = token

    def __str__(self) -> str:
        return f"{self.message} at column {self.column}"


@frozen
class Token:
    text: str
    column: int
    is_word: bool


@frozen
class Comparison:
    """`question op operand`, e.g. `A3.4 == yes` or `T1.6 has any [a, b]`."""

    question: str
    op: str  # == != < <= > >= in "not in" has "has any"
    values: tuple[str | int, ...]
    column: int

    def evaluate(self, lookup: Lookup) -> bool:
        answer = lookup(self.question)
        if answer is None:
            return False
        op, values = self.op, self.values
        if op in ("has", "has any"):
            return isinstance(answer, list) and any(v in answer for v in values)
        if isinstance(answer, list):
            return False
        if op == "==":
            return answer == values[0]
        if op == "!=":
            return answer != values[0]
        if op == "in":
            return answer in values
        if op == "not in":
            return answer not in values
        if not isinstance(answer, int) or not isinstance(values[0], int):
            return False
        return {
            "<": answer < values[0],
            "<=": answer <= values[0],
            ">": answer > values[0],
            ">=": answer >= values[0],
        }[op]

    def comparisons(self) -> Iterator[Comparison]:
        yield self


@frozen
class Not:
    operand: Expr

    def evaluate(self, lookup: Lookup) -> bool:
        return not self.operand.evaluate(lookup)

    def comparisons(self) -> Iterator[Comparison]:
        yield from self.operand.comparisons()


@frozen
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple[Expr, ...]

    def evaluate(self, lookup: Lookup) -> bool:
        if self.op == "and":
            return all(o.evaluate(lookup) for o in self.operands)
        return any(o.evaluate(lookup) for o in self.operands)

    def comparisons(self) -> Iterator[Comparison]:
        for operand in self.operands:
            yield from operand.comparisons()


Expr = Comparison | Not | BoolOp


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        if source[pos:].strip() == "":
            break
        match = _TOKEN.match(source, pos)
        if match is None or match.end() == pos:
            column = pos + len(source[pos:]) - len(source[pos:].lstrip()) + 1
            bad = source[column - 1]
            raise RuleSyntaxError(f"unexpected character {bad!r}", column, bad)
        symbol, word = match.groups()
        start = match.start(1) if symbol else match.start(2)
        tokens.append(Token(symbol or word, start + 1, word is not None))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0
        self.depth = 0

    def peek(self, offset: int = 0) -> Token | None:
        index = self.index + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def next(self, expected: str) -> Token:
        token = self.peek()
        if token is None:
            raise RuleSyntaxError(f"expected {expected}, found end of rule", len(self.source) + 1)
        self.index += 1
        return token

    def accept(self, text: str) -> bool:
        token = self.peek()
        if token is not None and token.text == text:
            self.index += 1
            return True
        return False

    def parse(self) -> Expr:
        if not self.tokens:
            raise RuleSyntaxError("empty rule", 1)
        expr = self.parse_or()
        extra = self.peek()
        if extra is not None:
            raise RuleSyntaxError(f"unexpected {extra.text!r}", extra.column, extra.text)
        return expr

    def parse_or(self) -> Expr:
        return self._bool("or", self.parse_and)

    def parse_and(self) -> Expr:
        return self._bool("and", self.parse_unary)

    def _bool(self, op: str, operand: Callable[[], Expr]) -> Expr:
        operands = [operand()]
        while self.accept(op):
            operands.append(operand())
        return operands[0] if len(operands) == 1 else BoolOp(op, tuple(operands))

    def parse_unary(self) -> Expr:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            token = self.peek()
            raise RuleSyntaxError("rule is nested too deeply", token.column if token else 1)
        try:
            if self.accept("not"):
                return Not(self.parse_unary())
            if self.accept("("):
                expr = self.parse_or()
                closing = self.next("')'")
                if closing.text != ")":
                    raise RuleSyntaxError(
                        f"expected ')', found {closing.text!r}", closing.column, closing.text
                    )
                return expr
            return self.parse_comparison()
        finally:
            self.depth -= 1

    def parse_comparison(self) -> Comparison:
        subject = self.next("a question id")
        if not subject.is_word or subject.text in ("and", "or", "not", "in", "has", "any"):
            raise RuleSyntaxError(
                f"expected a question id, found {subject.text!r}", subject.column, subject.text
            )
        op_token = self.next("an operator (==, !=, in, not in, has, has any, <, >)")
        op = op_token.text
        if op == "not":
            if not self.accept("in"):
                raise RuleSyntaxError("expected 'in' after 'not'", op_token.column, op)
            op = "not in"
        elif op == "has":
            op = "has any" if self.accept("any") else "has"
        elif op not in (*COMPARISONS, "in"):
            raise RuleSyntaxError(
                f"expected an operator after {subject.text!r}, found {op!r}", op_token.column, op
            )
        value_token = self.peek()
        values = self.parse_list() if op in ("in", "not in", "has any") else (self.parse_value(),)
        if op in ("<", "<=", ">", ">=") and not isinstance(values[0], int):
            column = value_token.column if value_token else op_token.column
            raise RuleSyntaxError(
                f"{op} needs a whole number, found {values[0]!r}", column, str(values[0])
            )
        return Comparison(subject.text, op, values, subject.column)

    def parse_list(self) -> tuple[str | int, ...]:
        opening = self.next("'['")
        if opening.text != "[":
            raise RuleSyntaxError(
                f"expected '[' to open a list, found {opening.text!r}", opening.column, opening.text
            )
        values = [self.parse_value()]
        while self.accept(","):
            values.append(self.parse_value())
        closing = self.next("']'")
        if closing.text != "]":
            raise RuleSyntaxError(
                f"expected ',' or ']', found {closing.text!r}", closing.column, closing.text
            )
        return tuple(values)

    def parse_value(self) -> str | int:
        token = self.next("a value")
        if not token.is_word:
            raise RuleSyntaxError(
                f"expected a value, found {token.text!r}", token.column, token.text
            )
        return int(token.text) if token.text.isdigit() else token.text


def parse_rule(source: str) -> Expr:
    """Parse a rule, raising `RuleSyntaxError` with the column of the offending token."""
    if len(source) > MAX_RULE_LENGTH:
        raise RuleSyntaxError(f"rule is longer than {MAX_RULE_LENGTH} characters", 1)
    return _Parser(source).parse()
