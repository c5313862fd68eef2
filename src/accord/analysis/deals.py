"""Result types shared by the deal analyses: deals, concessions and correction sets."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from accord.analysis.packages import beats_no_deal, utilities
from accord.scenario.compiled import CompiledScenario
from accord.tables import HtmlRepr


@dataclass(frozen=True)
class Deal(HtmlRepr):
    """A package (one option per issue) with each actor's utility and its verdict on no deal."""

    options: dict[str, str]
    utilities: dict[str, float]
    beats_no_deal: dict[str, bool]

    def to_dict(self) -> dict:
        return asdict(self)

    def changes_from(self, other: Deal) -> dict[str, str]:
        """The issues on which this deal takes another option than ``other``, with this deal's option.

        >>> a = Deal({"border": "north", "aid": "some"}, {}, {})
        >>> a.changes_from(Deal({"border": "north", "aid": "none"}, {}, {}))
        {'aid': 'some'}
        """
        return {issue: option for issue, option in self.options.items() if other.options.get(issue) != option}


def make_deals(compiled: CompiledScenario, packages: np.ndarray) -> list[Deal]:
    """Deals for a batch of packages [n, I]."""
    packages = np.asarray(packages).reshape(-1, len(compiled.issue_ids))
    utility = utilities(compiled, packages)
    beats = beats_no_deal(compiled, packages)
    return [Deal(options=compiled.package_ids(p),
                 utilities={a: round(float(u), 6) for a, u in zip(compiled.actor_ids, row)},
                 beats_no_deal={a: bool(b) for a, b in zip(compiled.actor_ids, ok)})
            for p, row, ok in zip(packages, utility, beats)]


@dataclass(frozen=True)
class Concession:
    """One actor admitting one more option past its red line on one issue.

    Its cost is capability_a x salience_ai x (1 - u_ai(option)).
    """

    actor: str
    issue: str
    option: str
    cost: float

    def option_label(self, compiled: CompiledScenario) -> str:
        issue = compiled.scenario.issue(self.issue)
        return next(o.label for o in issue.options if o.id == self.option)


@dataclass(frozen=True)
class Waiver:
    """Giving up a soft cross-issue condition."""

    condition: str
    holder: str | None
    cost: float

    def sentence(self, compiled: CompiledScenario) -> str:
        if self.holder is None:
            return f"the parties drop the condition '{self.condition}'"
        return f"{compiled.scenario.actor(self.holder).name} drops the condition '{self.condition}'"


@dataclass(frozen=True)
class CorrectionSet(HtmlRepr):
    """A set of concessions (and waived soft conditions) that opens a deal, with the deal it opens.

    ``broken`` counts the red lines and soft conditions given up.
    """

    concessions: tuple[Concession, ...]
    waivers: tuple[Waiver, ...]
    cost: float
    deal: Deal
    text: str = field(default="", compare=False)

    @property
    def size(self) -> int:
        return len(self.concessions) + len(self.waivers)

    def with_text(self, text: str) -> CorrectionSet:
        return CorrectionSet(self.concessions, self.waivers, self.cost, self.deal, text)

    def key(self) -> frozenset:
        return frozenset([(c.actor, c.issue, c.option) for c in self.concessions] +
                         [("condition", w.condition) for w in self.waivers])

    def to_dict(self) -> dict:
        return {"text": self.text, "cost": self.cost, "size": self.size,
                "concessions": [asdict(c) for c in self.concessions],
                "waivers": [asdict(w) for w in self.waivers], "deal": self.deal.to_dict()}


def correction_set(compiled: CompiledScenario, key: np.ndarray, package: np.ndarray, *, intro: str) -> CorrectionSet:
    """Spell out the concession key of a package: who admits what, at what cost."""
    n_issues = len(compiled.issue_ids)
    concessions = []
    for i in range(n_issues):
        k = int(key[i])
        if k < 0:
            continue
        for a in np.flatnonzero(~compiled.acceptable[:, i, k]):
            concessions.append(Concession(compiled.actor_ids[a], compiled.issue_ids[i], compiled.option_ids[i][k],
                                          round(float(compiled.concession_cost[a, i, k]), 4)))
    soft = [c for c in compiled.conditions if c.soft]
    waivers = [Waiver(c.id, compiled.actor_ids[c.holder] if c.holder is not None else None, c.cost)
               for c, bit in zip(soft, key[n_issues:]) if bit]
    cost = round(sum(c.cost for c in concessions) + sum(w.cost for w in waivers), 4)
    parts = _concession_sentences(compiled, concessions) + [w.sentence(compiled) for w in waivers]
    text = intro + _join(parts) if parts else intro + "nothing"
    return CorrectionSet(tuple(concessions), tuple(waivers), cost, make_deals(compiled, package)[0], text)


def _concession_sentences(compiled: CompiledScenario, concessions: list[Concession]) -> list[str]:
    """One clause per option admitted: "Russia and Ukraine accept a land swap in Donbas"."""
    by_option: dict[tuple[str, str], list[str]] = {}
    for c in concessions:
        by_option.setdefault((c.issue, c.option), []).append(compiled.scenario.actor(c.actor).name)
    clauses = []
    for (issue, option), names in by_option.items():
        label = Concession("", issue, option, 0).option_label(compiled)
        verb = "accepts" if len(names) == 1 else "accept"
        clauses.append(f"{_join(names)} {verb} {label}")
    return clauses


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
