"""The Pareto frontier: the deals no other deal improves for some actor without hurting another.

A package x is *Pareto-optimal* in a set S when no y in S has U_a(y) >= U_a(x)
for every actor and U_a(y) > U_a(x) for some (Pareto, *Manuale di economia
politica*, 1906; for negotiation, Raiffa, *The Art and Science of
Negotiation*, 1982). Packages with equal utility vectors are all kept.

Three exact methods:

- ``enumerate``: every package of S is scored with numpy, then filtered (a
  sort and a running maximum for two actors; for more, repeatedly take the
  package with the largest utility sum, which is always optimal, and drop
  everything it dominates).
- ``merge`` (default): utilities are additive, so a Pareto-optimal package is
  made of parts that are Pareto-optimal part by part. The parts are single
  issues, or blocks of issues linked by hard conditions (whose combinations
  are enumerated and filtered). The frontier is built one part at a time from
  the Minkowski sum of the frontier so far and the next part's options,
  pruned after each step, so the whole space is never enumerated.
- S = the feasible deals, which are enumerated as in :mod:`accord.analysis.feasibility`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from accord.analysis.deals import Deal, make_deals
from accord.analysis.feasibility import feasible_packages
from accord.analysis.packages import (DECIMALS, ENUMERATION_LIMIT, all_choices, as_compiled, best_first,
                                      conditions_hold, hard_mask, iter_packages, utilities)
from accord.errors import AccordError
from accord.scenario.compiled import CompiledScenario
from accord.scenario.model import Scenario


def pareto_mask(values: np.ndarray) -> np.ndarray:
    """[n] True where the row of ``values`` [n, A] is not strictly dominated by another row.

    >>> pareto_mask(np.array([[1, 0], [0, 1], [0.5, 0.5], [0.4, 0.4], [1, 0]])).tolist()
    [True, True, True, False, True]
    """
    values = np.round(np.asarray(values, dtype=float), DECIMALS)
    if len(values) == 0:
        return np.zeros(0, dtype=bool)
    if values.shape[1] == 1:
        return values[:, 0] == values[:, 0].max()
    if values.shape[1] == 2:
        return _pareto_2d(values)
    return _pareto_nd(values)


def _pareto_2d(values: np.ndarray) -> np.ndarray:
    order = np.lexsort((-values[:, 1], -values[:, 0]))
    first, second = values[order, 0], values[order, 1]
    new_group = np.r_[True, first[1:] != first[:-1]]
    group = np.cumsum(new_group) - 1
    group_start = np.flatnonzero(new_group)
    group_best = second[group_start]                     # sorted by second descending within a group
    best_before = np.r_[-np.inf, np.maximum.accumulate(group_best)[:-1]]
    keep_sorted = (second == group_best[group]) & (group_best[group] > best_before[group])
    keep = np.zeros(len(values), dtype=bool)
    keep[order] = keep_sorted
    return keep


def _pareto_nd(values: np.ndarray) -> np.ndarray:
    keep = np.zeros(len(values), dtype=bool)
    alive = np.arange(len(values))
    while alive.size:
        rows = values[alive]
        best = rows[np.argmax(rows.sum(axis=1))]
        equal = (rows == best).all(axis=1)
        dominated = (rows <= best).all(axis=1) & ~equal
        keep[alive[equal]] = True
        alive = alive[~(equal | dominated)]
    return keep


@dataclass(frozen=True)
class Frontier:
    """Pareto-optimal packages [m, I] and their utilities [m, A], with how they were found.

    Deals are listed by decreasing utility sum.
    """

    compiled: CompiledScenario
    packages: np.ndarray
    utilities: np.ndarray
    scope: str
    method: str
    exact: bool = True

    def __len__(self) -> int:
        return len(self.packages)

    def deals(self) -> list[Deal]:
        return make_deals(self.compiled, self.packages)

    def _repr_html_(self) -> str:
        from accord.tables import html_table

        return html_table([{**d.options, **{f"u({k})": v for k, v in d.utilities.items()}} for d in self.deals()[:50]])

    def to_dict(self) -> dict:
        return {"scope": self.scope, "method": self.method, "exact": self.exact, "size": len(self),
                "deals": [d.to_dict() for d in self.deals()]}


def issue_blocks(compiled: CompiledScenario) -> list[list[int]]:
    """Groups of issues linked by hard conditions (connected components); unlinked issues stand alone."""
    parent = list(range(len(compiled.issue_ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for condition in compiled.conditions:
        if not condition.soft:
            parent[root(condition.if_issue)] = root(condition.then_issue)
    blocks: dict[int, list[int]] = {}
    for i in range(len(parent)):
        blocks.setdefault(root(i), []).append(i)
    return list(blocks.values())


def _block_options(compiled: CompiledScenario, block: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Pareto-optimal combinations of a block's options that satisfy its hard conditions, with utilities."""
    sizes = math.prod(int(compiled.n_options[i]) for i in block)
    if sizes > ENUMERATION_LIMIT:
        raise AccordError(f"{sizes:,} combinations of issues linked by conditions are too many for an exact frontier")
    combos = np.stack(np.unravel_index(np.arange(sizes), tuple(compiled.n_options[i] for i in block)), axis=1)
    full = np.zeros((len(combos), len(compiled.issue_ids)), dtype=np.int64)
    full[:, block] = combos
    hard = [c for c in compiled.conditions if not c.soft and c.if_issue in block]
    ok = np.ones(len(combos), dtype=bool)
    for condition in hard:
        ok &= condition.holds(full[:, condition.if_issue], full[:, condition.then_issue])
    combos = combos[ok]
    values = compiled.term[:, block, :][:, np.arange(len(block)), combos].sum(axis=2).T  # [n, A]
    keep = pareto_mask(values)
    return combos[keep], values[keep]


