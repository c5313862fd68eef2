"""Benchmark: the dashboard's what-if on the bundled Ukraine scenario, through the HTTP API (FastAPI's TestClient).

Times N requests of the before/after table (target: median within 200 ms) and, apart, the redrawn plots that
the page asks for after it. The "before" column is computed once per version of the file and kept, as the
dashboard does; each request recomputes the "after" column. The first request of each kind is a warm-up.

    .venv/bin/python bench/whatif.py [--requests 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from accord.web.app import create_app

CHANGES = [  # one change per kind the form sends: a red line, an ideal, a salience, a capability
    {"actor": "RUS", "issue": "territory_donbas", "acceptable": ["land_swap", "ukraine_withdraws"]},
    {"actor": "UKR", "issue": "nato_membership", "ideal": "deferred"},
    {"actor": "EUR", "issue": "sanctions", "salience": 20},
    {"actor": "USA", "capability": 50},
]


def median_ms(web: TestClient, path: str, count: int) -> float:
    times = []
    for n in range(count + 1):
        body = {"changes": [CHANGES[n % len(CHANGES)]]}
        start = time.perf_counter()
        response = web.post(path, json=body)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.text[:200]
        if n:  # the first request warms the caches up
            times.append(elapsed)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        web = TestClient(create_app(str(Path(folder) / "none.db"), Path(folder) / "scenarios"),
                         base_url="http://127.0.0.1")
        table = median_ms(web, "/api/scenarios/bundled/whatif", args.requests)
        plots = median_ms(web, "/api/scenarios/bundled/whatif/plots", max(5, args.requests // 3))
    ok = table <= 200
    print(f"what-if before/after table: median {table:.0f} ms over {args.requests} requests (target 200)  "
          f"{'PASS' if ok else 'FAIL'}")
    print(f"what-if redrawn plots (after the table): median {plots:.0f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
