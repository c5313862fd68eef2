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
them.

A sweep is cut into chunks of :data:`CHUNK_RUNS` runs (the last one shorter),
whatever the number of workers. Chunk k draws from its own stream,
``numpy.random.SeedSequence(seed).spawn(n)[k]``, and returns its runs'
forecasts and its counts (:class:`ChunkTally`); the chunks are merged in
their order. So a seed gives the same result, bit for bit, whether the
chunks run in this process, in worker processes or on a Dask cluster
(:mod:`accord.workers`). (Before chunking, one stream,
``default_rng(seed)``, drew all runs: the figures for a seed changed then,
not their distribution.)

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
from accord.workers import as_finished, cores, pool

PACKAGE_LIMIT = 200_000
CELLS_PER_CHUNK = 4_000_000
CHUNK_RUNS = 5_000  # runs per chunk of a sweep: part of what a seed means, so never set by the worker count


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


def _clash_counts(compiled: CompiledScenario, accepted: np.ndarray) -> np.ndarray:
    """[I, A, A] in how many runs the red lines of actors a < b on an issue share no option."""
    meet = np.einsum("raik,rbik->riab", accepted, accepted, dtype=np.int32) > 0    # [R, I, A, A]
    held = compiled.has_position.T                                                 # [I, A]
    pairs = held[:, :, None] & held[:, None, :] & np.triu(np.ones(held.shape[1], dtype=bool), 1)[None]
    return ((~meet) & pairs[None]).sum(axis=0)


def _clash_shares(compiled: CompiledScenario, clash_counts: np.ndarray, runs: int) -> list[tuple[str, str, str, float]]:
    share = clash_counts / runs                                                    # [I, A, A]
    found = [(compiled.issue_ids[i], compiled.actor_ids[a], compiled.actor_ids[b], round(float(share[i, a, b]), 4))
             for i, a, b in zip(*np.nonzero(share))]
    return sorted(found, key=lambda c: -c[3])


@dataclass(frozen=True)
class ChunkTally:
    """What one chunk of a sweep contributes: each run's forecasts, and counts over its runs."""

    index: int                # the chunk's place in the sweep
    compromise: np.ndarray    # [r, I] the compromise model's point in each run
    median: np.ndarray        # [r, I] the median model's point in each run
    feasible: int | None      # runs in which a feasible deal exists (None: too many packages to test)
    clashes: np.ndarray       # [I, A, A] runs in which the red lines of actors a < b share no option


def chunk_seeds(seed: int | np.random.SeedSequence | None, runs: int) -> list[tuple[int, np.random.SeedSequence]]:
    """The size and the seed of each chunk of a sweep of ``runs``: chunks of :data:`CHUNK_RUNS` runs, chunk k
    seeded by the k-th child of ``SeedSequence(seed)``, so that its draws do not depend on how chunks are run.

    >>> [(size, child.spawn_key) for size, child in chunk_seeds(7, 12_000)]
    [(5000, (0,)), (5000, (1,)), (2000, (2,))]
    """
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    sizes = [min(CHUNK_RUNS, runs - start) for start in range(0, runs, CHUNK_RUNS)]
    return list(zip(sizes, root.spawn(len(sizes))))


def simulate_chunk(compiled: CompiledScenario, runs: int, seed: np.random.SeedSequence, index: int = 0) -> ChunkTally:
    """Draw ``runs`` runs from ``seed`` and tally them: the work of one chunk, run wherever the chunk is sent.

    >>> import accord
    >>> from accord.scenario import compile_scenario
    >>> tally = simulate_chunk(compile_scenario(accord.load_scenario()), 50, np.random.SeedSequence(1))
    >>> tally.compromise.shape, 0 <= tally.feasible <= 50
    ((50, 10), True)
    """
    draws = draw_inputs(compiled, runs, np.random.default_rng(seed))
    weights = draws.capability[:, :, None] * draws.salience * compiled.has_position[None]
    packages = _candidate_packages(compiled, Uncertainty.of(compiled).accept_probability)
    feasible = None if packages is None else int(_feasible_runs(compiled, draws, packages).sum())
    return ChunkTally(index, weighted_mean(draws.ideal, weights), weighted_median(draws.ideal, weights),
                      feasible, _clash_counts(compiled, draws.accepted))


def merge_tallies(compiled: CompiledScenario, tallies: list[ChunkTally], seed: int | None = None) -> MonteCarloResult:
    """The result of a sweep from its chunks' tallies, taken in chunk order whatever order they came in.

    >>> import accord
    >>> from accord.scenario import compile_scenario
    >>> compiled = compile_scenario(accord.load_scenario())
    >>> tallies = [simulate_chunk(compiled, size, child, k) for k, (size, child) in enumerate(chunk_seeds(3, 300))]
    >>> merge_tallies(compiled, tallies[::-1], seed=3) == monte_carlo(compiled, 300, seed=3)
    True
    """
    tallies = sorted(tallies, key=lambda tally: tally.index)
    runs = sum(len(tally.compromise) for tally in tallies)
    models = {name: _distribution(compiled, np.concatenate([getattr(tally, name) for tally in tallies]))
              for name in ("compromise", "median")}
    untested = any(tally.feasible is None for tally in tallies)
    p_feasible = None if untested else round(sum(tally.feasible for tally in tallies) / runs, 4)
    clashes = _clash_shares(compiled, np.sum([tally.clashes for tally in tallies], axis=0), runs)
    return MonteCarloResult(runs, seed, models, p_feasible, clashes)


def monte_carlo(scenario: Scenario | CompiledScenario, runs: int = 1000, seed: int | None = None, *,
                workers: int | None = 1, scheduler=None) -> MonteCarloResult:
    """Run the forecast models and the feasibility test ``runs`` times under the scenario's uncertainty.

    The runs go in chunks (:func:`chunk_seeds`) to ``workers`` processes of this machine (1: this process;
    None: one per core) or to the Dask cluster at ``scheduler`` (an address such as ``"tcp://host:8786"``,
    or a ``distributed.LocalCluster``); a seed gives the same result wherever they run.

    >>> import accord
    >>> result = monte_carlo(accord.load_scenario(), runs=200, seed=1)
    >>> 0.0 <= result.p_feasible <= 1.0
    True
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    compiled = as_compiled(scenario)
    calls = [(compiled, size, child, index) for index, (size, child) in enumerate(chunk_seeds(seed, runs))]
    workers = min(cores() if workers is None else workers, len(calls))  # no idle processes
    with pool(workers, scheduler) as executor:
        tallies = list(as_finished(executor, simulate_chunk, calls))
    return merge_tallies(compiled, tallies, seed)
