"""What-if analysis: change a scenario in memory and recompute the answers that matter, fast.

A change moves an actor's ideal on an issue, relaxes or tightens its red
line (the acceptable options), or sets a salience or a capability. The
answer is the number of feasible deals, the cheapest concession sets, the
direct clashes and the compromise forecast: the parts of the brief that a
user watches while turning the knobs (about 0.1 s on the Ukraine scenario).

>>> import accord
>>> base = accord.load_scenario()
>>> answer = what_if(base, [{"actor": "RUS", "issue": "nato_membership", "acceptable": ["open", "deferred", "ruled_out"]}])
>>> answer["clashes"] < what_if(base, [])["clashes"]
True
"""

from __future__ import annotations

from accord.analysis.central import compromise
from accord.analysis.concessions import minimal_correction_sets
from accord.analysis.deals import make_deals
from accord.analysis.feasibility import best_feasible_packages, direct_clashes, feasible_deals, feasible_packages
from accord.analysis.packages import as_compiled
from accord.errors import AccordError
from accord.scenario.model import Scenario

FIELDS = {"actor", "issue", "ideal", "acceptable", "salience", "capability"}
FEASIBLE_CAP = 1000  # feasible deals counted at most (the brief and `accord changes` count as far)


def _number(value, what: str, number: int, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):  # true is not a salience of 1
        raise AccordError(f"change {number}: {what} must be a number")
    try:
        result = float(value)
    except OverflowError:  # an integer of hundreds of digits
        raise AccordError(f"change {number}: {what} must be between {low:g} and {high:g}") from None
    if not (low <= result <= high):
        raise AccordError(f"change {number}: {what} must be between {low:g} and {high:g}")
    return result


def apply_what_if(base: Scenario, changes: list[dict]) -> Scenario:
    """A copy of ``base`` with the changes; an unknown actor, issue, option or field is an error."""
    data = base.model_dump(mode="json", by_alias=True, exclude_none=True)
    actors = {a["id"]: a for a in data["actors"]}
    issues = {i["id"]: [o["id"] for o in i["options"]] for i in data["issues"]}
    for number, change in enumerate(changes, start=1):
        unknown = set(change) - FIELDS
        if unknown:
            raise AccordError(f"change {number}: unknown field '{sorted(unknown)[0]}'")
        actor = change.get("actor")
        if not isinstance(actor, str) or actor not in actors:
            raise AccordError(f"change {number}: unknown actor {actor!r}")
        if "capability" in change:
            actors[actor]["capability"] = {"value": _number(change["capability"], "capability", number, 1e-9, 1e9),
                                           "basis": "estimate", "rationale": "what-if"}
        issue = change.get("issue")
        if issue is None:
            continue
        if not isinstance(issue, str) or issue not in issues:
            raise AccordError(f"change {number}: unknown issue {issue!r}")
        accepted = change.get("acceptable", [])
        if not isinstance(accepted, list) or not all(isinstance(o, str) for o in accepted):
            raise AccordError(f"change {number}: acceptable must be a list of option ids")
        position = data.setdefault("positions", {}).setdefault(actor, {}).setdefault(
            issue, {"salience": {"value": 50, "basis": "estimate", "rationale": "what-if"}})
        for option in [change.get("ideal")] + accepted:
            if option is not None and (not isinstance(option, str) or option not in issues[issue]):
                raise AccordError(f"change {number}: {issue} has no option {option!r}")
        if change.get("ideal"):
            position["ideal"] = change["ideal"]
            position.pop("utilities", None)
        if "acceptable" in change:
            position["acceptable"] = list(change["acceptable"]) or None
            if position["acceptable"] is None:
                position.pop("acceptable")
            elif position.get("ideal") not in position["acceptable"]:
                position["ideal"] = position["acceptable"][0]
        if "salience" in change:
            position["salience"] = {"value": _number(change["salience"], "salience", number, 0, 100),
                                    "basis": "estimate", "rationale": "what-if"}
    try:
        return Scenario.model_validate(data)
    except ValueError as error:
        raise AccordError(f"the changed scenario is not valid: {str(error).splitlines()[0]}") from None


def what_if(base: Scenario, changes: list[dict], k: int = 3) -> dict:
    """The answers for ``base`` with ``changes`` applied: plain data, ready for JSON."""
    scenario = apply_what_if(base, changes)
    feasible = feasible_deals(scenario, limit=1000)
    return {"feasible": len(feasible), "clashes": len(direct_clashes(scenario)),
            "concessions": [s.text for s in minimal_correction_sets(scenario, k=k)] if not feasible else [],
            "forecast": {f.issue: f.option for f in compromise(scenario)}}


