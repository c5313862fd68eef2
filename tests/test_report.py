"""The self-contained HTML report."""

from __future__ import annotations

import re
from pathlib import Path

from accord.cli import app
from accord.scenario import bundled_path, load_scenario
from tests.conftest import shared

SECTIONS = ("provenance", "brief", "positions", "feasibility", "bargaining", "forecasts", "timeline", "stances",
            "evidence", "articles")


def external_references(page: str) -> list[str]:
    """src= or href= values in the markup that would need the network (links to anchors in the page are fine);
    the inlined scripts' own text is not markup."""
    markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", page, flags=re.DOTALL)
    return [m for m in re.findall(r'(?:src|href)="([^"#][^"]*)"', markup) if not m.startswith("data:")]


def test_report_of_the_scenario_alone_is_self_contained(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no database named and none here: the report covers the scenario alone
    monkeypatch.delenv("ACCORD_DB", raising=False)
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--out", str(out), "--runs", "200"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "accord.db").exists()
    named = runner.invoke(app, ["report", "--db", str(tmp_path / "none.db"), "--out", str(out)])
    assert named.exit_code == 2 and "no such database" in named.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and external_references(page) == []
    assert all(f'<section id="{key}">' for key in SECTIONS)
    assert load_scenario().content_hash() in page and "plotly.js (basic - minified) v4.1.1" in page
    assert len(page.encode()) <= 1_500_000  # the basic bundle, not the whole of plotly.js (4.8 MB)
    assert page.count('class="plot"') >= 12  # 10 position maps, the frontier, the forecasts
    assert "No extraction records" in page
    assert '<meta name="viewport"' in page and "@media print" in page


def test_report_names_options_marks_what_breaks_red_lines_and_prints_costs_as_the_terminal(runner, tmp_path,
                                                                                           monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ACCORD_DB", raising=False)
    out = tmp_path / "report.html"
    assert runner.invoke(app, ["report", "--out", str(out), "--runs", "200"]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert '"type":"heatmap"' not in page and '<table class="feasibility">' in page  # the basic bundle has none
    assert "the more actors rule the option out" in page  # the colours' legend
    # labels, not ids: in the red-line and feasibility tables and on the option axes of the plots
    assert "<td>Territory in Donbas</td>" in page and "<td>territory_donbas</td>" not in page
    assert "<td>Russia</td>" in page and "<td>RUS</td>" not in page
    assert '"ticktext":["Ukraine keeping\\u003cbr\\u003ethe land it holds' in page  # plotly escapes its <br>
    # marks the terminal makes: forecasts outside a red line, solutions over all deals
    assert "✗ outside the red lines of Russia, Ukraine" in page
    assert "Over all deals: these ignore red lines and the no-deal test" in page
    brief = runner.invoke(app, ["brief"]).output
    cost = re.search(r"cost ([\d,]+);", brief).group(1)
    assert f"(cost {cost})" in page and "11837.50" not in page


def test_report_with_news_links_evidence_and_escapes_article_text(runner, db_url, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "hostile.txt").write_text(
        "Putin said on Monday that Russia would never accept NATO membership for Ukraine. "
        "<script>alert('x')</script> <img src=x onerror=alert(1)> The talks went on into the night in Geneva.\n")
    assert runner.invoke(app, ["ingest", str(shared("corpus", "seed")), str(folder), "--db", db_url]).exit_code == 0
    assert runner.invoke(app, ["extract", "--db", db_url, "--scenario", str(bundled_path()), "--json"]).exit_code == 0
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--db", db_url, "--out", str(out), "--runs", "100", "--pair", "RUS,UKR"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert" in page
    assert re.search(r'<a href="#article-[^"]+">', page) and 'id="article-' in page and "<mark>" in page
    assert "utility of Russia" in page and "utility of Ukraine" in page
    assert external_references(page) == []
    groups = re.findall(r"<details><summary>([^<]+) \((\d+) records?\)</summary>", page)
    assert len(groups) >= 2 and ("Quotes" in dict(groups)) and sum(int(n) for _, n in groups) > 10


def test_exports_frames_and_jupyter_tables(runner, db_url, tmp_path):
    import pyarrow.parquet as pq

    import accord
    from accord import analysis
    from accord.analysis.tables import deals_frame, forecasts_frame
    from accord.extract.records import records_frame
    from accord.news.store import open_store

    scenario = accord.load_scenario()
    forecasts = forecasts_frame(scenario)
    assert set(forecasts["model"]) >= {"compromise", "median"} and len(forecasts) % len(scenario.issues) == 0
    deals = deals_frame(scenario)
    assert set(deals["kind"]) == {"closest"}  # the bundled scenario has no feasible deal
    out = tmp_path / "forecasts.parquet"
    assert runner.invoke(app, ["export", "forecasts", str(out)]).exit_code == 0
    assert pq.read_table(out).num_rows == len(forecasts)
    bad = runner.invoke(app, ["export", "deals", str(tmp_path / "deals.txt")])
    assert bad.exit_code == 2 and "export to .jsonl, .csv or .parquet" in bad.output
    assert runner.invoke(app, ["ingest", str(shared("corpus", "seed")), "--db", db_url]).exit_code == 0
    assert runner.invoke(app, ["extract", "--db", db_url, "--scenario", str(bundled_path()), "--json"]).exit_code == 0
    records = records_frame(open_store(db_url), "stance")
    assert len(records) > 10 and {"side", "issue", "polarity", "sources"} <= set(records.columns)
    csv_out = tmp_path / "records.csv"
    assert runner.invoke(app, ["export", "records", str(csv_out), "--db", db_url]).exit_code == 0
    assert csv_out.read_text().splitlines()[0].startswith("id,")
    assert "<table>" in analysis.brief(scenario)._repr_html_()
    assert "<th>compromise</th>" in analysis.forecasts(scenario)._repr_html_()


def report_with_news(runner, tmp_path) -> Path:
    """The report of the bundled scenario and the seed corpus, written to tmp_path."""
    db = str(tmp_path / "news.db")
    assert runner.invoke(app, ["ingest", str(shared("corpus", "seed")), "--db", db]).exit_code == 0
    assert runner.invoke(app, ["extract", "--db", db, "--scenario", str(bundled_path()), "--json"]).exit_code == 0
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--db", db, "--out", str(out), "--runs", "200"])
    assert result.exit_code == 0, result.output
    return out


def test_report_reads_in_a_browser_at_desk_and_phone_widths(runner, tmp_path):
    from tests import browser_checks as check

    with check.launched_chromium() as browser:
        out = report_with_news(runner, tmp_path)
        options = {issue.title: sorted(o.label for o in issue.options) for issue in load_scenario().issues}
        for width in (1200, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(out.as_uri())
            page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 20")
            check.screenshot(page, f"report-{width}px")
            assert check.no_horizontal_overflow(page), width
            assert check.text_under(page, 10) == [], width
            assert check.overlapping_plot_labels(page) == [], width
            # every plot titled by an issue (its position map, its forecast) has that issue's options up its side
            on_options = [plot for plot in check.axis_labels(page) if plot["title"] in options]
            assert len(on_options) == 2 * len(options), width
            assert [sorted(plot["y"]) for plot in on_options] == [options[plot["title"]] for plot in on_options]
            page.close()


def test_the_vendored_plotly_bundle_is_the_version_the_pinned_plotly_ships():
    from plotly.offline import get_plotlyjs_version

    from accord.report.html import plotly_js

    assert plotly_js().startswith(f"/**\n* plotly.js (basic - minified) v{get_plotlyjs_version()}\n")
