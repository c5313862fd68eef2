"""Extraction records in the database, and the analyst's corrections to them.

A record's id is a hash of its article, place and content, so re-extraction
gives the same ids; corrections are stored by id apart from the records and
are applied whenever records are read, so they survive re-extraction:

- ``accept``: the record stands, with confidence 1;
- ``reject``: the record is left out;
- ``correct``: the given fields replace the extracted ones.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from sqlalchemy import delete, insert, select, update

from accord.errors import AccordError
from accord.extract.evaluate import tokens
from accord.extract.model import Record
from accord.news.store import Store, articles, corrections, records

SCHEMA_FIELDS = {
    "quote": ("speaker", "side", "text", "direct"),
    "stance": ("side", "holder", "issue", "polarity", "option", "date"),
    "event": ("source", "target", "type", "cameo", "date"),
}
CORRECTABLE = {field for fields in SCHEMA_FIELDS.values() for field in fields} | {"status", "evidence"}
ACTIONS = ("accept", "reject", "correct")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def claim_key(record: dict) -> tuple:
    """What a record claims, apart from where it was read: copies of one story make the same claims."""
    kind = record["kind"]
    if kind == "actor":
        return kind, record["name"]
    if kind == "quote":
        return kind, record["side"], " ".join(sorted(tokens(record["text"])))
    if kind == "stance":
        about = record["issue"] if record.get("issue") is not None else record.get("phrase")
        return kind, record["side"], about, record["polarity"], record.get("option")
    pair = sorted([record["source"], record["target"]]) if record["type"] == "CONSULT" else \
        [record["source"], record["target"]]
    return kind, *pair, record["type"], record.get("date")


def count_sources(found: list[dict], original_of: dict[int, int]) -> None:
    """Set each record's ``sources``: how many independent stories (copies counted once) make its claim."""
    stories: dict[tuple, set[int]] = defaultdict(set)
    for record in found:
        stories[claim_key(record)].add(original_of.get(record["article"], record["article"]))
    for record in found:
        record["sources"] = len(stories[claim_key(record)])
        record["story"] = original_of.get(record["article"], record["article"])  # the original it copies, or itself


def save_records(store: Store, article_id: int, found: list[Record], extractor: str = "rules") -> None:
    """Replace an article's records by one extractor with ``found``, in one transaction (the records of
    other extractors stay)."""
    now = _now()
    with store.engine.begin() as connection:
        connection.execute(delete(records).where(records.c.article_id == article_id,
                                                 records.c.extractor == extractor))
        if found:
            connection.execute(insert(records), [_row(r, article_id, now) for r in found])


def _row(record: Record, article_id: int, now: dt.datetime) -> dict:
    payload = record.to_dict()
    return {"id": record.id, "article_id": article_id, "kind": record.kind,
            "side": payload.get("side") or payload.get("source"), "issue": payload.get("issue"),
            "date": dt.date.fromisoformat(payload["date"]) if payload.get("date") else None,
            "confidence": record.confidence, "source_type": record.source_type, "payload": json.dumps(payload),
            "extracted_at": now, "extractor": record.extractor or "rules",
            "extractor_version": record.extractor_version or "", "scenario_id": record.scenario_id,
            "scenario_hash": record.scenario_hash}


def load_records(store: Store, kind: str | None = None, with_rejected: bool = False,
                 article_id: int | None = None, extractor: str | None = None) -> list[dict]:
    """Stored records with the corrections applied, in article and offset order (of one article, or one
    extractor, if given), as JSON-ready rows: :meth:`Record.to_dict` with the review and ``sources``
    (:func:`accord.extract.model.record_from_dict` gives the typed record back)."""
    with store.engine.connect() as connection:
        query = select(records.c.payload).join(articles, articles.c.id == records.c.article_id)
        if kind:
            query = query.where(records.c.kind == kind)
        if article_id is not None:
            query = query.where(records.c.article_id == article_id)
        if extractor is not None:
            query = query.where(records.c.extractor == extractor)
        found = [json.loads(row.payload) for row in connection.execute(query.order_by(records.c.article_id))]
        fixes = {row.record_id: row for row in connection.execute(select(corrections))}
        original_of = {row.id: row.duplicate_of for row in connection.execute(
            select(articles.c.id, articles.c.duplicate_of).where(articles.c.duplicate_of.is_not(None)))}
    out = []
    for record in sorted(found, key=lambda r: (r["article"], r.get("start", 0))):
        fix = fixes.get(record["id"])
        if fix is not None:
            record["review"] = fix.action
            if fix.action == "reject" and not with_rejected:
                continue
            if fix.action in ("accept", "correct"):
                record.update(json.loads(fix.fields))
                record["confidence"] = 1.0
        out.append(record)
    count_sources(out, original_of)
    return out


