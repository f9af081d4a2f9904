"""Loading a guide file: every mistake a guide author can make is reported, precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from carag_tui.guide.loader import load_guide
from carag_tui.guide.model import AnswerType, Kind, Sample
from carag_tui.guide.registry import GuideNotFound, catalogue
from carag_tui.problems import ProblemsError

GOOD = '''\
format = 1
id = "tiny-2026"
title = "Tiny guide"
version = "2026-01"
source = "A guide written for the tests"

[[standard]]
id = "details"
title = "Case details"
rated = false

[[key_question]]
id = "details"
standard = "details"
text = "Case details"

[[question]]
id = "org"
key_question = "details"
kind = "info"
text = "Which organisation manages the case?"
answer = "choice"
options = [{ key = "crc", label = "CRC" }, { key = "nps", label = "NPS" }]

[[question]]
id = "weeks"
key_question = "details"
kind = "info"
text = "How many weeks was the order?"
answer = "number"

[[standard]]
id = "A"
number = "9.1"
title = "Assessment"

[[key_question]]
id = "A1"
standard = "A"
number = "9.1.1"
text = "Does assessment focus on the person?"
summary = "A1S"

[[question]]
id = "A1.1"
key_question = "A1"
kind = "prompt"
text = "Are there concerns?"
answer = "yes_no"
guidance = """
Look at **everything**.

- one
- two
"""

[[question]]
id = "A1.2"
key_question = "A1"
kind = "supplementary"
kind_inferred = true
text = "Which needs does the person have?"
answer = "multi"
options = [{ key = "housing", label = "Housing" }, { key = "money", label = "Money" }]

[[question]]
id = "A1.3"
key_question = "A1"
kind = "prompt"
text = "Were the concerns followed up?"
answer = "yes_no_na"
rule = "A1.1 == yes"
rule_source = "Only where there are concerns."

[[question]]
id = "A1.4"
key_question = "A1"
kind = "info"
text = "Anything else?"
answer = "text"

[[question]]
id = "A1S"
key_question = "A1"
kind = "summary"
text = "Does assessment focus on the person?"
answer = "yes_no"

[[key_question]]
id = "A2"
standard = "A"
number = "9.1.2"
text = "Does assessment keep people safe?"
summary = "A2S"
sample = "subsample"
sample_note = "Cases with concerns"
rule = "A1.1 == yes or A1.2 has any [housing]"

[[question]]
id = "A2.1"
key_question = "A2"
kind = "prompt"
text = "Is the risk level right?"
answer = "choice"
options = [{ key = "low", label = "Low" }, { key = "high", label = "High", excludes = true }]

[[question]]
id = "A2S"
key_question = "A2"
kind = "summary"
text = "Does assessment keep people safe?"
answer = "yes_no"
'''


def write(tmp_path: Path, text: str, name: str = "tiny.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def replace(text: str, old: str, new: str, count: int = 1) -> str:
    assert text.count(old) >= count, f"{old!r} not in the template"
    return text.replace(old, new, count)


def problems_of(tmp_path: Path, text: str) -> list:
    path = write(tmp_path, text)
    with pytest.raises(ProblemsError) as caught:
        load_guide(path)
    assert caught.value.problems, "a ProblemsError must list its problems"
    return caught.value.problems


def table_lines(text: str, table: str, item_id: str) -> range:
    """The lines (1-based) of the [[table]] whose id is `item_id`."""
    lines = text.splitlines()
    headers = [i + 1 for i, line in enumerate(lines) if re.match(r"\s*\[\[", line)]
    for start, end in zip(headers, [*headers[1:], len(lines) + 1], strict=True):
        if lines[start - 1].strip() == f"[[{table}]]" and any(
            line.strip() == f'id = "{item_id}"' for line in lines[start : end - 1]
        ):
            return range(start, end)
    raise AssertionError(f"no [[{table}]] {item_id} in the text")


def the_problem(problems: list, *words: str):
    """The one problem whose message holds every word."""
    found = [p for p in problems if all(w in str(p) for w in words)]
    assert len(found) == 1, f"expected one problem with {words}, got:\n" + "\n".join(
        map(str, problems)
    )
    return found[0]


def assert_located(problem, path_text: str, text: str, table: str, item_id: str) -> None:
    """The message names the file, a line inside the item's table, and the item."""
    assert path_text in str(problem)
    assert problem.line in table_lines(text, table, item_id), str(problem)
    assert f":{problem.line}:" in str(problem)
    assert f"{table} {item_id}" in str(problem)


