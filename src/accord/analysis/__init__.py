"""Analyses of a negotiation scenario: plain functions over its compiled form.

Each function takes a :class:`~accord.scenario.model.Scenario` (or its
:class:`~accord.scenario.compiled.CompiledScenario`) and returns plain data.
"""

from accord.analysis.bargaining import bargaining_report, bargaining_solutions
from accord.analysis.briefing import Brief, RedLine, brief, red_lines
from accord.analysis.central import compromise, median
from accord.analysis.concessions import closest_deals, minimal_correction_sets
from accord.analysis.deals import Concession, CorrectionSet, Deal, Waiver
from accord.analysis.eum import eum_forecast, expected_utility_model
from accord.analysis.exchange import exchange_model
from accord.analysis.feasibility import (Clash, NoDealBlock, direct_clashes, feasible_deals, no_deal_blockers,
                                         utility)
from accord.analysis.forecasting import forecasts
from accord.analysis.gmcr import analyse_conflict
from accord.analysis.simulation import monte_carlo
from accord.analysis.comparison import Movement, movement
from accord.analysis.efficiency import pareto_frontier

__all__ = ["Brief", "Clash", "Concession", "CorrectionSet", "Deal", "NoDealBlock", "RedLine", "Waiver",
           "analyse_conflict", "bargaining_report", "bargaining_solutions", "brief", "closest_deals", "compromise",
           "direct_clashes", "eum_forecast", "exchange_model", "expected_utility_model", "feasible_deals", "forecasts",
           "median", "minimal_correction_sets", "monte_carlo", "Movement", "movement", "no_deal_blockers", "pareto_frontier", "red_lines",
           "utility"]
