"""Imports follow the data's flow: news, extract, draft, scenario, analysis, then report and web.

Read from the source with ``ast`` (importing would hide an import inside a function): each package's
imports of other accord packages, checked against the layers below it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import accord

SOURCE = Path(accord.__file__).parent

# What each package may import besides itself and the shared leaves (errors, tables, the package root's
# version and load_scenario). A package not listed may import anything but the CLI.
ALLOWED = {
    "news": set(),
    "scenario": set(),
    "extract": {"news"},
    "draft": {"news", "extract", "scenario"},
    "analysis": {"scenario"},
    "report": {"scenario", "analysis"},
}
LEAVES = {"errors", "tables", "workers", "accord"}


def package_imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for path in SOURCE.rglob("*.py"):
        parts = path.relative_to(SOURCE).with_suffix("").parts
        package = parts[0] if len(parts) > 1 else parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else \
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                if name == "accord" or name.startswith("accord."):
                    target = name.split(".")[1] if "." in name else "accord"
                    if target != package:
                        found[package].add(target)
    return found


def test_each_layer_imports_only_the_layers_before_it():
    imports = package_imports()
    wrong = {package: sorted(imports[package] - allowed - LEAVES) for package, allowed in ALLOWED.items()}
    assert {package: names for package, names in wrong.items() if names} == {}


def test_nothing_imports_the_cli():
    assert [package for package, names in package_imports().items() if "cli" in names] == []
