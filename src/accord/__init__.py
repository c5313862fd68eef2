"""accord: from the news about a multi-party negotiation to who wants what, red lines and possible deals."""

from accord.errors import AccordError, Problem, ScenarioError

__all__ = ["AccordError", "Problem", "ScenarioError", "__version__", "compile_scenario", "load_scenario"]

# Loaded on first use, so that ``import accord`` (and so every command, ``accord --help`` included) does not pay
# for the scenario model (pydantic, numpy) or for reading the installed version (importlib.metadata).
_LAZY = {"compile_scenario": "accord.scenario", "load_scenario": "accord.scenario"}


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("accord")
    except PackageNotFoundError:  # running from a source tree without an install
        return "0.0.0+unknown"


def __getattr__(name: str):
    import importlib

    if name == "__version__":
        value = _installed_version()
    elif name == "scenario":  # was imported eagerly before, so ``import accord; accord.scenario`` keeps working
        value = importlib.import_module("accord.scenario")
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'accord' has no attribute {name!r}")
    globals()[name] = value  # later look-ups find it without this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
