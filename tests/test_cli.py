"""The command line, driven through typer's CLI runner."""

from __future__ import annotations

import json

import pytest

import accord
from accord.cli import app
from accord.scenario import bundled_path


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"accord {accord.__version__}"


def test_brief_on_the_bundled_scenario(runner):
    result = runner.invoke(app, ["brief"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    for heading in ("No deal is feasible", "Cheapest way to open a deal", "The deal it opens", "Forecast"):
        assert heading in out
    assert "A deal opens if" in out and "Territory in Donbas:" in out and "Closest deals" not in out
    out = runner.invoke(app, ["brief", "--full"], env={"COLUMNS": "120"}).stdout
    for heading in ("Actors and their red lines", "Direct clashes", "No deal is feasible",
                    "Cheapest ways to open a deal", "Closest deals"):
        assert heading in out
    assert "territory_donbas" in out


def test_brief_json_is_one_document(runner):
    result = runner.invoke(app, ["brief", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["scenario"]["id"] == "ukraine-2025"
    assert doc["feasible"]["any"] is False
    assert len(doc["correction_sets"]) == 5
    first = doc["correction_sets"][0]
    assert first["text"].startswith("a deal opens if") and first["deal"]["options"]["territory_donbas"]
    assert {c["issue"] for c in doc["clashes"]} >= {"territory_donbas", "foreign_troops"}
    assert doc == json.loads(runner.invoke(app, ["brief", "--format", "json"]).stdout)


def test_brief_markdown_file(runner, tmp_path):
    out = tmp_path / "brief.md"
    result = runner.invoke(app, ["brief", "--format", "markdown", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("# Russia-Ukraine peace talks")
    assert "## Cheapest ways to open a deal" in text and "| issue |" in text


def test_brief_on_a_user_scenario_with_top(runner, tiny_path):
    result = runner.invoke(app, ["brief", str(tiny_path), "--json", "--top", "2"])
    doc = json.loads(result.stdout)
    assert [s["cost"] for s in doc["correction_sets"]] == [2700.0, 3200.0]


def test_brief_engines_agree(runner, tiny_path):
    docs = [json.loads(runner.invoke(app, ["brief", str(tiny_path), "--json", "--engine", e]).stdout)
            for e in ("enumerate", "solver")]
    assert [s["cost"] for s in docs[0]["correction_sets"]] == [s["cost"] for s in docs[1]["correction_sets"]]


def test_validate_ok_and_warnings(runner, tiny_path, tmp_path):
    result = runner.invoke(app, ["validate", str(tiny_path)])
    assert result.exit_code == 0
    assert "valid scenario 'tiny': 3 actors, 3 issues, 5 positions, 2 conditions; 0 warning(s)" in result.stdout
    bare = tmp_path / "bare.toml"
    bare.write_text(tiny_path.read_text().replace('capability = { value = 60, basis = "estimate", rationale = "test" }',
                                                  "capability = 60"))
    result = runner.invoke(app, ["validate", str(bare)])
    assert result.exit_code == 0
    assert "warning: " in result.stderr and "actors[0].capability: no evidence and no rationale" in result.stderr
    assert runner.invoke(app, ["validate", "--strict", str(bare)]).exit_code == 1


def test_schema_is_json_schema(runner):
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"scenario", "actors", "issues", "positions", "conditions", "no_deal"} <= set(schema["properties"])


def test_init_copies_the_bundled_scenario_out(runner, tmp_path):
    target = tmp_path / "mine.toml"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0
    copied, bundled = target.read_text().splitlines(), bundled_path().read_text().splitlines()
    assert [line for line in bundled if line not in copied] == ['stability_model = "summit_2025.toml"']
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 2 and "exists" in again.stderr
    target.write_text(target.read_text().replace('value = 45, range', 'value = 50, range'))
    assert accord.load_scenario(target).actor("UKR").capability.value == 50
    assert accord.load_scenario().actor("UKR").capability.value == 45


def test_no_arguments_shows_help(runner):
    result = runner.invoke(app, [])
    assert "brief" in result.output and "validate" in result.output


def test_deals_json(runner):
    result = runner.invoke(app, ["deals", "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    scopes = {s["scope"]: s for s in json.loads(result.stdout)["scopes"]}
    assert scopes["all"]["frontier"]["size"] > 0 and len(scopes["all"]["frontier"]["deals"]) == 3
    assert set(scopes["all"]["solutions"]) == {"nash", "kalai_smorodinsky", "utilitarian", "egalitarian"}
    assert scopes["feasible"]["frontier"]["size"] == 0
    assert scopes["feasible"]["solutions"]["nash"]["deal"] is None


def test_deals_terminal(runner, tiny_path):
    result = runner.invoke(app, ["deals", str(tiny_path), "--scope", "all"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "Pareto-optimal deal(s)" in result.stdout and "kalai-smorodinsky" in result.stdout


def test_import_genius_writes_a_scenario(runner, tmp_path):
    from tests.conftest import shared

    out = tmp_path / "laptop.toml"
    result = runner.invoke(app, ["import", "genius", str(shared("validation", "genius", "Laptop")), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 parties, 3 issues" in result.stdout
    doc = json.loads(runner.invoke(app, ["deals", str(out), "--scope", "all", "--json"]).stdout)
    nash = doc["scopes"][0]["solutions"]["nash"]["deal"]
    assert list(nash["utilities"].values()) == [1.000052, 0.815105]


@pytest.mark.parametrize(("semantics", "nash"), [("genius", [0.9403, 0.9296]), ("raw", [94.03, 92.96])])
def test_import_genius_car_a_vtype_only_domain(runner, tmp_path, semantics, nash):
    from tests.conftest import shared

    out = tmp_path / "car.toml"
    folder = shared("validation", "genius", "Car-A")
    result = runner.invoke(app, ["import", "genius", str(folder), "--semantics", semantics, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 parties, 6 issues" in result.stdout
    doc = json.loads(runner.invoke(app, ["deals", str(out), "--scope", "all", "--json"]).stdout)
    assert list(doc["scopes"][0]["solutions"]["nash"]["deal"]["utilities"].values()) == nash


def test_import_genius_bad_folder(runner, tmp_path):
    result = runner.invoke(app, ["import", "genius", str(tmp_path)])
    assert result.exit_code == 2 and "expected one domain file" in result.stderr


def test_forecast_json(runner):
    result = runner.invoke(app, ["forecast", "--json"])
    assert result.exit_code == 0, result.output
    models = json.loads(result.stdout)["models"]
    assert {f["issue"]: f["option"] for f in models["compromise"]}["territory_donbas"] == "land_swap"


def test_import_decide_then_forecast(runner, tmp_path):
    from tests.conftest import shared

    out = tmp_path / "cop21.toml"
    result = runner.invoke(app, ["import", "decide", str(shared("validation", "decide", "cop21.csv")), "-o", str(out)])
    assert result.exit_code == 0 and "15 actors, 13 issues" in result.stdout
    models = json.loads(runner.invoke(app, ["forecast", str(out), "--json"]).stdout)["models"]
    assert {f["issue"]: f["value"] for f in models["compromise"]}["mrv"] == pytest.approx(57.2113, abs=1e-4)


def test_forecast_with_runs(runner):
    result = runner.invoke(app, ["forecast", "--runs", "500", "--seed", "3", "--json"])
    doc = json.loads(result.stdout)["monte_carlo"]
    assert doc["runs"] == 500 and doc["seed"] == 3 and 0 <= doc["p_feasible"] <= 1
    again = json.loads(runner.invoke(app, ["forecast", "--runs", "500", "--seed", "3", "--json"]).stdout)
    assert again["monte_carlo"] == doc
    shown = runner.invoke(app, ["forecast", "--runs", "200", "--seed", "1"], env={"COLUMNS": "120"}).stdout
    assert "Probability that a feasible deal exists" in shown and "How often red lines clash" in shown


def test_forecast_runs_on_workers_give_the_same_result(runner):
    command = ["forecast", "--runs", "6000", "--seed", "3", "--json"]  # two chunks of runs
    alone = json.loads(runner.invoke(app, command).stdout)["monte_carlo"]
    shared = runner.invoke(app, [*command, "--workers", "2"])
    assert shared.exit_code == 0, shared.output
    assert json.loads(shared.stdout)["monte_carlo"] == alone


def test_stability_json(runner):
    result = runner.invoke(app, ["stability", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["model"] == "summit-2025" and doc["status_quo"] == 1
    assert doc["equilibria"]["nash"] and set(doc["equilibria"]["nash"]) <= set(doc["equilibria"]["gmr"])
    assert all(str(e) in doc["paths"] for e in doc["equilibria"]["seq"])


def test_brief_has_forecast_and_stability_sections(runner):
    doc = json.loads(runner.invoke(app, ["brief", "--json", "--runs", "300"]).stdout)
    assert doc["forecasts"]["monte_carlo"]["runs"] == 300
    assert doc["stability"]["model"] == "summit-2025"
    shown = runner.invoke(app, ["brief", "--runs", "100", "--full"], env={"COLUMNS": "120"}).stdout
    assert "Forecasts" in shown and "Conflict stability" in shown


def test_init_writes_only_what_it_is_asked(runner, tmp_path):
    assert runner.invoke(app, ["init", str(tmp_path / "u.toml")]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["u.toml"]
    doc = json.loads(runner.invoke(app, ["brief", str(tmp_path / "u.toml"), "--json", "--runs", "0"]).stdout)
    assert doc["stability"] is None
    again = runner.invoke(app, ["init", str(tmp_path / "u.toml")])
    assert again.exit_code == 2 and again.stderr.strip() == f"{tmp_path / 'u.toml'}: exists; pass --force to replace it"


def test_init_with_stability_copies_the_conflict_model_too(runner, tmp_path):
    assert runner.invoke(app, ["init", str(tmp_path / "u.toml"), "--with-stability"]).exit_code == 0
    assert (tmp_path / "summit_2025.toml").exists()
    doc = json.loads(runner.invoke(app, ["brief", str(tmp_path / "u.toml"), "--json", "--runs", "0"]).stdout)
    assert doc["stability"]["model"] == "summit-2025"


def test_bad_conflict_model(runner, tmp_path):
    bad = tmp_path / "c.toml"
    bad.write_text('[model]\nid = "c"\ntitle = "c"\n\n[[decision_makers]]\nid = "A"\nname = "A"\n'
                   'options = [{ id = "a", label = "a" }]\npreferences = ["a & "]\n\n'
                   '[[decision_makers]]\nid = "B"\nname = "B"\noptions = [{ id = "b", label = "b" }]\npreferences = ["c"]\n')
    result = runner.invoke(app, ["stability", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:9: decision_makers[0].preferences[0]: bad formula 'a & '" in result.stderr
    assert "'c' is not an option" in result.stderr


def test_forecast_reports_eum_status(runner):
    doc = json.loads(runner.invoke(app, ["forecast", "--json"]).stdout)
    assert set(doc["eum_status"]) == {f["issue"] for f in doc["models"]["compromise"]}
    assert set(doc["eum_status"].values()) <= {"converged", "oscillating", "unsettled", "too few actors"}
    assert "EUM (experimental), by issue" in runner.invoke(app, ["forecast"], env={"COLUMNS": "120"}).stdout


def test_validate_json(runner, tiny_path, tmp_path):
    doc = json.loads(runner.invoke(app, ["validate", str(tiny_path), "--json"]).stdout)
    assert doc["valid"] is True and doc["errors"] == []
    bad = tmp_path / "bad.toml"
    bad.write_text(tiny_path.read_text().replace('ideal = "south_line"', 'ideal = "nowhere"'))
    result = runner.invoke(app, ["validate", str(bad), "--json"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["valid"] is False and doc["errors"][0]["field"] == "positions.N.border.ideal"
