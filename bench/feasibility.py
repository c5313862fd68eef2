"""Benchmark: feasibility plus the 5 cheapest minimal correction sets on synthetic scenarios.

Target (issue #2): median under 5 s and worst seed under 15 s on a 2-core machine.

    .venv/bin/python bench/feasibility.py            # seeds 1-10
    .venv/bin/python bench/feasibility.py --seeds 1 2 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_scenario  # noqa: E402

from accord.analysis import feasible_deals, minimal_correction_sets  # noqa: E402
from accord.scenario import compile_scenario  # noqa: E402

MEDIAN_TARGET, WORST_TARGET = 5.0, 15.0


def run(seed: int) -> tuple[float, bool, list]:
    scenario = synthetic_scenario(seed)
    start = time.perf_counter()
    compiled = compile_scenario(scenario)
    feasible = feasible_deals(compiled, limit=1)
    sets = [] if feasible else minimal_correction_sets(compiled, k=5)
    return time.perf_counter() - start, bool(feasible), sets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, nargs="+", default=list(range(1, 11)))
    args = parser.parse_args()
    print("8 actors, 12 issues x 5 options (244,140,625 packages), 6 conditions; feasibility + 5 cheapest MCS")
    print(f"{'seed':>4}  {'seconds':>8}  {'feasible':>8}  MCS sizes (cost)")
    times = []
    for seed in args.seeds:
        seconds, feasible, sets = run(seed)
        times.append(seconds)
        detail = ", ".join(f"{s.size} ({s.cost:,.0f})" for s in sets)
        print(f"{seed:>4}  {seconds:>8.2f}  {'yes' if feasible else 'no':>8}  {detail}")
    median, worst = statistics.median(times), max(times)
    ok = median < MEDIAN_TARGET and worst < WORST_TARGET
    print(f"median {median:.2f} s (target < {MEDIAN_TARGET:g}), worst {worst:.2f} s (target < {WORST_TARGET:g}): "
          f"{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
