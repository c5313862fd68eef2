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
