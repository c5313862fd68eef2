"""Hostile input, crashes and concurrency: no input stops an ingest or is stored empty, first writers
converge on one schema, reviews of a record merge and can be undone, special files are skipped with
their reason, and a file is read once however it is named. On SQLite and PostgreSQL where a database
is involved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from accord.cli import app
from accord.extract.model import StanceRecord
from accord.extract.records import load_records, reset, review, save_records
from accord.news.ingest import ingest
from accord.news.read import discover, read_inputs
from accord.news.store import articles, open_store
from tests.conftest import PG_ADMIN

ROOT = Path(__file__).resolve().parents[1]
BODY = "Leaders met in Geneva on Monday and agreed to keep talking about the border and the troops. " * 3


def stored_sources(url: str) -> list[str]:
    with open_store(url).engine.connect() as connection:
        return [Path(row.source).name for row in connection.execute(select(articles.c.source).order_by(articles.c.id))]


# -- 1. one deeply nested JSON value skips that record alone -----------------------------------------------------

def test_deeply_nested_json_is_skipped_and_the_rest_stored(db_url, tmp_path):
    tmp_path = tmp_path / "in"  # the SQLite file lives beside it
    tmp_path.mkdir()
    (tmp_path / "good.txt").write_text(BODY)
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": BODY + " Again."}) + "\n"
                                         + "[" * 100_000 + "]" * 100_000 + "\n"
                                         + '{"text": "x", "title": ' + "9" * 5000 + "}\n")
    (tmp_path / "array.json").write_text("[" * 100_000 + "]" * 100_000)
    summary = ingest([str(tmp_path)], open_store(db_url))
    reasons = {(Path(s.source).name, s.line): s.reason for s in summary.skips}
    assert reasons == {("feed.jsonl", 2): "malformed JSON: nested too deeply",
                       ("feed.jsonl", 3): "malformed JSON: a number too long to read",
                       ("array.json", None): "malformed JSON: nested too deeply"}
    assert sorted(stored_sources(db_url)) == ["feed.jsonl", "good.txt"]


# -- 2. parallel first writers converge on one schema -------------------------------------------------------------

@pytest.fixture
def new_db_url(request, tmp_path):
    """A database that does not exist yet (SQLite) or has no tables (PostgreSQL)."""
    if request.param == "sqlite":
        yield str(tmp_path / "new.db")
        return
    request.getfixturevalue("pg_url")  # skips, or fails in CI, without a server
    import psycopg

    name = f"accord_first_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize("new_db_url", ["sqlite", "postgresql"], indirect=True)
def test_parallel_first_writers_converge_on_one_schema(new_db_url, tmp_path):
    folders = []
    for n in range(4):
        folder = tmp_path / f"in{n}"
        folder.mkdir()
        (folder / f"story{n}.txt").write_text(f"Delegation {n} arrived. " + BODY)
        folders.append(folder)
    # Start-up takes longer than a migration, so the processes are released together by a file.
    go = tmp_path / "go"
    script = ("import sys, time, pathlib\n"
              "while not pathlib.Path(sys.argv[1]).exists(): time.sleep(0.005)\n"
              "from accord.cli import app\n"
              "sys.argv = ['accord', 'ingest', sys.argv[2], '--db', sys.argv[3], '--json']\n"
              "app()\n")
    processes = [subprocess.Popen([sys.executable, "-c", script, str(go), str(folder), new_db_url], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env={**os.environ, "PYTHONPATH": str(ROOT / "src")}) for folder in folders]
    time.sleep(3)
    go.touch()
    outputs = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, outputs
    info = open_store(new_db_url).info()
    assert info["articles"] == 4 and info["schema"] == "0007"


# -- 3. reviews merge into the record's correction, and reset undoes them ----------------------------------------

def stance_record(article_id: int) -> StanceRecord:
    return StanceRecord(id="r1", article=article_id, doc="a", start=0, end=10, side="RUS", holder="RUS",
                        issue="border", polarity="demand", option="north_line", confidence=0.6, source_type="wire",
                        evidence="Leaders met.")


def store_with_one_stance(db_url: str, folder: Path):
    """A store holding one article and one stance record of it, ``r1``."""
    (folder / "a.txt").write_text(BODY)
    store = open_store(db_url)
    ingest([str(folder)], store)
    with store.engine.connect() as connection:
        article_id = connection.execute(select(articles.c.id)).scalar_one()
    save_records(store, article_id, [stance_record(article_id)])
    return store


def test_second_review_keeps_the_first_and_reset_undoes_all(db_url, tmp_path):
    store = store_with_one_stance(db_url, tmp_path)

    review(store, "r1", "correct", {"side": "UKR", "option": "south_line"})
    review(store, "r1", "correct", {"polarity": "reject"})
    [record] = load_records(store, "stance")
    assert (record["side"], record["option"], record["polarity"]) == ("UKR", "south_line", "reject")
    review(store, "r1", "accept")
    [record] = load_records(store, "stance")
    assert (record["side"], record["option"], record["review"]) == ("UKR", "south_line", "accept")
    review(store, "r1", "reject")
    assert load_records(store, "stance") == []
    review(store, "r1", "accept")
    assert load_records(store, "stance")[0]["side"] == "UKR"  # accepted again, still corrected

    assert reset(store, "r1") is True
    [record] = load_records(store, "stance")
    assert (record["side"], record["option"], record["polarity"], record["confidence"]) == \
        ("RUS", "north_line", "demand", 0.6) and "review" not in record
    assert reset(store, "r1") is False


def test_records_reset_through_the_cli(runner, db_url, tmp_path):
    store = store_with_one_stance(db_url, tmp_path)
    first = runner.invoke(app, ["records", "correct", "r1", "side=UKR", "--db", db_url])
    second = runner.invoke(app, ["records", "accept", "r1", "--db", db_url])
    assert first.exit_code == second.exit_code == 0 and "corrected: side=UKR" in second.stdout
    assert runner.invoke(app, ["records", "reset", "r1", "--db", db_url]).stdout.strip() == "reset record r1"
    assert load_records(store, "stance")[0]["side"] == "RUS"
    missing = runner.invoke(app, ["records", "reset", "nope", "--db", db_url])
    assert missing.exit_code == 2 and "no such record" in missing.stderr


# -- 4. an input that yields no body is skipped with its reason, never stored empty ------------------------------

def test_inputs_without_a_body_are_skipped_and_deep_html_is_read(db_url, tmp_path):
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    paragraph = f"<p>{BODY}</p>"
    for depth in (300, 1000, 5000):
        (tmp_path / f"deep{depth}.html").write_text(
            "<html><body>" + "<div>" * depth + paragraph + "</div>" * depth + "</body></html>")
    (tmp_path / "furniture.txt").write_text("Home\nNews\nSubscribe\nSign in\nPrivacy policy\n")
    (tmp_path / "entities.xml").write_text('<?xml version="1.0"?><article>&undefined;<p>&nbsp;</p></article>')
    summary = ingest([str(tmp_path)], open_store(db_url))
    reasons = {Path(s.source).name: s.reason for s in summary.skips}
    assert reasons["deep5000.html"] == "no article body found in the HTML"  # past libxml2's 2048 levels
    assert reasons["furniture.txt"] == "no article text left after removing boilerplate"
    assert "entities.xml" in reasons
    assert sorted(stored_sources(db_url)) == ["deep1000.html", "deep300.html"]
    with open_store(db_url).engine.connect() as connection:
        assert all(BODY.split(".")[0] in text for text in connection.execute(select(articles.c.clean_text)).scalars())


# -- 6. special files and links get a reason; links leaving the folder are refused -------------------------------

def make_special_files(folder: Path, outside: Path) -> None:
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(BODY)
    (outside / "secret.txt").write_text(BODY + " Outside.")
    os.mkfifo(folder / "pipe.txt")
    links = {"zero.txt": "/dev/zero", "dangling.txt": "nowhere.txt", "loop1.txt": "loop2.txt",
             "loop2.txt": "loop1.txt", "out.txt": str(outside / "secret.txt"), "inside.txt": "sub/a.txt",
             "outdir": str(outside)}
    for name, target in links.items():
        (folder / name).symlink_to(target)


def test_special_files_are_skipped_with_their_reason(tmp_path):
    folder, outside = tmp_path / "in", tmp_path / "outside"
    outside.mkdir()
    make_special_files(folder, outside)
    found = discover([str(folder)])
    reasons = {Path(i.source).name: i.reason for i in found if not isinstance(i, str)}
    assert reasons == {"pipe.txt": "a named pipe (FIFO), not a regular file",
                       "zero.txt": "a character device, not a regular file",
                       "dangling.txt": "broken link: its target does not exist",
                       "loop1.txt": "symbolic link loop", "loop2.txt": "symbolic link loop",
                       "out.txt": "link to a file outside the input folder, not read (--follow-links reads it)",
                       "outdir": "link to a folder, not followed (--follow-links follows it)"}
    assert [i for i in found if isinstance(i, str)] == [str((folder / "sub" / "a.txt").resolve())]  # inside.txt too
    followed = {Path(i).name for i in discover([str(folder)], follow_links=True) if isinstance(i, str)}
    assert followed == {"a.txt", "secret.txt"}
    named = discover([str(folder / "pipe.txt"), str(folder / "zero.txt")])
    assert [i.reason.split(",")[0] for i in named] == ["a named pipe (FIFO)", "a character device"]
    assert list(read_inputs(named)) == named


def test_cli_ingest_of_special_files_and_follow_links(runner, db_url, tmp_path):
    folder, outside = tmp_path / "in", tmp_path / "outside"
    outside.mkdir()
    make_special_files(folder, outside)
    result = runner.invoke(app, ["ingest", str(folder), "--db", db_url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["skipped"] == 7 and stored_sources(db_url) == ["a.txt"]
    again = runner.invoke(app, ["ingest", str(folder), "--db", db_url, "--follow-links", "--json"])
    assert json.loads(again.stdout)["stored"] == 1 and sorted(stored_sources(db_url)) == ["a.txt", "secret.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder_is_skipped_with_its_reason(tmp_path):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked").chmod(0)
    try:
        [skip] = discover([str(tmp_path)])
        assert skip.reason.startswith("folder cannot be read")
    finally:
        (tmp_path / "locked").chmod(0o755)


# -- 7. one folder under two spellings is stored once ------------------------------------------------------------

def test_same_folder_under_two_spellings_is_stored_once(db_url, tmp_path, monkeypatch):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY)
    (tmp_path / "alias").symlink_to(folder)
    monkeypatch.chdir(tmp_path)
    store = open_store(db_url)
    first = ingest(["news"], store)
    second = ingest([str(folder), "./news/../news/", "alias/a.txt"], store)
    assert (first.stored, second.stored, second.already) == (1, 0, 1)
    assert store.info()["articles"] == 1


# -- 8. file names cannot break the one-line rule or reach the terminal raw --------------------------------------

def test_hostile_file_names_are_printed_inert(runner, tmp_path):
    (tmp_path / "evil\n\x1b[31mname[bold].txt").write_text("")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "n.db")], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.stdout.splitlines() if "skipped" in line and "evil" in line]
    assert "\x1b" not in result.stdout and line.strip().endswith("name[bold].txt: empty file")
    assert "evil\\n\\x1b[31mname" in line


def test_what_if_from_python_refuses_booleans_and_huge_integers():
    from accord.analysis.whatif import apply_what_if
    from accord.errors import AccordError
    from accord.scenario import bundled_path
    from accord.scenario.load import load_scenario

    base = load_scenario(bundled_path())
    actor = base.actors[0].id
    for value, message in ((True, "must be a number"), ("50", "must be a number"), (10 ** 400, "between"),
                           (float("nan"), "between")):
        with pytest.raises(AccordError, match=message):
            apply_what_if(base, [{"actor": actor, "capability": value}])
    assert apply_what_if(base, [{"actor": actor, "capability": 5}]).actors[0].capability.value == 5
