"""The walk: which questions a case is asked, in what order, and how far it has got."""

from __future__ import annotations

import pytest

from carag_tui.case.editing import Change, apply_answer, mark_status, new_case
from carag_tui.case.flow import Walk
from carag_tui.case.model import Status
from carag_tui.case.store import load_case, read_case, save_case


@pytest.fixture
def upw(guides):
    return guides["unpaid-work-2019"]


@pytest.fixture
def supervision(guides):
    return guides["case-supervision-2019"]


def ids(questions) -> list[str]:
    return [q.id for q in questions]


def answer_all(guide, answers: dict | None = None) -> dict:
    """Answer every applicable question (first option), walking as a person would."""
    answers = dict(answers or {})
    while (question := Walk(guide, answers).first_unanswered()) is not None:
        answers[question.id] = (
            [question.choice_keys[0]]
            if question.answer == "multi"
            else 1
            if question.answer == "number"
            else "some text"
            if question.answer == "text"
            else question.choice_keys[0]
        )
    return answers


# -- order and navigation ----------------------------------------------------------------------


def test_applicable_questions_in_guide_order(upw):
    walk = Walk(upw, {"org": "crc", "other_requirements": "no"})
    expected = [q.id for q in upw.questions if q.id != "U2.4"]
    assert ids(walk.applicable) == expected
    assert walk.skipped["U2.4"].rule == upw.question("U2.4").rule
    assert walk.skipped["U2.4"].on == "question U2.4"
    assert ids(Walk(upw, {"org": "nps"}).applicable) == [q.id for q in upw.questions]


def test_a_skip_names_the_answers_that_made_it(upw):
    walk = Walk(upw, {"org": "crc", "other_requirements": "no"})
    skip = walk.skipped["U2.4"]
    assert skip.answers == (("other_requirements", "no"), ("org", "crc"))
    crc = upw.question("org").label_for("crc")
    assert skip.describe(upw) == (
        f"other_requirements is No, org is {crc} "
        "(question U2.4: other_requirements == yes or org == nps)"
    )
    unanswered = Walk(upw, {"org": "crc"}).skipped["U2.4"]
    assert unanswered.describe(upw).startswith(
        f"other_requirements is not answered, org is {crc} (question U2.4: "
    )


def test_next_unanswered(upw):
    walk = Walk(upw, {"org": "crc", "other_requirements": "yes", "U1.1": "yes", "U1.3": "no"})
    assert walk.first_unanswered().id == "U1.2"
    assert walk.first_unanswered(after="U1.2").id == "U1.4"
    # wraps round to the start
    last = upw.questions[-1].id
    assert walk.first_unanswered(after=last).id == "U1.2"
    assert walk.resume_at().id == "U1.2"


def test_an_invalid_answer_counts_as_unanswered(upw):
    walk = Walk(upw, {"org": "maybe", "other_requirements": "yes"})
    assert walk.first_unanswered().id == "org"
    assert walk.answer("org") is None
    assert walk.progress().answered == 1


def test_previous_and_next(upw):
    walk = Walk(upw, {"org": "crc", "other_requirements": "no"})
    assert walk.next("U2.3").id == "U2S"  # U2.4 does not apply
    assert walk.previous("U2S").id == "U2.3"
    assert walk.previous(upw.questions[0].id) is None
    assert walk.next(upw.questions[-1].id) is None
    # from a question that does not apply, to its neighbours that do
    assert walk.next("U2.4").id == "U2S"
    assert walk.previous("U2.4").id == "U2.3"


def test_next_and_previous_key_question(upw):
    walk = Walk(upw, {})
    assert ids(walk.key_questions()) == ["details", "U1", "U2", "U3"]
    assert walk.next_key_question("U1.2", 1).id == "U2.1"
    assert walk.next_key_question("U2.1", -1).id == "U1.1"
    assert walk.next_key_question("org", 1).id == "U1.1"
    assert walk.next_key_question("U3.2", 1) is None
    assert walk.next_key_question("org", -1) is None


def test_next_key_question_skips_those_that_do_not_apply(supervision):
    risk_free = {"A3.12": "low", "A3.2": "no", "A3.4": "no", "harm_subsample": "no"}
    walk = Walk(supervision, risk_free)
    assert walk.next_key_question("P2.1", 1).id == "D1.1"  # P3 is not asked
    assert walk.next_key_question("D1.1", -1).id == "P2.1"
    walk = Walk(supervision, {**risk_free, "harm_subsample": "yes"})
    assert walk.next_key_question("P2.1", 1).id == "P3.1"


def test_resume_at_the_last_question_when_all_are_answered(upw):
    answers = answer_all(upw)
    walk = Walk(upw, answers)
    assert walk.first_unanswered() is None
    assert walk.resume_at() == walk.applicable[-1]


# -- progress ----------------------------------------------------------------------------------


def test_progress_per_key_question_and_overall(upw):
    answers = {"org": "crc", "other_requirements": "no", "U1.1": "yes", "U1.2": "no", "U2.1": "yes"}
    walk = Walk(upw, answers)
    assert (walk.progress("details").answered, walk.progress("details").applicable) == (2, 2)
    assert walk.progress("details").done
    u1 = walk.progress("U1")
    assert (u1.answered, u1.applicable) == (2, 5)
    assert u1.fraction == pytest.approx(0.4)
    assert not u1.done
    u2 = walk.progress("U2")
    assert (u2.answered, u2.applicable) == (1, 4)  # U2.4 does not apply
    overall = walk.progress()
    assert (overall.answered, overall.applicable) == (5, len(upw.questions) - 1)
    assert ids(walk.missing())[:3] == ["U1.3", "U1.4", "U1S"]
    assert not walk.complete


