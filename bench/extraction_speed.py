"""Benchmark: `accord extract` against spaCy's own `nlp.pipe` on the same sentences (issue 11).

The 181 gold bodies of the ScrapingHub article-extraction benchmark (field ``articleBody``) are
written as .txt files and ingested into a scratch SQLite store. Then, with the spaCy model, the
gazetteer and the bundled scenario loaded once before any clock starts:

- spaCy: ``nlp.pipe`` over every stored sentence, the full pipeline of the installed model;
- accord: ``accord.extract.pipeline.extract`` end to end (read the store, parse, find mentions,
  quotes, events and stances, write the records).

Each side is timed ``--repeat`` times, the two taking turns, and its best run kept. Target: accord at >= 0.9x spaCy's
sentences/s.

    .venv/bin/python bench/extraction_speed.py [--limit N] [--repeat 3] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench" / "article-extraction"
TARGET = 0.9


def build_store(folder: Path, limit: int | None):
    """A scratch store holding the gold bodies, ingested the ordinary way (one .txt file each)."""
    from accord.news.ingest import ingest
    from accord.news.store import open_store

    gold = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    texts = folder / "bodies"
    texts.mkdir()
    for ident in sorted(gold)[:limit]:
        (texts / f"{ident}.txt").write_text(gold[ident]["articleBody"].strip() + "\n", encoding="utf-8")
    store = open_store(folder / "bench.db")
    ingest([str(texts)], store)
    return store, len(os.listdir(texts))


def stored_sentences(store) -> list[str]:
    """Every stored sentence, in the order extraction reads them."""
    from accord.extract.pipeline import stored_articles

    return [text for article in stored_articles(store) for _, _, text in article.sentences]


def cold_start() -> None:
    """Forget the text accord has seen (folded names, stems, spaCy's string ids), as a fresh process has:
    each accord run pays for its own caches, as ``accord extract`` does."""
    import importlib
    import importlib.util

    from accord.extract import gazetteer, stances

    issues = importlib.import_module("accord.extract.issues") if importlib.util.find_spec("accord.extract.issues") \
        else None  # an older checkout, measured for comparison, stemmed in stances
    for cached in (gazetteer.fold, getattr(stances, "_stem", None), getattr(issues, "stem", None)):
        getattr(cached, "cache_clear", lambda: None)()  # (an older checkout, measured for comparison, has none)
    if importlib.util.find_spec("accord.extract.tokens"):
        importlib.import_module("accord.extract.tokens")._names.clear()


def accord_run(store, issues, gazetteer) -> None:
    from accord.extract.pipeline import extract

    cold_start()
    extract(store, issues=issues, gazetteer=gazetteer, workers=1)  # one process, as spaCy's side runs


def best_times(repeat: int, **runs) -> dict[str, float]:
    """The fastest of ``repeat`` runs of each, in seconds. The runs take turns, so a busy spell on the
    machine slows both sides alike, and the best run is the one least disturbed."""
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="only the first N bodies")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the best is kept")
    parser.add_argument("--profile", type=Path, help="also write a cProfile of one more accord run here")
    args = parser.parse_args()

    from accord.extract.gazetteer import extend, load_gazetteer
    from accord.extract.nlp import load_pipeline
    from accord.extract.stances import IssueIndex
    from accord.scenario import bundled_path, load_scenario

    with tempfile.TemporaryDirectory() as scratch:
        store, bodies = build_store(Path(scratch), args.limit)
        texts = stored_sentences(store)
        # Loading is counted once, outside both clocks; a first parse warms spaCy up for both sides.
        nlp = load_pipeline()
        scenario = load_scenario(bundled_path())
        issues, gazetteer = IssueIndex.of(scenario), extend(load_gazetteer(), scenario)
        list(nlp.pipe(texts[:50]))

        seconds = best_times(args.repeat, spacy=lambda: list(nlp.pipe(texts)),
                             accord=lambda: accord_run(store, issues, gazetteer))
        if args.profile:
            cProfile.runctx("accord_run(store, issues, gazetteer)", globals(),
                            {"store": store, "issues": issues, "gazetteer": gazetteer}, str(args.profile))

    spacy_rate, accord_rate = len(texts) / seconds["spacy"], len(texts) / seconds["accord"]
    ratio = accord_rate / spacy_rate
    print(f"{len(texts)} sentences from {bodies} bodies; {nlp.meta['lang']}_{nlp.meta['name']} "
          f"{nlp.meta['version']} with {', '.join(nlp.pipe_names)}, none disabled (accord reads the tags, "
          f"lemmas, parse and entities); best of {args.repeat}")
    print(f"spaCy nlp.pipe (full pipeline): {spacy_rate:7.1f} sentences/s")
    print(f"accord extract (end to end):    {accord_rate:7.1f} sentences/s")
    print(f"ratio {ratio:.3f} (target >= {TARGET})  {'PASS' if ratio >= TARGET else 'FAIL'}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