# -- a good guide -----------------------------------------------------------------------------


def test_the_good_guide_loads_in_walk_order(tmp_path):
    guide = load_guide(write(tmp_path, GOOD))
    assert guide.id == "tiny-2026"
    assert guide.version == "2026-01"
    assert [s.id for s in guide.standards] == ["details", "A"]
    assert [k.id for k in guide.key_questions] == ["details", "A1", "A2"]
    assert [q.id for q in guide.questions] == [
        "org",
        "weeks",
        "A1.1",
        "A1.2",
        "A1.3",
        "A1.4",
        "A1S",
        "A2.1",
        "A2S",
    ]
    a13 = guide.question("A1.3")
    assert a13.kind is Kind.PROMPT and a13.answer is AnswerType.YES_NO_NA
    assert a13.choice_keys == ("yes", "no", "na")
    assert a13.rule_source == "Only where there are concerns."
    assert a13.condition is not None and a13.condition.evaluate({"A1.1": "yes"}.get)
    assert not a13.condition.evaluate({"A1.1": "no"}.get)
    assert guide.question("A1.2").kind_inferred is True
    assert guide.question("A1.1").guidance.startswith("Look at **everything**.")
    assert guide.key_question("A2").sample is Sample.SUBSAMPLE
    assert guide.key_question("A2").label == "9.1.2 Does assessment keep people safe?"
    assert guide.standard("details").rated is False
    assert guide.question("A2.1").options[1].excludes is True
    assert guide.questions_of("A1")[-1].id == "A1S"
    assert guide.standard_of(guide.question("A2S")).id == "A"


def test_tables_of_different_kinds_may_be_interleaved(tmp_path):
    # all standards first, then the rest: order within each kind is what counts
    text = replace(GOOD, '[[standard]]\nid = "A"\nnumber = "9.1"\ntitle = "Assessment"\n\n', "")
    text = replace(
        text,
        '[[key_question]]\nid = "details"',
        '[[standard]]\nid = "A"\nnumber = "9.1"\ntitle = "Assessment"\n\n'
        '[[key_question]]\nid = "details"',
    )
    guide = load_guide(write(tmp_path, text))
    assert [s.id for s in guide.standards] == ["details", "A"]


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert load_guide(path).id == "tiny-2026"


# -- rules ------------------------------------------------------------------------------------


def test_unknown_question_in_a_rule_with_suggestion(tmp_path):
    text = replace(GOOD, 'rule = "A1.1 == yes"\nrule_source', 'rule = "A1.11 == yes"\nrule_source')
    problem = the_problem(problems_of(tmp_path, text), "unknown question")
    assert "'A1.11'" in str(problem)
    assert "did you mean 'A1.1'?" in str(problem)
    assert_located(problem, "tiny.toml", text, "question", "A1.3")


def test_option_not_of_that_question(tmp_path):
    text = replace(GOOD, 'rule = "A1.1 == yes"\nrule_source', 'rule = "A1.1 == yse"\nrule_source')
    problem = the_problem(problems_of(tmp_path, text), "'yse'")
    assert "is not an option of A1.1" in str(problem)
    assert "options: yes, no" in str(problem)
    assert "did you mean 'yes'?" in str(problem)
    assert_located(problem, "tiny.toml", text, "question", "A1.3")


def test_option_not_of_a_choice_question_in_a_list(tmp_path):
    text = replace(
        GOOD,
        "A1.1 == yes or A1.2 has any [housing]",
        "org in [crc, probation] or A1.2 has any [housing, monye]",
    )
    problems = problems_of(tmp_path, text)
    assert_located(
        the_problem(problems, "'probation'", "not an option of org"),
        "tiny.toml",
        text,
        "key_question",
        "A2",
    )
    money = the_problem(problems, "'monye'", "not an option of A1.2")
    assert "did you mean 'money'?" in str(money)


