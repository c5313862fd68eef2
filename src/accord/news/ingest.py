"""Ingestion: read, clean, de-duplicate and store, one document per transaction.

The steps are small functions over :class:`~accord.news.document.Document`
(read -> clean -> find copies -> store), so they can be mapped over a cluster
later. Running the same input twice adds nothing: a story already stored from
the same source with the same raw text is recognised and skipped.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Leaders met in Geneva on Monday and agreed to keep talking about the border.")
>>> from accord.news.store import open_store
>>> summary = ingest([str(folder)], open_store("sqlite://"))
>>> summary.stored, summary.skipped
(1, 0)
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from datasketch import MinHash
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import DBAPIError

from accord.errors import AccordError
from accord.news.clean import clean
from accord.news.copyindex import CopyIndex, lock_for_copies, unindexed
from accord.news.dedupe import Deduplicator, Features, features_of, restore_signature
from accord.news.document import Document, Skip
from accord.news.embeddings import DIMENSIONS, Encoder
from accord.news.index import Rows
from accord.news.read import ReadOptions, discover, read_inputs
from accord.news.store import MEMORY, Store, articles, as_store, ingest_runs, open_store, sentences, skips
from accord.news.tracked import TrackedText
from accord.tables import HtmlRepr
from accord.workers import as_finished, chunks, cores, pool

PREPASS_FILES = 2000
# Below this many inputs a worker, the default runs fewer workers: a worker process starts Python and imports
# the cleaning libraries (about 1.5 s), in which this process ingests 50 to 150 files (bench/ingest_workers.py).
INPUTS_A_WORKER = 100


@dataclass
class IngestSummary(HtmlRepr):
    run_id: int
    inputs: int = 0  # the inputs (files, '-') this summary covers
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    already: int = 0
    skipped: int = 0
    reasons: Counter = field(default_factory=Counter)
    skips: list[Skip] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)

    def merge(self, other: IngestSummary) -> None:
        """Add another worker's share of the run."""
        for name in ("inputs", "read", "stored", "duplicates", "already", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.reasons.update(other.reasons)
        self.kinds.update(other.kinds)
        self.skips.extend(other.skips)

    def to_dict(self) -> dict:
        return {"run": self.run_id, "read": self.read, "stored": self.stored, "duplicates": self.duplicates,
                "already_stored": self.already, "skipped": self.skipped, "duplicate_kinds": dict(self.kinds),
                "skips": [{"source": s.source, "line": s.line, "reason": s.reason} for s in self.skips]}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def index_missing(store: Store, batch: int = 500) -> int:
    """File in the copy index the stored articles it lacks (stored before the index existed, or by an older
    accord); returns how many. Each batch is one transaction under the copy lock."""
    with store.engine.connect() as connection:
        idents = unindexed(connection)
    for start in range(0, len(idents), batch):
        with store.engine.begin() as connection:
            lock_for_copies(connection)
            dedupe = Deduplicator(CopyIndex(connection))
            wanted = set(unindexed(connection))  # another process may have filed some meanwhile
            for row in connection.execute(select(articles.c.id, articles.c.clean_text, articles.c.clean_hash,
                                                 articles.c.signature, articles.c.published).where(
                    articles.c.id.in_(idents[start:start + batch])).order_by(articles.c.id)):
                if row.id in wanted:
                    minhash = restore_signature(row.signature) if row.signature else None
                    dedupe.add(row.id, row.clean_text, row.clean_hash, minhash, Features.of(row.clean_text),
                               row.published)
    return len(idents)


def catch_up_vectors(connection, vectors: Rows, encoder: Encoder) -> None:
    """Bring the in-memory embeddings up to the store: those other processes stored since, and (once) any
    article stored without one, computed and saved."""
    after = int(vectors.ids[:len(vectors)].max()) if len(vectors) else 0
    missing = []
    for row in connection.execute(select(articles.c.id, articles.c.clean_text, articles.c.embedding).where(
            articles.c.id > after).order_by(articles.c.id)):
        if row.embedding is not None:
            vectors.add(row.id, np.frombuffer(row.embedding, dtype=np.float32))
        elif row.clean_text:
            vector = encoder.encode([row.clean_text])[0]
            vectors.add(row.id, vector)
            missing.append({"ident": row.id, "vector": vector.astype(np.float32).tobytes()})
    if missing:
        connection.execute(update(articles).where(articles.c.id == bindparam("ident")).values(
            embedding=bindparam("vector")), missing)


def corpus_line_counts(names: list[str | Skip], options: ReadOptions) -> Counter:
    """How many text files each short line appears in (site furniture repeats), over the first files."""
    counts: Counter = Counter()
    for item in read_inputs([n for n in names if isinstance(n, str) and n != "-"][:PREPASS_FILES], options):
        if isinstance(item, Document) and item.markup == "text":
            counts.update({line.strip() for line in item.raw.splitlines() if 0 < len(line.split()) < 12})
    return counts


def _unique_doc_id(connection, wanted: str) -> str:
    """``wanted``, or the first ``wanted~N`` not taken: a clash of doc ids never costs a story (the copy lock
    makes the check and the insert one step for every process)."""
    taken = {r[0] for r in connection.execute(select(articles.c.doc_id).where(
        (articles.c.doc_id == wanted) | articles.c.doc_id.like(wanted + "~%")))}
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}~{number}" in taken:
        number += 1
    return f"{wanted}~{number}"


