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
from accord.analysis.feasibility import direct_clashes, feasible_deals
from accord.errors import AccordError
from accord.scenario.model import Scenario

FIELDS = {"actor", "issue", "ideal", "acceptable", "salience", "capability"}


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
