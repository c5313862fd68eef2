"""Scenarios: the negotiation as data, its file format, loading and compiled form."""

from accord.scenario.bundled import bundled_path, copy_bundled
from accord.scenario.compiled import CompiledScenario, compile_scenario
from accord.scenario.load import LoadReport, load_scenario, parse_scenario, read_scenario
from accord.scenario.model import Scenario, json_schema

__all__ = ["CompiledScenario", "LoadReport", "Scenario", "bundled_path", "compile_scenario", "copy_bundled",
           "json_schema", "load_scenario", "parse_scenario", "read_scenario"]
