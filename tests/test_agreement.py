"""Agreed terms as data (issue 16): the agreement file, its checks with lines, and the bundled truces."""

from __future__ import annotations

import json

import pytest

from accord.cli import app
from accord.errors import ScenarioError
from accord.scenario.agreement import EXAMPLE, parse_agreements, read_agreements
from tests.conftest import line_number


def test_the_bundled_truces_validate_and_the_moratoriums_start_is_disputed():
    terms, warnings = read_agreements()
    assert warnings == []
    truces = {a.id: a for a in terms.agreements}
    assert set(truces) == {"energy-moratorium-2025", "easter-2025", "victory-day-2025"}
    moratorium = truces["energy-moratorium-2025"]
    assert moratorium.disputed("start") and {m.held_by for m in moratorium.start} == {"RUS", "UKR"}
    assert not truces["easter-2025"].disputed("start") and truces["easter-2025"].mode == "unilateral"
    assert all(m.at.utcoffset() is not None for a in terms.agreements for m in a.start + a.end)


BROKEN = EXAMPLE.replace('mode = "mutual"', 'mode = "unilateral"').replace("+02:00", "") + '''
[[agreements.end]]
at = 2026-02-01T00:00:00+02:00

[[agreements.release]]
violation_by = "SDN"
description = "a violation frees the other side"

[[agreements]]
id = "dam-truce"
title = "The same id again"
parties = ["EGY", "ETH"]
mode = "mutual"
start = [{ at = 2026-03-01T00:00:00+02:00, held_by = "EGY" }]
end = [{ at = 2026-02-01T00:00:00+02:00 }]
'''


def test_every_problem_of_an_agreement_file_is_named_with_its_line(tmp_path, runner):
    path = tmp_path / "terms.toml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        parse_agreements(BROKEN, name=str(path))
    found = {p.field: (p.line, p.message) for p in raised.value.problems}
    assert found["agreements[0].declared_by"] == (line_number(BROKEN, "[[agreements]]"),
                                                  "a unilateral agreement names the side that declared it")
    assert found["agreements[0].start[0].at"][0] == BROKEN.splitlines().index("at = 2026-03-01T00:00:00") + 1
    assert "UTC offset" in found["agreements[0].start[0].at"][1]
    assert found["agreements[0].release[0].violation_by"] == (line_number(BROKEN, 'violation_by = "SDN"'),
                                                              '"SDN" is not a party of the agreement')
    assert found["agreements[1].id"][1] == 'duplicate agreement id "dam-truce"'
    assert found["agreements[1].end[0].at"][1] == "ends before the agreement starts"
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert all(line.startswith(str(path)) for line in result.output.strip().splitlines())


def test_validate_takes_an_agreement_file_and_warns_of_terms_without_evidence(tmp_path, runner):
    path = tmp_path / "terms.toml"
    path.write_text(EXAMPLE.replace("evidence = [", "# evidence = ["), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0 and "valid agreements: dam-truce" in result.output
    assert "cites no evidence" in result.output
    assert runner.invoke(app, ["validate", str(path), "--strict"]).exit_code == 1
    verdict = json.loads(runner.invoke(app, ["validate", str(path), "--json"]).output)
    assert verdict["valid"] and {w["field"] for w in verdict["warnings"]} >= {"agreements[0].start[0].evidence"}
