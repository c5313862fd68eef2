"""Compact in-memory indexes for copy detection, in flat numpy arrays.

Copy detection keeps something per document for the whole corpus: the LSH
bands of its MinHash, its fingerprints, its signature and, optionally, its
embedding. Held as Python dicts and sets (as datasketch's ``MinHashLSH``
does), that costs kilobytes per document and passes 1 GB near 100,000
articles; held as arrays it costs a few hundred bytes.

- :class:`Postings` maps 64-bit keys to document ids in sorted runs
  searched with :func:`numpy.searchsorted`; runs of similar size merge
  (Bentley & Saxe's logarithmic method, "Decomposable searching problems I",
  J. Algorithms 1980), as in an LSM tree.
- :class:`Rows` holds one fixed-length vector per document in a matrix that
  grows by doubling.

>>> postings = Postings()
>>> postings.add(np.array([7, 9], dtype=np.uint64), 1)
>>> postings.add(np.array([9], dtype=np.uint64), 2)
>>> sorted(postings.lookup(np.array([9, 4], dtype=np.uint64)).tolist())
[1, 2]
>>> rows = Rows(3, np.float32)
>>> rows.add(5, np.array([1.0, 0.0, 0.0]))
>>> rows.get([5]).tolist()
[[1.0, 0.0, 0.0]]
"""

from __future__ import annotations

import numpy as np

BUFFER = 4096


class Postings:
    """An append-only multimap from uint64 keys to int64 document ids.

    Additions go to a small buffer; a full buffer becomes a sorted run, and
    runs of similar size merge (the logarithmic method), so there are never
    more than about log2(n / BUFFER) runs to search.
    """

    def __init__(self) -> None:
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted keys, ids), largest first
        self._buffer_keys: list[np.ndarray] = []
        self._buffer_ids: list[np.ndarray] = []
        self._buffered = 0

    def __len__(self) -> int:
        return sum(len(keys) for keys, _ in self.runs) + self._buffered

    def add(self, keys: np.ndarray, ident: int) -> None:
        if not len(keys):
            return
        self._buffer_keys.append(keys.astype(np.uint64, copy=False))
        self._buffer_ids.append(np.full(len(keys), ident, dtype=np.int64))
        self._buffered += len(keys)
        if self._buffered >= BUFFER:
            self.runs.append(self._sorted(np.concatenate(self._buffer_keys), np.concatenate(self._buffer_ids)))
            self._buffer_keys, self._buffer_ids, self._buffered = [], [], 0
            while len(self.runs) > 1 and len(self.runs[-2][0]) <= 2 * len(self.runs[-1][0]):
                (keys_a, ids_a), (keys_b, ids_b) = self.runs.pop(-2), self.runs.pop()
                self.runs.append(self._sorted(np.concatenate([keys_a, keys_b]), np.concatenate([ids_a, ids_b])))

    @staticmethod
    def _sorted(keys: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(keys, kind="stable")
        return keys[order], ids[order]

    def _ranges(self, keys: np.ndarray):
        for run_keys, run_ids in self.runs:
            left = np.searchsorted(run_keys, keys, side="left")
            right = np.searchsorted(run_keys, keys, side="right")
            yield run_ids, left, right

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """The ids filed under any of ``keys``, once for each key they match."""
        keys = keys.astype(np.uint64, copy=False)
        found = [run_ids[a:b] for run_ids, left, right in self._ranges(keys)
                 for a, b in zip(left.tolist(), right.tolist()) if b > a]
        if self._buffered:
            buffered = np.concatenate(self._buffer_keys)
            found.append(np.concatenate(self._buffer_ids)[np.isin(buffered, keys)])
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def counts(self, keys: np.ndarray) -> np.ndarray:
        """How many ids each key is filed under (to leave out keys that nearly every document has)."""
        keys = keys.astype(np.uint64, copy=False)
        total = np.zeros(len(keys), dtype=np.int64)
        for _, left, right in self._ranges(keys):
            total += right - left
        if self._buffered:
            buffered = np.sort(np.concatenate(self._buffer_keys))
            total += np.searchsorted(buffered, keys, side="right") - np.searchsorted(buffered, keys, side="left")
        return total


class Rows:
    """One vector of fixed length per document id, in a matrix that grows by doubling."""

    def __init__(self, width: int, dtype) -> None:
        self.matrix = np.zeros((0, width), dtype=dtype)
        self.ids = np.zeros(0, dtype=np.int64)
        self.row_of: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.row_of)

    def add(self, ident: int, vector: np.ndarray) -> None:
        size = len(self.row_of)
        if size == len(self.matrix):
            capacity = max(1024, 2 * size)
            matrix = np.zeros((capacity, self.matrix.shape[1]), dtype=self.matrix.dtype)
            matrix[:size] = self.matrix
            self.matrix, self.ids = matrix, np.resize(self.ids, capacity)
        self.matrix[size], self.ids[size] = vector, ident
        self.row_of[ident] = size

    def get(self, idents: list[int]) -> np.ndarray:
        return self.matrix[[self.row_of[i] for i in idents]]

    def used(self) -> tuple[np.ndarray, np.ndarray]:
        """(ids, matrix) of the rows filled so far."""
        size = len(self.row_of)
        return self.ids[:size], self.matrix[:size]
