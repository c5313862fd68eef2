"""The application layer: what the CLI, the dashboard and Python users share.

**Which database.** :func:`database_location` is the one place that decides it: the location given
(``--db``), else ``ACCORD_DB``, else ``db`` in ``accord.toml``'s ``[ingest]`` table (a relative path is
relative to that file), else ``accord.db`` in the working folder. :func:`open_database` opens it; only
commands that store news create it, and reading a database that does not exist is an error, never a new
empty file.

**Which scenario.** It resolves which scenario a corpus is extracted with, and runs extraction
with it, so that every front end makes the same choice:

1. the scenario it is given;
2. else the one ``accord.toml`` names (``[extract] scenario = "file.toml"``,
   relative to that file);
3. else the one the corpus was last extracted with (kept in the database);
4. else none: stances are still recorded, with no issue, each keeping the
   phrase it is about (what drafting a new negotiation groups into issues).

>>> from accord.news.store import open_store
>>> store = open_store("sqlite://")
>>> extraction_scenario(store).source
'none'
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from accord.errors import AccordError, Problem
from accord.news.config import config_file, load_config
from accord.scenario import Scenario, bundled_path, load_scenario
from accord.tables import HtmlRepr

if TYPE_CHECKING:
    from accord.news.store import Store

# The database, SQLAlchemy and extraction are imported where they are used: commands that only analyse a
# scenario (deals, brief, forecast) go through this layer too and should not pay for them.


DEFAULT_DB = "accord.db"


def database_location(db: str | os.PathLike | None = None) -> str:
    """Where the news database is (see the module's docstring for the order): a file path or a URL.

    >>> database_location("news.db")
    'news.db'
    """
    if db:
        return str(db)
    if os.environ.get("ACCORD_DB"):
        return os.environ["ACCORD_DB"]
    named = load_config("ingest").get("db")
    if named is not None:
        if not isinstance(named, str) or not named:
            raise AccordError(Problem(str(config_file()), None, "ingest.db", "expected a file name or a URL"))
        return named if "://" in named else str(config_file().parent / Path(named).expanduser())
    return DEFAULT_DB


def open_database(db: str | os.PathLike | None = None, *, create: bool = False) -> Store:
    """The news database (see :func:`database_location`), opened. Without ``create``, a SQLite file that
    does not exist is an error (a mistyped ``--db`` must not read as an empty corpus).

    >>> open_database("no-such-file.db")
    Traceback (most recent call last):
    ...
    accord.errors.AccordError: no-such-file.db: no such database (accord ingest creates it)
    """
    from accord.news.store import as_store as store_at

    return store_at(database_location(db), create=create)


def as_store(store: Store | str | os.PathLike | None = None) -> Store:
    """A store as given, or the database at a path or URL (see :func:`open_database`): what every API
    function that reads the news accepts.

    >>> as_store("sqlite://").url
    'sqlite://'
    """
    from accord.news.store import Store

    return store if isinstance(store, Store) else open_database(store)


def parse_date(value: str | dt.date | None, field: str = "--as-of") -> dt.date | None:
    """A day given as ``YYYY-MM-DD`` (``--as-of``, ``--since``), or None; a bad value is an error naming the field.

    >>> parse_date("2025-08-20")
    datetime.date(2025, 8, 20)
    """
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise AccordError(Problem(field, None, None, f"{value!r}: expected a date like 2025-08-20")) from None


def news_for_report(store: Store | str | os.PathLike | None = None, terms: str | os.PathLike | None = None) -> dict:
    """What a report shows of the news: records, articles, the merged timeline and stance tracks, and the
    monitoring of each agreement of ``terms`` (default: the bundled truces) that the news makes claims about;
    empty when there is no database at all (a report on a scenario alone)."""
    from accord.extract.records import load_records
    from accord.extract.timeline import merge_events
    from accord.extract.tracking import track_stances
    from sqlalchemy import select

    from accord.news.store import articles

    if store is None and database_location() == DEFAULT_DB and not Path(DEFAULT_DB).is_file():
        return {}  # no database named and none here: a report on the scenario alone
    store = as_store(store)
    found = load_records(store)
    with store.engine.connect() as connection:
        texts = {row.doc_id: {"title": row.title, "outlet": row.outlet, "text": row.clean_text,
                              "published": row.published.isoformat() if row.published else None}
                 for row in connection.execute(select(articles.c.doc_id, articles.c.title, articles.c.outlet,
                                                      articles.c.published, articles.c.clean_text))}
    monitored = monitor_agreements(store, terms, remember=False).reports if any(r["kind"] in CLAIM_KINDS for r in found) else []
    return {"records": found, "articles": texts, "timeline": [t.to_dict() for t in merge_events(found)],
            "tracks": [t.to_dict() for t in track_stances(found)], "monitoring": [m for m in monitored if m.claims]}


def scenario_file(path: str | os.PathLike | None = None) -> Path:
    """The scenario file a command works on: the one given, else the one ``accord.toml`` names
    (``[extract] scenario``, relative to that file), else the bundled example.

    >>> scenario_file("talks.toml")
    PosixPath('talks.toml')
    """
    if path is not None:
        return Path(path)
    named = load_config("extract").get("scenario")
    if named is None:
        return bundled_path()
    if not isinstance(named, str) or not named:
        raise AccordError(Problem(str(config_file()), None, "extract.scenario", "expected a file name"))
    return config_file().parent / named


@dataclass(frozen=True)
class OpenScenario:
    """A scenario, the file it was read from and the stability model it names (if any)."""

    path: Path
    scenario: Scenario
    conflict: object  # accord.scenario.conflict.ConflictModel | None


def open_scenario(path: str | os.PathLike | None = None) -> OpenScenario:
    """The scenario of :func:`scenario_file`, loaded and checked, with its stability model.

    >>> open_scenario().scenario.scenario.id
    'ukraine-2025'
    """
    from accord.scenario.conflict import companion_conflict

    where = scenario_file(path)
    scenario = load_scenario(where)
    return OpenScenario(where, scenario, companion_conflict(where, scenario))


@dataclass(frozen=True)
class ChosenScenario:
    """The scenario extraction will code stances on, and where it came from: ``given``, ``config``
    (with the file), ``last used`` or ``none``."""

    scenario: Scenario | None
    source: str
    path: Path | None = None

    def describe(self) -> str:
        if self.scenario is None:
            return "no scenario: stances are recorded with the phrase they are about, and no issue"
        where = f" ({self.path})" if self.path else ""
        return f"scenario '{self.scenario.scenario.id}'{where}, {self.source}"


def extraction_scenario(store: Store | str | os.PathLike, given: Scenario | str | Path | None = None,
                        fall_back: bool = True) -> ChosenScenario:
    """The scenario a corpus is extracted with (see the module's docstring for the order); without
    ``fall_back``, only the one given (none: stances on no issue, whatever was used before)."""
    store = as_store(store)
    if given is None and not fall_back:
        return ChosenScenario(None, "none")
    if isinstance(given, Scenario):
        return ChosenScenario(given, "given")
    if given is not None:
        return ChosenScenario(load_scenario(given), "given", Path(given))
    if load_config("extract").get("scenario") is not None:
        path = scenario_file()
        return ChosenScenario(load_scenario(path), "named in accord.toml", path)
    last = last_scenario(store)
    if last is not None:
        return ChosenScenario(last, "the one this corpus was last extracted with")
    return ChosenScenario(None, "none")


def last_scenario(store: Store | str | os.PathLike) -> Scenario | None:
    """The scenario this corpus was last extracted with, if any."""
    from sqlalchemy import select

    from accord.news.store import scenarios

    store = as_store(store)
    with store.engine.connect() as connection:
        row = connection.execute(select(scenarios.c.body).order_by(scenarios.c.used_at.desc()).limit(1)).first()
    return Scenario.model_validate_json(row.body) if row else None


def record_scenario(store: Store | str | os.PathLike, record: dict) -> Scenario | None:
    """The scenario a record's issue and option belong to: the one it was coded on (kept in the database
    by its hash), else the one the corpus was last extracted with, else None."""
    from sqlalchemy import select

    from accord.news.store import scenarios

    store = as_store(store)
    if record.get("scenario_hash"):
        with store.engine.connect() as connection:
            body = connection.execute(select(scenarios.c.body)
                                      .where(scenarios.c.hash == record["scenario_hash"])).scalar_one_or_none()
        if body is not None:
            return Scenario.model_validate_json(body)
    return last_scenario(store)


def review_record(store: Store | str | os.PathLike | None, record_id: str, action: str,
                  fields: dict | None = None, note: str | None = None) -> dict:
    """Accept, reject or correct a stored record (:func:`accord.extract.records.review`), a correction
    checked against the scenario the record was coded on (:func:`record_scenario`)."""
    from accord.extract.records import review

    store = as_store(store)
    return review(store, record_id, action, fields, note, scenario_of=lambda record: record_scenario(store, record))


def remember_scenario(store: Store, scenario: Scenario, source: Path | None = None) -> None:
    """Keep the scenario in the database, as the last one used."""
    from sqlalchemy import insert, select, update

    from accord.news.store import scenarios

    digest, now = scenario.content_hash(), dt.datetime.now(dt.timezone.utc)
    with store.engine.begin() as connection:
        known = connection.execute(select(scenarios.c.hash).where(scenarios.c.hash == digest)).first()
        if known:
            connection.execute(update(scenarios).where(scenarios.c.hash == digest).values(used_at=now))
        else:
            connection.execute(insert(scenarios).values(
                hash=digest, scenario_id=scenario.scenario.id, source=str(source) if source else None,
                body=scenario.model_dump_json(), used_at=now))


def extract_corpus(store: Store | str | os.PathLike, scenario: Scenario | None = None, *, new_only: bool = False,
                   progress: Callable[[int, int], None] | None = None, source: Path | None = None,
                   workers: int | None = None, scheduler=None) -> dict[str, int]:
    """Extract every stored article (or the new ones) with the rule extractor, coding stances on
    ``scenario`` (whose actors join the gazetteer), or on no issue without one; counts by kind.

    It runs in ``workers`` processes (default: one per core, fewer for a small corpus) or on the Dask
    cluster at ``scheduler`` (an address such as ``tcp://host:8786``, or a cluster object); see
    :func:`accord.extract.pipeline.extract`."""
    from accord.extract.gazetteer import extend, load_gazetteer
    from accord.extract.issues import IssueIndex  # spaCy loads only when a command extracts
    from accord.extract.pipeline import extract

    store = as_store(store)
    gazetteer = load_gazetteer()
    where = {"workers": workers, "scheduler": scheduler}
    if scenario is None:
        return extract(store, None, progress, gazetteer, new_only, **where)
    counts = extract(store, IssueIndex.of(scenario), progress, extend(gazetteer, scenario), new_only, **where)
    remember_scenario(store, scenario, source)
    return counts


@dataclass
class ChangesSince(HtmlRepr):
    """What is new in a corpus since a day: events that happened, stances stated, shifts of position, and
    whether the scenario's results move when the news after that day is drafted into it."""

    since: dt.date
    events: list[dict]
    stances: list[dict]
    shifts: list[str]
    movement: object  # accord.analysis.comparison.Movement

    def to_dict(self) -> dict:
        return {"since": self.since.isoformat(),
                "events": [f"{r['date']} {r['source']} -> {r['target']} {r['type']} ({r['doc']})" for r in self.events],
                "stances": [f"{r['date']} {r['side']} {r['polarity']} {r['issue'] or repr(r.get('phrase'))}"
                            f"{' ' + r['option'] if r.get('option') else ''} ({r['doc']})" for r in self.stances],
                "shifts": self.shifts, "results": self.movement.to_dict(), "results_lines": self.movement.lines()}

    def lines(self) -> list[str]:
        data = self.to_dict()
        return [f"Since {data['since']}:", f"{len(self.events)} new event(s)"] + [f"  {e}" for e in data["events"]] + \
            [f"{len(self.stances)} new stance(s)"] + [f"  {s}" for s in data["stances"]] + \
            [f"{len(self.shifts)} shift(s)"] + [f"  {s}" for s in self.shifts] + \
            ["results:"] + [f"  {line}" for line in self.movement.lines()]


def changes_since(store: Store | str | os.PathLike, base: Scenario, since: dt.date) -> ChangesSince:
    """What changed in the corpus since ``since`` (a date), measured against ``base``: the results of the
    scenario drafted from the news before that day, and from all the news.

    >>> from accord.news.store import open_store
    >>> changes_since(open_store("sqlite://"), load_scenario(), dt.date(2025, 8, 19)).lines()[:2]
    ['Since 2025-08-19:', '0 new event(s)']
    """
    from accord.analysis.comparison import movement
    from accord.draft.changes import apply_changes, draft_changes
    from accord.extract.records import load_records
    from accord.extract.tracking import track_stances

    store = as_store(store)
    day = since.isoformat()
    found = load_records(store)
    events = [r for r in found if r["kind"] == "event" and r.get("status") == "happened"
              and r.get("date") and r["date"] >= day]
    stances = [r for r in found if r["kind"] == "stance"]
    all_tracks = track_stances(stances)
    old_tracks = track_stances([r for r in stances if r.get("date") and r["date"] < day])
    shifts = [s.text() for t in all_tracks for s in t.shifts if s.after.date and s.after.date >= since]
    moved = movement(apply_changes(base, draft_changes(base, old_tracks)),
                     apply_changes(base, draft_changes(base, all_tracks)))
    return ChangesSince(since, events, [r for r in stances if r.get("date") and r["date"] >= day], shifts, moved)


CLAIM_KINDS = ("claim", "denial", "confirmation")


@dataclass
class Monitoring(HtmlRepr):
    """A monitoring run: one report per agreement, and the claims new since the given day or the last run."""

    reports: list
    new: dict[str, list[dict]]   # agreement id -> its new claims
    since: dt.date | None

    @property
    def new_count(self) -> int:
        return sum(len(claims) for claims in self.new.values())

    def to_dict(self) -> dict:
        return {"since": self.since.isoformat() if self.since else "last run", "new_claims": self.new_count,
                "agreements": [{**r.to_dict(), "new": [c["id"] for c in self.new[r.agreement.id]]} for r in self.reports]}


def monitor_agreements(store: Store | str | os.PathLike | None = None, terms: str | os.PathLike | None = None,
                       since: dt.date | None = None, *, remember: bool = True) -> Monitoring:
    """What the stored claims say about each agreement of ``terms`` (a file; by default the bundled 2025
    truces). New claims are those of articles published on or after ``since``; with no ``since``, those the
    last run of the agreement did not see (every claim, at the first run). ``remember`` keeps this run's
    claims in the database for the next one."""
    from accord.analysis.monitoring import monitor_all
    from accord.extract.records import load_records
    from accord.news.runs import remember_run, seen_at_last_run
    from accord.scenario.agreement import read_agreements

    from accord.news.articles import list_articles

    agreements, _ = read_agreements(terms)
    store = as_store(store)
    published = {a["id"]: a["published"] for a in list_articles(store, limit=None)}
    claims = [{**r, "date": published.get(r["article"])} for kind in CLAIM_KINDS for r in load_records(store, kind)]
    reports = monitor_all(agreements.agreements, claims)
    new = {}
    for report in reports:
        ids = {c["id"] for c in report.claims}
        if since is not None:
            new[report.agreement.id] = [c for c in report.claims if (c.get("date") or "") >= since.isoformat()]
        else:
            seen = seen_at_last_run(store, report.agreement.id) or set()
            new[report.agreement.id] = [c for c in report.claims if c["id"] not in seen]
        if remember:
            remember_run(store, report.agreement.id, ids)
    return Monitoring(reports, new, since)
