"""Benchmark: dashboard speed.

- A what-if recompute on the Ukraine scenario, through the HTTP API (target: within 200 ms).
- The corpus page with 10,000 articles in the database, unfiltered and with a full-text search
  (target: within 500 ms). The articles are synthetic rows written straight into a fresh SQLite store
  (the ingest pipeline has its own benchmark); the full-text index is kept by the store's triggers.

    .venv/bin/python bench/dashboard.py [--articles 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import insert

from accord.news.store import articles, open_store
from accord.web.app import create_app

WORDS = ("talks ceasefire border troops sanctions summit envoy treaty minister delegation capital guarantees "
         "monitors region agreement proposal statement officials negotiators referendum").split()
OUTLETS = ["Wire One", "Daily Two", "State Three", "Aggregator Four", "Weekly Five"]


def populate(store, count: int, rng: random.Random) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    rows = []
    for n in range(count):
        text = " ".join(rng.choice(WORDS) for _ in range(300)) + "."
        rows.append({"doc_id": f"synthetic-{n}", "section": "main", "part": 1, "source": f"bench/{n}.txt",
                     "source_format": "txt", "raw_hash": f"{n:064x}", "raw_text": text, "clean_text": text,
                     "clean_hash": f"{n:064x}", "offsets": "[]", "title": f"Story {n}: {rng.choice(WORDS)}",
                     "outlet": rng.choice(OUTLETS), "published": dt.date(2025, 1, 1) + dt.timedelta(days=n % 600),
                     "is_english": True, "language": "en", "ingested_at": now})
    with store.engine.begin() as connection:
        for start in range(0, len(rows), 1000):
            connection.execute(insert(articles), rows[start:start + 1000])


def timed(call, repeat: int) -> float:
    call()  # warm up (model loading, caches)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = call()
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.text[:200]
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db")
        populate(store, args.articles, random.Random(1))
        web = TestClient(create_app(str(Path(folder) / "bench.db"), Path(folder) / "scenarios"),
                         base_url="http://127.0.0.1")
        change = {"changes": [{"actor": "RUS", "issue": "territory_donbas", "acceptable": ["land_swap", "ukraine_withdraws"]}]}
        what_if = timed(lambda: web.post("/api/scenarios/bundled/whatif", json=change), 20)
        corpus = timed(lambda: web.get("/"), 10)
        search = timed(lambda: web.get("/", params={"q": "ceasefire envoy", "outlet": "Wire"}), 10)
        late = timed(lambda: web.get("/", params={"page": 150}), 10)
    ok_what_if, ok_corpus = what_if <= 200, max(corpus, search, late) <= 500
    print(f"what-if recompute (Ukraine scenario): median {what_if:.0f} ms (target 200)  {'PASS' if ok_what_if else 'FAIL'}")
    print(f"corpus page, {args.articles:,} articles: {corpus:.0f} ms; with search {search:.0f} ms; page 150 "
          f"{late:.0f} ms (target 500)  {'PASS' if ok_corpus else 'FAIL'}")
    return 0 if ok_what_if and ok_corpus else 1


if __name__ == "__main__":
    sys.exit(main())
