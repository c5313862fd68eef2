"""Benchmark: ingestion at scale: the start of a run on a large store, and worker processes.

1. **Fill**: a SQLite store gets N synthetic stories (bench/memory.py's), each stored and filed in the copy
   index as ingest files it, in transactions of 1,000 (no reading or cleaning: this is only the start).
2. **Start of a run**: ingesting one more file into that store, end to end. With ``--base SRC`` (an
   earlier accord's source tree), also what that accord spent at the start of every run: rebuilding its
   copy index from every stored text (``load_deduplicator``), on a copy of the same articles.
3. **Workers**: ingesting M flattened-text articles (bench/throughput.py's corpus: the ScrapingHub bodies
   in site furniture, so with many copies) into copies of the filled store, in this process, in 2 worker
   processes, and on a 2-worker Dask LocalCluster, side by side; articles/s and peak memory per worker.

Run it on a quiet machine; each figure is one run:

    .venv/bin/python bench/ingest_scale.py --stored 10000 100000 --articles 1000 [--base OLD/src]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from memory import article  # noqa: E402
from throughput import text_corpus  # noqa: E402

from sqlalchemy import insert, select  # noqa: E402

from accord.news.copyindex import CopyIndex  # noqa: E402
from accord.news.dedupe import Deduplicator, Features  # noqa: E402
from accord.news.ingest import ingest  # noqa: E402
from accord.news.store import articles, open_store  # noqa: E402

BATCH = 1000


def fill(path: Path, count: int) -> float:
    """Store ``count`` synthetic stories with their copy index; seconds taken."""
    store = open_store(path)
    rng = random.Random(1)
    start = time.perf_counter()
    now = dt.datetime.now(dt.timezone.utc)
    for first in range(0, count, BATCH):
        with store.engine.begin() as connection:
            dedupe = Deduplicator(CopyIndex(connection))
            for n in range(first, min(count, first + BATCH)):
                text = article(n, rng)
                digest = hashlib.sha256(text.encode()).hexdigest()
                features = Features.of(text)
                minhash = features.signature()
                ident = connection.execute(insert(articles).values(
                    doc_id=f"s{n}", source=f"synthetic/{n}", source_format="txt", raw_hash=digest, raw_text=text,
                    clean_text=text, clean_hash=digest, ingested_at=now,
                    signature=minhash.hashvalues.tobytes()).returning(articles.c.id)).scalar_one()
                dedupe.add(ident, text, digest, minhash, features)
    store.engine.dispose()
    return time.perf_counter() - start


def start_of_run(path: Path, folder: Path) -> float:
    """Seconds to ingest one more short file into the store at ``path`` (a copy of it)."""
    copy = path.parent / "start" / "store.db"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    one = folder / "one"
    one.mkdir(exist_ok=True)
    (one / "new.txt").write_text(article(10**9, random.Random(2)), encoding="utf-8")
    start = time.perf_counter()
    ingest([str(one)], copy, workers=1)
    seconds = time.perf_counter() - start
    shutil.rmtree(copy.parent)
    return seconds


BASE_START = """
import sys, time
from accord.news.store import open_store
from accord.news.ingest import load_deduplicator
store = open_store(sys.argv[1], migrate=False)
start = time.perf_counter()
load_deduplicator(store)
print(time.perf_counter() - start)
"""


def base_start(base: Path, path: Path) -> float:
    """What the accord at ``base`` spent rebuilding its copy index from the store, at the start of each run."""
    done = subprocess.run([sys.executable, "-c", BASE_START, str(path)], env={"PYTHONPATH": str(base)},
                          capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


LOCAL_RUN = """
import resource, sys, time
from accord.news.ingest import ingest
corpus, store, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.perf_counter()
summary = ingest([corpus], store, workers=workers)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF if workers == 1 else resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(seconds, summary.read, peak)
"""


def timed(path: Path, corpus: Path, workers: int, cluster: bool) -> tuple[float, int, list[float]]:
    """(seconds, articles read, peak MB of each worker) of ingesting ``corpus`` into a copy of the store."""
    copy = path.parent / f"w{workers}{'c' if cluster else ''}" / "store.db"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    try:
        if not cluster:  # in a fresh process, whose children are only this run's workers
            done = subprocess.run([sys.executable, "-c", LOCAL_RUN, str(corpus), str(copy), str(workers)],
                                  capture_output=True, text=True, check=True)
            seconds, read, peak = done.stdout.split()[-3:]
            return float(seconds), int(read), [float(peak)]
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=":0") as local:
            start = time.perf_counter()
            summary = ingest([str(corpus)], copy, workers=workers, scheduler=local)
            seconds = time.perf_counter() - start
            with Client(local) as client:
                peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        return seconds, summary.read, sorted(peaks.values())
    finally:
        shutil.rmtree(copy.parent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stored", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--articles", type=int, default=1000, help="articles ingested by the worker runs")
    parser.add_argument("--base", type=Path, help="an earlier accord's src folder, for its start of a run")
    parser.add_argument("--no-workers", action="store_true", help="skip part 3")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        warm = root / "warm" / "store.db"  # imports and models loaded before the first figure
        warm.parent.mkdir()
        open_store(warm).engine.dispose()
        start_of_run(warm, root)
        print("stored    fill s   start of a run s" + ("   base's start s" if args.base else ""))
        for count in args.stored:
            path = root / f"stored-{count}" / "store.db"  # a folder each: SQLite leaves -wal and -shm files
            path.parent.mkdir()
            filled = fill(path, count)
            line = f"{count:>7,}  {filled:7.0f}  {start_of_run(path, root):17.2f}"
            if args.base:
                line += f"  {base_start(args.base, path):15.2f}"
            print(line, flush=True)
        with open_store(path).engine.connect() as connection:
            assert connection.execute(select(articles.c.id).limit(1)).first() is not None
        if args.no_workers:
            return 0
        corpus = root / "text"
        corpus.mkdir()
        text_corpus(corpus, args.articles)
        print(f"\ningesting {args.articles:,} text articles into the store of {args.stored[-1]:,}")
        print("where                      seconds  articles/s  speed-up  peak MB per worker")
        runs = [("this process", 1, False), ("2 worker processes", 2, False), ("Dask LocalCluster, 2", 2, True)]
        first = None
        for label, workers, cluster in runs:
            seconds, read, peaks = timed(path, corpus, workers, cluster)
            first = first or seconds
            print(f"{label:<25} {seconds:8.1f}  {read / seconds:10.1f}  {first / seconds:7.2f}x  "
                  + ", ".join(f"{p:,.0f}" for p in peaks), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
