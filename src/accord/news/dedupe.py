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


def _word_hashes(words: list[str]) -> np.ndarray:
    return np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))


_STOP_HASHES = np.unique(_word_hashes(sorted(STOPWORDS)))
_MIX = np.uint64(0x9E3779B97F4A7C15)


def shingle_hashes(word_hashes: np.ndarray) -> np.ndarray:
    """Sorted, distinct 32-bit hashes of the 5-word shingles (all the words, when there are fewer)."""
    n = len(word_hashes)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    width = min(SHINGLE, n)
    combined = np.zeros(n - width + 1, dtype=np.uint64)
    for k in range(width):  # polynomial hash of each window, wrapping at 2**64
        combined = combined * _MIX + word_hashes[k:n - width + 1 + k]
    return np.unique((combined ^ (combined >> np.uint64(32))) & np.uint64(0xFFFFFFFF))


def _identity(value: int) -> int:
    return value


_TEMPLATE = MinHash(num_perm=PERMUTATIONS, seed=7, hashfunc=_identity)


def signature(shingles: np.ndarray) -> MinHash:
    """The MinHash of a document's shingle hashes (datasketch's permutations, seed 7)."""
    minhash = MinHash(num_perm=PERMUTATIONS, seed=7, hashfunc=_identity, permutations=_TEMPLATE.permutations,
                      scheme=_TEMPLATE.scheme)
    minhash.update_batch(shingles.tolist())
    return minhash


def restore_signature(stored: bytes) -> MinHash:
    """A MinHash from the hash values stored with an article (same seed and scheme as :func:`signature`)."""
    return MinHash(num_perm=PERMUTATIONS, seed=7, hashfunc=_identity, permutations=_TEMPLATE.permutations,
                   scheme=_TEMPLATE.scheme, hashvalues=np.frombuffer(stored, dtype=_TEMPLATE.hashvalues.dtype))


_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\b")


def fingerprints(text: str) -> set[str]:
    """Names, numbers and dates: what survives paraphrase."""
    numbers = {"#" + n.rstrip(".,") for n in _NUMBER.findall(text)}
    names = {n.lower() for n in _NAME.findall(text) if n.lower() not in STOPWORDS and len(n) > 3}
    return numbers | names


BUCKETS = 1 << 20  # content words are counted in hash buckets, so document frequencies take fixed memory


