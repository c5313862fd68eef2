"""Copy detection's index, in the database beside the articles.

What :class:`~accord.news.dedupe.Deduplicator` compares a new document with lives in four tables
(:mod:`accord.news.store`): each article's content hash, day, MinHash signature and packed
:class:`~accord.news.dedupe.Features`; its 64 LSH band keys (Broder 1997; bands of 2 rows) and its
fingerprints, each a (key, article) row under a primary key that serves the lookups; and the number of
documents holding each content-word bucket, for TF-IDF. So nothing is recomputed when a run starts,
and every process that stores articles, on one machine or several, sees what the others stored.

Finding a document's copies and filing it happen in one transaction that holds :func:`lock_for_copies`
(SQLite: the file's write lock; PostgreSQL: an advisory lock): two processes storing copies of one story
at the same moment then see each other, as if they had run one after the other. Only the lookups and
the insert run under the lock; reading and cleaning, and computing the features, run outside it.

>>> from accord.news.store import open_store
>>> store = open_store("sqlite://")
>>> with store.engine.begin() as connection:
...     index = CopyIndex(connection)
...     keys = np.array([11, 12], dtype=np.uint64)
...     index.file(7, "h7", None, None, b"", keys, keys[:1], np.array([3, 5]))
...     index.exact("h7"), index.documents(), index.sharing(copy_bands, keys[1:])
(7, 1, (array([7]), array([1])))
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sqlalchemy import bindparam, delete, func, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from accord.news.store import articles, copy_bands, copy_documents, copy_prints, term_documents

DOCUMENTS = -1  # the term_documents row that counts the documents
COPY_LOCK = 0x636F70696573  # "copies": any 64-bit number that no other accord lock uses


def lock_for_copies(connection) -> None:
    """Hold, until this transaction ends, the lock under which copies are looked up and filed."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the file's write lock, taken before the first read
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": COPY_LOCK})


def _signed(keys: np.ndarray) -> list[int]:
    """uint64 keys as the signed 64-bit integers the database stores (the same bits)."""
    return np.asarray(keys, dtype=np.uint64).view(np.int64).tolist()


def _upsert(connection):
    return (pg_insert if connection.dialect.name == "postgresql" else sqlite_insert)(term_documents)


class CopyIndex:
    """The index, read and written through one connection (in the caller's transaction)."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self._frequencies: dict[int, int] = {}

    # -- filing -------------------------------------------------------------------------------------

    def file(self, ident: int, clean_hash: str, day: int | None, signature: np.ndarray | None, packed: bytes,
             bands: np.ndarray, prints: np.ndarray, terms: np.ndarray) -> None:
        """Add one document: its row, band keys, fingerprint keys and content-word buckets."""
        self.connection.execute(insert(copy_documents).values(
            article_id=ident, clean_hash=clean_hash, day=day,
            signature=signature.astype(np.uint32).tobytes() if signature is not None else None, features=packed))
        for table, keys in ((copy_bands, bands), (copy_prints, prints)):
            rows = [{"key": key, "article_id": ident} for key in sorted(set(_signed(keys)))]
            if rows:
                self.connection.execute(insert(table), rows)
        self._count(terms.tolist(), 1)

    def _count(self, buckets: list[int], step: int) -> None:
        """Add ``step`` to the document frequency of each bucket and to the number of documents."""
        statement = _upsert(self.connection)
        statement = statement.on_conflict_do_update(
            index_elements=["bucket"], set_={"documents": term_documents.c.documents + statement.excluded.documents})
        self.connection.execute(statement, [{"bucket": b, "documents": step} for b in [DOCUMENTS, *buckets]])
        self._frequencies.clear()

    def remove(self, idents: list[int], terms_of: Callable[[bytes], np.ndarray]) -> None:
        """Take documents out of the index (when their articles are deleted); ``terms_of`` reads the
        content-word buckets out of packed features."""
        for packed in self.connection.execute(select(copy_documents.c.features).where(
                copy_documents.c.article_id.in_(idents))).scalars().all():
            self._count(terms_of(packed).tolist(), -1)
        for table in (copy_bands, copy_prints, copy_documents):
            self.connection.execute(delete(table).where(table.c.article_id.in_(idents)))

    # -- lookups ------------------------------------------------------------------------------------

    def exact(self, clean_hash: str) -> int | None:
        """The first document with this content hash."""
        return self.connection.execute(select(func.min(copy_documents.c.article_id)).where(
            copy_documents.c.clean_hash == clean_hash)).scalar_one()

    def documents(self) -> int:
        return int(self.frequencies(np.array([DOCUMENTS]))[0])

    def frequencies(self, buckets: np.ndarray) -> np.ndarray:
        """How many documents hold each content-word bucket (read once per bucket in a transaction)."""
        wanted = [b for b in dict.fromkeys(buckets.tolist()) if b not in self._frequencies]
        if wanted:
            self._frequencies.update(dict.fromkeys(wanted, 0))
            self._frequencies.update(self.connection.execute(select(
                term_documents.c.bucket, term_documents.c.documents).where(
                term_documents.c.bucket.in_(bindparam("wanted", expanding=True))), {"wanted": wanted}).all())
        return np.array([self._frequencies[b] for b in buckets.tolist()], dtype=np.int64)

    def sharing(self, table, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(ids, shared keys) of the documents filed under any of ``keys`` in ``table`` (bands or prints)."""
        if not len(keys):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        rows = self.connection.execute(select(table.c.article_id, func.count()).where(
            table.c.key.in_(bindparam("keys", expanding=True))).group_by(table.c.article_id),
            {"keys": sorted(set(_signed(keys)))}).all()
        ids, shared = (np.array(column, dtype=np.int64) for column in zip(*rows)) if rows else (
            np.zeros(0, dtype=np.int64),) * 2
        return ids, shared

    def key_counts(self, table, keys: np.ndarray) -> np.ndarray:
        """How many documents each key is filed under."""
        signed = _signed(keys)
        found = dict(self.connection.execute(select(table.c.key, func.count()).where(
            table.c.key.in_(bindparam("keys", expanding=True))).group_by(table.c.key),
            {"keys": sorted(set(signed))}).all()) if signed else {}
        return np.array([found.get(k, 0) for k in signed], dtype=np.int64)

    def signatures(self, idents: list[int]) -> np.ndarray:
        """The MinHash hash values of these documents, one row each, in the order given."""
        found = dict(self.connection.execute(select(copy_documents.c.article_id, copy_documents.c.signature).where(
            copy_documents.c.article_id.in_(idents))).all())
        return np.stack([np.frombuffer(found[i], dtype=np.uint32) for i in idents])

    def packed(self, idents: list[int]) -> dict[int, tuple[bytes, int | None]]:
        """(packed features, day) of each of these documents that is filed."""
        return {row.article_id: (row.features, row.day) for row in self.connection.execute(
            select(copy_documents.c.article_id, copy_documents.c.features, copy_documents.c.day).where(
                copy_documents.c.article_id.in_(idents)))}


def unindexed(connection) -> list[int]:
    """The stored articles the index lacks (stored before it existed), in id order."""
    return connection.execute(select(articles.c.id).where(~articles.c.id.in_(
        select(copy_documents.c.article_id))).order_by(articles.c.id)).scalars().all()

