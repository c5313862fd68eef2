"""Fuzzing the scenario readers: ``accord validate``, ``accord stability``, ``accord import genius`` and
``accord import decide``.

Inputs are random bytes; real files mutated (bytes flipped, cut, lines deleted or repeated, hostile
snippets inserted, attributes dropped, numbers and strings swapped for hostile values); the test
scenario and two conflict models with one value of the wrong type or one field removed; and a fixed
list of hostile documents: 100,000 nested brackets, tables and elements, 5,000-digit numbers, 1e400,
nan, deep formulas, entity expansion, non-UTF-8. Whatever the input, the command ends without a
traceback, with exit code 0, 1 or 2, and an exit 2 prints one line per problem, each naming the file;
valid files still load, and what an importer writes validates. The budget is bounded (see ``fuzz``),
so the file runs in under a minute on two cores; set ``ACCORD_FUZZ_EXAMPLES`` for a longer campaign.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import tomllib
from pathlib import Path

import pytest
import tomli_w
import yaml
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from accord.cli import app
from accord.scenario import bundled_path
from tests.conftest import SHARED, TINY

EXAMPLES = int(os.environ.get("ACCORD_FUZZ_EXAMPLES", 60))


def fuzz(share: float) -> settings:
    return settings(max_examples=max(1, int(EXAMPLES * share)), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


TINY_DOC = tomllib.loads(TINY)
SUMMIT = bundled_path("summit-2025").read_bytes()
GRAPH = b"""[model]
id = "chicken"
title = "Chicken in graph form"

[[states]]
number = 1
label = "both swerve"

[[states]]
number = 2
label = "A drives on"

[[states]]
number = 3
label = "B drives on"

[[decision_makers]]
id = "A"
name = "Driver A"
moves = [[1, 2], [3, 1]]
ranking = [2, 1, 3]

[[decision_makers]]
id = "B"
name = "Driver B"
moves = [[1, 3], [2, 1]]
ranking = [3, [1, 2]]
"""
DOMAIN = (b"<utility_space>\n<objective index='0' name='d'>\n<issue index='1' name='Price' etype='discrete'>\n"
          b"<item index='1' value='low'/>\n<item index='2' value='high'/>\n</issue>\n"
          b"<issue index='2' name='Delivery' etype='discrete'>\n<item index='1' value='fast'/>\n"
          b"<item index='2' value='slow'/>\n</issue>\n</objective>\n</utility_space>\n")
PROFILE = (b"<utility_space>\n<objective index='0' name='d'>\n<issue index='1' name='Price' etype='discrete'>\n"
           b"<item index='1' value='low' evaluation='%s'/>\n<item index='2' value='high' evaluation='%s'/>\n</issue>\n"
           b"<issue index='2' name='Delivery' etype='discrete'>\n<item index='1' value='fast' evaluation='3'/>\n"
           b"<item index='2' value='slow' evaluation='1'/>\n</issue>\n<weight index='1' value='0.6'/>\n"
           b"<weight index='2' value='0.4'/>\n</objective>\n<reservation value='0.2'/>\n</utility_space>\n")
DECIDE = ("'#A'\t'north'\t'North'\t''\n'#A'\t'south'\t'South'\t''\n'#P'\t'border'\t'Border'\t''\n"
          "'#M'\t'border'\t0\n'#M'\t'border'\t100\n'#D'\t'north'\t'border'\t20\t0.8\t3\n"
          "'#D'\t'south'\t'border'\t70\t0.6\t2\n").encode()


def _shared(*parts: str) -> list[Path]:
    path = SHARED.joinpath("validation", *parts)
    return [path] if path.exists() else []


GENIUS_SEEDS = {"inline": {"domain.xml": DOMAIN, "buyer.xml": PROFILE % (b"5", b"1"), "seller.xml": PROFILE % (b"1", b"4")}}
for folder in _shared("genius", "Laptop") + _shared("genius", "ItexvsCypress"):
    GENIUS_SEEDS[folder.name] = {f.name: f.read_bytes() for f in folder.glob("*.xml")}
DECIDE_SEEDS = [DECIDE] + [p.read_bytes() for p in _shared("decide", "cop21.csv") + _shared("decide", "sample_data.txt")]
SCENARIO_SEEDS = {".toml": [TINY.encode(), bundled_path().read_bytes()],
                  ".yaml": [yaml.safe_dump(TINY_DOC, sort_keys=False).encode()],
                  ".json": [json.dumps(TINY_DOC, default=str, indent=1).encode()]}

# Pieces a mutation may insert: syntax of every format, and the values that crash careless parsers.
SNIPPETS = [b"[" * 2000, b"{a=" * 500, b"{" * 2000, b"- " * 500, b"<a>" * 3000, b"(" * 3000, b"-" * 3000,
            b"9" * 5000, b"0x" + b"f" * 5000, b"1:" + b"59:" * 2000 + b"59", b"1e400", b"-1e400", b"nan", b"inf",
            b".nan", b"NaN", b"Infinity", b"1e300", b"2025-02-30", b"\xff\xfe", b"\x00", b"\r", b"\t", b"\xef\xbb\xbf",
            b"a" + b".a" * 300 + b" = 1\n", b"\n[[actors]]\n", b"\n[positions.N.border]\n", b'"', b"'", b'"""',
            b"*x", b"&x [1]", b"!!python/object/apply:os.system ['true']", b"? [a]\n: 1\n", b"<<: *x",
            b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>', b"&b;", b"&undefined;",
            b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', b"&e;", b"<item/>", b"<issue>", b"</issue>",
            b"<weight/>", b"<reservation/>", b"evaluation='x'", b"etype='integer'", b"'#D'\t'north'\t'border'",
            b"'#X'", b"'" + b"x" * 140_000 + b"'", b"\t" * 50]


