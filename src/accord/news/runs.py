"""What a monitoring run saw, kept in the store: for each agreement, the ids of the claim records of its
last run, so that the next run can tell which claims are new."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from accord.news.store import Store, monitor_runs


def seen_at_last_run(store: Store, agreement_id: str) -> set[str] | None:
    """The claim record ids of the agreement's last run; None when it never ran."""
    with store.engine.connect() as connection:
        row = connection.execute(select(monitor_runs.c.seen).where(monitor_runs.c.agreement_id == agreement_id)).first()
    return None if row is None else set(json.loads(row.seen))


def remember_run(store: Store, agreement_id: str, seen: set[str]) -> None:
    """Keep this run's claim record ids for the next run, in one transaction."""
    values = {"run_at": dt.datetime.now(dt.timezone.utc), "seen": json.dumps(sorted(seen))}
    with store.engine.begin() as connection:
        updated = connection.execute(monitor_runs.update().where(monitor_runs.c.agreement_id == agreement_id)
                                     .values(**values))
        if updated.rowcount == 0:
            connection.execute(monitor_runs.insert().values(agreement_id=agreement_id, **values))
