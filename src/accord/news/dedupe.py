"""Duplicates and copies: exact, syndicated, truncated and (likely) spun.

- **exact**: the same words (content hash of the cleaned text).
- **syndicated**: the same wire story on another site, found with MinHash LSH
  (Broder, "On the resemblance and containment of documents", 1997; datasketch)
  over 5-word shingles, confirmed by a Jaccard similarity of at least 0.5.
- **truncated**: a shorter copy, when at least 70% of its shingles occur in the other.
- **partial**: a story that repeats passages of another (at least 20% of the
  shorter one's shingles) and is close to it in vocabulary (TF-IDF cosine at
  least 0.5), as aggregators' rewrites of a wire story are.
- **spun**: a machine-paraphrased copy defeats shingles, but names, numbers
  and dates survive paraphrase ("270 drones and 10 missiles"). A candidate
  sharing fingerprints is flagged as a likely spun copy when they overlap by
  at least 0.5 (numbers too, where both have some) and the TF-IDF cosine is
  at least 0.5. Stories about the same events by different outlets stay below
  these (0.4 at most on the seed corpus).

Each new document is compared with every document already known; a copy
links to the first one seen.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from accord.news.boilerplate import STOPWORDS

SHINGLE = 5
PERMUTATIONS = 128
CANDIDATE_THRESHOLD = 0.1
SYNDICATED = 0.5
CONTAINED = 0.7
PARTIAL = 0.2
FINGERPRINT_OVERLAP = 0.5
SPUN_COSINE = 0.5


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def shingles(text: str) -> set[str]:
    words = tokens(text)
    return {" ".join(words[k:k + SHINGLE]) for k in range(max(1, len(words) - SHINGLE + 1))} if words else set()


def signature(shingle_set: set[str]) -> MinHash:
    minhash = MinHash(num_perm=PERMUTATIONS, seed=7)
    minhash.update_batch([s.encode("utf-8") for s in shingle_set])
    return minhash


_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\b")


def fingerprints(text: str) -> set[str]:
    """Names, numbers and dates: what survives paraphrase."""
    numbers = {"#" + n.rstrip(".,") for n in _NUMBER.findall(text)}
    names = {n.lower() for n in _NAME.findall(text) if n.lower() not in STOPWORDS and len(n) > 3}
    return numbers | names


@dataclass(frozen=True)
class Match:
    original: int      # the store id of the document copied
    kind: str          # exact, syndicated, truncated, spun
    similarity: float


@dataclass
class Deduplicator:
    """Everything known about the documents seen so far, to find copies of the next one."""

    lsh: MinHashLSH = field(default_factory=lambda: MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=PERMUTATIONS))
    hashes: dict[str, int] = field(default_factory=dict)
    shingle_sets: dict[int, set[str]] = field(default_factory=dict)
    prints: dict[int, set[str]] = field(default_factory=dict)
    by_print: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    term_counts: dict[int, Counter] = field(default_factory=dict)
    document_frequency: Counter = field(default_factory=Counter)

    def add(self, ident: int, text: str, clean_hash: str, minhash: MinHash | None = None) -> None:
        self.hashes.setdefault(clean_hash, ident)
        found = shingles(text)
        self.shingle_sets[ident] = found
        if found:
            self.lsh.insert(str(ident), minhash or signature(found))
        printed = fingerprints(text)
        self.prints[ident] = printed
        for item in printed:
            self.by_print[item].add(ident)
        counts = Counter(t for t in tokens(text) if t not in STOPWORDS)
        self.term_counts[ident] = counts
        self.document_frequency.update(counts.keys())

    def find(self, text: str, clean_hash: str, found: set[str] | None = None,
             minhash: MinHash | None = None) -> Match | None:
        """The first known document this text copies, if any."""
        if clean_hash in self.hashes:
            return Match(self.hashes[clean_hash], "exact", 1.0)
        found = shingles(text) if found is None else found
        counts = Counter(t for t in tokens(text) if t not in STOPWORDS)
        if found:
            best = self._lexical(found, counts, minhash)
            if best:
                return best
        return self._spun(text, counts)

    def _lexical(self, found: set[str], counts: Counter, minhash: MinHash | None = None) -> Match | None:
        best = None
        for key in self.lsh.query(minhash or signature(found)):
            other = self.shingle_sets[int(key)]
            shared = len(found & other)
            jaccard = shared / len(found | other)
            contained = shared / min(len(found), len(other))
            if jaccard >= SYNDICATED:
                candidate = Match(int(key), "syndicated", round(jaccard, 4))
            elif contained >= CONTAINED:
                candidate = Match(int(key), "truncated", round(contained, 4))
            elif contained >= PARTIAL and self._cosine(counts, self.term_counts[int(key)]) >= SPUN_COSINE:
                candidate = Match(int(key), "partial", round(contained, 4))
            else:
                continue
            if best is None or (candidate.similarity, -candidate.original) > (best.similarity, -best.original):
                best = candidate
        return best

    def _spun(self, text: str, counts: Counter) -> Match | None:
        printed = fingerprints(text)
        if len(printed) < 5:
            return None
        rare = Counter(ident for item in printed for ident in self.by_print.get(item, ()))
        numbers = {p for p in printed if p.startswith("#")}
        best = None
        for ident, shared in rare.most_common(20):
            overlap = shared / min(len(printed), len(self.prints[ident]))
            theirs = {p for p in self.prints[ident] if p.startswith("#")}
            if overlap < FINGERPRINT_OVERLAP or (
                    len(numbers) >= 2 and len(theirs) >= 2 and len(numbers & theirs) / min(len(numbers), len(theirs)) < 0.5):
                continue
            cosine = self._cosine(counts, self.term_counts[ident])
            if cosine >= SPUN_COSINE and (best is None or cosine > best.similarity):
                best = Match(ident, "spun", round(cosine, 4))
        return best

    def _cosine(self, first: Counter, second: Counter) -> float:
        total = max(1, len(self.term_counts))

        def weight(term: str, count: int) -> float:
            return count * (math.log((1 + total) / (1 + self.document_frequency[term])) + 1)

        a = {t: weight(t, c) for t, c in first.items()}
        b = {t: weight(t, c) for t, c in second.items()}
        dot = sum(v * b.get(t, 0.0) for t, v in a.items())
        norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
        return dot / norm if norm else 0.0