# Values put in place of a number or a quoted string of a real file, so that the file stays well-formed
# and the value reaches the reader: huge, non-finite and impossible numbers, deep nesting, deep formulas.
TOKEN = re.compile(rb"""-?[0-9][0-9.eE+_:-]*|"[^"\n]*"|'[^'\n]*'""")
ATTRIBUTE = re.compile(rb"""\s[\w:-]+\s*=\s*("[^"\n]*"|'[^'\n]*')""")  # also TOML's inline `key = "text"`
VALUES = [b"9" * 5000, b"9" * 4000, b"0x" + b"f" * 5000, b"1:" + b"59:" * 2000 + b"59", b"1e400", b"-1e400", b"nan",
          b"inf", b"-inf", b".nan", b"NaN", b"Infinity", b"1e300", b"-1.7e308", b"5e-324", b"0", b"-1", b"2025-02-30",
          b"[" * 500 + b"]" * 500, b"{a = " * 300 + b"1" + b"}" * 300, b"(" * 3000 + b"x" + b")" * 3000,
          b"-" * 3000 + b"x", b"x -> " * 1000 + b"x", b"", b"true", b"[]", b"{}", b"null", b"~", b"\\u0000", b"&undefined;"]


def mutated(seed: bytes) -> st.SearchStrategy[bytes]:
    """``seed`` with a few bytes flipped, cut short, lines deleted or repeated, snippets inserted, an
    attribute dropped, or a number or string replaced by a hostile value."""
    edit = st.tuples(st.sampled_from(["flip", "cut", "delete", "repeat", "insert", "drop", "replace", "replace"]),
                     st.floats(0, 1), st.integers(1, 255), st.sampled_from(SNIPPETS) | st.binary(max_size=40),
                     st.sampled_from(VALUES))

    def apply(edits) -> bytes:
        data = seed
        for kind, where, byte, snippet, value in edits:
            lines = data.splitlines(keepends=True) or [b""]
            spot, line = int(where * len(data)), int(where * len(lines)) % len(lines)
            pattern = {"replace": TOKEN, "drop": ATTRIBUTE}.get(kind)
            tokens = list(pattern.finditer(data)) if pattern else []
            if tokens:
                token = tokens[int(where * len(tokens)) % len(tokens)]
                quote = token.group()[:1] if token.group()[:1] in (b"'", b'"') else b""
                new = quote + value + quote if kind == "replace" else b""
                data = data[:token.start()] + new + data[token.end():]
            elif kind == "flip" and data:
                spot = min(spot, len(data) - 1)
                data = data[:spot] + bytes([data[spot] ^ byte]) + data[spot + 1:]
            elif kind == "cut":
                data = data[:spot]
            elif kind == "delete":
                data = b"".join(lines[:line] + lines[line + 1:])
            elif kind == "repeat":
                data = b"".join(lines[:line] + [lines[line]] * (byte % 50 + 2) + lines[line + 1:])
            else:
                data = data[:spot] + snippet + data[spot:]
        return data

    return st.lists(edit, min_size=1, max_size=3).map(apply)


