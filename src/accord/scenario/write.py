"""Write a scenario back to a TOML file (for imports and edits)."""

from __future__ import annotations

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
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
    data["scenario"] = scenario.scenario.model_dump(mode="json", exclude_none=True)
    return tomli_w.dumps(data)


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