@dataclass(frozen=True)
class Features:
    """What copy detection compares, computed once per document and compact enough to keep thousands at hand."""

    shingles: np.ndarray   # sorted distinct shingle hashes
    terms: np.ndarray      # sorted distinct buckets of the content words (stop words left out)
    counts: np.ndarray     # occurrences of each of those terms
    prints: frozenset      # names, numbers and dates

    @classmethod
    def of(cls, text: str) -> Features:
        hashes = _word_hashes(tokens(text))
        content = hashes[~np.isin(hashes, _STOP_HASHES)] & np.uint64(BUCKETS - 1)
        terms, counts = np.unique(content.astype(np.int64), return_counts=True)
        return cls(shingle_hashes(hashes), terms, counts.astype(np.float64), frozenset(fingerprints(text)))

    def signature(self) -> MinHash:
        return signature(self.shingles)


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
    fingerprints (in an inverted index) and its content hash; the
    :class:`Features` of a candidate are computed from its text, read back
    through ``text_of`` (the store), unless the document is among the latest.
    """

    text_of: Callable[[int], str] | None = None
    lsh: MinHashLSH = field(default_factory=lambda: MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=PERMUTATIONS))
    hashes: dict[str, int] = field(default_factory=dict)
    by_print: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    document_frequency: np.ndarray = field(default_factory=lambda: np.zeros(BUCKETS, dtype=np.int32))
    documents: int = 0
    recent: OrderedDict = field(default_factory=OrderedDict)
    signatures: dict[int, np.ndarray] = field(default_factory=dict)

    def add(self, ident: int, text: str, clean_hash: str, minhash: MinHash | None = None,
            features: Features | None = None) -> None:
        self.hashes.setdefault(clean_hash, ident)
        features = features or Features.of(text)
        if len(features.shingles):
            minhash = minhash or features.signature()
            self.lsh.insert(str(ident), minhash)
            self.signatures[ident] = minhash.hashvalues
        for item in sorted(features.prints, key=lambda p: (-len(p), p))[:PRINTS_INDEXED]:
            self.by_print[item].add(ident)
        self.document_frequency[features.terms] += 1
        self.documents += 1
        self.recent[ident] = features
        if len(self.recent) > RECENT:
            self.recent.popitem(last=False)

    def _features(self, ident: int) -> Features:
        if ident in self.recent:
            return self.recent[ident]
        if self.text_of is None:
            raise KeyError(ident)
        return Features.of(self.text_of(ident))

    def find(self, text: str, clean_hash: str, features: Features | None = None,
             minhash: MinHash | None = None) -> Match | None:
        """The first known document this text copies, if any."""
        if clean_hash in self.hashes:
            return Match(self.hashes[clean_hash], "exact", 1.0)
        features = features or Features.of(text)
        cache: dict[int, Features] = {}
        if len(features.shingles):
            best = self._lexical(features, minhash or features.signature(), cache)
            if best:
                return best
        return self._spun(features, cache)

    def _cached(self, ident: int, cache: dict) -> Features:
        if ident not in cache:
            cache[ident] = self._features(ident)
        return cache[ident]

    def _lexical(self, features: Features, minhash: MinHash, cache: dict) -> Match | None:
        best = None
        keys = [int(k) for k in self.lsh.query(minhash)]
        if len(keys) > CHECKED:  # many candidates (a boilerplate-heavy corpus): check the most similar first
            estimate = (np.stack([self.signatures[k] for k in keys]) == minhash.hashvalues).mean(axis=1)
            keys = [keys[k] for k in np.argsort(-estimate, kind="stable")[:CHECKED]]
        found = features.shingles
        for key in keys:
            theirs = self._cached(key, cache)
            other = theirs.shingles
            if not len(other):
                continue
            shared = len(np.intersect1d(found, other, assume_unique=True))
            jaccard = shared / (len(found) + len(other) - shared)
            contained = shared / min(len(found), len(other))
            if jaccard >= SYNDICATED:
                candidate = Match(key, "syndicated", round(jaccard, 4))
            elif contained >= CONTAINED:
                candidate = Match(key, "truncated", round(contained, 4))
            elif contained >= PARTIAL and self.cosine(features, theirs) >= SPUN_COSINE:
                candidate = Match(key, "partial", round(contained, 4))
            else:
                continue
            if best is None or (candidate.similarity, -candidate.original) > (best.similarity, -best.original):
                best = candidate
        return best

    def _spun(self, features: Features, cache: dict) -> Match | None:
        printed = features.prints
        if len(printed) < 5:
            return None
        candidates = Counter(ident for item in printed for ident in self.by_print.get(item, ()))
        numbers = {p for p in printed if p.startswith("#")}
        best = None
        for ident, _ in candidates.most_common(20):
            theirs = self._cached(ident, cache)
            if not theirs.prints:
                continue
            overlap = len(printed & theirs.prints) / min(len(printed), len(theirs.prints))
            their_numbers = {p for p in theirs.prints if p.startswith("#")}
            if overlap < FINGERPRINT_OVERLAP or (len(numbers) >= 2 and len(their_numbers) >= 2 and len(
                    numbers & their_numbers) / min(len(numbers), len(their_numbers)) < 0.5):
                continue
            cosine = self.cosine(features, theirs)
            if cosine >= SPUN_COSINE and (best is None or cosine > best.similarity):
                best = Match(ident, "spun", round(cosine, 4))
        return best

    def cosine(self, first: Features, second: Features) -> float:
        """TF-IDF cosine of two documents' content words, with document frequencies from all documents seen."""
        total = max(1, self.documents)

        def weights(features: Features) -> np.ndarray:
            idf = np.log((1 + total) / (1 + self.document_frequency[features.terms])) + 1
            return features.counts * idf

        a, b = weights(first), weights(second)
        _, in_a, in_b = np.intersect1d(first.terms, second.terms, assume_unique=True, return_indices=True)
        norm = math.sqrt(a @ a) * math.sqrt(b @ b)
        return float(a[in_a] @ b[in_b]) / norm if norm else 0.0
