"""Drafting a scenario from the news: what the stance records say that the scenario does not.

For each side and issue, the latest dated stance that names an option
decides: a demand or offer makes that option the ideal, an acceptance adds
it to the acceptable set, a rejection takes it out (a red line). Compared
with a base scenario this gives a readable list of proposed changes:

- ``+`` an actor or a position the base lacks;
- ``~`` a changed position, with the evidence that moved it, e.g.
  ``RUS on leaders_meeting: lower_level_first -> accepts bilateral_first (2 sources, 2025-08-20)``;
- ``-`` an option newly ruled out (a red line);
- ``=`` new reports that confirm what the base already says.

Nothing changes until :func:`apply_changes` is called (``accord draft --write``).
Without a base, :func:`draft_scenario` builds a new scenario whose actors are
the sides in the news and whose issues are those the stances name; every
number in it is marked as an estimate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from accord.extract.gazetteer import load_gazetteer
from accord.extract.tracking import Step, Track
from accord.scenario.model import Scenario

VERBS = {"demand": "demands", "offer": "offers", "accept": "accepts", "reject": "rules out"}


@dataclass
class Change:
    """One proposed change to a scenario, with the stance step that supports it."""

    mark: str                  # +, ~, -, =
    side: str
    issue: str | None
    text: str
    step: Step | None = None
    ideal: str | None = None
    accept: list[str] = field(default_factory=list)
    rule_out: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.mark} {self.text}"


def _when(step: Step) -> str:
    sources = f"{step.sources} source{'s' if step.sources != 1 else ''}"
    return f"({sources}, {step.date.isoformat() if step.date else 'undated'})"


def _deciding(track: Track) -> Step | None:
    """The latest step that names an option (dated steps after undated ones)."""
    named = [s for s in track.steps if s.option and s.polarity in VERBS]
    return named[-1] if named else None


def _position_change(base: Scenario, track: Track, step: Step) -> Change | None:
    position = base.positions.get(track.side, {}).get(track.issue)
    option, verb = step.option, VERBS[step.polarity]
    if position is None:
        return Change("+", track.side, track.issue, f"{track.side} on {track.issue}: {verb} {option} {_when(step)}",
                      step, ideal=option if step.polarity in ("demand", "offer") else None,
                      accept=[option] if step.polarity != "reject" else [],
                      rule_out=[option] if step.polarity == "reject" else [])
    acceptable = position.acceptable
    if step.polarity == "reject":
        if acceptable is None or option in acceptable:
            return Change("-", track.side, track.issue, f"{track.side} on {track.issue}: {verb} {option} "
                          f"{_when(step)}", step, rule_out=[option])
        return Change("=", track.side, track.issue, f"{track.side} on {track.issue}: {verb} {option} again "
                      f"{_when(step)}", step)
    if step.polarity in ("demand", "offer") and position.ideal and position.ideal != option:
        return Change("~", track.side, track.issue, f"{track.side} on {track.issue}: {position.ideal} -> {verb} "
                      f"{option} {_when(step)}", step, ideal=option, accept=[option])
    if acceptable is not None and option not in acceptable:
        return Change("~", track.side, track.issue, f"{track.side} on {track.issue}: {position.ideal or '?'} -> "
                      f"{verb} {option} {_when(step)}", step, accept=[option])
    return Change("=", track.side, track.issue, f"{track.side} on {track.issue}: {verb} {option}, as the scenario "
                  f"has it {_when(step)}", step)


def draft_changes(base: Scenario, tracks: list[Track]) -> list[Change]:
    """The changes the stance tracks propose to ``base``, actors first, then positions by side and issue."""
    actors = {a.id for a in base.actors}
    issues = {i.id: i for i in base.issues}
    changes: list[Change] = []
    states = load_gazetteer().states
    for side in sorted({t.side for t in tracks} - actors - {"MEDIA", "EXPERT"}):
        count = sum(len(s.records) for t in tracks if t.side == side for s in t.steps)
        name = states[side].name if side in states else side
        changes.append(Change("+", side, None, f"actor {side} ({name}): {count} stance record(s)"))
    for issue in sorted({t.issue for t in tracks} - set(issues)):
        changes.append(Change("+", "", issue, f"issue {issue}: named by stance records, not in the scenario"))
    for track in tracks:
        if track.side in ("MEDIA", "EXPERT") or track.issue not in issues:
            continue
        step = _deciding(track)
        if step is not None and step.option in {o.id for o in issues[track.issue].options}:
            change = _position_change(base, track, step)
            if change is not None:
                changes.append(change)
    return changes


def _evidence(step: Step, side: str, issue: str) -> list[dict]:
    """Evidence entries linking to the stored articles (our own paraphrase, never the article's words)."""
    out = []
    for record in step.records[:3]:
        verb = VERBS.get(record["polarity"], record["polarity"])
        out.append({"source": record.get("outlet") or record["doc"], "date": record.get("date"),
                    "paraphrase": f"{record.get('holder') or side} {verb} {record.get('option') or issue} "
                                  f"(accord extraction, record {record['id']})",
                    "speaker": record.get("holder"), "article": record["doc"]})
    return out


def apply_changes(base: Scenario, changes: list[Change]) -> Scenario:
    """A new scenario: ``base`` with the changes applied (the base itself is not modified)."""
    data = base.model_dump(mode="json", exclude_none=True, by_alias=True)
    states = load_gazetteer().states
    for change in changes:
        if change.issue is None and change.mark == "+":
            data["actors"].append({"id": change.side, "name": states[change.side].name if change.side in states
                                   else change.side, "kind": "state" if change.side in states else "organisation",
                                   "capability": {"value": 10, "basis": "estimate",
                                                  "rationale": "drafted from the news; to be set by the analyst"}})
    known = {a["id"] for a in data["actors"]}
    for change in changes:
        if change.step is None or change.mark == "=" or change.side not in known:
            continue
        positions = data.setdefault("positions", {}).setdefault(change.side, {})
        if change.issue not in positions and not (change.ideal or change.accept):
            continue  # a new position needs an option to stand on; a rejection alone names none it wants
        position = positions.setdefault(change.issue, {
            "salience": {"value": 50, "basis": "estimate", "rationale": "drafted from the news; to be set by the analyst"}})
        if change.ideal:
            position["ideal"] = change.ideal
        elif "ideal" not in position and "utilities" not in position:
            position["ideal"] = change.accept[0]  # all the news says it wants: an option it accepts
        acceptable = position.get("acceptable")
        if acceptable is not None or change.rule_out:
            issue = base.issue(change.issue)
            options = [o.id for o in issue.options]
            allowed = (set(acceptable if acceptable is not None else options) | set(change.accept)) - set(change.rule_out)
            if not allowed:
                continue  # a side cannot rule out every option; the evidence is kept for the analyst
            position["acceptable"] = [o for o in options if o in allowed]
            if position.get("ideal") not in allowed and not position.get("utilities"):
                point = {o.id: o.point for o in issue.options}
                old = point.get(position.get("ideal"), 50.0)
                position["ideal"] = min(position["acceptable"], key=lambda o: abs(point[o] - old))
        position.setdefault("evidence", []).extend(_evidence(change.step, change.side, change.issue))
        if position.get("basis") == "estimate":
            position["basis"] = "reported"
    dates = [c.step.date for c in changes if c.step and c.step.date]
    if dates:
        current = data["scenario"].get("as_of")
        data["scenario"]["as_of"] = max(dates + ([dt.date.fromisoformat(str(current))] if current else [])).isoformat()
    from accord.scenario.load import validate_document

    return validate_document(data, "drafted scenario")


def draft_scenario(tracks: list[Track], issues_from: Scenario, title: str = "Drafted from the news") -> Scenario:
    """A new scenario from the stance tracks alone: the sides as actors, the issues they name (defined as in
    ``issues_from``, the scenario the stances were coded against), and their positions; numbers are estimates."""
    named = {t.issue for t in tracks if any(s.option for s in t.steps)}
    issues = [i for i in issues_from.issues if i.id in named]
    sides = sorted({t.side for t in tracks if t.issue in named} - {"MEDIA", "EXPERT"})
    if not issues or not sides:
        from accord.errors import AccordError

        raise AccordError("the stored stances name no option of any issue: extract with a scenario first")
    states = load_gazetteer().states
    seed = {"scenario": {"id": "drafted", "title": title},
            "actors": [{"id": side, "name": states[side].name if side in states else side,
                        "kind": "state" if side in states else "organisation",
                        "capability": {"value": 10, "basis": "estimate",
                                       "rationale": "drafted from the news; to be set by the analyst"}}
                       for side in sides],
            "issues": [i.model_dump(mode="json", exclude_none=True) for i in issues]}
    empty = Scenario.model_validate(seed)
    return apply_changes(empty, draft_changes(empty, tracks))
