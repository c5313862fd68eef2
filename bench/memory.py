"""Benchmark: memory stays flat while streaming many synthetic articles into SQLite.

Writes N synthetic articles to a JSON Lines file (one record per line, each a distinct story), ingests
it in this process, and reports the peak resident memory. Target: 100,000 articles under 1 GB.

    .venv/bin/python bench/memory.py [--articles 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from accord.news.ingest import ingest
from accord.news.store import open_store

WORDS = ("talks ceasefire border troops sanctions summit envoy treaty minister delegation capital guarantees "
         "monitors region agreement proposal statement officials negotiators referendum").split()


def word(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghiklmnoprstuvy") for _ in range(rng.randint(3, 9)))


def article(n: int, rng: random.Random) -> str:
    """A distinct story: news-like sentences whose content words are drawn at random."""
    sentences = []
    for k in range(12):
        a, b, c = (rng.choice(WORDS) for _ in range(3))
        sentences.append(f"The {a} on {word(rng)} {word(rng)} said {word(rng)} {b} would {word(rng)} the "
                         f"{c} of {word(rng)} by {rng.randrange(10**4)} {word(rng)}.")
    return " ".join(sentences)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stream.jsonl"
        with path.open("w") as handle:
            for n in range(args.articles):
                handle.write(json.dumps({"id": f"a{n}", "text": article(n, rng)}) + "\n")
        store = open_store(Path(folder) / "memory.db")
        start = time.perf_counter()
        summary = ingest([str(path)], store)
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"{summary.stored:,} articles in {seconds:.0f} s; peak resident memory {peak:,.0f} MB (target < 1,024 MB "
          f"for 100,000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
