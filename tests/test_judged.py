"""A summary judgement whose key question's answers changed after it was given is to review
(`case/judged.py`): in `carag check`, the report's incomplete list, a merge and a hand edit."""

from __future__ import annotations

import tomllib
from pathlib import Path

from carag_tui.case.editing import apply_answer
from carag_tui.case.session import CaseSession
from carag_tui.case.store import load_case, save_case
from carag_tui.guide.registry import catalogue
from carag_tui.team.merge import Merge
from tests.tui.helpers import make_case

U1 = {
    "org": "crc",
    "other_requirements": "no",
    "U1.1": "yes",
    "U1.2": "no",
    "U1.3": "yes",
    "U1.4": "yes",
}


def judged_case(folder: Path, ref: str = "J-1") -> Path:
    """A case with U1 answered and its summary U1S given on those answers (as the app does)."""
    path = make_case(folder, ref, "unpaid-work-2019", U1)
    session = CaseSession(path)
    session.set_answer("U1S", "yes")
    assert session.save().saved
    session.close()
    return path


def test_a_changed_answer_flags_the_summary_until_it_is_given_again(tmp_path: Path, carag) -> None:
    path = judged_case(tmp_path)
    assert "U1S" in tomllib.loads(path.read_text())["judged"]
    assert "to review" not in carag("check", path).out
    session = CaseSession(path)
    change = session.set_answer("U1.2", "yes")
    assert change.to_review == ("U1S",)
    assert "U1S to review" in change.describe()
    session.save()
    session.close()
    done = carag("check", path)
    assert "warning: U1S to review: answers changed since it was given" in done.out
    assert "1 summary judgement to review" in done.out
    report = carag("report", tmp_path)
    assert "to review: U1S" in report.out  # in the incomplete list, though nothing is missing
    session = CaseSession(path)
    change = session.set_answer("U1S", "yes")  # the same judgement, confirmed
    assert "U1S confirmed" in change.describe()
    session.save()
    session.close()
    assert "to review" not in carag("check", path).out
    assert "to review" not in carag("report", tmp_path).out


def test_changed_back_is_no_longer_to_review(tmp_path: Path) -> None:
    path = judged_case(tmp_path)
    session = CaseSession(path)
    assert session.set_answer("U1.2", "yes").to_review == ("U1S",)
    assert session.set_answer("U1.2", "no").describe() == ""
    session.close()


def test_a_hand_edit_of_an_answer_flags_the_summary(tmp_path: Path, carag) -> None:
    path = judged_case(tmp_path)
    text = path.read_text()
    assert '"U1.3" = "yes"' in text
    path.write_text(text.replace('"U1.3" = "yes"', '"U1.3" = "no"'))
    assert "U1S to review" in carag("check", path).out
    assert '"U1S"' in carag("check", "--format", "json", path).out.split('"to_review"')[1]
    # a summary with no record (a file from before, a hand-written one) is never flagged
    data = path.read_text()
    path.write_text(data[: data.index("[judged]")])
    assert "to review" not in carag("check", path).out


def test_a_merge_of_a_colleagues_answer_flags_our_summary(tmp_path: Path) -> None:
    base_path = make_case(tmp_path, "M-1", "unpaid-work-2019", U1)
    base = base_path.read_text()
    guide = catalogue().get("unpaid-work-2019")
    ours_file = load_case(base_path)
    apply_answer(ours_file, guide, "U1S", "yes")
    save_case(ours_file)
    ours = base_path.read_text()
    base_path.write_text(base)
    theirs_file = load_case(base_path)
    apply_answer(theirs_file, guide, "U1.4", "no")
    save_case(theirs_file)
    theirs = base_path.read_text()
    base_path.write_text(Merge(base, ours, theirs).result())
    merged = load_case(base_path)
    assert merged.case.answers["U1.4"] == "no" and merged.case.answers["U1S"] == "yes"
    from carag_tui.case.flow import Walk
    from carag_tui.case.judged import to_review

    walk = Walk(guide, merged.case.answers)
    assert to_review(walk.applicable, walk.answer, merged.case.judged) == ("U1S",)
    # both sides gave the summary on different answers: no clash, ours kept, flagged
    base_path.write_text(base)
    theirs_file = load_case(base_path)
    apply_answer(theirs_file, guide, "U1.4", "no")
    apply_answer(theirs_file, guide, "U1S", "yes")
    save_case(theirs_file)
    both = Merge(base, ours, base_path.read_text())
    assert "judged/U1S" not in both.clashes


def test_questions_that_stop_applying_are_named_with_the_reason(tmp_path: Path) -> None:
    guide = catalogue().get("case-supervision-2019")
    path = make_case(
        tmp_path,
        "S-1",
        "case-supervision-2019",
        {"harm_subsample": "yes", "P3.1": "yes", "D3.1": "no", "R3.1": "yes"},
    )
    casefile = load_case(path)
    said = apply_answer(casefile, guide, "harm_subsample", "no").describe()
    assert said == (
        "P3, D3, R3 no longer apply (risk of harm sub-sample), because "
        "harm_subsample is No; their answers are kept"
    )


def test_plain_mode_says_a_summary_is_to_review_and_marks_notes(tmp_path: Path) -> None:
    import io

    from support import Script

    from carag_tui.plain import run_plain

    path = judged_case(tmp_path)
    session = CaseSession(path)
    session.set_answer("U1.2", "yes")
    session.set_note("U1.3", "Seen on file.")
    session.save()
    session.close()
    out = io.StringIO()
    run_plain(path, stdin=Script(["goto U1S", "q"]), stdout=out)
    text = out.getvalue()
    assert "U1S to review: answers changed since it was given" in text
    assert "U1.3*" in text and "(* has a note)" in text


def test_a_colleagues_answer_saved_while_ours_was_open_flags_our_summary(tmp_path: Path) -> None:
    """Our summary, re-applied onto a file changed on disk meanwhile (a `git pull`), keeps
    what it saw: the colleague's answer it did not see leaves it to review."""
    from support import edit_elsewhere

    from carag_tui.case.flow import Walk
    from carag_tui.case.judged import to_review

    path = make_case(tmp_path, "P-1", "unpaid-work-2019", U1)
    session = CaseSession(path)
    session.set_answer("U1S", "yes")  # not saved yet
    edit_elsewhere(path, "U1.4", "no")
    assert session.save().saved
    session.close()
    merged = load_case(path)
    assert merged.case.answers["U1.4"] == "no" and merged.case.answers["U1S"] == "yes"
    walk = Walk(catalogue().get("unpaid-work-2019"), merged.case.answers)
    assert to_review(walk.applicable, walk.answer, merged.case.judged) == ("U1S",)
