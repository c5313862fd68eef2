"""Monitoring an agreement: what each side claims against what was agreed, day by day.

A *claim* is what a claimant says: that the accused broke the agreement (``claim``), that a side did not
(``denial``), or, from a source independent of the parties, that it saw the activity (``confirmation``).
Claims are never facts here: every line names its claimant, and a release clause or a response clock that a
claim would set off is shown as *claimed*, not as triggered. The fields are those of
``shared/eval``'s ``claims.jsonl``: ``doc``, ``claimant``, ``accused``, ``kind``, ``period`` (``from``/
``to``), ``count``, ``what``, ``independent``, ``evidence``; the article's ``date`` and ``outlet`` too.

- **Days**: a claim's day is the end of its period, else its start, else its article's date. The seven days
  before the earliest start are the *baseline*, shown beside the agreement's days.
- **Status** of each party's obligation: no claims; claimed by one side; claimed by several sides;
  independently confirmed (a confirmation that names the party). A confirmation that names no party is
  listed apart.
- **Response clocks**: a claim or confirmation of what a response commitment answers starts its clock; the
  deadline is ``within_hours`` later (none when the terms set none).
- **Release clauses** a claim would set off: a claim against the party whose violation frees the others.

>>> import datetime as dt
>>> from accord.scenario.agreement import EXAMPLE, parse_agreements
>>> truce = parse_agreements(EXAMPLE).agreements[0]
>>> claims = [{"doc": "7", "claimant": "EGY", "accused": "ETH", "kind": "claim", "count": 12, "what": "shelling",
...            "period": {"from": "2026-03-02", "to": "2026-03-02"}, "independent": False, "date": "2026-03-03"}]
>>> report = monitor(truce, claims)
>>> [(s.party, s.status) for s in report.statuses]
[('EGY', 'no claims'), ('ETH', 'claimed by one side')]
>>> report.days[-1].day, report.days[-1].claims
(datetime.date(2026, 3, 2), {'EGY': 1})
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from accord.scenario.agreement import ANY, Agreement
from accord.tables import HtmlRepr

BASELINE_DAYS = 7
KINDS = ("claim", "denial", "confirmation")


@dataclass(frozen=True)
class Day:
    """One day: claim records by claimant (``claims``) and the largest number each claimant gave that day."""

    day: dt.date
    baseline: bool
    claims: dict[str, int]
    largest: dict[str, tuple[int, str]]   # claimant -> (count, what)


@dataclass(frozen=True)
class Status:
    """A party's obligation and what is claimed about it."""

    party: str
    status: str
    claimants: list[str]
    claims: int
    denials: int
    confirmed_by: list[str]


@dataclass(frozen=True)
class Clock:
    """A response clock a claim would start: who must respond, by when (None: no deadline set)."""

    who: list[str]
    responds_to: str
    started: dt.datetime
    deadline: dt.datetime | None
    claimant: str
    accused: str | None
    doc: str

    @property
    def line(self) -> str:
        due = f"due by {self.deadline.isoformat()}" if self.deadline else "no deadline set"
        return (f"{', '.join(self.who)} to respond to {self.responds_to} claimed by {self.claimant}"
                f"{' against ' + self.accused if self.accused else ''} (doc {self.doc}): clock from "
                f"{self.started.isoformat()}, {due}")


@dataclass(frozen=True)
class ReleaseClaim:
    """A release clause that a claim would set off, if the claim holds."""

    description: str
    frees: list[str]
    accused: str
    claimants: list[str]


