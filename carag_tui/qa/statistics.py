"""Agreement between two raters on one item: percent agreement, Cohen's kappa with its
standard error, and Gwet's AC1. Plain Python: the runtime carries no scientific stack.

Cohen's kappa corrects for the agreement the raters' own answer frequencies would give by
chance; on items where nearly every answer is the same it can be near zero (or negative)
while the raters almost always agree (the "kappa paradox", Feinstein & Cicchetti 1990).
Gwet's AC1 estimates chance agreement differently and does not collapse there, so both are
given, after the percent agreement.

Formulas, with p_ij the share of cases rated i by A and j by B, p_i. and p_.j the margins:

- percent agreement p_o = sum_i p_ii;
- kappa = (p_o - p_e) / (1 - p_e), p_e = sum_i p_i. p_.i (Cohen 1960);
- its large-sample standard error (Fleiss, Cohen & Everitt 1969), as statsmodels' `std_kappa`:
  var = [sum_i p_ii (1 - (p_i. + p_.i)(1 - kappa))^2
         + (1 - kappa)^2 sum_{i != j} p_ij (p_.i + p_j.)^2
         - (kappa - p_e (1 - kappa))^2] / (n (1 - p_e)^2);
- AC1 = (p_o - p_e') / (1 - p_e'), p_e' = 1/(q - 1) sum_k pi_k (1 - pi_k), pi_k = (p_k. + p_.k)/2,
  q the number of categories of the question (Gwet 2008).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence

from attrs import frozen


@frozen
class Agreement:
    """What two raters' answers to one item say about their agreement."""

    n: int
    agreement: float | None  # percent, 0-100; None when n is 0
    kappa: float | None
    kappa_se: float | None
    ac1: float | None
    kappa_undefined: str | None = None  # why kappa is not given, in words


def agreement(
    pairs: Sequence[tuple[Hashable, Hashable]], categories: int | None = None
) -> Agreement:
    """Agreement over `pairs` of (rater A's answer, rater B's answer).

    `categories` is the number of answers the question allows (q in AC1); without it, the
    number seen (at least 2).
    """
    n = len(pairs)
    if n == 0:
        return Agreement(0, None, None, None, None, "no case where both answered")
    cells = Counter(pairs)
    rows = Counter(a for a, _ in pairs)
    cols = Counter(b for _, b in pairs)
    seen = set(rows) | set(cols)
    p_o = sum(count for (a, b), count in cells.items() if a == b) / n
    q = max(categories or 0, len(seen), 2)
    pi = {k: (rows[k] + cols[k]) / (2 * n) for k in seen}
    p_e_ac1 = sum(p * (1 - p) for p in pi.values()) / (q - 1)
    ac1 = (p_o - p_e_ac1) / (1 - p_e_ac1)
    kappa, se, why = _kappa(cells, rows, cols, n)
    return Agreement(n, _clean(100 * p_o), kappa, se, _clean(ac1), why)


def _kappa(
    cells: Counter, rows: Counter, cols: Counter, n: int
) -> tuple[float | None, float | None, str | None]:
    """Kappa and its standard error, or the reason they are undefined.

    Kappa is given only where each rater used at least two answers: with one answer only,
    the chance agreement is the rater's own agreement rate and kappa says nothing (it is
    0, or 0/0 when both used the same one).
    """
    single = [
        f"{who} answered {next(iter(margin))!r} every time"
        for who, margin in (("A", rows), ("B", cols))
        if len(margin) == 1
    ]
    if single:
        return None, None, "undefined: " + " and ".join(single)
    p_row = {k: v / n for k, v in rows.items()}
    p_col = {k: v / n for k, v in cols.items()}
    p_e = sum(p_row[k] * p_col.get(k, 0.0) for k in p_row)
    p_o = sum(count for (a, b), count in cells.items() if a == b) / n
    if p_e >= 1:  # cannot happen with two answers each; kept as a guard against 0/0
        return None, None, "undefined: chance agreement is 100%"
    kappa = (p_o - p_e) / (1 - p_e)
    term_a = term_b = 0.0
    for (a, b), count in cells.items():
        p = count / n
        if a == b:
            term_a += p * (1 - (p_row[a] + p_col[a]) * (1 - kappa)) ** 2
        else:
            term_b += p * (p_col.get(a, 0.0) + p_row.get(b, 0.0)) ** 2
    variance = (term_a + (1 - kappa) ** 2 * term_b - (kappa - p_e * (1 - kappa)) ** 2) / (
        n * (1 - p_e) ** 2
    )
    se = math.sqrt(max(variance, 0.0))
    return _clean(kappa), _clean(se), None


def _clean(value: float) -> float:
    """Round away float noise (0.30000000000000004) so printed and JSON figures are stable."""
    return round(value, 12) + 0.0  # + 0.0 turns -0.0 into 0.0
