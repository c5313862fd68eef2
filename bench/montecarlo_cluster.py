"""Benchmark: a sweep of 10^6 Monte Carlo runs on the bundled Ukraine scenario, in this process, on 2 local
processes and on a Dask LocalCluster of 1 and 2 workers, side by side.

The runs go in chunks of ``CHUNK_RUNS`` seeded from one SeedSequence, so every way gives the same result
for the seed (checked here too); only the time differs. The clusters' start-up is not timed, the
connection of a client to them is. A figure, not a test: nothing fails on speed.

Dask's nannies start workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (``distributed.nanny.pre-spawn-environ``),
which turns off glibc's adaptive mmap threshold: every array over 128 kB a chunk makes is then mapped and
unmapped again, and the kernel time that costs slows the sweep down. The clusters are timed both ways.

    .venv/bin/python bench/montecarlo_cluster.py [--runs 1000000] [--seed 0]
"""

from __future__ import annotations

import argparse
import time

import accord
from accord.analysis.simulation import CHUNK_RUNS, monte_carlo
from accord.scenario import compile_scenario


def timed(compiled, runs: int, seed: int, **where) -> tuple[float, object]:
    """Seconds for one sweep, and its result."""
    start = time.perf_counter()
    result = monte_carlo(compiled, runs, seed, **where)
    return time.perf_counter() - start, result


def local_cluster(n_workers: int, malloc_trim: bool = True):
    """A LocalCluster of ``n_workers`` one-thread worker processes, started with Dask's environment or
    without its ``MALLOC_TRIM_THRESHOLD_`` (a nanny also sets it in this process's environment for good,
    so clusters without it must start first)."""
    import dask
    from distributed import LocalCluster

    unset = {} if malloc_trim else {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
    with dask.config.set(unset):
        return LocalCluster(processes=True, n_workers=n_workers, threads_per_worker=1, dashboard_address=None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    compiled = compile_scenario(accord.load_scenario())
    timings = {"in process": timed(compiled, args.runs, args.seed),
               "2 local processes": timed(compiled, args.runs, args.seed, workers=2)}
    for malloc_trim in (False, True):
        for n_workers in (1, 2):
            with local_cluster(n_workers, malloc_trim) as cluster:
                where = f"Dask, {n_workers} worker{'s' * (n_workers > 1)}{'' if malloc_trim else ', no trim'}"
                timings[where] = timed(compiled, args.runs, args.seed, scheduler=cluster)
    base, reference = timings["in process"]
    print(f"{args.runs:,} runs in chunks of {CHUNK_RUNS:,} (seed {args.seed}), "
          f"P(feasible deal) = {reference.p_feasible:.4f}")
    print(f"{'where':<27} {'seconds':>8} {'runs/s':>10} {'speed-up':>9}  same result")
    for where, (seconds, result) in timings.items():
        print(f"{where:<27} {seconds:8.2f} {args.runs / seconds:10,.0f} {base / seconds:8.2f}x  {result == reference}")
    return 0 if all(result == reference for _, result in timings.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
