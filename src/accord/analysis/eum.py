"""Bueno de Mesquita's expected utility model (EXPERIMENTAL), as reconstructed by Scholz, Calbert & Smith.

The model was never published as code; Scholz, Calbert & Smith, "Unravelling
Bueno de Mesquita's group decision model" (J. Theoretical Politics 23(4),
2011; ICAART 2011) reconstruct it from Bueno de Mesquita (1985, 1994, 1997).
Two public replications of their reconstruction give different round-by-round
paths from the same input, and the printed equations leave choices open, so
this module states each choice it makes and reports whether the positions
converge, oscillate, or neither within the rounds allowed.

On one issue, with positions x, capabilities c, saliences s (0-1) and range R = max x - min x:

- utility of an outcome to i: U^i(x) = 1 - 2 |x_i - x| / R;
- vote of i for j over k: v_i(j, k) = c_i s_i (U^i(x_j) - U^i(x_k));
- median (Condorcet) position: the position x_j with the largest total vote
  sum_k sum_i v_i(j, k) over the other positions;
- probability that i beats j: P_ij = sum_{k: v_k(i, j) > 0} v_k(i, j) / sum_k |v_k(i, j)|;
- success, failure and status-quo utilities with risk exponent r_i:
  U_s = 2 - 4 (0.5 - 0.5 d/R)^r, U_f = 2 - 4 (0.5 + 0.5 d/R)^r, U_sq = 2 - 4 (0.5)^r, d = |x_i - x_j|;
  if j is not challenged it may drift towards the median mu:
  U_b = 2 - 4 (0.5 - 0.25 (|x_i - mu| + d)/R)^r, U_w = 2 - 4 (0.5 + 0.25 (|x_i - mu| + d)/R)^r;
- expected utility to i of challenging j:
  EU_ij = s_j (P_ij U_s + (1 - P_ij) U_f) + (1 - s_j) U_s - Q U_sq - (1 - Q)(T U_b + (1 - T) U_w),
  with T = 1 when things improve for i if j drifts to the median (mu lies
  between i and j, or i lies between j and mu), else 0; Q defaults to 1.0,
  the value Scholz et al. chose for their replication;
- security of i: Sec_i = sum_{j != i} EU_ji (at r = 1), risk
  R_i = (2 Sec_i - max Sec - min Sec) / (max Sec - min Sec) and exponent
  r_i = (1 - R_i/3) / (1 + R_i/3); every EU is then recomputed with r_i;
- offers between i and j, with a = EU_ij and b = EU_ji: both positive, the
  one with the lower EU moves to the other's position (the conflict it
  expects to lose); a > 0 > b, j gives way: all the way when |b| > a
  (capitulation), else the fraction |b| / a of the way (compromise);
  symmetrically for b > 0 > a; both negative, nothing moves;
- each actor takes the offer that moves it least; all move at once; repeat.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from accord.tables import HtmlRepr


@dataclass(frozen=True)
class EumInput:
    """One issue: actor names, capabilities, positions and saliences (0-1)."""

    actors: tuple[str, ...]
    capability: np.ndarray
    position: np.ndarray
    salience: np.ndarray


def utilities(x: np.ndarray, span: float) -> np.ndarray:
    """[i, k] U^i(x_k) = 1 - 2 |x_i - x_k| / R."""
    return 1.0 - 2.0 * np.abs(x[:, None] - x[None, :]) / span


def votes(data: EumInput, span: float) -> np.ndarray:
    """[i, j, k] v_i(j, k) = c_i s_i (U^i(x_j) - U^i(x_k))."""
    u = utilities(data.position, span)
    weight = data.capability * data.salience
    return weight[:, None, None] * (u[:, :, None] - u[:, None, :])


def median_position(data: EumInput, span: float) -> float:
    """The position that gathers the largest total vote against all the others."""
    total = votes(data, span).sum(axis=(0, 2))
    return float(data.position[int(np.argmax(total))])


def success_probability(data: EumInput, span: float) -> np.ndarray:
    """[i, j] P_ij: the share of the votes between i and j that favour i."""
    v = votes(data, span)                                        # [k, i, j]
    support = np.where(v > 0, v, 0.0).sum(axis=0)
    total = np.abs(v).sum(axis=0)
    return np.divide(support, total, out=np.full(total.shape, 0.5), where=total > 0)


def _power(base: np.ndarray, r: np.ndarray) -> np.ndarray:
    return np.power(np.clip(base, 0.0, None), r)


def expected_utilities(data: EumInput, span: float, r: np.ndarray, q: float = 1.0) -> np.ndarray:
    """[i, j] EU_ij: what i expects from challenging j, with risk exponents r [i]."""
    x, mu = data.position, median_position(data, span)
    d = np.abs(x[:, None] - x[None, :]) / span
    drift = (np.abs(x - mu)[:, None] + np.abs(x[:, None] - x[None, :])) / span
    rr = r[:, None]
    success = 2 - 4 * _power(0.5 - 0.5 * d, rr)
    failure = 2 - 4 * _power(0.5 + 0.5 * d, rr)
    status_quo = 2 - 4 * np.power(0.5, rr)
    better = 2 - 4 * _power(0.5 - 0.25 * drift, rr)
    worse = 2 - 4 * _power(0.5 + 0.25 * drift, rr)
    p = success_probability(data, span)
    s_j = data.salience[None, :]
    mu_between = (np.minimum(x[:, None], x[None, :]) <= mu) & (mu <= np.maximum(x[:, None], x[None, :]))
    i_between = (np.minimum(x[None, :], mu) <= x[:, None]) & (x[:, None] <= np.maximum(x[None, :], mu))
    t = (mu_between | i_between).astype(float)
    challenge = s_j * (p * success + (1 - p) * failure) + (1 - s_j) * success
    no_challenge = q * status_quo + (1 - q) * (t * better + (1 - t) * worse)
    eu = challenge - no_challenge
    np.fill_diagonal(eu, 0.0)
    return eu


def risk_exponents(data: EumInput, span: float, q: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Security Sec_i = sum_j EU_ji at r = 1, the risk measure R_i in [-1, 1], and r_i in [0.5, 2]."""
    eu = expected_utilities(data, span, np.ones(len(data.actors)), q)
    security = eu.sum(axis=0)  # column i: what every j expects from challenging i
    low, high = security.min(), security.max()
    risk = np.zeros_like(security) if high == low else (2 * security - high - low) / (high - low)
    return risk, (1 - risk / 3) / (1 + risk / 3)


