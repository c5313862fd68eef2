"""Drafting a scenario from the news: what the stance records say that the scenario does not.

For each side and issue, the latest dated stance that names an option
decides: a demand or offer makes that option the ideal, an acceptance adds
it to the acceptable set, a rejection takes it out (a red line). Compared
with a base scenario this gives a readable list of proposed changes:

- ``+`` an actor or a position the base lacks;
- ``~`` a changed position, with the evidence that moved it, e.g.
  ``RUS on leaders_meeting: lower_level_first -> accepts bilateral_first (2 sources, 2025-08-20)``;
- ``-`` an option newly ruled out (a red line);
- ``=`` new reports that confirm what the base already says;
- ``?`` a note for the analyst that changes nothing (an issue the scenario lacks, a utility table);
- ``!`` a conflict: as many independent stories (copies of one story count once) say the opposite of
  the latest report on an option, so nothing changes until the analyst reads the sentences.

A change needs a majority of the independent stories that report the side's stance on that option, and
each change keeps the sentences it rests on (:meth:`Change.evidence`), so that it can be checked.
Nothing changes until :func:`apply_changes` is called (``accord draft --write``), and a change that would
make the scenario invalid is not applied but reported (:func:`apply_checked`): the drafted scenario
always passes ``accord validate``. A new scenario from the news alone is :mod:`accord.draft.skeleton`.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

from accord.extract.gazetteer import VOICES, load_gazetteer
from accord.extract.records import story_of
from accord.extract.tracking import Step, Track
from accord.scenario.load import ScenarioError, validate_document
from accord.scenario.model import Scenario
from accord.tables import HtmlRepr

VERBS = {"demand": "demands", "offer": "offers", "accept": "accepts", "reject": "rules out"}
DIRECTION = {"demand": 1, "offer": 1, "accept": 1, "reject": -1}  # for an option, or against it
WINDOW = 7  # days of news before the latest report on an option that count for or against it


@dataclass
class Change(HtmlRepr):
    """One proposed change to a scenario, with the stance step that supports it and the records for and
    against it (a record is an extracted stance with its sentence, outlet, date and doc)."""

    mark: str                  # +, ~, -, =, !
    side: str
    issue: str | None
    text: str
    step: Step | None = None
    ideal: str | None = None
    accept: list[str] = field(default_factory=list)
    rule_out: list[str] = field(default_factory=list)
    support: list[dict] = field(default_factory=list)
    against: list[dict] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.mark} {self.text}"

    def evidence(self) -> list[dict]:
        """The sentences the change rests on and those that say otherwise, each with its doc, outlet and date."""
        return [_sentence(record, "for") for record in self.support] + \
            [_sentence(record, "against") for record in self.against]

    def lines(self) -> list[str]:
        """The change and, indented under it, each sentence it rests on (for a reader to check)."""
        return [str(self)] + [f"    {e['stand']}: {e['doc']} · {e['outlet'] or 'unknown outlet'} · "
                              f"{e['date'] or 'undated'}: {e['sentence']}" for e in self.evidence()]

    def to_dict(self) -> dict:
        return {"mark": self.mark, "side": self.side, "issue": self.issue, "text": self.text,
                "evidence": self.evidence()}


def _sentence(record: dict, stand: str) -> dict:
    return {"stand": stand, "doc": record.get("doc"), "outlet": record.get("outlet"), "date": record.get("date"),
            "sentence": record.get("evidence"), "record": record.get("id"), "polarity": record.get("polarity"),
            "option": record.get("option")}


def _when(step: Step, agree: int, disagree: int = 0) -> str:
    """"(2 sources, 2025-08-21)": the independent stories the change rests on (copies count once), those
    that say otherwise if any, and the date of the latest report."""
    against = f", {disagree} against" if disagree else ""
    return f"({agree} source{'s' if agree != 1 else ''}{against}, {step.date.isoformat() if step.date else 'undated'})"


def _deciding(track: Track, options: set[str]) -> Step | None:
    """The latest step that names an option of the issue (dated steps after undated ones)."""
    named = [s for s in track.steps if s.option in options and s.polarity in VERBS]
    return named[-1] if named else None


def _for_and_against(track: Track, step: Step) -> tuple[list[dict], list[dict], int, int]:
    """The records on the deciding step's option that agree with it and those that contradict it, from the
    same news (``WINDOW`` days up to the step: older reports are history, and a side may have moved since),
    and how many independent stories each side of the count has (copies of one story count once; a story
    that says both counts on both sides)."""
    sign = DIRECTION[step.polarity]
    since = step.date - dt.timedelta(days=WINDOW) if step.date else None
    same = [s for s in track.steps if s.option == step.option and s.polarity in DIRECTION
            and (since is None or s.date is None or s.date >= since)]
    support = [r for s in same if DIRECTION[s.polarity] == sign for r in s.records]
    against = [r for s in same if DIRECTION[s.polarity] != sign for r in s.records]
    return support, against, len({story_of(r) for r in support}), len({story_of(r) for r in against})



def _conflict(track: Track, step: Step, support: list[dict], against: list[dict], agree: int, disagree: int) -> Change:
    sign = DIRECTION[step.polarity]
    return Change("!", track.side, track.issue, f"{track.side} on {track.issue}: conflicting reports on {step.option}: "
                  f"{_say(agree, sign)}, {_say(disagree, -sign)}; nothing changed", step,
                  support=support, against=against)


def _say(stories: int, sign: int) -> str:
    """"1 source rules it out", "2 sources want or accept it"."""
    one = stories == 1
    verb = ("wants or accepts" if one else "want or accept") + " it" if sign > 0 else \
        ("rules" if one else "rule") + " it out"
    return f"{stories} source{'' if one else 's'} {verb}"


def _ideal(position) -> str | None:
    """The option a position wants most: its ideal, or the best of its utility table."""
    if position.ideal or not position.utilities:
        return position.ideal
    return max(position.utilities, key=position.utilities.get)


def _position_change(base: Scenario, track: Track, step: Step, agree: int, disagree: int) -> Change | None:
    position = base.positions.get(track.side, {}).get(track.issue)
    option, verb = step.option, VERBS[step.polarity]
    if position is None:
        return Change("+", track.side, track.issue,
                      f"{track.side} on {track.issue}: {verb} {option} {_when(step, agree, disagree)}",
                      step, ideal=option if step.polarity in ("demand", "offer") else None,
                      accept=[option] if step.polarity != "reject" else [],
                      rule_out=[option] if step.polarity == "reject" else [])
    acceptable = position.acceptable
    if step.polarity == "reject":
        if acceptable is None or option in acceptable:
            return Change("-", track.side, track.issue, f"{track.side} on {track.issue}: {verb} {option} "
                          f"{_when(step, agree, disagree)}", step, rule_out=[option])
        return Change("=", track.side, track.issue, f"{track.side} on {track.issue}: {verb} {option} again "
                      f"{_when(step, agree, disagree)}", step)
    wanted = _ideal(position)
    if step.polarity in ("demand", "offer") and wanted and wanted != option and not position.utilities:
        return Change("~", track.side, track.issue, f"{track.side} on {track.issue}: {wanted} -> {verb} "
                      f"{option} {_when(step, agree, disagree)}", step, ideal=option, accept=[option])
    if step.polarity in ("demand", "offer") and wanted and wanted != option:  # a utility table: a note
        return Change("?", track.side, track.issue, f"{track.side} on {track.issue}: {verb} {option}, but its "
                      f"utility table prefers {wanted}; set the table by hand {_when(step, agree, disagree)}", step)
    if acceptable is not None and option not in acceptable:
        return Change("~", track.side, track.issue, f"{track.side} on {track.issue}: {wanted or '?'} -> "
                      f"{verb} {option} {_when(step, agree, disagree)}", step, accept=[option])
    return Change("=", track.side, track.issue, f"{track.side} on {track.issue}: {verb} {option}, as the scenario "
                  f"has it {_when(step, agree, disagree)}", step)


def draft_changes(base: Scenario, tracks: list[Track]) -> list[Change]:
    """The changes the stance tracks propose to ``base``, actors first, then positions by side and issue."""
    actors = {a.id for a in base.actors}
    issues = {i.id: i for i in base.issues}
    changes: list[Change] = []
    states = load_gazetteer().states
    for side in sorted({t.side for t in tracks} - actors - VOICES):
        count = sum(len(s.records) for t in tracks if t.side == side for s in t.steps)
        name = states[side].name if side in states else side
        changes.append(Change("+", side, None, f"actor {side} ({name}): {count} stance record(s)"))
    for issue in sorted({t.issue for t in tracks} - set(issues)):
        changes.append(Change("?", "", issue, f"issue {issue}: named by stance records, not in the scenario"))
    for track in tracks:
        if track.side in VOICES or track.issue not in issues:
            continue
        step = _deciding(track, {o.id for o in issues[track.issue].options})
        if step is None:
            continue
        support, against, agree, disagree = _for_and_against(track, step)
        if agree <= disagree:  # no majority of independent stories: the analyst decides
            changes.append(_conflict(track, step, support, against, agree, disagree))
            continue
        change = _position_change(base, track, step, agree, disagree)
        if change is not None:
            change.support, change.against = support, against
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
    """A new scenario: ``base`` with the changes applied (the base itself is not modified); a change that
    would make it invalid is left out (:func:`apply_checked` says which and why)."""
    return apply_checked(base, changes)[0]


def apply_checked(base: Scenario, changes: list[Change]) -> tuple[Scenario, list[tuple[Change, str]]]:
    """``base`` with the changes applied one by one, and the changes left out with the reason (one that
    would rule out every option, or make the scenario invalid): the result always validates. Conflicts
    (``!``), confirmations (``=``) and notes (``?``) change nothing."""
    data = base.model_dump(mode="json", exclude_none=True, by_alias=True)
    refused: list[tuple[Change, str]] = []
    for change in [c for c in changes if c.issue is None] + [c for c in changes if c.issue is not None]:
        attempt = copy.deepcopy(data)
        changed, reason = _apply(attempt, base, change)
        if reason:
            refused.append((change, reason))
        if not changed or reason:
            continue
        try:
            validate_document(attempt, "drafted scenario")
        except ScenarioError as error:
            refused.append((change, error.problems[0].message if error.problems else str(error)))
            continue
        data = attempt
    left_out = {id(change) for change, _ in refused}
    _date_it(data, [c for c in changes if id(c) not in left_out])
    return validate_document(data, "drafted scenario"), refused


def _date_it(data: dict, changes: list[Change]) -> None:
    """The scenario's as-of date: the latest report a change rests on, if later."""
    dates = [c.step.date for c in changes if c.step and c.step.date and c.mark not in ("=", "!")]
    if dates:
        current = data["scenario"].get("as_of")
        data["scenario"]["as_of"] = max(dates + ([dt.date.fromisoformat(str(current))] if current else [])).isoformat()


