"""Every dashboard page as a reader sees it, in the system Chromium at a desktop (1200 px) and a phone (390 px)
width: nothing overflows sideways, no text is under 10 px, no plot labels print over each other, and the axes
that encode options name them. Screenshots go to $ACCORD_TEST_ARTEFACTS (default: the system temp dir).

One server and one browser serve the whole module: the pages are read, never changed.
"""

from __future__ import annotations


import pytest
from typer.testing import CliRunner

from accord.cli import app as cli
from accord.scenario import bundled_path, load_scenario
from accord.web.app import create_app
from tests import browser_checks as check
from tests.conftest import shared

WIDTHS = {"desktop": (1200, 900), "phone": (390, 844)}
PAGES = {"corpus": "/", "article": "/articles/001_985759dc51aa0af6", "scenarios": "/scenarios",
         "scenario": "/scenarios/bundled", "compare": "/compare?a=bundled&b=edited.toml",
         "edit": "/scenarios/bundled/edit", "timeline": "/timeline", "stances": "/stances",
         "monitor": "/monitor"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dashboard")
    db = str(folder / "news.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(shared("corpus", "seed")), "--db", db]).exit_code == 0
    assert runner.invoke(cli, ["extract", "--db", db, "--scenario", str(bundled_path()), "--json"]).exit_code == 0
    scenarios = folder / "scenarios"
    scenarios.mkdir()
    text = bundled_path().read_text(encoding="utf-8")
    (scenarios / "edited.toml").write_text(text.replace('title = "Russia-Ukraine peace talks', 'title = "Edited talks', 1)
                                           .replace('stability_model = "summit_2025.toml"\n', ""))
    with check.served(create_app(db, scenarios)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with check.launched_chromium() as launched:
        yield launched


def opened(browser, server, path: str, width: str):
    viewport_width, height = WIDTHS[width]
    page = browser.new_page(viewport={"width": viewport_width, "height": height})
    response = page.goto(server + path)
    assert response.status == 200, f"{path}: {response.status} {page.inner_text('main')[:200]}"  # no error page
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_reads_and_labels_its_plots(browser, server, name, width):
    page = opened(browser, server, PAGES[name], width)
    try:
        check.screenshot(page, f"dashboard-{name}-{width}")
        assert check.no_horizontal_overflow(page), page.evaluate(
            "[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert check.text_under(page, 10) == []
        assert check.overlapping_plot_labels(page) == []
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_position_maps_name_the_options_on_their_axis(browser, server, width):
    scenario = load_scenario()
    labels = {o.label for issue in scenario.issues for o in issue.options}
    page = opened(browser, server, "/scenarios/bundled", width)
    try:
        maps = page.locator("#positions-plots .js-plotly-plot").count()
        assert maps == len(scenario.issues)
        drawn = check.axis_labels(page)[:maps]
        actors = {a.name for a in scenario.actors}
        for plot in drawn:  # options up the side by their labels, actors along by their names: no ids, no numbers
            assert plot["y"] and set(plot["y"]) <= labels, plot
            assert plot["x"] and set(plot["x"]) <= actors, plot
    finally:
        page.close()


def test_nav_is_whole_on_a_phone(browser, server):
    page = opened(browser, server, "/", "phone")
    try:
        for link in page.locator("header nav a").all():
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, link.inner_text()
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_what_if_answer_fits_the_screen(browser, server, width):
    page = opened(browser, server, "/scenarios/bundled", width)
    try:
        page.select_option("select[name=actor]", "RUS")
        page.select_option("select[name=issue]", "territory_donbas")
        page.check("input[name=acceptable][value=land_swap]")
        page.click("text=Recompute")
        page.wait_for_selector("text=Positions (after the what-if)")
        page.wait_for_load_state("networkidle")
        check.screenshot(page, f"dashboard-whatif-{width}")
        assert page.locator("table.beforeafter tr.moved").count() >= 1  # the change shows as changed rows
        assert check.no_horizontal_overflow(page)
        assert check.text_under(page, 10) == [] and check.overlapping_plot_labels(page) == []
    finally:
        page.close()
