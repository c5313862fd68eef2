"""Scoring extraction records against gold, as ``../shared/eval/SCHEMA.md`` defines it.

- **quote**: a gold quote is found when an unmatched prediction in the same
  doc has the same side and a token overlap |gold ∩ pred| / max(|gold|, |pred|)
  of at least 0.3 (the strict figure uses 0.8); each prediction matches once.
- **stance**: unique (doc, side, issue, polarity) tuples; a second figure adds the option.
- **event**: unique (doc, source, target, type) tuples, with source and target
  unordered for CONSULT; predicted events that did not happen (``status``
  planned, hypothetical or negated) are not counted.

Docs are compared by their leading digits ("001.2" is "001"); text as
lower-cased ``\\w+`` tokens.

>>> gold = [{"kind": "stance", "doc": "001", "side": "RUS", "issue": "crimea", "polarity": "demand", "option": None}]
>>> pred = [{"kind": "stance", "doc": "001.2", "side": "RUS", "issue": "crimea", "polarity": "demand", "option": "x"}]
>>> score(gold, pred)["stance"].f1, score(gold, pred)["stance+option"].f1
(1.0, 0.0)
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from accord.errors import AccordError, Problem
from accord.tables import HtmlRepr
from accord.extract.model import CLAIM_KINDS

KINDS = ("quote", "stance", "event")
REQUIRED = {"quote": ("side", "text"), "stance": ("side", "issue", "polarity"), "event": ("source", "target", "type")}


@dataclass(frozen=True)
class Score(HtmlRepr):
    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "true_positives": self.true_positives, "predicted": self.predicted, "gold": self.gold}


def doc_key(doc: str) -> str:
    """The leading digits of a doc id ("001.2" -> "001"), or the id itself when it has none."""
    match = re.match(r"\d+", str(doc))
    return match.group() if match else str(doc)


def tokens(text: str | None) -> Counter:
    return Counter(re.findall(r"\w+", (text or "").lower()))


def overlap(gold: str, predicted: str) -> float:
    """|gold ∩ pred| / max(|gold|, |pred|) over lower-cased word tokens (multiset)."""
    a, b = tokens(gold), tokens(predicted)
    size = max(sum(a.values()), sum(b.values()))
    return sum((a & b).values()) / size if size else 0.0


def _quote_matches(gold: list[dict], predicted: list[dict], threshold: float) -> int:
    used: set[int] = set()
    found = 0
    for g in gold:
        best, best_overlap = None, threshold
        for k, p in enumerate(predicted):
            if k in used or doc_key(p["doc"]) != doc_key(g["doc"]) or p.get("side") != g.get("side"):
                continue
            value = overlap(g.get("text"), p.get("text"))
            if value >= best_overlap and (best is None or value > best_overlap):
                best, best_overlap = k, value
        if best is not None:
            used.add(best)
            found += 1
    return found


def _tuples(records: list[dict], fields: tuple[str, ...], unordered: frozenset = frozenset()) -> set:
    out = set()
    for r in records:
        values = [doc_key(r["doc"])] + [r.get(f) for f in fields]
        if r.get("type") in unordered:
            values[1:3] = sorted(values[1:3], key=str)
        out.add(tuple(values))
    return out


def _set_score(gold: set, predicted: set) -> Score:
    return Score(len(gold & predicted), len(predicted), len(gold))


def score(gold: list[dict], predicted: list[dict]) -> dict[str, Score]:
    """Precision, recall and F1 for each kind of record (and the stricter variants)."""
    def of(kind: str, records: list[dict]) -> list[dict]:
        return [r for r in records if r.get("kind") == kind]

    gq, pq = of("quote", gold), of("quote", predicted)
    gs, ps = of("stance", gold), of("stance", predicted)
    ge = of("event", gold)
    pe = [r for r in of("event", predicted) if r.get("status", "happened") == "happened"]
    consult = frozenset({"CONSULT"})
    return {
        "quote@0.3": Score(_quote_matches(gq, pq, 0.3), len(pq), len(gq)),
        "quote@0.8": Score(_quote_matches(gq, pq, 0.8), len(pq), len(gq)),
        "stance": _set_score(_tuples(gs, ("side", "issue", "polarity")), _tuples(ps, ("side", "issue", "polarity"))),
        "stance+option": _set_score(_tuples(gs, ("side", "issue", "polarity", "option")),
                                    _tuples(ps, ("side", "issue", "polarity", "option"))),
        "event": _set_score(_tuples(ge, ("source", "target", "type"), consult),
                            _tuples(pe, ("source", "target", "type"), consult)),
    }


def read_records(path: str | Path) -> list[dict]:
    """Records from a JSON Lines file (``-``: standard input), checked for the fields scoring needs; each
    problem names its line."""
    path = Path(path)
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AccordError(Problem(str(path), None, None, f"cannot be read: {getattr(error, 'strerror', None) or error}"))
    found, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(Problem(str(path), number, None, f"malformed JSON: {error.msg}"))
            continue
        if not isinstance(record, dict):
            problems.append(Problem(str(path), number, None, "a record must be a JSON object"))
            continue
        kind = record.get("kind")
        if kind in CLAIM_KINDS:
            continue  # truce-violation claims: not scored here (bench/claims.py scores them on claims.jsonl)
        if kind not in KINDS:
            problems.append(Problem(str(path), number, "kind", f"expected one of {', '.join(KINDS)}, got {kind!r}"))
            continue
        needed = ("doc", *REQUIRED[kind])
        if kind == "stance" and record.get("phrase"):
            needed = tuple(f for f in needed if f != "issue")  # coded on no scenario: it never matches gold
        missing = [f for f in needed if record.get(f) in (None, "")]
        if missing:
            problems.append(Problem(str(path), number, missing[0], f"a {kind} record needs '{missing[0]}'"))
            continue
        found.append(record)
    if problems and not found and all(p.message.startswith("malformed JSON") for p in problems):
        raise AccordError(Problem(str(path), None, None, "not JSON Lines: no line holds a JSON record"))
    if problems:
        raise AccordError(problems)
    return found
