"""The documentation site: it builds strictly, its command reference matches the CLI, and every command its
examples run exists (the Python examples run as doctests through pytest's --doctest-glob)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from accord.cli import app

ROOT = Path(__file__).resolve().parents[1]


def test_the_site_builds_strictly(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1",
                                                                           "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "tutorial" / "index.html").exists()
    assert (tmp_path / "site" / "models" / "gmcr" / "index.html").exists()


def test_the_command_reference_is_generated_from_the_cli():
    generated = subprocess.run([sys.executable, "scripts/commands_md.py"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout
    assert (ROOT / "docs" / "commands.md").read_text(encoding="utf-8") == generated, \
        "docs/commands.md is stale: run .venv/bin/python scripts/commands_md.py > docs/commands.md"


def test_every_documented_command_exists(runner):
    pages = [*ROOT.glob("docs/**/*.md"), ROOT / "README.md"]
    commands = set()
    for page in pages:
        for line in page.read_text(encoding="utf-8").splitlines():
            match = re.match(r"\$ accord ((?:[a-z]+)(?: (?:list|show|delete|export|info|accept|reject|correct|genius|"
                             r"decide))?)\b", line.strip())
            if match:
                commands.add(match.group(1))
    assert {"brief", "ingest", "extract", "report", "serve"} <= commands
    for command in sorted(commands):
        result = runner.invoke(app, [*command.split(), "--help"])
        assert result.exit_code == 0, f"accord {command}: {result.output}"
