"""Benchmark: `accord extract` in one process, in 2 worker processes and on a 2-worker Dask LocalCluster (issue 17).

The seed corpus and the four development negotiations (``../shared/corpus/seed``,
``../shared/corpus/dev/*/``), ``--copies`` times over
(12; each copy is stored and extracted, as copies are),
are ingested once into a scratch SQLite file. Each setup then extracts a fresh copy of that file, with the
bundled scenario, in a fresh Python process of its own, so that each pays what a real run pays: spaCy's
load in every process that parses, worker start-up, and the writes. Side by side in one run:

- 1 worker: ``extract(workers=1)``, in that process;
- 2 workers: ``extract(workers=2)``, a spawned pool of two processes;
- LocalCluster: ``extract(workers=2, scheduler=cluster)`` on ``distributed.LocalCluster(n_workers=2,
  processes=True, threads_per_worker=1)``, started before the clock (a cluster is up before a job).

Articles/s counts the extraction call only (not Python's start nor imports), from the first read to the
last record written. Peak memory is each process's largest resident set, sampled every 0.1 s with
psutil (else the largest child's, from ``getrusage``). Every setup must report the same counts.
Target: 2 workers at >= 1.5x the articles/s of one.

    .venv/bin/python bench/extract_workers.py [--copies 12]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SETUPS = {"1 worker": 1, "2 workers": 2, "LocalCluster 2": 2}
TARGET = 1.5


def corpus_folders() -> list[str]:
    return [str(CORPUS / "seed"), *sorted(glob.glob(str(CORPUS / "dev" / "*") + "/"))]


def build_store(folder: Path, copies: int) -> Path:
    """The corpus, ``copies`` times over under distinct paths, ingested into one SQLite file."""
    from accord.news.ingest import ingest
    from accord.news.store import open_store

    inputs = []
    for copy in range(copies):
        for source in corpus_folders():
            target = folder / f"copy{copy}" / Path(source).name
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.md"))
            inputs.append(str(target))
    path = folder / "corpus.db"
    store = open_store(path)
    ingest(inputs, store)
    store.engine.dispose()  # the last connection closed moves the write-ahead log into the file copied
    return path


def run_setup(name: str, path: str) -> dict:
    """One setup, in this (fresh) process: what :func:`main` reads back as JSON."""
    import accord.extract.pipeline as pipeline
    from accord.api import extract_corpus
    from accord.scenario import bundled_path, load_scenario

    spent = {"spaCy load": 0.0, "writes": 0.0}
    _time_calls(pipeline, "load_pipeline", spent, "spaCy load")  # seen in this process only: 1 worker
    _time_calls(pipeline, "save_records", spent, "writes")
    scenario = load_scenario(bundled_path())
    cluster, started = None, time.perf_counter()
    if name.startswith("LocalCluster"):
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=SETUPS[name], processes=True, threads_per_worker=1, dashboard_address=":0")
    cluster_start = time.perf_counter() - started
    started = time.perf_counter()
    counts = extract_corpus(path, scenario, workers=SETUPS[name], scheduler=cluster)
    seconds = time.perf_counter() - started
    if cluster is not None:
        cluster.close()
    return {"seconds": seconds, "counts": counts, "cluster_start": cluster_start, "spent": spent}


def _time_calls(module, name: str, spent: dict, key: str) -> None:
    original = getattr(module, name)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[key] += time.perf_counter() - started

    timed.cache_info = getattr(original, "cache_info", None)  # load_pipeline's, which extract asks
    setattr(module, name, timed)


def measured(name: str, path: Path) -> dict:
    """Run one setup in a fresh process, sampling the memory of it and every process it starts."""
    process = subprocess.Popen([sys.executable, __file__, "--run", name, str(path)], stdout=subprocess.PIPE, text=True)
    peaks = _sample_peaks(process)
    out, _ = process.communicate()
    result = json.loads(out.strip().splitlines()[-1])
    result["peaks"] = peaks.get() if peaks else {}
    return result


class _Peaks(threading.Thread):
    """The largest resident set of a process and of each of its descendants, in MB, by pid."""

    def __init__(self, psutil, pid: int):
        super().__init__(daemon=True)
        self.psutil, self.root, self.peaks, self.cpu = psutil, psutil.Process(pid), {}, {}

    def run(self) -> None:
        while self.root.is_running() and self.root.status() != self.psutil.STATUS_ZOMBIE:
            for process in [self.root, *self._children()]:
                try:
                    rss = process.memory_info().rss / 2**20
                    times = process.cpu_times()
                except self.psutil.Error:  # a worker ended between listing and reading
                    continue
                self.peaks[process.pid] = max(self.peaks.get(process.pid, 0.0), rss)
                self.cpu[process.pid] = times.user + times.system
            time.sleep(0.1)

    def _children(self) -> list:
        try:
            return self.root.children(recursive=True)
        except self.psutil.Error:
            return []

    def get(self) -> dict:
        self.join(timeout=5)
        return {"parent": self.peaks.get(self.root.pid, 0.0), "cpu": sum(self.cpu.values()),
                "others": sorted((mb for pid, mb in self.peaks.items() if pid != self.root.pid), reverse=True)}


def _sample_peaks(process):
    try:
        import psutil
    except ImportError:
        return None
    peaks = _Peaks(psutil, process.pid)
    peaks.start()
    return peaks


def spacy_load_seconds() -> float:
    """What a fresh process pays before it parses a sentence: Python, accord's imports and spaCy's load."""
    code = ("import time; t = time.perf_counter(); from accord.extract.nlp import load_pipeline; "
            "load_pipeline(); print(time.perf_counter() - t)")
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def memory_column(name: str, result: dict) -> str:
    """The peak of each process that parsed: this one for 1 worker, else the largest (the workers; a
    LocalCluster's nannies are small)."""
    peaks = result["peaks"]
    if not peaks:
        return f"largest child {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB"
    if SETUPS[name] == 1 and not name.startswith("LocalCluster"):
        return f"{peaks['parent']:.0f} MB (this process)"
    workers = peaks["others"][:SETUPS[name]]
    return " / ".join(f"{mb:.0f}" for mb in workers) + f" MB (parent {peaks['parent']:.0f} MB)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=12,
                        help="times the corpus is ingested (default 12, 816 articles: each worker then extracts "
                             "long enough for its start-up, 2 to 5 s, not to hide the rest)")
    parser.add_argument("--run", nargs=2, metavar=("SETUP", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_setup(*args.run)))
        return 0
    before = os.getloadavg()[0]  # the machine may be shared: its load is printed with the figures
    with tempfile.TemporaryDirectory() as base:
        corpus = build_store(Path(base), args.copies)
        results = {}
        for name in SETUPS:
            copy = Path(base) / f"{name.replace(' ', '_')}.db"
            shutil.copy(corpus, copy)
            results[name] = measured(name, copy)
    load = spacy_load_seconds()
    return report(results, load, before)