def check(result, where: Path) -> None:
    """No traceback, a known exit code, and on errors one line per problem, each naming the file."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith(str(where)) for line in lines), result.stderr


def run(runner, folder: Path, command: list[str], files: dict[str, bytes], target: str | None = None):
    """Write ``files`` into a fresh ``folder`` and run ``command`` on ``target`` (default: the folder)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    where = folder / target if target else folder
    out = ["-o", str(folder.parent / "imported.toml")] if command[0] == "import" else []
    result = runner.invoke(app, [*command, str(where), *out])
    check(result, where)
    if out and result.exit_code == 0:  # what an importer writes loads again
        again = runner.invoke(app, ["validate", out[1]])
        assert again.exit_code == 0, again.output
    return result


# --- valid files still load ---------------------------------------------------------------------------

def test_valid_inputs_load(runner, tmp_path):
    for suffix, seeds in SCENARIO_SEEDS.items():
        for k, seed in enumerate(seeds):
            assert run(runner, tmp_path / f"s{k}", ["validate"], {"s" + suffix: seed}, "s" + suffix).exit_code == 0
    # A string of many dot-joined words is not a dotted key (the pre-parse guard must not refuse it).
    dotted = TINY.replace('paraphrase = "North wants the southern line."', 'paraphrase = "' + "a." * 100 + 'a"')
    assert run(runner, tmp_path / "d", ["validate"], {"d.toml": dotted.encode()}, "d.toml").exit_code == 0
    for k, model in enumerate([SUMMIT, GRAPH]):
        assert run(runner, tmp_path / f"m{k}", ["stability"], {"m.toml": model}, "m.toml").exit_code == 0
    for name, files in GENIUS_SEEDS.items():
        assert run(runner, tmp_path / name, ["import", "genius"], files).exit_code == 0
    for k, seed in enumerate(DECIDE_SEEDS):
        assert run(runner, tmp_path / f"c{k}", ["import", "decide"], {"d.csv": seed}, "d.csv").exit_code == 0


# --- hostile documents, each run once -------------------------------------------------------------------

