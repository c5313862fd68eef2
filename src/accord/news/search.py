"""Searching the stored articles: full text (SQLite FTS5 or PostgreSQL text search), outlet, dates and actor.

Copies are grouped under the story they copy: a page of results lists
originals, each with how many copies were found and which outlets carried it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

from sqlalchemy import and_, func, literal_column, or_, select, text

from accord.news.store import Store, articles, as_store

POSTGRES_VECTOR = "to_tsvector('english', coalesce(articles.title, '') || ' ' || articles.clean_text)"


@dataclass(frozen=True)
class Query:
    text: str = ""
    outlet: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    actor: str | None = None        # a name, matched in the text
    limit: int = 50
    offset: int = 0


def _fts_terms(words: str) -> str:
    """An FTS5 query matching every word (each quoted, so user input cannot inject FTS syntax)."""
    return " ".join(f'"{w}"' for w in re.findall(r"\w+", words))


def _conditions(store: Store, query: Query) -> list:
    conditions = [articles.c.duplicate_of.is_(None)]
    if query.text.strip():
        if store.engine.dialect.name == "sqlite":
            terms = _fts_terms(query.text)
            if terms:
                conditions.append(articles.c.id.in_(
                    select(literal_column("rowid")).select_from(text("articles_fts")).where(
                        text("articles_fts MATCH :terms").bindparams(terms=terms))))
        else:
            conditions.append(text(f"{POSTGRES_VECTOR} @@ plainto_tsquery('english', :q)").bindparams(q=query.text))
    if query.outlet:
        conditions.append(articles.c.outlet.ilike(f"%{query.outlet}%"))
    if query.since:
        conditions.append(articles.c.published >= query.since)
    if query.until:
        conditions.append(articles.c.published <= query.until)
    if query.actor:
        conditions.append(or_(articles.c.clean_text.ilike(f"%{query.actor}%"), articles.c.title.ilike(f"%{query.actor}%")))
    return conditions


def search_articles(store: Store | str | os.PathLike, query: Query) -> tuple[int, list[dict]]:
    """(total originals matching, one page of them with their copies' count and outlets), newest first."""
    store = as_store(store)
    where = and_(*_conditions(store, query))
    with store.engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(articles).where(where)).scalar_one()
        rows = connection.execute(
            select(articles.c.id, articles.c.doc_id, articles.c.title, articles.c.outlet, articles.c.published,
                   articles.c.language, func.substr(articles.c.clean_text, 1, 240).label("snippet"))
            .where(where).order_by(articles.c.published.desc().nulls_last(), articles.c.id)
            .limit(query.limit).offset(query.offset)).all()
        ids = [r.id for r in rows]
        copies: dict[int, list] = {}
        if ids:
            for copy in connection.execute(select(articles.c.duplicate_of, articles.c.outlet, articles.c.duplicate_kind)
                                           .where(articles.c.duplicate_of.in_(ids))):
                copies.setdefault(copy.duplicate_of, []).append((copy.outlet, copy.duplicate_kind))
    page = [{"id": r.id, "doc_id": r.doc_id, "title": r.title, "outlet": r.outlet,
             "published": r.published.isoformat() if r.published else None, "language": r.language,
             "snippet": r.snippet, "copies": len(copies.get(r.id, [])),
             "copy_outlets": sorted({o or "unknown" for o, _ in copies.get(r.id, [])})} for r in rows]
    return total, page
