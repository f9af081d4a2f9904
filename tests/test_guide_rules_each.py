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
def test_keeping_people_safe_only_when_the_inspector_puts_the_case_in_the_subsample(
    supervision, key_question
):
    kq = supervision.key_question(key_question)
    assert kq.sample is Sample.SUBSAMPLE and kq.sample_note
    assert kq.rule == "harm_subsample == yes"
    assert str(kq.rule_origin) == "report" and "footnote 17" in kq.rule_source
    members = [q.id for q in supervision.questions_of(key_question)]
    assert members[-1] == f"{key_question}S"
    for answers in (
        {},
        {"harm_subsample": "no"},
        # the answers that only suggest it decide nothing by themselves
        {"A3.12": "very_high", "A3.2": "yes", "A3.4": "yes"},
        {"A3.12": "high", "harm_subsample": "no"},
    ):
        walk = Walk(supervision, answers)
        assert not any(walk.applies(qid) for qid in members), answers
    assert (
        Walk(supervision, {"harm_subsample": "no"}).skipped[members[0]].on
        == f"key question {key_question}"
    )
    # a low RoSH at the start does not keep a case out (R3.1: "even in cases where the
    # assessed level of risk of harm is low")
    walk = Walk(supervision, {**RISK_FREE, "harm_subsample": "yes"})
    assert walk.applies(members[0]) and walk.applies(f"{key_question}S")
    assert walk.key_question_applies(key_question)


def test_the_subsample_question_is_asked_of_every_case_after_assessment(supervision):
    question = supervision.question("harm_subsample")
    assert question.answer is AnswerType.YES_NO
    assert (
        supervision.position("A3S")
        < supervision.position("harm_subsample")
        < supervision.position("P1.1")
    )
    assert not supervision.standard_of(question).rated
    for answers in ({}, RISK_FREE):
        assert applies(supervision, answers, "harm_subsample")
    assert "footnote 17" in question.guidance and "even in cases where" in question.guidance


@pytest.mark.parametrize(
    ("answers", "suggested", "because"),
    [
        ({"A3.12": "medium"}, True, ["A3.12 answered Medium"]),
        (
            {"A3.12": "low", "A3.2": "yes", "A3.4": "yes"},
            True,
            ["A3.2 answered Yes", "A3.4 answered Yes"],
        ),
        (RISK_FREE, False, []),
        ({}, False, []),
    ],
)
def test_the_subsample_suggestion_names_the_answers_that_make_it(
    supervision, answers, suggested, because
):
    from carag_tui.case.suggestion import suggestion_for, suggestion_markdown

    question = supervision.question("harm_subsample")
    walk = Walk(supervision, answers)
    found = suggestion_for(walk, question)
    assert (found is not None) is suggested
    shown = suggestion_markdown(walk, question)
    assert shown.startswith("**Suggestion** (the guide's, not a rule)")
    if found is not None:
        assert found.answer == "yes" and list(found.because) == because
        assert all(b in shown for b in because) and "The decision is yours" in shown
    # a suggestion never answers the question
    assert walk.answer("harm_subsample") is None


def test_the_other_key_questions_are_asked_of_every_case(supervision):
    walk = Walk(supervision, {**RISK_FREE, "harm_subsample": "no"})
    for kq in supervision.key_questions:
        if kq.id not in SUBSAMPLE:
            assert kq.sample is Sample.ALL, kq.id
            assert walk.key_question_applies(kq.id), kq.id


def test_p3_5_only_when_a3_2_is_yes(supervision):
    in_subsample = {**RISK_FREE, "harm_subsample": "yes"}
    assert not applies(supervision, in_subsample, "P3.5")
    assert applies(supervision, {**in_subsample, "A3.2": "yes"}, "P3.5")
    assert not applies(supervision, {**RISK_FREE, "A3.2": "yes"}, "P3.5")  # not in it


def test_p3_6_only_when_a3_4_is_yes(supervision):
    in_subsample = {**RISK_FREE, "harm_subsample": "yes"}
    assert not applies(supervision, in_subsample, "P3.6")
    assert applies(supervision, {**in_subsample, "A3.4": "yes"}, "P3.6")
    assert not applies(supervision, {**in_subsample, "A3.2": "yes"}, "P3.6")


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