N = 100_000
TINY_YAML = SCENARIO_SEEDS[".yaml"][0].decode()
HOSTILE = {
    "validate": {
        "arrays.toml": "a = " + "[" * N + "]" * N,
        "tables.toml": "a = " + "{b = " * N + "1" + "}" * N,
        "dotted_key.toml": "a" + ".a" * N + " = 1",
        "dotted_header.toml": "[a" + ".a" * N + "]",
        "deep_position.toml": TINY + "\n[no_deal.package]\nborder" + ".a" * 40 + " = 1\n",
        "inline_depth.toml": TINY.replace('ideal = "south_line"', "ideal = " + "[" * 200 + "]" * 200),
        "digits.toml": TINY.replace("value = 60", "value = " + "9" * 5000),
        "hex.toml": TINY.replace("value = 60", "value = 0x" + "f" * 5000),
        "utility_digits.toml": TINY.replace("none = 1.0", "none = " + "9" * 4000),
        "huge_float.toml": TINY.replace("value = 60", "value = 1e400"),
        "nan.toml": TINY.replace("value = 60", "value = nan").replace("point = 50", "point = inf"),
        "date.toml": TINY.replace("2025-01-02", "2025-02-30"),
        "brackets.yaml": "[" * N + "]" * N,
        "indent.yaml": "".join("  " * k + "a:\n" for k in range(5000)),
        "base60.yaml": TINY_YAML.replace("value: 60", "value: 1:" + "59:" * 3000 + "59"),
        "digits.yaml": TINY_YAML.replace("value: 60", "value: " + "9" * 5000),
        "nan.yaml": TINY_YAML.replace("value: 60", "value: .nan").replace("point: 50", "point: .inf"),
        "date.yaml": TINY_YAML.replace("2025-01-02", "2025-02-30"),
        "laughs.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + k)}: &{chr(98 + k)} [{', '.join(['*' + chr(97 + k)] * 9)}]\n" for k in range(9)),
        "tag.yaml": "a: !!python/object/apply:os.system ['true']\n",
        "arrays.json": "[" * N + "]" * N,
        "objects.json": '{"a": ' * N + "1" + "}" * N,
        "depth900.json": '{"scenario": ' + "[" * 900 + "]" * 900 + "}",
        "digits.json": '{"scenario": ' + "9" * 5000 + "}",
        "huge_float.json": json.dumps(TINY_DOC, default=str).replace('"value": 60', '"value": 1e400'),
        "nan.json": json.dumps(TINY_DOC, default=str).replace('"value": 60', '"value": NaN'),
        "empty.toml": "", "blank.yaml": " \n\t\n", "bom.json": "\ufeff",
        "latin1.toml": TINY.replace("North", "Nörth").encode("latin-1"),
        "utf16.yaml": TINY_YAML.encode("utf-16"),
        "nul.json": b'{"a": "\x00"}',
        "scalar.yaml": "3", "list.json": "[1, 2]",
    },
    "stability": {
        "brackets.toml": SUMMIT.decode().replace('"-russia_meets"]', '"' + "(" * N + "russia_meets" + ")" * N + '"]'),
        "negations.toml": SUMMIT.decode().replace('"-russia_meets"]', '"' + "-" * N + 'russia_meets"]'),
        "implications.toml": SUMMIT.decode().replace('"-russia_meets"]', '"' + "russia_meets -> " * 20_000 + 'russia_meets"]'),
        "preferences.toml": SUMMIT.decode().replace('"-russia_meets"]', '"-russia_meets"' + ', "russia_meets"' * 100 + "]"),
        "states.toml": '[model]\nid = "g"\ntitle = "g"\nstatus_quo_state = ' + "9" * 5000 + "\n",
        "arrays.toml": "a = " + "[" * N + "]" * N,
    },
}
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa">'
          + b"".join(b'<!ENTITY %c "%s">' % (98 + k, b"&%c;" % (97 + k) * 10) for k in range(9))
          + b"]><utility_space>&j;</utility_space>")
