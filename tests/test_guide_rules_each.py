"""Each applicability rule the guides issue lists, walked on the real bundled guide."""

from __future__ import annotations

import random

import pytest

from carag_tui.case.flow import Walk
from carag_tui.guide.model import AnswerType, Sample

RISK_FREE = {"A3.12": "low", "A3.2": "no", "A3.4": "no"}
SUBSAMPLE = ("P3", "D3", "R3")


def applies(guide, answers: dict, qid: str) -> bool:
    return Walk(guide, answers).applies(qid)


@pytest.fixture
def supervision(guides):
    return guides["case-supervision-2019"]


# -- case supervision ------------------------------------------------------------------------


def test_a3_5_only_when_a3_4_is_yes(supervision):
    assert not applies(supervision, {}, "A3.5")
    assert not applies(supervision, {"A3.4": "no"}, "A3.5")
    assert applies(supervision, {"A3.4": "yes"}, "A3.5")
    # the questions around it do not depend on A3.4
    assert applies(supervision, {"A3.4": "no"}, "A3.6")


def test_a3_19_only_in_nps_cases(supervision):
    assert not applies(supervision, {}, "A3.19")
    assert not applies(supervision, {"org": "crc"}, "A3.19")
    assert applies(supervision, {"org": "nps"}, "A3.19")


@pytest.mark.parametrize("key_question", SUBSAMPLE)
def test_keeping_people_safe_only_in_the_risk_subsample(supervision, key_question):
    kq = supervision.key_question(key_question)
    assert kq.sample is Sample.SUBSAMPLE
    assert kq.sample_note
    members = [q.id for q in supervision.questions_of(key_question)]
    assert members[-1] == f"{key_question}S"
    for answers in ({}, RISK_FREE, {**RISK_FREE, "A3.12": "low"}):
        walk = Walk(supervision, answers)
        assert not any(walk.applies(qid) for qid in members), answers
        assert walk.skipped[members[0]].on == f"key question {key_question}"
    for trigger in ({"A3.12": "medium"}, {"A3.12": "high"}, {"A3.12": "very_high"},
                    {"A3.2": "yes"}, {"A3.4": "yes"}):
        walk = Walk(supervision, {**RISK_FREE, **trigger})
        assert walk.applies(members[0]) and walk.applies(f"{key_question}S"), trigger
        assert walk.key_question_applies(key_question)


def test_the_other_key_questions_are_asked_of_every_case(supervision):
    walk = Walk(supervision, RISK_FREE)
    for kq in supervision.key_questions:
        if kq.id not in SUBSAMPLE:
            assert kq.sample is Sample.ALL, kq.id
            assert walk.key_question_applies(kq.id), kq.id


def test_p3_5_only_when_a3_2_is_yes(supervision):
    in_subsample = {**RISK_FREE, "A3.12": "high"}
    assert not applies(supervision, in_subsample, "P3.5")
    assert applies(supervision, {**in_subsample, "A3.2": "yes"}, "P3.5")
    assert applies(supervision, {**RISK_FREE, "A3.2": "yes"}, "P3.5")
    assert not applies(supervision, {**RISK_FREE, "A3.4": "yes"}, "P3.5")


def test_p3_6_only_when_a3_4_is_yes(supervision):
    in_subsample = {**RISK_FREE, "A3.12": "high"}
    assert not applies(supervision, in_subsample, "P3.6")
    assert applies(supervision, {**in_subsample, "A3.4": "yes"}, "P3.6")
    assert applies(supervision, {**RISK_FREE, "A3.4": "yes"}, "P3.6")
    assert not applies(supervision, {**RISK_FREE, "A3.2": "yes"}, "P3.6")


@pytest.mark.parametrize(
    ("sentence", "custodial"),
    [
        ("community_order", False),
        ("suspended_sentence_order", False),
        ("licence", True),
        ("post_sentence_supervision", True),
        ("licence_and_pss", True),
    ],
)
def test_d1_4_only_with_a_custodial_part(supervision, sentence, custodial):
    assert set(supervision.question("sentence").choice_keys) >= {sentence}
    assert applies(supervision, {"sentence": sentence}, "D1.4") is custodial
    assert applies(supervision, {"sentence": sentence}, "D1.5")


def test_d1_4_hidden_until_the_sentence_is_known(supervision):
    assert not applies(supervision, {}, "D1.4")


# -- through the gate ------------------------------------------------------------------------


def test_t1_7_only_when_t1_6_names_a_need(guides):
    guide = guides["through-the-gate-2019"]
    t16 = guide.question("T1.6")
    assert t16.answer is AnswerType.MULTI
    needs = [key for key in t16.choice_keys if key != "none"]
    assert "none" in t16.choice_keys and len(needs) >= 5
    assert not applies(guide, {}, "T1.7")
    assert not applies(guide, {"T1.6": ["none"]}, "T1.7")
    assert not applies(guide, {"T1.6": []}, "T1.7")
    for need in needs:
        assert applies(guide, {"T1.6": [need]}, "T1.7"), need
    assert applies(guide, {"T1.6": ["accommodation", "finance"]}, "T1.7")


