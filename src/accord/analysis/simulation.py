"""Monte Carlo forecasts: the forecast models and feasibility under the scenario's uncertainty.

Each run draws, independently:

- each actor's capability from its ``range`` (uniform), and each salience from its ``range``;
- each spatial ideal point from a normal with the position's ``ideal_sd``,
  truncated to [0, 100] (by resampling the draws that fall outside);
- for each option past a red line that ``may_accept`` lists, whether the actor
  accepts it this time (with that probability).

From the draws it reports the distribution of each model's forecast on each
issue, the probability that a feasible deal exists, and how often each direct
clash of red lines appears. Runs are computed together as arrays with a
leading draw axis; there is no Python loop over runs, only over chunks of
them to bound memory.

This is the standard way to carry input uncertainty through an expected-
utility or spatial model (e.g. the stochastic treatment in Thomson et al.,
*The European Union Decides*, 2006, ch. 2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.central import ideal_points, weighted_mean, weighted_median
from accord.analysis.packages import as_compiled, conditions_hold, iter_packages
from accord.scenario.compiled import MICRO, CompiledScenario, Uncertainty
from accord.scenario.model import Scenario
from accord.tables import HtmlRepr

PACKAGE_LIMIT = 200_000
CELLS_PER_CHUNK = 4_000_000


@dataclass(frozen=True)
class Draws:
    """R runs of every uncertain input."""

    capability: np.ndarray   # [R, A]
    salience: np.ndarray     # [R, A, I]
    ideal: np.ndarray        # [R, A, I] points of the ideals (fixed best point for utility tables)
    utility: np.ndarray      # [R, A, I, K]
    accepted: np.ndarray     # [R, A, I, K] bool


def _truncated_normal(rng: np.random.Generator, mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    draw = rng.normal(mean, sd)
    outside = (draw < 0) | (draw > 100)
    while outside.any():
        draw[outside] = rng.normal(mean[outside], sd[outside])
        outside = (draw < 0) | (draw > 100)
    return draw


def draw_inputs(compiled: CompiledScenario, runs: int, rng: np.random.Generator) -> Draws:
    """Draw ``runs`` sets of the scenario's uncertain inputs."""
    unc = Uncertainty.of(compiled)
    n_actors, n_issues, width = compiled.shape
    low, high = unc.capability_range[:, 0], unc.capability_range[:, 1]
    capability = rng.uniform(low, high, size=(runs, n_actors))
    salience = rng.uniform(unc.salience_range[..., 0], unc.salience_range[..., 1], size=(runs, n_actors, n_issues))
    spatial = ~np.isnan(unc.ideal_point)
    mean = np.broadcast_to(np.nan_to_num(unc.ideal_point), (runs, n_actors, n_issues)).copy()
    sd = np.broadcast_to(unc.ideal_sd, (runs, n_actors, n_issues))
    moving = sd > 0
    mean[moving] = _truncated_normal(rng, mean[moving], sd[moving])
    ideal = np.where(spatial, mean, ideal_points(compiled)[None])
    spatial_utility = 1.0 - np.abs(compiled.points[None, None] - ideal[..., None]) / 100.0
    utility = np.where(spatial[None, ..., None], np.where(compiled.valid, spatial_utility, 0.0), compiled.utility[None])
    accepted = rng.random((runs, n_actors, n_issues, width)) < unc.accept_probability[None]
    return Draws(capability, salience, ideal, utility, accepted)


@dataclass(frozen=True)
class IssueDistribution(HtmlRepr):
    """One model's forecasts on one issue across the runs."""

    issue: str
    mean: float
    sd: float
    quantiles: dict[str, float]
    options: dict[str, float]  # share of runs whose forecast is nearest each option

    def to_dict(self) -> dict:
        held = self.mean == self.mean
        return {"issue": self.issue, "mean": self.mean if held else None, "sd": self.sd if held else None,
                "quantiles": self.quantiles, "options": self.options}


@dataclass(frozen=True)
class MonteCarloResult(HtmlRepr):
    """Outcome distributions, the probability of a feasible deal, and clash frequencies."""

    runs: int
    seed: int | None
    models: dict[str, list[IssueDistribution]]
    p_feasible: float | None  # None when too many packages could become feasible to test (PACKAGE_LIMIT)
    clashes: list[tuple[str, str, str, float]]  # (issue, actor, actor, share of runs)

    def to_dict(self) -> dict:
        return {"runs": self.runs, "seed": self.seed, "p_feasible": self.p_feasible,
                "models": {m: [d.to_dict() for d in dists] for m, dists in self.models.items()},
                "clashes": [{"issue": i, "actors": [a, b], "share": s} for i, a, b, s in self.clashes]}


def _distribution(compiled: CompiledScenario, points: np.ndarray) -> list[IssueDistribution]:
    """points [R, I] -> summary per issue."""
    distance = np.abs(np.where(compiled.valid, compiled.points, np.inf)[None] - points[..., None])
    nearest = distance.argmin(axis=2)
    out = []
    for i, issue in enumerate(compiled.issue_ids):
        if np.isnan(points[:, i]).all():  # nobody holds a position on this issue
            out.append(IssueDistribution(issue, float("nan"), float("nan"), {}, {}))
            continue
        counts = np.bincount(nearest[:, i], minlength=compiled.n_options[i])[: compiled.n_options[i]]
        q = np.nanquantile(points[:, i], [0.05, 0.5, 0.95])
        out.append(IssueDistribution(issue, round(float(np.nanmean(points[:, i])), 4),
                                     round(float(np.nanstd(points[:, i])), 4),
                                     {"p05": round(float(q[0]), 4), "p50": round(float(q[1]), 4),
                                      "p95": round(float(q[2]), 4)},
                                     {o: round(float(c / len(points)), 4) for o, c in zip(compiled.option_ids[i], counts)}))
    return out


