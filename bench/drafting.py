"""Drafting from the news, measured on every development case (issue 13).

For each case (the seed with the bundled scenario, and every ``corpus/dev/<case>/`` with its
``scenario.toml`` and gold), the case's news is ingested into a scratch database and extracted, then:

- **from a base** (the case's own scenario as base, stances coded on it): the changes ``accord draft``
  proposes, and how many of them contradict the gold stances of the sentences they rest on (a change that
  wants an option where the gold says the side rejects it, or the reverse). Target: 0.
- **a skeleton from the news** (stances extracted with no scenario; see ``--skeleton``): issue recall,
  actor recall, positions held and agreeing with the gold, as the issue defines them.

The skeleton's one tuned number, ``skeleton.JOIN``, is also reported leave-one-negotiation-out: for each
negotiation, the value of ``JOINS`` with the best mean issue recall on the others, and its figures there.

    .venv/bin/python bench/drafting.py ../shared [--case NAME ...]

Output goes to the terminal only; no article text is saved.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

from accord.api import extract_corpus
from accord.draft.changes import DIRECTION, apply_checked, draft_changes
from accord.draft import skeleton
from accord.draft.skeleton import draft_skeleton
from accord.extract.evaluate import doc_key, overlap
from accord.extract.records import load_records
from accord.extract.tracking import track_stances
from accord.news.ingest import ingest
from accord.news.read import ReadOptions
from accord.news.store import open_store
from accord.scenario import bundled_path, load_scenario
from accord.suite import check, find_cases

# The dev negotiations of ../shared (a case not listed is its own negotiation), as bench/issue_threshold.py folds them.
NEGOTIATIONS = {"seed": "Ukraine", "ukraine-2025-spring": "Ukraine",
                "armenia-azerbaijan-2025": "Armenia-Azerbaijan", "drc-rwanda-2025": "DR Congo"}
SAME_SENTENCE = 0.5  # token overlap at which a record's sentence is the gold stance's (SCHEMA.md's tokens)


def _claims(change) -> dict[str, int]:
    """Option -> +1 (the change makes it wanted or acceptable) or -1 (it rules it out)."""
    claims = {option: 1 for option in ([change.ideal] if change.ideal else []) + change.accept}
    claims.update({option: -1 for option in change.rule_out})
    return claims


def contradictions(change, gold: list[dict]) -> list[dict]:
    """The gold stances of the change's own sentences, on the same side and issue, whose direction on one of
    the change's options is the opposite of the change's."""
    claims, found = _claims(change), []
    for record in change.support:
        for g in gold:
            if g.get("kind") != "stance" or (g["side"], g["issue"]) != (change.side, change.issue):
                continue
            if doc_key(g["doc"]) != doc_key(record["doc"]) or overlap(g.get("evidence"), record.get("evidence")) < SAME_SENTENCE:
                continue
            option, sign = g.get("option"), DIRECTION.get(g["polarity"])
            if option in claims and sign is not None and sign != claims[option]:
                found.append(g)
    return found


def from_base(case, store) -> dict:
    base = load_scenario(case.scenario or bundled_path())
    changes = draft_changes(base, track_stances(load_records(store, "stance")))
    drafted, refused = apply_checked(base, changes)  # raises if the drafted scenario were invalid
    proposed = [c for c in changes if c.mark in ("+", "~", "-") and c.issue is not None]
    wrong = [c for c in proposed if contradictions(c, check(case))]
    for change in wrong:
        print(f"    contradicts gold: {change}")
    return {"proposed": len(proposed), "conflicts": sum(c.mark == "!" for c in changes),
            "not applied": len(refused), "contradicting gold": len(wrong)}


def _gold_issues(record: dict, gold: list[dict]) -> set[str]:
    """The reference issues of the gold stances whose sentence is this record's."""
    return {g["issue"] for g in gold if g.get("kind") == "stance" and doc_key(g["doc"]) == doc_key(record["doc"])
            and overlap(g.get("evidence"), record.get("evidence")) >= SAME_SENTENCE}


def _matches(actor, drafted_ids: dict[str, set[str]]) -> str | None:
    """The drafted actor a reference actor is, by id, name or alias."""
    names = {actor.id.lower(), actor.name.lower(), *(a.lower() for a in actor.aliases)}
    return next((d for d, known in drafted_ids.items() if names & known), None)


