"""Packages (one option per issue) and their vectorised evaluation.

A batch of packages is an int array of shape [n, I]. Everything here works on
whole batches with numpy: there is no Python loop over packages, only over
issues and conditions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from accord.scenario.compiled import COST_SCALE, CompiledScenario, compile_scenario
from accord.scenario.model import Scenario

ENUMERATION_LIMIT = 2_000_000  # spaces larger than this go to the constraint solver
CHUNK = 1 << 18
DECIMALS = 10  # utilities equal to 10 decimals count as equal


def as_compiled(scenario: Scenario | CompiledScenario) -> CompiledScenario:
    """Accept a scenario or its compiled form."""
    return scenario if isinstance(scenario, CompiledScenario) else compile_scenario(scenario)


def choose_engine(compiled: CompiledScenario, engine: str, size: int | None = None) -> str:
    """'enumerate' or 'solver': ``engine`` itself, or for 'auto' by the size of the space to search."""
    if engine not in ("auto", "enumerate", "solver"):
        raise ValueError(f"engine must be 'auto', 'enumerate' or 'solver', not {engine!r}")
    if engine == "auto":
        return "enumerate" if (size if size is not None else compiled.space_size) <= ENUMERATION_LIMIT else "solver"
    return engine


def iter_packages(choices: list[np.ndarray], chunk: int = CHUNK) -> Iterator[np.ndarray]:
    """All packages of the product of per-issue option lists, in chunks of [n, I] arrays."""
    sizes = np.array([len(c) for c in choices], dtype=np.int64)
    total = int(np.prod(sizes)) if len(sizes) else 0
    for start in range(0, total, chunk):
        flat = np.arange(start, min(start + chunk, total), dtype=np.int64)
        digits = np.unravel_index(flat, tuple(sizes))
        yield np.stack([choices[i][d] for i, d in enumerate(digits)], axis=1)


def all_choices(compiled: CompiledScenario) -> list[np.ndarray]:
    return [np.arange(n) for n in compiled.n_options]


def gather(table: np.ndarray, packages: np.ndarray) -> np.ndarray:
    """table [..., I, K] at each package's options -> [..., n, I]."""
    issues = np.arange(packages.shape[1])
    return table[..., issues, packages]


def utilities(compiled: CompiledScenario, packages: np.ndarray) -> np.ndarray:
    """[n, A] utility of each package to each actor: sum_i w_ai u_ai(x_i)."""
    return gather(compiled.term, packages).sum(axis=-1).T


def utilities_micro(compiled: CompiledScenario, packages: np.ndarray) -> np.ndarray:
    """[n, A] integer micro-utilities, as the feasibility tests compare them."""
    return gather(compiled.term_micro, packages).sum(axis=-1).T


def beats_no_deal(compiled: CompiledScenario, packages: np.ndarray) -> np.ndarray:
    """[n, A] does each actor strictly prefer the package to no deal?"""
    return utilities_micro(compiled, packages) > compiled.no_deal_micro[None, :]


def best_first(packages: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Order of packages [n, I] by decreasing utility sum (``values`` [n, A]), ties in package order.

    >>> best_first(np.array([[0, 1], [1, 0], [0, 0]]), np.array([[0.5, 0.5], [0.9, 0.1], [0.2, 0.2]])).tolist()
    [0, 1, 2]
    """
    if not len(packages):
        return np.arange(0)
    return np.lexsort((*packages.T[::-1], -np.round(values.sum(axis=1), DECIMALS)))


def red_lines_broken(compiled: CompiledScenario, options: np.ndarray) -> np.ndarray:
    """[n, A, I] does actor a's red line on issue i exclude option ``options`` [n, I] (-1: none, never excluded)?

    Actors without a position on an issue accept every option of it.
    """
    options = np.asarray(options, dtype=np.int64).reshape(-1, len(compiled.issue_ids))
    excluded = ~gather(compiled.acceptable, np.maximum(options, 0))  # [A, n, I]
    return (excluded & (options >= 0)[None]).transpose(1, 0, 2)


def conditions_hold(compiled: CompiledScenario, packages: np.ndarray) -> np.ndarray:
    """[n, C] does each package satisfy each condition?"""
    if not compiled.conditions:
        return np.ones((len(packages), 0), dtype=bool)
    return np.stack([c.holds(packages[:, c.if_issue], packages[:, c.then_issue])
                     for c in compiled.conditions], axis=1)


def hard_mask(compiled: CompiledScenario) -> np.ndarray:
    return np.array([not c.soft for c in compiled.conditions], dtype=bool)


@dataclass(frozen=True)
class IssueTables:
    """Per issue and option: how many actors' red lines it breaks, and what admitting it costs."""

    broken: np.ndarray    # [I, K] int: actors whose red line excludes the option
    cost: np.ndarray      # [I, K] int: summed concession cost (hundredths)

    @classmethod
    def of(cls, compiled: CompiledScenario) -> IssueTables:
        outside = ~compiled.acceptable & compiled.valid[None]
        return cls(outside.sum(axis=0), compiled.concession_cost_int.sum(axis=0))


@dataclass(frozen=True)
class Evaluation:
    """Everything the deal analyses need to know about a batch of packages."""

    packages: np.ndarray      # [n, I]
    red_lines_ok: np.ndarray  # [n]
    hard_ok: np.ndarray       # [n] hard conditions hold
    soft_broken: np.ndarray   # [n, S] soft conditions broken
    beats: np.ndarray         # [n, A]
    broken: np.ndarray        # [n] number of red lines broken (actor x issue)
    cost: np.ndarray          # [n] int cost of the concessions needed
    welfare: np.ndarray       # [n] int summed micro-utility, for choosing representatives

    @property
    def feasible(self) -> np.ndarray:
        return self.red_lines_ok & self.hard_ok & ~self.soft_broken.any(axis=1) & self.beats.all(axis=1)


def evaluate(compiled: CompiledScenario, packages: np.ndarray, tables: IssueTables | None = None) -> Evaluation:
    tables = tables or IssueTables.of(compiled)
    held = conditions_hold(compiled, packages)
    hard = hard_mask(compiled)
    soft_costs = np.array([c.cost for c in compiled.conditions if c.soft])
    soft_broken = ~held[:, ~hard]
    broken = gather(tables.broken, packages).sum(axis=1) + soft_broken.sum(axis=1)
    cost = gather(tables.cost, packages).sum(axis=1)
    if soft_broken.shape[1]:
        cost = cost + (soft_broken * np.rint(soft_costs * COST_SCALE).astype(np.int64)).sum(axis=1)
    micro = utilities_micro(compiled, packages)
    return Evaluation(
        packages=packages,
        red_lines_ok=gather(tables.broken, packages).sum(axis=1) == 0,
        hard_ok=held[:, hard].all(axis=1),
        soft_broken=soft_broken,
        beats=micro > compiled.no_deal_micro[None, :],
        broken=broken,
        cost=cost,
        welfare=micro.sum(axis=1),
    )
