"""Ingest in several processes at once, on one machine or a Dask cluster: the articles stored and the
copies linked are those of one process (issue 17)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from accord.news.ingest import ingest
from accord.news.store import articles, open_store
from tests.conftest import shared


def copy_groups(location) -> tuple[set, set]:
    """(the stored articles as (file name, part, clean hash), the copies as groups of file names linked
    together): what must not depend on how many processes stored them or in which order."""
    store = open_store(location)
    with store.engine.connect() as connection:
        rows = connection.execute(select(articles.c.id, articles.c.source, articles.c.part, articles.c.clean_hash,
                                         articles.c.duplicate_of)).all()
    store.engine.dispose()
    name = {row.id: f"{Path(row.source).parent.name}/{Path(row.source).name}#{row.part}" for row in rows}
    group = {ident: {ident} for ident in name}
    for row in rows:
        if row.duplicate_of is not None:
            joined = group[row.id] | group[row.duplicate_of]
            for ident in joined:
                group[ident] = joined
    links = {frozenset(name[i] for i in members) for members in map(frozenset, group.values()) if len(members) > 1}
    return {(name[row.id], row.part, row.clean_hash) for row in rows}, links


@pytest.fixture(scope="module")
def two_folders(tmp_path_factory) -> list[Path]:
    """Two folders of news, each holding the originals of half the stories and copies of the other half's:
    a copy under the same file name (its doc id clashes), and the same story cut to two thirds."""
    texts = [path.read_text(encoding="utf-8") for case in sorted(shared("corpus", "dev").iterdir()) if case.is_dir()
             for path in sorted(case.glob("0*.txt"))[:8]]
    root = tmp_path_factory.mktemp("news")
    folders = [root / "a", root / "b"]
    for folder in folders:
        folder.mkdir()
    for number, text in enumerate(texts):
        home, other = folders[number % 2], folders[1 - number % 2]
        (home / f"{number:03}.txt").write_text(text, encoding="utf-8")
        (other / f"{number:03}.txt").write_text(text, encoding="utf-8")
        paragraphs = text.split("\n\n")
        (other / f"{number:03}-cut.txt").write_text("\n\n".join(paragraphs[:max(2, 2 * len(paragraphs) // 3)]),
                                                    encoding="utf-8")
    return folders


@pytest.fixture(scope="module")
def one_after_the_other(two_folders, tmp_path_factory):
    path = tmp_path_factory.mktemp("sequential") / "news.db"
    for folder in two_folders:
        ingest([str(folder)], path, workers=1)
    return copy_groups(path)


@pytest.fixture(scope="module")
def one_process(two_folders, tmp_path_factory):
    """Both folders in one run of one process (one run reads site furniture off all its files at once, so
    its clean texts may differ from two runs')."""
    path = tmp_path_factory.mktemp("one") / "news.db"
    ingest([str(folder) for folder in two_folders], path, workers=1)
    return copy_groups(path)


def test_the_folders_hold_copies_across_them(one_after_the_other):
    stored, links = one_after_the_other
    assert len(links) >= 20 and all(len({name.split("/")[0] for name in group}) == 2 for group in links)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_ingests_at_once_link_every_copy_one_after_the_other_links(backend, two_folders, one_after_the_other,
                                                                       tmp_path, request):
    location = str(tmp_path / "news.db") if backend == "sqlite" else request.getfixturevalue("pg_database")
    open_store(location).engine.dispose()  # the schema first, so that the two runs race on the news only
    accord = Path(sys.executable).parent / "accord"
    runs = [subprocess.Popen([str(accord), "ingest", str(folder), "--db", location, "--workers", "1", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for folder in two_folders]
    for run in runs:
        _, error = run.communicate(timeout=600)
        assert run.returncode == 0, error
    assert copy_groups(location) == one_after_the_other


def test_two_worker_processes_store_and_link_what_one_does(two_folders, one_process, tmp_path):
    path = tmp_path / "news.db"
    seen = []
    summary = ingest([str(folder) for folder in two_folders], path, workers=2,
                     progress=lambda done, total: seen.append((done, total)))
    assert copy_groups(path) == one_process
    assert summary.stored == len(one_process[0]) and seen[-1][0] == seen[-1][1] > 2


def test_a_dask_cluster_on_postgresql_stores_and_links_what_one_process_does(two_folders, one_process, pg_database):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0") as cluster:
        ingest([str(folder) for folder in two_folders], pg_database, workers=2, scheduler=cluster)
    assert copy_groups(pg_database) == one_process
