"""`carag report`: figures, denominators, ratings, grouping, broken files, inspection.toml."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import write_raw

from carag_tui.case.flow import Walk
from carag_tui.case.walks import WalkCache
from carag_tui.cli import main
from carag_tui.guide.registry import catalogue
from carag_tui.report.aggregate import NOT_RECORDED, build_report
from carag_tui.report.ratings import (
    BANDS,
    PROVIDER_BANDS,
    Rating,
    percent,
    provider_rating,
    rating_for,
    standard_rating,
)

TTG = "through-the-gate-2019"
CS = "case-supervision-2019"
YOUTH = "youth-resettlement-2022"
OUT_OF_SUBSAMPLE = {"A3.12": "low", "A3.2": "no", "A3.4": "no", "harm_subsample": "no"}


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    """Own user folders (CARAG_HOME) for every test, whatever conftest does."""
    monkeypatch.setenv("CARAG_HOME", str(tmp_path / "carag-home"))
    catalogue.cache_clear()
    yield
    catalogue.cache_clear()


def kq(report, guide_id: str, number: str):
    result = next(g for g in report.guides if g.guide.id == guide_id)
    return next(k for k in result.key_questions if k.number == number)


def standard(report, guide_id: str, number: str):
    result = next(g for g in report.guides if g.guide.id == guide_id)
    return next(s for s in result.standards if s.number == number)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- ratings as data -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "total", "expected"),
    [
        (99, 200, 50),
        (129, 200, 65),
        (159, 200, 80),  # x.5 rounds up
        (197, 400, 49),
        (257, 400, 64),
        (317, 400, 79),  # x.25 rounds down
        (1, 3, 33),
        (2, 3, 67),
        (0, 7, 0),
        (7, 7, 100),
        (27, 62, 44),
        (0, 0, None),
    ],
)
def test_percent_rounds_half_up(yes, total, expected):
    assert percent(yes, total) == expected


@pytest.mark.parametrize(
    ("value", "rating"),
    [
        (100, Rating.OUTSTANDING),
        (80, Rating.OUTSTANDING),
        (79, Rating.GOOD),
        (65, Rating.GOOD),
        (64, Rating.REQUIRES_IMPROVEMENT),
        (50, Rating.REQUIRES_IMPROVEMENT),
        (49, Rating.INADEQUATE),
        (0, Rating.INADEQUATE),
        (None, None),
    ],
)
def test_bands(value, rating):
    assert rating_for(value) is rating


def test_standard_rating_is_driven_by_the_lowest_key_question():
    assert standard_rating([90, 81, 66]) is Rating.GOOD
    assert standard_rating([90, None, 49]) is Rating.INADEQUATE
    assert standard_rating([None, None]) is None
    assert standard_rating([]) is None


@pytest.mark.parametrize(
    ("scores", "rating"),
    [
        ([0] * 10, Rating.INADEQUATE),
        ([1] * 5 + [0] * 5, Rating.INADEQUATE),
        ([1] * 6 + [0] * 4, Rating.REQUIRES_IMPROVEMENT),
        ([2] * 5 + [1] * 5, Rating.REQUIRES_IMPROVEMENT),
        ([2] * 6 + [1] * 4, Rating.GOOD),
        ([3] * 5 + [2] * 5, Rating.GOOD),
        ([3] * 6 + [2] * 4, Rating.OUTSTANDING),
        ([3] * 10, Rating.OUTSTANDING),
    ],
)
def test_provider_bands(scores, rating):
    by_score = {r.score: r for r in Rating}
    total, found = provider_rating(by_score[s] for s in scores)
    assert total == sum(scores)
    assert found is rating


def test_band_tables_cover_everything():
    assert [b.min_percent for b in BANDS] == sorted((b.min_percent for b in BANDS), reverse=True)
    assert BANDS[-1].min_percent == 0
    covered = [n for b in PROVIDER_BANDS for n in range(b.low, b.high + 1)]
    assert covered == list(range(31))


# -- figures and denominators ----------------------------------------------------------------


def test_rounding_at_the_band_edges_from_case_files(tmp_path):
    for i in range(200):
        write_raw(
            tmp_path,
            f"E{i:03d}",
            TTG,
            {
                "T1S": "yes" if i < 99 else "no",
                "T2S": "yes" if i < 129 else "no",
                "T3S": "yes" if i < 159 else "no",
            },
        )
    report = build_report([tmp_path])
    assert [(k.yes, k.applicable, k.percent, k.rating) for k in report.guides[0].key_questions] == [
        (99, 200, 50, Rating.REQUIRES_IMPROVEMENT),
        (129, 200, 65, Rating.GOOD),
        (159, 200, 80, Rating.OUTSTANDING),
    ]
    assert standard(report, TTG, "4.2").rating is Rating.REQUIRES_IMPROVEMENT


def test_unanswered_excluded_and_invalid_are_not_in_the_denominator(tmp_path):
    for i in range(5):
        write_raw(tmp_path, f"Y{i}", TTG, {"T1S": "yes"}, status="complete")
    for i in range(3):
        write_raw(tmp_path, f"N{i}", TTG, {"T1S": "no"})
    write_raw(tmp_path, "U0", TTG, {})
    write_raw(tmp_path, "U1", TTG, {"T1S": "maybe"})  # not a valid answer: unanswered
    write_raw(tmp_path, "X0", TTG, {"T1S": "yes"}, status="excluded")
    report = build_report([tmp_path])
    result = report.guides[0]
    assert (result.cases, result.excluded, result.assessed, result.complete) == (11, 1, 10, 5)
    t1 = kq(report, TTG, "4.2.1")
    assert (t1.yes, t1.applicable, t1.unanswered, t1.not_applicable, t1.percent) == (
        5,
        8,
        2,
        0,
        63,
    )  # 62.5 rounds up
    incomplete = {c.case: c for c in result.incomplete}
    assert "X0" not in incomplete
    assert {"U0", "U1", "Y0", "N0"} <= set(incomplete)
    assert incomplete["U0"].unanswered > incomplete["Y0"].unanswered
    assert incomplete["U0"].first == "release_type"
    assert report.errors == []


def test_excluded_by_an_answer(tmp_path):
    write_raw(tmp_path, "C1", YOUTH, {"C1": "yes_host_not_assessed", "RW1": "yes"})
    write_raw(tmp_path, "C2", YOUTH, {"C1": "no", "RW1": "yes"})
    report = build_report([tmp_path])
    result = report.guides[0]
    assert (result.cases, result.excluded) == (2, 1)
    rw1 = next(q for q in result.questions if q.id == "RW1")
    assert (rw1.applies, rw1.yes) == (1, 1)


def test_subsample_key_questions_count_only_cases_where_they_apply(tmp_path):
    write_raw(
        tmp_path,
        "S1",
        CS,
        {"A3.12": "medium", "A3.2": "no", "A3.4": "no", "P3S": "yes", "harm_subsample": "yes"},
    )
    write_raw(
        tmp_path,
        "S2",
        CS,
        {"A3.12": "low", "A3.2": "yes", "A3.4": "no", "P3S": "no", "harm_subsample": "yes"},
    )
    write_raw(
        tmp_path,
        "S3",
        CS,
        {"A3.12": "low", "A3.2": "no", "A3.4": "yes", "P3S": "yes", "harm_subsample": "yes"},
    )
    write_raw(
        tmp_path, "S4", CS, {"A3.12": "high", "A3.2": "no", "A3.4": "no", "harm_subsample": "yes"}
    )
    # outside the sub-sample: an answer kept in the file must not count
    write_raw(tmp_path, "O1", CS, {**OUT_OF_SUBSAMPLE, "P3S": "yes", "P1S": "yes"})
    write_raw(tmp_path, "O2", CS, {**OUT_OF_SUBSAMPLE, "P3S": "no", "P1S": "no"})
    report = build_report([tmp_path])
    p3 = kq(report, CS, "2.2.3")
    assert (p3.yes, p3.applicable, p3.unanswered, p3.not_applicable, p3.percent) == (2, 3, 1, 2, 67)
    assert p3.subsample
    p1 = kq(report, CS, "2.2.1")
    assert (p1.yes, p1.applicable, p1.unanswered, p1.not_applicable) == (1, 2, 4, 0)


def test_per_question_breakdown_counts_yes_no_na_where_the_question_applies(tmp_path):
    write_raw(tmp_path, "Q1", TTG, {"T2.3": "yes", "T1.6": ["none"], "T1.7": "yes"})
    write_raw(tmp_path, "Q2", TTG, {"T2.3": "na", "T1.6": ["finance"], "T1.7": "no"})
    write_raw(tmp_path, "Q3", TTG, {"T2.3": "no"})
    write_raw(tmp_path, "Q4", TTG, {})
    result = build_report([tmp_path]).guides[0]
    questions = {q.id: q for q in result.questions}
    t23 = questions["T2.3"]
    assert (t23.applies, t23.yes, t23.no, t23.na, t23.unanswered, t23.percent) == (
        4,
        1,
        1,
        1,
        1,
        50,
    )
    # T1.7 applies only when T1.6 names a need: Q2 only
    t17 = questions["T1.7"]
    assert (t17.applies, t17.yes, t17.no, t17.unanswered) == (1, 0, 1, 0)
    # the key question lists its prompt questions
    t2 = next(k for k in result.key_questions if k.id == "T2")
    assert "T2.3" in [q.id for q in t2.questions]


def test_youth_key_questions_have_no_score_but_question_counts(tmp_path):
    write_raw(tmp_path, "Y1", YOUTH, {"C1": "no", "RW1": "yes", "RW3": "no"})
    write_raw(tmp_path, "Y2", YOUTH, {"C1": "no", "RW1": "yes", "RW3": "yes"})
    result = build_report([tmp_path]).guides[0]
    assert all(s.rating is None and not s.rated for s in result.standards)
    accommodation = next(k for k in result.key_questions if k.id == "accommodation")
    assert accommodation.percent is None and not accommodation.scored
    assert [(q.id, q.yes, q.no, q.percent) for q in accommodation.questions] == [("RW1", 2, 0, 100)]


def test_a_standard_with_no_cases_answered_has_no_rating(tmp_path):
    write_raw(tmp_path, "Z1", TTG, {})
    report = build_report([tmp_path])
    assert standard(report, TTG, "4.2").rating is None
    assert kq(report, TTG, "4.2.1").percent is None


def test_walk_cache_gives_the_walks_own_answer():
    guide = catalogue().get(CS)
    cache = WalkCache(guide)
    rng = random.Random(7)
    deciding = [guide.question(q) for q in cache.ids]
    assert {"harm_subsample", "A3.2", "A3.4", "org", "sentence"} <= set(cache.ids)
    for _ in range(300):
        answers: dict[str, object] = {}
        for question in deciding:
            roll = rng.random()
            if roll < 0.15:
                continue
            if roll < 0.2:
                answers[question.id] = "nonsense"
                continue
            keys = question.choice_keys or ("yes", "no")
            answers[question.id] = rng.choice(keys)
        answers["A1S"] = rng.choice(["yes", "no"])
        walk = Walk(guide, answers)
        applicable, ids, excluded_by = cache.get(answers)
        assert [q.id for q in applicable] == [q.id for q in walk.applicable]
        assert ids == {q.id for q in walk.applicable}
        assert excluded_by == walk.excluded_by
    assert len(cache._walks) < 300


# -- grouping --------------------------------------------------------------------------------


def _units(tmp_path: Path) -> None:
    # 33% / 53% / 80%, as one report gave for three local delivery units
    for unit, yes, total in (("Dorset", 1, 3), ("Devon", 8, 15), ("Cornwall", 4, 5)):
        for i in range(total):
            write_raw(
                tmp_path,
                f"{unit}-{i}",
                TTG,
                {
                    "T1S": "yes" if i < yes else "no",
                    "T2S": "yes",
                    "T3S": "yes",
                    "release_type": "licence" if i % 2 else "post_sentence_supervision",
                },
                unit=unit,
            )
    write_raw(tmp_path, "nounit", TTG, {"T1S": "yes"})


def test_by_unit(tmp_path):
    _units(tmp_path)
    report = build_report([tmp_path], by="unit")
    result = report.guides[0]
    assert list(result.groups) == ["Cornwall", "Devon", "Dorset", NOT_RECORDED]
    assert result.groups == {"Cornwall": 5, "Devon": 15, "Dorset": 3, NOT_RECORDED: 1}
    t1 = kq(report, TTG, "4.2.1")
    assert {g: s.percent for g, s in t1.groups.items()} == {
        "Cornwall": 80,
        "Devon": 53,
        "Dorset": 33,
        NOT_RECORDED: 100,
    }
    assert t1.percent == 58  # 14/24
    ratings = standard(report, TTG, "4.2").groups
    assert ratings["Dorset"] is Rating.INADEQUATE
    assert ratings["Devon"] is Rating.REQUIRES_IMPROVEMENT
    assert ratings["Cornwall"] is Rating.OUTSTANDING


def test_by_case_detail_uses_option_labels_in_option_order(tmp_path):
    _units(tmp_path)
    report = build_report([tmp_path], by="release_type")
    result = report.guides[0]
    assert list(result.groups) == ["Licence", "Post-sentence supervision", NOT_RECORDED]
    assert sum(result.groups.values()) == 24


def test_by_unknown_field_is_a_usage_error(tmp_path, capsys):
    _units(tmp_path)
    with pytest.raises(ValueError, match="release_type"):
        build_report([tmp_path], by="release_typ")
    code, _, err = run(capsys, "report", str(tmp_path), "--by", "release_typ")
    assert code == 2
    assert "did you mean 'release_type'" in err


def test_cli_by_unit_text_has_a_column_per_unit(tmp_path, capsys):
    _units(tmp_path)
    code, out, _ = run(capsys, "report", str(tmp_path), "--by", "unit")
    assert code == 0
    header = next(line for line in out.splitlines() if line.strip().startswith("By unit"))
    assert header.split()[2:] == ["Cornwall", "Devon", "Dorset", "(not", "recorded)"]
    row = next(
        line
        for line in out.splitlines()
        if line.strip().startswith("4.2.1 ") and "%" in line and "[" not in line
    )
    assert row.split()[1:] == ["80%", "53%", "33%", "100%"]


# -- files that fail -------------------------------------------------------------------------


def _broken(tmp_path: Path) -> None:
    write_raw(tmp_path, "GOOD1", TTG, {"T1S": "yes"})
    write_raw(tmp_path / "sub", "GOOD2", TTG, {"T1S": "no"})
    (tmp_path / "bad-toml.toml").write_text('format = 1\nguide = "x\n', encoding="utf-8")
    (tmp_path / "conflict.toml").write_text(
        'format = 1\n<<<<<<< HEAD\nguide = "a"\n=======\nguide = "b"\n>>>>>>> other\n',
        encoding="utf-8",
    )
    (tmp_path / "no-case.toml").write_text(
        'format = 1\nguide = "through-the-gate-2019"\n', encoding="utf-8"
    )
    write_raw(tmp_path, "OTHER", TTG, {})
    text = (tmp_path / "OTHER.toml").read_text(encoding="utf-8")
    (tmp_path / "OTHER.toml").write_text(text.replace(TTG, "no-such-guide-2030"), encoding="utf-8")
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe\x00bad")


def test_broken_files_are_listed_and_do_not_stop_the_report(tmp_path):
    _broken(tmp_path)
    report = build_report([tmp_path])
    assert kq(report, TTG, "4.2.1").applicable == 2
    names = {e.path.name: e.error for e in report.errors}
    assert set(names) == {
        "bad-toml.toml",
        "conflict.toml",
        "no-case.toml",
        "OTHER.toml",
        "binary.toml",
    }
    assert "not valid TOML" in names["bad-toml.toml"]
    assert "conflict" in names["conflict.toml"]
    assert "case" in names["no-case.toml"]
    assert "no-such-guide-2030" in names["OTHER.toml"]
    assert report.files == 7
    assert not report.ok


@pytest.mark.parametrize("fmt", ["text", "md", "json", "html", "csv"])
def test_cli_exit_1_with_errors_but_still_prints(tmp_path, capsys, fmt):
    _broken(tmp_path)
    code, out, err = run(capsys, "report", str(tmp_path), "--format", fmt)
    assert code == 1
    assert "4.2.1" in out
    if fmt in ("text", "md"):
        assert "bad-toml.toml" in out and "5 files could not be read" in err
    else:
        assert "bad-toml.toml" in err
    if fmt == "json":
        data = json.loads(out)
        assert {Path(e["path"]).name for e in data["errors"]} >= {"bad-toml.toml"}


def test_cli_usage_errors(tmp_path, capsys):
    code, _, err = run(capsys, "report", str(tmp_path / "missing"))
    assert code == 2 and "no such folder" in err
    code, _, err = run(capsys, "report", str(tmp_path), "--guide", "nope")
    assert code == 2 and "no guide 'nope'" in err
    code, out, err = run(capsys, "report", str(tmp_path))
    assert code == 1 and "no case files" in err and "No case files" in out


def test_guide_filter_and_default_workspace(tmp_path, capsys, monkeypatch):
    cases = tmp_path / "cases"
    write_raw(cases, "T1", TTG, {"T1S": "yes"})
    write_raw(cases, "Y1", YOUTH, {"C1": "no"})
    report = build_report([cases], guide_id=TTG)
    assert [g.guide.id for g in report.guides] == [TTG] and report.skipped == 1
    monkeypatch.chdir(tmp_path)  # ./cases is the default workspace
    code, out, _ = run(capsys, "report", "--format", "json")
    assert code == 0
    assert [g["guide"] for g in json.loads(out)["guides"]] == [TTG, YOUTH]


# -- inspection.toml -------------------------------------------------------------------------

JUDGED = """\
provider = "Example CRC"
type = "crc"
fieldwork = 2019-05-13

