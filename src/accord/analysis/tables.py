"""Analysis results as tables: deals and forecasts as rows, or as pandas DataFrames.

>>> import accord
>>> forecasts_frame(accord.load_scenario()).columns.tolist()[:4]
['issue', 'model', 'option', 'point']
"""

from __future__ import annotations

from accord.analysis.feasibility import feasible_deals
from accord.analysis.forecasting import forecasts
from accord.analysis.concessions import closest_deals
from accord.scenario.model import Scenario
from accord.tables import frame


def deals_rows(scenario: Scenario, limit: int = 1000) -> list[dict]:
    """Feasible deals, or when there are none the closest deals, one row each: options and utilities."""
    deals = feasible_deals(scenario, limit=limit)
    rows = []
    if deals:
        for rank, deal in enumerate(deals, start=1):
            rows.append({"rank": rank, "kind": "feasible", **{f"option.{k}": v for k, v in deal.options.items()},
                         **{f"utility.{k}": v for k, v in deal.utilities.items()}})
        return rows
    for rank, closest in enumerate(closest_deals(scenario, k=min(limit, 20)), start=1):
        rows.append({"rank": rank, "kind": "closest", "breaks": closest.text,
                     **{f"option.{k}": v for k, v in closest.deal.options.items()},
                     **{f"utility.{k}": v for k, v in closest.deal.utilities.items()}})
    return rows


def forecasts_rows(scenario: Scenario) -> list[dict]:
    """Each model's forecast on each issue: the option, the point on 0-100 and the value in the issue's units."""
    result = forecasts(scenario)
    return [{"issue": f.issue, "model": model, "option": f.option, "point": f.to_dict()["point"],
             "value": f.to_dict()["value"]} for model, found in result.models.items() for f in found]


def deals_frame(scenario: Scenario, limit: int = 1000):
    return frame(deals_rows(scenario, limit))


def forecasts_frame(scenario: Scenario):
    return frame(forecasts_rows(scenario), ["issue", "model", "option", "point", "value"])
