"""`accord monitor` through the CLI (issue 16): invented articles on an invented truce, its terms file, the
exit codes a cron job reads, and no claim of a party ever rendered as a fact."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from accord.cli import app
from accord.web.app import create_app

TERMS = '''
[[agreements]]
id = "dam-truce"
title = "Truce on the dam"
parties = ["EGY", "ETH"]
mode = "mutual"
start = [{ at = 2026-06-09T00:00:00+02:00, held_by = "EGY" }, { at = 2026-06-10T00:00:00+03:00, held_by = "ETH" }]
end = [{ at = 2026-06-30T00:00:00+02:00 }]
release = [{ violation_by = "any", description = "a violation by one side frees the other" }]
'''

FIRST = {"01.txt": "Truce on the dam holds shakily\n\nCAIRO, June 12, 2026 - Egypt and Ethiopia agreed a ceasefire on "
                   "Monday.\nEgypt's defence ministry said Ethiopian forces had shelled its positions 120 times.\n"
                   "Ethiopia said its troops had strictly adhered to the ceasefire.\n"}
LATER = {"02.txt": "Dam truce under strain\n\nADDIS ABABA, June 14, 2026 - The truce between Egypt and Ethiopia began "
                   "on Monday.\nEthiopia said Egyptian drones had attacked its positions 45 times.\n"}


def write(folder, texts):
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_monitor_exit_codes_new_claims_and_claims_never_shown_as_fact(runner, tmp_path):
    db, terms, news = str(tmp_path / "news.db"), tmp_path / "terms.toml", tmp_path / "news"
    terms.write_text(TERMS, encoding="utf-8")
    write(news, FIRST)
    assert runner.invoke(app, ["ingest", str(news), "--db", db]).exit_code == 0
    assert runner.invoke(app, ["extract", "--db", db]).exit_code == 0
    first = runner.invoke(app, ["monitor", str(terms), "--db", db])
    assert first.exit_code == 1, first.output  # new claims: the first run sees every one
    assert "start: DISPUTED" in first.output and "ETH: claimed by one side (claimed by EGY" in first.output
    assert "release, if EGY's claims against ETH hold" in first.output
    assert runner.invoke(app, ["monitor", str(terms), "--db", db]).exit_code == 0  # nothing new since that run
    listed = runner.invoke(app, ["records", "list", "--db", db, "--kind", "claim"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "EGY claims 120 shelling by ETH" in listed.output
    write(news, LATER)
    assert runner.invoke(app, ["ingest", str(news), "--db", db]).exit_code == 0
    assert runner.invoke(app, ["extract", "--db", db]).exit_code == 0
    found = runner.invoke(app, ["monitor", str(terms), "--db", db, "--json"])
    assert found.exit_code == 1
    verdict = json.loads(found.output)
    [agreement] = verdict["agreements"]
    assert verdict["new_claims"] == len(agreement["new"]) >= 1 and agreement["start_disputed"] is True
    assert all(c["claimant"] and c["kind"] in ("claim", "denial", "confirmation") for c in agreement["claims"])
    page = TestClient(create_app(db, tmp_path / "scenarios", terms=terms), base_url="http://127.0.0.1").get("/monitor")
    assert page.status_code == 200 and "Truce on the dam" in page.text and "Start disputed:" in page.text
    assert "EGY claims 120 shelling by ETH" in page.text and 'href="/articles/01"' in page.text
    report = tmp_path / "report.html"
    assert runner.invoke(app, ["report", "--db", db, "--out", str(report)]).exit_code == 0
    assert "Agreements and claims" not in report.read_text(encoding="utf-8")  # the bundled truces: none of these
    assert runner.invoke(app, ["report", "--db", db, "--out", str(report), "--terms", str(terms)]).exit_code == 0
    html = report.read_text(encoding="utf-8")
    assert "Agreements and claims" in html and "EGY claims 120 shelling by ETH" in html
    for rendering in (page.text, html):  # the figure is always the claimant's, never said as a fact
        assert rendering.count("120 shelling") == rendering.count("claims 120 shelling")
    since = runner.invoke(app, ["monitor", str(terms), "--db", db, "--since", "2026-06-13"])
    assert since.exit_code == 1 and "new claim(s) since 2026-06-13" in since.output
    # every figure is someone's claim: a line that gives a number says whose claim it is, or gives a time
    for line in since.output.splitlines():
        if re.search(r"\d", line) and not line.strip().startswith(("start:", "end:", "Truce")):
            assert "claim" in line, line

def test_monitor_errors_are_one_line_and_exit_2(runner, tmp_path):
    terms = tmp_path / "terms.toml"
    terms.write_text(TERMS.replace('mode = "mutual"', 'mode = "both"'), encoding="utf-8")
    db = str(tmp_path / "news.db")
    write(tmp_path / "news", FIRST)
    assert runner.invoke(app, ["ingest", str(tmp_path / "news"), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["monitor", str(terms), "--db", db])
    assert result.exit_code == 2 and result.output.strip().startswith(str(terms)) and "mode" in result.output
    missing = runner.invoke(app, ["monitor", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and len(missing.output.strip().splitlines()) == 1
