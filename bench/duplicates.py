"""Benchmark: finding copies among synthetic syndicated, truncated and reworded versions of real articles.

The 181 gold article bodies of the ScrapingHub benchmark are the originals. Each gets 3 copies, each with
different added boilerplate (menus, newsletter prompts, footers), truncated to 40-90% of its sentences,
and with 1-2 sentences reworded. Everything is ingested as flattened text into a fresh SQLite store, in a
shuffled order, through the normal pipeline. A link is right when it joins two versions of the same
article; originals must never be linked to each other. Targets: precision and recall of copy links
>= 0.95, and no link between distinct originals.

    .venv/bin/python bench/duplicates.py [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from accord.news.ingest import ingest
from accord.news.store import articles, open_store

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "article-extraction"
FURNITURE = [["Home", "World", "Politics", "Business", "Tech", "Sport"], ["Subscribe to our newsletter"],
             ["Share this article", "Tweet", "Email"], ["Most read", "Advertisement"],
             ["© 2025 Example Media. All rights reserved.", "Privacy policy | Terms of use"],
             ["Sign up for breaking news alerts", "Download our app"]]
SWAPS = {"said": "stated", "says": "states", "but": "however", "also": "additionally", "big": "large",
         "people": "individuals", "help": "assist", "show": "demonstrate", "start": "begin", "buy": "purchase",
         "make": "create", "use": "utilise", "about": "regarding", "very": "highly", "many": "numerous"}


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def paragraphs(body: str) -> list[str]:
    """A body as paragraphs of three sentences (the gold bodies have lost their paragraph breaks)."""
    parts = sentences(body)
    return [" ".join(parts[k:k + 3]) for k in range(0, len(parts), 3)]


def gold_bodies() -> list[tuple[str, str]]:
    """(id, body) of the benchmark's gold articles, in id order."""
    gold = json.loads((BENCH / "ground-truth.json").read_text())
    return [(ident, item["articleBody"].strip()) for ident, item in sorted(gold.items())]


def reword(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    swapped = [SWAPS.get(w.lower(), w) for w in words]
    if swapped == words and len(words) > 6:  # nothing to swap: move a clause instead
        cut = rng.randrange(2, len(words) - 2)
        swapped = words[cut:] + words[:cut]
    return " ".join(swapped)


def copy_of(body: str, rng: random.Random, variant: int) -> str:
    parts = sentences(body)
    keep = max(1, int(len(parts) * rng.uniform(0.4, 0.9)))
    parts = parts[:keep]
    for k in rng.sample(range(len(parts)), min(len(parts), rng.choice([1, 2]))):
        parts[k] = reword(parts[k], rng)
    top, bottom = FURNITURE[variant % 3], FURNITURE[3 + variant % 3]
    return "\n".join(top + paragraphs(" ".join(parts)) + bottom)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    family: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for ident, body in gold_bodies():
            versions = ["\n".join(paragraphs(body))]
            versions += [copy_of(body, rng, v) for v in range(3)]
            for v, text in enumerate(versions):
                name = f"{ident[:16]}_{v}"
                family[name] = ident
                files.append((name, text))
        rng.shuffle(files)
        for order, (name, text) in enumerate(files):
            (Path(folder) / f"{order:04d}_{name}.txt").write_text(text, encoding="utf-8")
        store = open_store(Path(folder) / "bench.db")
        start = time.perf_counter()
        ingest([folder], store)
        seconds = time.perf_counter() - start
        with store.engine.connect() as connection:
            rows = connection.execute(select(articles.c.id, articles.c.doc_id, articles.c.duplicate_of,
                                             articles.c.duplicate_kind)).all()
    by_id = {r.id: r.doc_id.split("_", 1)[1] for r in rows}
    links = [(by_id[r.id], by_id[r.duplicate_of], r.duplicate_kind) for r in rows if r.duplicate_of]
    right = sum(family[a] == family[b] for a, b, _ in links)
    first_seen = {}
    for r in sorted(rows, key=lambda r: r.id):
        first_seen.setdefault(family[by_id[r.id]], r.id)
    copies = len(rows) - len(first_seen)  # every version after the first of its family should be linked
    precision = right / len(links) if links else 1.0
    recall = right / copies if copies else 1.0
    originals_linked = sum(1 for a, b, _ in links if a.endswith("_0") and b.endswith("_0") and family[a] != family[b])
    kinds = {}
    for _, _, kind in links:
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"{len(rows)} documents ({len(first_seen)} articles), {len(links)} links {kinds}")
    print(f"precision {precision:.3f}  recall {recall:.3f}  (targets 0.95)  links between distinct originals: "
          f"{originals_linked}")
    print(f"ingest time {seconds:.1f} s ({len(rows) / seconds:.0f} documents/s)")
    ok = precision >= 0.95 and recall >= 0.95 and originals_linked == 0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
