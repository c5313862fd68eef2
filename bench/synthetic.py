"""Synthetic negotiation scenarios for benchmarks.

The benchmark family (issue #2): 8 actors, 12 issues with 5 options each
(5^12 = 2.4 x 10^8 packages); each actor holds positions on 8 random issues
with an acceptable set of 2-3 neighbouring options around its ideal; 6 random
cross-issue conditions; a no-deal utility for each actor.
"""

from __future__ import annotations

import numpy as np

from accord.scenario.model import Scenario


def synthetic_scenario(seed: int, actors: int = 8, issues: int = 12, options: int = 5,
                       issues_per_actor: int = 8, conditions: int = 6) -> Scenario:
    """A random scenario of the benchmark family, reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    points = np.linspace(0, 100, options)
    doc: dict = {
        "scenario": {"id": f"synthetic-{seed}", "title": f"Synthetic scenario, seed {seed}"},
        "actors": [{"id": f"A{a}", "name": f"Actor {a}", "kind": "state",
                    "capability": {"value": float(rng.uniform(10, 100)), "rationale": "random"}}
                   for a in range(actors)],
        "issues": [{"id": f"I{i}", "title": f"Issue {i}",
                    "options": [{"id": f"o{k}", "label": f"option {k}", "point": float(points[k])}
                                for k in range(options)]}
                   for i in range(issues)],
        "positions": {},
        "conditions": [],
        "no_deal": {"utilities": {}},
    }
    for a in range(actors):
        held = {}
        for i in rng.choice(issues, size=issues_per_actor, replace=False):
            ideal = int(rng.integers(options))
            width = int(rng.integers(2, 4))
            low = int(np.clip(ideal - rng.integers(0, width), 0, options - width))
            held[f"I{i}"] = {"ideal": f"o{ideal}", "salience": float(rng.uniform(10, 100)),
                             "acceptable": [f"o{k}" for k in range(low, low + width)],
                             "basis": "estimate", "rationale": "random"}
        doc["positions"][f"A{a}"] = held
        doc["no_deal"]["utilities"][f"A{a}"] = float(rng.uniform(0.1, 0.4))
    for c in range(conditions):
        first, second = rng.choice(issues, size=2, replace=False)
        if_options = rng.choice(options, size=int(rng.integers(1, 3)), replace=False)
        then_options = rng.choice(options, size=int(rng.integers(2, 4)), replace=False)
        doc["conditions"].append({
            "id": f"C{c}", "kind": "implies",
            "if": {"issue": f"I{first}", "options": [f"o{k}" for k in sorted(if_options)]},
            "then": {"issue": f"I{second}", "options": [f"o{k}" for k in sorted(then_options)]},
        })
    return Scenario.model_validate(doc)
