"""``accord eval --suite``: every evaluation case scored in one run (issue 11).

The layout and error tests build small folders of their own; the end-to-end test runs the smallest real
case of ../shared (never the full suite, which is bench/extraction_suite.py's job) and checks its figures
against the scorer run independently on the same store.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pytest
from rich.console import Console

from accord.cli import app
from accord.errors import AccordError
from accord.extract.evaluate import Score, read_records, score
from accord.extract.records import load_records
from accord.news.store import open_store
from accord.report.terminal import render_suite
from accord.suite import KINDS, Case, CaseResult, SuiteResult, discover, find_cases, macro_average, run_case, \
    worst_cases
from tests.conftest import TINY, shared

QUOTE = '{"kind": "quote", "doc": "001", "side": "N", "text": "we want the southern line"}\n'


def _layout(root: Path, gold: str = QUOTE) -> Path:
    """A suite folder: a seed-like corpus, a dev case with gold, and a dev folder without gold."""
    for folder in ("corpus/seed", "corpus/dev/alpha", "corpus/dev/nogold", "eval/dev"):
        (root / folder).mkdir(parents=True)
    (root / "eval" / "seed-gold.jsonl").write_text(QUOTE)
    (root / "corpus" / "dev" / "alpha" / "scenario.toml").write_text(TINY)
    (root / "corpus" / "dev" / "alpha" / "meta.tsv").write_text("file\turl\n")
    (root / "eval" / "dev" / "alpha-gold.jsonl").write_text(gold)
    return root


def test_cases_come_from_the_folder_layout(tmp_path):
    cases, skipped = discover(_layout(tmp_path))
    assert [c.name for c in cases] == ["seed", "alpha"]  # top-level corpora first, then dev cases by name
    seed, alpha = cases
    assert seed.scenario is None and seed.meta is None  # bundled scenario; ingestion finds index.tsv itself
    assert alpha.scenario.name == "scenario.toml" and alpha.meta.name == "meta.tsv"
    assert alpha.gold == tmp_path / "eval" / "dev" / "alpha-gold.jsonl"
    assert [s.name for s in skipped] == ["nogold"] and "no gold" in skipped[0].reason
    assert find_cases(tmp_path) == cases


def _result(name: str, f1s: dict[str, tuple[int, int, int]]) -> CaseResult:
    case = Case(name, Path(name), Path(f"{name}-gold.jsonl"), None, None)
    return CaseResult(case, {k: Score(*f1s.get(k, (0, 0, 1))) for k in KINDS}, 1, {}, 0.0)


def test_macro_average_is_the_mean_of_the_cases_and_worst_is_per_kind():
    a = _result("a", {"quote@0.3": (1, 1, 1), "event": (1, 2, 4)})  # quote F1 1.0; event P .5 R .25
    b = _result("b", {"quote@0.3": (1, 2, 2), "event": (2, 2, 2)})  # quote F1 0.5; event 1.0
    macro, worst = macro_average([a, b]), worst_cases([a, b])
    assert macro["quote@0.3"].f1 == pytest.approx(0.75)
    assert macro["event"].precision == pytest.approx(0.75) and macro["event"].recall == pytest.approx(0.625)
    assert macro["event"].f1 == pytest.approx((a.scores["event"].f1 + 1.0) / 2)  # mean of F1s, not F1 of means
    assert (worst["quote@0.3"].case, worst["event"].case) == ("b", "a")
    assert worst["stance"].case == "a"  # a tie goes to the first case


def test_the_table_has_a_row_per_case_the_macro_average_and_the_worst():
    results = [_result("a", {"quote@0.3": (1, 1, 1)}), _result("b", {})]
    suite = SuiteResult(Path("x"), results, macro_average(results), worst_cases(results))
    console = Console(width=160, record=True, file=io.StringIO())
    render_suite(suite.to_dict(), console)
    text = console.export_text()
    assert all(word in text for word in ("│ a ", "1 article ", "macro average", "worst", "lowest F1", *KINDS))
    assert "0.50" in text  # quote@0.3 macro F1


@pytest.mark.parametrize("arguments, message", [
    ([], "give either a GOLD file or --suite DIR"),
    (["gold.jsonl", "--suite", "x"], "not both"),
    (["gold.jsonl", "--case", "seed"], "--case needs --suite"),
    (["--suite", "x", "--db", "x.db"], "--pred and --db do not apply"),
])
def test_eval_usage_errors_are_one_line(runner, arguments, message):
    result = runner.invoke(app, ["eval", *arguments])
    assert result.exit_code == 2 and message in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_suite_input_errors_are_one_line_naming_the_file(runner, tmp_path):
    def error(root: Path, *extra: str) -> str:
        result = runner.invoke(app, ["eval", "--suite", str(root), *extra])
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        return lines[0]

    assert error(tmp_path).startswith(f"{tmp_path}: no evaluation cases")
    bad = _layout(tmp_path / "bad", gold=QUOTE + "{oops\n")
    assert error(bad) == f"{bad}/eval/dev/alpha-gold.jsonl:2: malformed JSON: " \
                         "Expecting property name enclosed in double quotes"
    assert error(bad, "--case", "nogold").startswith("nogold: skipped: no gold")
    assert error(bad, "--case", "nosuch") == "nosuch: no such case (cases: alpha, seed)"
    (bad / "corpus" / "dev" / "alpha" / "scenario.toml").unlink()
    assert error(bad, "--case", "alpha") == \
        f"{bad}/corpus/dev/alpha/scenario.toml: missing: a dev case needs the scenario its gold is coded on"


def _smallest_case() -> Case:
    """The real case with the fewest bytes of news, so that the end-to-end test stays short."""
    return min(find_cases(shared()), key=lambda c: sum(f.stat().st_size for f in c.corpus.iterdir() if f.is_file()))


@pytest.mark.slow
def test_one_real_case_end_to_end_equals_the_scorer_on_the_same_store(runner, tmp_path, monkeypatch):
    case = _smallest_case()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the scratch database must go, leaving nothing
    result = runner.invoke(app, ["eval", "--suite", str(shared()), "--case", case.name, "--json"])
    assert result.exit_code == 0, result.output
    suite = json.loads(result.stdout)
    assert list(tmp_path.iterdir()) == []
    [only] = suite["cases"]
    assert only["name"] == case.name and only["articles"] >= 1
    assert all(s["reason"].startswith("no gold") for s in suite["skipped"])  # folders without gold, named
    # The same case through the API into a store the test keeps, then scored independently.
    url = f"sqlite:///{tmp_path / 'kept.db'}"
    kept = run_case(case, db_url=url)
    store = open_store(url)
    independent = score(read_records(case.gold), load_records(store))
    store.engine.dispose()
    assert kept.scores == independent
    assert only["scores"] == {k: independent[k].to_dict() for k in KINDS}
    # ... and through the one-file scorer of the command line, on that store.
    by_cli = json.loads(runner.invoke(app, ["eval", str(case.gold), "--db", url, "--json"]).stdout)
    assert only["scores"] == {k: by_cli[k] for k in KINDS}
    for kind in KINDS:  # one case: its own macro average and worst case
        assert suite["macro"][kind]["f1"] == only["scores"][kind]["f1"]
        assert suite["worst"][kind]["case"] == case.name


def test_a_case_error_is_an_accord_error_before_any_work(tmp_path):
    root = _layout(tmp_path, gold='{"kind": "quote", "doc": "001"}\n')
    alpha = next(c for c in find_cases(root) if c.name == "alpha")
    with pytest.raises(AccordError) as caught:
        run_case(alpha)
    assert str(caught.value) == f"{alpha.gold}:1: side: a quote record needs 'side'"