def test_r2_12_records_the_nps_retained_exception(guides):
    guide = guides["court-reports-2020"]
    r212 = guide.question("R2.12")
    assert r212.choice_keys == ("yes", "no", "left_to_ro")
    assert "retained by the NPS" in r212.label_for("left_to_ro")
    assert "In cases retained by the NPS, the screening can be left" in " ".join(
        r212.guidance.split()
    )
    # a retained case's screening left to the responsible officer is not a plain "no"
    for answer in ("no", "left_to_ro"):
        walk = Walk(guide, {"allocated_to": "nps", "R2.12": answer})
        for later in ("R2.13", "R2.16", "R2.17"):
            assert not walk.applies(later), (answer, later)
        assert walk.applies("R2.14") and walk.applies("R2S")
    walk = Walk(guide, {"allocated_to": "nps", "R2.12": "yes"})
    assert all(walk.applies(q) for q in ("R2.13", "R2.16", "R2.17"))


@pytest.mark.parametrize(("question", "depends_on"), [("R2.13", "R2.12"), ("R2.15", "R2.14")])
def test_court_report_rosh_questions(guides, question, depends_on):
    guide = guides["court-reports-2020"]
    assert not applies(guide, {}, question)
    assert not applies(guide, {depends_on: "no"}, question)
    assert applies(guide, {depends_on: "yes"}, question)
    assert guide.position(depends_on) < guide.position(question)


# -- victim work ---------------------------------------------------------------------------


def test_v2_3_is_asked_whatever_the_release(guides):
    guide = guides["victim-work-2020"]
    assert guide.question("V2.3").rule is None
    for answers in ({}, {"release": "no"}, {"release": "yes"}):
        assert applies(guide, answers, "V2.3"), answers


def test_v3_depends_on_release_only_not_on_opting_in(guides):
    guide = guides["victim-work-2020"]
    assert guide.key_question("V3").rule == "release == yes"
    for opted in ("yes", "no"):
        assert applies(guide, {"opted_in": opted, "release": "yes"}, "V3.1")
        assert not applies(guide, {"opted_in": opted, "release": "no"}, "V3.1")
    assert not any(
        "opted_in" in (item.rule or "") for item in (*guide.key_questions, *guide.questions)
    )


def test_v2_has_light_grey_questions_as_v2s_says(guides):
    guide = guides["victim-work-2020"]
    assert "shaded light grey" in guide.question("V2S").guidance
    kinds = {q.id: q.kind for q in guide.questions_of("V2") if q.id != "V2S"}
    assert {"supplementary", "prompt"} <= set(map(str, kinds.values()))
    assert all(q.kind_inferred for q in guide.questions_of("V2") if q.id != "V2S")


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
    assert len(excluding) == 2  # host YOT, and home YOT, not responsible for assessment
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


def test_youth_home_yot_not_responsible_for_assessment_is_excluded(guides):
    guide = guides["youth-resettlement-2022"]
    c1 = guide.question("C1")
    excluded = {o.key for o in c1.options if o.excludes}
    assert excluded == {"yes_home_away_not_assessed", "yes_host_not_assessed"}
    for key in excluded:
        assert Walk(guide, {"C1": key}).excluded_by == c1
    parts = {str(i.part) for i in c1.inferred}
    assert {"options", "rule"} <= parts


def test_youth_options_groupings_and_kinds_are_marked_inferred(guides):
    guide = guides["youth-resettlement-2022"]
    for question in guide.questions:
        parts = {str(i.part) for i in question.inferred}
        assert "kind" in parts, question.id  # the CAG has no shading key
        if question.options:
            assert "options" in parts, question.id
    assert "not an ONS classification" in next(
        i.reason for i in guide.question("C2").inferred if str(i.part) == "options"
    )
    for kq in guide.key_questions:
        assert "grouping" in {str(i.part) for i in kq.inferred}, kq.id


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
                        answers[question.id] = rng.sample(question.choice_keys, rng.randint(0, 2))
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
                    walk.applies(q.id)
                    for q in guide.questions
                    if q.rule is None
                    and guide.key_question_of(q).rule is None
                    and guide.standard_of(q).rule is None
                ), guide.id
