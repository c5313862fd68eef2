"""Exact Pareto frontiers of non-linear (hyper-rectangle) utility spaces, by constraint programming.

Some negotiation domains (e.g. ANAC 2014, GENIUS "non-linear" profiles) give
each party a utility that is a sum of constraint utilities: each constraint is
a hyper-rectangle over integer issues, and a party gains its value when the
outcome lies inside it (Ito, Klein & Hattori, "A multi-issue negotiation
protocol among agents with nonlinear utility functions", Multiagent and Grid
Systems 4, 2008). Utility is the sum divided by the profile's maximum.

Such spaces (10^10 outcomes for ten issues of ten values) cannot be
enumerated, and the utility is not additive, so the issue-by-issue merge of
:mod:`accord.analysis.efficiency` does not apply. For two parties the frontier is
found exactly by the epsilon-constraint method (Haimes, Lasdon & Wismer 1971)
with OR-Tools CP-SAT on integer utilities: maximise U1; then, with U1 fixed,
maximise U2; then require U2 to exceed the last value and repeat.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ortools.sat.python import cp_model

from accord.errors import Problem, ScenarioError


@dataclass(frozen=True)
class Rectangle:
    utility: int
    bounds: tuple[tuple[int, int, int], ...]  # (issue index from 0, min, max)


@dataclass(frozen=True)
class RectangleProfile:
    name: str
    rectangles: tuple[Rectangle, ...]
    max_utility: float


@dataclass(frozen=True)
class IntegerIssue:
    name: str
    low: int
    high: int


def _whole(path: Path, text: str | None) -> int:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ScenarioError(Problem(str(path), None, "hyperRectangle utility", f"expected a number (got {text!r})")) from None
    if value != int(value):
        raise ScenarioError(Problem(str(path), None, "hyperRectangle utility",
                                    f"only whole-number utilities are supported (got {value:g})"))
    return int(value)


def read_rectangle_profile(path: str | Path) -> tuple[list[IntegerIssue], RectangleProfile]:
    """Issues and hyper-rectangle utilities of a GENIUS non-linear profile."""
    from accord.scenario.genius import parse_xml

    path = Path(path)
    root = parse_xml(path)
    issues = [IntegerIssue(n.get("name"), int(n.get("lowerbound")), int(n.get("upperbound"))) for n in root.iter("issue")]
    utility = root.find(".//utility")
    if utility is None or not issues:
        raise ScenarioError(Problem(str(path), None, None, "not a non-linear (hyper-rectangle) GENIUS profile"))
    rectangles = tuple(
        Rectangle(_whole(path, r.get("utility")),
                  tuple((int(c.get("index")) - 1, int(c.get("min")), int(c.get("max"))) for c in r.iter("INCLUDES")))
        for r in utility.iter("hyperRectangle"))
    return issues, RectangleProfile(path.stem, rectangles, float(utility.get("maxutility")))


def _add_profile(model: cp_model.CpModel, x, profile: RectangleProfile):
    terms = []
    for r, rectangle in enumerate(profile.rectangles):
        inside = model.new_bool_var(f"{profile.name}_{r}")
        conditions = []
        for issue, low, high in rectangle.bounds:
            above, below = model.new_bool_var(""), model.new_bool_var("")
            model.add(x[issue] >= low).only_enforce_if(above)
            model.add(x[issue] < low).only_enforce_if(~above)
            model.add(x[issue] <= high).only_enforce_if(below)
            model.add(x[issue] > high).only_enforce_if(~below)
            conditions += [above, below]
        if conditions:
            model.add_bool_and(conditions).only_enforce_if(inside)
            model.add_bool_or([~c for c in conditions]).only_enforce_if(~inside)
        else:
            model.add(inside == 1)
        terms.append(rectangle.utility * inside)
    return sum(terms)


def _solve(issues, first, second, maximise: int, pins: list[tuple[int, str, int]], time_limit: float):
    """Maximise U1 (maximise=1) or U2 (2) under pins (which utility, '==' or '>=', value)."""
    model = cp_model.CpModel()
    x = [model.new_int_var(i.low, i.high, i.name) for i in issues]
    utility = {1: _add_profile(model, x, first), 2: _add_profile(model, x, second)}
    for which, relation, value in pins:
        model.add(utility[which] == value if relation == "==" else utility[which] >= value)
    model.maximize(utility[maximise])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return None
    if status != cp_model.OPTIMAL:
        raise ScenarioError(Problem("hyper-rectangle frontier", None, None,
                                    f"the solver stopped before proving optimality ({solver.status_name(status)})"))
    return int(round(solver.objective_value)), tuple(int(solver.value(v)) for v in x)


def rectangle_frontier(issues: list[IntegerIssue], first: RectangleProfile, second: RectangleProfile,
                       time_limit: float = 120.0) -> list[tuple[float, float, tuple[int, ...]]]:
    """The exact Pareto frontier of two hyper-rectangle profiles: (U1, U2, outcome), by decreasing U1.

    Each point is proven optimal by the solver; the search stops when no outcome improves U2 further.

    >>> issues = [IntegerIssue("x", 0, 3)]
    >>> a = RectangleProfile("a", (Rectangle(10, ((0, 0, 1),)),), 10.0)
    >>> b = RectangleProfile("b", (Rectangle(10, ((0, 2, 3),)), Rectangle(5, ((0, 1, 1),))), 10.0)
    >>> [(u1, u2) for u1, u2, _ in rectangle_frontier(issues, a, b)]
    [(1.0, 0.5), (0.0, 1.0)]
    """
    frontier: list[tuple[float, float, tuple[int, ...]]] = []
    floor: list[tuple[int, str, int]] = []
    while (best := _solve(issues, first, second, 1, floor, time_limit)) is not None:
        value2, outcome = _solve(issues, first, second, 2, floor + [(1, "==", best[0])], time_limit)
        frontier.append((best[0] / first.max_utility, value2 / second.max_utility, outcome))
        floor = [(2, ">=", value2 + 1)]
    return frontier