GENIUS_HOSTILE = {
    "laughs": {"buyer.xml": LAUGHS},
    "external": {"buyer.xml": b'<!DOCTYPE u [<!ENTITY e SYSTEM "file:///etc/passwd">]><utility_space>&e;</utility_space>'},
    "undefined": {"buyer.xml": b"<utility_space>&nope;</utility_space>"},
    "deep_profile": {"buyer.xml": b"<a>" * N + b"</a>" * N},
    "deep_domain": {"domain.xml": b"<a>" * N + b"</a>" * N},
    "no_value": {"domain.xml": DOMAIN.replace(b" value='high'", b"")},
    "no_name": {"domain.xml": DOMAIN.replace(b" name='Price'", b"")},
    "nan_weight": {"buyer.xml": PROFILE.replace(b"value='0.6'", b"value='nan'") % (b"5", b"1")},
    "huge_weight": {"buyer.xml": PROFILE.replace(b"value='0.6'", b"value='1e400'") % (b"5", b"1")},
    "digits": {"buyer.xml": PROFILE % (b"9" * 5000, b"1")},
    "inf": {"buyer.xml": PROFILE % (b"inf", b"1")},
    "no_reservation_value": {"buyer.xml": PROFILE.replace(b"<reservation value='0.2'/>", b"<reservation/>") % (b"5", b"1")},
    "empty": {"buyer.xml": b""},
    "latin1": {"buyer.xml": "<utility_space name='é'>".encode("latin-1")},
}
DECIDE_HOSTILE = {
    "field_limit": DECIDE + b"'#D'\t'" + b"x" * 200_000 + b"\n",
    "nan": DECIDE.replace(b"\t20\t", b"\tnan\t"),
    "inf_power": DECIDE.replace(b"\t3\n", b"\tinf\n"),
    "huge": DECIDE.replace(b"\t20\t", b"\t1e400\t"),
    "digits": DECIDE.replace(b"\t20\t", b"\t" + b"9" * 5000 + b"\t"),
    "wide_scale": DECIDE.replace(b"border'\t0\n", b"border'\t-1.7e308\n").replace(b"border'\t100\n", b"border'\t1.7e308\n"),
    "empty": b"", "binary": b"\xff\xfe\x00\x01",
}


@pytest.mark.parametrize(("command", "name"), [(c, n) for c, cases in HOSTILE.items() for n in cases])
def test_hostile_documents(runner, tmp_path, command, name):
    data = HOSTILE[command][name]
    result = run(runner, tmp_path / "h", [command], {name: data if isinstance(data, bytes) else data.encode()}, name)
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize("name", sorted(GENIUS_HOSTILE))
def test_hostile_genius_domains(runner, tmp_path, name):
    files = {**GENIUS_SEEDS["inline"], **GENIUS_HOSTILE[name]}
    assert run(runner, tmp_path / name, ["import", "genius"], files).exit_code == 2


@pytest.mark.parametrize("name", sorted(DECIDE_HOSTILE))
def test_hostile_decide_files(runner, tmp_path, name):
    assert run(runner, tmp_path / name, ["import", "decide"], {"d.csv": DECIDE_HOSTILE[name]}, "d.csv").exit_code == 2


@pytest.mark.parametrize("text", [
    DECIDE.replace(b"North", b"No\x00r\x1bth"),  # control characters in a name
    DECIDE.replace(b"'#M'\t'border'\t0\n'#M'\t'border'\t100\n", b"").replace(b"\t20\t", b"\t1e300\t")
          .replace(b"\t70\t", b"\t1e300\t"),  # a one-point scale far from zero (was a ZeroDivisionError)
])
def test_odd_but_valid_decide_files_import(runner, tmp_path, text):
    assert run(runner, tmp_path / "c", ["import", "decide"], {"d.csv": text}, "d.csv").exit_code == 0


# --- generated inputs -------------------------------------------------------------------------------------

COMMANDS = {".toml": ["validate"], ".yaml": ["validate"], ".json": ["validate"], ".yml": ["validate"],
            "model.toml": ["stability"], ".csv": ["import", "decide"]}


@fuzz(1.0)
@given(data=st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
       kind=st.sampled_from(sorted(COMMANDS)))
def test_random_bytes(runner, tmp_path, data, kind):
    name = "input" + kind if kind.startswith(".") else kind
    run(runner, tmp_path / "b", COMMANDS[kind], {name: data}, name)


