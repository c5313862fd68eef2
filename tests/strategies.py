"""Hypothesis strategies for small random scenarios."""

from __future__ import annotations

from hypothesis import strategies as st

from accord.scenario.model import Scenario


@st.composite
def scenarios(draw, max_actors: int = 4, max_issues: int = 4, max_options: int = 3) -> Scenario:
    n_actors = draw(st.integers(2, max_actors))
    n_issues = draw(st.integers(2, max_issues))
    sizes = [draw(st.integers(2, max_options)) for _ in range(n_issues)]
    issues = []
    for i, size in enumerate(sizes):
        points = sorted(draw(st.sets(st.integers(0, 100), min_size=size, max_size=size)))
        issues.append({"id": f"i{i}", "title": f"Issue {i}",
                       "options": [{"id": f"o{k}", "label": f"option {k}", "point": p} for k, p in enumerate(points)]})
    positions: dict = {}
    for a in range(n_actors):
        held = {}
        for i in draw(st.sets(st.integers(0, n_issues - 1), min_size=1, max_size=n_issues)):
            options = [f"o{k}" for k in range(sizes[i])]
            position: dict = {"salience": draw(st.integers(0, 100))}
            if draw(st.booleans()):
                position["ideal"] = draw(st.sampled_from(options))
                best = [position["ideal"]]
            else:
                values = [draw(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])) for _ in options]
                position["utilities"] = dict(zip(options, values))
                best = [o for o, v in zip(options, values) if v == max(values)]
            if draw(st.booleans()):
                extra = draw(st.sets(st.sampled_from(options)))
                position["acceptable"] = sorted(set(best[:1]) | extra)
            held[f"i{i}"] = position
        positions[f"a{a}"] = held
    conditions = []
    for c in range(draw(st.integers(0, 2))):
        first, second = draw(st.lists(st.integers(0, n_issues - 1), min_size=2, max_size=2, unique=True))
        soft = draw(st.booleans())
        conditions.append({
            "id": f"c{c}", "kind": draw(st.sampled_from(["implies", "excludes"])), "soft": soft,
            "cost": draw(st.integers(1, 5000)) if soft else None,
            "if": {"issue": f"i{first}", "options": sorted(draw(st.sets(st.sampled_from(
                [f"o{k}" for k in range(sizes[first])]), min_size=1)))},
            "then": {"issue": f"i{second}", "options": sorted(draw(st.sets(st.sampled_from(
                [f"o{k}" for k in range(sizes[second])]), min_size=1)))},
        })
    no_deal: dict = {"utilities": {f"a{a}": draw(st.sampled_from([0.0, 0.2, 0.4, 0.5, 0.6]))
                                   for a in range(n_actors) if draw(st.booleans())}}
    if draw(st.booleans()):
        no_deal["package"] = {f"i{i}": f"o{draw(st.integers(0, sizes[i] - 1))}" for i in range(n_issues)}
    return Scenario.model_validate({
        "scenario": {"id": "random", "title": "random"},
        "actors": [{"id": f"a{a}", "name": f"Actor {a}", "kind": "state", "capability": draw(st.integers(1, 100))}
                   for a in range(n_actors)],
        "issues": issues, "positions": positions, "conditions": conditions, "no_deal": no_deal,
    })