def test_rule_on_a_later_question(tmp_path):
    text = replace(GOOD, 'rule = "A1.1 == yes"\nrule_source', 'rule = "A1S == yes"\nrule_source')
    problem = the_problem(problems_of(tmp_path, text), "not earlier")
    assert "'A1S'" in str(problem)
    assert_located(problem, "tiny.toml", text, "question", "A1.3")


def test_rule_on_the_question_itself(tmp_path):
    text = replace(GOOD, 'rule = "A1.1 == yes"\nrule_source', 'rule = "A1.3 == yes"\nrule_source')
    problem = the_problem(problems_of(tmp_path, text), "not earlier")
    assert "'A1.3'" in str(problem)


def test_key_question_rule_on_its_own_question(tmp_path):
    text = replace(GOOD, "A1.1 == yes or A1.2 has any [housing]", "A2.1 == low")
    problem = the_problem(problems_of(tmp_path, text), "not earlier")
    assert "'A2.1'" in str(problem)
    assert_located(problem, "tiny.toml", text, "key_question", "A2")


def test_standard_rule_on_its_own_question(tmp_path):
    text = replace(
        GOOD,
        'number = "9.1"\ntitle = "Assessment"',
        'number = "9.1"\ntitle = "Assessment"\nrule = "A1.1 == yes"',
    )
    problem = the_problem(problems_of(tmp_path, text), "not earlier")
    assert "'A1.1'" in str(problem)
    assert_located(problem, "tiny.toml", text, "standard", "A")


def test_standard_rule_on_an_earlier_question_is_fine(tmp_path):
    text = replace(
        GOOD,
        'number = "9.1"\ntitle = "Assessment"',
        'number = "9.1"\ntitle = "Assessment"\nrule = "org == nps"',
    )
    guide = load_guide(write(tmp_path, text))
    assert guide.standard("A").condition.evaluate({"org": "nps"}.get)


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("A1.1 has yes", ["'has' needs a several-choice question", "A1.1 is yes_no"]),
        ("A1.1 has any [yes]", ["'has any' needs a several-choice question"]),
        ("A1.2 == housing", ["A1.2 is several-choice", "use 'has'"]),
        ("A1.1 > 1", ["'>' needs a number question", "A1.1 is yes_no"]),
        ("weeks == many", ["weeks is a number", "'many' is not"]),
        ("A1.4 == yes", ["A1.4 is a text question", "rules cannot use it"]),
        ("A1.1 == na", ["'na' is not an option of A1.1"]),
    ],
)
def test_operator_that_does_not_fit_the_answer_type(tmp_path, rule, words):
    text = replace(GOOD, "A1.1 == yes or A1.2 has any [housing]", rule)
    problem = the_problem(problems_of(tmp_path, text), *words)
    assert "rule:" in str(problem)
    assert_located(problem, "tiny.toml", text, "key_question", "A2")


def test_numbers_in_rules_work(tmp_path):
    text = replace(GOOD, 'rule = "A1.1 == yes"\nrule_source', 'rule = "weeks >= 12"\nrule_source')
    guide = load_guide(write(tmp_path, text))
    assert guide.question("A1.3").condition.evaluate({"weeks": 12}.get)
    assert not guide.question("A1.3").condition.evaluate({"weeks": 11}.get)


def test_rule_syntax_error_names_the_column_and_the_rule(tmp_path):
    text = replace(
        GOOD, 'rule = "A1.1 == yes"\nrule_source', 'rule = "A1.1 == yes and"\nrule_source'
    )
    problem = the_problem(problems_of(tmp_path, text), "rule:")
    assert "at column 16" in str(problem)
    assert "'A1.1 == yes and'" in str(problem)
    assert_located(problem, "tiny.toml", text, "question", "A1.3")


# -- structure --------------------------------------------------------------------------------


def test_bad_kind_lists_the_allowed_values(tmp_path):
    text = replace(GOOD, 'kind = "supplementary"', 'kind = "suplementary"')
    problem = the_problem(problems_of(tmp_path, text), "kind:")
    assert "expected one of prompt, supplementary, info, summary" in str(problem)
    assert_located(problem, "tiny.toml", text, "question", "A1.2")


def test_bad_answer_type_lists_the_allowed_values(tmp_path):
    text = replace(GOOD, 'answer = "yes_no_na"', 'answer = "yes_no_maybe"')
    problem = the_problem(problems_of(tmp_path, text), "answer:")
    assert "expected one of yes_no, yes_no_na, choice, multi, number, text, date" in str(problem)
    assert_located(problem, "tiny.toml", text, "question", "A1.3")


