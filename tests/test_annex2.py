"""Rebuild the published Annex 2 of HMI Probation's 2019 inspection of Dorset, Devon and Cornwall
CRC (case supervision and Through the Gate) from synthetic case files.

The case files are written by the synthetic case writer, walking each guide in order, with the
summary judgements (and the risk-of-harm answers that decide the sub-sample) set so that they
give the published percentages: 62 case supervision cases, 50 of them in the risk of harm
sub-sample (2.2.3, 2.3.3, 2.4.3), and 16 Through the Gate cases.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from carag_tui.case.synthetic import write_case
from carag_tui.cli import main
from carag_tui.guide.registry import catalogue
from carag_tui.paths import HOME_ENV
from carag_tui.report.aggregate import build_report
from carag_tui.report.ratings import Rating

CS = "case-supervision-2019"
TTG = "through-the-gate-2019"
CASES = 62
SUBSAMPLE = 50
TTG_CASES = 16
UNITS = (("Dorset", 28), ("Devon", 19), ("Cornwall", 15))

#: Annex 2 as published: key question -> (summary question, % yes).
PUBLISHED = {
    "2.1.1": ("A1S", 52),
    "2.1.2": ("A2S", 50),
    "2.1.3": ("A3S", 53),
    "2.2.1": ("P1S", 53),
    "2.2.2": ("P2S", 58),
    "2.2.3": ("P3S", 34),
    "2.3.1": ("D1S", 66),
    "2.3.2": ("D2S", 44),
    "2.3.3": ("D3S", 30),
    "2.4.1": ("R1S", 55),
    "2.4.2": ("R2S", 50),
    "2.4.3": ("R3S", 24),
    "4.2.1": ("T1S", 81),
    "4.2.2": ("T2S", 75),
    "4.2.3": ("T3S", 69),
}
#: The yes counts that give them: x/62 for the whole sample, x/50 for the sub-sample, x/16.
YES = {
    "2.1.1": 32,
    "2.1.2": 31,
    "2.1.3": 33,
    "2.2.1": 33,
    "2.2.2": 36,
    "2.2.3": 17,
    "2.3.1": 41,
    "2.3.2": 27,
    "2.3.3": 15,
    "2.4.1": 34,
    "2.4.2": 31,
    "2.4.3": 12,
    "4.2.1": 13,
    "4.2.2": 12,
    "4.2.3": 11,
}
SUBSAMPLE_KQS = {"2.2.3", "2.3.3", "2.4.3"}
RATINGS = {
    "2.1": Rating.REQUIRES_IMPROVEMENT,
    "2.2": Rating.INADEQUATE,
    "2.3": Rating.INADEQUATE,
    "2.4": Rating.INADEQUATE,
    "4.2": Rating.GOOD,
}
#: The published ratings that are not computed from these cases.
INSPECTION = """\
provider = "Dorset, Devon and Cornwall CRC"
type = "crc"
fieldwork = 2018-11-05