def _merge_frontier(compiled: CompiledScenario) -> tuple[np.ndarray, np.ndarray]:
    """Exact frontier of an additive space, merged block by block (blocks: issues linked by hard conditions)."""
    packages = np.zeros((1, len(compiled.issue_ids)), dtype=np.int64)
    values = np.zeros((1, len(compiled.actor_ids)))
    for block in issue_blocks(compiled):
        combos, step = _block_options(compiled, block)
        if len(combos) == 0:  # the hard conditions rule out every combination of this block
            return packages[:0], values[:0]
        values = (values[:, None, :] + step[None, :, :]).reshape(-1, values.shape[1])
        packages = np.repeat(packages, len(combos), axis=0)
        packages[:, block] = np.tile(combos, (len(packages) // len(combos), 1))
        keep = pareto_mask(values)
        packages, values = packages[keep], values[keep]
    return packages, values


def _enumerated_frontier(compiled: CompiledScenario) -> tuple[np.ndarray, np.ndarray]:
    kept_packages, kept_values = [], []
    for chunk in iter_packages(all_choices(compiled)):
        ok = conditions_hold(compiled, chunk)[:, hard_mask(compiled)].all(axis=1)
        values = utilities(compiled, chunk[ok])
        keep = pareto_mask(values)
        kept_packages.append(chunk[ok][keep])
        kept_values.append(values[keep])
    packages, values = np.concatenate(kept_packages), np.concatenate(kept_values)
    keep = pareto_mask(values)
    return packages[keep], values[keep]


def pareto_frontier(scenario: Scenario | CompiledScenario, scope: str = "all", method: str = "auto") -> Frontier:
    """The Pareto frontier over all deals (``scope="all"``) or over the feasible deals (``"feasible"``).

    Over all deals, packages that break a hard condition are excluded; red
    lines and the no-deal test are not applied.

    >>> import accord
    >>> frontier = pareto_frontier(accord.load_scenario())
    >>> len(frontier) > 0 and frontier.exact
    True
    """
    compiled = as_compiled(scenario)
    if scope == "feasible":
        packages = feasible_packages(compiled, limit=None)
        values = utilities(compiled, packages)
        keep = pareto_mask(values)
        return _ordered(Frontier(compiled, packages[keep], values[keep], scope, "feasible-set"))
    if scope != "all":
        raise ValueError(f"scope must be 'all' or 'feasible', not {scope!r}")
    if method == "auto":
        method = "merge"
    if method == "merge":
        packages, values = _merge_frontier(compiled)
    elif method == "enumerate":
        if compiled.space_size > 50 * ENUMERATION_LIMIT:
            raise AccordError(f"{compiled.space_size:,} packages with hard conditions are too many to enumerate "
                              "for an exact frontier")
        packages, values = _enumerated_frontier(compiled)
    else:
        raise ValueError(f"method must be 'auto', 'merge' or 'enumerate', not {method!r}")
    return _ordered(Frontier(compiled, packages, values, scope, method))


def _ordered(frontier: Frontier) -> Frontier:
    """Frontier deals by decreasing utility sum, ties in package order, so every view lists them alike."""
    order = best_first(frontier.packages, frontier.utilities)
    return Frontier(frontier.compiled, frontier.packages[order], frontier.utilities[order], frontier.scope,
                    frontier.method, frontier.exact)
