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
import os
from collections import defaultdict

from sqlalchemy import delete, func, insert, select, update

from accord.errors import AccordError, Problem
from accord.extract.evaluate import tokens
from accord.extract.model import CLAIM_KINDS, POLARITIES, Record
from accord.news.store import Store, articles, as_store, corrections, records

SCHEMA_FIELDS = {
    "quote": ("speaker", "side", "text", "direct"),
    "stance": ("side", "holder", "issue", "polarity", "option", "date"),
    "event": ("source", "target", "type", "cameo", "date"),
}
CLAIM_FIELDS = ("claimant", "accused", "period", "count", "what", "independent")  # claims.jsonl's
SCHEMA_FIELDS.update({kind: CLAIM_FIELDS for kind in CLAIM_KINDS})
# What a correction may set, by kind of record: the SCHEMA.md fields, the evidence, an event's status and an
# actor's name, side, kind and role.
FIELDS_OF = {
    "actor": ("name", "side", "actor_kind", "role", "evidence"),
    "quote": SCHEMA_FIELDS["quote"] + ("evidence",),
    "stance": SCHEMA_FIELDS["stance"] + ("evidence",),
    "event": SCHEMA_FIELDS["event"] + ("status", "evidence"),
    **{kind: CLAIM_FIELDS + ("evidence",) for kind in CLAIM_KINDS},
}
CORRECTABLE = {field for fields in FIELDS_OF.values() for field in fields}
# Fields a record may lack (a correction may clear them with ``field=``); every other field needs a value.
CLEARABLE = {"actor": ("side", "role"), "quote": ("side",), "stance": ("issue", "option", "date"),
             "event": ("cameo", "date"), **{kind: ("accused", "count") for kind in CLAIM_KINDS}}
STATUSES = ("happened", "planned", "hypothetical", "negated")
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
    if kind in CLAIM_KINDS:
        period = record.get("period") or {}
        return kind, record["claimant"], record.get("accused"), record.get("what"), record.get("count"), \
            period.get("from"), period.get("to")
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
            "side": payload.get("side") or payload.get("source") or payload.get("claimant"), "issue": payload.get("issue"),
            "date": dt.date.fromisoformat(payload["date"]) if payload.get("date") else None,
            "confidence": record.confidence, "source_type": record.source_type, "payload": json.dumps(payload),
            "extracted_at": now, "extractor": record.extractor or "rules",
            "extractor_version": record.extractor_version or "", "scenario_id": record.scenario_id,
            "scenario_hash": record.scenario_hash}


def load_records(store: Store | str | os.PathLike, kind: str | None = None, with_rejected: bool = False,
                 article_id: int | None = None, extractor: str | None = None) -> list[dict]:
    """Stored records with the corrections applied, in article and offset order (of one article, or one
    extractor, if given), as JSON-ready rows: :meth:`Record.to_dict` with the review and ``sources``
    (:func:`accord.extract.model.record_from_dict` gives the typed record back)."""
    store = as_store(store)
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


def resolve_record_id(store: Store | str | os.PathLike, key: str) -> str:
    """The full id of the record whose id is ``key`` or, failing that, the one record whose id starts
    with it (ids are long: a few characters usually name one); an unknown or ambiguous prefix is an
    error that says how many records match."""
    store = as_store(store)
    with store.engine.connect() as connection:
        return _resolve(connection, key)


def _resolve(connection, key: str) -> str:
    key = key.strip()
    if not key:
        raise AccordError(Problem("record", None, None, "give a record id (see accord records list)"))
    if connection.execute(select(records.c.id).where(records.c.id == key)).first() is not None:
        return key
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    matching = records.c.id.like(escaped + "%", escape="\\")
    count = connection.execute(select(func.count()).select_from(records).where(matching)).scalar_one()
    if count == 1:
        return connection.execute(select(records.c.id).where(matching)).scalar_one()
    if count == 0:
        raise AccordError(Problem(f"record {key}", None, None,
                                  "no such record: no record id starts with it (see accord records list)"))
    raise AccordError(Problem(f"record {key}", None, None,
                              f"{count} records have ids starting with it: give more of the id"))


def review(store: Store | str | os.PathLike, record_id: str, action: str, fields: dict | None = None, note: str | None = None,
           scenario_of=None) -> dict:
    """Accept, reject or correct a record by its id, or a prefix of it that names one record; returns the
    record's review as it now stands (``record`` is the full id).

    A correction is checked before anything is stored (:func:`check_correction`): the fields must be
    fields of the record's kind, an issue and an option those of the scenario the record was coded on,
    a side an actor of that scenario or a side the gazetteer knows. ``scenario_of(record)`` gives that
    scenario (:func:`accord.api.review_record` finds it in the database); without it, issues and options
    are not checked.

    A review merges into the record's earlier one: corrected fields are kept unless corrected again,
    so accepting or rejecting a corrected record keeps its corrections (a rejected record that is
    accepted again comes back corrected). :func:`reset` removes them all.
    """
    store = as_store(store)
    if action not in ACTIONS:
        raise AccordError(f"record {record_id}: action must be one of {', '.join(ACTIONS)}")
    with store.engine.connect() as connection:  # checked before anything is written
        record_id = _resolve(connection, record_id)
        if fields:
            payload = connection.execute(select(records.c.payload).where(records.c.id == record_id)).scalar_one()
            earlier = connection.execute(select(corrections.c.fields)
                                         .where(corrections.c.record_id == record_id)).scalar_one_or_none()
            record = {**json.loads(payload), **json.loads(earlier or "{}")}
            scenario = scenario_of(record) if scenario_of and _names_scenario(fields) else None
            fields = check_correction(record, fields, scenario)
    with store.engine.begin() as connection:
        earlier = connection.execute(select(corrections).where(corrections.c.record_id == record_id)
                                     .with_for_update()).first()
        merged = {**(json.loads(earlier.fields) if earlier else {}), **(fields or {})}
        note = note if note is not None else (earlier.note if earlier else None)
        values = {"action": action, "fields": json.dumps(merged), "note": note, "at": _now()}
        if earlier:
            connection.execute(update(corrections).where(corrections.c.record_id == record_id).values(**values))
        else:
            connection.execute(insert(corrections).values(record_id=record_id, **values))
    return {"record": record_id, **values, "fields": merged, "at": values["at"].isoformat()}


