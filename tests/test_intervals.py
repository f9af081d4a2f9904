"""Intervals, band edges and sample sizes against reference implementations and textbook formulas.

statsmodels and scipy are used here only, as the reference; carag computes them in pure Python.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

from carag_tui.report.intervals import (
    bands_between,
    fpc,
    interval_for,
    moves,
    near_band,
    normal_quantile,
    wilson,
    z_for,
)
from carag_tui.report.ratings import Rating, percent
from carag_tui.report.sampling import (
    StrataError,
    allocate,
    parse_strata,
    read_strata,
    sample_size,
)

G, RI, OUT, INAD = Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.OUTSTANDING, Rating.INADEQUATE


@pytest.mark.parametrize(
    "p", [1e-12, 1e-6, 0.001, 0.02, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.995, 0.999999]
)
def test_normal_quantile_matches_scipy(p):
    assert normal_quantile(p) == pytest.approx(norm.ppf(p), abs=1e-12)


def test_normal_quantile_rejects_non_probabilities():
    for bad in (0.0, 1.0, -0.1, 1.5):
        with pytest.raises(ValueError, match="probability"):
            normal_quantile(bad)


@pytest.mark.parametrize("confidence", [50, 80, 90, 95, 99, 99.9])
def test_z_is_the_two_sided_critical_value(confidence):
    assert z_for(confidence) == pytest.approx(norm.ppf(1 - (1 - confidence / 100) / 2), abs=1e-12)


@pytest.mark.parametrize("confidence", [80, 90, 95])
def test_wilson_matches_statsmodels_for_every_count_up_to_120(confidence):
    for total in range(1, 121):
        for yes in range(total + 1):
            low, high = wilson(yes, total, confidence)
            ref_low, ref_high = proportion_confint(
                yes, total, alpha=1 - confidence / 100, method="wilson"
            )
            assert low == pytest.approx(ref_low, abs=1e-9), (yes, total)
            assert high == pytest.approx(ref_high, abs=1e-9), (yes, total)


def test_the_issue_example_52_of_80_at_80_per_cent():
    interval = interval_for(52, 80)
    assert (interval.low, interval.high) == (57.9, 71.5)
    assert interval.bands == (G, RI)
    assert near_band(52, 80, interval) == (RI,)  # printed Good; the interval reaches RI


def test_wilson_against_the_textbook_formula():
    """Wilson (1927): (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n)."""
    z = norm.ppf(0.9)
    for yes, n in [(0, 10), (3, 10), (10, 10), (32, 62), (17, 50), (13, 16)]:
        p = yes / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        assert wilson(yes, n) == pytest.approx((centre - half, centre + half), abs=1e-12)


def test_finite_population_correction_narrows_around_the_same_centre():
    z = norm.ppf(0.9)
    yes, n, population = 32, 62, 120
    plain = wilson(yes, n)
    corrected = wilson(yes, n, population=population)
    factor = math.sqrt((population - n) / (population - 1))
    assert fpc(n, population) == pytest.approx(factor)
    assert sum(corrected) / 2 == pytest.approx(sum(plain) / 2)
    assert (corrected[1] - corrected[0]) == pytest.approx((plain[1] - plain[0]) * factor)
    p = yes / n  # the textbook corrected half-width, centred on Wilson's centre
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n) * factor
    assert corrected[1] - corrected[0] == pytest.approx(2 * half)
    # every case of the population assessed: nothing left to know
    low, high = wilson(yes, n, population=n)
    assert low == pytest.approx(high)
    assert interval_for(yes, n, population=10**9).low == interval_for(yes, n).low


def test_wilson_stays_inside_0_and_100_where_the_normal_approximation_does_not():
    assert wilson(0, 12) == (0.0, pytest.approx(0.1203, abs=1e-4))
    low, high = wilson(12, 12)
    assert high == pytest.approx(1.0) and 0.87 < low < 0.89


def test_bad_counts_are_refused():
    with pytest.raises(ValueError, match="at least one case"):
        wilson(0, 0)
    with pytest.raises(ValueError, match="between 0"):
        wilson(5, 4)
    with pytest.raises(ValueError, match="confidence"):
        z_for(100)
    assert interval_for(0, 0) is None


@pytest.mark.parametrize(
    ("yes", "total", "bands"),
    [
        (52, 80, (RI,)),  # 65%: Good, reaches RI
        (50, 62, (G,)),  # 81%: Outstanding, interval reaches Good
        (13, 16, (G,)),  # 81%: small sample reaches Good
        (17, 50, ()),  # 34%: Inadequate, the interval (25.9–43.2) stays under 50
        (31, 62, (RI,)),  # 50%: Requires improvement, the interval reaches Inadequate
        (620, 1000, ()),  # 62%: 1000 cases, 60.0–64.0 printed 60–64: clear
    ],
)
def test_near_band_names_the_other_bands_reached(yes, total, bands):
    flagged = near_band(yes, total, interval_for(yes, total))
    if (yes, total) == (31, 62):
        assert flagged == (INAD,)
    else:
        assert flagged == bands


def test_band_edges_are_judged_on_the_printed_whole_percentage():
    # a top of 64.5 or more would print as 65%: it reaches Good; 64.4 would print 64%
    assert bands_between(58.0, 64.5) == (G, RI)
    assert bands_between(58.0, 64.4) == (RI,)
    assert bands_between(49.5, 64.0) == (RI,)
    assert bands_between(49.4, 80.0) == (OUT, G, RI, INAD)


@pytest.mark.parametrize(
    ("yes", "total"), [(52, 80), (32, 62), (17, 50), (13, 16), (0, 5), (5, 5), (64, 100), (79, 100)]
)
def test_moves_are_the_fewest_cases_that_cross_an_edge(yes, total):
    now = percent(yes, total)
    for move in moves(yes, total):
        k = move.cases

        def after(n, move=move):
            return percent(yes + n, total + n) if move.answer == "yes" else percent(yes, total + n)

        from carag_tui.report.ratings import rating_for

        assert rating_for(after(k)) is move.rating
        assert rating_for(after(k - 1)) is rating_for(now)  # one fewer is not enough
    ups = [m for m in moves(yes, total) if m.answer == "yes"]
    downs = [m for m in moves(yes, total) if m.answer == "no"]
    assert bool(ups) == (now < 80)
    assert bool(downs) == (now >= 50)


def test_moves_for_the_issue_example():
    by_answer = {m.answer: m for m in moves(52, 80)}
    assert by_answer["no"].cases == 1 and by_answer["no"].rating is RI  # 52/81 = 64%
    assert by_answer["yes"].cases == 57 and by_answer["yes"].rating is OUT  # 109/137 = 79.6%


# -- sample sizes ------------------------------------------------------------------------------


def test_sample_sizes_of_the_method():
    assert sample_size(80, 5) == 165
    assert sample_size(80, 5, population=500) == 124
    assert sample_size(80, 5, population=100) == 63


@pytest.mark.parametrize("confidence", [80, 90, 95, 99])
@pytest.mark.parametrize("margin", [3, 5, 10])
@pytest.mark.parametrize("population", [None, 30, 100, 500, 5000])
def test_sample_size_against_the_textbook_formula(confidence, margin, population):
    z = norm.ppf(1 - (1 - confidence / 100) / 2)
    n0 = z * z * 0.25 / (margin / 100) ** 2  # Cochran
    n = n0 if population is None else n0 / (1 + (n0 - 1) / population)
    expected = math.ceil(n - 1e-9)
    if population is not None:
        expected = min(expected, population)
    assert sample_size(confidence, margin, population) == expected


def test_sample_size_reaches_the_margin():
    """At the planned size, the worst-case (p = 0.5) normal half-width is within the margin."""
    for population in (None, 100, 500):
        n = sample_size(80, 5, population)
        half = z_for(80) * math.sqrt(0.25 / n) * fpc(n, population)
        assert half <= 0.05
        smaller = n - 1
        assert z_for(80) * math.sqrt(0.25 / smaller) * fpc(smaller, population) > 0.05


def test_bad_plans_are_refused():
    with pytest.raises(ValueError, match="margin"):
        sample_size(80, 0)
    with pytest.raises(ValueError, match="population"):
        sample_size(80, 5, population=0)


# -- strata ------------------------------------------------------------------------------------

STRATA = """gender,sentence,rosh,population
male,community_order,high,180
male,community_order,medium,120
male,licence,high,90
female,community_order,medium,60
female,licence,low,50
"""


def test_proportional_allocation_adds_up_and_follows_the_shares():
    strata = parse_strata(STRATA, "strata.csv")
    assert strata.fields == ("gender", "sentence", "rosh")
    assert strata.population == 500
    parts = allocate(strata, sample_size(80, 5, population=500))
    assert sum(p.sample for p in parts) == 124
    for part in parts:
        quota = 124 * part.stratum.population / 500
        assert math.floor(quota) <= part.sample <= math.ceil(quota)
    assert [p.sample for p in parts] == [45, 30, 22, 15, 12]


def test_allocation_never_gives_a_stratum_more_than_it_has():
    strata = parse_strata("unit,n\nA,2\nB,3\nC,95\n", "s.csv")
    parts = allocate(strata, 100)
    assert [p.sample for p in parts] == [2, 3, 95]
    parts = allocate(strata, 1000)
    assert sum(p.sample for p in parts) == 100


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("gender,sentence\nmale,x\n", "no count column"),
        ("gender,population\nmale,ten\n", "s.csv:2: population: expected a whole number"),
        ("gender,population\nmale,10\nmale,3\n", "s.csv:3: the stratum male is already on line 2"),
        ("gender,population\nmale,10,4\n", "s.csv:2: expected 2 columns"),
        ("gender,population\n", "no strata"),
    ],
)
def test_bad_strata_files_name_the_line(text, message):
    with pytest.raises(StrataError, match=message):
        parse_strata(text, "s.csv")


def test_strata_file_that_cannot_be_read(tmp_path: Path):
    with pytest.raises(StrataError, match="cannot read"):
        read_strata(tmp_path / "missing.csv")
