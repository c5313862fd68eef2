"""Analyses of a negotiation scenario: plain functions over its compiled form.

Each function takes a :class:`~accord.scenario.model.Scenario` (or its
:class:`~accord.scenario.compiled.CompiledScenario`) and returns plain data.
"""

from accord.analysis.brief import Brief, RedLine, brief, red_lines
from accord.analysis.concessions import closest_deals, minimal_correction_sets
from accord.analysis.deals import Concession, CorrectionSet, Deal, Waiver
from accord.analysis.feasibility import (Clash, NoDealBlock, direct_clashes, feasible_deals, no_deal_blockers,
                                         utility)

__all__ = ["Brief", "Clash", "Concession", "CorrectionSet", "Deal", "NoDealBlock", "RedLine", "Waiver", "brief",
           "closest_deals", "direct_clashes", "feasible_deals", "minimal_correction_sets", "no_deal_blockers",
           "red_lines", "utility"]
