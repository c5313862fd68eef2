"""The brief through the CLI runner: the feasible deals best first, forecasts and bargaining solutions that break
red lines say so, a one-screen summary at 80 columns, and --full with no id cut short."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from accord.analysis.feasibility import best_feasible_packages, feasible_packages, ranked
from accord.analysis.packages import utilities
from accord.cli import app
from accord.scenario import compile_scenario, load_scenario

from tests.conftest import shared

# An invented negotiation: Cairo and Nairobi's red lines on the water meet only at equal shares; Nairobi rules out an
# international panel, where Cairo's weight pulls the compromise forecast. Four deals are feasible, and the first in
# package order (no monitors, fast filling) is the one with the lowest utility sum.
NILE = """\
[scenario]
id = "nile-test"
title = "Cairo-Nairobi water talks (invented)"

[[actors]]
id = "CAI"
name = "Cairo"
kind = "state"
capability = { value = 70, basis = "estimate", rationale = "test" }

[[actors]]
id = "NAI"
name = "Nairobi"
kind = "state"
capability = { value = 30, basis = "estimate", rationale = "test" }

[[issues]]
id = "water_share"
title = "Share of the river's water"
options = [
  { id = "small_share", label = "a small share for Cairo", point = 0 },
  { id = "equal_share", label = "equal shares", point = 50 },
  { id = "large_share", label = "a large share for Cairo", point = 100 },
]

[[issues]]
id = "monitoring"
title = "Who monitors the dam"
options = [
  { id = "no_monitors", label = "no monitors", point = 0 },
  { id = "joint_commission", label = "a joint commission", point = 50 },
  { id = "international_panel", label = "an international panel", point = 100 },
]

[[issues]]
id = "filling_pace"
title = "How fast the reservoir fills"
options = [
  { id = "fast_filling", label = "filling within three years", point = 0 },
  { id = "slow_filling", label = "filling over seven years", point = 100 },
]

[positions.CAI.water_share]
ideal = "large_share"
acceptable = ["equal_share", "large_share"]
salience = { value = 90, rationale = "test" }
basis = "estimate"
rationale = "test"

[positions.CAI.monitoring]
ideal = "international_panel"
salience = { value = 80, rationale = "test" }
basis = "estimate"
rationale = "test"

[positions.CAI.filling_pace]
ideal = "slow_filling"
salience = { value = 60, rationale = "test" }
basis = "estimate"
rationale = "test"

[positions.NAI.water_share]
ideal = "small_share"
acceptable = ["small_share", "equal_share"]
salience = { value = 90, rationale = "test" }
basis = "estimate"
rationale = "test"

[positions.NAI.monitoring]
ideal = "no_monitors"
acceptable = ["no_monitors", "joint_commission"]
salience = { value = 50, rationale = "test" }
basis = "estimate"
rationale = "test"

[positions.NAI.filling_pace]
ideal = "fast_filling"
salience = { value = 40, rationale = "test" }
basis = "estimate"
rationale = "test"

