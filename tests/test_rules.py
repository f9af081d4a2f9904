"""The applicability rule language: every form parses and evaluates as guides/README.md says."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carag_tui.guide.rules import (
    MAX_DEPTH,
    MAX_RULE_LENGTH,
    BoolOp,
    Comparison,
    Not,
    RuleSyntaxError,
    parse_rule,
)

ANSWERS = {
    "A3.4": "yes",
    "A3.2": "no",
    "A3.12": "medium",
    "org": "nps",
    "T1.6": ["accommodation", "finance"],
    "T1.6b": [],
    "D2.8": 3,
}


def holds(rule: str, answers: dict | None = None) -> bool:
    return parse_rule(rule).evaluate((ANSWERS if answers is None else answers).get)


# -- every form -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("A3.4 == yes", True),
        ("A3.4 == no", False),
        ("A3.4 != no", True),
        ("A3.4 != yes", False),
        ("A3.12 in [medium, high, very_high]", True),
        ("A3.12 in [high, very_high]", False),
        ("A3.12 in [medium]", True),
        ("A3.12 not in [high, very_high]", True),
        ("A3.12 not in [low, medium]", False),
        ("T1.6 has accommodation", True),
        ("T1.6 has ete", False),
        ("T1.6 has any [ete, finance]", True),
        ("T1.6 has any [ete, sex_worker]", False),
        ("T1.6b has any [ete, finance]", False),
        ("D2.8 > 1", True),
        ("D2.8 > 3", False),
        ("D2.8 >= 3", True),
        ("D2.8 >= 4", False),
        ("D2.8 < 4", True),
        ("D2.8 < 3", False),
        ("D2.8 <= 3", True),
        ("D2.8 <= 2", False),
        ("D2.8 == 3", True),
        ("D2.8 != 3", False),
        ("D2.8 in [1, 2, 3]", True),
        ("not A3.4 == yes", False),
        ("not A3.2 == yes", True),
        ("A3.4 == yes and org == nps", True),
        ("A3.4 == yes and org == crc", False),
        ("A3.4 == no or org == nps", True),
        ("A3.4 == no or org == crc", False),
        ("(A3.4 == yes)", True),
        ("((A3.4 == yes))", True),
    ],
)
def test_every_form_evaluates(rule, expected):
    assert holds(rule) is expected


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # not binds tighter than and, and tighter than or
        ("A3.2 == yes or A3.4 == yes and org == crc", False),  # F or (T and F)
        ("(A3.2 == yes or A3.4 == yes) and org == crc", False),
        ("A3.4 == yes or A3.2 == yes and org == crc", True),  # T or (F and F)
        ("(A3.4 == yes or A3.2 == yes) and org == crc", False),  # (T or F) and F
        ("not A3.2 == yes and A3.4 == yes", True),  # (not F) and T
        ("not (A3.2 == no and A3.4 == yes)", False),
        ("not A3.2 == no and A3.4 == yes", False),  # (not T) and T
        ("not A3.4 == no or A3.2 == yes", True),  # (not F) or F
        ("not (A3.4 == no or A3.2 == no)", False),
        ("not not A3.4 == yes", True),
    ],
)
def test_precedence_and_parentheses(rule, expected):
    assert holds(rule) is expected


def test_parse_tree_shape():
    expr = parse_rule("a == x or b == y and not c in [p, q]")
    assert isinstance(expr, BoolOp) and expr.op == "or"
    first, second = expr.operands
    assert first == Comparison("a", "==", ("x",), 1)
    assert isinstance(second, BoolOp) and second.op == "and"
    assert isinstance(second.operands[1], Not)
    assert second.operands[1].operand == Comparison("c", "in", ("p", "q"), 26)
    assert [c.question for c in expr.comparisons()] == ["a", "b", "c"]


def test_numbers_are_numbers_and_words_are_words():
    assert parse_rule("D2.8 >= 10").values == (10,)
    assert parse_rule("A3.12 in [medium, 2]").values == ("medium", 2)
    assert parse_rule("T1.6 has any [a]").op == "has any"
    assert parse_rule("T1.6 has a").op == "has"
    assert parse_rule("x not in [a]").op == "not in"


def test_whitespace_is_free():
    assert holds("  A3.4==yes  ") is True
    assert holds("A3.12 in[medium,high]") is True
    assert holds("(A3.4 == yes)and(org == nps)") is True


# -- unanswered questions -------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule",
    [
        "Q == yes",
        "Q != yes",
        "Q in [a, b]",
        "Q not in [a, b]",
        "Q has a",
        "Q has any [a, b]",
        "Q > 1",
        "Q >= 0",
        "Q < 100",
        "Q <= 100",
    ],
)
def test_a_comparison_with_an_unanswered_question_is_false(rule):
    assert holds(rule, {}) is False
    assert holds(rule, {"Q": None}) is False
    # ... so its negation is true
    assert holds(f"not ({rule})", {}) is True


@pytest.mark.parametrize(
    ("rule", "answers"),
    [
        ("Q == yes", {"Q": ["yes"]}),  # a list is never equal to a word
        ("Q has yes", {"Q": "yes"}),  # has needs a list
        ("Q > 1", {"Q": "yes"}),  # ordering needs a number
        ("Q in [a]", {"Q": ["a"]}),
    ],
)
def test_a_comparison_with_an_answer_of_the_wrong_shape_is_false(rule, answers):
    assert holds(rule, answers) is False


# -- syntax errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "column", "words"),
    [
        ("", 1, "empty rule"),
        ("   ", 1, "empty rule"),
        ("A3.4 == yes!", 12, "'!'"),
        ("A3.4 = yes", 6, "'='"),
        ("A3.4 == 'yes'", 9, '"\'"'),
        ("A3.4 ==", 8, "end of rule"),
        ("A3.4 yes", 6, "'yes'"),
        ("A3.4", 5, "operator"),
        ("A3.4 == yes)", 12, "')'"),
        ("(A3.4 == yes", 13, "expected ')'"),
        ("(A3.4 == yes]", 13, "expected ')'"),
        ("A3.4 in yes", 9, "expected '['"),
        ("A3.4 has any yes", 14, "expected '['"),
        ("A3.4 in [a b]", 12, "expected ',' or ']'"),
        ("A3.4 in [a, b", 14, "expected ']'"),
        ("A3.4 in []", 10, "expected a value"),
        ("A3.4 in [a,]", 12, "expected a value"),
        ("A3.4 not yes", 6, "expected 'in' after 'not'"),
        ("D2.8 > x", 8, "whole number"),
        ("D2.8 <= [1]", 9, "expected a value"),
        ("and == yes", 1, "expected a question id"),
        ("== yes", 1, "expected a question id"),
        ("A3.4 == ==", 9, "expected a value"),
        ("A3.4 == yes and", 16, "expected a question id"),
        ("A3.4 == yes or", 15, "expected a question id"),
        ("not", 4, "expected a question id"),
        ("()", 2, "expected a question id"),
        ("A3.4 == yes A3.2 == no", 13, "unexpected 'A3.2'"),
        ("A3.4 == yes && A3.2 == no", 13, "'&'"),
    ],
)
def test_syntax_errors_name_the_column(rule, column, words):
    with pytest.raises(RuleSyntaxError) as caught:
        parse_rule(rule)
    error = caught.value
    assert error.column == column, str(error)
    assert words in str(error)
    assert str(error).endswith(f"at column {column}")


def test_syntax_error_carries_the_bad_token():
    with pytest.raises(RuleSyntaxError) as caught:
        parse_rule("A3.4 in [a b]")
    assert caught.value.token == "b"


def test_a_rule_may_not_be_too_long():
    rule = " or ".join(["A3.4 == yes"] * (MAX_RULE_LENGTH // 10))
    assert len(rule) > MAX_RULE_LENGTH
    with pytest.raises(RuleSyntaxError, match="longer than"):
        parse_rule(rule)
    # just under the limit is fine
    fits = " or ".join(["A3.4 == yes"] * ((MAX_RULE_LENGTH - 11) // 15))
    assert len(fits) <= MAX_RULE_LENGTH
    assert holds(fits) is True


@pytest.mark.parametrize(
    "template",
    ["{open}A3.4 == yes{close}", "{nots}A3.4 == yes"],
)
def test_a_rule_may_not_be_nested_too_deeply(template):
    deep = MAX_DEPTH + 1
    rule = template.format(open="(" * deep, close=")" * deep, nots="not " * deep)
    with pytest.raises(RuleSyntaxError, match="nested too deeply"):
        parse_rule(rule)
    shallow = MAX_DEPTH - 1
    ok = template.format(open="(" * shallow, close=")" * shallow, nots="not " * shallow)
    assert holds(ok) is (shallow % 2 == 0 if "not" in template else True)


# -- properties -----------------------------------------------------------------------------

RULE_ALPHABET = st.sampled_from(
    [
        *"abcxyzAQ019_.()[], =!<>'\"&|\t\n",
        "\u00a0",
        "\u2028",
        "é",
        "\x1c",
        "\x00",
        "==",
        "!=",
        " in ",
        " not ",
        " has ",
        " any ",
        " and ",
        " or ",
        "not ",
        "A3.4",
        "yes",
    ]
)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(RULE_ALPHABET, max_size=40).map("".join)))
def test_random_text_only_ever_raises_rule_syntax_error(source):
    try:
        expr = parse_rule(source)
    except RuleSyntaxError as error:
        assert 1 <= error.column <= len(source) + 1
        return
    # whatever parses can be evaluated against any answers without error
    assert expr.evaluate({}.get) in (True, False)
    assert expr.evaluate(lambda qid: "yes") in (True, False)
    assert expr.evaluate(lambda qid: ["yes"]) in (True, False)
    assert expr.evaluate(lambda qid: 2) in (True, False)


@settings(max_examples=50, deadline=None)
@given(
    st.text(min_size=MAX_RULE_LENGTH - 50, max_size=MAX_RULE_LENGTH, alphabet="() notandor=[]ab,")
)
def test_long_random_rules_finish(source):
    try:
        expr = parse_rule(source)
    except RuleSyntaxError as error:
        assert 1 <= error.column <= len(source) + 1
    else:
        assert expr.evaluate({}.get) in (True, False)


# Rules built from a grammar, evaluated against an independent reference.

QUESTIONS = {
    "yn": ("word", ["yes", "no"]),
    "ch": ("word", ["a", "b", "c"]),
    "mu": ("list", ["a", "b", "c"]),
    "num": ("number", [0, 1, 2, 5]),
}


@st.composite
def comparisons(draw):
    qid = draw(st.sampled_from(sorted(QUESTIONS)))
    shape, values = QUESTIONS[qid]
    if shape == "list":
        op = draw(st.sampled_from(["has", "has any"]))
    elif shape == "number":
        op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not in"]))
    else:
        op = draw(st.sampled_from(["==", "!=", "in", "not in"]))
    if op in ("in", "not in", "has any"):
        chosen = draw(st.lists(st.sampled_from(values), min_size=1, max_size=3))
        text = f"{qid} {op} [{', '.join(map(str, chosen))}]"
    else:
        chosen = [draw(st.sampled_from(values))]
        text = f"{qid} {op} {chosen[0]}"

    def reference(answers):
        answer = answers.get(qid)
        if answer is None:
            return False
        return {
            "==": lambda: answer == chosen[0],
            "!=": lambda: answer != chosen[0],
            "<": lambda: answer < chosen[0],
            "<=": lambda: answer <= chosen[0],
            ">": lambda: answer > chosen[0],
            ">=": lambda: answer >= chosen[0],
            "in": lambda: answer in chosen,
            "not in": lambda: answer not in chosen,
            "has": lambda: chosen[0] in answer,
            "has any": lambda: bool(set(chosen) & set(answer)),
        }[op]()

    return text, reference


def combine(children):
    return st.one_of(
        children.map(lambda c: (f"not ({c[0]})", lambda a, f=c[1]: not f(a))),
        st.tuples(children, children, st.sampled_from(["and", "or"])).map(
            lambda t: (
                f"({t[0][0]}) {t[2]} ({t[1][0]})",
                (lambda a, left=t[0][1], r=t[1][1]: left(a) and r(a))
                if t[2] == "and"
                else (lambda a, left=t[0][1], r=t[1][1]: left(a) or r(a)),
            )
        ),
    )


answers_strategy = st.fixed_dictionaries(
    {},
    optional={
        "yn": st.sampled_from(["yes", "no"]),
        "ch": st.sampled_from(["a", "b", "c"]),
        "mu": st.lists(st.sampled_from(["a", "b", "c"]), unique=True),
        "num": st.integers(0, 6),
    },
)


@settings(max_examples=400, deadline=None)
@given(st.recursive(comparisons(), combine, max_leaves=8), answers_strategy)
def test_evaluation_matches_a_reference(rule, answers):
    text, reference = rule
    assert parse_rule(text).evaluate(answers.get) is reference(answers)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=7),
    st.lists(st.sampled_from(["and", "or"]), min_size=6, max_size=6),
)
def test_precedence_without_parentheses_matches_not_and_or(terms, joins):
    """not > and > or, as in Python: build the same chain both ways and compare."""
    rule_parts, python_parts = [], []
    for index, (negate, value) in enumerate(terms):
        if index:
            rule_parts.append(joins[index - 1])
            python_parts.append(joins[index - 1])
        word = "yes" if value else "no"
        rule_parts.append(("not " if negate else "") + f"yn == {word}")
        python_parts.append(("not " if negate else "") + str(value))
    expected = eval(" ".join(python_parts), {"__builtins__": {}})  # literals only
    assert holds(" ".join(rule_parts), {"yn": "yes"}) is expected
