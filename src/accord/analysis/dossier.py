"""Everything the HTML report and the dashboard show, computed once: a :class:`Dossier`.

The presenters render a dossier; they compute nothing. A dossier holds the
brief (feasibility, sticking points, closest deals, forecasts, stability),
the data of each plot (positions, the feasibility matrix, the Pareto frontier
of two actors with the bargaining solutions, forecast distributions), and,
when a news store is given, the evidence records, the timeline and the stance
tracks, with the provenance that opens the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np

from accord import __version__
from accord.analysis.bargaining import _pick, bargaining_solutions, disagreement, solution_scores
from accord.analysis.briefing import Brief, brief
from accord.analysis.efficiency import pareto_frontier
from accord.analysis.packages import as_compiled
from accord.errors import AccordError, Problem
from accord.scenario.model import Scenario


@dataclass
class Dossier:
    brief: Brief
    provenance: dict
    positions: list[dict]            # per issue and actor: ideal point, weight, acceptable points
    feasibility_matrix: list[dict]   # per issue and option: the actors that rule it out
    pair: tuple[str, str]
    frontier: list[tuple[float, float]]
    solutions: dict[str, tuple[float, float] | None]
    distributions: list[dict]        # per issue: quantiles and option shares of the compromise model
    records: list[dict] = field(default_factory=list)
    articles: dict[str, dict] = field(default_factory=dict)   # doc id -> title, outlet, date, text
    timeline: list[dict] = field(default_factory=list)
    tracks: list[dict] = field(default_factory=list)
    stability: dict | None = None    # states (with the concepts they are equilibria under) and moves
    labels: dict = field(default_factory=dict)   # actor names, issue titles, and each issue's options on its scale
    pair_solutions: dict[str, tuple[float, float] | None] = field(default_factory=dict)  # over the pair alone
    all_solutions: list[dict] = field(default_factory=list)  # over all actors and all deals (red lines ignored)
    monitoring: list = field(default_factory=list)  # MonitorReport of each agreement the news claims about


def _positions(scenario: Scenario) -> list[dict]:
    compiled = as_compiled(scenario)
    rows = []
    for i, issue in enumerate(scenario.issues):
        options = compiled.option_ids[i]
        for a, actor in enumerate(scenario.actors):
            position = scenario.positions.get(actor.id, {}).get(issue.id)
            if position is None:
                continue
            ideal = position.ideal
            point = float(compiled.points[i, options.index(ideal)]) if ideal in options else None
            rows.append({"issue": issue.id, "actor": actor.id, "ideal": ideal, "point": point,
                         "weight": float(actor.capability.value * position.salience.value),
                         "acceptable": [float(compiled.points[i, k]) for k, o in enumerate(options)
                                        if compiled.acceptable[a, i, k]]})
    return rows


def labels_of(scenario: Scenario) -> dict:
    """Names to show instead of ids: actors, issues, and each issue's options in scale order with their points."""
    compiled = as_compiled(scenario)
    return {"actors": {a.id: a.name for a in scenario.actors}, "issues": {i.id: i.title for i in scenario.issues},
            "options": {issue.id: [{"option": o.id, "label": o.label, "point": float(compiled.points[i, k])}
                                   for k, o in enumerate(sorted(issue.options, key=lambda o: compiled.option_ids[i]
                                                                .index(o.id)))]
                        for i, issue in enumerate(scenario.issues)}}


def _feasibility_matrix(scenario: Scenario) -> list[dict]:
    compiled = as_compiled(scenario)
    return [{"issue": issue.id, "option": option, "ruled_out_by": [
        actor for a, actor in enumerate(compiled.actor_ids) if not compiled.acceptable[a, i, k]]}
        for i, issue in enumerate(scenario.issues) for k, option in enumerate(compiled.option_ids[i])]


def _pair(scenario: Scenario, pair: tuple[str, str] | None) -> tuple[str, str]:
    """The two actors of the Pareto plot: the pair asked for, else the two most capable."""
    ids = [a.id for a in scenario.actors]
    if pair:
        wrong = [p for p in pair if p not in ids]
        if len(pair) != 2 or wrong or pair[0] == pair[1]:
            raise AccordError(Problem("--pair", None, None, f"{','.join(pair)}: expected two different actors of "
                                      f"the scenario ({', '.join(ids)})" + (f"; not one: {', '.join(wrong)}" if wrong else "")))
        return pair
    by_capability = sorted(scenario.actors, key=lambda a: -a.capability.value)
    return by_capability[0].id, by_capability[1].id


