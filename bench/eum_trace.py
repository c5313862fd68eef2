"""Round-by-round trace of the expected utility model (experimental) on the Scholz, Calbert & Smith EU example.

    .venv/bin/python bench/eum_trace.py [--rounds 10]

Input (Scholz et al. 2011, after Bueno de Mesquita 1994): capability, position, salience of ten EU states
on the year of emission standards. Prints each round's weighted mean and median and every position, and
whether the positions converged, oscillated or stayed unsettled.
"""

from __future__ import annotations

import argparse

import numpy as np

from accord.analysis.eum import EumInput, expected_utility_model

EU_EXAMPLE = {"Netherlands": (.08, 4, .8), "Belgium": (.08, 7, .4), "Luxembourg": (.03, 4, .2),
              "Germany": (.16, 4, .8), "France": (.16, 10, .6), "Italy": (.16, 10, .6), "UK": (.16, 10, .9),
              "Ireland": (.05, 7, .1), "Denmark": (.05, 4, 1.0), "Greece": (.08, 7, .7)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    values = list(EU_EXAMPLE.values())
    data = EumInput(tuple(EU_EXAMPLE), np.array([v[0] for v in values]), np.array([float(v[1]) for v in values]),
                    np.array([v[2] for v in values]))
    result = expected_utility_model(data, rounds=args.rounds)
    names = list(EU_EXAMPLE)
    print("round   mean  median  " + " ".join(f"{n[:6]:>6}" for n in names))
    for k, r in enumerate(result.rounds):
        print(f"{k:>5} {r.mean:6.3f} {r.median:7.3f}  " + " ".join(f"{r.positions[n]:6.2f}" for n in names))
    print(f"status after {len(result.rounds) - 1} round(s): {result.status}")
    print("risk exponents of the last round: " + ", ".join(f"{n} {r:.2f}" for n, r in result.risk_exponents.items()))


if __name__ == "__main__":
    main()
