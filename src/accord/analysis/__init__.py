"""Analyses of a negotiation scenario: plain functions over its compiled form.

Each function takes a :class:`~accord.scenario.model.Scenario` (or its
:class:`~accord.scenario.compiled.CompiledScenario`) and returns plain data.

The names below are loaded from their modules on first use (module ``__getattr__``), so that importing one
analysis (``accord deals`` needs only the bargaining solutions) does not import all the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Where each public name lives.
_HOMES = {
    "bargaining": ["bargaining_report", "bargaining_solutions"],
    "briefing": ["Brief", "RedLine", "brief", "red_lines"],
    "central": ["compromise", "median"],
    "comparison": ["Movement", "movement"],
    "concessions": ["closest_deals", "minimal_correction_sets"],
    "deals": ["Concession", "CorrectionSet", "Deal", "Waiver"],
    "efficiency": ["pareto_frontier"],
    "eum": ["eum_forecast", "expected_utility_model"],
    "exchange": ["exchange_model"],
    "feasibility": ["Clash", "NoDealBlock", "direct_clashes", "feasible_deals", "no_deal_blockers", "utility"],
    "forecasting": ["forecasts"],
    "gmcr": ["analyse_conflict"],
    "simulation": ["monte_carlo"],
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = sorted(_MODULE_OF, key=str.lower)

if TYPE_CHECKING:  # for type checkers and editors, which do not run __getattr__
    from accord.analysis.bargaining import bargaining_report, bargaining_solutions
    from accord.analysis.briefing import Brief, RedLine, brief, red_lines
    from accord.analysis.central import compromise, median
    from accord.analysis.comparison import Movement, movement
    from accord.analysis.concessions import closest_deals, minimal_correction_sets
    from accord.analysis.deals import Concession, CorrectionSet, Deal, Waiver
    from accord.analysis.efficiency import pareto_frontier
    from accord.analysis.eum import eum_forecast, expected_utility_model
    from accord.analysis.exchange import exchange_model
    from accord.analysis.feasibility import (Clash, NoDealBlock, direct_clashes, feasible_deals, no_deal_blockers,
                                             utility)
    from accord.analysis.forecasting import forecasts
    from accord.analysis.gmcr import analyse_conflict
    from accord.analysis.simulation import monte_carlo


def __getattr__(name: str):
    if name not in _MODULE_OF:
        raise AttributeError(f"module 'accord.analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"accord.analysis.{_MODULE_OF[name]}"), name)
    globals()[name] = value  # later look-ups find it without this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