@dataclass
class MonitorReport(HtmlRepr):
    """What is claimed against one agreement (see the module's docstring)."""

    agreement: Agreement
    claims: list[dict]
    days: list[Day]
    statuses: list[Status]
    clocks: list[Clock] = field(default_factory=list)
    releases: list[ReleaseClaim] = field(default_factory=list)
    unattributed: list[dict] = field(default_factory=list)

    @property
    def start_disputed(self) -> bool:
        return self.agreement.disputed("start")

    def to_dict(self) -> dict:
        a = self.agreement
        return {"agreement": a.id, "title": a.title,
                "start": [{"at": m.at.isoformat(), "held_by": m.held_by, "precision": m.precision} for m in a.start],
                "start_disputed": a.disputed("start"), "end_disputed": a.disputed("end"),
                "end": [{"at": m.at.isoformat(), "held_by": m.held_by, "precision": m.precision} for m in a.end],
                "days": [{"day": d.day.isoformat(), "baseline": d.baseline, "claims": d.claims,
                          "largest": {c: {"count": n, "what": w} for c, (n, w) in d.largest.items()}}
                         for d in self.days],
                "statuses": [s.__dict__ for s in self.statuses],
                "clocks": [{**c.__dict__, "started": c.started.isoformat(),
                            "deadline": c.deadline.isoformat() if c.deadline else None} for c in self.clocks],
                "releases": [r.__dict__ for r in self.releases],
                "claims": [_public(c) for c in self.claims]}


CLAIM_FIELDS = ("doc", "claimant", "accused", "kind", "period", "count", "what", "independent", "evidence",
                "outlet", "date")


def _public(claim: dict) -> dict:
    return {key: claim.get(key) for key in CLAIM_FIELDS}


def monitor(agreement: Agreement, claims: list[dict]) -> MonitorReport:
    """The claims about one agreement (those of its window, its baseline included), by day, party,
    response clock and release clause. With several agreements, :func:`monitor_all` gives each claim to one."""
    window = _window(agreement)
    mine = [c for c in claims if c.get("kind") in KINDS and (day := claim_day(c)) and window[0] <= day <= window[1]]
    return MonitorReport(agreement, mine, _days(agreement, mine), _statuses(agreement, mine),
                         _clocks(agreement, mine), _releases(agreement, mine),
                         [c for c in mine if c["kind"] == "confirmation" and not c.get("accused")])


def monitor_all(agreements: list[Agreement], claims: list[dict]) -> list[MonitorReport]:
    """One report per agreement, each claim given to the agreement it is about (:func:`agreement_of`)."""
    mine: dict[str, list[dict]] = defaultdict(list)
    for claim in claims:
        if (agreement := agreement_of(agreements, claim)) is not None:
            mine[agreement.id].append(claim)
    return [monitor(a, mine[a.id]) for a in agreements]


def agreement_of(agreements: list[Agreement], claim: dict) -> Agreement | None:
    """The agreement a claim is about: of those whose window (baseline included) holds its day, one in force
    that day before one not yet in force, one whose coverage names the claim's category ("energy" for
    strikes on energy sites) before one that does not, and the latest started."""
    day = claim_day(claim)
    if day is None:
        return None
    candidates = [a for a in agreements if _window(a)[0] <= day <= _window(a)[1]]
    text = f"{claim.get('what') or ''} {claim.get('evidence') or ''}".lower()

    def fit(a: Agreement) -> tuple:
        in_force = a.earliest_start().date() <= day
        words = {w for phrase in a.covered.targets for w in phrase.lower().replace(",", " ").split() if len(w) > 3}
        return in_force, any(w in text for w in words), a.earliest_start()
    return max(candidates, key=fit, default=None)


def claim_day(claim: dict) -> dt.date | None:
    """The day a claim is about: its period's end, else its start, else its article's date."""
    period = claim.get("period") or {}
    for value in (period.get("to"), period.get("from"), claim.get("date")):
        if value:
            return _date(value)
    return None


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None  # a month alone ("2025-04") names no day


def _window(agreement: Agreement) -> tuple[dt.date, dt.date]:
    """From the baseline's first day to the latest end (open-ended: today)."""
    first = agreement.earliest_start().date() - dt.timedelta(days=BASELINE_DAYS)
    end = agreement.latest_end()
    return first, end.date() if end else dt.date.today()