def skeleton_figures(case, records: list[dict]) -> dict:
    reference = load_scenario(case.scenario or bundled_path())
    gold = [g for g in check(case) if g.get("kind") == "stance"]
    skeleton = draft_skeleton(records)
    drafted = skeleton.scenario
    covers: dict[str, str] = {}  # drafted issue -> the reference issue it covers
    for issue, defining in skeleton.defining.items():
        votes = Counter(i for record in defining for i in _gold_issues(record, gold))
        best = max(votes.items(), key=lambda kv: (kv[1], kv[0]), default=None)
        if best and best[1] >= len(defining) / 2:
            covers[issue] = best[0]
    covered = set(covers.values())
    drafted_ids = {a.id: {a.id.lower(), a.name.lower(), *(x.lower() for x in a.aliases)} for a in drafted.actors}
    holders = [a for a in reference.actors if a.id in reference.positions]
    found = {a.id: _matches(a, drafted_ids) for a in holders}
    matched = {d for d in found.values() if d}
    held = agree = 0
    pairs = {(g["side"], g["issue"]) for g in gold}
    for side, ref_issue in pairs:
        drafted_side = found.get(side) or (side if side in drafted_ids else None)
        issues = [d for d, r in covers.items() if r == ref_issue and drafted_side in drafted.positions
                  and d in drafted.positions[drafted_side]]
        if issues:
            held += 1
            agree += any(_agrees(skeleton, drafted, drafted_side, d, gold, side, ref_issue) for d in issues)
    return {"issue recall": f"{len(covered)}/{len(reference.issues)}",
            "drafted issues covering nothing": len(skeleton.defining) - len(covers),
            "actor recall": f"{len(matched)}/{len(holders)}",
            "spurious actors": len(drafted_ids) - len(matched),
            "positions held": f"{held}/{len(pairs)}", "positions agreeing": f"{agree}/{len(pairs)}"}


def _agrees(skeleton, drafted, side: str, issue: str, gold: list[dict], gold_side: str, ref_issue: str) -> bool:
    """Whether a gold stance of the side on the issue agrees with the drafted position: the drafted option
    of the same sentence is acceptable when the stance wants it, outside the red line when it rejects it."""
    position = drafted.positions[side][issue]
    acceptable = set(position.acceptable or [o.id for o in drafted.issue(issue).options])
    for record, option in zip(skeleton.defining[issue], skeleton.options[issue]):
        for g in gold:
            if (g["side"], g["issue"]) != (gold_side, ref_issue) or doc_key(g["doc"]) != doc_key(record["doc"]) \
                    or overlap(g.get("evidence"), record.get("evidence")) < SAME_SENTENCE:
                continue
            sign = DIRECTION.get(g["polarity"])
            if sign is not None and (option in acceptable) == (sign > 0):
                return True
    return False


JOINS = (0.1, 0.15, 0.2, 0.25, 0.3)  # the grid of skeleton.JOIN for the leave-one-negotiation-out figures
PRIOR = 0.25  # the value set a priori, before any tuning: ties go to the value nearest it


def _covered(figures: dict) -> float:
    covered, total = figures["issue recall"].split("/")
    return int(covered) / int(total)


def held_out(skeletons: dict[str, dict[float, dict]]) -> None:
    """``skeleton.JOIN`` chosen on the other negotiations (best mean issue recall, ties to the value nearest
    ``PRIOR``), and the figures of the negotiation left out at that choice."""
    negotiation = {name: NEGOTIATIONS.get(name, name) for name in skeletons}
    print(f"leave-one-negotiation-out (JOIN in {JOINS}; shipped {skeleton.JOIN}):")
    for held in sorted(set(negotiation.values())):
        train = [n for n in skeletons if negotiation[n] != held]
        join = max(JOINS, key=lambda j: (sum(_covered(skeletons[n][j]) for n in train) / len(train), -abs(j - PRIOR)))
        for name in (n for n in skeletons if negotiation[n] == held):
            figures = skeletons[name][join]
            print(f"  {held:20s} {name:26s} JOIN {join}: issue recall {figures['issue recall']}, "
                  f"covering nothing {figures['drafted issues covering nothing']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", type=Path)
    parser.add_argument("--case", action="append")
    args = parser.parse_args()
    skeletons: dict[str, dict[float, dict]] = {}
    for case in find_cases(args.shared):
        if args.case and case.name not in args.case:
            continue
        with tempfile.TemporaryDirectory(prefix="accord-drafting-") as folder:
            store = open_store(f"sqlite:///{Path(folder) / 'case.db'}")
            ingest([str(case.corpus)], store, ReadOptions(metadata_file=case.meta))
            extract_corpus(store, load_scenario(case.scenario or bundled_path()))
            print(case.name)
            figures = from_base(case, store)
            print("  from a base: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
            extract_corpus(store, None)
            records = load_records(store)
            figures = skeleton_figures(case, records)
            print("  skeleton:    " + ", ".join(f"{k} {v}" for k, v in figures.items()))
            skeletons[case.name] = _at_each_join(case, records)
            store.engine.dispose()
    held_out(skeletons)


def _at_each_join(case, records: list[dict]) -> dict[float, dict]:
    shipped = skeleton.JOIN
    try:
        figures = {}
        for join in JOINS:
            skeleton.JOIN = join
            figures[join] = skeleton_figures(case, records)
        return figures
    finally:
        skeleton.JOIN = shipped


if __name__ == "__main__":
    main()
