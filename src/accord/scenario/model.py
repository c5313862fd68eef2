"""The scenario format: a multi-party negotiation held as data.

A scenario names the actors, the issues with their ordered options, each
actor's position on each issue it cares about (ideal option or utility table,
salience, red line and evidence), conditions that link options across issues,
and what each actor gets if there is no deal.

These pydantic models check the *shape* of a scenario (types, ranges, required
fields). Cross-references between parts (an ideal that is not an option, a
condition naming an unknown issue) are checked in :mod:`accord.scenario.checks`,
so that loading can report every problem at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

Identifier = Annotated[
    str,
    Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.\-]+$",
          description="letters, digits, '_', '-' or '.'"),
]


class _Strict(BaseModel):
    """Base: unknown fields are errors, so that typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


class Evidence(_Strict):
    """Where a value comes from: an outlet and date, with a quote or a paraphrase.

    A quote is an official's own short words; anything longer is paraphrased.
    """

    source: str = Field(min_length=1, description="outlet or document, e.g. 'Reuters'")
    date: dt.date | None = Field(None, description="publication date")
    quote: str | None = Field(None, description="an official's own short quoted words")
    paraphrase: str | None = Field(None, description="the analyst's paraphrase")
    speaker: str | None = Field(None, description="who said it")
    url: str | None = None
    article: str | None = Field(None, description="id of the stored article, if any")

    @model_validator(mode="after")
    def _has_content(self) -> Evidence:
        if not (self.quote or self.paraphrase):
            raise ValueError("evidence needs a quote or a paraphrase")
        return self


class Basis(str, Enum):
    reported = "reported"
    estimate = "estimate"


class Measure(_Strict):
    """A number with its provenance: reported with evidence, or an estimate with a rationale.

    A bare number in a scenario file is read as an estimate without a rationale,
    which ``accord validate`` flags.
    """

    value: float
    basis: Basis = Basis.estimate
    rationale: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    range: tuple[float, float] | None = Field(None, description="uncertainty: drawn uniformly from [low, high]")

    @model_validator(mode="after")
    def _range_holds_value(self) -> Measure:
        if self.range is not None and not self.range[0] <= self.value <= self.range[1]:
            raise ValueError(f"range [{self.range[0]:g}, {self.range[1]:g}] must contain the value {self.value:g}")
        return self

    @model_validator(mode="before")
    @classmethod
    def _from_number(cls, data):
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            return {"value": data}
        return data


def _in_range(lo: float, hi: float | None, *, lo_open: bool = False):
    """A check that a Measure's value lies in [lo, hi] (or (lo, hi] when lo_open)."""

    def check(measure: Measure) -> Measure:
        for what, v in [("value", measure.value)] + [("range", r) for r in (measure.range or ())]:
            too_low = v <= lo if lo_open else v < lo
            if too_low or (hi is not None and v > hi):
                lo_txt = f"> {lo:g}" if lo_open else f">= {lo:g}"
                rng = lo_txt if hi is None else f"{lo_txt} and <= {hi:g}"
                raise ValueError(f"{what} must be {rng} (got {v:g})")
        return measure

    return AfterValidator(check)


Capability = Annotated[Measure, _in_range(0, None, lo_open=True)]
Salience = Annotated[Measure, _in_range(0, 100)]
UtilityValue = Annotated[Measure, _in_range(0, 1)]


class ActorKind(str, Enum):
    state = "state"
    bloc = "bloc"
    organisation = "organisation"
    person = "person"


class Actor(_Strict):
    id: Identifier
    name: str = Field(min_length=1)
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list, description="other names used in the news")
    capability: Capability = Field(description="relative power to shape the outcome (> 0)")
    members: list[str] = Field(default_factory=list, description="a bloc's member states")
    side: str | None = Field(None, description="the state a person speaks for")
    description: str | None = None
    utility_scale: float = Field(1.0, gt=0, description=(
        "multiplies the actor's utility; for imported domains whose weights do not sum to 1 "
        "or whose evaluations are not on 0-1"))


class Option(_Strict):
    id: Identifier
    label: str = Field(min_length=1)
    description: str = Field("", description="words that name this option in the news")
    point: float = Field(ge=0, le=100, description="place on the issue's 0-100 scale")


class Units(_Strict):
    """The issue's own scale, for reporting: the values that points 0 and 100 stand for."""

    at_0: float
    at_100: float
    name: str = ""

    def convert(self, point: float) -> float:
        return self.at_0 + (self.at_100 - self.at_0) * point / 100.0


class Issue(_Strict):
    id: Identifier
    title: str = Field(min_length=1)
    description: str = ""
    keywords: list[str] = Field(default_factory=list, description="words that find the issue in news")
    options: list[Option] = Field(min_length=2, description="ordered along the 0-100 scale")
    units: Units | None = Field(None, description="the issue's own scale, when it is not 0-100")


