"""Property tests on random small scenarios, checked against a plain-Python reference."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from accord.analysis import closest_deals, feasible_deals, minimal_correction_sets, no_deal_blockers
from tests import reference
from tests.strategies import scenarios


def _relaxation(correction_set) -> tuple[frozenset, frozenset]:
    return (frozenset((c.actor, c.issue, c.option) for c in correction_set.concessions),
            frozenset(w.condition for w in correction_set.waivers))


@given(scenarios())
def test_every_feasible_deal_satisfies_every_red_line_and_condition(scenario):
    deals = feasible_deals(scenario, limit=None)
    for deal in deals:
        assert reference.is_feasible(scenario, deal.options)
    expected = [p for p in reference.packages(scenario) if reference.is_feasible(scenario, p)]
    assert sorted(tuple(d.options.values()) for d in deals) == sorted(tuple(p.values()) for p in expected)


@given(scenarios())
def test_minimal_correction_sets_open_a_deal_and_no_strict_subset_does(scenario):
    for correction_set in minimal_correction_sets(scenario, k=None):
        relaxed, waived = _relaxation(correction_set)
        assert reference.is_feasible(scenario, correction_set.deal.options, relaxed, waived)
        # Opening a deal is monotone in the relaxations, so checking the subsets one smaller suffices.
        for concession in relaxed:
            assert not reference.any_feasible(scenario, relaxed - {concession}, waived)
        for condition in waived:
            assert not reference.any_feasible(scenario, relaxed, waived - {condition})


@given(scenarios())
def test_no_correction_set_means_no_deal_can_open(scenario):
    if minimal_correction_sets(scenario, k=None):
        return
    everything = frozenset((a.id, i.id, o.id) for a in scenario.actors for i in scenario.issues for o in i.options)
    assert not reference.any_feasible(scenario, everything, frozenset(c.id for c in scenario.conditions))


@given(scenarios())
def test_enumeration_and_solver_agree(scenario):
    def keys(sets):
        return sorted((sorted(s.key()), round(s.cost, 2)) for s in sets)

    assert keys(minimal_correction_sets(scenario, k=None, engine="enumerate")) == \
        keys(minimal_correction_sets(scenario, k=None, engine="solver"))
    enumerated = feasible_deals(scenario, limit=None, engine="enumerate")
    solved = feasible_deals(scenario, limit=None, engine="solver")
    assert sorted(map(lambda d: tuple(d.options.values()), enumerated)) == \
        sorted(map(lambda d: tuple(d.options.values()), solved))
    closest = [(s.size, round(s.cost, 2)) for s in closest_deals(scenario, k=4, engine="enumerate")]
    assert closest == [(s.size, round(s.cost, 2)) for s in closest_deals(scenario, k=4, engine="solver")]
    assert no_deal_blockers(scenario, engine="enumerate") == no_deal_blockers(scenario, engine="solver")


@given(scenarios())
def test_monte_carlo_without_uncertainty_reproduces_the_deterministic_answers(scenario):
    from accord.analysis.central import compromise
    from accord.analysis.simulation import monte_carlo

    result = monte_carlo(scenario, runs=3, seed=0)
    assert result.p_feasible == (1.0 if feasible_deals(scenario, limit=1) else 0.0)
    for fixed, spread in zip(compromise(scenario), result.models["compromise"]):
        if spread.sd == spread.sd:  # nan when nobody holds a position on the issue
            assert spread.sd == 0 and abs(spread.mean - fixed.point) < 1e-3


@given(scenarios(max_issues=5))
def test_merged_and_enumerated_frontiers_agree(scenario):
    from accord.analysis.efficiency import pareto_frontier

    merged = pareto_frontier(scenario, method="merge")
    enumerated = pareto_frontier(scenario, method="enumerate")
    assert sorted(map(tuple, merged.packages.tolist())) == sorted(map(tuple, enumerated.packages.tolist()))


@given(st.lists(st.integers(1, 5), min_size=1, max_size=6), st.integers(0, 3), st.integers(0, 2 ** 31), st.booleans())
def test_concession_keys_are_grouped_as_numpy_groups_rows(n_options, n_soft, seed, huge):
    """The mixed-radix grouping of concession keys gives np.unique's rows and inverse, also when the radices
    overflow one int64 and rows are compared instead."""
    import numpy as np

    from accord.analysis.concessions import _unique_rows

    n_options = np.array(n_options * (20 if huge else 1))
    rng = np.random.default_rng(seed)
    keys = np.concatenate([rng.integers(-1, n_options, size=(200, len(n_options))),
                           rng.integers(0, 2, size=(200, n_soft))], axis=1)
    unique, inverse = _unique_rows(keys, n_options)
    expected, expected_inverse = np.unique(keys, axis=0, return_inverse=True)
    assert np.array_equal(unique, expected) and np.array_equal(inverse, expected_inverse.reshape(-1))
