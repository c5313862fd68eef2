"""The sentence embeddings of the stored documents, in memory, for the spun-copy search by embedding.

Copy detection's own index is in the database (:mod:`accord.news.copyindex`); embeddings are compared
with every known one, which a database without a vector index cannot do, so they are held here: one
float16 row per document in a matrix that grows by doubling (768 bytes a document).

>>> rows = Rows(3, np.float32)
>>> rows.add(5, np.array([1.0, 0.0, 0.0]))
>>> rows.get([5]).tolist()
[[1.0, 0.0, 0.0]]
"""

from __future__ import annotations

import numpy as np


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
