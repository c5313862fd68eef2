"""Extraction in worker processes and on a Dask cluster writes the records one process writes (issue 17)."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import shutil

import pytest
from sqlalchemy import select

from accord.api import extract_corpus
from accord.cli import app
from accord.errors import AccordError, Problem
from accord.extract.model import ArticleText
from accord.extract.pipeline import (ARTICLES_A_WORKER, RuleExtractor, WorkerSettings, _workers, extract,
                                     read_articles, worker_settings)
from accord.news.ingest import ingest
from accord.news.store import articles, open_store, records
from accord.scenario import bundled_path, load_scenario
from tests.conftest import shared
from tests.test_ingest_workers import copy_groups

AS_OF = dt.datetime(2025, 8, 20, 23, 59, tzinfo=dt.timezone.utc)  # as `accord ingest --as-of 2025-08-20`


def stored_records(location) -> dict[str, tuple]:
    """Every record by id: all it holds, its article by doc id (store ids follow the order articles were
    stored in, which workers change), but when it was extracted, which differs from run to run."""
    store = open_store(location)
    columns = [c for c in records.c if c.name not in ("id", "article_id", "extracted_at")]
    with store.engine.connect() as connection:
        rows = connection.execute(select(records.c.id, articles.c.doc_id, *columns).join(
            articles, articles.c.id == records.c.article_id)).all()
    store.engine.dispose()
    payload = [c.name for c in columns].index("payload") + 2
    return {row[0]: (*row[1:payload], _without_article(row[payload]), *row[payload + 1:]) for row in rows}


def _without_article(payload: str) -> dict:
    return {key: value for key, value in json.loads(payload).items() if key != "article"}


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


def test_ingest_and_extract_on_a_dask_cluster_on_postgresql_write_what_one_process_does(seed_db, one_process,
                                                                                        pg_database):
    distributed = pytest.importorskip("distributed")
    counts, expected = one_process
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0") as cluster:  # any free port: 8787 may be taken
        ingest([str(shared("corpus", "seed"))], pg_database, as_of=AS_OF, workers=2, scheduler=cluster)
        got = extract_corpus(pg_database, load_scenario(bundled_path()), workers=2, scheduler=cluster)
    assert copy_groups(pg_database) == copy_groups(seed_db)  # the same articles, texts and copies
    assert got == counts
    assert stored_records(pg_database) == expected


def test_a_store_in_memory_is_extracted_in_this_process(gazetteer):
    store = open_store("sqlite://")  # a worker process opening "sqlite://" would find an empty database
    with store.engine.begin() as connection:
        from accord.news.store import articles, sentences

        now = dt.datetime.now(dt.timezone.utc)
        for n in (1, 2, 3):
            text = "France rejects the border treaty."
            connection.execute(articles.insert().values(
                id=n, doc_id=f"d{n}", source=f"s{n}", source_format="txt", raw_hash=str(n), raw_text=text,
                clean_text=text, clean_hash=str(n), ingested_at=now))
            connection.execute(sentences.insert().values(article_id=n, position=0, start=0, end=len(text), text=text))
    assert extract(store, gazetteer=gazetteer, workers=2)["stance"] == 3
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


def test_the_cli_extracts_with_two_workers(runner, seed_db, one_process, tmp_path):
    counts, expected = one_process
    path = tmp_path / "cli.db"
    shutil.copy(seed_db, path)
    result = runner.invoke(app, ["extract", "--db", str(path), "--scenario", str(bundled_path()), "--workers", "2",
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert stored_records(path) == expected
