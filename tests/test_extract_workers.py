"""Extraction in worker processes and on a Dask cluster writes the records one process writes (issue 17)."""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
import uuid

import pytest
from sqlalchemy import select

from accord.api import extract_corpus
from accord.cli import app
from accord.errors import AccordError, Problem
from accord.extract.model import ArticleText
from accord.extract.pipeline import (ARTICLES_A_WORKER, RuleExtractor, WorkerSettings, _workers, extract,
                                     read_articles, worker_settings)
from accord.news.ingest import ingest
from accord.news.store import open_store, records
from accord.scenario import bundled_path, load_scenario
from tests.conftest import PG_ADMIN, _pg_available, shared

AS_OF = dt.datetime(2025, 8, 20, 23, 59, tzinfo=dt.timezone.utc)  # as `accord ingest --as-of 2025-08-20`


def stored_records(location) -> dict[str, tuple]:
    """Every record by id: all it holds but when it was extracted, which differs from run to run."""
    store = open_store(location)
    columns = [c for c in records.c if c.name not in ("id", "extracted_at")]
    with store.engine.connect() as connection:
        rows = connection.execute(select(records.c.id, *columns)).all()
    store.engine.dispose()
    return {row[0]: tuple(row[1:]) for row in rows}


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    """The seed corpus ingested once; each test extracts into a copy."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    store = open_store(path)
    ingest([str(shared("corpus", "seed"))], store, as_of=AS_OF)
    store.engine.dispose()  # the last connection closed moves the write-ahead log into the file copied
    return path


@pytest.fixture(scope="module")
def one_process(seed_db, tmp_path_factory):
    """The seed corpus extracted in this process, on the bundled scenario: the records to match."""
    path = tmp_path_factory.mktemp("one") / "one.db"
    shutil.copy(seed_db, path)
    counts = extract_corpus(path, load_scenario(bundled_path()), workers=1)
    return counts, stored_records(path)


def test_two_worker_processes_write_the_records_of_one(seed_db, one_process, tmp_path):
    counts, expected = one_process
    path = tmp_path / "two.db"
    shutil.copy(seed_db, path)
    seen = []
    got = extract_corpus(path, load_scenario(bundled_path()), workers=2,
                         progress=lambda done, total: seen.append((done, total)))
    assert got == counts and counts["articles"] == 8 and counts["stance"] > 0
    assert stored_records(path) == expected
    assert seen[0] == (0, 8) and seen[-1] == (8, 8) and len(seen) > 2  # a step per chunk, ending at the total


@pytest.fixture
def pg_database():
    """A PostgreSQL database of this test's own, dropped after it."""
    import psycopg

    if not _pg_available():
        if __import__("os").environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but {PG_ADMIN} cannot be reached")
        pytest.skip("PostgreSQL was skipped: no server at " + PG_ADMIN)
    name = f"accord_workers_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_dask_cluster_on_postgresql_writes_the_records_of_one_process(one_process, pg_database):
    distributed = pytest.importorskip("distributed")
    counts, expected = one_process
    ingest([str(shared("corpus", "seed"))], pg_database, as_of=AS_OF)
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0") as cluster:  # any free port: 8787 may be taken
        got = extract_corpus(pg_database, load_scenario(bundled_path()), workers=2, scheduler=cluster)
    assert got == counts
    assert stored_records(pg_database) == expected


def test_a_store_in_memory_is_extracted_in_this_process(nlp, gazetteer, monkeypatch):
    import accord.extract.pipeline as pipeline

    monkeypatch.setattr(pipeline, "pool", lambda *_: pytest.fail("no worker can open a store in memory"))
    store = open_store("sqlite://")
    with store.engine.begin() as connection:
        from accord.news.store import articles, sentences

        now = dt.datetime.now(dt.timezone.utc)
        for n in (1, 2, 3):
            text = "France rejects the border treaty."
            connection.execute(articles.insert().values(
                id=n, doc_id=f"d{n}", source=f"s{n}", source_format="txt", raw_hash=str(n), raw_text=text,
                clean_text=text, clean_hash=str(n), ingested_at=now))
            connection.execute(sentences.insert().values(article_id=n, position=0, start=0, end=len(text), text=text))
    assert extract(store, gazetteer=gazetteer, workers=2)["articles"] == 3
    assert [a.id for a in read_articles(store, [3, 9, 1], block=2)] == [3, 1]  # asked order; missing left out


def test_only_the_rule_extractor_with_the_shared_pipeline_goes_to_workers(nlp, gazetteer):
    class Other:
        name, version = "other", "1"

        def extract(self, article: ArticleText):
            return []

    assert worker_settings(Other(), None, None) is None
    assert worker_settings(RuleExtractor(gazetteer, None, nlp), None, None) == WorkerSettings(None, None)
    assert worker_settings(RuleExtractor(gazetteer, None, object()), None, None) is None
    assert worker_settings(None, None, gazetteer) == WorkerSettings(None, None)  # the shipped one: loaded there


def test_the_default_starts_no_more_workers_than_the_corpus_pays_for(monkeypatch):
    import accord.extract.pipeline as pipeline

    monkeypatch.setattr(pipeline, "cores", lambda: 8)
    assert _workers(8, None, None) == 1
    assert _workers(3 * ARTICLES_A_WORKER, None, None) == 3
    assert _workers(100 * ARTICLES_A_WORKER, None, None) == 8
    assert _workers(8, 2, None) == 2  # asked for: obeyed
    assert _workers(8, None, "tcp://scheduler:8786") == 8


def test_an_error_sent_back_by_a_worker_keeps_its_message():
    error = pickle.loads(pickle.dumps(AccordError(Problem("news.db", None, None, "no such database"))))
    assert str(error) == "news.db: no such database"


def test_the_cli_passes_workers_and_scheduler_to_the_api(runner, seed_db, tmp_path, monkeypatch):
    import accord.api

    asked = {}

    def fake(store, scenario, **options):
        asked.update(workers=options["workers"], scheduler=options["scheduler"])
        return {"articles": 0}

    monkeypatch.setattr(accord.api, "extract_corpus", fake)
    path = tmp_path / "cli.db"
    shutil.copy(seed_db, path)
    result = runner.invoke(app, ["extract", "--db", str(path), "--no-scenario", "--workers", "3",
                                 "--scheduler", "tcp://127.0.0.1:8786", "--json"])
    assert result.exit_code == 0, result.output
    assert asked == {"workers": 3, "scheduler": "tcp://127.0.0.1:8786"}