def review(store: Store, record_id: str, action: str, fields: dict | None = None, note: str | None = None) -> dict:
    """Accept, reject or correct a record by its id; returns the record's review as it now stands.

    A review merges into the record's earlier one: corrected fields are kept unless corrected again,
    so accepting or rejecting a corrected record keeps its corrections (a rejected record that is
    accepted again comes back corrected). :func:`reset` removes them all.
    """
    if action not in ACTIONS:
        raise AccordError(f"record {record_id}: action must be one of {', '.join(ACTIONS)}")
    fields = fields or {}
    unknown = sorted(set(fields) - CORRECTABLE)
    if unknown:
        raise AccordError(f"record {record_id}: cannot correct field '{unknown[0]}' "
                          f"(fields: {', '.join(sorted(CORRECTABLE))})")
    with store.engine.begin() as connection:
        _require_record(connection, record_id)
        earlier = connection.execute(select(corrections).where(corrections.c.record_id == record_id)
                                     .with_for_update()).first()
        merged = {**(json.loads(earlier.fields) if earlier else {}), **fields}
        note = note if note is not None else (earlier.note if earlier else None)
        values = {"action": action, "fields": json.dumps(merged), "note": note, "at": _now()}
        if earlier:
            connection.execute(update(corrections).where(corrections.c.record_id == record_id).values(**values))
        else:
            connection.execute(insert(corrections).values(record_id=record_id, **values))
    return {"record": record_id, **values, "fields": merged, "at": values["at"].isoformat()}


def reset(store: Store, record_id: str) -> bool:
    """Undo every review of a record, so it reads as extracted; whether there was one to undo."""
    with store.engine.begin() as connection:
        _require_record(connection, record_id)
        return connection.execute(delete(corrections).where(corrections.c.record_id == record_id)).rowcount > 0


def _require_record(connection, record_id: str) -> None:
    if connection.execute(select(records.c.id).where(records.c.id == record_id)).first() is None:
        raise AccordError(f"record {record_id}: no such record (see accord records list)")


def actor_table(found: list[dict], unknown_only: bool = False) -> list[dict]:
    """The actors of all articles, one row per name: side, kind, role, articles and mentions."""
    rows: dict[str, dict] = {}
    for record in found:
        if record["kind"] != "actor" or (unknown_only and record["via"] in ("gazetteer", "role")):
            continue
        row = rows.setdefault(record["name"], {"name": record["name"], "side": record["side"],
                                               "kind": record["actor_kind"], "role": record["role"],
                                               "known": record["via"] in ("gazetteer", "role"),
                                               "articles": 0, "mentions": 0})
        row["articles"] += 1
        row["mentions"] += record["mentions"]
    return sorted(rows.values(), key=lambda r: (-r["articles"], -r["mentions"], r["name"]))


def records_frame(store: Store, kind: str | None = None):
    """Stored records (corrections applied) as a pandas DataFrame."""
    from accord.tables import frame

    return frame(load_records(store, kind))


def to_schema(record: dict) -> dict:
    """The record as ``SCHEMA.md`` writes it (kind, doc, the kind's fields, evidence), with its id,
    confidence, source type and independent sources."""
    out = {"kind": record["kind"], "doc": record["doc"]}
    out.update({f: record.get(f) for f in SCHEMA_FIELDS[record["kind"]]})
    out["evidence"] = record["evidence"]
    for extra in ("id", "section", "phrase", "cue", "status", "trigger", "confidence", "source_type", "sources", "article",
                  "start", "end"):
        if extra in record:
            out[extra] = record[extra]
    return out


def story_of(record: dict):
    """The independent story a record belongs to: copies of one story share it (its original's article)."""
    return record.get("story", record.get("article", record.get("doc")))
