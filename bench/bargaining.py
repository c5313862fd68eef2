"""Benchmark: Pareto frontier + Nash point on the ANAC 2011 Energy domain (390,625 outcomes), accord vs negmas.

Target (issue #3): accord at least 20x faster than negmas's ``pareto_frontier``
plus ``nash_points``, measured side by side in one run. Both sides load the
domain before the clock starts and use raw semantics (negmas's own), and the
script checks that they find the same Nash utilities.

    bash scripts/setup.sh --test && .venv/bin/python bench/bargaining.py
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

from accord.analysis.bargaining import bargaining_solutions
from accord.analysis.efficiency import pareto_frontier
from accord.scenario.compiled import compile_scenario
from accord.scenario.genius import import_genius

ENERGY = Path(__file__).resolve().parents[2] / "shared" / "validation" / "genius" / "Energy"
TARGET = 20.0


def timed(run, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--domain", type=Path, default=ENERGY)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from negmas.inout import Scenario as NegmasScenario  # benchmark-only dependency (AGPL)
    from negmas.preferences.ops import nash_points
    from negmas.preferences.ops import pareto_frontier as negmas_frontier

    compiled = compile_scenario(import_genius(args.domain, "raw"))
    ufuns = NegmasScenario.from_genius_folder(str(args.domain), ignore_discount=True).ufuns
    minimum = np.where(compiled.valid[None], compiled.term, np.inf).min(axis=2).sum(axis=1)
    d = np.maximum(np.nan_to_num(compiled.no_deal, nan=-np.inf), minimum)  # negmas's disagreement convention

    def ours(method: str):
        frontier = pareto_frontier(compiled, method=method)
        return frontier, bargaining_solutions(frontier, disagreement_point=d)["nash"]

    def theirs():
        frontier = negmas_frontier(ufuns)[0]
        return frontier, nash_points(ufuns, frontier)[0][0]

    print(f"{args.domain.name}: {compiled.space_size:,} outcomes, {len(compiled.actor_ids)} parties (raw semantics)")
    negmas_time, (negmas_front, negmas_nash) = timed(theirs, 1)
    rows = [("negmas pareto_frontier + nash_points", negmas_time, len(negmas_front), tuple(map(float, negmas_nash)))]
    for method in ("merge", "enumerate"):
        seconds, (frontier, nash) = timed(lambda m=method: ours(m), args.repeats)
        rows.append((f"accord pareto_frontier(method={method!r}) + nash", seconds, len(frontier),
                     tuple(nash.deal.utilities.values())))
    for name, seconds, size, nash in rows:
        print(f"  {name:<48} {seconds:8.3f} s   frontier {size:>4}   Nash {tuple(round(v, 6) for v in nash)}")
    speedups = {name: negmas_time / seconds for name, seconds, _, _ in rows[1:]}
    for name, speedup in speedups.items():
        print(f"  speed-up of {name}: {speedup:,.0f}x")
    print(f"  target: the default method ('merge' here) at least {TARGET:g}x faster")
    agree = all(np.allclose(r[3], rows[0][3], atol=1e-6) for r in rows[1:])
    print(f"  Nash utilities agree with negmas: {'yes' if agree else 'NO'}")
    ok = agree and speedups[rows[1][0]] >= TARGET  # accord's default method for this domain is 'merge'

    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
