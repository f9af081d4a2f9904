"""Agreement statistics against published worked examples and against statsmodels."""

from __future__ import annotations

import random

import numpy as np
import pytest
from statsmodels.stats.inter_rater import cohens_kappa

from carag_tui.qa.statistics import agreement


def table_pairs(table: list[list[int]], labels: list[str]) -> list[tuple[str, str]]:
    """The (A, B) answers of a contingency table (rows: A, columns: B)."""
    return [
        (labels[i], labels[j])
        for i, row in enumerate(table)
        for j, count in enumerate(row)
        for _ in range(count)
    ]


def test_high_agreement_low_kappa_gwet_2008_example() -> None:
    """Gwet (2008), the 'kappa paradox' table: 118 both yes, 5 and 2 split, 0 both no.
    Published: agreement 0.944, kappa -0.023, AC1 0.941."""
    result = agreement(table_pairs([[118, 5], [2, 0]], ["yes", "no"]), categories=2)
    assert result.n == 125
    assert result.agreement == pytest.approx(94.4)
    assert result.kappa == pytest.approx(-0.0234, abs=5e-4)
    assert result.ac1 == pytest.approx(0.9408, abs=5e-4)


def test_kappa_paradox_near_zero_kappa_at_two_thirds_agreement() -> None:
    """67.5% agreement with kappa near zero (the issue's figures): 25 both yes, 2 both no,
    13 split, out of 40. By hand: p_e = .775*.8 + .225*.2 = .665, kappa = .010/.335."""
    result = agreement(table_pairs([[25, 6], [7, 2]], ["yes", "no"]), categories=2)
    assert result.agreement == pytest.approx(67.5)
    assert result.kappa == pytest.approx(0.01 / 0.335)
    assert result.kappa < 0.05 < 0.5 < result.ac1  # AC1 does not collapse


def test_symmetric_table_worked_by_hand() -> None:
    """A symmetric table worked by hand: p_o = .8, p_e = .5, kappa = .6, AC1 = .6."""
    result = agreement(table_pairs([[40, 10], [10, 40]], ["yes", "no"]), categories=2)
    assert result.agreement == pytest.approx(80.0)
    assert result.kappa == pytest.approx(0.6)
    assert result.ac1 == pytest.approx(0.6)


@pytest.mark.parametrize("seed", range(12))
def test_kappa_and_its_standard_error_match_statsmodels(seed: int) -> None:
    rng = random.Random(seed)
    labels = ["yes", "no", "na"][: rng.choice([2, 3])]
    pairs = [
        (rng.choice(labels), rng.choice(labels) if rng.random() < 0.5 else None)
        for _ in range(rng.randint(8, 120))
    ]
    pairs = [(a, b if b is not None else a) for a, b in pairs]  # some agreement
    if len({a for a, _ in pairs}) < 2 or len({b for _, b in pairs}) < 2:
        pairs += [(labels[0], labels[1]), (labels[1], labels[0])]
    table = np.array(
        [[sum(1 for a, b in pairs if a == i and b == j) for j in labels] for i in labels]
    )
    reference = cohens_kappa(table)
    result = agreement(pairs, categories=len(labels))
    assert result.kappa == pytest.approx(reference.kappa, abs=1e-9)
    assert result.kappa_se == pytest.approx(reference.std_kappa, abs=1e-9)
    assert result.agreement == pytest.approx(100 * np.trace(table) / table.sum())


def test_kappa_undefined_when_a_rater_used_one_answer_only() -> None:
    result = agreement([("yes", "yes")] * 9 + [("yes", "no")], categories=2)
    assert result.kappa is None and result.kappa_se is None
    assert result.kappa_undefined == "undefined: A answered 'yes' every time"
    assert result.agreement == pytest.approx(90.0)
    assert result.ac1 is not None  # AC1 is still defined
    both = agreement([("no", "no")] * 4, categories=2)
    assert both.kappa is None and "A answered 'no'" in both.kappa_undefined
    assert "B answered 'no'" in both.kappa_undefined
    assert both.ac1 == pytest.approx(1.0)


def test_no_pairs_gives_no_figures_not_nan() -> None:
    result = agreement([])
    assert (result.n, result.agreement, result.kappa, result.ac1) == (0, None, None, None)


def test_ac1_uses_the_questions_number_of_answers() -> None:
    """q = 3 for a yes/no/na question even where 'na' was never used (Gwet's definition)."""
    pairs = table_pairs([[30, 5], [5, 10]], ["yes", "no"])
    two, three = agreement(pairs, categories=2), agreement(pairs, categories=3)
    pi_yes, pi_no = 35 / 50, 15 / 50
    p_e2 = 2 * pi_yes * pi_no
    assert two.ac1 == pytest.approx((0.8 - p_e2) / (1 - p_e2))
    p_e3 = (pi_yes * (1 - pi_yes) + pi_no * (1 - pi_no)) / 2
    assert three.ac1 == pytest.approx((0.8 - p_e3) / (1 - p_e3))
