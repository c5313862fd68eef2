"""The compiled form of a scenario: numpy arrays of options and utilities.

Every analysis runs on this one structure. Axes are always actors (A),
issues (I) and options (K, padded to the largest issue). A package is an
int array of length I holding one option index per issue.

Utility is additive across issues (Keeney & Raiffa, *Decisions with Multiple
Objectives*, 1976) and spatial within an issue, weighted by salience as in the
Stokman-tradition models of collective decisions (Thomson, Stokman, Achen &
Koenig, *The European Union Decides*, 2006):

    U_a(x) = sum_i s_ai u_ai(x_i) / sum_i s_ai

over the issues actor a has a position on, where u_ai(x) = 1 - |x - ideal_ai| / 100
on the 0-100 scale, or the position's explicit utility table.

Feasibility tests compare integer micro-utilities (utility x 10^6, rounded
per term) so that the exact enumerator and the constraint solver decide
every tie the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from accord.scenario.model import Scenario

MICRO = 1_000_000
COST_SCALE = 100  # costs are ranked as integers in hundredths
DEFAULT_SOFT_SALIENCE = 50.0  # a soft condition with no cost is priced like a mid-salience red line


@dataclass(frozen=True)
class CompiledCondition:
    """``implies``: x[if_issue] in if_mask -> x[then_issue] in then_mask; ``excludes``: not both."""

    id: str
    kind: str
    if_issue: int
    if_mask: np.ndarray
    then_issue: int
    then_mask: np.ndarray
    soft: bool
    cost: float
    holder: int | None
    description: str

    def holds(self, if_option: np.ndarray, then_option: np.ndarray) -> np.ndarray:
        """Vectorised: does the condition hold for these option indices?"""
        in_if = self.if_mask[if_option]
        in_then = self.then_mask[then_option]
        return ~in_if | in_then if self.kind == "implies" else ~(in_if & in_then)


@dataclass(frozen=True)
class CompiledScenario:
    """Arrays for analysis. Build one with :func:`compile_scenario`."""

    scenario: Scenario
    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    option_ids: tuple[tuple[str, ...], ...]
    n_options: np.ndarray          # [I]
    valid: np.ndarray              # [I, K] bool: option exists
    points: np.ndarray             # [I, K] 0-100 (nan for padding)
    capability: np.ndarray         # [A]
    salience: np.ndarray           # [A, I], 0 where no position
    has_position: np.ndarray       # [A, I] bool
    utility: np.ndarray            # [A, I, K] per-issue utility in [0, 1]
    acceptable: np.ndarray         # [A, I, K] bool; padding is False
    no_deal: np.ndarray            # [A] utility of no deal (nan: any deal beats none)
    no_deal_micro: np.ndarray      # [A] int64; -1 where there is no no-deal test
    conditions: tuple[CompiledCondition, ...] = field(default=())

    @property
    def shape(self) -> tuple[int, int, int]:
        return len(self.actor_ids), len(self.issue_ids), self.valid.shape[1]

    @cached_property
    def space_size(self) -> int:
        return int(np.prod(self.n_options.astype(object)))

    @cached_property
    def utility_scale(self) -> np.ndarray:
        """[A] each actor's utility multiplier (1 unless an imported domain says otherwise)."""
        return np.array([a.utility_scale for a in self.scenario.actors])

    @cached_property
    def weight(self) -> np.ndarray:
        """[A, I] salience shares: each actor's weights sum to its utility scale (normally 1)."""
        total = self.salience.sum(axis=1, keepdims=True)
        share = np.divide(self.salience, total, out=np.zeros_like(self.salience), where=total > 0)
        return share * self.utility_scale[:, None]

    @cached_property
    def term(self) -> np.ndarray:
        """[A, I, K] each issue's weighted contribution to U_a."""
        return self.weight[:, :, None] * self.utility

    @cached_property
    def term_micro(self) -> np.ndarray:
        """[A, I, K] int64 micro-utility contributions used by the feasibility tests."""
        return np.rint(self.term * MICRO).astype(np.int64)

    @cached_property
    def concession_cost(self) -> np.ndarray:
        """[A, I, K] cost of admitting an option past a red line: capability x salience x (1 - u)."""
        cost = self.capability[:, None, None] * self.salience[:, :, None] * (1.0 - self.utility)
        return np.where(self.acceptable | ~self.valid[None], 0.0, cost)

    @cached_property
    def concession_cost_int(self) -> np.ndarray:
        return np.rint(self.concession_cost * COST_SCALE).astype(np.int64)

    @cached_property
    def allowed(self) -> np.ndarray:
        """[I, K] options inside every actor's red line."""
        return self.acceptable.all(axis=0) & self.valid

    @cached_property
    def no_deal_package(self) -> np.ndarray | None:
        """[I] option indices of the no-deal reference package, if the scenario gives one."""
        package = self.scenario.no_deal.package
        return self.package_from_ids(package) if package else None

    @cached_property
    def no_deal_fixed(self) -> np.ndarray:
        """[A] actors whose no-deal utility is given directly rather than by the package."""
        return np.array([a in self.scenario.no_deal.utilities for a in self.actor_ids], dtype=bool)

    def option_index(self, issue: int, option_id: str) -> int:
        return self.option_ids[issue].index(option_id)

    def package_ids(self, package) -> dict[str, str]:
        """Option ids of a package given as option indices."""
        return {self.issue_ids[i]: self.option_ids[i][int(k)] for i, k in enumerate(package)}

    def package_from_ids(self, options: dict[str, str]) -> np.ndarray:
        """Option indices of a package given as ``{issue: option}`` (all issues)."""
        return np.array([self.option_index(i, options[issue]) for i, issue in enumerate(self.issue_ids)])