def test_complete_when_every_applicable_question_is_answered(upw):
    answers = answer_all(upw, {"org": "crc", "other_requirements": "no"})
    assert "U2.4" not in answers
    walk = Walk(upw, answers)
    assert walk.complete
    assert walk.missing() == []
    assert walk.progress().fraction == 1.0


# -- changes re-evaluate at once ---------------------------------------------------------------


def test_changing_an_earlier_answer_re_evaluates_at_once(supervision):
    answers = {"A3.4": "yes", "A3.5": "no"}
    assert Walk(supervision, answers).applies("A3.5")
    answers["A3.4"] = "no"
    walk = Walk(supervision, answers)
    assert not walk.applies("A3.5")
    # the answer stays, but counts for nothing
    assert answers["A3.5"] == "no"
    assert walk.inapplicable_answers() == ["A3.5"]
    assert walk.answer("A3.5") is None
    assert "A3.5" not in ids(walk.missing())
    assert walk.progress("A3").answered == 1  # only A3.4


def test_a_skipped_question_cannot_switch_on_a_later_one(supervision):
    """A rule reading an answer to a question that no longer applies sees it as unanswered."""
    answers = {"A3.4": "no", "A3.12": "low", "A3.2": "no", "A3.5": "yes"}
    walk = Walk(supervision, answers)
    assert not walk.applies("P3.1")


def test_apply_answer_reports_what_changed(tmp_path, supervision):
    casefile = new_case(tmp_path, "FLOW-1", supervision)
    apply_answer(casefile, supervision, "harm_subsample", "yes")
    change = apply_answer(casefile, supervision, "A3.4", "yes")
    started = change.started
    assert "A3.5" in started and "P3.6" in started
    assert change.stopped == ()
    assert change.describe().startswith(f"{len(started)} questions now apply")
    for qid in ("A3.5", "P3.1", "P3.6", "D3.1"):
        apply_answer(casefile, supervision, qid, "yes")
    change = apply_answer(casefile, supervision, "A3.4", "no")
    assert change.stopped == ("A3.5", "P3.6")  # P3 and D3 follow harm_subsample, not A3.4
    assert change.describe().startswith(
        "A3.5, P3.6 no longer apply, because A3.4 is No; their answers are kept"
    )
    assert casefile.case.answers["A3.5"] == "yes"
    save_case(casefile)
    assert read_case(casefile.path).answers["P3.6"] == "yes"  # kept in the file


def test_change_message_for_one_question(tmp_path, supervision):
    casefile = new_case(tmp_path, "FLOW-2", supervision)
    apply_answer(casefile, supervision, "A3.4", "yes")
    apply_answer(casefile, supervision, "A3.12", "high")  # P3 stays in the sub-sample
    apply_answer(casefile, supervision, "A3.5", "no")
    change = apply_answer(casefile, supervision, "A3.4", "no")
    assert change.stopped == ("A3.5",)
    assert "A3.5 no longer applies, because A3.4 is No; its answer is kept" in change.describe()
    assert Change().describe() == ""


def test_status_goes_back_to_in_progress_when_a_question_starts_to_apply(tmp_path, upw):
    casefile = new_case(tmp_path, "FLOW-3", upw)
    for qid, value in answer_all(upw, {"org": "crc", "other_requirements": "no"}).items():
        apply_answer(casefile, upw, qid, value)
    mark_status(casefile, Status.COMPLETE)
    save_case(casefile)
    casefile = load_case(casefile.path)
    change = apply_answer(casefile, upw, "other_requirements", "yes")
    assert change.started == ("U2.4",)
    assert change.status is Status.IN_PROGRESS
    assert casefile.case.status is Status.IN_PROGRESS
    save_case(casefile)
    assert read_case(casefile.path).status is Status.IN_PROGRESS
    # answering it again does not make it complete by itself: that is the inspector's call
    change = apply_answer(casefile, upw, "U2.4", "yes")
    assert change.status is None
    assert casefile.case.status is Status.IN_PROGRESS


def test_a_complete_case_stays_complete_when_an_answer_changes_value(tmp_path, upw):
    casefile = new_case(tmp_path, "FLOW-4", upw)
    for qid, value in answer_all(upw).items():
        apply_answer(casefile, upw, qid, value)
    mark_status(casefile, Status.COMPLETE)
    change = apply_answer(
        casefile, upw, "U1.1", "no" if casefile.case.answers["U1.1"] == "yes" else "yes"
    )
    assert change.status is None and casefile.case.status is Status.COMPLETE
    # clearing an applicable answer makes it incomplete
    change = apply_answer(casefile, upw, "U1.1", None)
    assert change.status is Status.IN_PROGRESS


def test_exclusion_sets_status_excluded_and_undoing_it_goes_back(tmp_path, guides):
    youth = guides["youth-resettlement-2022"]
    looked_after = youth.questions[0]
    excluding = next(o.key for o in looked_after.options if o.excludes)
    casefile = new_case(tmp_path, "YOUTH-1", youth)
    apply_answer(casefile, youth, "C7", "yes")
    change = apply_answer(casefile, youth, looked_after.id, excluding)
    assert change.status is Status.EXCLUDED
    assert "the case is excluded from the sample" in change.describe()
    assert casefile.case.status is Status.EXCLUDED
    assert "C7" in change.stopped
    save_case(casefile)
    case = read_case(casefile.path)
    assert case.status is Status.EXCLUDED and case.answers["C7"] == "yes"
    walk = Walk(youth, case.answers)
    assert walk.excluded_by.id == looked_after.id and walk.complete
    change = apply_answer(casefile, youth, looked_after.id, "no")
    assert change.status is Status.IN_PROGRESS
    assert Walk(youth, casefile.case.answers).applies("C8")  # C7 = yes is back in force