[ratings]
"1.1" = { title = "Leadership", rating = "inadequate" }
"1.2" = { title = "Staff", rating = "requires_improvement" }
"1.3" = { title = "Services", rating = "good" }
"1.4" = { title = "Information and facilities", rating = "good" }
"4.1" = { title = "Unpaid work", rating = "requires_improvement" }
"""

CS_SUMMARIES = ["A1S", "A2S", "A3S", "P1S", "P2S", "P3S", "D1S", "D2S", "D3S", "R1S", "R2S", "R3S"]


def _crc_cases(tmp_path: Path, cs_yes: int, ttg_yes: int) -> None:
    for i in range(10):
        write_raw(
            tmp_path / "cs",
            f"CS{i}",
            CS,
            {
                "A3.12": "medium",
                "harm_subsample": "yes",
                **{s: "yes" if i < cs_yes else "no" for s in CS_SUMMARIES},
            },
        )
        write_raw(
            tmp_path / "ttg",
            f"TTG{i}",
            TTG,
            {s: "yes" if i < ttg_yes else "no" for s in ("T1S", "T2S", "T3S")},
        )


def test_provider_rating_from_computed_and_entered_standards(tmp_path, capsys):
    _crc_cases(tmp_path, cs_yes=7, ttg_yes=9)  # 2.x Good (70%), 4.2 Outstanding (90%)
    (tmp_path / "inspection.toml").write_text(JUDGED, encoding="utf-8")
    report = build_report([tmp_path])
    provider = report.provider
    assert provider is not None and provider.type == "crc"
    sources = {s.number: (s.rating, s.source) for s in provider.standards}
    assert sources["2.3"] == (Rating.GOOD, "computed")
    assert sources["4.2"] == (Rating.OUTSTANDING, "computed")
    assert sources["1.1"] == (Rating.INADEQUATE, "entered")
    # 0 + 1 + 2 + 2 + 4 * 2 + 1 + 3 = 17
    assert provider.score == 17 and provider.rating is Rating.GOOD
    assert report.inspection is not None and report.inspection.provider == "Example CRC"
    code, out, _ = run(capsys, "report", str(tmp_path), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["provider_rating"]["rating"] == "good"
    assert data["provider_rating"]["score"] == 17
    assert data["inspection"]["fieldwork"] == "2019-05-13"
    code, out, _ = run(capsys, "report", str(tmp_path))
    assert "Example CRC: Good (score 17 of 30" in out


def test_provider_rating_waits_for_every_standard(tmp_path, capsys):
    _crc_cases(tmp_path, cs_yes=7, ttg_yes=9)
    (tmp_path / "inspection.toml").write_text(
        'provider = "Example CRC"\n[ratings]\n"1.1" = { rating = "good" }\n'
        '"2.1" = { rating = "outstanding" }\n',
        encoding="utf-8",
    )
    report = build_report([tmp_path])
    provider = report.provider
    assert provider is not None
    assert provider.rating is None and provider.score is None
    assert provider.missing == ["1.2", "1.3", "1.4", "4.1"]
    assert any("2.1" in note and "ignored" in note for note in provider.notes)
    code, out, _ = run(capsys, "report", str(tmp_path))
    assert code == 0
    assert "missing standard ratings: 1.2, 1.3, 1.4, 4.1" in " ".join(out.split())


def test_bad_inspection_file_is_reported_with_key_and_line(tmp_path, capsys):
    write_raw(tmp_path, "T1", TTG, {"T1S": "yes"})
    (tmp_path / "inspection.toml").write_text(
        'provider = "Example CRC"\nfieldwork = "May"\ntpye = "crc"\n[ratings]\n'
        '"1.1" = { rating = "excellent" }\n"one" = { rating = "good" }\n',
        encoding="utf-8",
    )
    report = build_report([tmp_path])
    assert report.provider is None
    assert len(report.errors) == 1
    message = report.errors[0].error
    assert "inspection.toml:2: fieldwork: expected a date" in message
    assert "inspection.toml:3: tpye: unknown key; did you mean 'type'?" in message
    assert 'inspection.toml:5: ratings."1.1".rating: expected one of outstanding' in message
    assert 'inspection.toml:6: ratings."one": expected a framework number' in message
    code, out, _ = run(capsys, "report", str(tmp_path))
    assert code == 1 and "4.2.1" in out and "tpye" in out


def test_inspection_file_is_not_read_as_a_case(tmp_path):
    write_raw(tmp_path, "T1", TTG, {"T1S": "yes"})
    (tmp_path / "inspection.toml").write_text(JUDGED, encoding="utf-8")
    report = build_report([tmp_path])
    assert report.files == 1 and report.ok


# -- export ----------------------------------------------------------------------------------


def test_export_one_row_per_case_one_column_per_question(tmp_path, capsys):
    write_raw(
        tmp_path,
        "T1",
        TTG,
        {"release_type": "licence", "T1.6": ["finance", "ete"], "T1.7": "yes", "T1S": "yes"},
        unit="Devon",
    )
    write_raw(tmp_path, "T2", TTG, {"T1.6": ["none"], "T1.7": "yes"}, status="complete")
    code, out, _ = run(capsys, "export", str(tmp_path))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    guide = catalogue().get(TTG)
    header = next(csv.reader(io.StringIO(out)))
    assert header == [
        "path",
        "case",
        "guide_version",
        "unit",
        "assessor",
        "status",
        "clashes",
        *(q.id for q in guide.questions),
    ]
    by_case = {r["case"]: r for r in rows}
    assert by_case["T1"]["T1.6"] == "finance;ete"
    assert by_case["T1"]["unit"] == "Devon" and by_case["T1"]["T1S"] == "yes"
    assert by_case["T2"]["T1.7"] == ""  # kept in the file, but does not apply
    assert by_case["T2"]["status"] == "complete"


def test_export_needs_a_guide_when_several_are_found(tmp_path, capsys):
    write_raw(tmp_path, "T1", TTG, {"T1S": "yes"})
    write_raw(tmp_path, "Y1", YOUTH, {"C1": "no"})
    (tmp_path / "bad.toml").write_text("not toml [", encoding="utf-8")
    code, _, err = run(capsys, "export", str(tmp_path))
    assert code == 2 and "--guide" in err and TTG in err
    out_file = tmp_path / "out" / "x.csv"
    out_file.parent.mkdir()
    code, out, err = run(capsys, "export", str(tmp_path), "--guide", YOUTH, "-o", str(out_file))
    assert code == 1 and "bad.toml" in err and out == ""
    rows = list(csv.DictReader(out_file.open(encoding="utf-8", newline="")))
    assert [r["case"] for r in rows] == ["Y1"]


# -- no Textual ------------------------------------------------------------------------------


def test_reports_do_not_import_textual():
    code = (
        "import sys, carag_tui.commands.report, carag_tui.report.aggregate, "
        "carag_tui.report.export, carag_tui.report.render_text, carag_tui.report.render_md,"
        " carag_tui.report.render_csv, carag_tui.report.render_json, "
        "carag_tui.report.render_html, carag_tui.report.inspection; "
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    root = Path(__file__).resolve().parent.parent / "carag_tui"
    for path in [*root.joinpath("report").glob("*.py"), root / "commands" / "report.py"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+textual\b", text, re.MULTILINE), path


def test_deeply_nested_inspection_file_is_reported_not_a_crash(tmp_path, carag):
    (tmp_path / "inspection.toml").write_text("a = " + "[" * 3000 + "]" * 3000 + "\n")
    result = carag("report", tmp_path, "--format", "json")
    assert "inspection.toml: not valid TOML: values nested too deeply" in result.out + result.err
    assert result.code == 1