def _already(connection, story: Document) -> bool:
    return connection.execute(select(func.count()).select_from(articles).where(
        articles.c.raw_hash == story.raw_hash, articles.c.source == story.source,
        articles.c.part == story.part)).scalar_one() > 0


@dataclass(frozen=True)
class Prepared:
    """A story ready to store: what copy detection needs of it, computed outside the lock."""

    story: Document
    features: Features
    minhash: MinHash | None

    @classmethod
    def of(cls, story: Document, encoder: Encoder | None) -> Prepared:
        features = features_of(story.text, encoder)
        return cls(story, features, features.signature() if len(features.shingles) else None)


def _store_story(connection, prepared: Prepared, page_id: int | None, run_id: int, dedupe: Deduplicator,
                 summary: IngestSummary) -> int | None:
    """Insert one story with its sentences and file it for copy detection; its id, or None when it is
    already stored."""
    story, features, minhash = prepared.story, prepared.features, prepared.minhash
    if _already(connection, story):
        return None
    match = dedupe.find(story.text, story.clean_hash, features, minhash, story.published) if story.text else None
    values = dict(
        doc_id=_unique_doc_id(connection, story.doc_id), page_id=page_id, section=story.section, part=story.part,
        source=story.source, source_format=story.source_format, raw_hash=story.raw_hash,
        raw_text=story.raw if story.part == 1 else "", clean_text=story.text, clean_hash=story.clean_hash,
        offsets=json.dumps(TrackedText(story.text, story.origin).runs()), title=story.title, outlet=story.outlet, author=story.author,
        url=story.url, published=story.published, date_source=story.date_source, language=story.language,
        is_english=story.is_english, duplicate_of=match.original if match else None,
        duplicate_kind=match.kind if match else None, similarity=match.similarity if match else None,
        run_id=run_id, ingested_at=_now(), signature=minhash.hashvalues.tobytes() if minhash is not None else None,
        embedding=features.embedding.astype(np.float32).tobytes() if features.embedding is not None else None,
    )
    ident = connection.execute(insert(articles).values(**values).returning(articles.c.id)).scalar_one()
    if story.sentences:
        connection.execute(insert(sentences), [
            {"article_id": ident, "position": k, "start": s, "end": e, "text": story.text[s:e]}
            for k, (s, e) in enumerate(story.sentences)])
    dedupe.add(ident, story.text, story.clean_hash, minhash, features, story.published)  # later stories may copy it
    if match:
        summary.duplicates += 1
        summary.kinds[match.kind] += 1
    return ident


def _store(store: Store, stories: list[Document], run_id: int, state: WorkerState, summary: IngestSummary) -> None:
    """One page and the stories split from it, in one transaction, found and filed under the copy lock."""
    prepared = [Prepared.of(story, state.encoder) for story in stories]
    stored = already = 0
    try:
        with store.engine.begin() as connection:
            lock_for_copies(connection)
            if state.encoder is not None:
                catch_up_vectors(connection, state.vectors, state.encoder)
            dedupe = Deduplicator(CopyIndex(connection), state.encoder, state.vectors)
            page_id = None
            for item in prepared:
                ident = _store_story(connection, item, page_id, run_id, dedupe, summary)
                if ident is None:
                    already += 1
                    continue
                page_id = page_id or ident
                stored += 1
    except DBAPIError as error:  # nothing of the page was stored: say so, and go on with the other inputs
        state.vectors = new_vectors()  # it may hold the page's rolled-back stories: read back on the next page
        _record_skip(store, run_id, Skip(stories[0].source, f"cannot be stored: {str(error.orig).splitlines()[0][:200]}",
                                         stories[0].line), summary)
        return
    summary.stored += stored
    summary.already += already


def _record_skip(store: Store, run_id: int, skip: Skip, summary: IngestSummary) -> None:
    summary.skipped += 1
    summary.reasons[skip.reason.split(":")[0]] += 1
    summary.skips.append(skip)
    with store.engine.begin() as connection:
        connection.execute(insert(skips).values(run_id=run_id, source=skip.source, line=skip.line, reason=skip.reason))


def _with_body(item: Document, stories: list[Document]) -> tuple[list[Document], list[Skip]]:
    """The stories that kept some text; an input that yields no body is skipped with its reason, never
    stored empty."""
    kept = [story for story in stories if any(ch.isalnum() for ch in story.text)]
    if not kept:
        reason = ("no article body found in the HTML" if item.markup == "html"
                  else "no article text left after removing boilerplate")
        return [], [Skip(item.source, reason, item.line)]
    return kept, []


