"""Sticking points: the cheapest concessions that open a deal, and the closest deals.

A *concession* admits one more option into one actor's acceptable set on one
issue, at cost capability_a x salience_ai x (1 - u_ai(option)). A soft
condition may also be waived at its cost. For a package x, the concessions it
needs are fixed: every (a, i, x_i) with x_i outside a's red line, plus every
soft condition x breaks. A *correction set* is the set a package needs, for a
package that satisfies the hard conditions and that every actor prefers to no
deal. A *minimal correction set* (MCS) has no strict subset that is also a
correction set (Liffiton & Sakallah, "Algorithms for computing minimal
unsatisfiable subsets of constraints", J. Automated Reasoning 40, 2008).

Sets are found in order of (cost, size). A strict subset of a correction set
is never more expensive or larger, so it is always found first, and a set is
minimal exactly when no set found earlier is inside it. Small spaces are
enumerated with numpy; large ones use CP-SAT with a no-superset cut after
each set (:mod:`accord.analysis.solver`). Both give the same sets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.deals import CorrectionSet, correction_set
from accord.analysis.packages import (IssueTables, all_choices, as_compiled, choose_engine, evaluate,
                                      gather, iter_packages)
from accord.scenario.compiled import COST_SCALE, CompiledScenario
from accord.scenario.model import Scenario


@dataclass(frozen=True)
class RankedSet:
    key: np.ndarray      # [I + S]: option index where a red line is broken, else -1; then soft bits
    cost: int
    size: int
    package: np.ndarray  # the best package (highest summed utility) with this key


def _keys(tables: IssueTables, packages: np.ndarray, soft_broken: np.ndarray) -> np.ndarray:
    broken = gather(tables.broken, packages) > 0
    return np.concatenate([np.where(broken, packages, -1), soft_broken.astype(np.int64)], axis=1)


def _enumerate_groups(compiled: CompiledScenario, require_no_deal: bool):
    """Every distinct concession key among the admissible packages, with cost, size and best package."""
    tables = IssueTables.of(compiled)
    parts = []
    for chunk in iter_packages(all_choices(compiled)):
        ev = evaluate(compiled, chunk, tables)
        keep = ev.hard_ok & (ev.beats.all(axis=1) if require_no_deal else True)
        if keep.any():
            parts.append((_keys(tables, chunk[keep], ev.soft_broken[keep]), ev.cost[keep], ev.broken[keep],
                          ev.welfare[keep], chunk[keep]))
    if not parts:
        return None
    keys, cost, size, welfare, packages = (np.concatenate(column) for column in zip(*parts))
    unique, inverse = _unique_rows(keys, np.asarray(compiled.n_options))
    order = np.lexsort((np.arange(len(keys)), -welfare, inverse))
    first = order[np.r_[True, inverse[order][1:] != inverse[order][:-1]]]
    return unique, cost[first], size[first], packages[first]


def _unique_rows(keys: np.ndarray, n_options: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct concession keys and each key's index among them, as ``np.unique(keys, axis=0)`` gives.
    Each key is read as one mixed-radix number (an issue's column takes its options and -1, a soft
    condition's bit 0 or 1), so the sort is over integers, not rows: a million keys take a tenth of a
    second instead of ten."""
    n_soft = keys.shape[1] - len(n_options)
    radices = np.concatenate([n_options + 1, np.full(n_soft, 2)]).astype(np.int64)
    if np.log2(radices.astype(float)).sum() >= 62:  # too many values for one int64: compare rows
        unique, inverse = np.unique(keys, axis=0, return_inverse=True)
        return unique, inverse.reshape(-1)
    offsets = np.concatenate([np.ones(len(n_options)), np.zeros(n_soft)]).astype(np.int64)  # -1 reads as 0
    weights = np.concatenate([np.cumprod(radices[::-1])[::-1][1:], [1]])
    _, first, inverse = np.unique((keys + offsets) @ weights, return_index=True, return_inverse=True)
    return keys[first], inverse.reshape(-1)


def _superset_of(keys: np.ndarray, key: np.ndarray, n_issues: int) -> np.ndarray:
    issues = ((key[:n_issues] < 0) | (keys[:, :n_issues] == key[:n_issues])).all(axis=1)
    return issues & (keys[:, n_issues:] >= key[n_issues:]).all(axis=1)


