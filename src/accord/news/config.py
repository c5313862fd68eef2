"""Defaults from a config file: ``accord.toml`` in the working folder, else the user's config folder.

    [ingest]
    db = "news.db"          # or a postgresql:// URL
    max_mb = 10             # files larger than this are skipped
    as_of = "2025-08-20"    # what relative stamps are read against
    embeddings = true       # flag spun copies by sentence embeddings too (needs accord[embeddings])

    [extract]
    scenario = "talks.toml" # the scenario stances are coded on (relative to this file)
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from accord.errors import AccordError, Problem


def config_paths() -> list[Path]:
    home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return [Path.cwd() / "accord.toml", home / "accord" / "accord.toml"]


def config_file() -> Path | None:
    """The config file in use: the first of :func:`config_paths` that exists."""
    return next((path for path in config_paths() if path.is_file()), None)


def load_config(section: str = "ingest") -> dict:
    """One table (``[ingest]`` by default) of the config file in use (empty if none)."""
    path = config_file()
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise AccordError(Problem(str(path), None, None, f"not a valid config file: {error}")) from None
    table = data.get(section, {})
    if not isinstance(table, dict):
        raise AccordError(Problem(str(path), None, section, "expected a table"))
    return table
