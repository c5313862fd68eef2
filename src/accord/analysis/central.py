"""Central-tendency forecasts: the compromise model and the weighted median.

For issue i, with x_ai the point of actor a's ideal option, c_a its
capability and s_ai its salience, over the actors that hold a position:

- **compromise model**: x_i = sum_a c_a s_ai x_ai / sum_a c_a s_ai, the
  capability-and-salience weighted mean. It is the best of the simple models
  of EU decision-making in Thomson, Stokman, Achen & Koenig, *The European
  Union Decides* (Cambridge, 2006), and is reviewed in Stokman & Thomson,
  "Winners and losers in the European Union", European Union Politics 5, 2004.
- **weighted median**: the smallest point at which the actors at or below it
  hold at least half of the total weight c_a s_ai (Black, "On the rationale of
  group decision-making", J. Political Economy 56, 1948, with weighted voters).

Both work on the compiled arrays and are vectorised over issues; forecasts
are on the 0-100 scale, in the issue's own units where it has them, and name
the nearest option.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.packages import as_compiled, red_lines_broken
from accord.scenario.compiled import CompiledScenario
from accord.scenario.model import Scenario
from accord.tables import HtmlRepr


@dataclass(frozen=True)
class IssueForecast(HtmlRepr):
    """A forecast on one issue: the point (0-100), the same in the issue's units, and the nearest option.

    ``outside_red_lines``: the actors whose red line on the issue rules that option out.
    """

    issue: str
    point: float
    value: float
    option: str | None
    outside_red_lines: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        held = self.point == self.point
        return {"issue": self.issue, "point": self.point if held else None, "value": self.value if held else None,
                "option": self.option, "outside_red_lines": list(self.outside_red_lines)}


def ideal_points(compiled: CompiledScenario) -> np.ndarray:
    """[A, I] each actor's ideal point: the point of its best option (nan where it holds no position)."""
    best = np.where(compiled.valid[None], compiled.utility, -np.inf).argmax(axis=2)
    points = np.take_along_axis(np.broadcast_to(compiled.points, compiled.utility.shape), best[:, :, None], 2)[:, :, 0]
    return np.where(compiled.has_position, points, np.nan)


def position_weights(compiled: CompiledScenario) -> np.ndarray:
    """[A, I] capability x salience, 0 where the actor holds no position."""
    return compiled.capability[:, None] * compiled.salience * compiled.has_position


def weighted_mean(points: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Column-wise weighted mean of points [..., A, I] with weights [..., A, I] (nan-safe)."""
    points = np.nan_to_num(points)
    total = weights.sum(axis=-2)
    return np.divide((weights * points).sum(axis=-2), total, out=np.full(total.shape, np.nan), where=total > 0)


def weighted_median(points: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Column-wise weighted median of points [..., A, I]: smallest point holding half the weight at or below it.

    >>> weighted_median(np.array([[0.0], [100.0], [100.0]]), np.ones((3, 1)))
    array([100.])
    """
    points = np.where(weights > 0, np.nan_to_num(points, nan=np.inf), np.inf)
    order = np.argsort(points, axis=-2)
    sorted_points = np.take_along_axis(points, order, -2)
    cumulative = np.cumsum(np.take_along_axis(weights, order, -2), axis=-2)
    half = cumulative[..., -1:, :] / 2
    index = (cumulative < half - 1e-12).sum(axis=-2, keepdims=True)
    median = np.take_along_axis(sorted_points, np.minimum(index, points.shape[-2] - 1), -2)[..., 0, :]
    return np.where(np.isfinite(median), median, np.nan)


def nearest_option_indices(compiled: CompiledScenario, points: np.ndarray) -> np.ndarray:
    """[I] the index of the option nearest each point (-1 where the point is nan: nobody holds a position)."""
    distance = np.abs(np.where(compiled.valid, compiled.points, np.inf) - np.nan_to_num(points)[:, None])
    return np.where(np.isnan(points), -1, distance.argmin(axis=1))


def nearest_options(compiled: CompiledScenario, points: np.ndarray) -> list[str | None]:
    """The option nearest each point (None where the point is nan: nobody holds a position)."""
    return [None if k < 0 else compiled.option_ids[i][k]
            for i, k in enumerate(nearest_option_indices(compiled, points))]


def issue_forecasts(compiled: CompiledScenario, points: np.ndarray) -> list[IssueForecast]:
    """A forecast per issue from its point: the nearest option, and whose red lines rule that option out."""
    nearest = nearest_option_indices(compiled, points)
    broken = red_lines_broken(compiled, nearest[None])[0]  # [A, I]
    out = []
    for i, issue in enumerate(compiled.scenario.issues):
        value = issue.units.convert(points[i]) if issue.units else points[i]
        option = compiled.option_ids[i][nearest[i]] if nearest[i] >= 0 else None
        out.append(IssueForecast(issue.id, round(float(points[i]), 6), round(float(value), 6), option,
                                 tuple(a for a, out in zip(compiled.actor_ids, broken[:, i]) if out)))
    return out


def compromise(scenario: Scenario | CompiledScenario) -> list[IssueForecast]:
    """The compromise model's forecast on every issue.

    >>> import accord
    >>> forecast = {f.issue: f.option for f in compromise(accord.load_scenario())}
    >>> forecast["ceasefire"]
    'talks_during_war'
    """
    compiled = as_compiled(scenario)
    return issue_forecasts(compiled, weighted_mean(ideal_points(compiled), position_weights(compiled)))


def median(scenario: Scenario | CompiledScenario) -> list[IssueForecast]:
    """The weighted median forecast on every issue.

    >>> import accord
    >>> {f.issue: f.option for f in median(accord.load_scenario())}["territory_donbas"]
    'land_swap'
    """
    compiled = as_compiled(scenario)
    return issue_forecasts(compiled, weighted_median(ideal_points(compiled), position_weights(compiled)))
