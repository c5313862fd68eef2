"""Field paths map to the right lines in TOML, YAML and JSON."""

from __future__ import annotations

from accord.scenario.locate import line_of, toml_locations, yaml_locations

TOML = '''\
[scenario]
id = "x"  # a comment with [brackets]

[[actors]]
id = "A"
capability = { value = 3, rationale = "r" }

[[actors]]
id = "B"
note = """
text = "not a key"
"""
aliases = [
  "one",
  "two",
]

[[issues]]
id = "i"
[[issues.options]]
id = "o1"
[[issues.options]]
id = "o2"

[positions.A.i]
ideal = "o1"
evidence = [
  { source = "S", paraphrase = "p" },
  { source = "T", paraphrase = "q" },
]
'''


def test_toml_locations():
    where = toml_locations(TOML)
    assert where[("scenario", "id")] == 2
    assert where[("actors", 0, "capability")] == 6
    assert where[("actors", 0, "capability", "value")] == 6
    assert where[("actors", 1, "id")] == 9
    assert ("actors", 1, "text") not in where
    assert where[("actors", 1, "aliases", 1)] == 15
    assert where[("issues", 0, "options", 1, "id")] == 23
    assert where[("positions", "A", "i", "ideal")] == 26
    assert where[("positions", "A", "i", "evidence", 1)] == 29
    assert where[("positions", "A")] == 25


def test_line_of_falls_back_to_the_longest_prefix():
    where = toml_locations(TOML)
    assert line_of(where, ("positions", "A", "i", "salience")) == 25
    assert line_of(where, ("nothing",)) is None


def test_yaml_locations():
    text = "scenario:\n  id: x\nactors:\n  - id: A\n    capability: 3\n  - id: B\n"
    where = yaml_locations(text)
    assert where[("actors", 1, "id")] == 6
    assert where[("actors", 0, "capability")] == 5
    assert yaml_locations("{bad: [") == {}
