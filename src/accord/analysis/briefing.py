"""The briefing: every core analysis of a scenario gathered into one result for presenters."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape as html_escape

from accord import __version__
from accord.analysis.concessions import closest_deals, minimal_correction_sets
from accord.analysis.deals import CorrectionSet, Deal, make_deals
from accord.analysis.feasibility import Clash, NoDealBlock, best_feasible_packages, direct_clashes, no_deal_blockers
from accord.analysis.forecasting import Forecasts, forecasts
from accord.analysis.gmcr import StabilityResult, analyse_conflict
from accord.analysis.packages import as_compiled
from accord.scenario.compiled import CompiledScenario
from accord.scenario.conflict import ConflictModel
from accord.scenario.model import Scenario
from accord.tables import HtmlRepr


FEASIBLE_SHOWN = 1000
DEAL_ORDER = "utility sum, highest first; ties in package order"  # as the Pareto frontier of `accord deals`


@dataclass(frozen=True)
class RedLine(HtmlRepr):
    """What one actor will and will not accept on one issue, with its evidence."""

    actor: str
    issue: str
    ideal: str | None
    acceptable: tuple[str, ...]
    ruled_out: tuple[str, ...]
    salience: float
    evidence: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"actor": self.actor, "issue": self.issue, "ideal": self.ideal, "acceptable": list(self.acceptable),
                "ruled_out": list(self.ruled_out), "salience": self.salience, "evidence": list(self.evidence)}


@dataclass(frozen=True)
class Brief:
    """Everything ``accord brief`` shows, as data.

    ``feasible`` lists the feasible deals best first (:data:`DEAL_ORDER`); ``top`` is how many of them, of the
    concession sets and of the closest deals the brief shows.
    """

    scenario: Scenario
    space_size: int
    red_lines: list[RedLine]
    clashes: list[Clash]
    feasible: list[Deal]
    no_deal: NoDealBlock
    correction_sets: list[CorrectionSet]
    closest: list[CorrectionSet]
    forecasts: Forecasts | None = None
    stability: StabilityResult | None = None
    top: int = 5
    version: str = field(default=__version__)

    @property
    def is_feasible(self) -> bool:
        return bool(self.feasible)

    @property
    def best_deals(self) -> list[Deal]:
        """The ``top`` best feasible deals, best first."""
        return self.feasible[:self.top]

    def _repr_html_(self) -> str:
        from accord.tables import html_table

        verdict = f"{len(self.feasible)} feasible deal(s)" if self.feasible else "no feasible deal"
        return (f"<p><b>{html_escape(self.scenario.scenario.title)}</b>: {verdict}</p>"
                + html_table([{"actor": r.actor, "issue": r.issue, "wants": r.ideal, "rules out": ", ".join(r.ruled_out)}
                              for r in self.red_lines])
                + "<ol>" + "".join(f"<li>{html_escape(s.text)}</li>" for s in self.correction_sets) + "</ol>")

    def to_dict(self) -> dict:
        meta = self.scenario.scenario
        return {
            "accord_version": self.version,
            "scenario": {"id": meta.id, "title": meta.title, "as_of": meta.as_of.isoformat() if meta.as_of else None,
                         "actors": [{"id": a.id, "name": a.name, "kind": a.kind.value,
                                     "capability": a.capability.value} for a in self.scenario.actors],
                         "issues": [{"id": i.id, "title": i.title, "options": [o.id for o in i.options]}
                                    for i in self.scenario.issues]},
            "packages": self.space_size,
            "red_lines": [r.to_dict() for r in self.red_lines],
            "clashes": [c.to_dict() for c in self.clashes],
            "feasible": {"any": self.is_feasible, "count": min(len(self.feasible), FEASIBLE_SHOWN),
                         "more": len(self.feasible) > FEASIBLE_SHOWN, "order": DEAL_ORDER,
                         "deals": [d.to_dict() for d in self.feasible[:max(10, self.top)]]},
            "no_deal": self.no_deal.to_dict(),
            "correction_sets": [c.to_dict() for c in self.correction_sets],
            "closest_deals": [c.to_dict() for c in self.closest],
            "forecasts": self.forecasts.to_dict() if self.forecasts else None,
            "stability": self.stability.to_dict() if self.stability else None,
        }


def _evidence_line(evidence) -> str:
    date = evidence.date.isoformat() if evidence.date else "undated"
    words = f'"{evidence.quote}"' if evidence.quote else evidence.paraphrase
    who = f"{evidence.speaker}: " if evidence.speaker else ""
    return f"{evidence.source}, {date}: {who}{words}"


def red_lines(compiled: CompiledScenario) -> list[RedLine]:
    """Each actor's red line on each issue where it excludes something."""
    found = []
    for actor_id, by_issue in compiled.scenario.positions.items():
        for issue_id, position in by_issue.items():
            options = compiled.option_ids[compiled.issue_ids.index(issue_id)]
            acceptable = tuple(position.acceptable) if position.acceptable is not None else options
            found.append(RedLine(actor_id, issue_id, position.ideal, acceptable,
                                 tuple(o for o in options if o not in acceptable), position.salience.value,
                                 tuple(_evidence_line(e) for e in position.evidence)))
    return found


def brief(scenario: Scenario | CompiledScenario, k: int = 5, engine: str = "auto",
          conflict: ConflictModel | None = None, runs: int = 0, seed: int | None = 0) -> Brief:
    """Run the analyses of the brief: red lines, clashes, feasibility, sticking points, closest deals,
    forecasts (with ``runs`` Monte Carlo runs when > 0) and, given a conflict model, its stability.
    ``k``: how many concession sets and closest deals to find, and feasible deals to show.

    >>> import accord
    >>> from accord.analysis import brief
    >>> result = brief(accord.load_scenario())
    >>> result.is_feasible, len(result.correction_sets) > 0
    (False, True)
    """
    compiled = as_compiled(scenario)
    feasible = make_deals(compiled, best_feasible_packages(compiled, FEASIBLE_SHOWN + 1, engine))
    return Brief(
        scenario=compiled.scenario,
        space_size=compiled.space_size,
        red_lines=red_lines(compiled),
        clashes=direct_clashes(compiled),
        feasible=feasible,
        no_deal=no_deal_blockers(compiled, engine=engine),
        correction_sets=[] if feasible else minimal_correction_sets(compiled, k=k, engine=engine),
        closest=[] if feasible else closest_deals(compiled, k=k, engine=engine),
        forecasts=forecasts(compiled, runs, seed),
        stability=analyse_conflict(conflict) if conflict is not None else None,
        top=k,
    )
