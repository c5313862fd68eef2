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
import zlib
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
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


def _buckets(words) -> np.ndarray:
    """Hash buckets of words, so that document frequencies take fixed memory however large the vocabulary."""
    return np.fromiter((zlib.crc32(w.encode("utf-8")) & 0xFFFFF for w in words), dtype=np.int64)


def restore_signature(stored: bytes) -> MinHash:
    """A MinHash from the hash values stored with an article (same seed and scheme as :func:`signature`)."""
    template = MinHash(num_perm=PERMUTATIONS, seed=7)
    return MinHash(num_perm=PERMUTATIONS, seed=7, scheme=template.scheme,
                   hashvalues=np.frombuffer(stored, dtype=template.hashvalues.dtype))


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


CHECKED = 25        # candidates compared exactly, at most, for one new document
RECENT = 5000       # texts of the latest documents kept in memory (older ones are read back on demand)
PRINTS_INDEXED = 30  # fingerprints of each document put in the candidate index


@dataclass
class Deduplicator:
    """What is needed to find copies of the next document, in memory that stays flat as the corpus grows.

    Per document it keeps a MinHash signature (in the LSH index), a few
    fingerprints (in an inverted index) and its content hash; the text of a
    candidate is read back through ``text_of`` (the store) when a comparison
    needs it, with the latest documents' texts kept at hand.
    """

    text_of: Callable[[int], str] | None = None
    lsh: MinHashLSH = field(default_factory=lambda: MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=PERMUTATIONS))
    hashes: dict[str, int] = field(default_factory=dict)
    by_print: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    document_frequency: np.ndarray = field(default_factory=lambda: np.zeros(1 << 20, dtype=np.int32))  # hashed words
    documents: int = 0
    recent: OrderedDict = field(default_factory=OrderedDict)
    signatures: dict[int, np.ndarray] = field(default_factory=dict)

    def add(self, ident: int, text: str, clean_hash: str, minhash: MinHash | None = None) -> None:
        self.hashes.setdefault(clean_hash, ident)
        found = shingles(text)
        if found:
            minhash = minhash or signature(found)
            self.lsh.insert(str(ident), minhash)
            self.signatures[ident] = minhash.hashvalues
        for item in sorted(fingerprints(text), key=lambda p: (-len(p), p))[:PRINTS_INDEXED]:
            self.by_print[item].add(ident)
        words = {t for t in tokens(text) if t not in STOPWORDS}
        if words:
            self.document_frequency[_buckets(words)] += 1
        self.documents += 1
        self.recent[ident] = text
        if len(self.recent) > RECENT:
            self.recent.popitem(last=False)

    def _text(self, ident: int) -> str:
        if ident in self.recent:
            return self.recent[ident]
        if self.text_of is None:
            raise KeyError(ident)
        return self.text_of(ident)

    def _features(self, ident: int) -> tuple[set[str], Counter, set[str]]:
        text = self._text(ident)
        return shingles(text), Counter(t for t in tokens(text) if t not in STOPWORDS), fingerprints(text)

    def find(self, text: str, clean_hash: str, found: set[str] | None = None,
             minhash: MinHash | None = None) -> Match | None:
        """The first known document this text copies, if any."""
        if clean_hash in self.hashes:
            return Match(self.hashes[clean_hash], "exact", 1.0)
        found = shingles(text) if found is None else found
        counts = Counter(t for t in tokens(text) if t not in STOPWORDS)
        cache: dict[int, tuple] = {}
        if found:
            best = self._lexical(found, counts, minhash, cache)
            if best:
                return best
        return self._spun(text, counts, cache)

    def _cached(self, ident: int, cache: dict) -> tuple[set[str], Counter, set[str]]:
        if ident not in cache:
            cache[ident] = self._features(ident)
        return cache[ident]

    def _lexical(self, found: set[str], counts: Counter, minhash: MinHash | None, cache: dict) -> Match | None:
        best = None
        minhash = minhash or signature(found)
        keys = [int(k) for k in self.lsh.query(minhash)]
        if len(keys) > CHECKED:  # many candidates (a boilerplate-heavy corpus): check the most similar first
            estimate = (np.stack([self.signatures[k] for k in keys]) == minhash.hashvalues).mean(axis=1)
            keys = [keys[k] for k in np.argsort(-estimate, kind="stable")[:CHECKED]]
        for key in keys:
            other, their_counts, _ = self._cached(key, cache)
            if not other:
                continue
            shared = len(found & other)
            jaccard = shared / len(found | other)
            contained = shared / min(len(found), len(other))
            if jaccard >= SYNDICATED:
                candidate = Match(int(key), "syndicated", round(jaccard, 4))
            elif contained >= CONTAINED:
                candidate = Match(int(key), "truncated", round(contained, 4))
            elif contained >= PARTIAL and self._cosine(counts, their_counts) >= SPUN_COSINE:
                candidate = Match(int(key), "partial", round(contained, 4))
            else:
                continue
            if best is None or (candidate.similarity, -candidate.original) > (best.similarity, -best.original):
                best = candidate
        return best

    def _spun(self, text: str, counts: Counter, cache: dict) -> Match | None:
        printed = fingerprints(text)
        if len(printed) < 5:
            return None
        candidates = Counter(ident for item in printed for ident in self.by_print.get(item, ()))
        numbers = {p for p in printed if p.startswith("#")}
        best = None
        for ident, _ in candidates.most_common(20):
            _, their_counts, theirs_all = self._cached(ident, cache)
            if not theirs_all:
                continue
            overlap = len(printed & theirs_all) / min(len(printed), len(theirs_all))
            theirs = {p for p in theirs_all if p.startswith("#")}
            if overlap < FINGERPRINT_OVERLAP or (
                    len(numbers) >= 2 and len(theirs) >= 2 and len(numbers & theirs) / min(len(numbers), len(theirs)) < 0.5):
                continue
            cosine = self._cosine(counts, their_counts)
            if cosine >= SPUN_COSINE and (best is None or cosine > best.similarity):
                best = Match(ident, "spun", round(cosine, 4))
        return best

    def _cosine(self, first: Counter, second: Counter) -> float:
        total = max(1, self.documents)

        def weights(counts: Counter) -> dict[str, float]:
            terms = list(counts)
            if not terms:
                return {}
            frequency = self.document_frequency[_buckets(terms)]
            idf = np.log((1 + total) / (1 + frequency)) + 1
            return {t: counts[t] * w for t, w in zip(terms, idf.tolist())}

        a, b = weights(first), weights(second)
        dot = sum(v * b.get(t, 0.0) for t, v in a.items())
        norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
        return dot / norm if norm else 0.0
