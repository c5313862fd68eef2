"""Benchmark: PLOVER event types on the PLOVER gold-standard sentences.

The Open Event Data Alliance's gold-standard records (CC BY-SA 4.0; 322 sentences adapted from the CAMEO
manual, in ../shared/eval/plover/) each carry one event type. This classifies each sentence's main event
with accord's trigger dictionary (the trigger nearest the root of the parse) and reports accuracy overall
and by type, and how often no trigger is found at all.

    .venv/bin/python bench/plover.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from accord.extract.events import classify
from accord.extract.nlp import load_pipeline

GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "plover" / "plover_gsr.jsonl"


def main() -> int:
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_pipeline()
    right, missing = Counter(), 0
    total = Counter(r["event_plover2"] for r in records)
    confusion = Counter()
    for record, parsed in zip(records, nlp.pipe(r["text"] for r in records)):
        trigger = classify(parsed)
        if trigger is None:
            missing += 1
            continue
        if trigger.type == record["event_plover2"]:
            right[trigger.type] += 1
        else:
            confusion[(record["event_plover2"], trigger.type)] += 1
    print(f"{len(records)} sentences: type accuracy {sum(right.values()) / len(records):.3f}, "
          f"no trigger found {missing / len(records):.3f}")
    for name in sorted(total):
        print(f"  {name:10s} {right[name]:3d}/{total[name]:3d}")
    print("most frequent confusions (gold -> predicted):",
          ", ".join(f"{g}->{p} {n}" for (g, p), n in confusion.most_common(8)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
