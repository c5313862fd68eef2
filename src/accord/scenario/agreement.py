"""Agreed terms as data: what a truce or deal binds its parties to, for monitoring claims against it.

An agreement file holds one or more ``[[agreements]]``. Each names its parties; whether it is ``mutual``
or ``unilateral`` (declared by one side, which ``declared_by`` names); its start and end, each a list of
*candidates* because the parties may dispute them (every candidate is a time with its zone, who holds it and
its evidence); what it covers (actions, target classes, places) and excludes; its release clauses (a
violation by one side frees the others); and its response commitments (who must respond, within how many
hours, to what). Every term cites its evidence, as a scenario's positions do; a term with none is a warning
of ``accord validate``, not an error, so that terms can be entered before they are sourced.

``EXAMPLE`` is a small invented file (docs/monitoring.md explains every field):

>>> terms = parse_agreements(EXAMPLE)
>>> truce = terms.agreements[0]
>>> truce.id, truce.disputed("start"), truce.start[0].at.isoformat()
('dam-truce', False, '2026-03-01T00:00:00+02:00')
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, field_validator

from accord.scenario.model import Evidence, Identifier, _Strict

EXAMPLE = '''
[[agreements]]
id = "dam-truce"
title = "Truce on strikes against the dam"
parties = ["EGY", "ETH"]
mode = "mutual"

[[agreements.start]]
at = 2026-03-01T00:00:00+02:00
precision = "day"
held_by = "EGY"
evidence = [{ source = "Ahram Online", date = 2026-03-01, paraphrase = "Cairo says the truce began on 1 March" }]

[agreements.covered]
actions = ["strikes"]
targets = ["dams", "power plants"]
'''

ANY = "any"  # a release clause triggered by a violation of any party


class Moment(_Strict):
    """One candidate for when an agreement starts or ends: a time with its zone, and who holds it."""

    at: dt.datetime = Field(description="ISO 8601 with its UTC offset, e.g. 2025-04-19T18:00:00+03:00")
    precision: Literal["minute", "hour", "day", "approximate"] = Field(
        "minute", description="how much of the time the sources give; 'day': a date only, 00:00 local by convention")
    held_by: Identifier | None = Field(None, description="the side that gives this time, when the sides differ")
    evidence: list[Evidence] = Field(default_factory=list)

    @field_validator("at")
    @classmethod
    def _has_zone(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("needs its UTC offset (e.g. 2025-04-19T18:00:00+03:00): local times differ by side")
        return value


class Coverage(_Strict):
    """What the agreement covers: actions (strikes, shelling), target classes (energy facilities) and places."""

    actions: list[str] = Field(default_factory=list, description="e.g. 'strikes', 'shelling', 'all hostilities'")
    targets: list[str] = Field(default_factory=list, description="target classes, e.g. 'oil refineries'")
    geography: list[str] = Field(default_factory=list, description="where it applies; empty: everywhere")
    evidence: list[Evidence] = Field(default_factory=list)


class Exclusion(_Strict):
    """Something the agreement leaves out (a sector, a class of targets)."""

    what: str = Field(min_length=1)
    evidence: list[Evidence] = Field(default_factory=list)


class Release(_Strict):
    """A release clause: a violation by ``violation_by`` frees ``frees`` from the agreement."""

    violation_by: Identifier = Field(ANY, description="the party whose violation triggers it, or 'any'")
    frees: list[Identifier] = Field(default_factory=list, description="the parties it frees; empty: all the others")
    description: str = Field(min_length=1)
    evidence: list[Evidence] = Field(default_factory=list)


class Response(_Strict):
    """A response commitment: ``who`` must respond to a qualifying event, within ``within_hours`` of it when
    the sources set a deadline (the response clock)."""

    who: list[Identifier] = Field(min_length=1)
    within_hours: float | None = Field(None, gt=0, le=24 * 366, description="none: the sources set no deadline")
    to: list[str] = Field(min_length=1, description="the kinds of event that start the clock, e.g. 'large-scale offensive'")
    description: str = ""
    evidence: list[Evidence] = Field(default_factory=list)


class Agreement(_Strict):
    """The terms of one agreement (see the module's docstring)."""

    id: Identifier
    title: str = Field(min_length=1)
    parties: list[Identifier] = Field(min_length=2)
    mode: Literal["mutual", "unilateral"]
    declared_by: list[Identifier] = Field(default_factory=list, description="unilateral: the side(s) that declared it")
    broker: Identifier | None = None
    announced: dt.date | None = None
    start: list[Moment] = Field(min_length=1)
    end: list[Moment] = Field(default_factory=list, description="empty: open-ended")
    covered: Coverage = Field(default_factory=Coverage)
    exclusions: list[Exclusion] = Field(default_factory=list)
    release: list[Release] = Field(default_factory=list)
    responses: list[Response] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list, description="the sources for parties and mode")

    def disputed(self, term: Literal["start", "end"]) -> bool:
        """Whether the sources give the term more than one time."""
        return len({m.at for m in getattr(self, term)}) > 1

    def earliest_start(self) -> dt.datetime:
        return min(m.at for m in self.start)

    def latest_end(self) -> dt.datetime | None:
        return max((m.at for m in self.end), default=None)


