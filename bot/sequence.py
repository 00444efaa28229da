"""What people choose next: item-to-item weights from the order of each person's history.

Sequential rules (Ludewig & Jannach, "Evaluation of session-based recommendation
algorithms", 2018): for every person's interactions in time order, each item j that
comes within `window` steps after an item i adds 1 / steps to the weight i -> j. A
person's score for j is the sum of the weights from their latest interactions, the
latest counting most. Taste drifts, and what someone picked last says most about what
they pick next: on MovieLens's temporal split this part lifts the blend well past
EASE alone (benchmarks/bench_recommender.py).

Every interaction counts, liked or not (a film rated 2 stars was still watched next),
and only the `keep` largest weights from each item are kept, as a sparse matrix (8
bytes a weight: 16 MB at 10,000 items x 200), so it scales like item-item.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from bot.ease import ItemWeights, prune_rows

RECENT = 10  # the latest interactions a person's next-item score is read from


class NextItemModel(ItemWeights):
    """Row i holds the weights from an item i to the items people chose after it."""

    @classmethod
    def fit(cls, users: np.ndarray, columns: np.ndarray, times: np.ndarray, n_items: int,
            *, window: int = 10, keep: int = 200) -> NextItemModel:
        """Weights from interactions given as parallel arrays (user, item column, time)."""
        order = np.lexsort((np.arange(len(users)), times, users))
        users, columns = np.asarray(users)[order], np.asarray(columns)[order]
        rows, cols, values = [], [], []
        for step in range(1, window + 1):
            # pairs `step` apart in the same person's sequence
            same = users[step:] == users[:-step]
            rows.append(columns[:-step][same])
            cols.append(columns[step:][same])
            values.append(np.full(int(same.sum()), 1.0 / step, dtype=np.float32))
        weights = sp.csr_matrix(
            (np.concatenate(values) if values else np.zeros(0, np.float32),
             (np.concatenate(rows) if rows else [], np.concatenate(cols) if cols else [])),
            shape=(n_items, n_items), dtype=np.float32)
        weights.sum_duplicates()
        weights.setdiag(0.0)  # an item re-chosen right after itself says nothing new
        weights.eliminate_zeros()
        return cls(prune_rows(weights, keep))


def recent_strengths(count: int) -> np.ndarray:
    """How much each of `count` recent items (oldest first) counts: 1 for the latest,
    1/2 for the one before, and so on."""
    return (1.0 / np.arange(count, 0, -1, dtype=np.float32)).astype(np.float32)
