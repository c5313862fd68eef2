"""A plain-Python reference for the deal analyses, written from the definitions and used to check them.

It loops over packages one at a time and reads the scenario model directly,
sharing no code with accord.analysis, so that the two can disagree.
"""

from __future__ import annotations

import itertools

from accord.scenario.model import Scenario


def packages(s: Scenario):
    for combo in itertools.product(*[[o.id for o in i.options] for i in s.issues]):
        yield dict(zip([i.id for i in s.issues], combo))


def per_issue_utility(s: Scenario, actor: str, issue: str, option: str) -> float:
    position = s.positions[actor][issue]
    if position.utilities is not None:
        return position.utilities[option]
    points = {o.id: o.point for o in s.issue(issue).options}
    return 1 - abs(points[option] - points[position.ideal]) / 100


def micro_utility(s: Scenario, actor: str, package: dict) -> int:
    held = s.positions.get(actor, {})
    total = sum(p.salience.value for p in held.values())
    if total == 0:
        return 0
    return sum(round(p.salience.value / total * per_issue_utility(s, actor, issue, package[issue]) * 1_000_000)
               for issue, p in held.items())


def no_deal_micro(s: Scenario, actor: str) -> int | None:
    if actor in s.no_deal.utilities:
        return round(s.no_deal.utilities[actor].value * 1_000_000)
    if s.no_deal.package and sum(p.salience.value for p in s.positions.get(actor, {}).values()) > 0:
        return micro_utility(s, actor, s.no_deal.package)
    return None


def acceptable(s: Scenario, actor: str, issue: str, option: str, relaxed: frozenset = frozenset()) -> bool:
    position = s.positions.get(actor, {}).get(issue)
    if position is None or position.acceptable is None:
        return True
    return option in position.acceptable or (actor, issue, option) in relaxed


def condition_holds(condition, package: dict) -> bool:
    in_if = package[condition.if_.issue] in condition.if_.options
    in_then = package[condition.then.issue] in condition.then.options
    return (not in_if or in_then) if condition.kind == "implies" else not (in_if and in_then)


def beats_no_deal(s: Scenario, package: dict) -> bool:
    for actor in s.actors:
        threshold = no_deal_micro(s, actor.id)
        if threshold is not None and micro_utility(s, actor.id, package) <= threshold:
            return False
    return True


def is_feasible(s: Scenario, package: dict, relaxed: frozenset = frozenset(), waived: frozenset = frozenset()) -> bool:
    red_lines = all(acceptable(s, a.id, i, package[i], relaxed) for a in s.actors for i in package)
    conditions = all(condition_holds(c, package) or (c.soft and c.id in waived) for c in s.conditions)
    return red_lines and conditions and beats_no_deal(s, package)


def any_feasible(s: Scenario, relaxed: frozenset = frozenset(), waived: frozenset = frozenset()) -> bool:
    return any(is_feasible(s, p, relaxed, waived) for p in packages(s))
