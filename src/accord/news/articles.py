"""Reading the stored articles: list, show, delete and export (JSON Lines, CSV, Parquet)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from sqlalchemy import delete, func, or_, select

from accord.errors import AccordError, Problem
from accord.news.copyindex import CopyIndex, lock_for_copies
from accord.news.dedupe import Deduplicator
from accord.news.store import Store, articles, as_store, sentences
from accord.news.tracked import TrackedText
from accord.tables import frame, write_rows

LIST_COLUMNS = ("id", "doc_id", "section", "published", "date_source", "outlet", "title", "language", "is_english",
                "duplicate_of", "duplicate_kind")
EXPORT_COLUMNS = LIST_COLUMNS + ("source", "source_format", "url", "author", "similarity", "clean_text")


def _row(row) -> dict:
    values = dict(row._mapping)
    for key, value in values.items():
        if isinstance(value, (dt.date, dt.datetime)):
            values[key] = value.isoformat()
    return values


def _filtered(query, outlet: str | None, since: dt.date | None, originals_only: bool):
    if outlet:
        query = query.where(articles.c.outlet.ilike(f"%{outlet}%"))
    if since:
        query = query.where(articles.c.published >= since)
    if originals_only:
        query = query.where(articles.c.duplicate_of.is_(None))
    return query


def list_articles(store: Store | str | os.PathLike, *, limit: int | None = 50, outlet: str | None = None, since: dt.date | None = None,
                  originals_only: bool = False) -> list[dict]:
    """Stored articles, newest first (the first ``limit``; 0 or None: all)."""
    store = as_store(store)
    query = _filtered(select(*[articles.c[c] for c in LIST_COLUMNS]), outlet, since, originals_only).order_by(
        articles.c.published.desc().nulls_last(), articles.c.id)
    if limit:
        query = query.limit(limit)
    with store.engine.connect() as connection:
        return [_row(r) for r in connection.execute(query)]


def count_articles(store: Store | str | os.PathLike, *, outlet: str | None = None, since: dt.date | None = None,
                   originals_only: bool = False) -> int:
    """How many stored articles :func:`list_articles` would list with no limit."""
    store = as_store(store)
    query = _filtered(select(func.count()).select_from(articles), outlet, since, originals_only)
    with store.engine.connect() as connection:
        return connection.execute(query).scalar_one()


def _find(connection, key: str):
    condition = articles.c.doc_id == key
    if key.isdigit():
        condition = or_(condition, articles.c.id == int(key))
    row = connection.execute(select(articles).where(condition)).first()
    if row is None:
        raise AccordError(Problem("article", None, None, f"no article with id or doc id {key!r}"))
    return row


def get_article(store: Store | str | os.PathLike, key: str) -> dict:
    """One article with its clean text and sentences, by numeric id or doc id."""
    store = as_store(store)
    with store.engine.connect() as connection:
        row = _find(connection, key)
        found = _row(row)
        found.pop("signature", None)
        found.pop("embedding", None)
        found["offsets"] = TrackedText.expand(json.loads(found["offsets"]))
        found["sentences"] = [dict(s._mapping) for s in connection.execute(
            select(sentences.c.position, sentences.c.start, sentences.c.end, sentences.c.text)
            .where(sentences.c.article_id == row.id).order_by(sentences.c.position))]
    return found


def delete_article(store: Store | str | os.PathLike, key: str) -> int:
    """Delete an article (and the stories split from its page); returns how many rows went."""
    store = as_store(store)
    with store.engine.begin() as connection:
        lock_for_copies(connection)
        row = _find(connection, key)
        ids = [row.id] + [r.id for r in connection.execute(select(articles.c.id).where(articles.c.page_id == row.id))]
        connection.execute(delete(sentences).where(sentences.c.article_id.in_(ids)))
        Deduplicator(CopyIndex(connection)).remove(ids)
        connection.execute(articles.update().where(articles.c.duplicate_of.in_(ids)).values(
            duplicate_of=None, duplicate_kind=None, similarity=None))
        connection.execute(delete(articles).where(articles.c.id.in_(ids[1:])))
        connection.execute(delete(articles).where(articles.c.id == ids[0]))
    return len(ids)


def export_articles(store: Store | str | os.PathLike, path: str | Path, fmt: str | None = None) -> int:
    """Write every article to JSONL, CSV or Parquet (by ``fmt`` or the file's suffix); returns the count."""
    store = as_store(store)
    return write_rows(articles_rows(store), path, fmt, list(EXPORT_COLUMNS))


def articles_rows(store: Store | str | os.PathLike) -> list[dict]:
    """Every article with its metadata and clean text, in id order."""
    store = as_store(store)
    with store.engine.connect() as connection:
        return [_row(r) for r in connection.execute(select(*[articles.c[c] for c in EXPORT_COLUMNS])
                                                   .order_by(articles.c.id))]


def articles_frame(store: Store | str | os.PathLike):
    """The articles as a pandas DataFrame."""
    store = as_store(store)
    return frame(articles_rows(store), list(EXPORT_COLUMNS))
