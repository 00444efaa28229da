"""EASE: item-to-item weights learned in closed form (Steck, "Embarrassingly Shallow
Autoencoders for Sparse Data", WWW 2019).

A person's score for item i is the sum of the weights B[j, i] from the items j they
liked, so a newcomer is folded in by construction (score = x . B for their like
vector x) and every score says which liked item it comes from. B minimises
||X - XB||² + l2 ||B||² with a zero diagonal, whose solution is

    P = (X'X + l2 I)^-1,    B = -P / diag(P)  (column-wise),  diag(B) = 0.

Cost, for n items in the solve: the Gram matrix and its inverse are two dense n x n
float64 arrays (16 n² bytes) and the inverse takes O(n³) time: 0.8 s and 0.3 GB at
2,400 items, 27 s and 3.3 GB at 10,000 on two cores (benchmarks/bench_ease.py). So
the solve covers the `max_items` items most people interacted with (items
fewer than `min_support` people touched are left out: their weights are noise), and
only the `keep` largest weights (by size, either sign) from each item are kept, as a
sparse matrix: 8 bytes a weight, 16 MB at 10,000 items x 200. Items outside the solve
have no EASE score; the ranker's item-kNN and ALS parts, which are sparse or
factorised and scale to any catalog, still cover them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

CHUNK = 1024  # rows of the dense weights pruned at a time (bounds the temporary memory)


class ItemWeights:
    """Item-to-item weights: row j holds the weights from item j to every item. A person's
    score for an item is the sum of the weights from their items, each times a strength."""

    def __init__(self, weights: sp.csr_matrix):
        self.weights = weights.tocsr()  # items x items, in the collaborative model's columns

    @property
    def nbytes(self) -> int:
        w = self.weights
        return int(w.data.nbytes + w.indices.nbytes + w.indptr.nbytes)

    def scores(self, rows: Sequence[int], strengths: np.ndarray | None = None) -> np.ndarray:
        """x . B over every item, for rows `rows` (weighted by `strengths`, default 1)."""
        x = np.ones(len(rows), dtype=np.float32) if strengths is None else strengths
        if not len(rows):
            return np.zeros(self.weights.shape[1], dtype=np.float32)
        return np.asarray(self.weights[list(rows)].T @ x, dtype=np.float32).ravel()

    def contributions(self, rows: Sequence[int], columns: Sequence[int],
                      strengths: np.ndarray | None = None) -> np.ndarray:
        """Dense (rows x columns): what each of the person's items adds to each score."""
        block = self.weights[list(rows)][:, list(columns)].toarray()
        if strengths is not None:
            block *= strengths[:, None]
        return block


class EaseModel(ItemWeights):
    """EASE's weights: row j holds the weights from a liked item j to every item."""

    @classmethod
    def fit(cls, matrix: sp.csr_matrix, l2: float, *, min_support: int = 3,
            max_items: int = 10_000, keep: int = 200) -> EaseModel:
        """Weights from a users x items matrix of interactions (any value > 0 counts as 1).
        `keep` 0 keeps every weight (dense as a sparse matrix: for evaluation only)."""
        binary = (matrix > 0).astype(np.float64).tocsc()
        n_items = binary.shape[1]
        support = np.asarray(binary.sum(axis=0)).ravel()
        columns = np.flatnonzero(support >= max(min_support, 1))
        if len(columns) > max_items:  # the most interacted items, in column order
            columns = np.sort(columns[np.argsort(-support[columns], kind="stable")[:max_items]])
        if not len(columns):
            return cls(sp.csr_matrix((n_items, n_items), dtype=np.float32))
        sub = binary[:, columns]
        gram = (sub.T @ sub).toarray()
        gram[np.diag_indices_from(gram)] += l2
        inverse = np.linalg.inv(gram)
        del gram
        inverse /= -np.diag(inverse)  # column i divided by -P[i, i]: B, in place
        np.fill_diagonal(inverse, 0.0)
        block = _pruned(inverse, keep)
        del inverse
        # Back to the model's columns: the solved items keep their positions.
        block = block.tocoo()
        weights = sp.csr_matrix((block.data, (columns[block.row], columns[block.col])),
                                shape=(n_items, n_items), dtype=np.float32)
        return cls(weights)

    @property
    def items(self) -> int:
        """How many items have EASE weights."""
        return int(np.count_nonzero(np.diff(self.weights.indptr)))


def _pruned(dense: np.ndarray, keep: int) -> sp.csr_matrix:
    """The `keep` largest weights by size in each row, as a sparse float32 matrix."""
    n = dense.shape[1]
    if keep <= 0 or keep >= n:
        return sp.csr_matrix(dense.astype(np.float32))
    parts = []
    for start in range(0, dense.shape[0], CHUNK):
        rows = dense[start:start + CHUNK]
        top = np.argpartition(-np.abs(rows), keep - 1, axis=1)[:, :keep]
        values = np.take_along_axis(rows, top, axis=1).astype(np.float32)
        indptr = np.arange(0, len(rows) * keep + 1, keep)
        chunk = sp.csr_matrix((values.ravel(), top.ravel(), indptr), shape=(len(rows), n))
        chunk.sort_indices()
        parts.append(chunk)
    pruned = sp.vstack(parts, format="csr")
    pruned.eliminate_zeros()
    return pruned


def prune_rows(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """A sparse matrix with only the `keep` largest weights by size in each row (0 keeps
    all), as float32."""
    matrix = matrix.tocsr().astype(np.float32)
    counts = np.diff(matrix.indptr)
    if keep <= 0 or counts.max(initial=0) <= keep:
        return matrix
    chosen = np.ones(matrix.nnz, dtype=bool)
    for row in np.flatnonzero(counts > keep):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        smallest = np.argpartition(-np.abs(matrix.data[start:end]), keep - 1)[keep:]
        chosen[start + smallest] = False
    rows = np.repeat(np.arange(matrix.shape[0]), counts)[chosen]
    return sp.csr_matrix((matrix.data[chosen], (rows, matrix.indices[chosen])),
                         shape=matrix.shape, dtype=np.float32)
