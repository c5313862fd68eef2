"""The exchange model of Stokman and Van Oosten (equal-gain variant).

Actors trade positions across issues: actor a, relatively more concerned with
issue p, moves its position on issue q towards b, while b, relatively more
concerned with q, moves on p towards a (Stokman & Van Oosten, "The exchange
of voting positions: an object-oriented model of policy networks", in Bueno
de Mesquita & Stokman (eds.), *European Community Decision Making*, Yale,
1994).

With x_ai the position (in the issue's own units), s_ai the salience, c_a the
power and O_i = sum_a c_a s_ai x_ai / sum_a c_a s_ai the expected outcome
(the compromise model):

Saliences enter on the model's own 0-1 scale (accord's 0-100 divided by 100).

- a *candidate exchange* is a pair of actors and a pair of issues on which
  the two actors lie on opposite sides of the expected outcome on both issues;
- moving x_aq by dx shifts O_q by delta_q = c_a s_aq dx / sum_k c_k s_kq; the
  mover loses s_aq delta_q and the other gains s_bq delta_q;
- in the equal-gain variant the two shifts satisfy
  delta_p (s_ap + s_bp) = delta_q (s_aq + s_bq), so both gain
  G = delta_q (s_ap s_bq - s_aq s_bp) / (s_ap + s_bp); one actor moves all the
  way to the other's position and the other moves as far as equal gains need
  (the roles swap when that would take it past the first actor's position).

Each round computes every candidate and carries out exchanges in order of
gain, each actor-issue position at most once a round; rounds repeat until no
exchange gains. The forecast is the compromise of the final positions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.central import IssueForecast, ideal_points, issue_forecasts
from accord.analysis.packages import as_compiled
from accord.scenario.compiled import CompiledScenario
from accord.scenario.model import Scenario
from accord.tables import HtmlRepr


@dataclass(frozen=True)
class Exchange(HtmlRepr):
    """One candidate exchange: ``mover_q`` moves on ``issue_q``, ``mover_p`` moves on ``issue_p``."""

    actors: tuple[str, str]
    issues: tuple[str, str]
    gain: float
    shifts: tuple[float, float]  # position moves of the two movers, in issue units

    def to_dict(self) -> dict:
        return {"actors": list(self.actors), "issues": list(self.issues), "gain": self.gain,
                "shifts": list(self.shifts)}


def _units(compiled: CompiledScenario) -> tuple[np.ndarray, np.ndarray]:
    low = np.array([i.units.at_0 if i.units else 0.0 for i in compiled.scenario.issues])
    high = np.array([i.units.at_100 if i.units else 100.0 for i in compiled.scenario.issues])
    return low, high


def candidate_exchanges(compiled: CompiledScenario, positions: np.ndarray) -> list[tuple]:
    """All candidates for positions [A, I] (issue units), best gain first.

    Each is (gain, a, b, p, q, dx_a_on_q, dx_b_on_p) where actor a moves on q and b on p.
    """
    held = compiled.has_position
    weight = compiled.capability[:, None] * compiled.salience * held
    total = weight.sum(axis=0)
    outcome = np.divide((weight * np.nan_to_num(positions)).sum(axis=0), total, out=np.zeros_like(total),
                        where=total > 0)
    side = np.sign(np.nan_to_num(positions) - outcome) * held                       # [A, I]
    opposite = (side[:, None, :] * side[None, :, :]) < 0                            # [A, B, I]
    s = compiled.salience / 100.0  # the model's saliences run 0-1
    found = []
    n_actors, n_issues = held.shape
    for a in range(n_actors):
        for b in range(a + 1, n_actors):
            issues = np.flatnonzero(opposite[a, b])
            for k, p in enumerate(issues):
                for q in issues[k + 1:]:
                    found.append(_equal_gain(compiled, positions, weight, total, a, b, int(p), int(q), s))
    found.sort(key=lambda e: -e[0])
    return found


def _equal_gain(compiled, x, weight, total, a, b, p, q, s):
    if s[a, p] * s[b, q] < s[a, q] * s[b, p]:
        a, b = b, a  # a is the one relatively more concerned with p
    ratio = (s[a, q] + s[b, q]) / (s[a, p] + s[b, p])                # delta_p = ratio * delta_q
    delta_q_max = weight[a, q] * abs(x[b, q] - x[a, q]) / total[q]     # a moves all the way on q
    delta_p_max = weight[b, p] * abs(x[a, p] - x[b, p]) / total[p]     # b moves all the way on p
    delta_q = delta_q_max
    delta_p = delta_q * ratio
    if delta_p > delta_p_max:
        delta_p = delta_p_max
        delta_q = delta_p / ratio
    gain = s[a, p] * delta_p - s[a, q] * delta_q
    move_a = delta_q * total[q] / weight[a, q] * np.sign(x[b, q] - x[a, q]) if weight[a, q] else 0.0
    move_b = delta_p * total[p] / weight[b, p] * np.sign(x[a, p] - x[b, p]) if weight[b, p] else 0.0
    return float(gain), a, b, p, q, float(move_a), float(move_b)


@dataclass(frozen=True)
class ExchangeResult(HtmlRepr):
    forecast: list[IssueForecast]
    rounds: list[list[Exchange]]
    first_round_candidates: int

    def to_dict(self) -> dict:
        return {"forecast": [f.to_dict() for f in self.forecast], "first_round_candidates": self.first_round_candidates,
                "rounds": [[e.to_dict() for e in r] for r in self.rounds]}


def exchange_model(scenario: Scenario | CompiledScenario, max_rounds: int = 10) -> ExchangeResult:
    """Run the exchange model and forecast each issue from the positions after exchange.

    >>> import accord
    >>> result = exchange_model(accord.load_scenario())
    >>> result.first_round_candidates > 0
    True
    """
    compiled = as_compiled(scenario)
    low, high = _units(compiled)
    positions = low + (high - low) * ideal_points(compiled) / 100.0
    rounds, first = [], None
    for _ in range(max_rounds):
        candidates = candidate_exchanges(compiled, positions)
        first = len(candidates) if first is None else first
        done, used = [], set()
        for gain, a, b, p, q, move_a, move_b in candidates:
            if gain <= 1e-12 or (a, q) in used or (b, p) in used:
                continue
            positions[a, q] += move_a
            positions[b, p] += move_b
            used |= {(a, q), (b, p)}
            done.append(Exchange((compiled.actor_ids[a], compiled.actor_ids[b]),
                                 (compiled.issue_ids[q], compiled.issue_ids[p]), round(gain, 12),
                                 (round(move_a, 9), round(move_b, 9))))
        if not done:
            break
        rounds.append(done)
    weight = compiled.capability[:, None] * compiled.salience * compiled.has_position
    total = weight.sum(axis=0)
    outcome_units = np.divide((weight * np.nan_to_num(positions)).sum(axis=0), total, out=np.full(total.shape, np.nan),
                              where=total > 0)
    points = (outcome_units - low) / (high - low) * 100.0
    return ExchangeResult(issue_forecasts(compiled, points), rounds, first or 0)
