"""Duplicates and copies: exact, syndicated, truncated and (likely) spun.

- **exact**: the same words (content hash of the cleaned text).
- **syndicated**: the same wire story on another site, found with MinHash LSH
  (Broder, "On the resemblance and containment of documents", 1997) over
  5-word shingles, confirmed by a Jaccard similarity of at least 0.5. The
  signatures are datasketch's MinHash; the 64 bands of 2 rows are kept in
  flat arrays (:mod:`accord.news.index`) rather than datasketch's
  ``MinHashLSH``, whose dicts outgrow 1 GB near 100,000 documents.
- **truncated**: a shorter copy, when at least 70% of its shingles occur in the other.
- **partial**: a story that repeats passages of another (at least 20% of the
  shorter one's shingles) and is close to it in vocabulary (TF-IDF cosine at
  least 0.5), as aggregators' rewrites of a wire story are.
- **spun**: a machine-paraphrased copy defeats shingles, but names, numbers
  and dates survive paraphrase ("270 drones and 10 missiles"). A candidate
  sharing fingerprints is flagged as a likely spun copy when they overlap by
  at least 0.5 (numbers too, where both have some) and the TF-IDF cosine is
  at least 0.5, and at least 0.6 of the shorter one's fingerprints come in the
  same order. Stories about the same events by different outlets stay below
  these (an ordered share of 0.46 at most on the ScrapingHub bodies, 0.38 on
  the seed corpus). With sentence embeddings on (:mod:`accord.news.embeddings`),
  a document whose embedding has a cosine of at least 0.95 with a known one is
  flagged too, so that a spin with few names or numbers is still caught.

Each new document is compared with the documents already known that share an
LSH band or fingerprints with it (at most 25 and 20 of them, the most similar
first); a copy links to the first one seen.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import math
import re
import zlib
from dataclasses import dataclass, field, replace

import numpy as np
from datasketch import MinHash

from accord.news import copies
from accord.news.boilerplate import STOPWORDS
from accord.news.embeddings import DIMENSIONS, Encoder
from accord.news.copyindex import CopyIndex
from accord.news.index import Rows
from accord.news.store import copy_bands, copy_prints, open_store

SHINGLE = 5
PERMUTATIONS = 128
SYNDICATED = 0.5
CONTAINED = 0.7
PARTIAL = 0.2
FINGERPRINT_OVERLAP = 0.5
SPUN_COSINE = 0.5
SPUN_ORDER = 0.6
SPUN_EMBEDDING = 0.95


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def word_hashes(words: list[str]) -> np.ndarray:
    return np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))


_STOP_HASHES = np.unique(word_hashes(sorted(STOPWORDS)))
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


_BAND_MIX = np.arange(PERMUTATIONS // 2, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)


def band_keys(hashvalues: np.ndarray) -> np.ndarray:
    """One 64-bit key per LSH band of 2 rows (64 bands): two documents whose MinHash signatures agree on
    both rows of any band are candidates, which finds pairs down to a Jaccard similarity of about 0.1."""
    pairs = hashvalues.astype(np.uint64).reshape(-1, 2)
    return ((pairs[:, 0] << np.uint64(32)) | pairs[:, 1]) ^ _BAND_MIX


def print_keys(prints) -> np.ndarray:
    return np.array([int.from_bytes(hashlib.blake2b(p.encode("utf-8"), digest_size=8).digest(), "little")
                     for p in prints], dtype=np.uint64)


def indexed_prints(prints: tuple) -> np.ndarray:
    """The keys of the fingerprints a document is filed under: its PRINTS_INDEXED longest."""
    return print_keys(sorted(prints, key=lambda p: (-len(p), p))[:PRINTS_INDEXED])


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


_PRINT = re.compile(r"\b\d[\d,.]*\b|\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\b")


def fingerprint_sequence(text: str) -> tuple[str, ...]:
    """Names, numbers and dates, in the order they first appear: what survives paraphrase.

    >>> fingerprint_sequence("Russia launched 270 drones and 10 missiles on Monday, Ukraine said.")
    ('russia', '#270', '#10', 'monday', 'ukraine')
    """
    found = []
    for match in _PRINT.finditer(text):
        item = match.group()
        if item[0].isdigit():
            found.append("#" + item.rstrip(".,"))
        elif len(item) > 3 and item.lower() not in STOPWORDS:
            found.append(item.lower())
    return tuple(dict.fromkeys(found))


def ordered_share(first: tuple, second: tuple) -> float:
    """The share of the shorter sequence that the two have in common in the same order (a spun copy keeps
    its original's order of names and numbers; another outlet's story of the same events does not)."""
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(1, min(len(first), len(second)))


BUCKETS = 1 << 20  # content words are counted in hash buckets, so document frequencies take fixed memory


@dataclass(frozen=True)
class Features:
    """What copy detection compares, computed once per document and compact enough to keep thousands at hand."""

    shingles: np.ndarray   # sorted distinct shingle hashes
    terms: np.ndarray      # sorted distinct buckets of the content words (stop words left out)
    counts: np.ndarray     # occurrences of each of those terms
    prints: tuple          # names, numbers and dates, in order of appearance
    story: copies.Story    # quotations and narrative shingles, for rewritten copies
    embedding: np.ndarray | None = None  # unit sentence-embedding vector, when an encoder is in use

    @classmethod
    def of(cls, text: str) -> Features:
        hashes = word_hashes(tokens(text))
        content = hashes[~np.isin(hashes, _STOP_HASHES)] & np.uint64(BUCKETS - 1)
        terms, counts = np.unique(content.astype(np.int64), return_counts=True)
        return cls(shingle_hashes(hashes), terms, counts.astype(np.float64), fingerprint_sequence(text),
                   copies.Story.of(text))

    def signature(self) -> MinHash:
        return signature(self.shingles)

    def packed(self) -> bytes:
        """The features as bytes for the database (the embedding is stored with the article): the array
        lengths, then the arrays as uint32 (hashes are 32-bit, buckets 20-bit), then the fingerprints.

        >>> features = Features.of('Ministers met in Vienna on 3 May. "We will talk again next week, as agreed before."')
        >>> restored = Features.unpacked(features.packed())
        >>> restored.prints == features.prints and np.array_equal(restored.story.narrative, features.story.narrative)
        True
        """
        arrays = [self.shingles, self.terms, self.counts, self.story.narrative, *self.story.quotes]
        head = [len(arrays), *map(len, arrays), *self.story.quote_words]
        body = np.concatenate([np.asarray(head, dtype=np.uint32)] + [a.astype(np.uint32) for a in arrays])
        return body.tobytes() + "\x1f".join(self.prints).encode("utf-8")

    @classmethod
    def unpacked(cls, data: bytes) -> Features:
        """The features :meth:`packed` wrote."""
        count = int(np.frombuffer(data, dtype=np.uint32, count=1)[0])
        head = np.frombuffer(data, dtype=np.uint32, count=1 + 2 * count - 4)  # 4 arrays have no word count
        lengths, words = head[1:1 + count].tolist(), tuple(head[1 + count:].tolist())
        body = np.frombuffer(data, dtype=np.uint32, count=sum(lengths), offset=4 * len(head))
        arrays = np.split(body, np.cumsum(lengths)[:-1]) if lengths else []
        shingles, terms, counts, narrative, *quotes = [a.astype(np.uint64) for a in arrays]
        text = data[4 * (len(head) + len(body)):].decode("utf-8")
        return cls(shingles, terms.astype(np.int64), counts.astype(np.float64), tuple(text.split("\x1f")) if text else (),
                   copies.Story(narrative, tuple(quotes), words))


@dataclass(frozen=True)
class Match:
    original: int      # the store id of the document copied
    kind: str          # exact, syndicated, truncated, spun
    similarity: float


COMMON_PRINT = 1000  # a fingerprint shared by more documents than this (or 5%) does not pick candidates
CHECKED = 25        # candidates compared exactly, at most, for one new document
PRINTS_INDEXED = 30  # fingerprints of each document put in the candidate index


def features_of(text: str, encoder: Encoder | None = None) -> Features:
    """The features of a new document, with its embedding when an encoder is in use."""
    features = Features.of(text)
    if encoder is not None and text:
        features = replace(features, embedding=encoder.encode([text])[0])
    return features


@dataclass
class Deduplicator:
    """Finds the copies of a new document among the documents filed in a copy index, and files it.

    The index lives in the database (:mod:`accord.news.copyindex`): per document its signature, band keys,
    fingerprints and packed :class:`Features`, so a candidate's features are read back, never
    recomputed. Embeddings, when an encoder is in use, are compared in memory (``vectors``).
    :meth:`in_memory` gives one over an in-memory database, for a quick look:

    >>> dedupe = Deduplicator.in_memory()
    >>> text = "Envoys from both capitals met in Oslo on Tuesday and agreed to reopen the border crossing to trucks."
    >>> dedupe.add(1, text, "h1")
    >>> dedupe.find(text + " Talks resume next week.", "h2").kind
    'syndicated'
    """

    index: CopyIndex
    encoder: Encoder | None = None
    vectors: Rows = field(default_factory=lambda: Rows(DIMENSIONS, np.float16))

    @classmethod
    def in_memory(cls, encoder: Encoder | None = None) -> Deduplicator:
        return cls(CopyIndex(open_store("sqlite://").engine.connect()), encoder)

    def features(self, text: str) -> Features:
        return features_of(text, self.encoder)

    def add(self, ident: int, text: str, clean_hash: str, minhash: MinHash | None = None,
            features: Features | None = None, published: dt.date | None = None) -> None:
        """File a document in the index (and its embedding in memory)."""
        features = features or self.features(text)
        if features.embedding is not None:
            self.vectors.add(ident, features.embedding)
        minhash = (minhash or features.signature()) if len(features.shingles) else None
        self.index.file(ident, clean_hash, published.toordinal() if published else None,
                        minhash.hashvalues if minhash is not None else None, features.packed(),
                        band_keys(minhash.hashvalues) if minhash is not None else np.zeros(0, dtype=np.uint64),
                        indexed_prints(features.prints), features.terms)

    def remove(self, idents: list[int]) -> None:
        """Take documents out of the index (their articles are being deleted)."""
        self.index.remove(idents, lambda packed: Features.unpacked(packed).terms)

    def find(self, text: str, clean_hash: str, features: Features | None = None,
             minhash: MinHash | None = None, published: dt.date | None = None) -> Match | None:
        """The first known document this text copies, if any (``published``: its date, when known)."""
        original = self.index.exact(clean_hash)
        if original is not None:
            return Match(original, "exact", 1.0)
        features = features or self.features(text)
        minhash = minhash or (features.signature() if len(features.shingles) else None)
        cache: dict[int, tuple[Features, int | None]] = {}
        if minhash is not None:
            best = self._lexical(features, minhash, cache)
            if best:
                return best
        return (self._spun(features, cache) or self._rewritten(features, minhash, cache, published)
                or self._spun_by_embedding(features))

    def _read(self, idents: list[int], cache: dict) -> list[int]:
        """Read the features of these candidates into ``cache`` (one query); the ones filed."""
        wanted = [i for i in idents if i not in cache]
        if wanted:
            cache.update({i: (Features.unpacked(packed), day) for i, (packed, day) in self.index.packed(wanted).items()})
        return [i for i in idents if i in cache]

    def _by_bands(self, minhash: MinHash) -> list[int]:
        """The known documents sharing an LSH band with this signature, the most similar CHECKED of them."""
        ids, _ = self.index.sharing(copy_bands, band_keys(minhash.hashvalues))
        keys = np.sort(ids).tolist()
        if len(keys) > CHECKED:  # many candidates (a boilerplate-heavy corpus): check the most similar first
            estimate = (self.index.signatures(keys) == minhash.hashvalues).mean(axis=1)
            keys = [keys[k] for k in np.argsort(-estimate, kind="stable")[:CHECKED]]
        return keys

    def _by_prints(self, printed: set) -> list[int]:
        """The known documents sharing the most fingerprints with these, 20 at most (common ones left out)."""
        keys = print_keys(sorted(printed))
        common = max(COMMON_PRINT, self.index.documents() // 20)  # "#2025", "trump"
        idents, shared = self.index.sharing(copy_prints, keys[self.index.key_counts(copy_prints, keys) <= common])
        return idents[np.lexsort((idents, -shared))][:20].tolist()

    def _lexical(self, features: Features, minhash: MinHash, cache: dict) -> Match | None:
        best = None
        found = features.shingles
        for key in self._read(self._by_bands(minhash), cache):
            theirs = cache[key][0]
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
        printed = set(features.prints)
        if len(printed) < 5:
            return None
        numbers = {p for p in printed if p.startswith("#")}
        best = None
        for ident in self._read(self._by_prints(printed), cache):
            theirs = cache[ident][0]
            if not theirs.prints:
                continue
            their_prints = set(theirs.prints)
            overlap = len(printed & their_prints) / min(len(printed), len(their_prints))
            their_numbers = {p for p in their_prints if p.startswith("#")}
            if overlap < FINGERPRINT_OVERLAP or (len(numbers) >= 2 and len(their_numbers) >= 2 and len(
                    numbers & their_numbers) / min(len(numbers), len(their_numbers)) < 0.5):
                continue
            if ordered_share(features.prints, theirs.prints) < SPUN_ORDER:
                continue
            cosine = self.cosine(features, theirs)
            if cosine >= SPUN_COSINE and (best is None or cosine > best.similarity):
                best = Match(ident, "spun", round(cosine, 4))
        return best

    def _rewritten(self, features: Features, minhash: MinHash | None, cache: dict,
                   published: dt.date | None) -> Match | None:
        """A copy that keeps too few of its original's words for shingles: a rewrite around the same quotations
        with the same names and numbers in the same order, or an excerpt that shares long narrative passages
        (cut short, or behind a new lead), published within days of it (:mod:`accord.news.copies`)."""
        keys = list(dict.fromkeys((self._by_bands(minhash) if minhash is not None else []) + self._by_prints(
            set(features.prints))))
        day = published.toordinal() if published else None
        best = None
        for ident in self._read(keys, cache):
            theirs, their_day = cache[ident]
            if not copies.same_days(day, their_day):
                continue
            candidate = self._rewrite_of(features, ident, theirs)
            if candidate and (best is None or candidate.similarity > best.similarity):
                best = candidate
        return best
    def _rewrite_of(self, features: Features, ident: int, theirs: Features) -> Match | None:
        if len(np.intersect1d(features.shingles, theirs.shingles, assume_unique=True)) < copies.AT_LEAST:
            return None  # too few words in common for either test: most candidates stop here, cheaply
        share = copies.excerpt(features.story, theirs.story, features.shingles, theirs.shingles)
        if share is not None:
            return Match(ident, "excerpt", round(share, 4))
        if not copies.quoted(features.story, theirs.story, features.shingles, theirs.shingles):
            return None
        printed, their_prints = set(features.prints), set(theirs.prints)
        overlap = len(printed & their_prints) / max(1, min(len(printed), len(their_prints)))
        order = ordered_share(features.prints, theirs.prints)
        if overlap >= copies.OVERLAP and order >= copies.ORDER:
            return Match(ident, "rewritten", round(order, 4))
        return None

    def _spun_by_embedding(self, features: Features) -> Match | None:
        """The nearest known document in embedding space, when it is as close as a paraphrase is."""
        if features.embedding is None:
            return None
        idents, matrix = self.vectors.used()
        if not len(idents):
            return None
        query = features.embedding.astype(np.float32)
        scores = np.concatenate([matrix[start:start + 8192].astype(np.float32) @ query  # float16 has no fast product
                                 for start in range(0, len(idents), 8192)])
        best = int(np.argmax(scores))
        if scores[best] < SPUN_EMBEDDING:
            return None
        return Match(int(idents[best]), "spun", round(float(scores[best]), 4))

    def cosine(self, first: Features, second: Features) -> float:
        """TF-IDF cosine of two documents' content words, with document frequencies from all documents seen."""
        total = max(1, self.index.documents())

        def weights(features: Features) -> np.ndarray:
            idf = np.log((1 + total) / (1 + self.index.frequencies(features.terms))) + 1
            return features.counts * idf

        a, b = weights(first), weights(second)
        _, in_a, in_b = np.intersect1d(first.terms, second.terms, assume_unique=True, return_indices=True)
        norm = math.sqrt(a @ a) * math.sqrt(b @ b)
        return float(a[in_a] @ b[in_b]) / norm if norm else 0.0
