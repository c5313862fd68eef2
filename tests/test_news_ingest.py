"""Ingestion into a real database, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from accord.cli import app
from accord.news.articles import delete_article, export_articles, get_article, list_articles
from accord.news.ingest import ingest
from accord.news.store import articles, open_store, sentences
from tests.conftest import shared

ROOT = Path(__file__).resolve().parents[1]


def synthetic_folder(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        body = " ".join(f"Delegation {n} met officials in city {n} on Monday to discuss item {k} of the plan." for k in range(12))
        (folder / f"story_{n:04d}.txt").write_text(f"Title of story {n}\n\n{body}\n\nComments\n")
    return folder


def test_seed_corpus(db_url):
    store = open_store(db_url)
    summary = ingest([str(shared("corpus", "seed"))], store)
    assert (summary.read, summary.stored, summary.skipped) == (5, 8, 1)  # the README is skipped
    rows = {r["doc_id"].split("_")[0] + r["doc_id"][len(r["doc_id"].split(".")[0]):]: r
            for r in list_articles(store, limit=None)}
    assert rows["001.4"]["duplicate_of"] == rows["001"]["id"]  # the related story that repeats Reuters
    assert sum(1 for r in rows.values() if r["duplicate_of"]) == 1
    assert rows["000"]["published"] == "2025-08-20" and rows["000"]["date_source"] == "metadata file"
    assert rows["001.2"]["published"] == "2025-08-19" and rows["001.2"]["date_source"] == "relative stamp"
    assert rows["002"]["published"] is None
    assert rows["001.3"]["title"] == "Putin suggested Moscow for Zelensky summit"
    assert rows["001.3"]["outlet"] == "Free Malaysia Today"
    again = ingest([str(shared("corpus", "seed"))], store)
    assert (again.stored, again.already) == (0, 8)
    assert store.info()["articles"] == 8


def test_evidence_maps_back_to_the_raw_text(db_url):
    store = open_store(db_url)
    ingest([str(shared("corpus", "seed", "000_52f018c9f16c624a.txt"))], store)
    article = get_article(store, "000_52f018c9f16c624a")
    raw = article["raw_text"]
    for sentence in article["sentences"]:
        offsets = article["offsets"]
        begin, end = offsets[sentence["start"]], offsets[sentence["end"] - 1] + 1
        original = raw[begin:end]
        assert sentence["text"].split()[0] in original and sentence["text"].split()[-1][:3] in original
    fixed = next(s["text"] for s in article["sentences"] if s["text"].startswith("That mirrors"))
    assert fixed  # "media.That" was repaired into two sentences


def test_articles_show_delete_export(db_url, tmp_path):
    store = open_store(db_url)
    ingest([str(synthetic_folder(tmp_path / "in", 3))], store)
    assert len(list_articles(store)) == 3
    for suffix in ("jsonl", "csv", "parquet"):
        assert export_articles(store, tmp_path / f"out.{suffix}") == 3
    first = json.loads((tmp_path / "out.jsonl").read_text().splitlines()[0])
    assert first["clean_text"].startswith("Delegation 0 met officials")
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "out.parquet").num_rows == 3
    assert delete_article(store, "story_0000") == 1
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(articles)).scalar_one() == 2
        orphans = connection.execute(select(func.count()).select_from(sentences).where(
            sentences.c.article_id.not_in(select(articles.c.id)))).scalar_one()
    assert orphans == 0


def _ingest_process(folder: Path, db_url: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "accord.cli", "ingest", str(folder), "--db", db_url, "--json"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


def test_killed_run_leaves_no_partial_document_and_loses_nothing(db_url, tmp_path):
    folder = synthetic_folder(tmp_path / "many", 150)
    process = _ingest_process(folder, db_url)
    store = open_store(db_url)
    deadline = time.time() + 60
    while time.time() < deadline:
        with store.engine.connect() as connection:
            if connection.execute(select(func.count()).select_from(articles)).scalar_one() >= 10:
                break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    with store.engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(articles)).scalar_one()
        partial = connection.execute(select(func.count()).select_from(articles).where(
            ~articles.c.id.in_(select(sentences.c.article_id)))).scalar_one()
    assert 0 < stored < 150 and partial == 0
    summary = ingest([str(folder)], store)
    assert summary.already == stored and summary.stored == 150 - stored
    assert store.info()["articles"] == 150


def test_two_processes_at_once(db_url, tmp_path):
    folder = synthetic_folder(tmp_path / "shared", 60)
    open_store(db_url)  # create the schema first, as a user's first command would
    first, second = _ingest_process(folder, db_url), _ingest_process(folder, db_url)
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outputs
    results = [json.loads(out) for out, _ in outputs]
    assert sum(r["stored"] for r in results) == 60
    assert open_store(db_url).info()["articles"] == 60


def test_cli_ingest_and_articles(runner, db_url, tmp_path):
    folder = synthetic_folder(tmp_path / "cli", 2)
    (folder / "empty.txt").write_text("")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "stories stored" in result.stdout and "empty file" in result.stdout
    assert runner.invoke(app, ["ingest", str(folder), "--db", db_url, "--strict"]).exit_code == 1
    listed = json.loads(runner.invoke(app, ["articles", "list", "--db", db_url, "--json"]).stdout)
    assert len(listed) == 2
    shown = runner.invoke(app, ["articles", "show", "story_0001", "--db", db_url])
    assert "Delegation 1 met officials" in shown.stdout
    missing = runner.invoke(app, ["articles", "show", "nothing", "--db", db_url])
    assert missing.exit_code == 2 and "no article" in missing.stderr
    assert runner.invoke(app, ["ingest", str(tmp_path / "absent"), "--db", db_url]).exit_code == 2
    info = json.loads(runner.invoke(app, ["db", "info", "--db", db_url, "--json"]).stdout)
    assert info["articles"] == 2 and info["schema"] == "0007"


def test_copies_are_found_across_runs(db_url, tmp_path):
    store = open_store(db_url)
    body = " ".join(f"Negotiators met in Geneva for round {k} of talks on the ceasefire and the border line." for k in range(15))
    (tmp_path / "first").mkdir()
    (tmp_path / "first" / "wire.txt").write_text(body)
    ingest([str(tmp_path / "first")], store)
    (tmp_path / "second").mkdir()
    (tmp_path / "second" / "copy.txt").write_text("Menu\nSubscribe to our newsletter\n" + body[: len(body) * 2 // 3] + ".")
    summary = ingest([str(tmp_path / "second")], store)  # a new run: the index is rebuilt from the store
    assert summary.duplicates == 1
    copy = next(r for r in list_articles(store) if r["doc_id"] == "copy")
    assert copy["duplicate_kind"] in ("truncated", "syndicated")


def test_publication_dates_stated_on_the_page(tmp_path):
    body = "Delegations met officials in the capital on Monday to discuss the border and the troops. " * 4
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "prefix.txt").write_text(" date 2025-03-19 " + body)
    (folder / "byline.txt").write_text("Talks resume\nBy Wire Desk – Mar 14, 2025, 4:00 PM CDT\n" + body)
    (folder / "caption.txt").write_text("Talks resume\nPeople walk past the square on Feb. 15, 2025. Photo: AP\n" + body)
    (folder / "dateline.txt").write_text("Talks resume\nMOSCOW, March 26. Officials said the talks went on.\n" + body)
    store = open_store(str(tmp_path / "dates.db"))
    ingest([str(folder)], store)
    found = {r["doc_id"]: (r["published"], r["date_source"]) for r in list_articles(store, limit=None)}
    assert found["prefix"] == ("2025-03-19", "page stamp") and found["byline"] == ("2025-03-14", "page stamp")
    assert found["caption"][1] != "page stamp" and found["dateline"] == (None, None)  # no year to read it in


def _dates(folder: Path, store_path: Path, **options) -> dict[str, tuple[str | None, str | None]]:
    store = open_store(str(store_path))
    ingest([str(folder)], store, **options)
    return {r["doc_id"]: (r["published"], r["date_source"]) for r in list_articles(store, limit=None)
            if r["section"] == "main"}


def test_dates_from_datelines_and_addresses(tmp_path):
    body = "Delegations met officials in the capital on Monday to discuss the border and the troops. " * 4
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "anchored.txt").write_text(f"River talks resume\nLISBON, June 4 (Wire) - {body}\n"
                                         "The draft of May 30, 2024 was read out.\n")
    (folder / "linked.txt").write_text(f"River talks resume\nLISBON, June 4. /Wire/. {body}\n")
    (folder / "stamped.txt").write_text(f"River talks resume\nBy Harbour Desk, June 3, 2024\nLISBON, June 4 - {body}\n")
    (folder / "index.tsv").write_text("file\turl\nlinked.txt\thttps://news.example/2024/06/05/river-talks\n"
                                      "stamped.txt\thttps://news.example/2024/06/05/river\n")
    found = _dates(folder, tmp_path / "dates.db")
    assert found["anchored"] == ("2024-06-04", "dateline")
    assert found["linked"] == ("2024-06-04", "dateline")  # the address gives the year; the dateline the day
    assert found["stamped"] == ("2024-06-03", "page stamp")


def test_relative_stamps_need_a_believable_time_of_seeing(tmp_path):
    body = "Delegations met officials in the capital on Monday to discuss the border and the troops. " * 4
    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / "copied.txt"
    page.write_text(f"River talks resume\nHarbour News 5 hours ago\n{body}\nThe last round was held in 2019.\n")
    seen = dt.datetime(2020, 3, 4, 18, 0, tzinfo=dt.timezone.utc)
    # a file copied years after the page was seen: its time is not when the page was seen
    assert _dates(folder, tmp_path / "copied.db")["copied"] == (None, None)
    assert _dates(folder, tmp_path / "as_of.db", as_of=seen)["copied"] == ("2020-03-04", "relative stamp")
    os.utime(page, (seen.timestamp(), seen.timestamp()))  # saved when seen
    assert _dates(folder, tmp_path / "saved.db")["copied"] == ("2020-03-04", "relative stamp")


def test_html_dates_come_from_markup_and_stated_dates_not_from_sentences(tmp_path):
    prose = "<p>" + "Negotiators met again in a lakeside town to discuss the border and water rights. " * 5 + "</p>"
    history = "<p>The first accord was signed on March 3, 2019 after long talks.</p>"
    page = "<html><head><title>Talks resume</title>{head}</head><body><article><h1>Talks resume</h1>{body}</article>" \
           "</body></html>"
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "undated.html").write_text(page.format(head="", body=prose + history))
    (folder / "meta.html").write_text(page.format(
        head='<meta property="article:published_time" content="2024-05-06T10:00:00Z">', body=prose + history))
    (folder / "dateline.html").write_text(page.format(head="", body="<p>GENEVA, May 7 (Wire) - " + prose[3:] + history
                                                      .replace("2019", "2024").replace("March 3", "May 2")))
    found = _dates(folder, tmp_path / "html.db")
    assert found["undated"] == (None, None)  # the 2019 accord is not the story's date
    assert found["meta"] == ("2024-05-06", "markup")
    assert found["dateline"] == ("2024-05-07", "dateline")