def _days(agreement: Agreement, claims: list[dict]) -> list[Day]:
    start = agreement.earliest_start().date()
    first, last = _window(agreement)
    seen = [claim_day(c) for c in claims if c["kind"] == "claim"]
    last = min(last, max(seen, default=start))
    by_day: dict[dt.date, Counter] = defaultdict(Counter)
    largest: dict[dt.date, dict[str, tuple[int, str]]] = defaultdict(dict)
    for claim, day in zip((c for c in claims if c["kind"] == "claim"), seen):
        by_day[day][claim["claimant"]] += 1
        if isinstance(claim.get("count"), int):
            best = largest[day].get(claim["claimant"], (-1, ""))
            largest[day][claim["claimant"]] = max(best, (claim["count"], claim.get("what") or "violation"))
    days = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
    return [Day(d, d < start, dict(by_day[d]), largest[d]) for d in days]


def _statuses(agreement: Agreement, claims: list[dict]) -> list[Status]:
    out = []
    for party in agreement.parties:
        against = [c for c in claims if c.get("accused") == party]
        claimants = sorted({c["claimant"] for c in against if c["kind"] == "claim"})
        confirmed = sorted({c["claimant"] for c in against if c["kind"] == "confirmation"})
        status = ("independently confirmed" if confirmed else "no claims" if not claimants else
                  "claimed by one side" if len(claimants) == 1 else "claimed by several sides")
        out.append(Status(party, status, claimants, sum(c["kind"] == "claim" for c in against),
                          sum(c["kind"] == "denial" for c in against), confirmed))
    return out


def _clocks(agreement: Agreement, claims: list[dict]) -> list[Clock]:
    clocks = []
    for response in agreement.responses:
        for claim in claims:
            if claim["kind"] == "denial" or not _answers(response.to, claim) or claim.get("accused") in response.who \
                    or claim_day(claim) < agreement.earliest_start().date():
                continue  # a clock starts from what is claimed while the agreement holds
            started = _started(claim, agreement)
            deadline = started + dt.timedelta(hours=response.within_hours) if response.within_hours else None
            clocks.append(Clock(list(response.who), ", ".join(response.to), started, deadline, claim["claimant"],
                                claim.get("accused"), str(claim.get("doc"))))
    return sorted(clocks, key=lambda c: c.started)


def _answers(kinds: list[str], claim: dict) -> bool:
    """Whether a claim is of what a response answers: any violation, or words of the kind in its category
    or sentence ("offensive" in "a large-scale offensive")."""
    text = f"{claim.get('what') or ''} {claim.get('evidence') or ''}".lower().replace("-", " ")
    return any(kind.lower() == "violation" or all(word in text for word in kind.lower().replace("-", " ").split())
               for kind in kinds)


def _started(claim: dict, agreement: Agreement) -> dt.datetime:
    """When the clock starts: the start of the claimed period (in the agreement's zone), else its day; never
    before the agreement starts (a claim over "the past week" covers days before it)."""
    zone = agreement.earliest_start().tzinfo
    period = claim.get("period") or {}
    for value in (period.get("from"), period.get("to"), claim.get("date")):
        if not value:
            continue
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError:
            continue
        return max(moment if moment.tzinfo else moment.replace(tzinfo=zone), agreement.earliest_start())
    day = claim_day(claim) or agreement.earliest_start().date()
    return max(dt.datetime.combine(day, dt.time(), zone), agreement.earliest_start())


def _releases(agreement: Agreement, claims: list[dict]) -> list[ReleaseClaim]:
    out = []
    for clause in agreement.release:
        accused = agreement.parties if clause.violation_by == ANY else [clause.violation_by]
        for party in accused:
            claimants = sorted({c["claimant"] for c in claims if c["kind"] == "claim" and c.get("accused") == party})
            if claimants:
                frees = clause.frees or [p for p in agreement.parties if p != party]
                out.append(ReleaseClaim(clause.description, frees, party, claimants))
    return out
