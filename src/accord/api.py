"""The application layer: what the CLI, the dashboard and Python users share.

It resolves which scenario a corpus is extracted with, and runs extraction
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select, update

from accord.errors import AccordError, Problem
from accord.extract.gazetteer import extend, load_gazetteer
from accord.extract.pipeline import extract
from accord.extract.issues import IssueIndex
from accord.news.config import config_file, load_config
from accord.news.store import Store, scenarios
from accord.scenario import Scenario, load_scenario


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


def extraction_scenario(store: Store, given: Scenario | str | Path | None = None,
                        fall_back: bool = True) -> ChosenScenario:
    """The scenario a corpus is extracted with (see the module's docstring for the order); without
    ``fall_back``, only the one given (none: stances on no issue, whatever was used before)."""
    if given is None and not fall_back:
        return ChosenScenario(None, "none")
    if isinstance(given, Scenario):
        return ChosenScenario(given, "given")
    if given is not None:
        return ChosenScenario(load_scenario(given), "given", Path(given))
    named = load_config("extract").get("scenario")
    if named is not None:
        if not isinstance(named, str):
            raise AccordError(Problem(str(config_file()), None, "extract.scenario", "expected a file name"))
        path = config_file().parent / named
        return ChosenScenario(load_scenario(path), "named in accord.toml", path)
    last = last_scenario(store)
    if last is not None:
        return ChosenScenario(last, "the one this corpus was last extracted with")
    return ChosenScenario(None, "none")


def last_scenario(store: Store) -> Scenario | None:
    """The scenario this corpus was last extracted with, if any."""
    with store.engine.connect() as connection:
        row = connection.execute(select(scenarios.c.body).order_by(scenarios.c.used_at.desc()).limit(1)).first()
    return Scenario.model_validate_json(row.body) if row else None


def remember_scenario(store: Store, scenario: Scenario, source: Path | None = None) -> None:
    """Keep the scenario in the database, as the last one used."""
    digest, now = scenario.content_hash(), dt.datetime.now(dt.timezone.utc)
    with store.engine.begin() as connection:
        known = connection.execute(select(scenarios.c.hash).where(scenarios.c.hash == digest)).first()
        if known:
            connection.execute(update(scenarios).where(scenarios.c.hash == digest).values(used_at=now))
        else:
            connection.execute(insert(scenarios).values(
                hash=digest, scenario_id=scenario.scenario.id, source=str(source) if source else None,
                body=scenario.model_dump_json(), used_at=now))


def extract_corpus(store: Store, scenario: Scenario | None = None, *, new_only: bool = False,
                   progress: Callable[[int, int], None] | None = None, source: Path | None = None) -> dict[str, int]:
    """Extract every stored article (or the new ones) with the rule extractor, coding stances on
    ``scenario`` (whose actors join the gazetteer), or on no issue without one; counts by kind."""
    gazetteer = load_gazetteer()
    if scenario is None:
        return extract(store, None, progress, gazetteer, new_only)
    counts = extract(store, IssueIndex.of(scenario), progress, extend(gazetteer, scenario), new_only)
    remember_scenario(store, scenario, source)
    return counts


@dataclass
class ChangesSince:
    """What is new in a corpus since a day: events that happened, stances stated, shifts of position, and
    whether the scenario's results move when the news after that day is drafted into it."""

    since: dt.date
    events: list[dict]
    stances: list[dict]
    shifts: list[str]
    movement: object  # accord.analysis.movement.Movement

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


def changes_since(store: Store, base: Scenario, since: dt.date) -> ChangesSince:
    """What changed in the corpus since ``since`` (a date), measured against ``base``: the results of the
    scenario drafted from the news before that day, and from all the news.

    >>> from accord.news.store import open_store
    >>> changes_since(open_store("sqlite://"), load_scenario(), dt.date(2025, 8, 19)).lines()[:2]
    ['Since 2025-08-19:', '0 new event(s)']
    """
    from accord.analysis.movement import movement
    from accord.draft.changes import apply_changes, draft_changes
    from accord.extract.records import load_records
    from accord.extract.tracking import track_stances

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