def test_bad_sample_lists_the_allowed_values(tmp_path):
    text = replace(GOOD, 'sample = "subsample"', 'sample = "some"')
    problem = the_problem(problems_of(tmp_path, text), "sample:")
    assert "expected one of all, subsample" in str(problem)
    assert_located(problem, "tiny.toml", text, "key_question", "A2")


def test_missing_required_field(tmp_path):
    text = replace(GOOD, 'text = "Which needs does the person have?"\n', "")
    problem = the_problem(problems_of(tmp_path, text), "text: required field missing")
    assert_located(problem, "tiny.toml", text, "question", "A1.2")


def test_missing_option_label(tmp_path):
    text = replace(GOOD, '{ key = "money", label = "Money" }', '{ key = "money" }')
    problem = the_problem(problems_of(tmp_path, text), "label: required field missing")
    assert "options[1]" in str(problem)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("rated = false", 'rated = "no"', ["rated: expected true or false"]),
        ('text = "Anything else?"', "text = 3", ["text: expected a string"]),
        (
            'text = "Anything else?"',
            'text = "Anything else?"\ncolour = "red"',
            ["extra fields found (colour)"],
        ),
    ],
)
def test_wrong_types_and_unknown_fields_are_not_silently_accepted(tmp_path, old, new, words):
    problems = problems_of(tmp_path, replace(GOOD, old, new))
    the_problem(problems, *words)


def test_header_problems(tmp_path):
    text = replace(GOOD, "format = 1\n", 'format = 2\nauthor = "me"\n')
    text = replace(text, 'version = "2026-01"\n', "")
    problems = problems_of(tmp_path, text)
    assert the_problem(problems, "expected format = 1").line == 1
    assert the_problem(problems, "author", "unknown key").line == 2
    the_problem(problems, "version", "required field missing")


def test_duplicate_question_id(tmp_path):
    text = replace(GOOD, 'id = "A1.4"', 'id = "A1.2"')
    problem = the_problem(problems_of(tmp_path, text), "duplicate question id")
    assert "question A1.2" in str(problem)
    # the second one is reported, at its own table
    second = text.splitlines().index('id = "A1.2"', text.splitlines().index('id = "A1.2"') + 1)
    assert problem.line == second  # the [[question]] line just above it (0-based index + 1 - 1)


def test_duplicate_key_question_id(tmp_path):
    text = replace(GOOD, 'id = "A2"\nstandard', 'id = "A1"\nstandard')
    problems = problems_of(tmp_path, text)
    the_problem(problems, "duplicate key_question id", "key_question A1")


def test_unknown_key_question(tmp_path):
    text = replace(
        GOOD, 'key_question = "A1"\nkind = "info"', 'key_question = "A11"\nkind = "info"'
    )
    problem = the_problem(problems_of(tmp_path, text), "key_question 'A11' is not defined")
    assert "did you mean 'A1'?" in str(problem)
    assert_located(problem, "tiny.toml", text, "question", "A1.4")


def test_unknown_standard(tmp_path):
    text = replace(GOOD, 'standard = "A"\nnumber = "9.1.2"', 'standard = "B"\nnumber = "9.1.2"')
    problem = the_problem(problems_of(tmp_path, text), "standard 'B' is not defined")
    assert_located(problem, "tiny.toml", text, "key_question", "A2")


def test_questions_of_a_key_question_must_stand_together(tmp_path):
    # move A1.4 (of A1) after A2.1 (of A2)
    block = (
        '[[question]]\nid = "A1.4"\nkey_question = "A1"\nkind = "info"\n'
        'text = "Anything else?"\nanswer = "text"\n\n'
    )
    text = replace(GOOD, block, "")
    text = replace(text, '[[question]]\nid = "A2S"', block + '[[question]]\nid = "A2S"')
    problems = problems_of(tmp_path, text)
    problem = the_problem(problems, "question A1.4", "must stand together")
    assert "key question A1" in str(problem)
    the_problem(problems, "question A1.4", "follow the order of their key questions")


