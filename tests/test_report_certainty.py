"""What the report says about how sure its figures are, and the notes it gathers: intervals,
band edges, the population correction, strata and practice examples, in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from statsmodels.stats.proportion import proportion_confint

from carag_tui.cli import main
from carag_tui.guide.registry import catalogue

TTG = "through-the-gate-2019"
NOTE = "Thorough contact with the prison before release."


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("CARAG_HOME", str(tmp_path / "carag-home"))
    catalogue.cache_clear()
    yield
    catalogue.cache_clear()


def write_cases(
    folder: Path, yes: int = 13, total: int = 16, *, example: str = "good", status: str = "complete"
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    version = catalogue().get(TTG).version
    for i in range(total):
        extra = ""
        if i == 0:
            extra = f'[notes]\nT1S = """\n{NOTE}\n"""\n[examples]\nT1S = "{example}"\n'
        (folder / f"c{i:02}.toml").write_text(
            f'format = 1\nguide = "{TTG}"\nguide_version = "{version}"\ncase = "TTG-{i:02}"\n'
            f'unit = "{"Devon" if i % 2 else "Dorset"}"\nstatus = "{status}"\n'
            "created = 2026-01-05T09:00:00Z\nupdated = 2026-01-05T09:00:00Z\n"
            f'[answers]\nT1S = "{"yes" if i < yes else "no"}"\n{extra}',
            encoding="utf-8",
        )
    return folder


def report_json(capsys, folder: Path) -> dict:
    main(["report", str(folder), "--format", "json"])
    return json.loads(capsys.readouterr().out)


def test_json_gives_each_key_question_its_wilson_interval_and_the_bands_it_reaches(
    tmp_path, capsys
):
    data = report_json(capsys, write_cases(tmp_path / "cases"))
    assert data["confidence"] == 80
    standard = data["guides"][0]["standards"][0]
    kq = standard["key_questions"][0]
    low, high = proportion_confint(13, 16, alpha=0.2, method="wilson")
    assert kq["percent"] == 81 and kq["band"] == "outstanding"
    assert kq["interval"] == {"low": round(100 * low, 1), "high": round(100 * high, 1)}
    assert kq["near_band"] == ["good"]
    assert {"answer": "no", "cases": 1, "band": "good"} in kq["moves"]
    assert standard["rating"] == "outstanding" and standard["rating_certain"] is False
    assert standard["key_questions"][1]["interval"] is None  # nothing answered
    assert standard["key_questions"][1]["near_band"] is None


def test_a_clear_rating_is_certain(tmp_path, capsys):
    data = report_json(capsys, write_cases(tmp_path / "cases", yes=100, total=100))
    standard = data["guides"][0]["standards"][0]
    assert standard["key_questions"][0]["near_band"] is None
    assert standard["rating_certain"] is True


def test_inspection_toml_sets_confidence_and_population(tmp_path, capsys):
    folder = write_cases(tmp_path / "cases")
    (folder / "inspection.toml").write_text(
        f'confidence = 95\n[population]\n"{TTG}" = 40\n', encoding="utf-8"
    )
    data = report_json(capsys, folder)
    kq = data["guides"][0]["standards"][0]["key_questions"][0]
    assert data["confidence"] == 95 and kq["population"] == 40
    low, high = proportion_confint(13, 16, alpha=0.05, method="wilson")
    factor = ((40 - 16) / 39) ** 0.5
    centre, half = (low + high) / 2, (high - low) / 2 * factor
    assert kq["interval"] == {
        "low": round(100 * (centre - half), 1),
        "high": round(100 * (centre + half), 1),
    }
    main(["report", str(folder)])
    out = capsys.readouterr().out
    assert "95% Wilson score intervals" in out and "40 eligible cases" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("confidence = 100\n", "inspection.toml:1: confidence: expected a percentage"),
        ('[population]\n"x" = "many"\n', 'population."x": expected a whole number'),
        ('[strata."x"]\nby = ["unit"]\n', "expected file"),
        ('[strata."x"]\nfile = "none.csv"\n', "cannot read"),
    ],
)
def test_bad_inspection_settings_are_reported_with_the_key(tmp_path, capsys, text, message):
    folder = write_cases(tmp_path / "cases")
    (folder / "inspection.toml").write_text(text, encoding="utf-8")
    assert main(["report", str(folder), "--format", "json"]) == 1
    out = capsys.readouterr()
    assert message in out.err


def test_text_report_shows_the_interval_the_flag_and_the_move(tmp_path, capsys):
    main(["report", str(write_cases(tmp_path / "cases"))])
    out = capsys.readouterr().out
    assert "13/16    81%~(66–91)" in out
    assert "near a band edge: the interval reaches Good" in out
    assert '1 more "no" case would make it 76% (Good)' in " ".join(out.split())
    assert "(rating not certain at 80% confidence)" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_csv_has_interval_columns(tmp_path, capsys):
    main(["report", str(write_cases(tmp_path / "cases")), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    first = rows[0]
    assert (first["interval_low"], first["interval_high"]) == ("66.1", "90.6")
    assert first["near_band"] == "good" and first["rating_certain"] == "no"
    assert first["confidence"] == "80"


def test_strata_flag_under_and_over_represented(tmp_path, capsys):
    folder = write_cases(tmp_path / "cases")
    (folder / "strata.csv").write_text("unit,population\nDorset,30\nDevon,10\n", encoding="utf-8")
    (folder / "inspection.toml").write_text(
        f'[strata."{TTG}"]\nfile = "strata.csv"\ntolerance = 10\n', encoding="utf-8"
    )
    data = report_json(capsys, folder)
    rep = data["guides"][0]["representation"]
    assert rep["tolerance"] == 10 and rep["cases"] == 16
    assert [(s["stratum"], s["cases"], s["flag"]) for s in rep["strata"]] == [
        ("Dorset", 8, "under"),
        ("Devon", 8, "over"),
    ]
    main(["report", str(folder), "--format", "md"])
    assert (
        "Dorset: 8 cases, 50.0% of the sample, 75.0% of the population  under"
        in capsys.readouterr().out
    )
    for fmt in ("text", "html"):  # the same check in the printed and the terminal report
        main(["report", str(folder), "--format", fmt])
        out = capsys.readouterr().out
        flat = " ".join(out.split())
        assert (
            "Sample against the population by unit (16 assessed cases; flagged beyond "
            "±10 points)" in flat
        )
        assert (
            "Devon: 8 cases, 50.0% of the sample, 25.0% of the population over-represented" in flat
        )
    html = out
    assert "<h3>The sample and the population</h3>" in html


def test_practice_examples_listed_under_their_key_question(tmp_path, capsys):
    folder = write_cases(tmp_path / "cases")
    main(["report", str(folder), "--format", "md"])
    out = capsys.readouterr().out
    assert "### Practice examples (1)" in out
    heading = out.index("#### 4.2 Through the Gate: 4.2.1")
    assert out.index("Good practice — case TTG-00 (Dorset), T1S", heading) > heading
    assert NOTE in out
    data = report_json(capsys, folder)
    assert data["guides"][0]["examples"] == [
        {
            "case": "TTG-00",
            "unit": "Dorset",
            "path": str(folder / "c00.toml"),
            "question": "T1S",
            "key_question": "T1",
            "standard": "T",
            "kind": "good",
            "note": NOTE,
        }
    ]


def test_a_bad_example_mark_is_an_error_naming_the_key(tmp_path, capsys):
    folder = write_cases(tmp_path / "cases", example="great")
    assert main(["report", str(folder), "--format", "json"]) == 1
    assert (
        "examples.T1S: a practice example is good or poor, found 'great'" in capsys.readouterr().err
    )


def test_draft_until_every_case_is_complete(tmp_path, capsys):
    main(["report", str(write_cases(tmp_path / "cases", status="in_progress"))])
    assert "DRAFT — 16 cases incomplete" in capsys.readouterr().out
    # marked complete with questions unanswered is not complete either (check says so too)
    main(["report", str(write_cases(tmp_path / "marked", status="complete"))])
    out = capsys.readouterr().out
    assert "DRAFT — 16 cases incomplete" in out and "Incomplete cases (16)" in out


@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_examples_only_in_csv_and_html(tmp_path, capsys, fmt):
    folder = write_cases(tmp_path / "cases", example="poor")
    (folder / "c01.toml").write_text(
        (folder / "c01.toml").read_text(encoding="utf-8")
        + '[notes]\nT1S = """\n=HYPERLINK("x")\n"""\n'
        '[examples]\nT1S = "good"\n',
        encoding="utf-8",
    )
    assert main(["report", str(folder), "--examples", "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [(r["case"], r["kind"], r["question"], r["key_question"]) for r in rows] == [
            ("TTG-00", "poor", "T1S", "T1"),
            ("TTG-01", "good", "T1S", "T1"),
        ]
        assert rows[0]["note"] == NOTE and rows[0]["unit"] == "Dorset"
        assert rows[1]["note"] == '\'=HYPERLINK("x")'  # neutralised for spreadsheets
    else:
        assert out.startswith("<!doctype html>") and "<h1>Practice examples</h1>" in out
        assert "Poor practice — case TTG-00 (Dorset), T1S" in out and NOTE in out
        assert "Annex" not in out and 'class="annex"' not in out  # only the examples
