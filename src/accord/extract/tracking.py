"""Stance tracking: each side's dated sequence of stances on each issue, with its shifts flagged.

Stance records of one side on one issue are ordered by the date they were
stated; records of the same date, polarity and option make one step (its
sources counted once per independent story). A *shift* is a step whose
polarity or option differs from the step before it, e.g. a side that
demanded a trilateral summit and now demands a bilateral one first.

>>> steps = [{"kind": "stance", "side": "USA", "issue": "summit", "polarity": "demand", "option": "trilateral",
...           "date": "2025-08-15", "holder": "Trump", "doc": "a", "story": 1, "evidence": "..."},
...          {"kind": "stance", "side": "USA", "issue": "summit", "polarity": "demand", "option": "bilateral",
...           "date": "2025-08-19", "holder": "Trump", "doc": "b", "story": 2, "evidence": "..."}]
>>> track = track_stances(steps)[0]
>>> [shift.text() for shift in track.shifts]
['USA on summit: demand trilateral -> demand bilateral (1 source, 2025-08-19)']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from accord.tables import HtmlRepr


DIRECTION = {"demand": 1, "accept": 1, "offer": 1, "reject": -1}  # conditions and threats qualify, not move


@dataclass
class Step:
    date: dt.date | None
    polarity: str
    option: str | None
    holders: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    stories: set = field(default_factory=set)
    evidence: list[str] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)

    @property
    def sources(self) -> int:
        return len(self.stories)

    def label(self) -> str:
        return f"{self.polarity} {self.option}" if self.option else self.polarity


@dataclass
class Shift(HtmlRepr):
    side: str
    issue: str
    before: Step
    after: Step

    def text(self) -> str:
        when = self.after.date.isoformat() if self.after.date else "undated"
        sources = f"{self.after.sources} source{'s' if self.after.sources != 1 else ''}"
        return f"{self.side} on {self.issue}: {self.before.label()} -> {self.after.label()} ({sources}, {when})"

    def to_dict(self) -> dict:
        """The shift as a row: side, issue, the stances before and after, when, on how many sources."""
        return {"side": self.side, "issue": self.issue, "before": self.before.label(), "after": self.after.label(),
                "date": self.after.date.isoformat() if self.after.date else None, "sources": self.after.sources,
                "text": self.text()}


@dataclass
class Track(HtmlRepr):
    side: str
    issue: str
    steps: list[Step]

    @property
    def shifts(self) -> list[Shift]:
        """Dated steps that move from the last dated step naming an option: to another option that is
        wanted, or the same option turned from wanted to rejected (or back)."""
        found, before = [], None
        for step in self.steps:
            if step.date is None or step.option is None or step.polarity not in DIRECTION:
                continue
            if before is not None and (
                    (step.option != before.option and DIRECTION[step.polarity] > 0 and DIRECTION[before.polarity] > 0)
                    or (step.option == before.option and DIRECTION[step.polarity] != DIRECTION[before.polarity])):
                found.append(Shift(self.side, self.issue, before, step))
            before = step
        return found

    def to_dict(self) -> dict:
        return {"side": self.side, "issue": self.issue, "steps": [
            {"date": s.date.isoformat() if s.date else None, "polarity": s.polarity, "option": s.option,
             "holders": s.holders, "docs": s.docs, "sources": s.sources} for s in self.steps],
            "shifts": [shift.text() for shift in self.shifts]}


def _date(record: dict) -> dt.date | None:
    return dt.date.fromisoformat(record["date"]) if record.get("date") else None


def track_stances(found: list[dict]) -> list[Track]:
    """One track per side and issue, steps in date order (undated first), consecutive equal steps merged.
    Stances on no issue (extracted without a scenario) have no track until an analyst places them."""
    grouped: dict[tuple[str, str], list[dict]] = {}
    for record in found:
        if record.get("kind") == "stance" and record.get("issue") is not None:
            grouped.setdefault((record["side"], record["issue"]), []).append(record)
    tracks = []
    for (side, issue), records in sorted(grouped.items()):
        steps: list[Step] = []
        for record in sorted(records, key=lambda r: (_date(r) or dt.date.min, r.get("article", 0), r.get("start", 0))):
            key = (record["polarity"], record.get("option"))
            last = steps[-1] if steps else None
            if last is None or (last.polarity, last.option) != key:
                last = Step(_date(record), *key)
                steps.append(last)
            if record.get("holder") and record["holder"] not in last.holders:
                last.holders.append(record["holder"])
            if record["doc"] not in last.docs:
                last.docs.append(record["doc"])
            last.stories.add(record.get("story", record.get("article")))
            last.evidence.append(record["evidence"])
            last.records.append(record)
        tracks.append(Track(side, issue, steps))
    return tracks