def test_choice_without_options(tmp_path):
    text = replace(
        GOOD,
        '\noptions = [{ key = "low", label = "Low" }, '
        '{ key = "high", label = "High", excludes = true }]',
        "",
    )
    problem = the_problem(problems_of(tmp_path, text), "needs options")
    assert "answer = 'choice'" in str(problem)
    assert_located(problem, "tiny.toml", text, "question", "A2.1")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            '{ key = "money", label = "Money" }',
            '{ key = "Money-Problems", label = "Money" }',
            ["'Money-Problems' must be snake_case"],
        ),
        (
            '{ key = "money", label = "Money" }',
            '{ key = "housing", label = "Money" }',
            ["'housing' is repeated"],
        ),
        (
            'answer = "text"',
            'answer = "text"\noptions = [{ key = "a", label = "A" }]',
            ["answer = 'text' takes no options"],
        ),
        (
            '{ key = "money", label = "Money" }',
            '{ key = "money", label = "Money", excludes = true }',
            ["only a 'choice' option can exclude"],
        ),
        (
            'id = "A1S"\nkey_question = "A1"\nkind = "summary"\ntext = "Does assessment focus on '
            'the person?"\nanswer = "yes_no"',
            'id = "A1S"\nkey_question = "A1"\nkind = "summary"\ntext = "Does assessment focus on '
            'the person?"\nanswer = "yes_no_na"',
            ["summary judgement must be answer = 'yes_no'"],
        ),
        ('text = "Anything else?"', 'text = "   "', ["text is empty"]),
        ('id = "A1.4"', 'id = "A1 4"', ["id may hold only"]),
        (
            'rule = "A1.1 == yes or A1.2 has any [housing]"\n',
            "",
            ["sample = 'subsample' needs a rule"],
        ),
    ],
)
def test_question_and_option_problems(tmp_path, old, new, words):
    the_problem(problems_of(tmp_path, replace(GOOD, old, new)), *words)


def test_summary_must_be_a_summary_question_of_its_key_question(tmp_path):
    text = replace(GOOD, 'summary = "A1S"', 'summary = "A1.1"')
    problem = the_problem(problems_of(tmp_path, text), "summary 'A1.1'")
    assert "must be a kind = 'summary' question of A1" in str(problem)
    assert_located(problem, "tiny.toml", text, "key_question", "A1")
    text = replace(GOOD, 'summary = "A1S"', 'summary = "A2S"')
    the_problem(problems_of(tmp_path, text), "summary 'A2S'", "question of A1")
    text = replace(GOOD, 'summary = "A1S"', 'summary = "A1Z"')
    the_problem(problems_of(tmp_path, text), "summary 'A1Z' is not a question of this guide")


def test_broken_toml_names_the_line(tmp_path):
    text = replace(GOOD, '[[question]]\nid = "A1.3"', '[[question]\nid = "A1.3"')
    problem = the_problem(problems_of(tmp_path, text), "not valid TOML")
    line = text.splitlines().index("[[question]") + 1
    assert problem.line == line
    assert f"tiny.toml:{line}:" in str(problem)


def test_broken_toml_at_the_end_of_the_file(tmp_path):
    text = GOOD + 'extra = """never closed\n'
    problem = the_problem(problems_of(tmp_path, text), "not valid TOML")
    assert problem.line is not None and problem.line >= len(GOOD.splitlines())