def _spatial_utility(points: np.ndarray, valid: np.ndarray, ideal_point: float) -> np.ndarray:
    return np.where(valid, 1.0 - np.abs(points - ideal_point) / 100.0, 0.0)


def compile_scenario(scenario: Scenario) -> CompiledScenario:
    """Compile a validated scenario into arrays.

    >>> import accord
    >>> compiled = compile_scenario(accord.load_scenario())
    >>> compiled.utility.shape == (5, 10, 4)
    True
    """
    actor_ids = tuple(a.id for a in scenario.actors)
    issue_ids = tuple(i.id for i in scenario.issues)
    option_ids = tuple(tuple(o.id for o in issue.options) for issue in scenario.issues)
    n_actors, n_issues = len(actor_ids), len(issue_ids)
    width = max(len(o) for o in option_ids)
    valid = np.zeros((n_issues, width), dtype=bool)
    points = np.full((n_issues, width), np.nan)
    for i, issue in enumerate(scenario.issues):
        valid[i, : len(issue.options)] = True
        points[i, : len(issue.options)] = [o.point for o in issue.options]

    salience = np.zeros((n_actors, n_issues))
    utility = np.zeros((n_actors, n_issues, width))
    acceptable = np.broadcast_to(valid, (n_actors, n_issues, width)).copy()
    for a, actor_id in enumerate(actor_ids):
        for issue_id, position in scenario.positions.get(actor_id, {}).items():
            i = issue_ids.index(issue_id)
            salience[a, i] = position.salience.value
            if position.utilities is not None:
                utility[a, i, : len(option_ids[i])] = [position.utilities[o] for o in option_ids[i]]
            else:
                ideal_point = points[i, option_ids[i].index(position.ideal)]
                utility[a, i] = _spatial_utility(points[i], valid[i], ideal_point)
            if position.acceptable is not None:
                acceptable[a, i] = [o in position.acceptable for o in option_ids[i]] + [False] * (width - len(option_ids[i]))
    has_position = np.array([[issue in scenario.positions.get(a, {}) for issue in issue_ids] for a in actor_ids],
                            dtype=bool).reshape(n_actors, n_issues)
    capability = np.array([a.capability.value for a in scenario.actors], dtype=float)

    partial = CompiledScenario(scenario, actor_ids, issue_ids, option_ids, valid.sum(axis=1), valid, points,
                               capability, salience, has_position, utility, acceptable,
                               np.full(n_actors, np.nan), np.full(n_actors, -1, dtype=np.int64))
    no_deal, no_deal_micro = _no_deal(scenario, partial)
    conditions = tuple(_condition(c, partial) for c in scenario.conditions)
    return CompiledScenario(scenario, actor_ids, issue_ids, option_ids, partial.n_options, valid, points,
                            capability, salience, has_position, utility, acceptable, no_deal, no_deal_micro,
                            conditions)


