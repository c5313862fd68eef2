"""Monte Carlo draws: distributions, moving red lines and reproducibility."""

from __future__ import annotations

import numpy as np
import pytest

import accord
from accord.analysis.simulation import draw_inputs, monte_carlo
from accord.scenario import compile_scenario
from tests.conftest import TINY


def test_same_seed_same_result_and_real_probability():
    scenario = accord.load_scenario()
    first, second = monte_carlo(scenario, 2000, seed=7), monte_carlo(scenario, 2000, seed=7)
    assert first == second
    assert 0 < first.p_feasible < 1  # moving red lines make feasibility a probability
    clash = {(i, a, b): s for i, a, b, s in first.clashes}
    assert 0.5 < clash[("territory_donbas", "RUS", "UKR")] < 1.0


def test_draws_respect_ranges_and_truncation():
    compiled = compile_scenario(accord.load_scenario())
    draws = draw_inputs(compiled, 5000, np.random.default_rng(3))
    usa = compiled.actor_ids.index("USA")
    assert draws.capability[:, usa].min() >= 80 and draws.capability[:, usa].max() <= 120
    donbas = compiled.issue_ids.index("territory_donbas")
    ideal = draws.ideal[:, usa, donbas]
    assert ideal.min() >= 0 and ideal.max() <= 100 and 12 < ideal.std() < 18  # sd 15 around 50
    ukr = compiled.actor_ids.index("UKR")
    land_swap = compiled.option_index(donbas, "land_swap")
    assert draws.accepted[:, ukr, donbas, land_swap].mean() == pytest.approx(0.3, abs=0.03)
    assert draws.accepted[:, ukr, donbas, compiled.option_index(donbas, "ukraine_keeps")].all()


def test_may_accept_must_name_an_option_past_the_red_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(TINY.replace('acceptable = ["south_line"]\n',
                                 'acceptable = ["south_line"]\nmay_accept = { south_line = 0.5, east = 0.2 }\n'))
    with pytest.raises(accord.ScenarioError) as caught:
        accord.load_scenario(path)
    text = str(caught.value)
    assert "positions.N.border.may_accept.south_line" in text and "already acceptable" in text
    assert '"east" is not an option of border' in text


def test_range_must_contain_the_value(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(TINY.replace('salience = { value = 90, rationale = "test" }',
                                 'salience = { value = 90, range = [10, 50], rationale = "test" }'))
    with pytest.raises(accord.ScenarioError, match="range \\[10, 50\\] must contain the value 90"):
        accord.load_scenario(path)


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 100 runs, so that a sweep of a few hundred runs has several (the last one shorter)."""
    from accord.analysis import simulation

    monkeypatch.setattr(simulation, "CHUNK_RUNS", 100)


def test_a_seed_gives_the_same_result_in_process_on_processes_and_on_a_dask_cluster(small_chunks):
    distributed = pytest.importorskip("distributed")
    compiled = compile_scenario(accord.load_scenario())
    in_process = monte_carlo(compiled, 450, seed=11)
    assert in_process == monte_carlo(compiled, 450, seed=11, workers=2)
    with distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        assert in_process == monte_carlo(compiled, 450, seed=11, scheduler=cluster)


def test_chunks_and_seeds_draw_different_runs(small_chunks):
    from accord.analysis.simulation import chunk_seeds, simulate_chunk

    compiled = compile_scenario(accord.load_scenario())
    (size, first), (_, second) = chunk_seeds(11, 200)
    (_, other_seed), _ = chunk_seeds(12, 200)
    samples = [simulate_chunk(compiled, size, seed).compromise for seed in (first, second, other_seed)]
    assert samples[0].shape == (100, len(compiled.issue_ids))
    assert not np.array_equal(samples[0], samples[1]) and not np.array_equal(samples[0], samples[2])
    assert monte_carlo(compiled, 300, seed=11) != monte_carlo(compiled, 300, seed=12)


def test_chunks_merge_in_their_order_whatever_order_they_finish(small_chunks):
    from accord.analysis.simulation import chunk_seeds, merge_tallies, simulate_chunk

    compiled = compile_scenario(accord.load_scenario())
    tallies = [simulate_chunk(compiled, size, seed, index) for index, (size, seed) in enumerate(chunk_seeds(5, 250))]
    merged = merge_tallies(compiled, tallies[::-1], seed=5)
    assert merged == monte_carlo(compiled, 250, seed=5) and merged.runs == 250
