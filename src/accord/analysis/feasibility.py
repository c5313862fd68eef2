"""Feasible deals, direct clashes between red lines, and deals blocked by the no-deal outcome.

A package is *feasible* when every actor's red line allows its option on every
issue, every condition holds, and every actor strictly prefers it to no deal
(U_a(x) > U_a(no deal)). Red lines are per issue, so the feasible packages lie
in the product of each issue's options that no red line excludes; that product
is enumerated when it is small and searched with CP-SAT when it is not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.deals import Deal, make_deals
from accord.analysis.packages import (as_compiled, best_first, choose_engine, evaluate, iter_packages, utilities,
                                      utilities_micro)
from accord.scenario.compiled import CompiledScenario
from accord.scenario.model import Scenario
from accord.tables import HtmlRepr


def utility(scenario: Scenario | CompiledScenario, package: dict[str, str]) -> dict[str, float]:
    """Each actor's utility for a package given as ``{issue: option}``.

    U_a(x) = sum_i s_ai u_ai(x_i) / sum_i s_ai over the issues a holds a
    position on, with u_ai(x) = 1 - |x - ideal_ai| / 100 on the 0-100 scale
    or the position's explicit utility table.

    >>> import accord
    >>> from accord.analysis import utility
    >>> s = accord.load_scenario()
    >>> ideal = {p: s.positions["UKR"][p].ideal for p in s.positions["UKR"]}
    >>> rest = {i.id: i.options[0].id for i in s.issues}
    >>> utility(s, rest | ideal)["UKR"]
    1.0
    """
    compiled = as_compiled(scenario)
    values = utilities(compiled, compiled.package_from_ids(package)[None, :])[0]
    return {a: round(float(v), 6) for a, v in zip(compiled.actor_ids, values)}


def feasible_packages(compiled: CompiledScenario, limit: int | None = None, engine: str = "auto") -> np.ndarray:
    """[n, I] option indices of the feasible packages (at most ``limit``)."""
    choices = [np.flatnonzero(compiled.allowed[i]) for i in range(len(compiled.issue_ids))]
    size = int(np.prod([len(c) for c in choices], dtype=object))
    if choose_engine(compiled, engine, size) == "solver":
        from accord.analysis.solver import PackageModel, enumerate_packages  # OR-Tools (and pandas): only the solver engine needs them

        model = PackageModel(compiled, require_no_deal=True, red_lines=True)
        for r in model.r:
            model.model.add(r == 0)
        found = enumerate_packages(model, limit or 10**9)
        return found[np.lexsort(found.T[::-1])] if len(found) else found
    if size == 0:
        return np.zeros((0, len(choices)), dtype=np.int64)
    kept = []
    for chunk in iter_packages(choices):
        kept.append(chunk[evaluate(compiled, chunk).feasible])
        if limit is not None and sum(map(len, kept)) >= limit:
            break
    found = np.concatenate(kept)
    return found[:limit] if limit is not None else found


def ranked(compiled: CompiledScenario, packages: np.ndarray) -> np.ndarray:
    """Packages [n, I] best first: by decreasing utility sum, ties in package order (as the Pareto frontier)."""
    return packages[best_first(packages, utilities(compiled, packages))]


def best_feasible_packages(compiled: CompiledScenario, limit: int, engine: str = "auto") -> np.ndarray:
    """[n, I] the ``limit`` best feasible packages, best first (see :func:`ranked`).

    The enumerator ranks every feasible package; the constraint solver (spaces
    too large to enumerate) ranks the first ``limit`` it finds.
    """
    choices = [np.flatnonzero(compiled.allowed[i]) for i in range(len(compiled.issue_ids))]
    size = int(np.prod([len(c) for c in choices], dtype=object))
    if choose_engine(compiled, engine, size) == "solver" or size == 0:
        return ranked(compiled, feasible_packages(compiled, limit, engine))
    best = np.zeros((0, len(choices)), dtype=np.int64)
    for chunk in iter_packages(choices):  # keep a running top `limit`, so memory stays bounded
        best = ranked(compiled, np.concatenate([best, chunk[evaluate(compiled, chunk).feasible]]))[:limit]
    return best


def feasible_deals(scenario: Scenario | CompiledScenario, limit: int | None = 1000,
                   engine: str = "auto") -> list[Deal]:
    """The packages every red line and condition allows and every actor prefers to no deal.

    >>> import accord
    >>> from accord.analysis import feasible_deals
    >>> feasible_deals(accord.load_scenario())
    []
    """
    compiled = as_compiled(scenario)
    return make_deals(compiled, feasible_packages(compiled, limit, engine))


@dataclass(frozen=True)
class Clash(HtmlRepr):
    """Two actors whose acceptable options on an issue do not meet."""

    issue: str
    actors: tuple[str, str]
    acceptable: tuple[tuple[str, ...], tuple[str, ...]]

    def to_dict(self) -> dict:
        return {"issue": self.issue, "actors": list(self.actors), "acceptable": [list(a) for a in self.acceptable]}


def direct_clashes(scenario: Scenario | CompiledScenario) -> list[Clash]:
    """For each issue, the pairs of actors whose acceptable sets are disjoint.

    >>> import accord
    >>> from accord.analysis import direct_clashes
    >>> ("RUS", "UKR") in {c.actors for c in direct_clashes(accord.load_scenario())
    ...                    if c.issue == "territory_donbas"}
    True
    """
    compiled = as_compiled(scenario)
    acc = compiled.acceptable
    meet = np.einsum("aik,bik->iab", acc, acc) > 0  # [I, A, A] do a's and b's sets share an option?
    restricted = compiled.has_position
    clashes = []
    for i, a, b in zip(*np.nonzero(~meet)):
        if a < b and restricted[a, i] and restricted[b, i]:
            names = tuple(tuple(compiled.option_ids[i][k] for k in np.flatnonzero(acc[x, i])) for x in (a, b))
            clashes.append(Clash(compiled.issue_ids[i], (compiled.actor_ids[a], compiled.actor_ids[b]), names))
    return clashes


@dataclass(frozen=True)
class NoDealBlock(HtmlRepr):
    """Actors for whom no deal beats every package in a region of the space.

    ``everywhere``: the actors who prefer no deal to every package the hard
    conditions allow, so no concession on red lines can open a deal.
    ``within_red_lines``: the actors who prefer no deal to every package the
    red lines and conditions allow (empty when no such package exists).
    """

    everywhere: tuple[str, ...]
    within_red_lines: tuple[str, ...]
    red_lines_allow_a_package: bool
    conditions_allow_a_package: bool = True

    def to_dict(self) -> dict:
        return {"everywhere": list(self.everywhere), "within_red_lines": list(self.within_red_lines),
                "red_lines_allow_a_package": self.red_lines_allow_a_package,
                "conditions_allow_a_package": self.conditions_allow_a_package}


def _best_micro(compiled: CompiledScenario, *, red_lines: bool, engine: str) -> tuple[np.ndarray, bool]:
    """Each actor's highest micro-utility over the packages allowed, and whether any are allowed."""
    if choose_engine(compiled, engine) == "enumerate":
        choices = [np.flatnonzero(compiled.allowed[i] if red_lines else compiled.valid[i])
                   for i in range(len(compiled.issue_ids))]
        best = np.full(len(compiled.actor_ids), -1, dtype=np.int64)
        any_allowed = False
        for chunk in iter_packages(choices):
            ev = evaluate(compiled, chunk)
            ok = ev.hard_ok & ~ev.soft_broken.any(axis=1) if red_lines else ev.hard_ok
            if ok.any():
                best = np.maximum(best, utilities_micro(compiled, chunk[ok]).max(axis=0))
                any_allowed = True
        return best, any_allowed
    from accord.analysis.solver import PackageModel  # OR-Tools (and pandas): only the solver engine needs them

    best = np.full(len(compiled.actor_ids), -1, dtype=np.int64)
    model = PackageModel(compiled, require_no_deal=False, red_lines=red_lines)
    if red_lines:
        for r in model.r:
            model.model.add(r == 0)
    if model.solve() is None:
        return best, False
    for a in range(len(compiled.actor_ids)):
        model.solve(model.utility_micro(a), maximize=True)
        best[a] = model.value(model.utility_micro(a))
    return best, True


def no_deal_blockers(scenario: Scenario | CompiledScenario, engine: str = "auto") -> NoDealBlock:
    """Which actors' no-deal outcome, rather than red lines, stands in the way of a deal.

    >>> import accord
    >>> from accord.analysis import no_deal_blockers
    >>> no_deal_blockers(accord.load_scenario()).everywhere
    ()
    """
    compiled = as_compiled(scenario)
    tested = compiled.no_deal_micro >= 0
    best_all, any_package = _best_micro(compiled, red_lines=False, engine=engine)
    best_rl, any_allowed = _best_micro(compiled, red_lines=True, engine=engine)
    ids = np.array(compiled.actor_ids)
    everywhere = tuple(ids[tested & (best_all <= compiled.no_deal_micro)]) if any_package else ()
    within = tuple(ids[tested & (best_rl <= compiled.no_deal_micro)]) if any_allowed else ()
    return NoDealBlock(everywhere, within, any_allowed, any_package)