@fuzz(1.0)
@given(data=st.binary(max_size=2000), file=st.sampled_from(sorted(GENIUS_SEEDS["inline"])))
def test_random_bytes_in_a_genius_folder(runner, tmp_path, data, file):
    run(runner, tmp_path / "gb", ["import", "genius"], {**GENIUS_SEEDS["inline"], file: data})


@fuzz(2.5)
@given(st.data())
def test_mutated_scenarios(runner, tmp_path, data):
    suffix = data.draw(st.sampled_from(sorted(SCENARIO_SEEDS)))
    text = data.draw(mutated(data.draw(st.sampled_from(SCENARIO_SEEDS[suffix]))))
    run(runner, tmp_path / "s", ["validate"], {"s" + suffix: text}, "s" + suffix)


@fuzz(1.0)
@given(text=mutated(SUMMIT) | mutated(GRAPH))
def test_mutated_conflict_models(runner, tmp_path, text):
    run(runner, tmp_path / "m", ["stability"], {"model.toml": text}, "model.toml")


@fuzz(1.5)
@given(st.data())
def test_mutated_genius_domains(runner, tmp_path, data):
    files = dict(GENIUS_SEEDS[data.draw(st.sampled_from(sorted(GENIUS_SEEDS)))])
    file = data.draw(st.sampled_from(sorted(files)))
    files[file] = data.draw(mutated(files[file]))
    run(runner, tmp_path / "g", ["import", "genius"], files)


@fuzz(1.5)
@given(st.data())
def test_mutated_decide_files(runner, tmp_path, data):
    text = data.draw(mutated(data.draw(st.sampled_from(DECIDE_SEEDS))))
    run(runner, tmp_path / "c", ["import", "decide"], {"d.csv": text}, "d.csv")


def _paths(value, path=()):
    yield path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield from _paths(item, path + (key,))


DOCS = {"scenario": ("validate", TINY_DOC), "model": ("stability", tomllib.loads(SUMMIT.decode())),
        "graph": ("stability", tomllib.loads(GRAPH.decode()))}
PATHS = {name: list(_paths(doc))[1:] for name, (_, doc) in DOCS.items()}
ODD = {"digits": 10 ** 4000, "bits": -(2 ** 1100), "int64": 2 ** 64, "max": 1e308, "nan": float("nan"), "inf": float("inf"),
       "brackets": "(" * 3000 + "x" + ")" * 3000, "negations": "-" * 3000 + "x", "arrows": "x -> " * 1000 + "x",
       "long": ["-x"] * 100, "states": [[1, 2]] * 3 + [[[1], 2], [1, [2]]]}
wrong_values = st.sampled_from(sorted(ODD)).map(ODD.get) | st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates()
    | st.sampled_from(["", "\x00", "\u202e", "x", "-(x", "x &", "x iff"])
    | st.integers(30, 300).map(lambda depth: functools.reduce(lambda inner, _: [inner], range(depth), [])),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6)


@fuzz(2.0)
@given(data=st.data(), value=wrong_values, drop=st.booleans(), suffix=st.sampled_from([".toml", ".yaml", ".json"]),
       name=st.sampled_from(sorted(DOCS)))
def test_wrong_types_and_missing_fields(runner, tmp_path, data, value, drop, suffix, name):
    """The test scenario or a conflict model with one value replaced (or removed), written in any format."""
    path = data.draw(st.sampled_from(PATHS[name]))
    command, doc = DOCS[name]
    doc = json.loads(json.dumps(doc, default=str))  # a deep copy, dates as text
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if drop:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    try:
        text = {".toml": tomli_w.dumps, ".yaml": yaml.safe_dump,
                ".json": lambda d: json.dumps(d, default=str)}[suffix](doc)
    except (TypeError, ValueError, RecursionError):  # a value this format cannot write (None in TOML, ...)
        reject()
    run(runner, tmp_path / "w", [command], {"s" + suffix: text.encode("utf-8", "surrogatepass")}, "s" + suffix)
