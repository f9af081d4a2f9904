"""The QA commands as a user runs them: second, compare, agreement, queries, review, check."""

from __future__ import annotations

import json
import random
import tomllib
from pathlib import Path

import numpy as np
import pytest
from statsmodels.stats.inter_rater import cohens_kappa

from carag_tui.case.editing import apply_answer
from carag_tui.case.store import load_case, read_case, save_case
from carag_tui.case.synthetic import write_case
from carag_tui.guide.registry import catalogue

GUIDE = "unpaid-work-2019"


def assessed(folder: Path, ref: str, seed: int, assessor: str) -> Path:
    path = write_case(
        folder, ref, catalogue().get(GUIDE), random.Random(seed), overrides={"org": "crc"}
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Demo Inspector"', f'"{assessor}"'), encoding="utf-8")
    return path


def second_answers(first: Path, second: Path, flip: set[str]) -> None:
    """Fill the blind copy with the first's answers, flipping the yes/no answers in `flip`."""
    guide = catalogue().get(GUIDE)
    answers = read_case(first).answers
    casefile = load_case(second)
    for qid, value in answers.items():
        if qid in flip:
            value = {"yes": "no", "no": "yes"}.get(value, value)
        apply_answer(casefile, guide, qid, value)
    save_case(casefile)


def test_second_is_blind_and_matched_by_reference(tmp_path: Path, carag) -> None:
    first = assessed(tmp_path / "cases", "UW-1", 1, "A. Inspector")
    result = carag("second", first, "--assessor", "B. Second")
    assert result.code == 0, result.err
    copy = Path(result.out.strip())
    assert copy == tmp_path / "cases-second" / "UW-1.toml"
    data, original = tomllib.loads(copy.read_text(encoding="utf-8")), read_case(first)
    assert (data["case"], data["guide"], data["guide_version"], data["unit"]) == (
        original.case,
        original.guide,
        original.guide_version,
        original.unit,
    )
    assert data["assessor"] == "B. Second" and data["status"] == "in_progress"
    assert not data["answers"] and not data["notes"]
    assert "queries" not in data and "review" not in data
    again = carag("second", first, "--assessor", "B. Second")
    assert again.code == 1 and "already exists" in again.err
    own = carag("second", first, "--assessor", "A. Inspector", "--dir", tmp_path / "x")
    assert own.code == 1 and "someone else" in own.err


def test_compare_lists_differences_with_both_notes(tmp_path: Path, carag) -> None:
    first = assessed(tmp_path / "a", "UW-1", 1, "A. Inspector")
    second = Path(
        carag("second", first, "--assessor", "B. Second", "--dir", tmp_path / "b").out.strip()
    )
    second_answers(first, second, {"U1.1", "U3.2"})
    assert (
        carag(
            "set",
            second,
            "--note",
            "U1.1=Plan is generic.",
            "U1.1=" + {"yes": "no", "no": "yes"}[read_case(first).answers["U1.1"]],
        ).code
        == 0
    )
    result = carag("compare", first, second)
    assert result.code == 0, result.err
    assert "U1.1" in result.out and "U3.2" in result.out
    assert "│ Plan is generic." in result.out
    assert "2 questions differ" in result.out
    data = json.loads(carag("compare", first, second, "--format", "json").out)
    assert [d["id"] for d in data["differences"]] == ["U1.1", "U3.2"]
    assert data["differences"][0]["b_note"].strip() == "Plan is generic."


def test_compare_writes_the_agreed_case_keeping_both(tmp_path: Path, carag) -> None:
    first = assessed(tmp_path / "a", "UW-1", 1, "A. Inspector")
    second = Path(
        carag("second", first, "--assessor", "B. Second", "--dir", tmp_path / "b").out.strip()
    )
    second_answers(first, second, {"U1.1", "U3.2"})
    before = first.read_bytes(), second.read_bytes()
    result = carag("compare", first, second, "--agree", "U1.1=b", "--write")
    assert result.code == 0, result.err
    agreed = Path(result.out.strip())
    assert agreed == tmp_path / "a-agreed" / "UW-1.toml"
    a, b, final = read_case(first), read_case(second), read_case(agreed)
    assert final.answers["U1.1"] == b.answers["U1.1"] != a.answers["U1.1"]
    assert final.answers["U3.2"] == a.answers["U3.2"]
    assert (first.read_bytes(), second.read_bytes()) == before
    trail = tomllib.loads(agreed.read_text(encoding="utf-8"))["review"]["trail"]
    assert trail[-1]["state"] == "adjudicated" and "U1.1" in trail[-1]["reason"]
    assert carag("compare", first, second, "--write").code == 1  # never over a file
    bad = carag("compare", first, second, "--agree", "U1.1=c", "--write", "-o", tmp_path / "x.toml")
    assert bad.code == 2


def test_compare_refuses_two_different_cases(tmp_path: Path, carag) -> None:
    one = assessed(tmp_path / "a", "UW-1", 1, "A. Inspector")
    two = assessed(tmp_path / "a", "UW-2", 2, "A. Inspector")
    result = carag("compare", one, two)
    assert result.code == 2 and "matched by case reference" in result.err


@pytest.fixture
def two_folders(tmp_path: Path, carag) -> tuple[Path, Path]:
    """Twelve cases assessed twice; the second assessor differs on U1.1 in three of them."""
    folder_a, folder_b = tmp_path / "first", tmp_path / "second"
    for number in range(12):
        first = assessed(folder_a, f"UW-{number:02d}", number, "A. Inspector")
        copy = Path(
            carag("second", first, "--assessor", "B. Second", "--dir", folder_b).out.strip()
        )
        second_answers(first, copy, {"U1.1"} if number % 4 == 0 else set())
    assessed(folder_a, "UW-ONLY", 99, "A. Inspector")
    return folder_a, folder_b


def test_agreement_json_shape_and_figures(two_folders, carag) -> None:
    folder_a, folder_b = two_folders
    result = carag("agreement", folder_a, folder_b, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert set(data) >= {"questions", "key_questions"}
    for item in data["questions"] + data["key_questions"]:
        assert {"id", "n", "agreement", "kappa", "kappa_se", "ac1"} <= set(item)
    by_id = {q["id"]: q for q in data["questions"]}
    guide = catalogue().get(GUIDE)
    prompt = [q.id for q in guide.questions if q.kind == "prompt"]
    assert list(by_id) == prompt
    assert [k["id"] for k in data["key_questions"]] == [
        k.id for k in guide.key_questions if k.summary
    ]
    u11 = by_id["U1.1"]
    assert u11["n"] == 12 and u11["agreement"] == pytest.approx(75.0)
    assert u11["disagreeing"] == ["UW-00", "UW-04", "UW-08"]
    answers_a = [
        read_case(p).answers["U1.1"]
        for p in sorted(folder_a.glob("UW-0*.toml")) + sorted(folder_a.glob("UW-1*.toml"))
    ]
    answers_b = [
        read_case(p).answers["U1.1"]
        for p in sorted(folder_b.glob("UW-0*.toml")) + sorted(folder_b.glob("UW-1*.toml"))
    ]
    labels = ["yes", "no"]
    table = np.array(
        [
            [
                sum(1 for a, b in zip(answers_a, answers_b, strict=True) if a == i and b == j)
                for j in labels
            ]
            for i in labels
        ]
    )
    if min(table.sum(0).min(), table.sum(1).min()) > 0:
        reference = cohens_kappa(table)
        assert u11["kappa"] == pytest.approx(reference.kappa)
        assert u11["kappa_se"] == pytest.approx(reference.std_kappa)
    agreeing = by_id["U1.2"]
    assert agreeing["agreement"] == 100.0 and agreeing["disagreeing"] == []
    assert data["cases"]["only_in_a"] == ["UW-ONLY"] and data["cases"]["paired"] == 12
    assert "NaN" not in result.out


def test_agreement_text_and_markdown(two_folders, carag) -> None:
    folder_a, folder_b = two_folders
    text = carag("agreement", folder_a, folder_b)
    assert text.code == 0
    assert "12 cases in both" in text.out and "1 only in" in text.out
    line = next(x for x in text.out.splitlines() if x.strip().startswith("U1.1 "))
    assert "75.0%" in line
    assert "differ: UW-00, UW-04, UW-08" in text.out
    assert "undefined" in text.out or "±" in text.out
    assert "nan" not in text.out.lower()
    assert all(
        len(x) <= 80
        for x in text.out.splitlines()
        if not x.startswith(("Agreement between", "  left out"))
    )
    md = carag("agreement", folder_a, folder_b, "--format", "md")
    assert "| U1.1 | 12 | 75.0% |" in md.out


def test_agreement_undefined_kappa_said(tmp_path: Path, carag) -> None:
    folder_a, folder_b = tmp_path / "a", tmp_path / "b"
    for number in range(3):
        first = assessed(folder_a, f"UW-{number}", number, "A. Inspector")
        copy = Path(
            carag("second", first, "--assessor", "B. Second", "--dir", folder_b).out.strip()
        )
        second_answers(first, copy, set())
        for path in (first, copy):
            assert carag("set", path, "U1.1=yes").code == 0
    data = json.loads(carag("agreement", folder_a, folder_b, "--format", "json").out)
    u11 = next(q for q in data["questions"] if q["id"] == "U1.1")
    assert u11["kappa"] is None and u11["kappa_se"] is None
    assert "answered 'yes' every time" in u11["kappa_undefined"]
    assert u11["agreement"] == 100.0 and u11["ac1"] == pytest.approx(1.0)
    text = carag("agreement", folder_a, folder_b).out
    assert "kappa undefined: A answered 'yes' every time" in text


def test_agreement_usage_errors(tmp_path: Path, carag) -> None:
    assert carag("agreement", tmp_path / "nope", tmp_path).code == 2
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert carag("agreement", tmp_path / "a", tmp_path / "b").code == 1  # nothing paired


def test_queries_listed_per_assessor_and_check_counts(tmp_path: Path, carag) -> None:
    folder = tmp_path / "cases"
    one = assessed(folder, "UW-1", 1, "A. Inspector")
    two = assessed(folder, "UW-2", 2, "C. Third")
    assessed(folder, "UW-3", 3, "C. Third")
    assert (
        carag("queries", one, "--open", "U1.1", "Evidence for this?", "--by", "L. Lead").code == 0
    )
    assert carag("queries", two, "--open", "U3.1", "Start date?", "--by", "L. Lead").code == 0
    assert carag("queries", two, "--reply", "U3.1", "3 May", "--by", "C. Third").code == 0
    listing = carag("queries", folder)
    assert listing.code == 0
    assert "A. Inspector: 1 open" in listing.out and "C. Third: 1 open" in listing.out
    assert "(answered, to close)" in listing.out and "reply: 3 May" in listing.out
    assert "2 open queries" in listing.out
    assert carag("review", one, "--approve", "--reviewer", "L. Lead").code == 1
    assert carag("queries", one, "--close", "U1.1", "--by", "L. Lead").code == 0
    assert carag("review", one, "--approve", "--reviewer", "L. Lead").code == 0
    assert (
        carag("review", two, "--return", "Answer the query first", "--reviewer", "L. Lead").code
        == 0
    )
    check = carag("check", folder)
    assert "Review: 1 approved, 0 stale, 1 awaiting review, 1 returned, 1 open query" in check.out
    data = json.loads(carag("check", folder, "--format", "json").out)
    assert [f["review"] for f in data["files"]] == ["approved", "returned", "awaiting_review"]
    assert (
        carag("set", one, "U1.1=" + {"yes": "no", "no": "yes"}[read_case(one).answers["U1.1"]]).code
        == 0
    )
    check = carag("check", folder)
    assert "1 stale" in check.out and "approval stale (an answer or note changed" in check.out


def test_reviewers_list_in_inspection_toml(tmp_path: Path, carag) -> None:
    folder = tmp_path / "cases"
    path = assessed(folder, "UW-1", 1, "A. Inspector")
    (tmp_path / "inspection.toml").write_text('reviewers = ["L. Lead"]\n', encoding="utf-8")
    refused = carag("review", path, "--approve", "--reviewer", "X. Other")
    assert refused.code == 1 and "not in the reviewers list" in refused.err
    assert "workflow aid, not access control" in refused.err
    done = carag("review", path, "--approve", "--reviewer", "L. Lead")
    assert done.code == 0 and "workflow aid" in done.out
    (tmp_path / "inspection.toml").write_text('reviewers = "L. Lead"\n', encoding="utf-8")
    bad = carag("review", path, "--return", "x", "--reviewer", "L. Lead")
    assert bad.code == 1 and "inspection.toml:1: reviewers: expected a list" in bad.err


def test_review_without_terminal_says_what_to_do(tmp_path: Path, carag) -> None:
    path = assessed(tmp_path, "UW-1", 1, "A. Inspector")
    result = carag("review", path)
    assert result.code == 2 and "--approve" in result.err


def test_check_warns_about_a_bad_review_table_and_keeps_it(tmp_path: Path, carag) -> None:
    path = assessed(tmp_path, "UW-1", 1, "A. Inspector")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + '\n[review]\nstate = "aproved"\ncolour = "red"\n\n'
        '[queries."U1.1"]\nstate = "opened"\n',
        encoding="utf-8",
    )
    result = carag("check", path)
    assert result.code == 0  # warnings, not errors: nothing is lost
    assert "review.state: expected approved or returned, found 'aproved'" in result.out
    assert "review.colour: unknown key (kept)" in result.out
    assert 'queries."U1.1".state: expected one of open, answered, closed' in result.out
    assert "unknown key 'review'" not in result.out
    assert carag("set", path, "U1.1=yes").code == 0
    assert 'colour = "red"' in path.read_text(encoding="utf-8")


def test_review_dir_needs_a_terminal_and_names_the_way_round(tmp_path: Path, carag) -> None:
    assessed(tmp_path / "cases", "UW-1", 1, "A. Inspector")
    result = carag("review", tmp_path / "cases")
    assert result.code == 2 and "carag review FILE --approve" in result.err
    assert carag("review", tmp_path / "nothing").code == 2
    assert carag("review", tmp_path / "cases", "--approve").code == 2  # one FILE only


def test_show_gives_the_review_state_and_open_queries(tmp_path: Path, carag) -> None:
    path = assessed(tmp_path, "UW-1", 1, "A. Inspector")
    assert carag("queries", path, "--open", "U1.1", "Evidence?", "--by", "L. Lead").code == 0
    text = carag("show", path).out
    assert "Review: awaiting review, 1 open query" in text
    assert "? query (open) L. Lead: Evidence?" in text
    data = json.loads(carag("show", path, "--format", "json").out)
    assert data["review"] == "awaiting_review"
    row = next(q for q in data["questions"] if q["id"] == "U1.1")
    assert row["query"]["text"] == "Evidence?" and row["query"]["state"] == "open"


def test_report_counts_review_states(tmp_path: Path, carag) -> None:
    folder = tmp_path / "cases"
    one = assessed(folder, "UW-1", 1, "A. Inspector")
    assessed(folder, "UW-2", 2, "A. Inspector")
    assert carag("review", one, "--approve", "--reviewer", "L. Lead").code == 0
    text = carag("report", folder).out
    assert "Review: 1 approved, 0 stale, 1 awaiting review, 0 returned" in text
    assert json.loads(carag("report", folder, "--format", "json").out)["review"] == {
        "approved": 1,
        "awaiting_review": 1,
    }
    assert (
        carag("set", one, "U1.1=" + {"yes": "no", "no": "yes"}[read_case(one).answers["U1.1"]]).code
        == 0
    )
    assert "Review: 0 approved, 1 stale" in carag("report", folder, "--format", "md").out
    assert "Review: 0 approved, 1 stale" in carag("report", folder, "--format", "html").out


def test_agreement_with_several_guides_needs_one_chosen(tmp_path: Path, carag) -> None:
    folder_a, folder_b = tmp_path / "a", tmp_path / "b"
    first = assessed(folder_a, "UW-1", 1, "A. Inspector")
    second_answers(
        first,
        Path(carag("second", first, "--assessor", "B. Second", "--dir", folder_b).out.strip()),
        set(),
    )
    other = write_case(folder_a, "CR-1", catalogue().get("court-reports-2020"), random.Random(5))
    assert carag("second", other, "--assessor", "B. Second", "--dir", folder_b).code == 0
    result = carag("agreement", folder_a, folder_b)
    assert result.code == 2 and "choose one with --guide ID" in result.err
    assert "court-reports-2020" in result.err and GUIDE in result.err
    chosen = json.loads(
        carag("agreement", folder_a, folder_b, "--guide", GUIDE, "--format", "json").out
    )
    assert chosen["guide"] == GUIDE and chosen["cases"]["paired"] == 1
    # a question the blind copy left unanswered does not count: n is 0 there, no figures
    court = json.loads(
        carag(
            "agreement", folder_a, folder_b, "--guide", "court-reports-2020", "--format", "json"
        ).out
    )
    assert all(
        q["n"] == 0 and q["agreement"] is None and q["kappa"] is None for q in court["questions"]
    )