class AgreementFile(_Strict):
    """A file of agreements."""

    agreements: list[Agreement] = Field(min_length=1)

    def agreement(self, agreement_id: str) -> Agreement:
        return next(a for a in self.agreements if a.id == agreement_id)


def check_agreements(doc: dict):
    """Cross-reference errors of an agreement document, as (path, message) pairs: duplicate ids, sides
    that are not parties, a unilateral agreement without its declarer, an end before every start."""
    seen: set[str] = set()
    for k, agreement in enumerate(_items(doc.get("agreements"))):
        agreement = agreement if isinstance(agreement, dict) else {}
        if isinstance(agreement.get("id"), str):
            if agreement["id"] in seen:
                yield ("agreements", k, "id"), f'duplicate agreement id "{agreement["id"]}"'
            seen.add(agreement["id"])
        yield from _check_sides(("agreements", k), agreement)
        yield from _check_times(("agreements", k), agreement)


def _items(value) -> list:
    return value if isinstance(value, list) else []


def _check_sides(path: tuple, agreement: dict):
    parties = {p for p in _items(agreement.get("parties")) if isinstance(p, str)}
    if agreement.get("mode") == "unilateral" and not _items(agreement.get("declared_by")):
        yield path + ("declared_by",), "a unilateral agreement names the side that declared it"
    named = [("declared_by", k, side) for k, side in enumerate(_items(agreement.get("declared_by")))]
    for r, release in enumerate(_items(agreement.get("release"))):
        release = release if isinstance(release, dict) else {}
        if release.get("violation_by", ANY) != ANY:
            named.append(("release", r, "violation_by", release["violation_by"]))
        named += [("release", r, "frees", k, side) for k, side in enumerate(_items(release.get("frees")))]
    for *where, side in named:
        if isinstance(side, str) and side not in parties:
            yield path + tuple(where), f'"{side}" is not a party of the agreement'


def _check_times(path: tuple, agreement: dict):
    starts = [m.get("at") for m in _items(agreement.get("start")) if isinstance(m, dict)]
    starts = [t for t in starts if isinstance(t, dt.datetime) and t.tzinfo is not None]
    for k, moment in enumerate(_items(agreement.get("end"))):
        end = moment.get("at") if isinstance(moment, dict) else None
        if isinstance(end, dt.datetime) and end.tzinfo is not None and starts and end <= min(starts):
            yield path + ("end", k, "at"), "ends before the agreement starts"


def agreement_warnings(doc: dict):
    """Terms with no evidence: (path, message) pairs, as a scenario's provenance warnings."""
    for k, agreement in enumerate(_items(doc.get("agreements"))):
        agreement = agreement if isinstance(agreement, dict) else {}
        if not _items(agreement.get("evidence")):
            yield ("agreements", k, "evidence"), "parties and mode cite no evidence"
        for term in ("start", "end", "exclusions", "release", "responses"):
            for m, item in enumerate(_items(agreement.get(term))):
                if isinstance(item, dict) and not _items(item.get("evidence")):
                    yield ("agreements", k, term, m, "evidence"), "cites no evidence"
        covered = agreement.get("covered")
        if isinstance(covered, dict) and not _items(covered.get("evidence")):
            yield ("agreements", k, "covered", "evidence"), "cites no evidence"


def parse_agreements(text: str, fmt: str = "toml", name: str = "<agreements>") -> AgreementFile:
    """Parse and check agreement text; raise :class:`~accord.errors.ScenarioError` listing every problem
    with its line."""
    return agreements_report(text, fmt, name)[0]


def agreements_report(text: str, fmt: str, name: str) -> tuple[AgreementFile, list]:
    """Agreement text parsed and checked, with its warnings (terms that cite no evidence)."""
    from accord.scenario.load import parse_document

    return parse_document(text, fmt, name, AgreementFile, check_agreements, agreement_warnings)


def read_agreements(path=None) -> tuple[AgreementFile, list]:
    """An agreement file (TOML, YAML or JSON; ``-`` for standard input) and its warnings; with no path,
    the bundled terms of the three 2025 truces of the Russia-Ukraine war."""
    from accord.scenario.bundled import bundled_path
    from accord.scenario.load import read_text_document

    return agreements_report(*read_text_document(path if path is not None else bundled_path("truces-2025")))


def is_agreement_document(text: str) -> bool:
    """Whether a document's text is an agreement file (it has ``agreements``) rather than a scenario."""
    return re.search(r'(^|\{)\s*(\[\[\s*agreements\s*\]\]|"?agreements"?\s*[:=])', text, re.MULTILINE) is not None
