"""Records and list commands as an analyst uses them every day (issue 14, "state and habits"): record ids given by
a unique prefix, corrections checked against the scenario, lists that say how much they show, --csv and --nl
beside --json, and ``-`` for standard input and output. Everything runs through the CLI on a scratch SQLite
database that a real ingest and extraction of a small invented corpus fill."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from accord.cli import app
from tests.conftest import TINY

# Invented news about the tiny scenario's North and South, in words of our own. The long file names are what the
# ids were cut next to at 80 columns; four articles give over 50 records, so the default limit cuts the list.
STORY = """North demands the southern line, the North foreign minister said on Monday.

South rejects the southern line and offers the middle line, a South spokesman said.

"We will never accept troops leaving," said North's president {name}.

North and South held talks in Geneva on Tuesday, officials said.

South accused North of shelling border villages on Wednesday.
"""
NAMES = ("Alma Dorn", "Bruno Vess", "Clara Onet", "Dario Fenk")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A database holding the invented corpus, ingested and extracted with the tiny scenario (built once)."""
    from typer.testing import CliRunner

    runner = CliRunner()
    root = tmp_path_factory.mktemp("corpus")
    (root / "news").mkdir()
    for day, name in enumerate(NAMES, start=1):
        (root / "news" / f"2025-03-0{day}-wire-north-and-south-border-talks-resume-in-geneva-{day}.txt").write_text(
            STORY.format(name=name))
    (root / "tiny.toml").write_text(TINY)
    db = root / "news.db"
    result = runner.invoke(app, ["ingest", str(root / "news"), "--db", str(db), "--as-of", "2025-03-10", "--json"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["extract", "--db", str(db), "--scenario", str(root / "tiny.toml"), "--json"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def db(built, tmp_path) -> str:
    """A fresh copy of the built database for one test, which may change it."""
    copy = tmp_path / "news.db"
    with sqlite3.connect(built) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # through SQLite, so what is still in the write-ahead log comes along
    return str(copy)


def _records(runner, db: str, *options: str) -> list[dict]:
    result = runner.invoke(app, ["records", "list", "--db", db, "--json", "--limit", "100000", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


# -- 1. ids are never cut, and a unique prefix names a record --------------------------------------------------

LISTS = (["records", "list"], ["articles", "list"], ["actors"], ["timeline"], ["stances"])


def test_list_tables_never_cut_ids_at_80_columns(runner, db):
    shown = runner.invoke(app, ["records", "list", "--db", db, "--limit", "100000"], env={"COLUMNS": "80"})
    assert shown.exit_code == 0, shown.output
    assert all(record["id"] in shown.stdout for record in _records(runner, db))
    for command in LISTS:
        result = runner.invoke(app, [*command, "--db", db], env={"COLUMNS": "80"})
        assert result.exit_code == 0, result.output
        assert "…" not in result.stdout, command  # rich's ellipsis: nothing is cut, long text wraps


def test_records_take_a_unique_id_prefix(runner, db):
    stances = _records(runner, db, "--kind", "stance")
    target = stances[0]
    rejected = runner.invoke(app, ["records", "reject", target["id"][:8], "--db", db])
    assert rejected.exit_code == 0, rejected.output
    assert rejected.stdout.strip() == f"rejected record {target['id']}"
    assert target["id"] not in {r["id"] for r in _records(runner, db)}
    accepted = runner.invoke(app, ["records", "accept", target["id"][:8], "--db", db])
    assert accepted.exit_code == 0 and target["id"] in accepted.stdout
    reset = runner.invoke(app, ["records", "reset", target["id"][:8], "--db", db])
    assert reset.stdout.strip() == f"reset record {target['id']}"

    ids = [r["id"] for r in _records(runner, db)]
    shared = next(p for p in (i[:1] for i in ids) if sum(i.startswith(p) for i in ids) > 1)
    count = sum(i.startswith(shared) for i in ids)
    _one_line_error(runner.invoke(app, ["records", "reject", shared, "--db", db]),
                    f"{count} records have ids starting with it")
    _one_line_error(runner.invoke(app, ["records", "accept", "zz", "--db", db]), "no such record")
    assert not any(r.get("review") for r in _records(runner, db))


# -- 2. corrections are checked against the scenario the records were coded on ---------------------------------

def test_corrections_are_checked_against_the_scenario(runner, db):
    stance = next(r for r in _records(runner, db, "--kind", "stance") if r["issue"] == "troops")
    before = _records(runner, db)

    def correct(*changes):
        return runner.invoke(app, ["records", "correct", stance["id"], *changes, "--db", db])

    _one_line_error(correct("option=banana"), "option", "'banana'", "issue 'troops'", "scenario 'tiny'",
                    "stay, leave")
    _one_line_error(correct("side=XXX"), "side", "'XXX'", "N, S, M")
    _one_line_error(correct("colour=red"), "colour", "no such field", "polarity, option")
    _one_line_error(correct("side=N", "option=banana"), "option")  # one bad field: nothing of it is stored
    _one_line_error(correct("issue=aid"), "option", "'leave'", "none, some, lots")  # the option no longer fits
    _one_line_error(correct("polarity=loves"), "polarity", "demand, accept")
    assert _records(runner, db) == before

    assert correct("option=stay").exit_code == 0
    assert correct("side=S").exit_code == 0      # an actor of the scenario
    assert correct("side=UKR").exit_code == 0    # a side the gazetteer knows
    assert correct("issue=aid", "option=lots").exit_code == 0
    [after] = [r for r in _records(runner, db) if r["id"] == stance["id"]]
    assert (after["side"], after["issue"], after["option"], after["review"]) == ("UKR", "aid", "lots", "correct")


# -- 3. lists say how much they show; --limit 0 shows all --------------------------------------------------------

def test_lists_say_how_many_they_show(runner, db):
    total = len(_records(runner, db))
    assert total > 50
    table = runner.invoke(app, ["records", "list", "--db", db], env={"COLUMNS": "120"})
    assert f"50 of {total} records (--limit 0 for all)" in table.stdout
    cut = runner.invoke(app, ["records", "list", "--db", db, "--json"])
    assert len(json.loads(cut.stdout)) == 50 and f"50 of {total} records" in cut.stderr
    whole = runner.invoke(app, ["records", "list", "--db", db, "--json", "--limit", "0"])
    assert len(json.loads(whole.stdout)) == total and whole.stderr == ""

    articles = runner.invoke(app, ["articles", "list", "--db", db, "--limit", "2", "--json"])
    assert len(json.loads(articles.stdout)) == 2 and "2 of 4 articles" in articles.stderr
    for command, noun in ((["actors"], "actors"), (["timeline"], "events"), (["stances"], "stance tracks")):
        every = json.loads(runner.invoke(app, [*command, "--db", db, "--json", "--limit", "0"]).stdout)
        assert len(every) > 1, command
        one = runner.invoke(app, [*command, "--db", db, "--json", "--limit", "1"])
        assert len(json.loads(one.stdout)) == 1 and f"1 of {len(every)} {noun}" in one.stderr
        shown = runner.invoke(app, [*command, "--db", db, "--limit", "1"], env={"COLUMNS": "120"})
        assert f"1 of {len(every)} {noun}" in shown.stdout


# -- 4. --csv and --nl beside --json, one at a time --------------------------------------------------------------

def test_lists_print_csv_and_newline_delimited_json(runner, db):
    for command in LISTS:
        as_json = json.loads(runner.invoke(app, [*command, "--db", db, "--json"]).stdout)
        nl = runner.invoke(app, [*command, "--db", db, "--nl"])
        assert nl.exit_code == 0, nl.output
        assert [json.loads(line) for line in nl.stdout.splitlines()] == as_json, command
        table = runner.invoke(app, [*command, "--db", db, "--csv"])
        assert table.exit_code == 0, table.output
        rows = list(csv.DictReader(io.StringIO(table.stdout)))
        header = list(rows[0])  # every row's fields (records of each kind have their own), first-seen order
        assert len(rows) == len(as_json) and header[:len(as_json[0])] == list(as_json[0]), command
        assert set(header) == {key for row in as_json for key in row}
    ids = [row["id"] for row in csv.DictReader(io.StringIO(
        runner.invoke(app, ["records", "list", "--db", db, "--csv", "--limit", "0"]).stdout))]
    assert ids == [r["id"] for r in _records(runner, db)]
    _one_line_error(runner.invoke(app, ["records", "list", "--db", db, "--json", "--csv"]), "--json and --csv")


# -- 5. - is standard output and standard input ------------------------------------------------------------------

def test_dash_writes_exports_to_standard_output(runner, db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    records = runner.invoke(app, ["export", "records", "-", "--format", "jsonl", "--db", db])
    assert records.exit_code == 0, records.output
    assert [json.loads(line)["id"] for line in records.stdout.splitlines()] == [r["id"] for r in _records(runner, db)]
    assert "to standard output" in records.stderr
    articles = runner.invoke(app, ["articles", "export", "-", "--format", "csv", "--db", db])
    assert articles.exit_code == 0, articles.output
    assert len(list(csv.DictReader(io.StringIO(articles.stdout)))) == 4
    schema = runner.invoke(app, ["extract", "--db", db, "--jsonl", "-"])
    assert schema.exit_code == 0, schema.output
    assert {json.loads(line)["kind"] for line in schema.stdout.splitlines()} == {"quote", "event", "stance"}
    _one_line_error(runner.invoke(app, ["export", "records", "-", "--db", db]), "--format jsonl or csv")
    assert not (tmp_path / "-").exists()


def test_dash_reads_standard_input(runner, tmp_path):
    db = str(tmp_path / "stdin.db")
    ingested = runner.invoke(app, ["ingest", "-", "--db", db, "--json"], input=STORY.format(name=NAMES[0]))
    assert ingested.exit_code == 0, ingested.output
    assert json.loads(ingested.stdout)["stored"] == 1
    valid = runner.invoke(app, ["validate", "-"], input=TINY)
    assert valid.exit_code == 0 and "valid scenario 'tiny'" in valid.stdout
    _one_line_error(runner.invoke(app, ["validate", "-"], input=TINY.replace('ideal = "south_line"', 'ideal = "x"')),
                    "positions.N.border.ideal")
    gold = '{"kind": "event", "doc": "1", "source": "N", "target": "S", "type": "CONSULT"}\n'
    pred = tmp_path / "pred.jsonl"
    pred.write_text(gold)
    scored = runner.invoke(app, ["eval", "-", "--pred", str(pred), "--json"], input=gold)
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.stdout)["event"]["f1"] == 1.0


def test_a_wrong_file_is_one_line_and_many_bad_records_are_cut(runner, tmp_path):
    prose = tmp_path / "notes.md"
    prose.write_text("# Notes\n\n" + "A line of prose.\n" * 500)
    _one_line_error(runner.invoke(app, ["eval", str(prose), "--pred", str(prose)]), "not JSON Lines")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "banana", "doc": "1"}\n' * 30)
    result = runner.invoke(app, ["eval", str(bad), "--pred", str(bad)])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 21 and lines[-1] == f"{bad}: and 10 more problems"
    assert lines[0].startswith(f"{bad}:1: kind")