def _deal_rows(compiled, options: dict[str, str]) -> list[dict]:
    """A deal's options per issue, with the issue's title and the option's label (what a reader is shown)."""
    rows = []
    for issue in compiled.scenario.issues:
        option = options.get(issue.id)
        label = next((o.label for o in issue.options if o.id == option), option)
        rows.append({"issue": issue.id, "title": issue.title, "option": option, "label": label})
    return rows


def outcome(scenario: Scenario) -> dict:
    """What the what-if table shows of one state of a scenario: how many deals are feasible (up to
    :data:`FEASIBLE_CAP`), the cheapest concession that opens one (None when a deal is feasible as it is, or when
    no concession can), the top deal (the best feasible one, else the one that concession opens) and the
    compromise forecast, each option with its label.

    The concession search uses the CP-SAT solver with k = 1: on the bundled scenario it answers in about 50 ms,
    where enumerating every package takes about 350 ms, and both give the same cheapest set.

    >>> import accord
    >>> state = outcome(accord.load_scenario())
    >>> state["feasible"], state["deal_kind"], state["concession"]["text"].startswith("a deal opens if")
    (0, 'opened', True)
    """
    compiled = as_compiled(scenario)
    feasible = len(feasible_packages(compiled, FEASIBLE_CAP))
    concession, deal, kind = None, None, None
    if feasible:
        deal, kind = make_deals(compiled, best_feasible_packages(compiled, 1))[0], "feasible"
    else:
        cheapest = minimal_correction_sets(compiled, k=1, engine="solver")
        if cheapest:
            concession, deal, kind = cheapest[0], cheapest[0].deal, "opened"
    return {"feasible": feasible, "feasible_more": feasible >= FEASIBLE_CAP,
            "clashes": len(direct_clashes(compiled)),
            "concession": {"text": concession.text, "cost": round(concession.cost, 2)} if concession else None,
            "deal_kind": kind, "deal": _deal_rows(compiled, deal.options) if deal else [],
            "forecast": _deal_rows(compiled, {f.issue: f.option for f in compromise(compiled)})}


def before_after(base: Scenario, changes: list[dict], before: dict | None = None) -> dict:
    """The :func:`outcome` of ``base`` (or ``before``, when the caller kept it) and of ``base`` with ``changes``,
    with the issues whose forecast or top-deal option moved.

    >>> import accord
    >>> answer = before_after(accord.load_scenario(), [{"actor": "RUS", "issue": "crimea", "salience": 10}])
    >>> sorted(answer)
    ['after', 'before', 'moved']
    """
    before = before if before is not None else outcome(base)
    after = outcome(apply_what_if(base, changes))
    return {"before": before, "after": after,
            "moved": {key: _moved(before[key], after[key]) for key in ("deal", "forecast")}}


def _moved(before: list[dict], after: list[dict]) -> list[str]:
    """The issues whose option differs between two lists of deal rows (an absent deal differs everywhere)."""
    old, new = ({row["issue"]: row["option"] for row in rows} for rows in (before, after))
    return [issue for issue in dict.fromkeys([*old, *new]) if old.get(issue) != new.get(issue)]


def controls(scenario: Scenario) -> dict:
    """What a what-if form starts from: the actors, the issues with their options (ids and labels), each actor's
    capability and current position per issue (ideal, acceptable options, all of them when it names no red line,
    and salience), and where the form starts: the first actor, on the first issue it holds a position on.

    >>> import accord
    >>> start = controls(accord.load_scenario())
    >>> start["positions"]["RUS"]["nato_membership"]["ideal"], start["issues"][0]["options"][0]["label"] != ""
    ('ruled_out', True)
    """
    issues = [{"id": i.id, "title": i.title, "options": [{"id": o.id, "label": o.label} for o in i.options]}
              for i in scenario.issues]
    every = {i.id: [o.id for o in i.options] for i in scenario.issues}
    positions = {actor: {issue: {"ideal": p.ideal, "salience": p.salience.value,
                                 "acceptable": list(p.acceptable) if p.acceptable is not None else every[issue]}
                         for issue, p in by_issue.items()}
                 for actor, by_issue in scenario.positions.items()}
    first = scenario.actors[0].id
    held = positions.get(first, {})
    start = next((i.id for i in scenario.issues if i.id in held), scenario.issues[0].id)
    return {"actors": [{"id": a.id, "name": a.name} for a in scenario.actors], "issues": issues,
            "capability": {a.id: a.capability.value for a in scenario.actors}, "positions": positions,
            "start": {"actor": first, "issue": start}}
