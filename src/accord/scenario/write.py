"""Write a scenario back to a TOML file (for imports and edits)."""

from __future__ import annotations

import enum
from pathlib import Path

import tomli_w

from accord.errors import AccordError, Problem
from accord.scenario.model import Scenario


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as TOML text that :func:`accord.load_scenario` reads back to an equal scenario.

    >>> import accord
    >>> from accord.scenario.load import parse_scenario
    >>> s = accord.load_scenario()
    >>> parse_scenario(dump_scenario(s)).scenario == s
    True
    """
    return tomli_w.dumps(scenario_data(scenario))


def scenario_data(scenario: Scenario) -> dict:
    """The scenario as the data its file holds: defaults left out, the ``[scenario]`` table whole, dates as
    TOML dates (not strings), enums as their values."""
    data = scenario.model_dump(mode="python", by_alias=True, exclude_none=True, exclude_defaults=True)
    data["scenario"] = scenario.scenario.model_dump(mode="python", exclude_none=True)
    return _plain(data)


def _plain(value):
    """Enums to their values and tuples to lists, so that the data compares equal to TOML's."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value.value if isinstance(value, enum.Enum) else value


def write_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write ``scenario`` to ``path`` as TOML, replacing the file atomically."""
    return write_atomically(path, dump_scenario(scenario))


def write_atomically(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file beside it, so a reader never sees half a file."""
    path = Path(path)
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as error:
        raise AccordError(Problem(str(path), None, None, f"cannot be written: {error.strerror or error}")) from None
    return path
