"""Options offered for some cases only: R2.12's NPS-retained answer (issue 16).

The CARaG: "In cases retained by the NPS, the screening can be left to be completed by the
allocated responsible officer". The third answer of R2.12 says so, and only a retained case
(`allocated_to = nps`) is offered it — in the walk, in plain mode, by `carag set` and `check`.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from support import Script

from carag_tui.case.answers import parse_value
from carag_tui.case.editing import apply_answer, new_case
from carag_tui.case.flow import Walk
from carag_tui.case.store import load_case, save_case
from carag_tui.guide.loader import load_guide
from carag_tui.guide.registry import catalogue
from carag_tui.plain import run_plain
from carag_tui.problems import ProblemsError
from carag_tui.tui.app import make_app
from carag_tui.tui.screens.walk import WalkScreen
from carag_tui.tui.widgets.choice_box import ChoiceBox

GUIDE = "court-reports-2020"
RETAINED = ("yes", "no", "left_to_ro")


def before_r2_12(allocated_to: str) -> dict[str, str]:
    """Answers to every question the walk asks before R2.12 (first option of each)."""
    guide = catalogue().get(GUIDE)
    answers: dict[str, str] = {"allocated_to": allocated_to}
    while True:
        walk = Walk(guide, answers)
        question = walk.first_unanswered()
        assert question is not None
        if question.id == "R2.12":
            return answers
        answers[question.id] = walk.choices(question.id)[0].key


def case_at_r2_12(folder: Path, allocated_to: str) -> Path:
    guide = catalogue().get(GUIDE)
    casefile = new_case(folder, f"CR-{allocated_to}", guide, "Dorset", "A. Inspector")
    for qid, value in before_r2_12(allocated_to).items():
        casefile.set_answer(guide, qid, value)
    save_case(casefile)
    return casefile.path


@pytest.mark.parametrize(("allocated_to", "offered"), [("nps", RETAINED), ("crc", RETAINED[:2])])
def test_the_walk_offers_the_retained_answer_to_retained_cases_only(allocated_to, offered):
    guide = catalogue().get(GUIDE)
    walk = Walk(guide, {"allocated_to": allocated_to})
    assert tuple(o.key for o in walk.choices("R2.12")) == offered
    # the guide still knows all three (a file that holds one is understood, never dropped)
    assert guide.question("R2.12").choice_keys == RETAINED


def test_a_retained_answer_in_a_crc_case_is_not_counted_and_check_says_why(tmp_path, carag):
    guide = catalogue().get(GUIDE)
    path = case_at_r2_12(tmp_path, "crc")
    text = path.read_text(encoding="utf-8").replace(
        "[answers]\n", '[answers]\n"R2.12" = "left_to_ro"\n', 1
    )
    path.write_text(text, encoding="utf-8")  # a hand edit
    walk = Walk(guide, load_case(path).case.answers)
    assert walk.answer("R2.12") is None
    assert walk.first_unanswered().id == "R2.12"  # asked again, not silently taken
    result = carag("check", path, "--format", "json")
    assert result.code == 1
    invalid = json.loads(result.out)["files"][0]["invalid"]
    assert invalid == [
        {"id": "R2.12", "error": "'left_to_ro' is only an answer where allocated_to == nps"}
    ]
    assert load_case(path).case.answers["R2.12"] == "left_to_ro"  # kept in the file


def test_an_option_not_offered_is_refused_by_every_edit_path(tmp_path, carag):
    guide = catalogue().get(GUIDE)
    path = case_at_r2_12(tmp_path, "crc")
    before = path.read_bytes()
    with pytest.raises(ValueError, match="only an answer where allocated_to == nps"):
        apply_answer(load_case(path), guide, "R2.12", "left_to_ro")
    result = carag("set", path, "R2.12=left_to_ro")
    assert result.code != 0
    assert "'left_to_ro' is only an answer where allocated_to == nps" in result.err
    assert path.read_bytes() == before
    # numbers count in what is offered: "3" is no answer where two options are offered
    walk = Walk(guide, load_case(path).case.answers)
    with pytest.raises(ValueError, match=r"1–2"):
        parse_value(guide.question("R2.12"), "3", walk.choices("R2.12"))
    retained = case_at_r2_12(tmp_path, "nps")
    assert carag("set", retained, "R2.12=left_to_ro").code == 0
    assert load_case(retained).case.answers["R2.12"] == "left_to_ro"
    assert not Walk(guide, load_case(retained).case.answers).applies("R2.13")


@pytest.mark.parametrize(("allocated_to", "shown"), [("nps", 3), ("crc", 2)])
async def test_the_app_shows_and_takes_only_the_offered_options(tmp_path, allocated_to, shown):
    path = case_at_r2_12(tmp_path, allocated_to)
    app = make_app(case_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, WalkScreen) and screen.qid == "R2.12"
        box = screen.query_one(ChoiceBox)
        rendered = box.render().plain
        assert ("retained by the NPS" in rendered) is (shown == 3)
        await pilot.press("3")
        await pilot.pause()
        answers = load_case(path).case.answers
        if shown == 3:
            assert answers["R2.12"] == "left_to_ro"
        else:
            assert "R2.12" not in answers and app.screen.qid == "R2.12"


def test_plain_mode_lists_and_takes_only_the_offered_options(tmp_path):
    path = case_at_r2_12(tmp_path, "crc")
    out = io.StringIO()
    run_plain(path, stdin=Script(["3", "2", "quit"]), stdout=out)
    printed = out.getvalue()
    assert "  1) Yes  2) No\n" in printed and "3) No: retained" not in printed
    assert "R2.12: expected one of yes, no (or 1–2)" in printed
    assert load_case(path).case.answers["R2.12"] == "no"


GUIDE_WITH_OPTION_RULE = """\
format = 1
id = "tiny-2026"
title = "Tiny guide"
version = "2026-01"
source = "A guide written for the tests"

[[standard]]
id = "A"
title = "Assessment"

[[key_question]]
id = "A1"
standard = "A"
text = "Does assessment focus on the person?"

[[question]]
id = "A1.1"
key_question = "A1"
kind = "prompt"
text = "Was a screening done?"
answer = "choice"
options = [{ key = "yes", label = "Yes" }, { key = "later", label = "Later", rule = "RULE" }]

[[question]]
id = "A1.2"
key_question = "A1"
kind = "prompt"
text = "Was it good?"
answer = "yes_no"
"""


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("A1.2 == yes", "not earlier"),
        ("A1.9 == yes", "unknown question"),
        ("A1.1 ==", "rule:"),
    ],
)
def test_an_option_rule_is_checked_like_any_rule(tmp_path, rule, words):
    path = tmp_path / "tiny.toml"
    path.write_text(GUIDE_WITH_OPTION_RULE.replace("RULE", rule), encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_guide(path)
    message = str(caught.value)
    assert words in message and "option 'later'" in message


def test_synthetic_cases_answer_only_what_is_offered(tmp_path):
    """The demo and benchmark cases: a CRC case never gets the retained-case answer."""
    import random

    from carag_tui.case.synthetic import write_case

    guide = catalogue().get(GUIDE)
    rng = random.Random(7)
    seen = set()
    for n in range(60):
        answers = load_case(write_case(tmp_path, f"SYN-{n}", guide, rng)).case.answers
        seen.add((answers.get("allocated_to"), answers.get("R2.12")))
    assert ("crc", "left_to_ro") not in seen
    assert ("nps", "left_to_ro") in seen  # still invented where it is offered
