"""Fuzzing the news readers (text, HTML, JSON and JSON Lines, RSS and Atom) through ``accord ingest``.

Every generated input is ingested beside one good article. Whatever the input, the command ends
without a traceback and with exit code 0, 1 or 2, the good article is stored, no stored article is
empty, and no input needed the last-resort guard (``unreadable: ...``), which would mean a crash
that the readers did not foresee. The budget is bounded (see ``FUZZ``), so the file runs in about
a minute; set ``ACCORD_FUZZ_EXAMPLES`` for a longer campaign.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from accord.cli import app
from accord.news.store import articles, open_store

FUZZ = settings(max_examples=int(os.environ.get("ACCORD_FUZZ_EXAMPLES", 40)), deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
GOOD = "Leaders met in Geneva on Monday and agreed to keep talking about the border and the troops. " * 3

words = st.sampled_from(["Geneva", "talks", "ceasefire", "&amp;", "&nbsp;", "&undefined;", "<", ">", "\x00",
                         "\x1b[31m", "\u202e", "\ufffd", "Ã©", "’", "\r\n", "\n\n", "9" * 5000, "1e400", "NaN"])
texts = st.lists(st.one_of(words, st.text(max_size=40)), max_size=30).map(" ".join)
tags = st.sampled_from(["div", "p", "span", "article", "script", "style", "table", "td", "b", "svg", "iframe",
                        "body", "html", "head", "title", "meta", "!--", "![CDATA["])


@st.composite
def html_pages(draw) -> bytes:
    depth = draw(st.sampled_from([0, 3, 40, 300, 3000]))
    tag = draw(tags)
    inner = "".join(f"<{draw(tags)} class='{draw(texts)[:20]}'>{draw(texts)}" for _ in range(draw(st.integers(0, 8))))
    close = "" if draw(st.booleans()) else f"</{tag}>" * depth
    page = f"<html><body>{f'<{tag}>' * depth}<p>{draw(texts)}</p>{inner}{close}</body></html>"
    return _maybe_mangled(draw, page.encode("utf-8", "surrogatepass"))


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=20)


@st.composite
def json_records(draw) -> bytes:
    record = draw(st.dictionaries(st.sampled_from(["text", "title", "url", "outlet", "published", "author", "id"]),
                                  json_values | texts, max_size=7))
    line = json.dumps(record, allow_nan=True)
    special = draw(st.sampled_from(["", "[" * 100_000 + "]" * 100_000, '{"text": ' * 5000, '{"id": ' + "9" * 5000 + "}",
                                    '{"text": NaN}', '"\\ud800"', "\xff\xfe", "[1, 2"]))
    lines = draw(st.permutations([line, special, json.dumps({"text": draw(texts)})]))
    return _maybe_mangled(draw, "\n".join(lines).encode("utf-8", "surrogatepass"))


@st.composite
def feeds(draw) -> bytes:
    entity = draw(st.sampled_from([
        "", '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
        '<!DOCTYPE rss [<!ENTITY ext SYSTEM "file:///etc/passwd">]>']))
    body = draw(texts) + draw(st.sampled_from(["", "&d;", "&ext;", "&undefined;", "<b>" * 3000]))
    if draw(st.booleans()):
        feed = (f"<?xml version='1.0'?>{entity}<rss version='2.0'><channel><title>{draw(texts)}</title>"
                f"<item><title>{draw(texts)}</title><pubDate>{draw(texts)}</pubDate>"
                f"<description>{body}</description></item></channel></rss>")
    else:
        feed = (f"<?xml version='1.0'?>{entity}<feed xmlns='http://www.w3.org/2005/Atom'><title>{draw(texts)}</title>"
                f"<entry><title>{draw(texts)}</title><updated>{draw(texts)}</updated>"
                f"<content type='html'>{body}</content></entry></feed>")
    return _maybe_mangled(draw, feed.encode("utf-8", "surrogatepass"))


def _maybe_mangled(draw, data: bytes) -> bytes:
    """Sometimes cut, flip bytes in, or re-encode the input."""
    how = draw(st.sampled_from(["none", "none", "truncate", "flip", "latin1", "utf16"]))
    if how == "truncate" and data:
        return data[: draw(st.integers(0, len(data) - 1))]
    if how == "flip" and data:
        spots = draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=8))
        mangled = bytearray(data)
        for spot in spots:
            mangled[spot] ^= draw(st.integers(1, 255))
        return bytes(mangled)
    if how == "latin1":
        return data.decode("utf-8", "replace").encode("latin-1", "replace")
    if how == "utf16":
        return data.decode("utf-8", "replace").encode("utf-16")
    return data


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory):
    return str(tmp_path_factory.mktemp("fuzzdb") / "fuzz.db")


def ingest_beside_good(runner, db: str, folder: Path, name: str, data: bytes) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD)
    (folder / name).write_bytes(data)
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--json"], catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    summary = json.loads(result.stdout)
    guarded = [s["reason"] for s in summary["skips"] if s["reason"].startswith(("unreadable:", "cannot be cleaned:"))]
    assert not guarded, guarded
    with open_store(db).engine.connect() as connection:
        stored = connection.execute(select(articles.c.source, articles.c.clean_text)).all()
    assert str((folder / "good.txt").resolve()) in {row.source for row in stored}
    assert all(any(ch.isalnum() for ch in row.clean_text) for row in stored)


@FUZZ
@given(data=st.binary(max_size=3000) | texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
       suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".xml", ".atom", ".txt.gz", ".html.gz"]))
def test_any_bytes_in_any_format(runner, fuzz_db, tmp_path, data, suffix):
    ingest_beside_good(runner, fuzz_db, tmp_path / "bytes", "input" + suffix, data)


@FUZZ
@given(page=html_pages())
def test_hostile_html(runner, fuzz_db, tmp_path, page):
    ingest_beside_good(runner, fuzz_db, tmp_path / "html", "page.html", page)


@FUZZ
@given(records=json_records(), suffix=st.sampled_from([".jsonl", ".json"]))
def test_hostile_json(runner, fuzz_db, tmp_path, records, suffix):
    ingest_beside_good(runner, fuzz_db, tmp_path / "json", "records" + suffix, records)


@FUZZ
@given(feed=feeds(), suffix=st.sampled_from([".xml", ".rss", ".atom"]))
def test_hostile_feeds(runner, fuzz_db, tmp_path, feed, suffix):
    ingest_beside_good(runner, fuzz_db, tmp_path / "feed", "feed" + suffix, feed)