def offers(data: EumInput, eu: np.ndarray) -> np.ndarray:
    """[i] each actor's new position: the offer that moves it least (its own position if none)."""
    x = data.position
    n = len(x)
    best = x.copy()
    moved = np.full(n, np.inf)
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            a, b = eu[i, j], eu[j, i]
            target = None
            if a > 0 and b > 0 and a > b:
                target = (j, x[i])                        # j loses the conflict and moves to i
            elif a > 0 > b:
                share = 1.0 if abs(b) > a else abs(b) / a  # capitulation, or compromise part of the way
                target = (j, x[j] + (x[i] - x[j]) * share)
            if target is None:
                continue
            who, where = target
            if abs(where - x[who]) < moved[who]:
                moved[who], best[who] = abs(where - x[who]), where
    return best


@dataclass(frozen=True)
class EumRound:
    positions: dict[str, float]
    mean: float
    median: float


@dataclass(frozen=True)
class EumResult(HtmlRepr):
    """The round-by-round trace and an honest verdict on convergence."""

    rounds: list[EumRound]
    status: str  # "converged", "oscillating" or "unsettled"
    risk_exponents: dict[str, float] = field(default_factory=dict)

    @property
    def forecast(self) -> float:
        return self.rounds[-1].median

    def to_dict(self) -> dict:
        return {"experimental": True, "status": self.status, "risk_exponents": self.risk_exponents,
                "rounds": [{"positions": r.positions, "mean": r.mean, "median": r.median} for r in self.rounds]}


def _weighted(data: EumInput) -> tuple[float, float]:
    from accord.analysis.central import weighted_mean, weighted_median

    w = (data.capability * data.salience)[:, None]
    points = data.position[:, None]
    return float(weighted_mean(points, w)[0]), float(weighted_median(points, w)[0])


def expected_utility_model(data: EumInput, rounds: int = 10, q: float = 1.0) -> EumResult:
    """Run the model for up to ``rounds`` rounds (EXPERIMENTAL; see the module docstring).

    >>> data = EumInput(("a", "b", "c"), np.array([1.0, 1.0, 1.0]), np.array([0.0, 50.0, 100.0]), np.ones(3))
    >>> expected_utility_model(data, rounds=3).status in ("converged", "oscillating", "unsettled")
    True
    """
    span = float(data.position.max() - data.position.min()) or 1.0
    current = data
    trace = [EumRound(dict(zip(data.actors, data.position.round(6).tolist())), *_weighted(data))]
    seen = [tuple(data.position.round(9))]
    status, exponents = "unsettled", {}
    for _ in range(rounds):
        _, r = risk_exponents(current, span, q)
        exponents = dict(zip(data.actors, r.round(6).tolist()))
        moved = offers(current, expected_utilities(current, span, r, q))
        current = EumInput(data.actors, data.capability, moved, data.salience)
        trace.append(EumRound(dict(zip(data.actors, moved.round(6).tolist())), *_weighted(current)))
        key = tuple(moved.round(9))
        if key == seen[-1]:
            status = "converged"
            break
        if key in seen:
            status = "oscillating"
            break
        seen.append(key)
    return EumResult(trace, status, exponents)


def eum_forecast(scenario, rounds: int = 10):
    """The model on every issue of a scenario: forecasts (final median) and each issue's status.

    EXPERIMENTAL: see the module docstring.
    """
    from accord.analysis.central import ideal_points, issue_forecasts
    from accord.analysis.packages import as_compiled

    compiled = as_compiled(scenario)
    points, statuses = np.full(len(compiled.issue_ids), np.nan), {}
    ideal = ideal_points(compiled)
    for i, issue in enumerate(compiled.issue_ids):
        held = compiled.has_position[:, i]
        if held.sum() < 2:
            statuses[issue] = "too few actors"
            points[i] = np.nanmean(ideal[held, i]) if held.any() else np.nan
            continue
        data = EumInput(tuple(np.array(compiled.actor_ids)[held]), compiled.capability[held], ideal[held, i],
                        compiled.salience[held, i] / 100.0)
        result = expected_utility_model(data, rounds)
        points[i], statuses[issue] = result.forecast, result.status
    return issue_forecasts(compiled, points), statuses
