"""Extraction over stored articles: parse each sentence once, find mentions, then the records.

One :class:`ArticleText` flows through small steps (mentions -> quotes -> ...),
sentence by sentence, as in a spaCy pipeline; each step is a plain function
of the parsed sentence and what the earlier steps found.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from sqlalchemy import select

from accord.extract.events import find_events
from accord.extract.gazetteer import Gazetteer, load_gazetteer
from accord.extract.mentions import MentionFinder
from accord.extract.nlp import load_pipeline
from accord.extract.quotes import across_sentences, find_quotes
from accord.extract.records import save_records
from accord.extract.sources import source_type
from accord.extract.stances import IssueIndex, find_stances, stances_in_quote
from accord.extract.when import sentence_date
from accord.news.store import Store, articles, records, sentences


@dataclass
class ArticleText:
    """An article as extraction sees it: its id, date, outlet and sentences with offsets."""

    id: int
    doc: str
    published: dt.date | None
    outlet: str | None
    sentences: list[tuple[int, int, str]]
    duplicate_of: int | None = None
    section: str = "main"
    records: list[dict] = field(default_factory=list)


def record_id(*parts) -> str:
    """A stable id for a record: the same article, sentence and content give the same id on every run."""
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def stored_articles(store: Store, new_only: bool = False) -> Iterator[ArticleText]:
    """Every stored article (copies too: each is extracted, and counted once later), oldest id first;
    with ``new_only``, those that have no records yet."""
    with store.engine.connect() as connection:
        query = select(articles.c.id, articles.c.doc_id, articles.c.published, articles.c.outlet,
                       articles.c.duplicate_of, articles.c.section).order_by(articles.c.id)
        if new_only:
            query = query.where(~articles.c.id.in_(select(records.c.article_id).distinct()))
        rows = connection.execute(query).all()
        for row in rows:
            found = connection.execute(select(sentences.c.start, sentences.c.end, sentences.c.text).where(
                sentences.c.article_id == row.id).order_by(sentences.c.position)).all()
            yield ArticleText(row.id, row.doc_id, row.published, row.outlet, [tuple(s) for s in found],
                              row.duplicate_of, row.section or "main")


def extract_article(article: ArticleText, gazetteer: Gazetteer | None = None, nlp=None,
                    issues: IssueIndex | None = None) -> list[dict]:
    """The quote, event and stance records of one article, each with its evidence sentence and offsets.

    Stances need ``issues`` (:meth:`IssueIndex.of` a scenario); without it none are looked for.
    """
    gazetteer = gazetteer or load_gazetteer()
    nlp = nlp or load_pipeline()
    finder = MentionFinder(gazetteer, article.published)
    texts = [text for _, _, text in article.sentences]
    found, groups, records, actors = [], {}, [], {}
    for (start, _end, text), parsed in zip(article.sentences, nlp.pipe(texts)):
        mentions = finder.find(parsed)
        _count_actors(actors, mentions, article, start, text)
        found.append(find_quotes(parsed, mentions, gazetteer, groups))
        stated = sentence_date(parsed, article.published) or article.published  # SCHEMA: else the article's date
        sentence_stances = find_stances(parsed, mentions, issues) if issues else []
        held = {(st.side, st.issue) for st in sentence_stances}
        for quote in found[-1] if issues else ():
            sentence_stances += [replace(st, start=quote.start, end=quote.end)
                                 for st in stances_in_quote(quote.text, quote.side, quote.speaker, issues)
                                 if (st.side, st.issue) not in held]
        for stance in sentence_stances:
            records.append({
                "id": record_id(article.doc, start, "stance", stance.side, stance.issue, stance.polarity),
                "kind": "stance", "doc": article.doc, "section": article.section, "side": stance.side,
                "holder": stance.holder, "issue": stance.issue, "polarity": stance.polarity, "option": stance.option,
                "date": stated.isoformat() if stated else None, "cue": stance.cue,
                "evidence": text, "article": article.id, "start": start + stance.start, "end": start + stance.end,
            })
        for event in find_events(parsed, mentions, gazetteer, article.published):
            records.append({
                "id": record_id(article.doc, start + event.start, "event", event.source, event.target, event.type),
                "kind": "event", "doc": article.doc, "section": article.section, "source": event.source,
                "target": event.target, "type": event.type, "cameo": event.cameo, "status": event.status,
                "date": event.date.isoformat() if event.date else None, "trigger": event.trigger,
                "evidence": text, "article": article.id, "start": start + event.start, "end": start + event.end,
            })
    records.extend(actors.values())
    for first, last, quote in across_sentences(texts, found):
        start = article.sentences[first][0]
        records.append({
            "id": record_id(article.doc, start + quote.start, "quote", quote.side, quote.text),
            "kind": "quote", "doc": article.doc, "section": article.section, "speaker": quote.speaker,
            "side": quote.side, "text": quote.text, "direct": quote.direct, "cue": quote.cue,
            "evidence": " ".join(texts[first:last + 1]), "article": article.id,
            "start": start + quote.start, "end": start + quote.end,
        })
    return records


def _count_actors(actors: dict, mentions, article: ArticleText, start: int, text: str) -> None:
    """One ``actor`` record per actor an article names, known or not, with its first mention as evidence."""
    for mention in mentions:
        if mention.kind == "outlet" or mention.via == "pronoun":
            continue
        record = actors.get(mention.name)
        if record is None:
            actors[mention.name] = record = {
                "id": record_id(article.doc, "actor", mention.name), "kind": "actor", "doc": article.doc,
                "section": article.section, "name": mention.name, "side": mention.side,
                "actor_kind": mention.kind, "role": mention.role, "via": mention.via, "mentions": 0,
                "evidence": text, "article": article.id, "start": start + mention.start, "end": start + mention.end}
        record["mentions"] += 1


def confidence(record: dict) -> float:
    """A heuristic score in [0, 1] (not a calibrated probability): what the record rests on."""
    kind = record["kind"]
    if kind == "quote":
        score = 0.9 if record["direct"] else 0.75
        score -= 0.15 if record["side"] == "MEDIA" else 0.0
        score -= 0.05 if record["cue"] == "according to" else 0.0
    elif kind == "actor":
        score = {"gazetteer": 0.95, "role": 0.85}.get(record["via"], 0.6)
    elif kind == "event":
        score = 0.6 + (0.1 if record["date"] else 0.0) + (0.1 if record["status"] == "happened" else -0.2)
    else:
        score = 0.55 + (0.15 if record["option"] else 0.0)
    return round(min(1.0, max(0.05, score)), 2)


def extract(store: Store, issues: IssueIndex | None = None, progress: Callable[[int, int], None] | None = None,
            gazetteer: Gazetteer | None = None, new_only: bool = False) -> dict[str, int]:
    """Extract the stored articles into the store (each article in its own transaction); counts by kind.

    Re-extracting an article replaces its records; ``new_only`` skips the articles that have some already.
    """
    gazetteer, nlp = gazetteer or load_gazetteer(), load_pipeline()
    found = list(stored_articles(store, new_only))
    counts: dict[str, int] = {"articles": len(found), "actor": 0, "quote": 0, "event": 0, "stance": 0}
    for done, article in enumerate(found, start=1):
        kind_of_source = source_type(article.outlet)
        extracted = extract_article(article, gazetteer, nlp, issues)
        for record in extracted:
            record["confidence"] = confidence(record)
            record["source_type"] = kind_of_source
            record["outlet"] = article.outlet
            counts[record["kind"]] += 1
        save_records(store, article.id, extracted)
        if progress:
            progress(done, len(found))
    return counts