def reset(store: Store | str | os.PathLike, record_id: str) -> bool:
    """Undo every review of a record (by its id or a unique prefix), so it reads as extracted; whether
    there was one to undo."""
    store = as_store(store)
    with store.engine.begin() as connection:
        record_id = _resolve(connection, record_id)
        return connection.execute(delete(corrections).where(corrections.c.record_id == record_id)).rowcount > 0


def _shown(values, most: int = 8) -> str:
    """Allowed values for a message: all of them, or the first few and how many more."""
    values = list(values)
    more = f", ... ({len(values) - most} more)" if len(values) > most else ""
    return ", ".join(str(v) for v in values[:most]) + more


def _names_scenario(fields: dict) -> bool:
    """Whether a correction names something only the scenario can check."""
    return bool({"side", "source", "target", "issue", "option"} & set(fields))


def known_sides(scenario=None) -> set[str]:
    """The sides a record may name: the scenario's actors and every side the gazetteer knows."""
    from accord.extract.gazetteer import VOICES, extend, load_gazetteer

    gazetteer = load_gazetteer() if scenario is None else extend(load_gazetteer(), scenario)
    sides = {actor.side for found in gazetteer.by_key.values() for actor in found} | set(gazetteer.states) | VOICES
    return sides | ({a.id for a in scenario.actors} if scenario is not None else set())


def check_correction(record: dict, fields: dict, scenario=None) -> dict:
    """The corrected fields, checked against the record's kind and scenario (and normalised: ``direct`` a
    boolean, ``date`` an ISO day); raises a one-line :class:`AccordError` naming the first bad field and
    the values it may take. With no scenario known, issues and options are not checked."""
    kind, where = record["kind"], f"record {record['id']}"
    allowed = FIELDS_OF.get(kind, ())
    out = {}
    for name, value in fields.items():
        if name not in allowed:
            raise AccordError(Problem(where, None, name, f"a {kind} record has no such field "
                                                          f"(fields: {', '.join(allowed)})"))
        if value is None or (isinstance(value, str) and value.strip() == ""):
            if name not in CLEARABLE.get(kind, ()):
                raise AccordError(Problem(where, None, name, f"cannot be cleared: a {kind} record needs one"))
            out[name] = None
            continue
        out[name] = value.strip() if isinstance(value, str) else value
    corrected = {**record, **out}
    named = f" of scenario '{scenario.scenario.id}'" if scenario is not None else ""
    for name in ("side", "source", "target"):
        if out.get(name) is not None:
            sides = known_sides(scenario)
            if out[name] not in sides:
                actors = [a.id for a in scenario.actors] if scenario is not None else []
                known = "a side the gazetteer knows (a country code such as UKR, or a bloc such as EUR)"
                text = f"neither an actor{named} ({_shown(actors)}) nor {known}" if actors else f"not {known}"
                raise AccordError(Problem(where, None, name, f"'{out[name]}' is {text}"))
    if "polarity" in out and out["polarity"] not in POLARITIES:
        raise AccordError(Problem(where, None, "polarity", f"'{out['polarity']}' is not one of {', '.join(POLARITIES)}"))
    if "status" in out and out["status"] not in STATUSES:
        raise AccordError(Problem(where, None, "status", f"'{out['status']}' is not one of {', '.join(STATUSES)}"))
    if "type" in out:
        from accord.extract.events import triggers

        types = sorted({t.type for found in triggers().values() for t in found})
        if out["type"] not in types:
            raise AccordError(Problem(where, None, "type", f"'{out['type']}' is not a PLOVER type ({_shown(types)})"))
    if "direct" in out:
        flag = str(out["direct"]).lower()
        if flag not in ("true", "false", "yes", "no", "1", "0"):
            raise AccordError(Problem(where, None, "direct", f"'{out['direct']}' is not one of true, false"))
        out["direct"] = flag in ("true", "yes", "1")
    if out.get("date") is not None:
        try:
            out["date"] = dt.date.fromisoformat(str(out["date"])).isoformat()
        except ValueError:
            raise AccordError(Problem(where, None, "date", f"'{out['date']}' is not a date like 2025-08-20")) from None
    if scenario is not None and ("issue" in out or "option" in out):
        issues = {issue.id: issue for issue in scenario.issues}
        issue = corrected.get("issue")
        if issue is not None and issue not in issues:
            raise AccordError(Problem(where, None, "issue", f"'{issue}' is not an issue{named} ({_shown(issues)})"))
        if corrected.get("option") is not None:
            if issue is None:
                raise AccordError(Problem(where, None, "option", "the record is on no issue: correct issue= too "
                                                                 f"({_shown(issues)})"))
            options = [option.id for option in issues[issue].options]
            if corrected["option"] not in options:
                raise AccordError(Problem(where, None, "option", f"'{corrected['option']}' is not an option of "
                                                                 f"issue '{issue}'{named} ({_shown(options)})"))
    return out


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


def records_frame(store: Store | str | os.PathLike, kind: str | None = None):
    """Stored records (corrections applied) as a pandas DataFrame."""
    store = as_store(store)
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