def _candidate_packages(compiled: CompiledScenario, accept_probability: np.ndarray) -> np.ndarray:
    possible = (accept_probability > 0).all(axis=0) & compiled.valid
    choices = [np.flatnonzero(possible[i]) for i in range(len(compiled.issue_ids))]
    size = int(np.prod([len(c) for c in choices], dtype=object))
    if size == 0:
        return np.zeros((0, len(choices)), dtype=np.int64)
    if size > PACKAGE_LIMIT:
        return None  # too many packages could become feasible to test them in every run
    packages = np.concatenate(list(iter_packages(choices)))
    return packages[conditions_hold(compiled, packages).all(axis=1)]


def _feasible_runs(compiled: CompiledScenario, draws: Draws, packages: np.ndarray) -> np.ndarray:
    """[R] does some package pass every drawn red line and beat no deal for every actor?"""
    runs = len(draws.capability)
    if len(packages) == 0:
        return np.zeros(runs, dtype=bool)
    issues = np.arange(packages.shape[1])
    total = draws.salience.sum(axis=2, keepdims=True)
    weight = np.divide(draws.salience, total, out=np.zeros_like(draws.salience), where=total > 0)
    weight = weight * np.array([a.utility_scale for a in compiled.scenario.actors])[None, :, None]
    allowed = draws.accepted.all(axis=1)  # [R, I, K]
    no_deal = _no_deal_micro(compiled, draws, weight)  # [R, A]
    n_actors, n_issues = compiled.shape[:2]
    chunk = max(1, CELLS_PER_CHUNK // max(1, len(packages) * n_actors * n_issues))
    feasible = np.zeros(runs, dtype=bool)
    for start in range(0, runs, chunk):
        part = slice(start, start + chunk)
        red_lines = allowed[part][:, issues, packages].all(axis=2)                     # [r, P]
        terms = weight[part][..., None] * draws.utility[part]                          # [r, A, I, K]
        micro = np.rint(terms[:, :, issues, packages] * MICRO).sum(axis=3)             # [r, A, P]
        beats = (micro > no_deal[part][:, :, None]).all(axis=1)                        # [r, P]
        feasible[part] = (red_lines & beats).any(axis=1)
    return feasible


def _no_deal_micro(compiled: CompiledScenario, draws: Draws, weight: np.ndarray) -> np.ndarray:
    """[R, A] each run's no-deal threshold: the drawn utility of the no-deal package, or the given utility."""
    fixed = np.broadcast_to(compiled.no_deal_micro, (len(draws.capability), len(compiled.actor_ids)))
    package = compiled.no_deal_package
    if package is None:
        return fixed
    issues = np.arange(len(package))
    drawn = np.rint(weight[:, :, issues] * draws.utility[:, :, issues, package] * MICRO).sum(axis=2)
    stake = draws.salience.sum(axis=2) > 0
    return np.where(compiled.no_deal_fixed[None], fixed, np.where(stake, drawn, -1)).astype(np.int64)


def _clash_shares(compiled: CompiledScenario, accepted: np.ndarray) -> list[tuple[str, str, str, float]]:
    meet = np.einsum("raik,rbik->riab", accepted, accepted, dtype=np.int32) > 0    # [R, I, A, A]
    held = compiled.has_position.T                                                 # [I, A]
    pairs = held[:, :, None] & held[:, None, :] & np.triu(np.ones(held.shape[1], dtype=bool), 1)[None]
    share = ((~meet) & pairs[None]).mean(axis=0)                                   # [I, A, A]
    found = [(compiled.issue_ids[i], compiled.actor_ids[a], compiled.actor_ids[b], round(float(share[i, a, b]), 4))
             for i, a, b in zip(*np.nonzero(share))]
    return sorted(found, key=lambda c: -c[3])


def monte_carlo(scenario: Scenario | CompiledScenario, runs: int = 1000, seed: int | None = None) -> MonteCarloResult:
    """Run the forecast models and the feasibility test ``runs`` times under the scenario's uncertainty.

    >>> import accord
    >>> result = monte_carlo(accord.load_scenario(), runs=200, seed=1)
    >>> 0.0 <= result.p_feasible <= 1.0
    True
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    compiled = as_compiled(scenario)
    rng = np.random.default_rng(seed)
    draws = draw_inputs(compiled, runs, rng)
    weights = draws.capability[:, :, None] * draws.salience * compiled.has_position[None]
    models = {"compromise": _distribution(compiled, weighted_mean(draws.ideal, weights)),
              "median": _distribution(compiled, weighted_median(draws.ideal, weights))}
    packages = _candidate_packages(compiled, Uncertainty.of(compiled).accept_probability)
    p_feasible = None if packages is None else round(float(_feasible_runs(compiled, draws, packages).mean()), 4)
    return MonteCarloResult(runs, seed, models, p_feasible, _clash_shares(compiled, draws.accepted))