[no_deal]
utilities = { CAI = { value = 0.1, rationale = "test" }, NAI = { value = 0.1, rationale = "test" } }
"""

WIDTH = {"COLUMNS": "80"}


@pytest.fixture
def nile(tmp_path):
    path = tmp_path / "nile.toml"
    path.write_text(NILE)
    return path


def test_a_feasible_brief_shows_its_deals_best_first_with_labels(runner, nile):
    out = runner.invoke(app, ["brief", str(nile), "--runs", "0"], env=WIDTH).stdout
    assert "A deal is feasible: 4 package(s)" in out
    assert "Feasible deals, best first by utility sum" in out
    best = out.index(" 1. Share of the river's water:")
    assert out.index("equal shares", best) < out.index("a joint commission", best) \
        < out.index("filling over seven years", best) < out.index(" 2. ", best)
    assert "CAI 0.63  NAI 0.39" in out                 # the best deal's utilities
    assert " 4. Who monitors the dam:" in out and "no_monitors" not in out  # labels, not ids


def test_feasible_deals_in_json_are_ranked_by_utility_sum(runner, nile):
    doc = json.loads(runner.invoke(app, ["brief", str(nile), "--json", "--runs", "0"]).stdout)
    feasible = doc["feasible"]
    assert feasible["count"] == 4 and feasible["order"].startswith("utility sum, highest first")
    sums = [sum(d["utilities"].values()) for d in feasible["deals"]]
    assert sums == sorted(sums, reverse=True) and len(sums) == 4
    assert feasible["deals"][0]["options"] == {"water_share": "equal_share", "monitoring": "joint_commission",
                                               "filling_pace": "slow_filling"}
    assert doc["closest_deals"] == [] and doc["correction_sets"] == []


def test_best_feasible_packages_are_the_top_of_all_feasible_ones(nile):
    compiled = compile_scenario(load_scenario(nile))
    every = ranked(compiled, feasible_packages(compiled))
    assert np.all(np.diff(utilities(compiled, every).sum(axis=1)) <= 0)
    assert np.array_equal(best_feasible_packages(compiled, 2, "enumerate"), every[:2])
    # the solver ranks the packages it finds: all of them when the limit is not reached
    assert np.array_equal(best_feasible_packages(compiled, 10, "solver"), every)


def test_forecasts_outside_a_red_line_are_marked(runner, nile):
    doc = json.loads(runner.invoke(app, ["forecast", str(nile), "--json"]).stdout)
    compromise = {f["issue"]: f for f in doc["models"]["compromise"]}
    assert compromise["monitoring"]["option"] == "international_panel"
    assert compromise["monitoring"]["outside_red_lines"] == ["NAI"]
    assert compromise["water_share"]["outside_red_lines"] == []
    assert {f["issue"]: f["outside_red_lines"] for f in doc["models"]["median"]}["water_share"] == ["NAI"]
    table = runner.invoke(app, ["forecast", str(nile)], env=WIDTH).stdout
    assert "✗ NAI" in table and "✗ = outside these actors'" in table
    summary = runner.invoke(app, ["brief", str(nile), "--runs", "0"], env=WIDTH).stdout
    assert "outside a red line on 1 of 3 issues" in summary and "(ruled out by Nairobi)" in summary
    brief = json.loads(runner.invoke(app, ["brief", str(nile), "--json", "--runs", "0"]).stdout)
    assert brief["forecasts"]["models"]["compromise"][1]["outside_red_lines"] == ["NAI"]


def test_bargaining_over_all_deals_says_it_ignores_red_lines(runner, nile):
    doc = json.loads(runner.invoke(app, ["deals", str(nile), "--json"]).stdout)
    scopes = {s["scope"]: s for s in doc["scopes"]}
    assert scopes["all"]["constrained"] is False and scopes["feasible"]["constrained"] is True
    assert scopes["all"]["solutions"]["nash"]["outside_red_lines"] == ["CAI", "NAI"]
    assert all(s["outside_red_lines"] == [] for s in scopes["feasible"]["solutions"].values())
    out = runner.invoke(app, ["deals", str(nile)], env=WIDTH).stdout
    assert "Over all deals (ignores red lines and the no-deal test)" in out
    assert "breaks red" in out and "CAI, NAI" in out


def _lines(runner, *args) -> list[str]:
    result = runner.invoke(app, ["brief", *args], env=WIDTH)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_the_summary_fits_a_screen_and_full_cuts_no_id(runner):
    armenia = str(shared("corpus", "dev", "armenia-azerbaijan-2025", "scenario.toml"))
    for args in ([], [armenia]):
        summary = _lines(runner, *args)
        assert len(summary) <= 40, "\n".join(summary)
        assert max(map(len, summary)) <= 80
        full = _lines(runner, *args, "--full")
        assert not any("…" in line for line in full), [line for line in full if "…" in line]
        assert max(map(len, full)) <= 80
    bundled = "\n".join(_lines(runner, "--full"))
    assert re.search(r"│ security_ +│", bundled) and re.search(r"│ guarantees +│", bundled)  # wrapped whole


def test_json_is_the_same_with_or_without_full(runner, nile):
    plain = runner.invoke(app, ["brief", str(nile), "--json", "--runs", "0"]).stdout
    assert plain == runner.invoke(app, ["brief", str(nile), "--json", "--runs", "0", "--full"]).stdout