def _frontier(scenario: Scenario, pair: tuple[str, str]):
    frontier = pareto_frontier(scenario)
    ids = list(frontier.compiled.actor_ids)
    a, b = ids.index(pair[0]), ids.index(pair[1])
    points = frontier.utilities[:, [a, b]]
    # the two actors' own frontier: points no other point beats on both
    order = np.lexsort((-points[:, 1], -points[:, 0]))
    kept, best = [], -np.inf
    for row in points[order]:
        if row[1] > best:
            kept.append((round(float(row[0]), 4), round(float(row[1]), 4)))
            best = row[1]
    solutions, everyone = {}, []
    for name, solution in bargaining_solutions(frontier).items():
        utilities = solution.deal.utilities if solution.deal else None
        solutions[name] = (utilities[pair[0]], utilities[pair[1]]) if utilities else None
        everyone.append({"name": name, "utilities": utilities, "options": solution.deal.options if utilities else None,
                         "outside_red_lines": list(solution.outside_red_lines), "constrained": False})
    return kept, solutions, _pair_solutions(kept, disagreement(frontier.compiled)[[a, b]]), everyone


def _pair_solutions(kept: list[tuple[float, float]], d: np.ndarray) -> dict[str, tuple[float, float] | None]:
    """The bargaining solutions of the two actors alone, on their own frontier (the others' utilities ignored),
    so that the points drawn on the two-actor frontier belong to it."""
    values = np.array(kept, dtype=float).reshape(-1, 2)
    picked = {name: _pick(score, values, allowed) for name, (score, allowed) in solution_scores(values, d).items()}
    return {name: None if row is None else kept[row] for name, row in picked.items()}


def _distributions(result: Brief) -> list[dict]:
    uncertainty = result.forecasts.uncertainty if result.forecasts else None
    if uncertainty is None:
        return []
    return [d.to_dict() for d in uncertainty.models.get("compromise", [])]


def _stability_graph(result: Brief) -> dict | None:
    stability = result.stability
    if stability is None:
        return None
    space = stability.space
    equilibria = {c: set(stability.equilibria(c)) for c in stability.concepts}
    makers = [d.id for d in space.model.decision_makers]
    states = [{"number": int(n), "label": space.describe(k),
               "equilibrium": [c for c, found in equilibria.items() if int(n) in found],
               "status_quo": stability.status_quo == k} for k, n in enumerate(space.numbers)]
    moves = [{"from": int(space.numbers[i]), "to": int(space.numbers[j]), "mover": makers[m],
              "improves": bool(space.improvements[m, i, j])}
             for m, i, j in zip(*np.nonzero(space.moves))]
    return {"states": states, "moves": moves}


def build_dossier(scenario: Scenario, records: list[dict] | None = None, articles: dict[str, dict] | None = None,
                  timeline: list[dict] | None = None, tracks: list[dict] | None = None,
                  pair: tuple[str, str] | None = None, runs: int = 1000, seed: int = 0, conflict=None,
                  monitoring: list | None = None) -> Dossier:
    """Compute everything a report shows. ``records``, ``articles``, ``timeline`` and ``tracks`` come from the
    news store (see :mod:`accord.extract`), ``monitoring`` from :func:`accord.api.monitor_agreements`;
    without them the report covers the scenario alone."""
    chosen = _pair(scenario, pair)  # a wrong pair is said before the long work
    result = brief(scenario, conflict=conflict, runs=runs, seed=seed)
    frontier, solutions, pair_solutions, all_solutions = _frontier(scenario, chosen)
    records = records or []
    dates = [a["published"] for a in (articles or {}).values() if a.get("published")]
    provenance = {"accord_version": __version__, "scenario_id": scenario.scenario.id,
                  "scenario_title": scenario.scenario.title, "scenario_hash": scenario.content_hash(),
                  "corpus_cutoff": max(dates) if dates else None, "articles": len(articles or {}),
                  "records": len(records), "generated": dt.date.today().isoformat()}
    return Dossier(result, provenance, _positions(scenario), _feasibility_matrix(scenario), chosen, frontier,
                   solutions, _distributions(result), records, articles or {}, timeline or [], tracks or [],
                   _stability_graph(result), labels_of(scenario), pair_solutions, all_solutions, monitoring or [])


def redrawn(dossier: Dossier, scenario: Scenario) -> Dossier:
    """The dossier with the positions and the feasibility matrix of another state of its scenario (a what-if):
    the plots that a change of position moves at once; the rest stays as computed for the base scenario."""
    return replace(dossier, positions=_positions(scenario), feasibility_matrix=_feasibility_matrix(scenario))
