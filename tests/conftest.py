"""Shared fixtures: a small valid scenario to corrupt, and the CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")



@pytest.fixture(scope="session")
def nlp():
    """accord's spaCy pipeline, loaded once for every extraction test."""
    from accord.extract.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def gazetteer():
    """The shipped gazetteer, loaded once (``extend`` copies it, so no test changes it for another)."""
    from accord.extract.gazetteer import load_gazetteer

    return load_gazetteer()


SHARED = Path(os.environ.get("ACCORD_SHARED", Path(__file__).resolve().parents[2] / "shared"))

# A small scenario: three actors, three issues, one hard and one soft condition.
TINY = """\
[scenario]
id = "tiny"
title = "A tiny test negotiation"

[[actors]]
id = "N"
name = "North"
kind = "state"
capability = { value = 60, basis = "estimate", rationale = "test" }

[[actors]]
id = "S"
name = "South"
kind = "state"
capability = { value = 40, basis = "estimate", rationale = "test" }

[[actors]]
id = "M"
name = "Mediator"
kind = "organisation"
capability = { value = 20, basis = "estimate", rationale = "test" }

[[issues]]
id = "border"
title = "Border"
options = [
  { id = "north_line", label = "the northern line", point = 0 },
  { id = "middle_line", label = "the middle line", point = 50 },
  { id = "south_line", label = "the southern line", point = 100 },
]

[[issues]]
id = "troops"
title = "Troops"
options = [
  { id = "stay", label = "troops staying", point = 0 },
  { id = "leave", label = "troops leaving", point = 100 },
]

[[issues]]
id = "aid"
title = "Aid"
options = [
  { id = "none", label = "no aid", point = 0 },
  { id = "some", label = "some aid", point = 50 },
  { id = "lots", label = "lots of aid", point = 100 },
]

[positions.N.border]
ideal = "south_line"
acceptable = ["south_line"]
salience = { value = 90, rationale = "test" }
evidence = [{ source = "Test Wire", date = 2025-01-02, paraphrase = "North wants the southern line." }]

[positions.N.troops]
ideal = "stay"
salience = { value = 40, rationale = "test" }
basis = "estimate"
rationale = "test"

[positions.S.border]
ideal = "north_line"
acceptable = ["north_line", "middle_line"]
salience = { value = 80, rationale = "test" }
basis = "estimate"
rationale = "test"

[positions.S.aid]
ideal = "lots"
acceptable = ["some", "lots"]
salience = { value = 50, rationale = "test" }
basis = "estimate"
rationale = "test"

[positions.M.aid]
utilities = { none = 1.0, some = 0.6, lots = 0.0 }
salience = { value = 30, rationale = "test" }
basis = "estimate"
rationale = "test"

[[conditions]]
id = "aid_needs_withdrawal"
kind = "implies"
holder = "M"
if = { issue = "aid", options = ["lots"] }
then = { issue = "troops", options = ["leave"] }

[[conditions]]
id = "no_middle_with_troops"
kind = "excludes"
soft = true
cost = 500
if = { issue = "border", options = ["middle_line"] }
then = { issue = "troops", options = ["stay"] }

[no_deal]
utilities = { N = { value = 0.2, rationale = "test" }, S = { value = 0.1, rationale = "test" } }
"""


def shared(*parts: str) -> Path:
    """A path in the shared folder; skips the test when it is absent, except in CI where it must be there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must run with the shared folder beside the checkout")
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture
def tiny_path(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY)
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def line_number(text: str, fragment: str) -> int:
    """1-based line of the first line containing ``fragment``."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


# --- news stores: the same tests run on SQLite and on PostgreSQL ---------------------------------

PG_ADMIN = os.environ.get("ACCORD_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_url():
    """A fresh PostgreSQL database for this test session (required when CI=true)."""
    import uuid

    import psycopg

    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but {PG_ADMIN} cannot be reached")
        pytest.skip("PostgreSQL was skipped: no server at " + PG_ADMIN)
    name = f"accord_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A database URL on each back end; PostgreSQL tables are emptied before each test."""
    if request.param == "sqlite":
        return str(tmp_path / "news.db")
    url = request.getfixturevalue("pg_url")
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as connection:
        exists = connection.execute(text("select to_regclass('articles')")).scalar()
        if exists:
            connection.execute(text("TRUNCATE sentences, skips, articles, ingest_runs RESTART IDENTITY CASCADE"))
            for table in ("corrections", "scenarios", "copy_documents", "copy_bands", "copy_prints",
                          "term_documents"):  # not tied to articles: emptied on their own
                if connection.execute(text(f"select to_regclass('{table}')")).scalar():
                    connection.execute(text(f"TRUNCATE {table}"))
    engine.dispose()
    return url


@pytest.fixture
def pg_database():
    """A PostgreSQL database of this test's own, dropped after it."""
    import uuid

    import psycopg

    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but {PG_ADMIN} cannot be reached")
        pytest.skip("PostgreSQL was skipped: no server at " + PG_ADMIN)
    name = f"accord_workers_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