def _read_safely(name: str | Skip, options: ReadOptions):
    """The documents of one input; a failure nobody foresaw becomes a skip of that input alone."""
    try:
        yield from read_inputs([name], options)
    except AccordError:  # a bad side file concerns every input: the run stops with its one-line error
        raise
    except Exception as error:  # noqa: BLE001 - one bad input must never stop the others
        yield Skip(name if isinstance(name, str) else name.source,
                   f"unreadable: {type(error).__name__}: {str(error)[:200]}")


def new_vectors() -> Rows:
    return Rows(DIMENSIONS, np.float16)


@dataclass
class WorkerState:
    """What one process keeps between the pages it stores: the store, the encoder and the embeddings."""

    store: Store
    encoder: Encoder | None = None
    vectors: Rows = field(default_factory=new_vectors)


@dataclass(frozen=True)
class IngestJob:
    """What every worker needs to ingest its share of the inputs (picklable: it goes to other processes)."""

    store: WorkerState | str    # this process's state, or the store's URL for another process
    run_id: int
    counts: Counter             # short lines' file counts (site furniture), from the first files
    options: ReadOptions
    as_of: dt.datetime | None
    embeddings: bool            # whether a worker process loads the encoder


_STATES: dict[tuple, WorkerState] = {}


def _state(job: IngestJob) -> WorkerState:
    """This process's state for the job's store, made once (a worker process loads the encoder once)."""
    if isinstance(job.store, WorkerState):
        return job.store
    key = (job.store, bool(job.embeddings))
    if key not in _STATES:
        _STATES[key] = WorkerState(open_store(job.store), Encoder.load() if job.embeddings else None)
    return _STATES[key]


def ingest_inputs(job: IngestJob, names: list[str | Skip]) -> IngestSummary:
    """Read, clean, find copies of and store these inputs: one worker's share of a run. Each page is one
    transaction; the summary counts this share only."""
    state = _state(job)
    summary = IngestSummary(job.run_id, inputs=len(names))
    for name in names:
        for item in _read_safely(name, job.options):
            if isinstance(item, Skip):
                _record_skip(state.store, job.run_id, item, summary)
                continue
            summary.read += 1
            try:
                stories, empty = _with_body(item, clean(item, job.counts, job.as_of))
            except Exception as error:  # noqa: BLE001 - as in _read_safely
                stories, empty = [], [Skip(item.source, f"cannot be cleaned: {type(error).__name__}", item.line)]
            for skip in empty:
                _record_skip(state.store, job.run_id, skip, summary)
            if stories:
                _store(state.store, stories, job.run_id, state, summary)
    return summary


def ingest(arguments: list[str], store: Store | str | os.PathLike, options: ReadOptions | None = None, as_of: dt.datetime | None = None,
           progress: Callable[[int, int], None] | None = None, encoder: Encoder | None = None,
           follow_links: bool = False, workers: int | None = None, scheduler=None) -> IngestSummary:
    """Ingest files, folders, globs or '-' into ``store`` (a store, or a path or URL: created if need be);
    return what happened.

    ``progress(done, total)`` is called as inputs are done. With an ``encoder``
    (:class:`~accord.news.embeddings.Encoder`), sentence embeddings also flag spun copies.
    Links inside a folder that lead out of it are read only with ``follow_links``.

    The inputs are shared among ``workers`` processes (default: one per core, but one per
    :data:`INPUTS_A_WORKER` inputs at most), or among the workers of
    the Dask cluster at ``scheduler``; each process stores its pages itself, and copy detection, kept in
    the database, links copies across them (:mod:`accord.news.copyindex`). Which of two copies counts as
    the original then depends on which was stored first; the articles and the copies linked do not.
    """
    store = as_store(store, create=True)
    options = options or ReadOptions()
    names = discover(arguments, follow_links)
    with store.engine.begin() as connection:
        run_id = connection.execute(insert(ingest_runs).values(
            started_at=_now(), arguments=json.dumps(arguments), status="running").returning(ingest_runs.c.id)).scalar_one()
    index_missing(store)
    if workers is None:
        workers = max(1, min(cores(), len(names) // INPUTS_A_WORKER))
    if "-" in names or store.url in MEMORY:  # standard input and a database in memory stay in this process
        workers, scheduler = 1, None
    parallel = workers > 1 or scheduler is not None
    job = IngestJob(store.url if parallel else WorkerState(store, encoder), run_id, corpus_line_counts(names, options),
                    options, as_of, encoder is not None)
    shares = chunks(names, workers, most=50) if parallel else [[name] for name in names]
    summary, done = IngestSummary(run_id), 0
    with pool(workers, scheduler) as executor:
        for share in as_finished(executor, ingest_inputs, [(job, share) for share in shares]):
            summary.merge(share)
            done += share.inputs
            if progress:
                progress(done, len(names))
    with store.engine.begin() as connection:
        connection.execute(update(ingest_runs).where(ingest_runs.c.id == run_id).values(
            finished_at=_now(), read=summary.read, stored=summary.stored, duplicates=summary.duplicates,
            skipped=summary.skipped, status="finished"))
    return summary