def _apply(data: dict, base: Scenario, change: Change) -> tuple[bool, str | None]:
    """Apply one change to the scenario's data in place: (whether it changed anything, why it could not be
    applied, if it could not)."""
    if change.issue is None:
        return (_add_actor(data, change), None) if change.mark == "+" else (False, None)
    known = {a["id"] for a in data["actors"]}
    if change.step is None or change.mark in ("=", "!", "?") or change.side not in known:
        return False, None
    positions = data.setdefault("positions", {}).setdefault(change.side, {})
    if change.issue not in positions and not (change.ideal or change.accept):
        if not positions:
            del data["positions"][change.side]
        return False, None  # a new position needs an option to stand on; a rejection alone names none it wants
    position = positions.setdefault(change.issue, {"salience": _estimate(50)})
    if change.ideal:
        position["ideal"] = change.ideal
    elif "ideal" not in position and "utilities" not in position:
        position["ideal"] = change.accept[0]  # all the news says it wants: an option it accepts
    if (position.get("acceptable") is not None or change.rule_out) and \
            not _red_line(position, base.issue(change.issue), change):
        return False, "it would rule out every option"
    position.setdefault("evidence", []).extend(_evidence(change.step, change.side, change.issue))
    if position.get("basis") == "estimate":
        position["basis"] = "reported"
    return True, None


