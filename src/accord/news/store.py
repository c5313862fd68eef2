"""The news store: articles, their sentences and ingest runs, in SQLite or PostgreSQL.

One schema, written with SQLAlchemy 2 Core, serves both back ends. It is
versioned by Alembic migrations kept in :mod:`accord.news.migrations`, which
:func:`open_store` applies on connection. SQLite runs in WAL mode with a busy
timeout, so that two ingest processes can write to one file.

>>> store = open_store("sqlite://")
>>> store.info()["articles"]
0
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (BigInteger, Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData,
                        String, Table, Text, create_engine, event, func, select, text)
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from accord.errors import AccordError, Problem

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    Column("doc_id", String(200), nullable=False, unique=True),
    Column("page_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=True),
    Column("section", String(20), nullable=False, default="main"),
    Column("part", Integer, nullable=False, default=1),
    Column("source", Text, nullable=False),
    Column("source_format", String(20), nullable=False),
    Column("raw_hash", String(64), nullable=False),
    Column("raw_text", Text, nullable=False),
    Column("clean_text", Text, nullable=False),
    Column("clean_hash", String(64), nullable=False, index=True),
    Column("offsets", Text, nullable=False, default="[]"),
    Column("title", Text),
    Column("outlet", Text),
    Column("author", Text),
    Column("url", Text),
    Column("published", Date),
    Column("date_source", String(40)),
    Column("language", String(12)),
    Column("is_english", Boolean, nullable=False, default=True),
    Column("duplicate_of", Integer, ForeignKey("articles.id", ondelete="SET NULL"), nullable=True),
    Column("duplicate_kind", String(20)),
    Column("similarity", Float),
    Column("run_id", Integer, ForeignKey("ingest_runs.id", ondelete="SET NULL"), nullable=True),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("signature", LargeBinary),
    Column("embedding", LargeBinary),  # float32 sentence embedding, when ingested with --embeddings
    Index("ix_articles_raw_source", "raw_hash", "source", "part", unique=True),
)

sentences = Table(
    "sentences", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

ingest_runs = Table(
    "ingest_runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("arguments", Text, nullable=False, default=""),
    Column("read", Integer, nullable=False, default=0),
    Column("stored", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("skipped", Integer, nullable=False, default=0),
    Column("status", String(20), nullable=False, default="running"),
)

skips = Table(
    "skips", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("source", Text, nullable=False),
    Column("line", Integer),
    Column("reason", Text, nullable=False),
)

# Copy detection's index, kept beside the articles so that every ingest process, on one machine or several,
# finds the copies the others stored (accord.news.copyindex). No foreign keys: the index is also used on its
# own, and deleting an article removes its rows explicitly.
copy_documents = Table(
    "copy_documents", metadata,
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    Column("clean_hash", String(64), nullable=False, index=True),
    Column("day", Integer),                      # publication date as a proleptic ordinal, when known
    Column("signature", LargeBinary),            # MinHash hash values (uint32), when the text has shingles
    Column("features", LargeBinary, nullable=False),  # accord.news.dedupe.Features, packed
)

copy_bands = Table(  # the 64 LSH band keys of each signature
    "copy_bands", metadata,
    Column("key", BigInteger, primary_key=True, autoincrement=False),
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,
)

copy_prints = Table(  # the fingerprints (names, numbers, dates) that pick candidates for spun copies
    "copy_prints", metadata,
    Column("key", BigInteger, primary_key=True, autoincrement=False),
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,
)

term_documents = Table(  # how many documents have each content-word bucket; bucket -1 counts the documents
    "term_documents", metadata,
    Column("bucket", Integer, primary_key=True, autoincrement=False),
    Column("documents", Integer, nullable=False),
)

# Extraction records and the analyst's corrections (written by accord.extract; the schema lives here so
# that one set of migrations versions the whole database).
records = Table(
    "records", metadata,
    Column("id", String(40), primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("side", String(20)),
    Column("issue", String(80)),
    Column("date", Date),
    Column("confidence", Float, nullable=False),
    Column("source_type", String(20), nullable=False),
    Column("payload", Text, nullable=False),
    Column("extracted_at", DateTime(timezone=True), nullable=False),
    Column("extractor", String(40), nullable=False, default="rules"),   # what made the record ...
    Column("extractor_version", String(40), nullable=False, default=""),  # ... in which version
    Column("scenario_id", String(80)),    # the scenario a stance was coded on (id and content hash)
    Column("scenario_hash", String(64)),
    Index("ix_records_article_extractor", "article_id", "extractor"),
)

# The scenarios stances were coded on, by content hash, so that the last one used can be used again.
scenarios = Table(
    "scenarios", metadata,
    Column("hash", String(64), primary_key=True),
    Column("scenario_id", String(80), nullable=False),
    Column("source", Text),                # the file it was read from, if any
    Column("body", Text, nullable=False),  # the scenario as JSON
    Column("used_at", DateTime(timezone=True), nullable=False),
)

corrections = Table(
    "corrections", metadata,
    Column("record_id", String(40), primary_key=True),  # no foreign key: a correction outlives re-extraction
    Column("action", String(20), nullable=False),        # accept, reject, correct
    Column("fields", Text, nullable=False, default="{}"),
    Column("note", Text),
    Column("at", DateTime(timezone=True), nullable=False),
)

# What `accord monitor` saw at its last run of each agreement: the ids of the claim records, as JSON.
monitor_runs = Table(
    "monitor_runs", metadata,
    Column("agreement_id", String(80), primary_key=True),
    Column("run_at", DateTime(timezone=True), nullable=False),
    Column("seen", Text, nullable=False),
)


def database_url(location: str | os.PathLike) -> str:
    """An SQLAlchemy URL from a SQLite file path or a database URL (which database to use is decided by
    :func:`accord.api.database_location`).

    >>> database_url("news.db"), database_url("postgresql://me@host/news")
    ('sqlite:///news.db', 'postgresql+psycopg://me@host/news')
    """
    location = str(location)
    if "://" in location:
        if location.startswith("postgresql://"):
            return "postgresql+psycopg://" + location[len("postgresql://"):]
        return location
    return f"sqlite:///{Path(location).expanduser()}"


MEMORY = ("sqlite://", ":memory:", "sqlite:///:memory:")


def as_store(store: "Store | str | os.PathLike", *, create: bool = False) -> "Store":
    """A store as given, or the one at a path or URL, opened. Without ``create``, a SQLite file that does
    not exist is an error: reading a mistyped path must not make an empty database.

    >>> as_store("no-such-file.db")
    Traceback (most recent call last):
    ...
    accord.errors.AccordError: no-such-file.db: no such database (accord ingest creates it)
    """
    if isinstance(store, Store):
        return store
    location = str(store)
    if not create and location not in MEMORY and "://" not in location and not Path(location).expanduser().is_file():
        raise AccordError(Problem(location, None, None, "no such database (accord ingest creates it)"))
    return open_store(location)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe in WAL mode: a killed process loses no commit
        cursor.execute("PRAGMA busy_timeout=30000")
        # Each stored article rewrites pages all over the copy index; checkpointing every 40 MB of log
        # rather than 4 MB writes each page back once for many articles (ingest 15% faster).
        cursor.execute("PRAGMA wal_autocheckpoint=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


@dataclass
class Store:
    """A connection to the news database."""

    engine: Engine
    url: str

    def info(self) -> dict:
        """Counts and schema version, for ``accord db info``."""
        with self.engine.connect() as connection:
            version = _current_revision(connection)
        with self.engine.connect() as connection:
            def count(table, *where):
                return connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one()

            totals = {name: count(table) for name, table in
                      (("articles", articles), ("sentences", sentences), ("runs", ingest_runs))}
            originals = count(articles, articles.c.duplicate_of.is_(None))
            latest = connection.execute(select(func.max(articles.c.published))).scalar_one()
        return {"url": _safe_url(self.url), "schema": version, **totals, "originals": originals,
                "latest_published": latest.isoformat() if isinstance(latest, dt.date) else latest}


def _safe_url(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def _current_revision(connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


# Any 64-bit number works as a PostgreSQL advisory lock key, as long as accord's migrations alone use it.
MIGRATION_LOCK = 0x6163636F7264  # "accord"


def _migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration. Migrations run under a database-wide lock, so any
    number of first writers converge on one schema instead of racing to create the same tables."""
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        if _current_revision(connection) == head:
            return
    with engine.begin() as connection:
        _lock_for_migration(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")  # checks the version again, under the lock


def _lock_for_migration(connection) -> None:
    """Hold a lock that every other migrating process waits for, until this transaction ends."""
    if connection.dialect.name == "sqlite":
        # The first write lock of the file: other writers wait on the busy timeout, readers go on.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


def open_store(location: str | os.PathLike, *, migrate: bool = True) -> Store:
    """Open (and create or upgrade) the store at a path or URL: a SQLite file path, ``sqlite://`` for
    memory, or a ``postgresql://`` URL. (:func:`accord.api.open_database` decides which database a command
    uses, and never creates one by reading it.)
    """
    url = database_url(location)
    try:
        if url.startswith("sqlite"):
            memory = url in ("sqlite://", "sqlite:///:memory:")
            engine = create_engine(url, poolclass=StaticPool if memory else None,
                                   connect_args={"check_same_thread": False, "timeout": 30})
            _sqlite_pragmas(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        if migrate:
            _migrate(engine)
    except Exception as error:  # the driver's own message is the useful part
        raise AccordError(Problem(_safe_url(url), None, None,
                                  f"cannot open the database: {str(error).splitlines()[0]}")) from None
    return Store(engine, url)
