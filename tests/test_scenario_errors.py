"""Every bad scenario file gets one clear line per problem: file, line, field, message; exit 2; no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import accord
from accord.cli import app
from accord.errors import ScenarioError
from tests.conftest import TINY, line_number


def write(tmp_path: Path, text: str, name: str = "bad.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        accord.load_scenario(path)
    return [str(p) for p in caught.value.problems]


def check_cli(runner, path: Path, expected: str) -> None:
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert expected in result.stderr
    for line in result.stderr.strip().splitlines():
        assert line.startswith(str(path)), line


def test_tiny_scenario_is_valid(tiny_path):
    scenario = accord.load_scenario(tiny_path)
    assert [a.id for a in scenario.actors] == ["N", "S", "M"]


def test_unknown_option_names_file_line_field_and_suggests(tmp_path, runner):
    text = TINY.replace('ideal = "south_line"', 'ideal = "south_lines"')
    path = write(tmp_path, text)
    line = line_number(text, 'ideal = "south_lines"')
    expected = (f'{path}:{line}: positions.N.border.ideal: "south_lines" is not an option of border '
                f'(did you mean "south_line"?)')
    assert expected in problems_of(path)
    check_cli(runner, path, expected)


def test_unknown_actor_and_issue_in_positions(tmp_path, runner):
    text = TINY.replace("[positions.S.aid]", "[positions.X.aid]").replace("[positions.N.troops]", "[positions.N.troop]")
    path = write(tmp_path, text)
    found = problems_of(path)
    assert f'{path}:{line_number(text, "[positions.X.aid]")}: positions.X: "X" is not an actor' in found
    assert (f'{path}:{line_number(text, "[positions.N.troop]")}: positions.N.troop: "troop" is not an issue '
            f'(did you mean "troops"?)') in found
    check_cli(runner, path, '"X" is not an actor')


def test_duplicate_ids(tmp_path, runner):
    text = TINY.replace('id = "M"', 'id = "S"').replace('{ id = "leave"', '{ id = "stay"')
    path = write(tmp_path, text)
    found = "\n".join(problems_of(path))
    second_s = [n for n, line in enumerate(text.splitlines(), start=1) if line == 'id = "S"'][1]
    assert f'{path}:{second_s}: actors[2].id: duplicate id "S"' in found
    assert 'issues[1].options[1].id: duplicate id "stay"' in found
    check_cli(runner, path, "duplicate id")


@pytest.mark.parametrize(("old", "new", "field", "message"), [
    ('value = 60, basis', 'value = -5, basis', "actors[0].capability", "value must be > 0 (got -5)"),
    ('salience = { value = 90,', 'salience = { value = 190,', "positions.N.border.salience",
     "value must be >= 0 and <= 100 (got 190)"),
    ('label = "the middle line", point = 50', 'label = "the middle line", point = 150', "issues[0].options[1].point",
     "less than or equal to 100"),
    ("none = 1.0, some = 0.6", "none = 1.5, some = 0.6", "positions.M.aid.utilities.none",
     "utility must be between 0 and 1 (got 1.5)"),
])
def test_out_of_range_numbers(tmp_path, runner, old, new, field, message):
    text = TINY.replace(old, new, 1)
    path = write(tmp_path, text)
    line = line_number(text, new.split(",")[0])
    expected = f"{path}:{line}: {field}: "
    assert any(p.startswith(expected) and message in p for p in problems_of(path)), problems_of(path)
    check_cli(runner, path, message)


def test_ideal_outside_own_red_line(tmp_path, runner):
    text = TINY.replace('acceptable = ["north_line", "middle_line"]', 'acceptable = ["middle_line"]')
    path = write(tmp_path, text)
    line = line_number(text, 'ideal = "north_line"')
    expected = f"{path}:{line}: positions.S.border.ideal: \"north_line\" lies outside the actor's own red line"
    assert any(p.startswith(expected) for p in problems_of(path))
    check_cli(runner, path, "outside the actor's own red line")


def test_conditions_that_name_nothing(tmp_path, runner):
    text = (TINY.replace('if = { issue = "aid", options = ["lots"] }', 'if = { issue = "help", options = ["lots"] }')
            .replace('then = { issue = "troops", options = ["stay"] }', 'then = { issue = "troops", options = ["go"] }')
            .replace('holder = "M"', 'holder = "Q"'))
    path = write(tmp_path, text)
    found = problems_of(path)
    help_line, go_line, q_line = (line_number(text, f) for f in ('issue = "help"', 'options = ["go"]', 'holder = "Q"'))
    assert f'{path}:{help_line}: conditions[0].if.issue: "help" is not an issue' in found
    assert f'{path}:{go_line}: conditions[1].then.options[0]: "go" is not an option of troops' in found
    assert f'{path}:{q_line}: conditions[0].holder: "Q" is not an actor' in found
    check_cli(runner, path, '"help" is not an issue')


def test_wrong_type(tmp_path, runner):
    text = TINY.replace('capability = { value = 40, basis = "estimate", rationale = "test" }', 'capability = "strong"')
    path = write(tmp_path, text)
    line = line_number(text, 'capability = "strong"')
    expected = f"{path}:{line}: actors[1].capability: expected a table (got 'strong')"
    assert expected in problems_of(path)
    check_cli(runner, path, expected)


def test_unknown_and_missing_fields(tmp_path):
    text = TINY.replace('kind = "organisation"', 'kind = "organisation"\ncolour = "blue"').replace(
        'title = "Border"\n', "")
    path = write(tmp_path, text)
    found = problems_of(path)
    assert f"{path}:{line_number(text, 'colour')}: actors[2].colour: unknown field" in found
    assert any(p.endswith("issues[0].title: required field is missing") for p in found)


def test_every_error_is_reported_at_once(tmp_path):
    text = (TINY.replace('ideal = "south_line"', 'ideal = "nowhere"')
            .replace('value = 60, basis', 'value = 0, basis')
            .replace('holder = "M"', 'holder = "Q"'))
    found = problems_of(write(tmp_path, text))
    assert len(found) >= 3
    assert found == sorted(found, key=lambda p: int(p.split(":")[1]))


def test_toml_syntax_error_has_a_line(tmp_path, runner):
    text = TINY.replace('name = "South"', 'name = "South')
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    south = line_number(text, 'name = "South')
    assert problem.startswith(f"{path}:{south}: not valid TOML")
    check_cli(runner, path, "not valid TOML")


def test_empty_file(tmp_path, runner):
    path = write(tmp_path, "  \n")
    assert problems_of(path) == [f"{path}: the file is empty"]
    check_cli(runner, path, "the file is empty")


def test_file_that_is_not_text(tmp_path, runner):
    path = tmp_path / "image.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert problems_of(path) == [f"{path}: the file is not text (it holds binary data)"]
    check_cli(runner, path, "not text")


def test_file_in_another_encoding(tmp_path, runner):
    path = tmp_path / "latin.toml"
    path.write_bytes(TINY.replace("North", "Nörth").encode("latin-1"))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_number(TINY, 'North')}: the file is not UTF-8 text")
    check_cli(runner, path, "not UTF-8")


def test_missing_file(tmp_path, runner):
    path = tmp_path / "nowhere.toml"
    assert problems_of(path) == [f"{path}: no such file"]
    check_cli(runner, path, "no such file")
    result = runner.invoke(app, ["brief", str(path)])
    assert result.exit_code == 2 and "no such file" in result.stderr and "Traceback" not in result.output


def test_unknown_extension(tmp_path, runner):
    path = write(tmp_path, TINY, "scenario.txt")
    assert "unknown format" in problems_of(path)[0]


def test_top_level_not_a_table(tmp_path):
    path = write(tmp_path, "- 1\n- 2\n", "list.yaml")
    assert problems_of(path) == [f"{path}:1: the file must be a table of sections, not a single value or list"]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_yaml_and_json_errors_name_lines(tmp_path, fmt):
    import tomllib

    doc = tomllib.loads(TINY)
    doc["positions"]["N"]["border"]["ideal"] = "south_lines"
    text = yaml.safe_dump(doc, sort_keys=False) if fmt == "yaml" else json.dumps(doc, indent=2, default=str)
    path = write(tmp_path, text, f"bad.{fmt}")
    line = line_number(text, "south_lines")
    assert f'{path}:{line}: positions.N.border.ideal: "south_lines" is not an option of border (did you mean "south_line"?)' \
        in problems_of(path)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_yaml_and_json_load_like_toml(tmp_path, fmt):
    import tomllib

    doc = tomllib.loads(TINY)
    text = yaml.safe_dump(doc, sort_keys=False) if fmt == "yaml" else json.dumps(doc, default=str)
    scenario = accord.load_scenario(write(tmp_path, text, f"ok.{fmt}"))
    assert scenario == accord.load_scenario(write(tmp_path, TINY, "ok.toml"))
