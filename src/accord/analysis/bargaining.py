"""Bargaining solutions: which deal on the Pareto frontier is fair, by four classic definitions.

With d_a each actor's no-deal utility (0 where the scenario gives none) and
gains g_a(x) = U_a(x) - d_a, over the deals every actor weakly prefers to no deal:

- **Nash** (Nash, "The bargaining problem", Econometrica 18, 1950): maximise
  the product of gains, prod_a g_a(x), over deals with every g_a > 0.
- **Kalai-Smorodinsky** (Kalai & Smorodinsky, "Other solutions to Nash's
  bargaining problem", Econometrica 43, 1975): with ideal point I_a = max_x U_a(x),
  maximise min_a g_a(x) / (I_a - d_a), the point closest to proportional gains
  on the frontier of a discrete set.
- **utilitarian**: maximise sum_a U_a(x).
- **egalitarian** (Kalai, "Proportional solutions to bargaining situations",
  Econometrica 45, 1977): maximise min_a g_a(x).

Actors that no deal can improve (I_a = d_a) are left out of the products and
minima, where they would otherwise force every score to zero.

Every solution is Pareto-optimal, so each is found on the frontier of
:mod:`accord.analysis.efficiency` (the KS ideal point is the same on the frontier
as on the whole set). Ties go to the larger utility sum, then the earlier package.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.deals import Deal, make_deals
from accord.analysis.packages import as_compiled, red_lines_broken
from accord.analysis.efficiency import DECIMALS, Frontier, pareto_frontier
from accord.scenario.compiled import CompiledScenario
from accord.scenario.model import Scenario
from accord.tables import HtmlRepr

SOLUTIONS = ("nash", "kalai_smorodinsky", "utilitarian", "egalitarian")


@dataclass(frozen=True)
class Solution(HtmlRepr):
    """One bargaining solution: its name, the deal, the value it maximises, and whose red lines the deal breaks."""

    name: str
    deal: Deal | None
    score: float | None
    outside_red_lines: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"name": self.name, "score": self.score, "deal": self.deal.to_dict() if self.deal else None,
                "outside_red_lines": list(self.outside_red_lines)}


def disagreement(compiled: CompiledScenario) -> np.ndarray:
    """[A] no-deal utilities, 0 where the scenario gives none."""
    return np.nan_to_num(compiled.no_deal, nan=0.0)


def _pick(score: np.ndarray, values: np.ndarray, allowed: np.ndarray) -> int | None:
    if not allowed.any():
        return None
    score = np.where(allowed, np.round(score, DECIMALS), -np.inf)
    best = score == score.max()
    total = np.where(best, np.round(values.sum(axis=1), DECIMALS), -np.inf)
    return int(np.argmax(total))


def solution_scores(values: np.ndarray, d: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """For each solution, the score of every row of ``values`` [n, A] and which rows may be chosen."""
    gains = values - d
    rational = (np.round(gains, DECIMALS) >= 0).all(axis=1)
    ideal = values.max(axis=0) if len(values) else d
    stake = np.round(ideal - d, DECIMALS) > 0  # an actor no deal can improve does not enter products and minima
    if not stake.any():
        stake = np.ones_like(stake)
    staked, span = gains[:, stake], (ideal - d)[stake]
    return {
        "nash": (np.prod(np.clip(staked, 0, None), axis=1), rational & (np.round(staked, DECIMALS) > 0).all(axis=1)),
        "kalai_smorodinsky": ((staked / np.where(span > 0, span, np.inf)).min(axis=1), rational),
        "utilitarian": (values.sum(axis=1), rational),
        "egalitarian": (staked.min(axis=1), rational),
    }


def bargaining_solutions(scenario: Scenario | CompiledScenario | Frontier, scope: str = "all",
                         disagreement_point: np.ndarray | None = None) -> dict[str, Solution]:
    """The Nash, Kalai-Smorodinsky, utilitarian and egalitarian deals over all or the feasible deals.

    ``disagreement_point`` replaces the no-deal utilities as d (for comparing
    with tools that use another convention).

    >>> import accord
    >>> solutions = bargaining_solutions(accord.load_scenario())
    >>> sorted(solutions)
    ['egalitarian', 'kalai_smorodinsky', 'nash', 'utilitarian']
    """
    frontier = scenario if isinstance(scenario, Frontier) else pareto_frontier(as_compiled(scenario), scope)
    compiled = frontier.compiled
    d = disagreement(compiled) if disagreement_point is None else np.asarray(disagreement_point, dtype=float)
    scores = solution_scores(frontier.utilities, d)
    out = {}
    for name in SOLUTIONS:
        score, allowed = scores[name]
        row = _pick(score, frontier.utilities, allowed)
        out[name] = Solution(name, None, None) if row is None else \
            Solution(name, make_deals(compiled, frontier.packages[row])[0], round(float(score[row]), 9),
                     _outside(compiled, frontier.packages[row]))
    return out


def _outside(compiled: CompiledScenario, package: np.ndarray) -> tuple[str, ...]:
    """The actors whose red line on some issue rules the package out."""
    broken = red_lines_broken(compiled, package[None])[0].any(axis=1)
    return tuple(a for a, out in zip(compiled.actor_ids, broken) if out)


def nash_solution(scenario, scope: str = "all") -> Solution:
    """The Nash bargaining solution (see the module docstring)."""
    return bargaining_solutions(scenario, scope)["nash"]


def kalai_smorodinsky_solution(scenario, scope: str = "all") -> Solution:
    """The Kalai-Smorodinsky solution (see the module docstring)."""
    return bargaining_solutions(scenario, scope)["kalai_smorodinsky"]


@dataclass(frozen=True)
class BargainingReport(HtmlRepr):
    """The frontier and the four solutions over one scope of deals."""

    scope: str
    frontier: Frontier
    solutions: dict[str, Solution]

    @property
    def constrained(self) -> bool:
        """Whether the scope respects red lines and the no-deal test (``"all"`` ignores them)."""
        return self.scope == "feasible"

    def to_dict(self, frontier_limit: int | None = None) -> dict:
        frontier = self.frontier.to_dict()
        if frontier_limit is not None:
            frontier["deals"] = frontier["deals"][:frontier_limit]
        return {"scope": self.scope, "constrained": self.constrained, "frontier": frontier,
                "solutions": {name: s.to_dict() for name, s in self.solutions.items()}}


def bargaining_report(scenario: Scenario | CompiledScenario, scope: str = "all") -> BargainingReport:
    """The Pareto frontier and the Nash, KS, utilitarian and egalitarian deals over one scope.

    >>> import accord
    >>> bargaining_report(accord.load_scenario(), "feasible").solutions["nash"].deal is None
    True
    """
    frontier = pareto_frontier(as_compiled(scenario), scope)
    return BargainingReport(scope, frontier, bargaining_solutions(frontier))
