"""The application layer: one place decides the database and the scenario for the CLI, the dashboard and
Python; reading never creates a database; mistakes are one line, said before the long work."""

from __future__ import annotations

import socket

import pytest
from fastapi.testclient import TestClient

from accord.api import DEFAULT_DB, as_store, database_location, news_for_report, open_database, scenario_file
from accord.cli import app
from accord.errors import AccordError
from accord.scenario import bundled_path
from accord.web.app import create_app

STORY = ("Cairo, 2 March 2026. Egypt's foreign minister said on Monday that Egypt would accept a slow filling "
         "of the dam. Ethiopia rejected any binding deal on the filling, its water minister said.\n")


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A working folder of its own, with no accord.toml or ACCORD_DB from the machine."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ACCORD_DB", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def test_database_location_order(here, monkeypatch):
    assert database_location() == DEFAULT_DB
    (here / "accord.toml").write_text('[ingest]\ndb = "data/news.db"\n')
    assert database_location() == str(here / "data" / "news.db")  # relative to the config file
    monkeypatch.setenv("ACCORD_DB", "env.db")
    assert database_location() == "env.db"
    assert database_location("given.db") == "given.db"


def test_a_bad_database_setting_is_one_line(here):
    (here / "accord.toml").write_text("[ingest]\ndb = 3\n")
    with pytest.raises(AccordError, match=r"accord.toml: ingest.db: expected a file name or a URL"):
        database_location()


def test_reading_never_creates_a_database(here, runner):
    for command in (["records", "list"], ["articles", "list"], ["db", "info"], ["actors"], ["timeline"],
                    ["stances"], ["eval", str(here / "gold.jsonl")]):
        (here / "gold.jsonl").write_text("")
        result = runner.invoke(app, command + ["--db", "typo.db"])
        assert result.exit_code == 2, command
        assert result.stderr.strip() == "typo.db: no such database (accord ingest creates it)", command
    assert not (here / "typo.db").exists()
    with pytest.raises(AccordError):
        as_store("typo.db")


def test_ingest_creates_the_database_named_in_accord_toml_and_every_front_end_reads_it(here, runner):
    (here / "accord.toml").write_text('[ingest]\ndb = "team.db"\n')
    (here / "news").mkdir()
    (here / "news" / "dam.txt").write_text(STORY)
    assert runner.invoke(app, ["ingest", str(here / "news")]).exit_code == 0
    assert (here / "team.db").is_file() and not (here / DEFAULT_DB).exists()
    assert "1 article" in runner.invoke(app, ["db", "info"]).stdout or \
        '"articles": 1' in runner.invoke(app, ["db", "info", "--json"]).stdout
    assert len(news_for_report()["articles"]) == 1  # Python, with no argument
    page = TestClient(create_app(None, here / "scenarios"), base_url="http://127.0.0.1").get("/")
    assert page.status_code == 200 and "dam" in page.text  # the dashboard, as accord serve starts it


def test_a_report_with_no_database_anywhere_covers_the_scenario_alone(here):
    assert news_for_report() == {}
    with pytest.raises(AccordError, match="no such database"):
        news_for_report("named-but-missing.db")


def test_the_scenario_named_in_accord_toml_is_the_default(here, runner):
    assert scenario_file() == bundled_path()
    (here / "accord.toml").write_text('[extract]\nscenario = "mine.toml"\n')
    assert runner.invoke(app, ["init", "mine.toml"]).exit_code == 0
    assert scenario_file() == here / "mine.toml"
    (here / "mine.toml").write_text((here / "mine.toml").read_text().replace('value = 45, range', 'value = 450, range'))
    for command in (["forecast"], ["deals"], ["report", "-o", "r.html"], ["export", "deals", "d.csv"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2 and "mine.toml:" in result.stderr, command


def test_report_says_a_wrong_pair_or_a_missing_folder_in_one_line(here, runner):
    bad_pair = runner.invoke(app, ["report", "--pair", "UKR,XXX", "--runs", "0", "-o", str(here / "r.html")])
    assert bad_pair.exit_code == 2 and "--pair" in bad_pair.stderr and "XXX" in bad_pair.stderr
    assert len(bad_pair.stderr.strip().splitlines()) == 1 and not (here / "r.html").exists()
    missing = runner.invoke(app, ["report", "--runs", "0", "-o", str(here / "missing" / "r.html")])
    assert missing.exit_code == 2 and "no such folder" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_serve_on_a_busy_port_is_one_line(here, runner):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"accord serve: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in result.output


def test_serve_with_a_missing_database_named_is_one_line(here, runner):
    result = runner.invoke(app, ["serve", "--db", "typo.db"])
    assert result.exit_code == 2 and result.stderr.strip() == "typo.db: no such database (accord ingest creates it)"


def test_a_bad_date_is_one_line(here, runner):
    result = runner.invoke(app, ["changes", "--since", "yesterday", "--db", "sqlite://"])
    assert result.exit_code == 2 and result.stderr.strip() == "--since: 'yesterday': expected a date like 2025-08-20"


def test_open_database_in_memory_and_by_url(db_url):
    store = open_database(db_url, create=True)
    assert as_store(store) is store
