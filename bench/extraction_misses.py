"""Where extraction misses gold and where it adds what gold lacks, case by case (a developer's error analysis).

For each case of the suite, stances and events are compared as the suite scores them (SCHEMA.md): each
gold tuple not predicted is a *miss*, each predicted tuple not in gold a *false alarm*, shown with the
sentence it came from, so a rule is judged on every case at once, not on the one in front of you.

    .venv/bin/python bench/extraction_misses.py ../shared                  # every case, stances and events
    .venv/bin/python bench/extraction_misses.py ../shared --case drc-rwanda-2025 --kind event

Output goes to the terminal only: the evidence lines are third-party news, never saved in the repo.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from pathlib import Path

from accord.extract.evaluate import doc_key, overlap
from accord.suite import check, find_cases, run_case

FIELDS = {"stance": ("side", "issue", "polarity", "option"), "event": ("source", "target", "type")}


def _key(record: dict, kind: str, with_option: bool) -> tuple:
    fields = FIELDS[kind] if with_option or kind != "stance" else FIELDS[kind][:-1]
    values = [record.get(f) for f in fields]
    if kind == "event" and record.get("type") == "CONSULT":
        values[:2] = sorted(values[:2], key=str)
    return (doc_key(str(record["doc"])), *values)


def _by_key(records: list[dict], kind: str, with_option: bool) -> dict[tuple, list[dict]]:
    out = defaultdict(list)
    for r in records:
        if r.get("kind") == kind and (kind != "event" or r.get("status", "happened") == "happened"):
            out[_key(r, kind, with_option)].append(r)
    return out


def show(case_name: str, gold: list[dict], predicted: list[dict], kind: str, with_option: bool) -> None:
    g, p = _by_key(gold, kind, with_option), _by_key(predicted, kind, with_option)
    print(f"\n=== {case_name} {kind}{'+option' if with_option else ''}: {len(g & p.keys())} right, "
          f"{len(g.keys() - p.keys())} missed, {len(p.keys() - g.keys())} false")
    for label, keys, source in (("MISS", sorted(g.keys() - p.keys(), key=str), g),
                                ("FALSE", sorted(p.keys() - g.keys(), key=str), p)):
        for key in keys:
            print(f"{label} {key}\n      {(source[key][0].get('evidence') or '')[:300]}")


def show_quotes(case_name: str, gold: list[dict], predicted: list[dict], threshold: float = 0.3) -> None:
    """Gold quotes no prediction matches (same doc and side, overlap >= threshold), and predictions left over."""
    gq = [r for r in gold if r.get("kind") == "quote"]
    pq = [r for r in predicted if r.get("kind") == "quote"]
    used: set[int] = set()
    missed = []
    for g in gq:
        scored = [(overlap(g.get("text"), p.get("text")), k) for k, p in enumerate(pq) if k not in used
                  and doc_key(p["doc"]) == doc_key(g["doc"]) and p.get("side") == g.get("side")]
        best = max(scored, default=(0.0, None))
        if best[0] >= threshold:
            used.add(best[1])
        else:
            missed.append(g)
    print(f"\n=== {case_name} quote@{threshold}: {len(gq) - len(missed)} right, {len(missed)} missed, "
          f"{len(pq) - len(used)} false")
    for g in missed:
        near = [p for p in pq if doc_key(p["doc"]) == doc_key(g["doc"]) and overlap(g.get("text"), p.get("text")) > 0.2]
        print(f"MISS {doc_key(g['doc'])} {g.get('speaker')} {g.get('side')}: {(g.get('text') or '')[:200]}")
        for p in near[:2]:
            print(f"      near: {p.get('speaker')} {p.get('side')}: {(p.get('text') or '')[:160]}")
    for k, p in enumerate(pq):
        if k not in used:
            print(f"FALSE {doc_key(p['doc'])} {p.get('speaker')} {p.get('side')}: {(p.get('text') or '')[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path)
    parser.add_argument("--case", action="append")
    parser.add_argument("--kind", choices=["stance", "event", "quote"], action="append")
    parser.add_argument("--option", action="store_true", help="compare stances with their option")
    args = parser.parse_args()
    from accord.extract.records import load_records
    from accord.news.store import open_store

    for case in find_cases(args.shared):
        if args.case and case.name not in args.case:
            continue
        with tempfile.TemporaryDirectory(prefix="accord-misses-") as folder:
            url = f"sqlite:///{Path(folder) / 'case.db'}"
            run_case(case, db_url=url)
            store = open_store(url)
            predicted = load_records(store)
            store.engine.dispose()
        for kind in args.kind or ["stance", "event"]:
            if kind == "quote":
                show_quotes(case.name, check(case), predicted)
            else:
                show(case.name, check(case), predicted, kind, args.option)


if __name__ == "__main__":
    main()