def _no_deal(scenario: Scenario, partial: CompiledScenario) -> tuple[np.ndarray, np.ndarray]:
    n_actors = len(partial.actor_ids)
    value = np.full(n_actors, np.nan)
    micro = np.full(n_actors, -1, dtype=np.int64)
    if scenario.no_deal.package:
        package = partial.package_from_ids(scenario.no_deal.package)
        issues = np.arange(len(package))
        stake = partial.salience.sum(axis=1) > 0  # an actor with no stake gets 0 from every package alike
        value = np.where(stake, partial.term[:, issues, package].sum(axis=1), np.nan)
        micro = np.where(stake, partial.term_micro[:, issues, package].sum(axis=1), -1)
    for actor_id, measure in scenario.no_deal.utilities.items():
        a = partial.actor_ids.index(actor_id)
        value[a] = measure.value
        micro[a] = int(round(measure.value * MICRO))
    return value, micro


def _condition(condition, partial: CompiledScenario) -> CompiledCondition:
    def mask(option_set) -> tuple[int, np.ndarray]:
        i = partial.issue_ids.index(option_set.issue)
        chosen = np.zeros(partial.valid.shape[1], dtype=bool)
        chosen[[partial.option_ids[i].index(o) for o in option_set.options]] = True
        return i, chosen

    if_issue, if_mask = mask(condition.if_)
    then_issue, then_mask = mask(condition.then)
    holder = partial.actor_ids.index(condition.holder) if condition.holder else None
    cost = condition.cost
    if cost is None:
        capability = partial.capability[holder] if holder is not None else partial.capability.mean()
        cost = float(capability * DEFAULT_SOFT_SALIENCE)
    return CompiledCondition(condition.id, condition.kind, if_issue, if_mask, then_issue, then_mask,
                             condition.soft, float(cost), holder, condition.description)


@dataclass(frozen=True)
class Uncertainty:
    """The scenario's uncertainty fields as arrays, for Monte Carlo draws.

    Ranges equal the value where none is given, standard deviations are 0,
    and accept probabilities are 1 inside a red line, the ``may_accept``
    probability for a red line that may move, and 0 otherwise.
    """

    capability_range: np.ndarray  # [A, 2]
    salience_range: np.ndarray    # [A, I, 2]
    ideal_point: np.ndarray       # [A, I] nan for utility-table positions and no position
    ideal_sd: np.ndarray          # [A, I]
    accept_probability: np.ndarray  # [A, I, K]

    @classmethod
    def of(cls, compiled: CompiledScenario) -> Uncertainty:
        scenario = compiled.scenario
        n_actors, n_issues, width = compiled.shape
        capability = np.array([a.capability.range or (a.capability.value,) * 2 for a in scenario.actors], dtype=float)
        salience = np.repeat(compiled.salience[:, :, None], 2, axis=2)
        ideal = np.full((n_actors, n_issues), np.nan)
        sd = np.zeros((n_actors, n_issues))
        accept = compiled.acceptable.astype(float)
        for a, actor_id in enumerate(compiled.actor_ids):
            for issue_id, position in scenario.positions.get(actor_id, {}).items():
                i = compiled.issue_ids.index(issue_id)
                if position.salience.range:
                    salience[a, i] = position.salience.range
                if position.ideal is not None:
                    ideal[a, i] = compiled.points[i, compiled.option_index(i, position.ideal)]
                    sd[a, i] = position.ideal_sd or 0.0
                for option, probability in position.may_accept.items():
                    accept[a, i, compiled.option_index(i, option)] = probability.value
        return cls(capability, salience, ideal, sd, accept)
