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
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from accord.errors import AccordError
from accord.news.clean import clean
from accord.news.dedupe import Deduplicator, Features, restore_signature
from accord.news.document import Document, Skip
from accord.news.embeddings import Encoder
from accord.news.read import ReadOptions, discover, read_inputs
from accord.news.store import Store, articles, as_store, ingest_runs, sentences, skips
from accord.news.tracked import TrackedText
from accord.tables import HtmlRepr

PREPASS_FILES = 2000


@dataclass
class IngestSummary(HtmlRepr):
    run_id: int
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    already: int = 0
    skipped: int = 0
    reasons: Counter = field(default_factory=Counter)
    skips: list[Skip] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)

    def to_dict(self) -> dict:
        return {"run": self.run_id, "read": self.read, "stored": self.stored, "duplicates": self.duplicates,
                "already_stored": self.already, "skipped": self.skipped, "duplicate_kinds": dict(self.kinds),
                "skips": [{"source": s.source, "line": s.line, "reason": s.reason} for s in self.skips]}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def load_deduplicator(store: Store, encoder: Encoder | None = None) -> Deduplicator:
    """Everything already stored, as the starting point for finding copies (signatures, not texts).

    With an ``encoder``, stored embeddings are used and missing ones computed (and saved).
    """

    def text_of(ident: int) -> str:
        with store.engine.connect() as connection:
            return connection.execute(select(articles.c.clean_text).where(articles.c.id == ident)).scalar_one()

    dedupe = Deduplicator(text_of=text_of, encoder=encoder)
    computed: list[tuple[int, bytes]] = []
    with store.engine.connect() as connection:
        rows = connection.execute(select(articles.c.id, articles.c.clean_text, articles.c.clean_hash, articles.c.signature,
                                         articles.c.embedding, articles.c.published).order_by(articles.c.id)
                                  ).yield_per(500)
        for row in rows:
            minhash = restore_signature(row.signature) if row.signature else None
            features = Features.of(row.clean_text)
            if encoder is not None and row.clean_text:
                vector = np.frombuffer(row.embedding, dtype=np.float32) if row.embedding else None
                if vector is None:
                    vector = encoder.encode([row.clean_text])[0]
                    computed.append((row.id, vector.tobytes()))
                features = replace(features, embedding=vector)
            dedupe.add(row.id, row.clean_text, row.clean_hash, minhash, features, row.published)
    if computed:
        with store.engine.begin() as connection:
            connection.execute(update(articles).where(articles.c.id == bindparam("ident")).values(
                embedding=bindparam("vector")), [{"ident": i, "vector": v} for i, v in computed])
    dedupe.recent.clear()  # stored texts are read back when needed
    return dedupe


def corpus_line_counts(names: list[str | Skip], options: ReadOptions) -> Counter:
    """How many text files each short line appears in (site furniture repeats), over the first files."""
    counts: Counter = Counter()
    for item in read_inputs([n for n in names if isinstance(n, str) and n != "-"][:PREPASS_FILES], options):
        if isinstance(item, Document) and item.markup == "text":
            counts.update({line.strip() for line in item.raw.splitlines() if 0 < len(line.split()) < 12})
    return counts


def _unique_doc_id(connection, wanted: str) -> str:
    if connection.execute(select(articles.c.id).where(articles.c.doc_id == wanted)).first() is None:
        return wanted
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


