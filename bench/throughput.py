"""Benchmark: ingestion throughput on one core, end to end into SQLite.

- flattened text: articles made from the ScrapingHub gold bodies wrapped in site furniture (menus,
  newsletter prompts, footers), written as .txt files. Target: at least 100 articles/s.
- HTML: the 181 ScrapingHub pages (.html.gz), with metadata. Target: at least 20 pages/s.

Each run ingests into a fresh SQLite file through the normal pipeline (read, clean, date, find copies,
store with sentences, one transaction per document), in this one process.

    .venv/bin/python bench/throughput.py [--articles 1000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from duplicates import BENCH, FURNITURE, gold_bodies, paragraphs  # noqa: E402

from accord.news.ingest import ingest  # noqa: E402
from accord.news.store import open_store  # noqa: E402


def text_corpus(folder: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    bodies = [body for _, body in gold_bodies()]
    for n in range(count):
        furniture = rng.sample(FURNITURE, 3)
        text = "\n".join(furniture[0] + [f"Story {n}"] + paragraphs(bodies[n % len(bodies)]) + furniture[1] + furniture[2])
        (folder / f"article_{n:05d}.txt").write_text(text, encoding="utf-8")


def timed_ingest(folder: Path) -> tuple[float, int]:
    store = open_store(folder / "bench.db")
    start = time.perf_counter()
    summary = ingest([str(folder)], store)
    return time.perf_counter() - start, summary.read


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    with tempfile.TemporaryDirectory() as base:
        texts = Path(base) / "text"
        texts.mkdir()
        text_corpus(texts, args.articles)
        seconds, read = timed_ingest(texts)
        text_rate = read / seconds
        pages = Path(base) / "html"
        pages.mkdir()
        for page in sorted((BENCH / "html").glob("*.html.gz")):
            shutil.copy(page, pages / page.name)
        seconds, read = timed_ingest(pages)
        html_rate = read / seconds
    print(f"flattened text: {text_rate:6.1f} articles/s (target 100)  {'PASS' if text_rate >= 100 else 'FAIL'}")
    print(f"HTML:           {html_rate:6.1f} pages/s    (target 20)   {'PASS' if html_rate >= 20 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
