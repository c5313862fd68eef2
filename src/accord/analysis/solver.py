"""The constraint-solver engine (OR-Tools CP-SAT) for spaces too large to enumerate.

The model has one Boolean x[i, k] per issue option (exactly one per issue),
one Boolean r[c] per soft condition that is true exactly when the package
breaks it, linear constraints for hard conditions and the no-deal test, and
the same integer costs and micro-utilities as the enumerator, so the two
engines give the same answers.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from accord.analysis.packages import IssueTables
from accord.scenario.compiled import COST_SCALE, CompiledScenario

WORKERS = 1  # one worker keeps answers repeatable; the models are small


class PackageModel:
    """A CP-SAT model whose solutions are packages, with concession sets as keys."""

    def __init__(self, compiled: CompiledScenario, *, require_no_deal: bool, red_lines: bool = False) -> None:
        self.compiled = compiled
        self.tables = IssueTables.of(compiled)
        self.model = cp_model.CpModel()
        n_issues = len(compiled.issue_ids)
        self.x = [[self.model.new_bool_var(f"x{i}_{k}") for k in range(compiled.n_options[i])]
                  for i in range(n_issues)]
        for i in range(n_issues):
            self.model.add_exactly_one(self.x[i])
            if red_lines:
                for k in range(compiled.n_options[i]):
                    if not compiled.allowed[i, k]:
                        self.model.add(self.x[i][k] == 0)
        self.soft = [c for c in compiled.conditions if c.soft]
        self.r = [self.model.new_bool_var(f"r{j}") for j in range(len(self.soft))]
        self._conditions()
        if require_no_deal:
            for a in range(len(compiled.actor_ids)):
                if compiled.no_deal_micro[a] >= 0:
                    self.model.add(self.utility_micro(a) >= int(compiled.no_deal_micro[a]) + 1)
        soft_costs = [int(round(c.cost * COST_SCALE)) for c in self.soft]
        self.cost = self._linear(self.tables.cost) + sum(c * r for c, r in zip(soft_costs, self.r))
        self.size = self._linear(self.tables.broken) + sum(self.r)
        self.welfare = sum(self.utility_micro(a) for a in range(len(compiled.actor_ids)))

    def _linear(self, table: np.ndarray):
        return sum(int(table[i, k]) * var for i, row in enumerate(self.x) for k, var in enumerate(row) if table[i, k])

    def utility_micro(self, actor: int):
        term = self.compiled.term_micro[actor]
        return sum(int(term[i, k]) * var for i, row in enumerate(self.x) for k, var in enumerate(row) if term[i, k])

    def _side(self, issue: int, mask: np.ndarray):
        return sum(self.x[issue][k] for k in range(len(self.x[issue])) if mask[k])

    def _conditions(self) -> None:
        soft = iter(self.r)
        for c in self.compiled.conditions:
            left, right = self._side(c.if_issue, c.if_mask), self._side(c.then_issue, c.then_mask)
            if c.kind == "excludes":
                right = 1 - right  # "excludes" is "implies not"
            if not c.soft:
                self.model.add(left <= right)
                continue
            broken = next(soft)  # broken == left and not right
            self.model.add(broken >= left - right)
            self.model.add(broken <= left)
            self.model.add(broken <= 1 - right)

    def key_terms(self, key: np.ndarray) -> list:
        """The literals that are all true exactly when a package's concessions include ``key``'s."""
        n_issues = len(self.x)
        terms = [self.x[i][int(key[i])] for i in range(n_issues) if key[i] >= 0]
        return terms + [r for r, bit in zip(self.r, key[n_issues:]) if bit]

    def block_supersets(self, key: np.ndarray) -> None:
        terms = self.key_terms(key)
        self.model.add(sum(terms) <= len(terms) - 1)

    def block_exact(self, key: np.ndarray) -> None:
        n_issues = len(self.x)
        terms = self.key_terms(key)
        for i in range(n_issues):
            if key[i] < 0:
                terms += [self.x[i][k] for k in range(len(self.x[i])) if self.tables.broken[i, k] == 0]
        terms += [1 - r for r, bit in zip(self.r, key[n_issues:]) if not bit]
        self.model.add(sum(terms) <= n_issues + len(self.r) - 1)

    def solve(self, objective=None, *, maximize: bool = False, limit_to=None) -> np.ndarray | None:
        """Optimise ``objective`` (or just find a package); with ``limit_to=(expr, value)`` the expr is pinned."""
        assumption = None
        if limit_to is not None:
            assumption = self.model.new_bool_var("pin")
            self.model.add(limit_to[0] == limit_to[1]).only_enforce_if(assumption)
            self.model.add_assumptions([assumption])
        if objective is None:
            self.model.clear_objective()
        elif maximize:
            self.model.maximize(objective)
        else:
            self.model.minimize(objective)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = WORKERS
        status = solver.solve(self.model)
        if assumption is not None:
            self.model.clear_assumptions()
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        self.last = solver
        return np.array([next(k for k, var in enumerate(row) if solver.value(var)) for row in self.x])

    def soft_bits(self) -> np.ndarray:
        return np.array([self.last.value(r) for r in self.r], dtype=np.int64)

    def value(self, expr) -> int:
        return int(self.last.value(expr))


class _Collector(cp_model.CpSolverSolutionCallback):
    def __init__(self, x, limit: int) -> None:
        super().__init__()
        self.x, self.limit, self.found = x, limit, []

    def on_solution_callback(self) -> None:
        self.found.append([next(k for k, var in enumerate(row) if self.value(var)) for row in self.x])
        if len(self.found) >= self.limit:
            self.stop_search()


def enumerate_packages(model: PackageModel, limit: int) -> np.ndarray:
    """Every package the model allows, up to ``limit``."""
    model.model.clear_objective()
    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = 1
    collector = _Collector(model.x, limit)
    solver.solve(model.model, collector)
    return np.array(collector.found, dtype=np.int64).reshape(-1, len(model.x))