def report(results: dict, load: float, before: float) -> int:
    one = results["1 worker"]
    articles = one["counts"]["articles"]
    print(f"{articles} articles ({one['counts']['stance']} stances, {one['counts']['quote']} quotes); bundled "
          f"scenario; {os.cpu_count()} cores, load average {before:.1f} before and {os.getloadavg()[0]:.1f} after")
    print(f"{'setup':<16} {'seconds':>8} {'articles/s':>11} {'speed-up':>9} {'CPU s':>7}  peak memory per worker")
    for name, result in results.items():
        rate = articles / result["seconds"]
        cpu = result["peaks"].get("cpu", float("nan"))  # of every process of the setup, start-up included
        print(f"{name:<16} {result['seconds']:8.1f} {rate:11.1f} {one['seconds'] / result['seconds']:8.2f}x "
              f"{cpu:7.1f}  {memory_column(name, result)}")
    cluster = results["LocalCluster 2"]["cluster_start"]
    print(f"LocalCluster start (before the clock): {cluster:.1f} s; a fresh process's imports and spaCy load: "
          f"{load:.1f} s")
    spent = one["spent"]
    print(f"1 worker's time: spaCy load {spent['spaCy load']:.1f} s, record writes {spent['writes']:.1f} s, "
          f"reading, parsing and extracting {one['seconds'] - spent['spaCy load'] - spent['writes']:.1f} s")
    same = all(result["counts"] == one["counts"] for result in results.values())
    speed_up = one["seconds"] / results["2 workers"]["seconds"]
    print(f"same counts in every setup: {same}; 2 workers {speed_up:.2f}x one (target >= {TARGET})  "
          f"{'PASS' if speed_up >= TARGET else 'FAIL'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
