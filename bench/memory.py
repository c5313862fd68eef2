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
import threading
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


def resident_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def sample_memory(samples: list, stop: threading.Event, every: float = 5.0) -> None:
    """(seconds, resident MB) every few seconds, to show whether memory grows with the corpus."""
    start = time.perf_counter()
    while not stop.wait(every):
        samples.append((time.perf_counter() - start, resident_mb()))


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
        samples: list = []
        stop = threading.Event()
        sampler = threading.Thread(target=sample_memory, args=(samples, stop), daemon=True)
        start = time.perf_counter()
        sampler.start()
        summary = ingest([str(path)], store)
        seconds = time.perf_counter() - start
        stop.set()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"{summary.stored:,} articles in {seconds:.0f} s; peak resident memory {peak:,.0f} MB (target < 1,024 MB "
          f"for 100,000)")
    if samples:
        tenths = [samples[min(len(samples) - 1, len(samples) * k // 10)] for k in range(1, 11)]
        print("resident MB through the run: " + ", ".join(f"{mb:,.0f}" for _, mb in tenths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
