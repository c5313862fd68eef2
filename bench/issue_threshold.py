"""The thresholds of issue and option matching, chosen leave-one-negotiation-out (issue 12).

accord.extract.issues finds an issue by the weight of its vocabulary in a clause (``MIN_ISSUE_SCORE``) and
an option by the weight of its own words (``MIN_OPTION_SCORE``). Both were chosen on the development
cases, so their figures are reported honestly: for each negotiation, the pair that scores best on the
*other* negotiations is applied to it, and only that held-out figure is reported.

Folds are negotiations, not cases: the seed and ukraine-2025-spring are one negotiation (Ukraine), so
neither may be tuned on the other. The score maximised is the mean over cases of stance F1 and
stance+option F1.

    .venv/bin/python bench/issue_threshold.py ../shared

Each case is ingested and parsed once; every pair of thresholds then re-codes the parsed sentences.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from pathlib import Path

from accord.extract.evaluate import score
from accord.extract.gazetteer import extend, load_gazetteer
from accord.extract.issues import MIN_ISSUE_SCORE, MIN_OPTION_SCORE, IssueIndex
from accord.extract.pipeline import RuleExtractor, stored_articles
from accord.news.ingest import ingest
from accord.news.read import ReadOptions
from accord.news.store import open_store
from accord.scenario import bundled_path, load_scenario
from accord.suite import check, find_cases

# The dev negotiations of ../shared (a case not listed is its own negotiation).
NEGOTIATIONS = {"seed": "Ukraine", "ukraine-2025-spring": "Ukraine",
                "armenia-azerbaijan-2025": "Armenia-Azerbaijan", "drc-rwanda-2025": "DR Congo"}
ISSUE_SCORES = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, float("inf"))
OPTION_SCORES = (0.5, 0.75, 1.0, 1.5, float("inf"))


def parsed_case(case, folder: Path):
    """The case's scenario, gazetteer, extractor and parsed articles, ingested once into a scratch store."""
    store = open_store(f"sqlite:///{folder / (case.name + '.db')}")
    ingest([str(case.corpus)], store, ReadOptions(metadata_file=case.meta))
    scenario = load_scenario(case.scenario or bundled_path())
    extractor = RuleExtractor(extend(load_gazetteer(), scenario))
    articles = list(extractor.parsed(stored_articles(store)))
    store.engine.dispose()
    return scenario, extractor, articles


def stance_f1(case, scenario, extractor, articles, issue_score: float, option_score: float) -> float:
    extractor.issues = IssueIndex.of(scenario, issue_score, option_score)
    records = [r.to_dict() for article, docs in articles for r in extractor.extract(article, docs)]
    scores = score(check(case), records)
    return (scores["stance"].f1 + scores["stance+option"].f1) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path)
    args = parser.parse_args()
    grid = list(itertools.product(ISSUE_SCORES, OPTION_SCORES))
    table: dict[str, dict[tuple, float]] = {}
    with tempfile.TemporaryDirectory(prefix="accord-thresholds-") as folder:
        for case in find_cases(args.shared):
            parsed = parsed_case(case, Path(folder))
            table[case.name] = {pair: stance_f1(case, *parsed, *pair) for pair in grid}
    negotiation = {name: NEGOTIATIONS.get(name, name) for name in table}

    def mean(pair, names):
        return sum(table[n][pair] for n in names) / len(names)

    print(f"shipped: MIN_ISSUE_SCORE={MIN_ISSUE_SCORE}, MIN_OPTION_SCORE={MIN_OPTION_SCORE}")
    print("fold (held out)      chosen on the others   held-out (stance+stance+option)/2   at shipped")
    for held in sorted(set(negotiation.values())):
        train = [n for n in table if negotiation[n] != held]
        test = [n for n in table if negotiation[n] == held]
        best = max(grid, key=lambda pair: mean(pair, train))
        print(f"{held:20s} {str(best):22s} {mean(best, test):.3f}"
              f"{'':28s}{mean((MIN_ISSUE_SCORE, MIN_OPTION_SCORE), test):.3f}")
    best_all = max(grid, key=lambda pair: mean(pair, list(table)))
    print(f"best on all cases: {best_all} ({mean(best_all, list(table)):.3f}); shipped "
          f"{mean((MIN_ISSUE_SCORE, MIN_OPTION_SCORE), list(table)):.3f}")


if __name__ == "__main__":
    main()
