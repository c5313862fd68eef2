"""News outlets: what kind of source an article is, and when an outlet is a speaker.

``data/outlets.tsv`` lists wire services, newspapers and broadcasters, state
media, aggregators and think tanks. An article's source type is the kind of
the first listed outlet its outlet field names ("Reuters (via The Star)" is a
wire story); an outlet the list does not know is ``unknown``.

>>> source_type("Reuters (via The Star, on an aggregator)")
'wire'
>>> source_type("TASS"), source_type("Chatham House"), source_type(None)
('state media', 'think tank', 'unknown')
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

SOURCE_TYPES = ("wire", "newspaper", "state media", "aggregator", "think tank", "unknown")


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    type: str
    country: str | None

    @property
    def side(self) -> str:
        """The side an outlet speaks for when it is the speaker: its state for state media, EXPERT for a
        think tank, MEDIA otherwise."""
        if self.type == "state media" and self.country:
            return self.country
        return "EXPERT" if self.type == "think tank" else "MEDIA"


@lru_cache(maxsize=1)
def load_outlets() -> tuple[Outlet, ...]:
    text = resources.files("accord.extract").joinpath("data", "outlets.tsv").read_text(encoding="utf-8")
    return tuple(Outlet(row["name"], tuple(a for a in row["aliases"].split(";") if a), row["type"],
                        row["country"] or None)
                 for row in csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern, dict[str, Outlet]]:
    names: dict[str, Outlet] = {}
    for outlet in load_outlets():
        for name in (outlet.name, *outlet.aliases):
            names.setdefault(name.lower(), outlet)
    alternatives = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in alternatives) + r")(?!\w)", re.IGNORECASE), names


def find_outlet(text: str | None) -> Outlet | None:
    """The first listed outlet that ``text`` names."""
    if not text:
        return None
    pattern, names = _pattern()
    match = pattern.search(text)
    return names[match.group(1).lower()] if match else None


def source_type(outlet_text: str | None) -> str:
    """wire, newspaper, state media, aggregator, think tank or unknown."""
    outlet = find_outlet(outlet_text)
    return outlet.type if outlet else "unknown"
