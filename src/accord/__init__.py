"""accord: from the news about a multi-party negotiation to who wants what, red lines and possible deals."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("accord")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+unknown"

from accord.errors import AccordError, Problem, ScenarioError  # noqa: E402
from accord.scenario import compile_scenario, load_scenario  # noqa: E402

__all__ = ["AccordError", "Problem", "ScenarioError", "__version__", "compile_scenario", "load_scenario"]
