"""The deal analyses on a scenario small enough to work out by hand (see conftest.TINY)."""

from __future__ import annotations

import numpy as np
import pytest

import accord
from accord.analysis import (brief, closest_deals, direct_clashes, feasible_deals, minimal_correction_sets,
                             no_deal_blockers, utility)
from accord.scenario import compile_scenario
from tests.conftest import TINY


@pytest.fixture
def tiny(tiny_path):
    return accord.load_scenario(tiny_path)


def test_utility_is_salience_weighted(tiny):
    values = utility(tiny, {"border": "south_line", "troops": "stay", "aid": "lots"})
    assert values == {"N": 1.0, "S": pytest.approx(50 / 130, abs=1e-6), "M": 0.0}
    values = utility(tiny, {"border": "middle_line", "troops": "leave", "aid": "some"})
    assert values["N"] == pytest.approx(90 / 130 * 0.5, abs=1e-6)
    assert values["M"] == pytest.approx(0.6)


def test_compiled_arrays(tiny):
    compiled = compile_scenario(tiny)
    assert compiled.shape == (3, 3, 3)
    assert compiled.space_size == 18
    assert compiled.valid[1].tolist() == [True, True, False]
    assert compiled.acceptable[0, 0].tolist() == [False, False, True]
    assert compiled.concession_cost[0, 0].tolist() == [60 * 90, 60 * 90 * 0.5, 0]
    np.testing.assert_allclose(compiled.weight.sum(axis=1), [1, 1, 1])


def test_direct_clash_on_border(tiny):
    [clash] = direct_clashes(tiny)
    assert (clash.issue, clash.actors) == ("border", ("N", "S"))
    assert clash.acceptable == (("south_line",), ("north_line", "middle_line"))


def test_no_feasible_deal(tiny):
    assert feasible_deals(tiny) == []


def test_cheapest_minimal_correction_sets(tiny):
    sets = minimal_correction_sets(tiny, k=None)
    assert [(s.cost, sorted(s.key())) for s in sets] == [
        (2700.0, [("N", "border", "middle_line")]),
        (3200.0, [("S", "border", "south_line")]),
        (5400.0, [("N", "border", "north_line")]),
    ]
    first = sets[0]
    assert first.text == "a deal opens if North accepts the middle line"
    # The soft condition forces troops out; aid goes to the option with the higher summed utility.
    assert first.deal.options == {"border": "middle_line", "troops": "leave", "aid": "some"}
    assert all(first.deal.beats_no_deal.values())


@pytest.mark.parametrize("engine", ["enumerate", "solver"])
def test_closest_deals_rank_by_count_then_cost(tiny, engine):
    deals = closest_deals(tiny, k=4, engine=engine)
    assert [(d.size, d.cost) for d in deals] == [(1, 2700.0), (1, 3200.0), (1, 5400.0), (2, 3200.0)]
    assert deals[3].waivers[0].condition == "no_middle_with_troops"
    assert deals[3].text.endswith("the parties drop the condition 'no_middle_with_troops'")


def test_no_deal_that_beats_everything_blocks(tmp_path):
    path = tmp_path / "blocked.toml"
    path.write_text(TINY.replace('N = { value = 0.2, rationale = "test" }', 'N = { value = 1.0, rationale = "test" }'))
    scenario = accord.load_scenario(path)
    block = no_deal_blockers(scenario)
    assert block.everywhere == ("N",)
    assert minimal_correction_sets(scenario) == []
    assert brief(scenario).correction_sets == []


def test_feasible_scenario(tmp_path):
    path = tmp_path / "open.toml"
    path.write_text(TINY.replace('acceptable = ["south_line"]', 'acceptable = ["middle_line", "south_line"]'))
    scenario = accord.load_scenario(path)
    deals = feasible_deals(scenario)
    assert deals and all(d.options["border"] == "middle_line" and d.options["troops"] == "leave" for d in deals)
    result = brief(scenario)
    assert result.is_feasible and result.correction_sets == []
    assert minimal_correction_sets(scenario)[0].size == 0


def test_no_deal_package_sets_the_reference(tmp_path):
    text = TINY.replace('[no_deal]\nutilities = { N = { value = 0.2, rationale = "test" }, S = { value = 0.1, rationale = "test" } }',
                        '[no_deal]\npackage = { border = "middle_line", troops = "leave", aid = "some" }')
    path = tmp_path / "package.toml"
    path.write_text(text)
    scenario = accord.load_scenario(path)
    compiled = compile_scenario(scenario)
    np.testing.assert_allclose(compiled.no_deal, list(utility(scenario, scenario.no_deal.package).values()), atol=1e-6)
    # The no-deal package itself never beats itself.
    assert all(s.deal.options != scenario.no_deal.package for s in minimal_correction_sets(scenario, k=None))


def test_engine_name_is_checked(tiny):
    with pytest.raises(ValueError, match="engine must be"):
        minimal_correction_sets(tiny, engine="magic")
