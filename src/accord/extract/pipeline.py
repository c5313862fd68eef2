"""Extraction over stored articles: parse each sentence once, find mentions, then the records.

One :class:`ArticleText` flows through small steps (mentions -> quotes -> ...),
sentence by sentence, as in a spaCy pipeline; each step is a plain function
of the parsed sentence and what the earlier steps found.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice

from sqlalchemy import func, select

from accord import __version__
from accord.extract.claims import ClaimContext, about_truce, find_claims
from accord.extract.events import find_events
from accord.extract.gazetteer import VOICES, Gazetteer, load_gazetteer
from accord.extract.mentions import MentionFinder
from accord.extract.nlp import load_pipeline
from accord.extract.quotes import across_sentences, find_quotes
from accord.extract.model import (ActorRecord, ArticleText, ClaimRecord, EventRecord, Extractor, QuoteRecord,
                                  Record, StanceRecord)
from accord.extract.records import save_records
from accord.extract.sources import source_type
from accord.extract.issues import IssueIndex
from accord.extract.stances import Stance, find_stances, stances_in_quote
from accord.extract.when import sentence_date
from accord.news.store import MEMORY, Store, articles, as_store, open_store, records, sentences
from accord.workers import as_finished, chunks, cores, pool

RULES = "rules"
PARTY_KINDS = {"state", "person", "organisation", "group"}  # who may be one of "both sides"
MOST_SENTENCES_A_BATCH = 1000  # spaCy's batch: a very long article is parsed in parts, not all in memory at once
MOST_ARTICLES_A_READ = 200  # the articles whose sentences are read in one query
# Below this many articles a worker, the default runs fewer workers: a worker process starts Python and
# loads spaCy (2 s idle, up to 5 s on a busy machine), in which this process extracts 30 to 80 articles;
# two workers beat one process from about 70 articles (bench/extract_workers.py).
ARTICLES_A_WORKER = 50


def record_id(*parts) -> str:
    """A stable id for a record: the same article, sentence and content give the same id on every run."""
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def _unextracted(query, extractor: str | None):
    if extractor is None:
        return query
    return query.where(~articles.c.id.in_(
        select(records.c.article_id).where(records.c.extractor == extractor).distinct()))


def count_articles(store: Store, not_extracted_by: str | None = None) -> int:
    """How many articles :func:`stored_articles` yields."""
    with store.engine.connect() as connection:
        return connection.execute(_unextracted(select(func.count()).select_from(articles),
                                               not_extracted_by)).scalar_one()


def article_ids(store: Store, not_extracted_by: str | None = None) -> list[int]:
    """The ids of every stored article, oldest first; with ``not_extracted_by``, of those with no records
    of that extractor yet."""
    with store.engine.connect() as connection:
        return connection.execute(_unextracted(select(articles.c.id).order_by(articles.c.id),
                                               not_extracted_by)).scalars().all()


def stored_articles(store: Store, not_extracted_by: str | None = None) -> Iterator[ArticleText]:
    """Every stored article (copies too: each is extracted, and counted once later), oldest id first;
    with ``not_extracted_by``, those with no records of that extractor yet."""
    return read_articles(store, article_ids(store, not_extracted_by))


def read_articles(store: Store, ids: list[int], block: int = MOST_ARTICLES_A_READ) -> Iterator[ArticleText]:
    """The articles ``ids``, in that order (those deleted since are left out), read ``block`` at a time:
    two queries a block, not one per article, and no transaction held open while they are extracted."""
    for start in range(0, len(ids), block):
        yield from _read_block(store, ids[start:start + block])


def _read_block(store: Store, ids: list[int]) -> list[ArticleText]:
    with store.engine.connect() as connection:
        rows = {row.id: row for row in connection.execute(
            select(articles.c.id, articles.c.doc_id, articles.c.published, articles.c.outlet,
                   articles.c.duplicate_of, articles.c.section).where(articles.c.id.in_(ids)))}
        found = connection.execute(
            select(sentences.c.article_id, sentences.c.start, sentences.c.end, sentences.c.text)
            .where(sentences.c.article_id.in_(ids)).order_by(sentences.c.article_id, sentences.c.position)).all()
    sentences_of = defaultdict(list)
    for article_id, start, end, text in found:
        sentences_of[article_id].append((start, end, text))
    return [ArticleText(row.id, row.doc_id, row.published, row.outlet, sentences_of[row.id], row.duplicate_of,
                        row.section or "main") for row in (rows.get(article_id) for article_id in ids) if row]


@dataclass
class RuleExtractor:
    """accord's rule-based extractor: mentions, then quotes, stances, events and truce-violation claims,
    sentence by sentence.

    Stances are coded on ``issues`` (:meth:`IssueIndex.of` a scenario); without them, each stance
    keeps the phrase it is about and no issue.

    >>> article = ArticleText(1, "001", None, None, [(0, 32, "France rejects the border treaty.")])
    >>> [(r.side, r.polarity, r.issue, r.phrase) for r in RuleExtractor().extract(article) if r.kind == "stance"]
    [('FRA', 'reject', None, 'the border treaty')]
    """

    gazetteer: Gazetteer | None = None
    issues: IssueIndex | None = None
    nlp: object = None
    name: str = RULES
    version: str = __version__

    def __post_init__(self) -> None:
        self.gazetteer = self.gazetteer or load_gazetteer()
        self.nlp = self.nlp or load_pipeline()

    def extract(self, article: ArticleText, docs: list | None = None) -> list[Record]:
        """The quote, event, stance and actor records of one article, each with its evidence and offsets
        (``docs``: its sentences already parsed, as :meth:`parsed` gives them)."""
        finder = MentionFinder(self.gazetteer, article.published)
        texts = [text for _, _, text in article.sentences]
        found, groups, out, actors, parties, pairs = [], {}, [], {}, Counter(), Counter()
        truce = ClaimContext() if about_truce(texts) else None  # claims are read only where a truce is named
        before = (0, "")
        for (start, _end, text), parsed in zip(article.sentences, self.nlp.pipe(texts) if docs is None else docs):
            mentions = finder.find(parsed)
            _count_actors(actors, mentions, article, start, text)
            parties.update(m.side for m in mentions if m.side and m.kind in PARTY_KINDS and m.side not in VOICES)
            pairs.update(_paired(parsed, mentions))
            principal = _principal(mentions, parties, pairs)
            found.append(find_quotes(parsed, mentions, self.gazetteer, groups, principal))
            stated = sentence_date(parsed, article.published) or article.published  # SCHEMA: else the article's
            out += [self._stance(article, stance, start, text, stated)
                    for stance in self._stances(parsed, mentions, found[-1], principal)]
            out += [_event(article, event, start, text)
                    for event in find_events(parsed, mentions, self.gazetteer, article.published)]
            if truce is not None:
                out += [_claim(article, claim, *(before if claim.earlier else (start, text)))
                        for claim in find_claims(parsed, mentions, found[-1], _principal([], parties, pairs),
                                                 article.published, truce, self.gazetteer.adjectives)]
                before = start, text  # a claim the next sentence attributes ("This was reported by ...") is this one's
        out.extend(actors.values())
        out += [_quote(article, texts, first, last, quote) for first, last, quote in across_sentences(texts, found)]
        return out

    def parsed(self, articles: Iterable[ArticleText], batch: int = 256) -> Iterator[tuple[ArticleText, list]]:
        """Each article with its sentences parsed, the sentences of several short articles going through
        ``nlp.pipe`` together: spaCy's cost per call (a batch through each component) is paid per batch
        of ``batch`` sentences or so, not per article."""
        group: list[ArticleText] = []
        size = 0
        for article in articles:
            group.append(article)
            size += len(article.sentences)
            if size >= batch:
                yield from self._parse(group)
                group, size = [], 0
        yield from self._parse(group)

    def _parse(self, group: list[ArticleText]) -> Iterator[tuple[ArticleText, list]]:
        """The articles of ``group`` with their sentences, parsed in one batch (the same parses as one by one)."""
        texts = [text for article in group for _, _, text in article.sentences]
        docs = iter(self.nlp.pipe(texts, batch_size=max(1, min(len(texts), MOST_SENTENCES_A_BATCH))))
        for article in group:
            yield article, list(islice(docs, len(article.sentences)))

    def _stances(self, parsed, mentions, quotes, parties: list[str]) -> list[Stance]:
        """The sentence's stances, and those its quotes state in the speaker's own words."""
        stances = find_stances(parsed, mentions, self.issues, parties)
        held = {(st.side, st.issue) for st in stances}
        return stances + [replace(st, start=quote.start, end=quote.end) for quote in quotes
                          for st in stances_in_quote(quote.text, quote.side, quote.speaker, self.issues)
                          if (st.side, st.issue) not in held and not _parsed_within(stances, quote, st.issue)]

    def _stance(self, article: ArticleText, stance: Stance, start: int, text: str, stated) -> StanceRecord:
        about = stance.issue if stance.issue is not None else stance.phrase
        return StanceRecord(
            id=record_id(article.doc, start, "stance", stance.side, about, stance.polarity), doc=article.doc,
            article=article.id, section=article.section, side=stance.side, holder=stance.holder,
            issue=stance.issue, polarity=stance.polarity, option=stance.option, phrase=stance.phrase,
            date=stated.isoformat() if stated else None, cue=stance.cue, evidence=text,
            start=start + stance.start, end=start + stance.end,
            scenario_id=self.issues.scenario_id if self.issues else None,
            scenario_hash=self.issues.scenario_hash if self.issues else None)


def _paired(sentence, mentions) -> list[tuple[str, str]]:
    """The pairs of parties a sentence names together ("Rwanda and the DRC", "talks between Kigali and
    Kinshasa"): one mention's word coordinated with another's, of another side."""
    side_at = {}
    for m in mentions:
        if m.side and m.kind in PARTY_KINDS and m.side not in VOICES and m.via != "pronoun":
            for token in sentence.char_span(m.start, m.end, alignment_mode="expand") or ():
                side_at[token.i] = m.side
    return [tuple(sorted((side_at[t.i], side_at[t.head.i]))) for t in sentence
            if t.dep_ == "conj" and t.i in side_at and t.head.i in side_at and side_at[t.i] != side_at[t.head.i]]


def _principal(mentions, parties: Counter, pairs: Counter = Counter()) -> list[str]:
    """Who "both sides" are in this sentence: the two states it names, when it names exactly two ("Russia and
    the U.S. agreed, the two countries' diplomats said"); else the pair the article has named together most
    ("Rwanda and the DRC", though the US, which brokers, is named more); else its two most-named sides."""
    named = list(dict.fromkeys(m.side for m in mentions if m.kind == "state" and m.side and m.side not in VOICES))
    if len(named) == 2:
        return named
    if pairs:
        return list(pairs.most_common(1)[0][0])
    return [p for p, _ in parties.most_common(2)]


def _parsed_within(stances, quote, issue: str) -> bool:
    """Whether the sentence's parse found a stance on ``issue`` inside the quote ("the Ethiopians want a
    fast filling", the Egyptian minister said): then whose it is was read off the parse, and the quote is not the speaker's."""
    return any(st.issue == issue and quote.start <= st.start < quote.end for st in stances)


def _event(article: ArticleText, event, start: int, text: str) -> EventRecord:
    return EventRecord(
        id=record_id(article.doc, start + event.start, "event", event.source, event.target, event.type),
        doc=article.doc, article=article.id, section=article.section, source=event.source, target=event.target,
        type=event.type, cameo=event.cameo, status=event.status, date=event.date.isoformat() if event.date else None,
        trigger=event.trigger, evidence=text, start=start + event.start, end=start + event.end)


def _claim(article: ArticleText, claim, start: int, text: str) -> ClaimRecord:
    return ClaimRecord(
        id=record_id(article.doc, start + claim.start, claim.kind, claim.claimant, claim.accused, claim.what,
                     claim.count),
        kind=claim.kind, doc=article.doc, article=article.id, section=article.section, claimant=claim.claimant,
        accused=claim.accused, what=claim.what, count=claim.count,
        period={"from": claim.period[0], "to": claim.period[1]}, independent=claim.independent, cue=claim.cue,
        evidence=text, start=start + claim.start, end=start + claim.end)


def _quote(article: ArticleText, texts: list[str], first: int, last: int, quote) -> QuoteRecord:
    start = article.sentences[first][0]
    return QuoteRecord(
        id=record_id(article.doc, start + quote.start, "quote", quote.side, quote.text), doc=article.doc,
        article=article.id, section=article.section, speaker=quote.speaker, side=quote.side, text=quote.text,
        direct=quote.direct, cue=quote.cue, evidence=" ".join(texts[first:last + 1]),
        start=start + quote.start, end=start + quote.end)


def extract_article(article: ArticleText, gazetteer: Gazetteer | None = None, nlp=None,
                    issues: IssueIndex | None = None) -> list[dict]:
    """The records of one article as dicts (:meth:`RuleExtractor.extract`, for a quick look)."""
    return [record.to_dict() for record in RuleExtractor(gazetteer, issues, nlp).extract(article)]


def _count_actors(actors: dict, mentions, article: ArticleText, start: int, text: str) -> None:
    """One ``actor`` record per actor an article names, known or not, with its first mention as evidence."""
    for mention in mentions:
        if mention.kind == "outlet" or mention.via == "pronoun":
            continue
        record = actors.get(mention.name)
        if record is None:
            actors[mention.name] = record = ActorRecord(
                id=record_id(article.doc, "actor", mention.name), doc=article.doc, article=article.id,
                section=article.section, name=mention.name, side=mention.side, actor_kind=mention.kind,
                role=mention.role, via=mention.via, evidence=text, start=start + mention.start,
                end=start + mention.end)
        record.mentions += 1


def confidence(record: Record) -> float:
    """A heuristic score in [0, 1] (not a calibrated probability): what the record rests on."""
    if isinstance(record, QuoteRecord):
        score = 0.9 if record.direct else 0.75
        score -= 0.15 if record.side == "MEDIA" else 0.0
        score -= 0.05 if record.cue == "according to" else 0.0
    elif isinstance(record, ActorRecord):
        score = {"gazetteer": 0.95, "role": 0.85}.get(record.via, 0.6)
    elif isinstance(record, EventRecord):
        score = 0.6 + (0.1 if record.date else 0.0) + (0.1 if record.status == "happened" else -0.2)
    elif isinstance(record, ClaimRecord):
        # a claim rests on its attribution: a quote or reporting verb beats the outlet's voice or the sentence before
        score = 0.5 + (0.15 if record.cue else 0.0) + (0.1 if record.count is not None else 0.0)
    elif isinstance(record, StanceRecord):
        # a stance on no issue is only a phrase for the analyst to place
        score = (0.55 if record.issue else 0.45) + (0.15 if record.option else 0.0)
    else:
        score = 0.5  # another extractor's kind of record: it should set its own confidence
    return round(min(1.0, max(0.05, score)), 2)


def extract(store: Store | str | os.PathLike, issues: IssueIndex | None = None, progress: Callable[[int, int], None] | None = None,
            gazetteer: Gazetteer | None = None, new_only: bool = False,
            extractor: Extractor | None = None, *, workers: int | None = None, scheduler=None) -> dict[str, int]:
    """Extract the stored articles into the store (each article in its own transaction); counts by kind.

    ``extractor`` defaults to the :class:`RuleExtractor` with ``issues`` and ``gazetteer``. Re-extracting
    an article replaces that extractor's records only (other extractors' stay, corrections survive);
    ``new_only`` skips the articles that already have some of its records.

    The rule extractor runs in ``workers`` processes (default: one per core, as many as there are
    :data:`ARTICLES_A_WORKER` articles for) or on the Dask cluster at ``scheduler`` (an address or a
    cluster object), over chunks of the articles; the records are the same as in one process. It runs in
    this process when there is one worker or one chunk, when the store is in memory (a worker cannot open
    it), and for any other extractor (see :func:`worker_settings`). ``progress(done, total)`` is called
    after each article in this process, after each chunk otherwise.
    """
    store = as_store(store)
    ids = article_ids(store, (extractor.name if extractor else RULES) if new_only else None)
    settings = worker_settings(extractor, issues, gazetteer)
    workers = _workers(len(ids), workers, scheduler)
    parts = chunks(ids, workers)
    if settings is None or store.url in MEMORY or len(parts) <= 1 or (workers <= 1 and scheduler is None):
        found = extract_articles(store, extractor or RuleExtractor(gazetteer, issues), ids, progress)
    else:
        found = _extract_in_workers(store.url, settings, parts, workers, scheduler, progress)
    return _counts(len(ids), found)


def _workers(articles: int, asked: int | None, scheduler) -> int:
    """How many workers to chunk the articles for: those asked for, else one per core but no more than
    there are :data:`ARTICLES_A_WORKER` articles for (a worker that starts Python and spaCy to extract a
    handful of articles finishes after this process would have)."""
    if asked is not None:
        return max(1, asked)
    if scheduler is not None:
        return cores()
    return max(1, min(cores(), articles // ARTICLES_A_WORKER))


def _counts(total: int, found: Counter) -> dict[str, int]:
    """Counts by kind: the four every corpus has first, then the others alphabetically, whatever order
    the chunks finished in."""
    counts = {"articles": total, "actor": 0, "quote": 0, "event": 0, "stance": 0}
    counts.update(sorted((kind, n) for kind, n in found.items() if kind != "articles" and kind not in counts))
    counts.update((kind, found[kind]) for kind in ("actor", "quote", "event", "stance"))
    return counts


def extract_articles(store: Store, extractor: Extractor, ids: list[int],
                     progress: Callable[[int, int], None] | None = None) -> Counter:
    """Extract the articles ``ids`` in this process, saving each article's records in its own
    transaction; counts by kind (and ``articles``, those extracted)."""
    found = read_articles(store, ids)
    pairs = extractor.parsed(found) if isinstance(extractor, RuleExtractor) else ((a, None) for a in found)
    counts: Counter = Counter()
    for done, (article, docs) in enumerate(pairs, start=1):
        extracted = extractor.extract(article) if docs is None else extractor.extract(article, docs)
        for record in extracted:
            _stamp(record, article, extractor)
        counts.update(record.kind for record in extracted)
        save_records(store, article.id, extracted, extractor.name)
        counts["articles"] += 1
        if progress:
            progress(done, len(ids))
    return counts


@dataclass(frozen=True)
class WorkerSettings:
    """All a worker process needs to build the rule extractor the caller would have: sent pickled with
    each chunk, a few hundred kB (the gazetteer, with a scenario's actors, and the issues index)."""

    gazetteer: Gazetteer | None  # None: the shipped one, which the worker loads itself
    issues: IssueIndex | None
    name: str = RULES
    version: str = __version__


def worker_settings(extractor: Extractor | None, issues: IssueIndex | None,
                    gazetteer: Gazetteer | None) -> WorkerSettings | None:
    """What workers build the extractor from, or None when it must run in this process.

    Only the rule extractor runs in workers, rebuilt there from its gazetteer and issues with the
    worker's own spaCy pipeline. Any other extractor (a subclass, one given its own spaCy pipeline, or
    another kind) runs in this process: it may hold a model, a client or a connection that does not
    pickle, and nothing tells whether a copy in another process would extract the same records.
    """
    if extractor is None:
        return WorkerSettings(None if gazetteer is load_gazetteer() else gazetteer, issues)
    if type(extractor) is RuleExtractor and _shared_pipeline(extractor.nlp):
        gazetteer = None if extractor.gazetteer is load_gazetteer() else extractor.gazetteer
        return WorkerSettings(gazetteer, extractor.issues, extractor.name, extractor.version)
    return None


def _shared_pipeline(nlp) -> bool:
    """Whether ``nlp`` is the pipeline :func:`load_pipeline` gives, which a worker loads too (asked
    without loading it: if it is not loaded, ``nlp`` is another)."""
    return bool(load_pipeline.cache_info().currsize) and nlp is load_pipeline()


def _extract_in_workers(url: str, settings: WorkerSettings, parts: list[list[int]], workers: int, scheduler,
                        progress: Callable[[int, int], None] | None) -> Counter:
    """Each chunk of article ids extracted by :func:`extract_chunk` in a worker; counts merged as they finish."""
    pickled = pickle.dumps(settings)  # once, not once a chunk
    total, counts = sum(len(part) for part in parts), Counter()
    if progress:
        progress(0, total)  # the bar knows its length before the first chunk is back
    with pool(workers, scheduler) as executor:
        for found in as_finished(executor, extract_chunk, [(url, pickled, part) for part in parts]):
            counts.update(found)
            if progress:
                progress(min(counts["articles"], total), total)
    return counts


# The rule extractors of this worker process, by the digest of their pickled settings: spaCy's pipeline
# (about three seconds to load) and the gazetteer are built once per process, not once per chunk. A
# cluster's worker lives on from run to run: it keeps the last few settings' only (one spaCy pipeline
# serves them all).
_EXTRACTORS: dict[str, RuleExtractor] = {}
MOST_EXTRACTORS_KEPT = 4


def extract_chunk(url: str, settings: bytes, ids: list[int]) -> Counter:
    """Extract the articles ``ids`` of the store at ``url`` with the rule extractor ``settings`` (a pickled
    :class:`WorkerSettings`); counts by kind. The function a worker process runs for each chunk."""
    store = open_store(url, migrate=False)  # the caller migrated it
    try:
        return extract_articles(store, _extractor_of(settings), ids)
    finally:
        store.engine.dispose()  # a cluster's worker outlives the run: it keeps no connection open


def _extractor_of(settings: bytes) -> RuleExtractor:
    key = hashlib.sha1(settings).hexdigest()
    if key not in _EXTRACTORS:
        given: WorkerSettings = pickle.loads(settings)
        if len(_EXTRACTORS) >= MOST_EXTRACTORS_KEPT:
            del _EXTRACTORS[next(iter(_EXTRACTORS))]  # the oldest
        _EXTRACTORS[key] = RuleExtractor(given.gazetteer, given.issues, name=given.name, version=given.version)
    return _EXTRACTORS[key]


def _stamp(record: Record, article: ArticleText, extractor: Extractor) -> None:
    """What the runner knows of a record and its extractor need not: its source, score and provenance."""
    record.confidence = record.confidence if record.confidence is not None else confidence(record)
    record.source_type = source_type(article.outlet)
    record.outlet = article.outlet
    record.extractor, record.extractor_version = extractor.name, extractor.version
    if extractor.name != RULES:
        # the rule extractor's ids predate provenance and key the analyst's corrections; another
        # extractor's record of the same words must not collide with them
        record.id = record_id(extractor.name, record.id)