def test_not_utf8(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(GOOD.replace("Tiny guide", "Tiny guide \xe9").encode("latin-1"))
    with pytest.raises(ProblemsError, match="cannot read guide"):
        load_guide(path)


def test_every_problem_is_reported_at_once(tmp_path):
    text = replace(GOOD, 'rule = "A1.1 == yes"\nrule_source', 'rule = "A1.1 == yse"\nrule_source')
    text = replace(text, 'summary = "A1S"', 'summary = "A1.1"')
    text = replace(text, 'key_question = "A1"\nkind = "info"', 'key_question = "A3"\nkind = "info"')
    problems = problems_of(tmp_path, text)
    assert len(problems) >= 3
    the_problem(problems, "'yse'")
    the_problem(problems, "summary 'A1.1'")
    the_problem(problems, "key_question 'A3'")


# -- the command ------------------------------------------------------------------------------


def test_guide_check_command_reports_problems_and_exits_1(tmp_path, carag):
    text = replace(GOOD, 'rule = "A1.1 == yes"\nrule_source', 'rule = "A1.11 == yes"\nrule_source')
    text = replace(text, 'kind = "supplementary"', 'kind = "suplementary"')
    path = write(tmp_path, text, "bad.toml")
    result = carag("guide", "check", path)
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert any(str(path) in line and "kind:" in line and "question A1.2" in line for line in lines)
    # structural problems stop the load before rules are checked; fix and check again
    path.write_text(replace(text, 'kind = "suplementary"', 'kind = "supplementary"'))
    result = carag("guide", "check", path)
    assert result.code == 1
    line = table_lines(text, "question", "A1.3").start
    assert f"{path}:{line}: question A1.3: rule: unknown question 'A1.11'" in result.err
    assert "did you mean 'A1.1'?" in result.err
    assert result.out == ""


def test_guide_check_command_passes_a_good_file(tmp_path, carag):
    path = write(tmp_path, GOOD, "good.toml")
    result = carag("guide", "check", path)
    assert result.code == 0, result.err
    assert "ok" in result.out and "tiny-2026" in result.out
    assert "9 questions" in result.out
    assert result.err == ""


def test_guide_check_command_checks_every_file(tmp_path, carag):
    good = write(tmp_path, GOOD, "good.toml")
    bad = write(tmp_path, GOOD.replace("format = 1", "format = 1\n[oops"), "bad.toml")
    result = carag("guide", "check", good, bad)
    assert result.code == 1
    assert str(good) in result.out
    assert str(bad) in result.err and "not valid TOML" in result.err


def test_guide_check_without_files(carag):
    result = carag("guide", "check")
    assert result.code == 2
    assert "name one or more guide files" in result.err


# -- where guides are found -------------------------------------------------------------------


def test_a_user_guide_replaces_a_bundled_one_with_the_same_id(carag_home, carag):
    bundled = catalogue().get("unpaid-work-2019")
    folder = carag_home / "data" / "guides"
    folder.mkdir(parents=True)
    text = bundled.path.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^title = ".*"$', 'title = "Unpaid work, our edition"', text, count=1)
    (folder / "my-upw.toml").write_text(text, encoding="utf-8")
    catalogue.cache_clear()
    mine = catalogue().get("unpaid-work-2019")
    assert mine.title == "Unpaid work, our edition"
    assert mine.path == folder / "my-upw.toml"
    result = carag("guides")
    assert "Unpaid work, our edition" in result.out
    assert result.code == 0


def test_a_broken_user_guide_is_reported_and_the_others_still_load(carag_home, carag):
    folder = carag_home / "data" / "guides"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text(GOOD.replace('kind = "prompt"', 'kind = "nope"', 1))
    catalogue.cache_clear()
    found = catalogue()
    assert folder / "broken.toml" in found.broken
    assert "case-supervision-2019" in found.guides
    result = carag("guides")
    assert result.code == 1
    assert "broken.toml: does not load" in result.err
    assert "carag guide check" in result.err
    assert "case-supervision-2019" in result.out


def test_unknown_guide_lists_the_installed_ones():
    with pytest.raises(GuideNotFound) as caught:  # a LookupError, not a bare KeyError
        catalogue().get("case-supervision-2099")
    assert isinstance(caught.value, LookupError) and not isinstance(caught.value, KeyError)
    message = str(caught.value)
    assert "no guide 'case-supervision-2099'" in message
    assert "unpaid-work-2019" in message and "youth-resettlement-2022" in message


def test_a_guide_is_shown_by_its_name_without_the_year_where_that_is_unambiguous(tmp_path):
    from carag_tui.guide.registry import GuideCatalogue

    for name, guide_id in [
        ("a", "tiny-2026"),
        ("b", "tiny-2027"),
        ("c", "other-2019"),
        ("d", "plain"),
    ]:
        (tmp_path / f"{name}.toml").write_text(GOOD.replace('"tiny-2026"', f'"{guide_id}"'))
    found = GuideCatalogue(sorted(tmp_path.glob("*.toml")))
    assert found.short_name("other-2019") == "other"
    assert found.short_name("tiny-2026") == "tiny-2026"  # two versions of tiny: the year stays
    assert found.short_name("plain") == "plain"
