"""Whether the analysis moved between two versions of a scenario (before and after the latest news).

Compares the count of feasible deals (up to a cap), the cheapest sticking
point's cost, and the compromise-model forecast on each issue.

>>> import accord
>>> moved = movement(accord.load_scenario(), accord.load_scenario())
>>> moved.moved, moved.lines()
(False, ['feasibility: unchanged (0 feasible deals)', 'forecast: unchanged on every issue'])
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.analysis.central import compromise
from accord.analysis.feasibility import feasible_deals
from accord.scenario.model import Scenario

CAP = 1000


@dataclass(frozen=True)
class Movement:
    feasible_before: int
    feasible_after: int
    forecast_before: dict[str, str | None]
    forecast_after: dict[str, str | None]

    @property
    def forecast_moves(self) -> dict[str, tuple[str | None, str | None]]:
        return {issue: (self.forecast_before.get(issue), option) for issue, option in self.forecast_after.items()
                if self.forecast_before.get(issue) != option}

    @property
    def moved(self) -> bool:
        return self.feasible_before != self.feasible_after or bool(self.forecast_moves)

    def lines(self) -> list[str]:
        def count(n: int) -> str:
            return f"{n}{'+' if n >= CAP else ''} feasible deal{'s' if n != 1 else ''}"

        out = [f"feasibility: {count(self.feasible_before)} -> {count(self.feasible_after)}"
               if self.feasible_before != self.feasible_after else f"feasibility: unchanged ({count(self.feasible_after)})"]
        moves = self.forecast_moves
        out += [f"forecast on {issue}: {before} -> {after}" for issue, (before, after) in moves.items()] or \
            ["forecast: unchanged on every issue"]
        return out

    def _repr_html_(self) -> str:
        from accord.tables import html_table

        return html_table([{"result": line} for line in self.lines()])

    def to_dict(self) -> dict:
        return {"moved": self.moved, "feasible_before": self.feasible_before, "feasible_after": self.feasible_after,
                "forecast_moves": {k: list(v) for k, v in self.forecast_moves.items()}}


def movement(before: Scenario, after: Scenario) -> Movement:
    """How feasibility and the compromise forecast differ from ``before`` to ``after``."""
    return Movement(len(feasible_deals(before, limit=CAP)), len(feasible_deals(after, limit=CAP)),
                    {f.issue: f.option for f in compromise(before)}, {f.issue: f.option for f in compromise(after)})


def _section(title: str, what: str, pairs: dict[str, tuple[str, str]]) -> dict:
    """A section of a difference: the rows that differ (what, a, b) and the names of those that do not."""
    rows = [{"what": name, "a": a, "b": b} for name, (a, b) in pairs.items() if a != b]
    return {"title": title, "what": what, "rows": rows, "same": [name for name, (a, b) in pairs.items() if a == b]}


def _paired(a: dict[str, str], b: dict[str, str], absent: str = "(absent)") -> dict[str, tuple[str, str]]:
    return {key: (a.get(key, absent), b.get(key, absent)) for key in dict.fromkeys([*a, *b])}


def _about(s: Scenario) -> dict[str, str]:
    meta = s.scenario
    return {"title": meta.title, "as of": meta.as_of.isoformat() if meta.as_of else "undated",
            "stability model": meta.stability_model or "none"}


def _actors(s: Scenario) -> dict[str, str]:
    return {a.id: f"{a.name}, capability {a.capability.value:g}" for a in s.actors}


def _issues(s: Scenario) -> dict[str, str]:
    return {i.id: f"{i.title}: " + "; ".join(o.label for o in i.options) for i in s.issues}


def _labels(s: Scenario) -> dict[tuple[str, str], str]:
    return {(i.id, o.id): o.label for i in s.issues for o in i.options}


def _positions(s: Scenario, field: str) -> dict[str, str]:
    """Each actor's ideal and salience (``field`` "ideal") or ruled-out options ("red line") per issue."""
    labels, found = _labels(s), {}
    for actor, by_issue in s.positions.items():
        for issue_id, p in by_issue.items():
            options = [o.id for o in s.issue(issue_id).options]
            if field == "ideal":
                text = f"{labels.get((issue_id, p.ideal), 'utility table')}, salience {p.salience.value:g}"
            else:
                out = [labels[(issue_id, o)] for o in options if p.acceptable is not None and o not in p.acceptable]
                text = "rules out " + "; ".join(out) if out else "no red line"
            found[f"{actor} · {s.issue(issue_id).title}"] = text
    return found


def _results(state: dict) -> dict[str, str]:
    concession = "none needed" if state["feasible"] else \
        (state["concession"]["text"] if state["concession"] else "no concession opens a deal")
    return {"feasible deals": f"{state['feasible']}{'+' if state['feasible_more'] else ''}",
            "direct clashes": str(state["clashes"]), "cheapest concession that opens a deal": concession}


def _rows(rows: list[dict]) -> dict[str, str]:
    return {row["title"]: row["label"] or "" for row in rows}


def difference(a: Scenario, b: Scenario) -> dict:
    """What differs between two scenarios, section by section (title, actors, issues, positions, red lines, results,
    the top deal and the compromise forecast): in each, the rows that differ side by side and the names of
    those that are the same; ``summary`` counts the differences.

    >>> import accord
    >>> same = difference(accord.load_scenario(), accord.load_scenario())
    >>> same["summary"], [len(s["rows"]) for s in same["sections"]]
    ('no differences', [0, 0, 0, 0, 0, 0, 0, 0])
    """
    from accord.analysis.whatif import outcome

    first, second = outcome(a), outcome(b)
    sections = [_section("Scenario", "field", _paired(_about(a), _about(b))),
                _section("Actors", "actor", _paired(_actors(a), _actors(b))),
                _section("Issues and options", "issue", _paired(_issues(a), _issues(b))),
                _section("Positions", "actor · issue", _paired(_positions(a, "ideal"), _positions(b, "ideal"))),
                _section("Red lines", "actor · issue", _paired(_positions(a, "red line"), _positions(b, "red line"))),
                _section("Results", "result", _paired(_results(first), _results(second))),
                _section("Top deal", "issue", _paired(_rows(first["deal"]), _rows(second["deal"]), "(no deal)")),
                _section("Forecast (compromise model)", "issue", _paired(_rows(first["forecast"]),
                                                                         _rows(second["forecast"])))]
    count = sum(len(s["rows"]) for s in sections)
    summary = f"{count} difference{'s' if count != 1 else ''}: " + ", ".join(
        f"{s['title'].lower()} {len(s['rows'])}" for s in sections if s["rows"]) if count else "no differences"
    return {"summary": summary, "sections": sections}
