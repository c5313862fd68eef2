"""Forecast models against published figures and hand computations."""

from __future__ import annotations

import numpy as np
import pytest

from accord.analysis.central import compromise, median, weighted_mean, weighted_median
from accord.errors import ScenarioError
from accord.scenario.decide import import_decide
from accord.scenario.model import Scenario
from tests.conftest import shared

COP21 = {"differentiation": 49.2554, "mrv": 57.2113, "legal": 57.9688, "adapt_legal": 59.5115,
         "adapt_inst": 59.6404, "finance_vol": 47.6441, "finance_who": 38.0971, "adapt_finance": 55.1217,
         "ld": 40.1058, "progress": 45.5962, "amb2050": 67.8775, "amb2100": 85.7086, "eaa": 57.1005}
COPENHAGEN = {"newtreaty": 61.5763, "devlopc2020": 58.1447, "domestred": 30.7074, "mrvdecrease": 52.2359,
              "commitments": 51.9499, "control": 57.6214, "extra": 64.6207}

# Scholz, Calbert & Smith (2011), EU example: capability, position, salience.
EU_EXAMPLE = {"Netherlands": (.08, 4, .8), "Belgium": (.08, 7, .4), "Luxembourg": (.03, 4, .2),
              "Germany": (.16, 4, .8), "France": (.16, 10, .6), "Italy": (.16, 10, .6), "UK": (.16, 10, .9),
              "Ireland": (.05, 7, .1), "Denmark": (.05, 4, 1.0), "Greece": (.08, 7, .7)}


def one_issue(actors: dict[str, tuple[float, float, float]]) -> Scenario:
    points = sorted({p for _, p, _ in actors.values()})
    return Scenario.model_validate({
        "scenario": {"id": "one", "title": "one issue"},
        "actors": [{"id": name, "name": name, "kind": "state", "capability": c} for name, (c, _, _) in actors.items()],
        "issues": [{"id": "x", "title": "x", "options": [{"id": f"p{p:g}", "label": str(p), "point": p} for p in points]}],
        "positions": {name: {"x": {"ideal": f"p{p:g}", "salience": 100 * s}} for name, (_, p, s) in actors.items()},
    })


@pytest.mark.parametrize(("name", "expected"), [("cop21.csv", COP21), ("copenhagen.csv", COPENHAGEN)])
def test_compromise_model_matches_published_figures(name, expected):
    forecast = {f.issue: f.value for f in compromise(import_decide(shared("validation", "decide", name)))}
    assert forecast == pytest.approx(expected, abs=1e-4)


def test_compromise_hand_checks():
    assert compromise(one_issue({"a": (1, 0, 1), "b": (1, 100, 1)}))[0].point == pytest.approx(50)
    assert compromise(one_issue({"a": (1, 0, 1), "b": (1, 100, 1), "c": (1, 100, 1)}))[0].point == pytest.approx(200 / 3)


def test_eu_example_mean_and_median():
    scenario = one_issue(EU_EXAMPLE)
    assert compromise(scenario)[0].point == pytest.approx(7.38996, abs=1e-5)
    assert median(scenario)[0].point == 7.0
    assert median(scenario)[0].option == "p7"


def test_weighted_median_definition():
    points = np.array([[1.0], [2.0], [3.0], [4.0]])
    assert weighted_median(points, np.array([[1.0], [1.0], [1.0], [1.0]]))[0] == 2.0  # exactly half at 2
    assert weighted_median(points, np.array([[1.0], [0.0], [0.0], [3.0]]))[0] == 4.0
    assert np.isnan(weighted_mean(points, np.zeros((4, 1)))[0])


def test_forecast_keeps_original_units():
    forecast = {f.issue: f for f in compromise(import_decide(shared("validation", "decide", "sample_data.txt")))}
    toll = forecast["tol_hoogte"]  # a scale from 0.5 to 7
    assert 0.5 < toll.value < 7 and toll.value == pytest.approx(0.5 + 6.5 * toll.point / 100)


def test_decide_errors_name_line_and_field(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("'#A'\t'x'\t'x'\t''\n'#P'\t'i'\t'i'\t''\n'#D'\t'x'\t'i'\t'high'\t0.5\t1\n")
    with pytest.raises(ScenarioError, match=r"bad.csv:3: #D position: expected a number \(got 'high'\)"):
        import_decide(bad)
    bad.write_text("'#A'\t'x'\t'x'\t''\n'#P'\t'i'\t'i'\t''\n'#D'\t'y'\t'i'\t5\t0.5\t1\n")
    with pytest.raises(ScenarioError, match="bad.csv:3: #D actor: 'y' has no #A row"):
        import_decide(bad)


def test_exchange_model_first_round_matches_published_figures():
    from accord.analysis.central import ideal_points
    from accord.analysis.exchange import _units, candidate_exchanges
    from accord.scenario import compile_scenario

    compiled = compile_scenario(import_decide(shared("validation", "decide", "sample_data.txt")))
    low, high = _units(compiled)
    candidates = candidate_exchanges(compiled, low + (high - low) * ideal_points(compiled) / 100)
    assert len(candidates) == 240
    assert candidates[0][0] == pytest.approx(1.9736842105263157, abs=1e-9)
    assert candidates[1][0] == pytest.approx(1.7926363087653410, abs=1e-9)


def test_exchange_hand_example():
    from accord.analysis.exchange import exchange_model

    # Two actors, two issues: a cares about p, b about q; they sit at opposite ends of both.
    scenario = Scenario.model_validate({
        "scenario": {"id": "x", "title": "x"},
        "actors": [{"id": "a", "name": "a", "kind": "state", "capability": 1},
                   {"id": "b", "name": "b", "kind": "state", "capability": 1}],
        "issues": [{"id": i, "title": i, "options": [{"id": "lo", "label": "lo", "point": 0},
                                                     {"id": "hi", "label": "hi", "point": 100}]} for i in ("p", "q")],
        "positions": {"a": {"p": {"ideal": "lo", "salience": 80}, "q": {"ideal": "lo", "salience": 20}},
                      "b": {"p": {"ideal": "hi", "salience": 20}, "q": {"ideal": "hi", "salience": 80}}},
    })
    result = exchange_model(scenario)
    first = result.rounds[0][0]
    # a moves fully on q (delta_q = 0.2 * 100 / 1.0 = 20); equal gains need delta_p = 20; gain = 0.8*20 - 0.2*20 = 12
    assert first.gain == pytest.approx(12.0)
    # After it a sits at 100 on q and b at 0 on p: each wins the issue it cares about, and trading stops.
    assert {f.issue: f.point for f in result.forecast} == {"p": pytest.approx(0.0), "q": pytest.approx(100.0)}
    assert len(result.rounds) == 1