def _enumerated_sets(compiled, *, minimal: bool, by_count: bool, limit: int | None) -> list[RankedSet]:
    groups = _enumerate_groups(compiled, require_no_deal=minimal)
    if groups is None:
        return []
    keys, cost, size, packages = groups
    ranks = (np.arange(len(keys)), cost, size) if by_count else (np.arange(len(keys)), size, cost)
    remaining = np.lexsort(ranks)
    found: list[RankedSet] = []
    n_issues = len(compiled.issue_ids)
    while remaining.size and (limit is None or len(found) < limit):
        g = remaining[0]
        found.append(RankedSet(keys[g], int(cost[g]), int(size[g]), packages[g]))
        drop = _superset_of(keys[remaining], keys[g], n_issues) if minimal else remaining == g
        remaining = remaining[~drop]
    return found


def _solved_sets(compiled, *, minimal: bool, by_count: bool, limit: int | None) -> list[RankedSet]:
    from accord.analysis.solver import PackageModel  # OR-Tools (and pandas): only the solver engine needs them

    model = PackageModel(compiled, require_no_deal=minimal)
    soft_total = sum(int(round(c.cost * COST_SCALE)) for c in model.soft)
    if by_count:
        big = 1 + int(model.tables.cost.max(axis=1).sum()) + soft_total
    else:
        big = 1 + int(model.tables.broken.max(axis=1).sum()) + len(model.soft)
    primary = model.size * big + model.cost if by_count else model.cost * big + model.size
    found: list[RankedSet] = []
    n_issues = len(compiled.issue_ids)
    while limit is None or len(found) < limit:
        if model.solve(primary) is None:
            break
        best = model.value(primary)
        package = model.solve(model.welfare, maximize=True, limit_to=(primary, best))
        key = np.concatenate([np.where(model.tables.broken[np.arange(n_issues), package] > 0, package, -1),
                              model.soft_bits()])
        found.append(RankedSet(key, model.value(model.cost), model.value(model.size), package))
        if minimal and (key[:n_issues] < 0).all() and not key[n_issues:].any():
            break  # the empty set: a deal is already feasible
        (model.block_supersets if minimal else model.block_exact)(key)
    return found


def ranked_sets(compiled: CompiledScenario, *, minimal: bool, by_count: bool = False,
                limit: int | None = None, engine: str = "auto") -> list[RankedSet]:
    engine = choose_engine(compiled, engine)
    run = _enumerated_sets if engine == "enumerate" else _solved_sets
    return run(compiled, minimal=minimal, by_count=by_count, limit=limit)


def minimal_correction_sets(scenario: Scenario | CompiledScenario, k: int | None = 5,
                            engine: str = "auto") -> list[CorrectionSet]:
    """The ``k`` cheapest minimal sets of concessions that open a deal (all of them if ``k`` is None).

    An empty list means no concession on red lines or soft conditions can open
    a deal: the hard conditions or the no-deal test block every package (see
    :func:`accord.analysis.no_deal_blockers`). A deal that is feasible as it
    stands gives one empty set.

    >>> import accord
    >>> from accord.analysis import minimal_correction_sets
    >>> best = minimal_correction_sets(accord.load_scenario(), k=1)[0]
    >>> best.size >= 1 and best.text.startswith("a deal opens if")
    True
    """
    compiled = as_compiled(scenario)
    sets = ranked_sets(compiled, minimal=True, limit=k, engine=engine)
    return [correction_set(compiled, s.key, s.package, intro="a deal opens if ") if s.size else
            correction_set(compiled, s.key, s.package, intro="").with_text("a deal is feasible without concessions")
            for s in sets]


def closest_deals(scenario: Scenario | CompiledScenario, k: int = 5, engine: str = "auto") -> list[CorrectionSet]:
    """The packages that break the fewest, then the cheapest, red lines, with each actor's utility.

    Only hard conditions are required; each deal says which actors would still
    prefer no deal. Packages that break the same red lines are shown once, by
    the one with the highest summed utility.

    >>> import accord
    >>> from accord.analysis import closest_deals
    >>> deals = closest_deals(accord.load_scenario(), k=3)
    >>> len(deals)
    3
    """
    compiled = as_compiled(scenario)
    return [correction_set(compiled, s.key, s.package, intro="breaks: ") if s.size else
            correction_set(compiled, s.key, s.package, intro="").with_text("breaks no red line")
            for s in ranked_sets(compiled, minimal=False, by_count=True, limit=k, engine=engine)]
