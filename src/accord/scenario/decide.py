"""Import actor-issue data in the Decide input format as a scenario.

The Decide format (used by the decide-exchange-model project and other tools
in the Stokman tradition) is a tab-separated file of quoted fields:

- ``#A  id  name  description``: an actor;
- ``#P  id  name  description``: an issue;
- ``#M  issue  value  [meaning]``: a reference point of the issue's scale;
- ``#D  actor  issue  position  salience  power``: an actor's position.

Each issue becomes a scenario issue whose options are the distinct positions
and reference points, placed on 0-100 by the issue's range (the ``units``
field keeps the original values). Each ``#D`` row becomes a spatial position
with salience x 100 (salience given on 0-1) and the actor's power becomes its
capability, which must be the same on every issue.
"""

from __future__ import annotations

import csv
import math
import reprlib
from collections import defaultdict
from pathlib import Path

from accord.errors import Problem, ScenarioError
from accord.scenario.genius import _unique_ids, slug
from accord.scenario.model import Scenario


def _rows(path: Path):
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(Problem(str(path), None, None, f"cannot be read as UTF-8 text: {exc}")) from None
    number = 0
    try:
        for number, row in enumerate(csv.reader(text.splitlines(), delimiter="\t", quotechar="'"), start=1):
            row = [cell.strip() for cell in row]
            if row and row[0]:
                yield number, row
    except csv.Error as exc:  # a field over csv's 128 KiB limit
        raise ScenarioError(Problem(str(path), number + 1, None, f"not a Decide row: {exc}")) from None


def _number(path: Path, line: int, field: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ScenarioError(Problem(str(path), line, field, f"expected a number (got {reprlib.repr(text)})")) from None
    if not math.isfinite(value):  # nan, inf or 1e400 would make the scale, and every point on it, nan
        raise ScenarioError(Problem(str(path), line, field, f"expected a finite number (got {reprlib.repr(text)})"))
    return value


def _need(path: Path, line: int, row: list[str], count: int, kind: str) -> None:
    if len(row) < count:
        raise ScenarioError(Problem(str(path), line, kind, f"needs {count - 1} fields after {kind}, found {len(row) - 1}"))


def read_decide(path: str | Path) -> dict:
    """The raw content of a Decide file: actors, issues, scale points and positions."""
    path = Path(path)
    actors, issues, marks = {}, {}, defaultdict(list)
    positions = []
    for line, row in _rows(path):
        kind = row[0]
        if kind == "#A":
            _need(path, line, row, 2, kind)
            actors[row[1]] = row[2] if len(row) > 2 and row[2] else row[1]
        elif kind == "#P":
            _need(path, line, row, 2, kind)
            issues[row[1]] = row[2] if len(row) > 2 and row[2] else row[1]
        elif kind == "#M":
            _need(path, line, row, 3, kind)
            marks[row[1]].append(_number(path, line, "#M value", row[2]))
        elif kind == "#D":
            _need(path, line, row, 6, kind)
            actor, issue = row[1], row[2]
            if actor not in actors:
                raise ScenarioError(Problem(str(path), line, "#D actor", f"{actor!r} has no #A row"))
            if issue not in issues:
                raise ScenarioError(Problem(str(path), line, "#D issue", f"{issue!r} has no #P row"))
            values = [_number(path, line, f"#D {name}", row[k]) for k, name in ((3, "position"), (4, "salience"), (5, "power"))]
            positions.append((line, actor, issue, *values))
        else:
            raise ScenarioError(Problem(str(path), line, None, f"unknown row type {kind!r} (expected #A, #P, #M or #D)"))
    if not positions:
        raise ScenarioError(Problem(str(path), None, None, "no #D rows: is this a Decide input file?"))
    return {"actors": actors, "issues": issues, "marks": marks, "positions": positions}


def import_decide(path: str | Path) -> Scenario:
    """A scenario from a Decide input file.

    >>> scenario = import_decide("shared/validation/decide/cop21.csv")  # doctest: +SKIP
    >>> len(scenario.actors), len(scenario.issues)  # doctest: +SKIP
    (15, 13)
    """
    path = Path(path)
    data = read_decide(path)
    power: dict[str, tuple[float, int]] = {}
    for line, actor, _, _, _, value in data["positions"]:
        if actor in power and power[actor][0] != value:
            raise ScenarioError(Problem(str(path), line, "#D power",
                                        f"{actor!r} has power {value:g} here but {power[actor][0]:g} on line {power[actor][1]}; "
                                        "accord needs one capability per actor"))
        power.setdefault(actor, (value, line))
    salience_scale = 100.0 if max(p[4] for p in data["positions"]) <= 1 else 1.0
    actor_ids = dict(zip(data["actors"], _unique_ids(tuple(data["actors"]), sep="-")))
    issue_ids = dict(zip(data["issues"], _unique_ids(tuple(data["issues"]))))
    issue_docs, option_of = _issues(data, issue_ids, path)
    doc = {
        "scenario": {"id": slug(path.stem), "title": f"{path.stem} (Decide input)",
                     "description": f"Imported from the Decide input file {path.name}."},
        "actors": [{"id": actor_ids[a], "name": name, "kind": "state",
                    "capability": {"value": power[a][0], "basis": "reported",
                                   "evidence": [{"source": path.name, "paraphrase": f"power on line {power[a][1]}"}]}}
                   for a, name in data["actors"].items() if a in power],
        "issues": issue_docs,
        "positions": defaultdict(dict),
    }
    for line, actor, issue, position, salience, _ in data["positions"]:
        doc["positions"][actor_ids[actor]][issue_ids[issue]] = {
            "ideal": option_of[issue][position],
            "salience": {"value": salience * salience_scale, "basis": "reported",
                         "evidence": [{"source": path.name, "paraphrase": f"salience on line {line}"}]},
            "evidence": [{"source": path.name, "paraphrase": f"position {position:g} on line {line}"}],
        }
    doc["positions"] = dict(doc["positions"])
    from accord.scenario.load import validate_document

    return validate_document(doc, str(path))


def _issues(data: dict, issue_ids: dict[str, str], path: Path) -> tuple[list[dict], dict[str, dict[float, str]]]:
    docs, option_of = [], {}
    for issue, name in data["issues"].items():
        values = sorted(set(data["marks"].get(issue, [])) | {p[3] for p in data["positions"] if p[2] == issue})
        if not values:
            raise ScenarioError(Problem(str(path), None, f"#P {issue}", "the issue has no #M scale points and no #D rows"))
        if len(values) < 2:
            # A one-point scale still needs two options; +1 would vanish past 2**53 and leave a zero-width scale.
            values = values + [values[0] + max(1.0, abs(values[0]))]
        low, high = values[0], values[-1]
        if not math.isfinite(high - low):
            raise ScenarioError(Problem(str(path), None, f"#P {issue}",
                                        f"the scale from {low:g} to {high:g} is too wide"))
        ids = [f"{v:g}".replace("+", "") for v in values]
        if len(set(ids)) < len(ids):  # %g rounds to 6 digits; repr never makes two values alike
            ids = [repr(v).replace("+", "") for v in values]
        option_of[issue] = dict(zip(values, ids))
        docs.append({"id": issue_ids[issue], "title": name, "units": {"at_0": low, "at_100": high},
                     "options": [{"id": option_of[issue][v], "label": f"{v:g}", "point": 100 * (v - low) / (high - low)}
                                 for v in values]})
    return docs, option_of
