"""The expected utility model (experimental): intermediate quantities against a hand computation.

Hand example: three actors on a 0-10 issue (R = 10).
    a: x = 0,  c = 1, s = 1      b: x = 5, c = 1, s = 0.5      c: x = 10, c = 2, s = 1
U^a(0, 5, 10) = (1, 0, -1); U^b = (0, 1, 0); U^c = (-1, 0, 1); weights c*s = (1, 0.5, 2).

Votes for a over b: a 1*(1-0) = 1, b 0.5*(0-1) = -0.5, c 2*(-1-0) = -2   ->  P_ab = 1/3.5 = 2/7
Votes for a over c: a 1*(1+1) = 2, b 0, c 2*(-1-1) = -4                   ->  P_ac = 2/6 = 1/3
Votes for b over c: a 1*(0+1) = 1, b 0.5*(1-0) = 0.5, c 2*(0-1) = -2      ->  P_bc = 1.5/3.5 = 3/7
Median: total votes a -3.5, b 1.0, c 2.5 -> 10.

At r = 1 and Q = 1: U_s = 2d, U_f = -2d, U_sq = 0 (d = |x_i - x_j|/R), so
EU_ij = 2d (s_j (2 P_ij - 1) + 1 - s_j):
EU_ab = 1 (0.5 (4/7 - 1) + 0.5) = 2/7      EU_ba = 1 (10/7 - 1) = 3/7
EU_ac = 2 (2/3 - 1) = -2/3                 EU_ca = 2 (4/3 - 1) = 2/3
EU_bc = 1 (6/7 - 1) = -1/7                 EU_cb = 1 (0.5 (8/7 - 1) + 0.5) = 4/7
Security Sec_i = sum_j EU_ji: a 3/7 + 2/3 = 23/21, b 2/7 + 4/7 = 6/7, c -2/3 - 1/7 = -17/21
R = (2 Sec - max - min)/(max - min): a 1, b 0.75, c -1; r = (1 - R/3)/(1 + R/3): a 0.5, b 0.6, c 2.
Offers at r = 1: a and b both gain by challenging, a expects less (2/7 < 3/7) and moves to 5;
c over a: 2/3 against -2/3, a would move all the way to 10; c over b: 4/7 against -1/7,
b compromises the fraction (1/7)/(4/7) = 1/4 of the way, to 6.25. a takes the smaller move (to 5).
"""

from __future__ import annotations

import numpy as np
import pytest

from accord.analysis.eum import (EumInput, expected_utilities, expected_utility_model, median_position, offers,
                                 risk_exponents, success_probability, votes)

HAND = EumInput(("a", "b", "c"), np.array([1.0, 1.0, 2.0]), np.array([0.0, 5.0, 10.0]), np.array([1.0, 0.5, 1.0]))
EU_EXAMPLE = {"Netherlands": (.08, 4, .8), "Belgium": (.08, 7, .4), "Luxembourg": (.03, 4, .2),
              "Germany": (.16, 4, .8), "France": (.16, 10, .6), "Italy": (.16, 10, .6), "UK": (.16, 10, .9),
              "Ireland": (.05, 7, .1), "Denmark": (.05, 4, 1.0), "Greece": (.08, 7, .7)}


def test_votes_probabilities_and_median():
    v = votes(HAND, 10.0)
    assert v[:, 0, 1].tolist() == pytest.approx([1, -0.5, -2])
    assert v[:, 0, 2].tolist() == pytest.approx([2, 0, -4])
    p = success_probability(HAND, 10.0)
    assert p[0, 1] == pytest.approx(2 / 7) and p[0, 2] == pytest.approx(1 / 3) and p[1, 2] == pytest.approx(3 / 7)
    assert p[1, 0] == pytest.approx(5 / 7)
    assert median_position(HAND, 10.0) == 10.0


def test_expected_utilities_at_r_one():
    eu = expected_utilities(HAND, 10.0, np.ones(3))
    expected = np.array([[0, 2 / 7, -2 / 3], [3 / 7, 0, -1 / 7], [2 / 3, 4 / 7, 0]])
    np.testing.assert_allclose(eu, expected, atol=1e-12)


def test_risk_exponents():
    risk, r = risk_exponents(HAND, 10.0)
    np.testing.assert_allclose(risk, [1, 0.75, -1], atol=1e-12)
    np.testing.assert_allclose(r, [0.5, 0.6, 2.0], atol=1e-12)


def test_offers():
    eu = expected_utilities(HAND, 10.0, np.ones(3))
    np.testing.assert_allclose(offers(HAND, eu), [5.0, 6.25, 10.0])


def test_eu_example_trace_is_reported_with_its_status():
    data = EumInput(tuple(EU_EXAMPLE), np.array([v[0] for v in EU_EXAMPLE.values()]),
                    np.array([float(v[1]) for v in EU_EXAMPLE.values()]), np.array([v[2] for v in EU_EXAMPLE.values()]))
    result = expected_utility_model(data, rounds=10)
    first = result.rounds[0]
    assert first.mean == pytest.approx(7.38996, abs=1e-5) and first.median == 7.0
    assert result.status in ("converged", "oscillating", "unsettled")
    assert len(result.rounds) >= 2
    assert result.to_dict()["experimental"] is True