def _red_line(position: dict, issue, change: Change) -> bool:
    """Move the acceptable set by the change; False when it would rule out every option."""
    options = [o.id for o in issue.options]
    acceptable = position.get("acceptable")
    allowed = (set(acceptable if acceptable is not None else options) | set(change.accept)) - set(change.rule_out)
    if not allowed:
        return False  # a side cannot rule out every option; the evidence is kept for the analyst
    position["acceptable"] = [o for o in options if o in allowed]
    for option in list(position.get("may_accept", {})):
        if option in allowed:  # now inside the red line: no longer a "may accept" past it
            del position["may_accept"][option]
    if position.get("ideal") not in allowed and not position.get("utilities"):
        point = {o.id: o.point for o in issue.options}
        old = point.get(position.get("ideal"), 50.0)
        position["ideal"] = min(position["acceptable"], key=lambda o: abs(point[o] - old))
    return True


def _add_actor(data: dict, change: Change) -> bool:
    if change.side in {a["id"] for a in data["actors"]}:
        return False
    states = load_gazetteer().states
    data["actors"].append({"id": change.side, "name": states[change.side].name if change.side in states
                           else change.side, "kind": "state" if change.side in states else "organisation",
                           "capability": _estimate(10)})
    return True


def _estimate(value: float) -> dict:
    return {"value": value, "basis": "estimate", "rationale": "drafted from the news; to be set by the analyst"}