class Position(_Strict):
    """One actor's stance on one issue.

    Spatial form (default): ``ideal`` names the best option and utility falls
    linearly with distance on the 0-100 scale. Table form: ``utilities`` gives
    a utility in [0, 1] for every option, as negotiation-domain files do.
    ``acceptable`` is the red line: options outside it are unacceptable to this
    actor. When it is absent, every option is acceptable.
    """

    ideal: str | None = None
    utilities: dict[str, float] | None = None
    salience: Salience
    acceptable: list[str] | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    basis: Basis = Field(Basis.reported, description="'estimate' when no report backs the position")
    rationale: str | None = None
    ideal_sd: float | None = Field(None, ge=0, description="uncertainty: standard deviation of the ideal point on 0-100")
    may_accept: dict[str, UtilityValue] = Field(default_factory=dict, description=(
        "uncertainty: options outside the red line, each with the probability that the actor accepts it"))


class OptionSet(_Strict):
    issue: str
    options: list[str] = Field(min_length=1)


class Condition(_Strict):
    """A link between options of two issues.

    ``implies``: if the deal takes one of ``if.options`` on ``if.issue``, it
    must take one of ``then.options`` on ``then.issue``. ``excludes``: the deal
    may not take both. A soft condition may be given up at ``cost``.
    """

    id: Identifier
    kind: Literal["implies", "excludes"]
    if_: OptionSet = Field(alias="if")
    then: OptionSet
    holder: str | None = Field(None, description="the actor whose condition this is")
    description: str = ""
    soft: bool = False
    cost: float | None = Field(None, ge=0, description="cost of giving up a soft condition")
    evidence: list[Evidence] = Field(default_factory=list)
    basis: Basis = Basis.reported
    rationale: str | None = None


class NoDeal(_Strict):
    """What each actor gets without agreement: a reference package, per-actor utilities, or both.

    A per-actor utility overrides the package for that actor. An actor with
    neither accepts any deal over none.
    """

    description: str = ""
    package: dict[str, str] | None = None
    utilities: dict[str, UtilityValue] = Field(default_factory=dict)


class Meta(_Strict):
    id: Identifier
    title: str = Field(min_length=1)
    description: str = ""
    as_of: dt.date | None = Field(None, description="date of the latest evidence used")
    scale: str = Field("", description="what 0 and 100 mean on the option scales")
    licence: str | None = None
    stability_model: str | None = Field(None, description="a conflict model file for the brief, relative to this file")


class Scenario(_Strict):
    """A negotiation: actors, issues, positions, conditions and the no-deal outcome.

    Load one with :func:`accord.load_scenario`; analyse it with the functions
    in :mod:`accord.analysis`.
    """

    scenario: Meta
    actors: list[Actor] = Field(min_length=1)
    issues: list[Issue] = Field(min_length=1)
    positions: dict[str, dict[str, Position]] = Field(default_factory=dict)
    conditions: list[Condition] = Field(default_factory=list)
    no_deal: NoDeal = Field(default_factory=NoDeal)

    def actor(self, actor_id: str) -> Actor:
        return next(a for a in self.actors if a.id == actor_id)

    def issue(self, issue_id: str) -> Issue:
        return next(i for i in self.issues if i.id == issue_id)

    def __repr__(self) -> str:
        return (f"<Scenario {self.scenario.id!r}: {len(self.actors)} actors, {len(self.issues)} issues, "
                f"as of {self.scenario.as_of}>")

    def _repr_html_(self) -> str:
        """In Jupyter: the title, each actor, and each issue with its options in order."""
        from html import escape

        from accord.tables import html_table

        actors = [{"actor": a.id, "name": a.name, "capability": a.capability.value,
                   "positions": ", ".join(self.positions.get(a.id, {}))} for a in self.actors]
        issues = [{"issue": i.id, "title": i.title, "options (in order)": " · ".join(o.label for o in i.options)}
                  for i in self.issues]
        return (f"<p><b>{escape(self.scenario.title)}</b> ({escape(self.scenario.id)}, as of "
                f"{escape(str(self.scenario.as_of))})</p>{html_table(actors)}{html_table(issues)}")

    def content_hash(self) -> str:
        """SHA-256 of the scenario's canonical JSON, stored with each stance coded on it and printed in
        reports: the same scenario gives the same hash however it was written; any edit changes it."""
        return hashlib.sha256(self.model_dump_json(by_alias=True).encode("utf-8")).hexdigest()


def json_schema() -> dict:
    """The JSON Schema of the scenario format (what ``accord schema`` prints)."""
    schema = Scenario.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "accord scenario"
    return schema
