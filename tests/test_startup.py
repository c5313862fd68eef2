"""Start-up: small commands import only what they use (issue 17).

Which modules a fresh process has imported, not how long it took (timings are bench/startup.py's job): each
check runs in a new interpreter, since this one has imported everything the other tests use.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import accord

HEAVY = ("ortools", "pandas", "pyarrow", "plotly", "spacy", "sqlalchemy", "alembic", "fastapi", "jinja2", "dask",
         "distributed", "torch", "yaml")
SOURCE = Path(accord.__file__).resolve().parent.parent  # this accord, not another one on the path

REPORT_HEAVY = f"import json, sys; print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"


def imported_heavy(code: str, tmp_path: Path) -> list[str]:
    """The heavy modules a fresh interpreter has imported after running ``code``."""
    env = {**os.environ, "PYTHONPATH": str(SOURCE), "ACCORD_DB": "", "COLUMNS": "80"}
    done = subprocess.run([sys.executable, "-c", f"{code}\n{REPORT_HEAVY}"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def run_command(arguments: list[str]) -> str:
    """Code that runs an accord command in the process, as the ``accord`` script would, and checks it worked."""
    return ("from typer.testing import CliRunner\n"
            "from accord.cli import app\n"
            f"result = CliRunner().invoke(app, {arguments!r})\n"
            "assert result.exit_code == 0, result.output")


def test_importing_the_cli_imports_no_heavy_module(tmp_path):
    assert imported_heavy("import accord.cli", tmp_path) == []


def test_importing_accord_leaves_the_scenario_model_for_later(tmp_path):
    """``accord --help`` and ``--version`` need neither pydantic nor numpy (the scenario model's)."""
    code = "import sys, accord\nassert not {'pydantic', 'numpy'} & set(sys.modules), 'imported by accord'"
    assert imported_heavy(code, tmp_path) == []


@pytest.mark.parametrize("arguments", [["--help"], ["deals"], ["deals", "SMALL"], ["brief"], ["brief", "SMALL"],
                                       ["brief", "--format", "markdown"], ["forecast"], ["validate", "SMALL"]],
                         ids=" ".join)
def test_small_commands_import_no_heavy_module(arguments, tmp_path, tiny_path):
    """The bundled and the small scenario are both within reach of numpy's enumeration: no OR-Tools (with the
    pandas it imports), no plotting, no database, no language model."""
    arguments = [str(tiny_path) if argument == "SMALL" else argument for argument in arguments]
    assert imported_heavy(run_command(arguments), tmp_path) == []


def test_the_solver_engine_still_loads_ortools(tmp_path, tiny_path):
    assert "ortools" in imported_heavy(run_command(["brief", str(tiny_path), "--engine", "solver"]), tmp_path)


def test_lazy_names_are_the_modules_own():
    from accord import analysis
    from accord.analysis.bargaining import bargaining_report
    from accord.analysis.briefing import Brief
    from accord.scenario import load_scenario

    assert analysis.bargaining_report is bargaining_report and analysis.Brief is Brief
    assert accord.load_scenario is load_scenario and accord.__version__
    assert set(analysis.__all__) <= set(dir(analysis)) and set(accord.__all__) <= set(dir(accord))
    with pytest.raises(AttributeError):
        analysis.no_such_analysis
    with pytest.raises(AttributeError):
        accord.no_such_name
