"""The actor gazetteer: states, organisations, blocs, non-state groups and office holders, with their name variants.

The data files (``data/gazetteer/*.tsv``) are built from general sources (ISO
3166, official lists of heads of state and government and of ministers), not
from any corpus. A scenario's own actors and aliases extend it at run time.

Names are compared by a *folded* key, so that transliteration variants meet:
accents and case go, and the endings that English renders of Slavic names
vary most (-iy, -yy, -yi, -ii, -i, -y) become one. Folding is applied alike
to the gazetteer and the text, so "Zelenskiy", "Zelenskyy" and "Zelensky",
or "Sergei" and "Sergey", are one key.

>>> fold("Zelenskiy") == fold("Zelenskyy") == fold("Zelensky")
True
>>> fold("Sergei Lavrov") == fold("Sergey Lavrov")
True
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

KINDS = ("person", "state", "organisation", "bloc", "group", "outlet")
VOICES = frozenset({"MEDIA", "EXPERT"})  # sides that report or comment, never a party
PARTIES = ("state", "organisation", "bloc", "group")  # the kinds that hold a side of their own (not a person or outlet)
# fold's steps, compiled once: fold runs on every capitalised word of every sentence
POSSESSIVE = re.compile(r"'s\b")
PUNCTUATION = re.compile(r"[^\w' -]+")
ENDING = re.compile(r"(?:iy|yy|yi|ii|ij|i|y)\b")
SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # the same capitalised spans ("President Vladimir Putin") come back sentence after sentence
def fold(name: str) -> str:
    """The comparison key of a name: no accents, lower case, straight quotes, one ending for -iy/-yy/-yi/-i/-y."""
    text = name
    if not text.isascii():  # ASCII has no accents to take off
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = POSSESSIVE.sub("", text)
    text = PUNCTUATION.sub(" ", text).replace("-", " ")
    text = ENDING.sub("y", text)
    return SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Actor:
    """One entry: a state, an organisation or bloc, or a person in one office."""

    name: str
    side: str
    kind: str
    role: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    gender: str | None = None
    country: str | None = None   # for a state: its code; for a person: the state they serve, if any

    def holds_office(self, when: dt.date | None) -> bool:
        if when is None:
            return True
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass
class Gazetteer:
    """Name -> actors, by folded key; role phrases and adjectives by state."""

    by_key: dict[str, list[Actor]] = field(default_factory=lambda: defaultdict(list))
    adjectives: dict[str, str] = field(default_factory=dict)   # folded adjective -> state code
    states: dict[str, Actor] = field(default_factory=dict)     # code -> state
    longest: int = 1                                           # most words in a name
    people: dict[str, list[Actor]] = field(default_factory=lambda: defaultdict(list))  # side -> office holders
    first_words: set[str] = field(init=False)                  # the first word of every key

    def __post_init__(self) -> None:
        self.first_words = {key.split(" ")[0] for key in self.by_key}

    def add(self, names, actor: Actor) -> None:
        for name in names:
            key = fold(name)
            if key and actor not in self.by_key[key]:
                self.by_key[key].append(actor)
                self.longest = max(self.longest, key.count(" ") + 1)
                self.first_words.add(key.split(" ")[0])
        if actor.kind == "person" and actor not in self.people[actor.side]:
            self.people[actor.side].append(actor)

    def lookup(self, name: str, when: dt.date | None = None) -> list[Actor]:
        """The actors a name may stand for, those in office at ``when`` first."""
        found = self.by_key.get(fold(name))
        if not found:  # most capitalised words are no name at all
            return []
        latest = dt.date.min.toordinal()  # with no date, a person's latest office is the likeliest
        return sorted(found, key=lambda a: (not a.holds_office(when), a.kind != "person",
                                            -(a.start.toordinal() if a.start else latest)))

    def office_holders(self, side: str, roles: set[str], when: dt.date | None) -> list[Actor]:
        """People holding one of ``roles`` for ``side`` at ``when``."""
        return sorted((a for a in self.people.get(side, ()) if a.role in roles and a.holds_office(when)),
                      key=lambda a: a.name)


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _rows(folder, name: str) -> list[dict]:
    path = folder.joinpath(name)
    if name == "groups.tsv" and not path.is_file():  # a user's own folder may predate the non-state parties
        return []
    text = path.read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


def _add_party(gazetteer: Gazetteer, row: dict, names: list[str]) -> None:
    """An organisation, bloc or non-state group, under ``names``, with its adjectives."""
    kind = row["kind"] if row["kind"] in KINDS else "organisation"
    gazetteer.add(names, Actor(row["name"], row["side"], kind, country=row.get("country") or None))
    for adjective in _split(row.get("adjectives", "")):  # "European officials" speak for the EU side
        gazetteer.adjectives.setdefault(fold(adjective), row["side"])


@lru_cache(maxsize=4)
def load_gazetteer(folder: Path | None = None) -> Gazetteer:
    """The gazetteer in ``folder`` (countries.tsv, organisations.tsv, groups.tsv, people.tsv), by default the
    one shipped."""
    folder = folder or resources.files("accord.extract").joinpath("data", "gazetteer")
    gazetteer = Gazetteer()
    # Organisations first: "Brussels" stands for the EU more often than for Belgium.
    for row in _rows(folder, "organisations.tsv"):
        _add_party(gazetteer, row, [row["name"], row["code"], *_split(row["aliases"])])
    for row in _rows(folder, "groups.tsv"):  # a group's code ("PA", "SNA") is no name of it: its aliases are
        _add_party(gazetteer, row, [row["name"], *_split(row["aliases"])])
    for row in _rows(folder, "countries.tsv"):
        state = Actor(row["name"], row["code"], "state", country=row["code"])
        gazetteer.states[row["code"]] = state
        gazetteer.add([row["name"], *_split(row["aliases"]), *_split(row["demonyms"]), row["capital"],
                       *_split(row["metonyms"])], state)
        for adjective in _split(row["adjectives"]):
            gazetteer.adjectives.setdefault(fold(adjective), row["code"])
    for row in _rows(folder, "people.tsv"):
        person = Actor(row["name"], row["side"], "person", role=row["role"] or None, start=_date(row["start"]),
                       end=_date(row["end"]), gender=row["gender"] or None,
                       country=row["side"] if row["side"] in gazetteer.states else None)
        gazetteer.add([row["name"], *_split(row["aliases"])], person)
    from accord.extract.sources import load_outlets

    for outlet in load_outlets():  # after states and people: "Bloomberg" the outlet, not a person of that name
        names = [outlet.name, *[a for a in outlet.aliases if len(a) > 2 or a.isupper()]]
        gazetteer.add(names, Actor(outlet.name, outlet.side, "outlet", country=outlet.country))
    return gazetteer


def extend(gazetteer: Gazetteer, scenario) -> Gazetteer:
    """A copy of ``gazetteer`` with a scenario's actors and aliases added; where they meet, the scenario wins.

    Each name the scenario gives is looked up first as the scenario's actor. When the scenario names a
    non-state party the gazetteer knows under another side code (its "AFC" for the gazetteer's M23), or
    names a state by its own name or id under another code, that side is renamed to the scenario's code
    everywhere: the party's other aliases, its people and its adjectives, so that every mention of it
    counts for the scenario's actor.
    """
    extended = Gazetteer(defaultdict(list, {k: list(v) for k, v in gazetteer.by_key.items()}),
                         dict(gazetteer.adjectives), dict(gazetteer.states), gazetteer.longest,
                         defaultdict(list, {k: list(v) for k, v in gazetteer.people.items()}))
    own = [(actor, actor.side or actor.id) for actor in scenario.actors]
    _rename_sides(extended, _renamed_sides(gazetteer, own))
    for actor, side in own:
        kind = getattr(actor.kind, "value", actor.kind)
        mine = Actor(actor.name, side, kind)
        extended.add([actor.name, actor.id, *actor.aliases], mine)
        for name in (actor.name, actor.id, *actor.aliases):  # the scenario's actor first under its own names
            found = extended.by_key.get(fold(name))
            if found and found[0] != mine:
                found.remove(mine)
                found.insert(0, mine)
    return extended


def _renamed_sides(gazetteer: Gazetteer, own: list[tuple]) -> dict[str, str]:
    """Gazetteer side -> scenario side, for the parties a scenario names under a code of its own.

    A non-state party counts when any of the scenario's names for an actor is one of its names; a state only
    by the actor's name or id (a scenario may list a mediating state as an alias of the body it acts for,
    without making that state's people its own). A side claimed by two scenario actors is left alone.
    """
    claims: dict[str, set[str]] = defaultdict(set)
    for actor, side in own:
        strict = {fold(actor.name), fold(actor.id)}
        for name in (actor.name, actor.id, *actor.aliases):
            key = fold(name)
            for known in gazetteer.by_key.get(key, ()):
                if known.kind in PARTIES and known.side != side and (known.kind != "state" or key in strict):
                    claims[known.side].add(side)
    return {old: next(iter(new)) for old, new in claims.items() if len(new) == 1}


def _rename_sides(gazetteer: Gazetteer, renamed: dict[str, str]) -> None:
    """Every actor, office holder and adjective of a renamed side moves to its new code, in place."""
    if not renamed:
        return
    for key, actors in gazetteer.by_key.items():
        actors[:] = [replace(a, side=renamed[a.side]) if a.side in renamed and a.kind != "outlet" else a
                     for a in actors]
    for old, new in renamed.items():
        moved = [replace(a, side=new) for a in gazetteer.people.pop(old, [])]
        gazetteer.people[new] = gazetteer.people.get(new, []) + moved
    gazetteer.adjectives.update({k: renamed[v] for k, v in gazetteer.adjectives.items() if v in renamed})
