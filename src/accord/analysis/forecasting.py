"""All forecast models of a scenario, side by side."""

from __future__ import annotations

from dataclasses import dataclass

from accord.analysis.central import IssueForecast, compromise, median
from accord.analysis.eum import eum_forecast
from accord.analysis.exchange import exchange_model
from accord.analysis.simulation import MonteCarloResult, monte_carlo
from accord.analysis.packages import as_compiled
from accord.scenario.compiled import CompiledScenario
from accord.scenario.model import Scenario

MODELS = {"compromise": compromise, "median": median, "exchange": lambda c: exchange_model(c).forecast}


@dataclass(frozen=True)
class Forecasts:
    """Each model's forecast on each issue."""

    issues: tuple[str, ...]
    models: dict[str, list[IssueForecast]]
    uncertainty: MonteCarloResult | None = None
    eum_status: dict[str, str] | None = None

    def _repr_html_(self) -> str:
        from accord.tables import html_table

        return html_table([{"issue": issue, **{m: next((f.option for f in found if f.issue == issue), None)
                                               for m, found in self.models.items()}} for issue in self.issues])

    def to_dict(self) -> dict:
        return {"models": {name: [f.to_dict() for f in result] for name, result in self.models.items()},
                "monte_carlo": self.uncertainty.to_dict() if self.uncertainty else None,
                "eum_status": self.eum_status}


def forecasts(scenario: Scenario | CompiledScenario, runs: int = 0, seed: int | None = None, *,
              workers: int | None = 1, scheduler=None) -> Forecasts:
    """Run every forecast model, and with ``runs`` > 0 a Monte Carlo of them under the scenario's uncertainty,
    its chunks run by ``workers`` processes or on the Dask cluster at ``scheduler`` (see :func:`monte_carlo`).

    >>> import accord
    >>> sorted(forecasts(accord.load_scenario()).models)
    ['compromise', 'eum (experimental)', 'exchange', 'median']
    """
    compiled = as_compiled(scenario)
    models = {name: model(compiled) for name, model in MODELS.items()}
    models["eum (experimental)"], eum_status = eum_forecast(compiled)
    uncertainty = monte_carlo(compiled, runs, seed, workers=workers, scheduler=scheduler) if runs else None
    return Forecasts(compiled.issue_ids, models, uncertainty, eum_status)
