"""Typed extraction records, the article they come from, and the seam every extractor plugs into.

An :class:`Extractor` takes one :class:`ArticleText` and returns records: an
:class:`ActorRecord` per actor named, :class:`QuoteRecord`, :class:`StanceRecord`,
:class:`EventRecord` and :class:`ClaimRecord` (a truce-violation claim, denial or confirmation). Each record keeps its evidence (the sentence and the
character offsets of the words it rests on, in the article's clean text) and
its provenance: the extractor and version that made it and, for a stance, the
scenario (id and content hash) whose issues it was coded on. A stance found
with no scenario has no issue: its ``phrase`` says what it is about.

Records are stored as their :meth:`Record.to_dict` (the ``SCHEMA.md`` fields
and more) and read back with :func:`record_from_dict`.

>>> stance = StanceRecord(id="s1", doc="001", article=1, evidence="Ruritania rejects the plan.", start=0, end=26,
...                       side="RUR", holder="Ruritania", polarity="reject", phrase="the plan")
>>> stance.to_dict()["kind"], stance.issue
('stance', None)
>>> record_from_dict(stance.to_dict()) == stance
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import ClassVar, Protocol, runtime_checkable
from accord.tables import HtmlRepr

POLARITIES = ("demand", "accept", "reject", "offer", "condition", "threaten")


@dataclass
class ArticleText:
    """An article as extraction sees it: its id, date, outlet and sentences with offsets."""

    id: int
    doc: str
    published: dt.date | None
    outlet: str | None
    sentences: list[tuple[int, int, str]]
    duplicate_of: int | None = None
    section: str = "main"


@dataclass(kw_only=True)
class Record(HtmlRepr):
    """What every record has: where it was read, how sure we are, and what made it."""

    kind: ClassVar[str] = ""
    id: str
    doc: str
    article: int
    evidence: str
    start: int
    end: int
    section: str = "main"
    confidence: float | None = None    # set when stored (see accord.extract.pipeline.confidence)
    source_type: str | None = None
    outlet: str | None = None
    extractor: str | None = None       # provenance: the extractor's name and version ...
    extractor_version: str | None = None
    scenario_id: str | None = None     # ... and the scenario a stance was coded on
    scenario_hash: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"record {self.id}: offsets [{self.start}, {self.end}) are not a span")

    def to_dict(self) -> dict:
        """The record as stored and shown: id, kind and place first, then what it says, then its evidence,
        score and provenance."""
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # plain values: no deep copy
        own = {key: value for key, value in fields.items() if key not in _HEAD and key not in _TAIL}
        return {"id": self.id, "kind": self.kind, **{key: fields[key] for key in _HEAD[1:]}, **own,
                **{key: fields[key] for key in _TAIL}}


_HEAD = ("id", "doc", "article", "section")   # a record's place, shown first; the rest of Record's fields last
_TAIL = tuple(f.name for f in dataclasses.fields(Record) if f.name not in _HEAD)


@dataclass(kw_only=True)
class ActorRecord(Record):
    """An actor an article names (known to the gazetteer or not), with its first mention as evidence."""

    kind: ClassVar[str] = "actor"
    name: str
    side: str | None
    actor_kind: str
    role: str | None = None
    via: str = "gazetteer"
    mentions: int = 0


@dataclass(kw_only=True)
class QuoteRecord(Record):
    """Words attributed to a speaker, in quotation marks (``direct``) or reported."""

    kind: ClassVar[str] = "quote"
    speaker: str
    side: str | None
    text: str
    direct: bool
    cue: str | None = None


@dataclass(kw_only=True)
class StanceRecord(Record):
    """A side's position: on a scenario issue (and option) when one was given, else on a ``phrase``."""

    kind: ClassVar[str] = "stance"
    side: str
    holder: str
    polarity: str
    issue: str | None = None
    option: str | None = None
    phrase: str | None = None
    date: str | None = None
    cue: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.polarity not in POLARITIES:
            raise ValueError(f"record {self.id}: polarity '{self.polarity}' is not one of {', '.join(POLARITIES)}")


@dataclass(kw_only=True)
class EventRecord(Record):
    """A dated PLOVER event between a source and a target, with whether it happened."""

    kind: ClassVar[str] = "event"
    source: str
    target: str
    type: str
    cameo: str | None = None
    status: str = "happened"
    date: str | None = None
    trigger: str | None = None


CLAIM_KINDS = ("claim", "denial", "confirmation")


@dataclass(kw_only=True)
class ClaimRecord(Record):
    """A truce-violation claim, a denial or an independent confirmation, always as its ``claimant`` says it.

    ``kind`` is ``claim`` (the claimant says ``accused`` broke the truce), ``denial`` (says ``accused``, mostly
    itself, did not) or ``confirmation`` (a source that is neither party, ``independent``, confirms activity;
    ``accused`` may be None). ``period`` is ``{"from": ..., "to": ...}`` (ISO dates or None), ``count`` the
    number the sentence attaches to ``what`` (None when it gives none).

    >>> claim = ClaimRecord(id="c1", kind="claim", doc="001", article=1, evidence="Ruritania says Osterlich "
    ...                     "shelled its posts 40 times.", start=0, end=50, claimant="RUR", accused="OST", count=40,
    ...                     what="shelling")
    >>> claim.to_dict()["kind"], claim.period
    ('claim', {'from': None, 'to': None})
    >>> record_from_dict(claim.to_dict()) == claim
    True
    """

    kind: str
    claimant: str
    accused: str | None
    what: str
    count: int | None = None
    period: dict = dataclasses.field(default_factory=lambda: {"from": None, "to": None})
    independent: bool = False
    cue: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.kind not in CLAIM_KINDS:
            raise ValueError(f"record {self.id}: kind '{self.kind}' is not one of {', '.join(CLAIM_KINDS)}")
        if not self.claimant:
            raise ValueError(f"record {self.id}: a {self.kind} needs its claimant")


RECORD_TYPES: dict[str, type[Record]] = {cls.kind: cls for cls in (ActorRecord, QuoteRecord, StanceRecord,
                                                                   EventRecord)}
RECORD_TYPES.update({kind: ClaimRecord for kind in CLAIM_KINDS})


def record_from_dict(data: dict) -> Record:
    """The typed record a stored dict holds; fields it does not know (a review, counts) are left out."""
    cls = RECORD_TYPES.get(data.get("kind"))
    if cls is None:
        raise ValueError(f"unknown record kind {data.get('kind')!r}")
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{key: value for key, value in data.items() if key in names})


@runtime_checkable
class Extractor(Protocol):
    """Anything that turns one article into records: the rules today, a trained model later.

    ``name`` and ``version`` are stored with every record it makes; re-extracting a corpus with
    one extractor replaces that extractor's records and leaves the others' alone.
    """

    name: str
    version: str

    def extract(self, article: ArticleText) -> list[Record]:
        ...