def _store_story(connection, story: Document, page_id: int | None, run_id: int, dedupe: Deduplicator,
                 summary: IngestSummary):
    """Insert one story with its sentences; returns (id, MinHash, features), or None when it is already stored."""
    if _already(connection, story):
        return None
    features = dedupe.features(story.text)
    minhash = features.signature()
    match = dedupe.find(story.text, story.clean_hash, features, minhash, story.published) if story.text else None
    values = dict(
        doc_id=_unique_doc_id(connection, story.doc_id), page_id=page_id, section=story.section, part=story.part,
        source=story.source, source_format=story.source_format, raw_hash=story.raw_hash,
        raw_text=story.raw if story.part == 1 else "", clean_text=story.text, clean_hash=story.clean_hash,
        offsets=json.dumps(TrackedText(story.text, story.origin).runs()), title=story.title, outlet=story.outlet, author=story.author,
        url=story.url, published=story.published, date_source=story.date_source, language=story.language,
        is_english=story.is_english, duplicate_of=match.original if match else None,
        duplicate_kind=match.kind if match else None, similarity=match.similarity if match else None,
        run_id=run_id, ingested_at=_now(), signature=minhash.hashvalues.tobytes(),
        embedding=features.embedding.astype(np.float32).tobytes() if features.embedding is not None else None,
    )
    ident = connection.execute(insert(articles).values(**values).returning(articles.c.id)).scalar_one()
    if story.sentences:
        connection.execute(insert(sentences), [
            {"article_id": ident, "position": k, "start": s, "end": e, "text": story.text[s:e]}
            for k, (s, e) in enumerate(story.sentences)])
    if match:
        summary.duplicates += 1
        summary.kinds[match.kind] += 1
    return ident, minhash, features


def _store(store: Store, stories: list[Document], run_id: int, dedupe: Deduplicator, summary: IngestSummary) -> None:
    """One page and the stories split from it, in one transaction."""
    added: list[tuple[int, Document]] = []
    try:
        with store.engine.begin() as connection:
            page_id = None
            for story in stories:
                stored = _store_story(connection, story, page_id, run_id, dedupe, summary)
                if stored is None:
                    summary.already += 1
                    continue
                ident, minhash, features = stored
                page_id = page_id or ident
                added.append((ident, story))
                dedupe.add(ident, story.text, story.clean_hash, minhash, features,  # later stories of the page may copy it
                           story.published)
    except IntegrityError:  # another process stored the same story a moment ago
        summary.already += len(stories)
        return
    summary.stored += len(added)


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


def ingest(arguments: list[str], store: Store | str | os.PathLike, options: ReadOptions | None = None, as_of: dt.datetime | None = None,
           progress: Callable[[int, int], None] | None = None, encoder: Encoder | None = None,
           follow_links: bool = False) -> IngestSummary:
    """Ingest files, folders, globs or '-' into ``store`` (a store, or a path or URL: created if need be);
    return what happened.

    ``progress(done, total)`` is called after each input file. With an ``encoder``
    (:class:`~accord.news.embeddings.Encoder`), sentence embeddings also flag spun copies.
    Links inside a folder that lead out of it are read only with ``follow_links``.
    """
    store = as_store(store, create=True)
    options = options or ReadOptions()
    names = discover(arguments, follow_links)
    with store.engine.begin() as connection:
        run_id = connection.execute(insert(ingest_runs).values(
            started_at=_now(), arguments=json.dumps(arguments), status="running").returning(ingest_runs.c.id)).scalar_one()
    summary = IngestSummary(run_id)
    dedupe = load_deduplicator(store, encoder)
    counts = corpus_line_counts(names, options)
    for done, name in enumerate(names, start=1):
        for item in _read_safely(name, options):
            if isinstance(item, Skip):
                _record_skip(store, run_id, item, summary)
                continue
            summary.read += 1
            try:
                stories, empty = _with_body(item, clean(item, counts, as_of))
            except Exception as error:  # noqa: BLE001 - as in _read_safely
                stories, empty = [], [Skip(item.source, f"cannot be cleaned: {type(error).__name__}", item.line)]
            for skip in empty:
                _record_skip(store, run_id, skip, summary)
            if stories:
                _store(store, stories, run_id, dedupe, summary)
        if progress:
            progress(done, len(names))
    with store.engine.begin() as connection:
        connection.execute(update(ingest_runs).where(ingest_runs.c.id == run_id).values(
            finished_at=_now(), read=summary.read, stored=summary.stored, duplicates=summary.duplicates,
            skipped=summary.skipped, status="finished"))
    return summary