[ratings]
"1.1" = { title = "Leadership", rating = "inadequate" }
"1.2" = { title = "Staff", rating = "inadequate" }
"1.3" = { title = "Services", rating = "inadequate" }
"1.4" = { title = "Information and facilities", rating = "requires_improvement" }
"4.1" = { title = "Unpaid work", rating = "requires_improvement" }
"""


def _risk_answers(index: int, in_subsample: bool) -> dict[str, str]:
    """The inspector's explicit sub-sample decision (harm_subsample), with risk answers that
    suggest it (three different ways) or not. The decision, not the suggestion, counts: every
    fifth case out of the sub-sample has a high RoSH at the start, and is still out."""
    if not in_subsample:
        risk = {"A3.12": "high" if index % 5 == 0 else "low", "A3.2": "no", "A3.4": "no"}
        return {**risk, "harm_subsample": "no"}
    return {
        **[
            {"A3.12": "medium", "A3.2": "no", "A3.4": "no"},
            {"A3.12": "low", "A3.2": "yes", "A3.4": "no"},
            {"A3.12": "low", "A3.2": "no", "A3.4": "no"},  # risk rose later in the period
        ][index % 3],
        "harm_subsample": "yes",
    }


@pytest.fixture(scope="module")
def annex(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ddc-2019")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(HOME_ENV, str(tmp_path_factory.mktemp("carag-home")))
        catalogue.cache_clear()
        guides = catalogue().guides
        cs, ttg = guides[CS], guides[TTG]
        assert {k.number for k in cs.key_questions} >= {n for n in YES if n.startswith("2.")}
        rng = random.Random(2019)
        units = [name for name, size in UNITS for _ in range(size)]
        subsample = set(rng.sample(range(CASES), SUBSAMPLE))
        in_risk = sorted(subsample)
        yes: dict[str, set[int]] = {}
        for number, count in YES.items():
            if number.startswith("4."):
                yes[number] = set(rng.sample(range(TTG_CASES), count))
            elif number in SUBSAMPLE_KQS:
                yes[number] = set(rng.sample(in_risk, count))
            elif number == "2.2.2":  # 43% Dorset, 63% Devon, 80% Cornwall, as reported
                yes[number] = {
                    i
                    for name, _ in UNITS
                    for i in rng.sample([j for j, u in enumerate(units) if u == name], 12)
                }
            else:
                yes[number] = set(rng.sample(range(CASES), count))
        for i in range(CASES):
            overrides = _risk_answers(i, i in subsample)
            for number, (summary, _) in PUBLISHED.items():
                if number.startswith("2."):
                    overrides[summary] = "yes" if i in yes[number] else "no"
            write_case(
                root / "case-supervision" / units[i].lower(),
                f"DDC-CS-{i:02d}",
                cs,
                rng,
                unit=units[i],
                overrides=overrides,
            )
        for i in range(TTG_CASES):
            overrides = {
                summary: "yes" if i in yes[number] else "no"
                for number, (summary, _) in PUBLISHED.items()
                if number.startswith("4.")
            }
            write_case(
                root / "through-the-gate",
                f"DDC-TTG-{i:02d}",
                ttg,
                rng,
                unit=UNITS[i % 3][0],
                overrides=overrides,
            )
        (root / "inspection.toml").write_text(INSPECTION, encoding="utf-8")
        catalogue.cache_clear()
    return root


def test_percentages_and_ratings_match_the_published_annex(annex):
    report = build_report([annex])
    assert report.ok, report.errors
    assert [g.guide.id for g in report.guides] == [CS, TTG]
    cs, ttg = report.guides
    assert (cs.cases, cs.excluded, cs.complete, cs.incomplete) == (CASES, 0, CASES, [])
    assert (ttg.cases, ttg.complete) == (TTG_CASES, TTG_CASES)
    found = {k.number: k for g in report.guides for k in g.key_questions}
    assert {n: found[n].percent for n in PUBLISHED} == {n: p for n, (_, p) in PUBLISHED.items()}
    for number in PUBLISHED:
        kq = found[number]
        expected = (
            SUBSAMPLE
            if number in SUBSAMPLE_KQS
            else TTG_CASES
            if number.startswith("4.")
            else CASES
        )
        assert (kq.yes, kq.applicable, kq.unanswered) == (YES[number], expected, 0), number
        assert kq.not_applicable == (CASES - SUBSAMPLE if number in SUBSAMPLE_KQS else 0)
    ratings = {s.number: s.rating for g in report.guides for s in g.standards if s.rated}
    assert ratings == RATINGS


def test_the_provider_rating_matches_the_published_one(annex):
    provider = build_report([annex]).provider
    assert provider is not None and provider.provider == "Dorset, Devon and Cornwall CRC"
    assert [(s.number, s.source) for s in provider.standards if s.source == "computed"] == [
        ("2.1", "computed"),
        ("2.2", "computed"),
        ("2.3", "computed"),
        ("2.4", "computed"),
        ("4.2", "computed"),
    ]
    # 0 + 0 + 0 + 1 (domain one) + 1 + 0 + 0 + 0 (case supervision) + 1 + 2 (CRC work)
    assert provider.score == 5
    assert provider.rating is Rating.INADEQUATE


def test_planning_by_local_delivery_unit(annex):
    report = build_report([annex], guide_id=CS, by="unit")
    p2 = next(k for k in report.guides[0].key_questions if k.number == "2.2.2")
    assert {unit: score.percent for unit, score in p2.groups.items()} == {
        "Cornwall": 80,
        "Devon": 63,
        "Dorset": 43,
    }


def test_markdown_annex(annex, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    code = main(["report", str(annex), "--format", "md"])
    out, _ = capsys.readouterr()
    assert code == 0
    rows = {
        line.split(" | ")[0].lstrip("| ").split(" ")[0]: line
        for line in out.splitlines()
        if line.startswith("| ")
    }
    for number, (_, value) in PUBLISHED.items():
        assert f"| {value}% |" in rows[number], rows[number]
    assert "| **Requires improvement** |" in rows["**2.1"]
    assert "| **Inadequate** |" in rows["**2.2"]
    assert "| **Good** |" in rows["**4.2"]
    assert "Dorset, Devon and Cornwall CRC: Inadequate (score 5 of 30" in out


def test_json_annex(annex, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    code = main(["report", str(annex), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    published = {
        kq["number"]: kq["percent"]
        for g in data["guides"]
        for s in g["standards"]
        for kq in s["key_questions"]
    }
    assert published == {n: p for n, (_, p) in PUBLISHED.items()}
    assert {s["number"]: s["rating"] for g in data["guides"] for s in g["standards"]} == {
        n: r.value for n, r in RATINGS.items()
    }
    assert data["provider_rating"]["rating"] == "inadequate"