def test_t2_2_keeps_its_no_needs_answer(guides):
    guide = guides["through-the-gate-2019"]
    t22 = guide.question("T2.2")
    assert t22.answer is AnswerType.CHOICE
    assert "no_needs" in t22.choice_keys
    assert t22.label_for("no_needs") == "No, there were no resettlement needs"
    # it is asked whatever T1.6 says: "no needs" is one of its answers, not a skip
    for answers in ({}, {"T1.6": ["none"]}, {"T1.6": ["finance"]}):
        assert applies(guide, answers, "T2.2")


# -- court reports ---------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "depends_on"), [("R2.13", "R2.12"), ("R2.15", "R2.14")])
def test_court_report_rosh_questions(guides, question, depends_on):
    guide = guides["court-reports-2020"]
    assert not applies(guide, {}, question)
    assert not applies(guide, {depends_on: "no"}, question)
    assert applies(guide, {depends_on: "yes"}, question)
    assert guide.position(depends_on) < guide.position(question)


# -- youth -----------------------------------------------------------------------------------


def test_youth_disability_impact_only_with_a_disability(guides):
    guide = guides["youth-resettlement-2022"]
    impact = next(q for q in guide.questions if "impact of the child's disability" in q.text)
    disability = next(q for q in guide.questions if q.text == "Does the child have a disability?")
    assert not applies(guide, {}, impact.id)
    assert not applies(guide, {disability.id: "no"}, impact.id)
    assert applies(guide, {disability.id: "yes"}, impact.id)


def test_youth_looked_after_option_excludes_the_case_and_ends_the_walk(guides):
    guide = guides["youth-resettlement-2022"]
    looked_after = next(q for q in guide.questions if "Looked After Child" in q.text)
    excluding = [o for o in looked_after.options if o.excludes]
    assert len(excluding) == 1
    walk = Walk(guide, {looked_after.id: excluding[0].key})
    assert walk.excluded_by == looked_after
    assert [q.id for q in walk.applicable] == [looked_after.id]
    start = guide.position(looked_after.id)
    later = [q.id for q in guide.questions if guide.position(q.id) > start]
    assert later and all(walk.skipped[qid].rule == "case excluded" for qid in later)
    assert walk.complete  # nothing more to ask
    assert walk.first_unanswered() is None
    # any other answer keeps the case in
    for option in looked_after.options:
        if not option.excludes:
            other = Walk(guide, {looked_after.id: option.key})
            assert other.excluded_by is None, option.key
            assert len(other.applicable) > 1


def test_exclusion_keeps_earlier_answers(guides):
    guide = guides["youth-resettlement-2022"]
    looked_after = next(q for q in guide.questions if "Looked After Child" in q.text)
    excluding = next(o.key for o in looked_after.options if o.excludes)
    answers = {looked_after.id: excluding, "RW1": "yes"}
    walk = Walk(guide, answers)
    assert walk.inapplicable_answers() == ["RW1"]
    assert answers == {looked_after.id: excluding, "RW1": "yes"}


# -- every guide -----------------------------------------------------------------------------


def test_every_rule_says_where_it_comes_from(guides):
    for guide in guides.values():
        for item in (*guide.standards, *guide.key_questions, *guide.questions):
            if item.rule is not None:
                assert item.rule_source and item.rule_source.strip(), f"{guide.id} {item.id}"
                assert item.condition is not None


def test_random_answers_walk_consistently_on_every_guide(guides):
    """However a case is answered, every question is either asked or skipped for a reason."""
    rng = random.Random(20191)
    for guide in guides.values():
        for _ in range(60):
            answers = {}
            for question in guide.questions:
                if rng.random() < 0.7 and question.choices:
                    if question.answer is AnswerType.MULTI:
                        answers[question.id] = rng.sample(question.choice_keys,
                                                          rng.randint(0, 2))
                    else:
                        answers[question.id] = rng.choice(question.choice_keys)
            walk = Walk(guide, answers)
            asked = [q.id for q in walk.applicable]
            assert asked == sorted(asked, key=guide.position)
            assert set(asked) | set(walk.skipped) == {q.id for q in guide.questions}
            assert not set(asked) & set(walk.skipped)
            for qid, skip in walk.skipped.items():
                assert skip.rule, f"{guide.id} {qid} skipped without a rule"
            if walk.excluded_by is None:
                assert all(
                    walk.applies(q.id) for q in guide.questions
                    if q.rule is None and guide.key_question_of(q).rule is None
                    and guide.standard_of(q).rule is None
                ), guide.id
