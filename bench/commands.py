"""Wall time of the everyday commands, and how long the brief is at 80 columns.

Runs each command as a user would (a fresh process, so imports count), a few times, and prints the
median per scenario: the bundled one and each dev case's scenario.toml.

    .venv/bin/python bench/commands.py --shared ../shared [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = (["brief"], ["deals"], ["forecast"])


def accord(arguments: list[str], cwd: str) -> tuple[float, str]:
    """Seconds one run takes, and what it printed."""
    environment = {**os.environ, "COLUMNS": "80", "ACCORD_DB": ""}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "accord.cli", *arguments], cwd=cwd, env=environment,
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    scenarios = {"bundled": None} | {case.name: case / "scenario.toml"
                                     for case in sorted((options.shared / "corpus" / "dev").iterdir())
                                     if (case / "scenario.toml").is_file()}
    with tempfile.TemporaryDirectory() as scratch:  # no accord.toml or accord.db of the checkout
        for name, path in scenarios.items():
            given = [str(path.resolve())] if path else []
            lines = len(accord(["brief", *given], scratch)[1].splitlines())
            times = {" ".join(command): statistics.median(accord([*command, *given], scratch)[0]
                                                          for _ in range(options.runs)) for command in COMMANDS}
            print(f"{name:28} brief {lines:3} lines at 80 columns; "
                  + "; ".join(f"{command} {seconds:.2f} s" for command, seconds in times.items()))


if __name__ == "__main__":
    main()
