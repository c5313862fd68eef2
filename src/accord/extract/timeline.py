"""The timeline: event records of all articles merged into real-world events.

Records join one event when they have the same type, the same sides (either
order for CONSULT) and dates within a day of each other; every article that
reported it is listed, copies of one story counted once. Where sources give
different figures for the same thing ("a meeting lasted 3 hours", "5 hours"),
the disagreement is kept and shown. Events with no date are listed apart.

>>> rows = merge_events([
...     {"kind": "event", "type": "CONSULT", "source": "USA", "target": "RUS", "date": "2025-08-15", "doc": "a",
...      "article": 1, "evidence": "The leaders met for 3 hours.", "status": "happened"},
...     {"kind": "event", "type": "CONSULT", "source": "RUS", "target": "USA", "date": "2025-08-16", "doc": "b",
...      "article": 2, "evidence": "The talks lasted 5 hours.", "status": "happened"}])
>>> len(rows), rows[0].docs, rows[0].disagreements
(1, ['a', 'b'], {'hours': ['3', '5']})
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from accord.tables import HtmlRepr

UNITS = r"(hours?|minutes?|days?|drones?|missiles?|people|soldiers|bodies|prisoners|troops|civilians|casualties)"
_FIGURE = re.compile(r"\b(\d[\d,.]*)\s+(?:\w+\s+)?" + UNITS + r"\b", re.IGNORECASE)


@dataclass
class TimelineEvent(HtmlRepr):
    date: dt.date | None
    type: str
    sides: tuple[str, str]
    docs: list[str] = field(default_factory=list)
    stories: set[int] = field(default_factory=set)   # independent stories: copies of one count once
    evidence: list[str] = field(default_factory=list)
    figures: dict[str, set[str]] = field(default_factory=dict)

    @property
    def disagreements(self) -> dict[str, list[str]]:
        """Figures the sources give differently, by unit."""
        return {unit: sorted(values) for unit, values in self.figures.items() if len(values) > 1}

    def to_dict(self) -> dict:
        return {"date": self.date.isoformat() if self.date else None, "type": self.type, "sides": list(self.sides),
                "docs": self.docs, "sources": len(self.stories), "reports": len(self.evidence),
                "disagreements": self.disagreements,
                "evidence": self.evidence}


def _unit(word: str) -> str:
    word = word.lower()
    return word if word.endswith("s") or word in ("people",) else word + "s"


def _figures(text: str) -> dict[str, str]:
    return {_unit(unit): number.rstrip(".,") for number, unit in _FIGURE.findall(text)}


def merge_events(found: list[dict]) -> list[TimelineEvent]:
    """Happened events merged by type, sides and date (within a day), oldest first, undated last."""
    merged: list[TimelineEvent] = []
    events = [r for r in found if r.get("kind") == "event" and r.get("status", "happened") == "happened"]
    for record in sorted(events, key=lambda r: (r.get("date") or "9999", r["type"])):
        sides = (record["source"], record["target"])
        if record["type"] == "CONSULT":
            sides = tuple(sorted(sides))
        date = dt.date.fromisoformat(record["date"]) if record.get("date") else None
        home = next((e for e in merged if e.type == record["type"] and e.sides == sides and (
            (date is None and e.date is None) or (date and e.date and abs((date - e.date).days) <= 1))), None)
        if home is None:
            home = TimelineEvent(date, record["type"], sides)
            merged.append(home)
        if record["doc"] not in home.docs:
            home.docs.append(record["doc"])
        home.stories.add(record.get("story", record.get("article")))
        home.evidence.append(record["evidence"])
        for unit, value in _figures(record["evidence"]).items():
            home.figures.setdefault(unit, set()).add(value)
    return sorted(merged, key=lambda e: (e.date is None, e.date or dt.date.max, e.type))
