"""The Python API as a Jupyter user meets it: paths or stores, one naming rule, HTML results."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import accord
from accord import analysis
from accord.errors import AccordError
from accord.extract.records import load_records, records_frame
from accord.news.articles import articles_frame, list_articles
from accord.news.ingest import ingest
from accord.news.store import open_store

STORY = ("Egypt's foreign minister said on Monday that Cairo would never accept a dam filling schedule "
         "without a binding agreement. Talks in Nairobi resumed on Tuesday.\n")


def accord_modules():
    for info in pkgutil.walk_packages(accord.__path__, "accord."):
        if ".migrations" not in info.name:  # alembic's scripts run only inside a migration
            yield importlib.import_module(info.name)


def result_types():
    """Every class accord defines that turns itself into plain data (``to_dict``): its results."""
    return sorted({cls for module in accord_modules() for _, cls in inspect.getmembers(module, inspect.isclass)
                   if cls.__module__.startswith("accord.") and "to_dict" in vars(cls)},
                  key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def test_every_result_type_shows_as_html_in_jupyter():
    types = result_types()
    assert len(types) >= 25  # the walk found the results, not nothing
    assert [f"{cls.__module__}.{cls.__qualname__}" for cls in types if not hasattr(cls, "_repr_html_")] == []


def test_results_render_as_escaped_html_tables():
    scenario = accord.load_scenario()
    results = [scenario, analysis.brief(scenario), analysis.bargaining_report(scenario),
               analysis.compromise(scenario)[0], analysis.monte_carlo(scenario, runs=50),
               analysis.direct_clashes(scenario)[0], analysis.minimal_correction_sets(scenario, k=1)[0],
               analysis.forecasts(scenario), analysis.pareto_frontier(scenario)]
    for result in results:
        page = result._repr_html_()
        assert "<table>" in page and "<script" not in page, type(result).__name__
    assert "Scenario" in repr(scenario) and len(repr(scenario)) < 200


def test_read_functions_accept_a_path_or_a_store(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "nile.txt").write_text(STORY)
    path = tmp_path / "nile.db"
    ingest([str(tmp_path / "news")], str(path))  # a path is created when ingesting
    store = open_store(str(path))
    assert len(list_articles(path)) == len(list_articles(store)) == 1
    assert articles_frame(str(path)).shape == articles_frame(store).shape
    assert records_frame(path).shape == records_frame(store).shape
    with pytest.raises(AccordError, match="no such database"):
        load_records(tmp_path / "mistyped.db")
    assert not (tmp_path / "mistyped.db").exists()


def test_no_analysis_function_shares_or_nearly_shares_a_module_name():
    def plain(name: str) -> str:
        return name.lower().replace("_", "").rstrip("s")

    modules = {plain(info.name) for info in pkgutil.iter_modules(analysis.__path__)}
    functions = [name for name in analysis.__all__ if callable(getattr(analysis, name))
                 and not inspect.isclass(getattr(analysis, name))]
    assert [name for name in functions if plain(name) in modules] == []
    assert all(inspect.isfunction(getattr(analysis, name)) for name in functions)  # never a module by accident
