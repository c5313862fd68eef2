"""Cross-reference checks of a scenario: the errors that a schema alone cannot see.

They run on the raw parsed document, not on validated models, so that they
can report alongside shape errors; anything malformed is skipped here because
the schema check already reports it. Each check yields ``(path, message)``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

Finding = tuple[tuple, str]


def _suggest(name: object, known: list[str]) -> str:
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _ids(items: list) -> list[str]:
    return [item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)]


def duplicate_ids(items: list, where: tuple) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        item_id = _dict(item).get("id")
        if not isinstance(item_id, str):
            continue
        if item_id in seen:
            yield where + (index, "id"), f'duplicate id "{item_id}" (first used by item {seen[item_id]})'
        else:
            seen[item_id] = index


def _option_ids(doc: dict) -> dict[str, list[str]]:
    return {issue["id"]: _ids(_list(issue.get("options")))
            for issue in _list(doc.get("issues"))
            if isinstance(issue, dict) and isinstance(issue.get("id"), str)}


def issue_checks(doc: dict) -> Iterator[Finding]:
    issues = _list(doc.get("issues"))
    yield from duplicate_ids(_list(doc.get("actors")), ("actors",))
    yield from duplicate_ids(issues, ("issues",))
    for index, issue in enumerate(issues):
        options = _list(_dict(issue).get("options"))
        yield from duplicate_ids(options, ("issues", index, "options"))
        points = [o.get("point") for o in options if isinstance(o, dict)]
        if all(isinstance(p, (int, float)) for p in points):
            for k in range(1, len(points)):
                if points[k] <= points[k - 1]:
                    yield (("issues", index, "options", k, "point"),
                           f"options must be ordered along the scale: {points[k]:g} does not come after {points[k - 1]:g}")


def _known(name, known: list[str], what: str) -> str | None:
    if name in known:
        return None
    return f'"{name}" is not {what}{_suggest(name, known)}'


def position_checks(doc: dict) -> Iterator[Finding]:
    actors = _ids(_list(doc.get("actors")))
    options = _option_ids(doc)
    for actor_id, by_issue in _dict(doc.get("positions")).items():
        if (msg := _known(actor_id, actors, "an actor")):
            yield ("positions", actor_id), msg
            continue
        for issue_id, position in _dict(by_issue).items():
            path = ("positions", actor_id, issue_id)
            if (msg := _known(issue_id, list(options), "an issue")):
                yield path, msg
                continue
            if isinstance(position, dict):
                yield from _one_position(path, issue_id, options[issue_id], position)


def _one_position(path: tuple, issue_id: str, options: list[str], position: dict) -> Iterator[Finding]:
    what = f"an option of {issue_id}"
    ideal, table = position.get("ideal"), position.get("utilities")
    if ideal is None and table is None:
        yield path, 'a position needs an "ideal" option or a "utilities" table'
    if ideal is not None and table is not None:
        yield path, 'give either "ideal" or "utilities", not both'
    if isinstance(ideal, str) and (msg := _known(ideal, options, what)):
        yield path + ("ideal",), msg
    if isinstance(table, dict):
        for option in table:
            if (msg := _known(option, options, what)):
                yield path + ("utilities", option), msg
        missing = [o for o in options if o not in table]
        if missing:
            yield path + ("utilities",), "no utility for " + ", ".join(f'"{o}"' for o in missing)
        for option, value in table.items():
            if isinstance(value, (int, float)) and not 0 <= value <= 1:
                yield path + ("utilities", option), f"utility must be between 0 and 1 (got {value:g})"
    acceptable = position.get("acceptable")
    if isinstance(acceptable, list):
        yield from _acceptable_checks(path, acceptable, options, what, ideal, table)
    for option in _dict(position.get("may_accept")):
        if (msg := _known(option, options, what)):
            yield path + ("may_accept", option), msg
        elif not isinstance(acceptable, list) or option in acceptable:
            yield path + ("may_accept", option), f'"{option}" is already acceptable: may_accept is for options past the red line'


def _acceptable_checks(path, acceptable, options, what, ideal, table) -> Iterator[Finding]:
    if not acceptable:
        yield path + ("acceptable",), "the acceptable set is empty: it rules out every option"
    for index, option in enumerate(acceptable):
        if isinstance(option, str) and (msg := _known(option, options, what)):
            yield path + ("acceptable", index), msg
    if isinstance(ideal, str) and ideal in options and acceptable and ideal not in acceptable:
        yield path + ("ideal",), f'"{ideal}" lies outside the actor\'s own red line (acceptable: {", ".join(map(str, acceptable))})'
    if isinstance(table, dict) and acceptable:
        best = max((v for v in table.values() if isinstance(v, (int, float))), default=None)
        tops = [o for o, v in table.items() if v == best]
        if best is not None and not any(o in acceptable for o in tops):
            yield path + ("acceptable",), "the best option by the utility table lies outside the actor's own red line"


def condition_checks(doc: dict) -> Iterator[Finding]:
    conditions = _list(doc.get("conditions"))
    yield from duplicate_ids(conditions, ("conditions",))
    actors = _ids(_list(doc.get("actors")))
    options = _option_ids(doc)
    for index, condition in enumerate(conditions):
        condition = _dict(condition)
        path = ("conditions", index)
        holder = condition.get("holder")
        if isinstance(holder, str) and (msg := _known(holder, actors, "an actor")):
            yield path + ("holder",), msg
        for part in ("if", "then"):
            yield from _option_set_checks(path + (part,), _dict(condition.get(part)), options)
        if_issue = _dict(condition.get("if")).get("issue")
        if if_issue is not None and if_issue == _dict(condition.get("then")).get("issue"):
            yield path + ("then", "issue"), "a condition must link two different issues"
        if condition.get("cost") is not None and not condition.get("soft"):
            yield path + ("cost",), "only a soft condition has a cost"


def _option_set_checks(path: tuple, option_set: dict, options: dict[str, list[str]]) -> Iterator[Finding]:
    issue = option_set.get("issue")
    if issue is None:
        return
    if (msg := _known(issue, list(options), "an issue")):
        yield path + ("issue",), msg
        return
    for index, option in enumerate(_list(option_set.get("options"))):
        if (msg := _known(option, options[issue], f"an option of {issue}")):
            yield path + ("options", index), msg


def no_deal_checks(doc: dict) -> Iterator[Finding]:
    no_deal = _dict(doc.get("no_deal"))
    options = _option_ids(doc)
    package = no_deal.get("package")
    if isinstance(package, dict):
        for issue, option in package.items():
            if (msg := _known(issue, list(options), "an issue")):
                yield ("no_deal", "package", issue), msg
            elif (msg := _known(option, options[issue], f"an option of {issue}")):
                yield ("no_deal", "package", issue), msg
        missing = [i for i in options if i not in package]
        if missing:
            yield ("no_deal", "package"), "the no-deal package has no option for " + ", ".join(missing)
    actors = _ids(_list(doc.get("actors")))
    for actor in _dict(no_deal.get("utilities")):
        if (msg := _known(actor, actors, "an actor")):
            yield ("no_deal", "utilities", actor), msg


def all_checks(doc: dict) -> Iterator[Finding]:
    """Every cross-reference error in a parsed scenario document."""
    yield from issue_checks(doc)
    yield from position_checks(doc)
    yield from condition_checks(doc)
    yield from no_deal_checks(doc)


def provenance_warnings(doc: dict) -> Iterator[Finding]:
    """Values that neither cite evidence nor say they are estimates with a rationale."""
    for index, actor in enumerate(_list(doc.get("actors"))):
        capability = _dict(actor).get("capability")
        if not isinstance(capability, dict) or not (capability.get("rationale") or capability.get("evidence")):
            yield ("actors", index, "capability"), "no evidence and no rationale: say where this value comes from"
    for actor_id, by_issue in _dict(doc.get("positions")).items():
        for issue_id, position in _dict(by_issue).items():
            position = _dict(position)
            path = ("positions", actor_id, issue_id)
            if not position.get("evidence") and not (position.get("basis") == "estimate" and position.get("rationale")):
                yield path, 'no evidence: cite a source, or set basis = "estimate" with a rationale'
            salience = position.get("salience")
            if not isinstance(salience, dict) or not (salience.get("rationale") or salience.get("evidence")):
                yield path + ("salience",), "no evidence and no rationale: say where this value comes from"
    for actor_id, value in _dict(_dict(doc.get("no_deal")).get("utilities")).items():
        if not isinstance(value, dict) or not (value.get("rationale") or value.get("evidence")):
            yield ("no_deal", "utilities", actor_id), "no evidence and no rationale: say where this value comes from"
