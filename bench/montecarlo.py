"""Benchmark: 10,000 Monte Carlo runs of the forecast models plus feasibility on the bundled Ukraine scenario.

Target (issue #3): under 2 s on a 2-core machine (compromise model plus feasibility;
the run also computes the weighted median and the clash frequencies).

    .venv/bin/python bench/montecarlo.py
"""

from __future__ import annotations

import argparse
import statistics
import time

import accord
from accord.analysis.simulation import monte_carlo
from accord.scenario import compile_scenario

TARGET = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    compiled = compile_scenario(accord.load_scenario())
    times = []
    for seed in range(args.repeats):
        start = time.perf_counter()
        result = monte_carlo(compiled, args.runs, seed)
        times.append(time.perf_counter() - start)
        print(f"seed {seed}: {times[-1]:.3f} s, P(feasible deal) = {result.p_feasible:.4f}")
    median, worst = statistics.median(times), max(times)
    ok = worst < TARGET
    print(f"{args.runs:,} runs: median {median:.3f} s, worst {worst:.3f} s (target < {TARGET:g} s): "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
