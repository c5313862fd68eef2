"""Benchmark: start-up, the wall time of small commands in a fresh process, where imports are most of it.

Times `accord --help`, `accord deals` and `accord brief` on the bundled scenario and on a small one (TINY of
tests/conftest.py: 3 actors, 3 issues), each in a new process, and prints the median of N runs, wall time
(the target's) and CPU time (user + system, which a busy machine disturbs less); then
`import accord.cli` alone (`-X importtime`), and the heaviest imports of `deals` and `brief` on the small
scenario, summed by package. Target (issue 17): `deals` and `brief` on a small scenario under 0.4 s.

The processes run as an installed accord does, with compiled bytecode cached (in a scratch folder, with one
untimed warm-up run), and in an empty folder, so no accord.toml or database of the checkout is read. With
`--base` a second source tree (e.g. a worktree of an older commit) runs in turns with this one.

    .venv/bin/python bench/startup.py [--runs 7] [--top 12] [--base /tmp/startup-base/src]
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.4  # seconds, for deals and brief on the small scenario
IMPORT_ROW = "import accord.cli (importtime)"
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


def small_scenario() -> str:
    """TINY of tests/conftest.py, read with ast: importing the conftest would import pytest."""
    tree = ast.parse((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    return next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                and any(isinstance(target, ast.Name) and target.id == "TINY" for target in node.targets))


def commands(small: Path) -> dict[str, list[str]]:
    """Label -> arguments of the accord command."""
    return {"accord --help": ["--help"],
            "accord deals (bundled)": ["deals"], "accord brief (bundled)": ["brief"],
            "accord deals (small)": ["deals", str(small)], "accord brief (small)": ["brief", str(small)]}


def environment(source: Path, cache: Path) -> dict[str, str]:
    """The child's environment: ``source`` first on the path, bytecode cached under ``cache``."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPATH": str(source), "PYTHONPYCACHEPREFIX": str(cache), "ACCORD_DB": "", "COLUMNS": "80"}


def seconds(arguments: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``python arguments``. The CPU time is what a
    busy machine disturbs least: waiting for a core counts in the wall time only."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *arguments], env=env, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_times(arguments: list[str], env: dict[str, str], cwd: Path) -> list[tuple[int, int, int, str]]:
    """(self us, cumulative us, depth, module) of each import of one run under ``-X importtime``."""
    done = subprocess.run([sys.executable, "-X", "importtime", *arguments], env=env, cwd=cwd, check=True,
                          capture_output=True, text=True)
    found = []
    for line in done.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match:
            found.append((int(match[1]), int(match[2]), len(match[3]) // 2, match[4]))
    return found


def cli_import_seconds(env: dict[str, str], cwd: Path) -> float:
    """What ``import accord.cli`` costs by ``-X importtime`` (interpreter start-up left out)."""
    times = import_times(["-c", "import accord.cli"], env, cwd)  # the package, then the module, at depth 0
    return sum(cumulative for _, cumulative, depth, module in times
               if depth == 0 and module.split(".")[0] == "accord") / 1e6


def package(module: str) -> str:
    """What an import is counted under: accord by sub-package, anything else by its top-level name."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "accord" else parts[0]


def heaviest(arguments: list[str], env: dict[str, str], cwd: Path, top: int) -> list[tuple[str, float]]:
    """The ``top`` packages by the import time of their own modules, in seconds."""
    spent: Counter[str] = Counter()
    for own, _, _, module in import_times(arguments, env, cwd):
        spent[package(module)] += own / 1e6
    return spent.most_common(top)


def medians(trees: dict[str, Path], labelled: dict[str, list[str]], runs: int, scratch: Path) -> dict:
    """(tree, label) -> (median wall, median CPU) seconds; the trees take turns run by run, so that a busy
    spell of the machine hits both alike."""
    envs = {name: environment(source, scratch / f"pycache-{name}") for name, source in trees.items()}
    for name in trees:  # warm-up: compiles and caches the bytecode
        for arguments in labelled.values():
            seconds(["-m", "accord.cli", *arguments], envs[name], scratch)
    timings: dict = {(name, label): [] for name in trees for label in labelled}
    imports: dict = {name: [] for name in trees}
    for _ in range(runs):
        for name in trees:
            for label, arguments in labelled.items():
                timings[name, label].append(seconds(["-m", "accord.cli", *arguments], envs[name], scratch))
            imports[name].append(cli_import_seconds(envs[name], scratch))
    table = {key: tuple(statistics.median(column) for column in zip(*values)) for key, values in timings.items()}
    return table | {(name, IMPORT_ROW): (statistics.median(imports[name]), None) for name in trees}


def print_table(table: dict, trees: dict[str, Path], labels: list[str]) -> None:
    names = list(trees)
    print(f"{'median seconds':34}" + "".join(f"{name + ' wall':>12}{name + ' cpu':>12}" for name in names))
    for label in labels:
        cells = (table[name, label] for name in names)
        print(f"{label:34}" + "".join(f"{wall:12.3f}" + (f"{cpu:12.3f}" if cpu is not None else f"{'':12}")
                                      for wall, cpu in cells))


def print_heaviest(trees: dict[str, Path], small: Path, scratch: Path, top: int) -> None:
    for name, source in trees.items():
        env = environment(source, scratch / f"pycache-{name}")
        for command in ("deals", "brief"):
            print(f"\nheaviest imports of accord {command} (small), {name}: package, seconds of its own modules")
            for module, spent in heaviest(["-m", "accord.cli", command, str(small)], env, scratch, top):
                print(f"  {module:40}{spent:8.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="Runs of each command (median).")
    parser.add_argument("--top", type=int, default=12, help="How many of the heaviest imports to list.")
    parser.add_argument("--base", type=Path, help="Another source tree (its src folder) to time side by side.")
    options = parser.parse_args()
    trees = {"this": ROOT / "src"} | ({"base": options.base.resolve()} if options.base else {})
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        small = scratch / "small.toml"
        small.write_text(small_scenario(), encoding="utf-8")
        labelled = commands(small)
        print(f"{options.runs} runs each, {os.cpu_count()} cores; target: deals and brief (small) under {TARGET} s")
        table = medians(trees, labelled, options.runs, scratch)
        print_table(table, trees, [*labelled, IMPORT_ROW])
        print_heaviest(trees, small, scratch, options.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
