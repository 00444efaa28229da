"""Peers: simple, strong recommenders the hybrid is measured against, in the same run.

- **EASE** (Steck 2019), every weight kept (`bot/ease.py` with no pruning); a newcomer
  is folded in by construction: score = x . B for their like vector x.
- **item-kNN**: cosine item-item similarity (`implicit`'s CosineRecommender), the
  similarities to the person's items summed.
- **LightFM** (WARP loss, item features from the catalog: identity, every value of its
  short-valued fields, the decade of its year), when the `lightfm` package is installed
  (`pip install recbot[lightfm]`, the maintained `rectools-lightfm` build: the original
  `lightfm` 1.17 no longer builds). A newcomer gets the mean representation of their
  likes (LightFM has no fold-in of its own).

Each peer is trained on likes only or on every interaction, and EASE's regularisation
and item-kNN's neighbours are chosen with it: every variant is scored on the validation
split and the best (mean NDCG@10 of all users and cold start) is the one run on test.
A known user is scored from their training row of that signal; a cold-start user from
the likes they were given.
"""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from bot.catalog import Item
from bot.collab import Signal, TrainConfig
from bot.ease import EaseModel
from bot.interactions import InteractionLog

SIGNALS: tuple[Signal, ...] = ("positive", "all")
EASE_L2 = (100.0, 200.0, 500.0, 1000.0)
KNN_NEIGHBOURS = (50, 200)
EASE_MIN_SUPPORT = 3  # items fewer people touched: no weights (same NDCG, 8x faster)


@dataclass(frozen=True)
class Variant:
    """One way to train a peer: its signal and its own options."""

    peer: str
    signal: Signal
    options: Mapping[str, Any] = field(default_factory=dict)

    def label(self) -> str:
        extra = ", ".join(f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}"
                          for k, v in self.options.items())
        return f"{self.signal}" + (f", {extra}" if extra else "")


class Fitted(Protocol):
    def recommend(self, user_id: str | None, given: Sequence[str], k: int,
                  exclude: Collection[str]) -> list[str]: ...


@dataclass
class TrainingData:
    """One signal of a training log as a users x items matrix (explicit ratings count
    once; implicit weights add up)."""

    matrix: sp.csr_matrix
    user_index: dict[str, int]
    item_ids: list[str]
    item_index: dict[str, int]

    @classmethod
    def of(cls, log: InteractionLog, item_ids: Sequence[str], signal: Signal,
           threshold: float) -> TrainingData:
        item_index = {item: n for n, item in enumerate(item_ids)}
        keep = np.fromiter((i in item_index for i in log.items), bool, len(log))
        if signal == "positive":
            keep &= log.values >= threshold
        users = list(dict.fromkeys(u for u, k in zip(log.users, keep, strict=True) if k))
        user_index = {u: n for n, u in enumerate(users)}
        rows = [user_index[u] for u, k in zip(log.users, keep, strict=True) if k]
        cols = [item_index[i] for i, k in zip(log.items, keep, strict=True) if k]
        values = np.ones(len(rows), np.float32) if log.explicit else log.values[keep]
        matrix = sp.csr_matrix((values, (rows, cols)), shape=(len(users), len(item_ids)),
                               dtype=np.float32)
        matrix.sum_duplicates()
        if log.explicit:
            matrix.data[:] = 1.0
        return cls(matrix, user_index, list(item_ids), item_index)

    def given(self, user_id: str | None, items: Sequence[str]) -> np.ndarray:
        """A person's item vector: a known user's training row, else the items given."""
        if user_id is not None and user_id in self.user_index:
            return self.matrix[self.user_index[user_id]].toarray().ravel()
        x = np.zeros(len(self.item_ids), dtype=np.float32)
        x[[self.item_index[i] for i in items if i in self.item_index]] = 1.0
        return x

    def top(self, scores: np.ndarray, k: int, exclude: Collection[str]) -> list[str]:
        scores = np.asarray(scores, dtype=np.float32).copy()
        scores[[self.item_index[i] for i in exclude if i in self.item_index]] = -np.inf
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [self.item_ids[i] for i in top if np.isfinite(scores[i])]


class _Ease:
    def __init__(self, data: TrainingData, l2: float):
        self.data = data
        self.model = EaseModel.fit(data.matrix, l2, min_support=EASE_MIN_SUPPORT,
                                   max_items=len(data.item_ids), keep=0)

    def recommend(self, user_id: str | None, given: Sequence[str], k: int,
                  exclude: Collection[str]) -> list[str]:
        rows = np.flatnonzero(self.data.given(user_id, given)).tolist()
        return self.data.top(self.model.scores(rows), k, exclude)


class _ItemKnn:
    def __init__(self, data: TrainingData, neighbours: int):
        from implicit.nearest_neighbours import CosineRecommender

        self.data = data
        model = CosineRecommender(K=neighbours)
        with threadpool_limits(1, "blas"), warnings.catch_warnings():
            warnings.filterwarnings("ignore", module="implicit")
            model.fit(data.matrix, show_progress=False)
        self.similarity = model.similarity.tocsr()

    def recommend(self, user_id: str | None, given: Sequence[str], k: int,
                  exclude: Collection[str]) -> list[str]:
        x = self.data.given(user_id, given)
        rows = np.flatnonzero(x)
        scores = np.asarray(self.similarity[rows].T @ x[rows]).ravel()
        return self.data.top(scores, k, exclude)


class _LightFM:
    """WARP matrix factorisation with item features (the catalog's own values)."""

    def __init__(self, data: TrainingData, features: sp.csr_matrix, seed: int,
                 components: int = 64, epochs: int = 30):
        from lightfm import LightFM

        self.data = data
        self.features = features
        model = LightFM(loss="warp", no_components=components, learning_rate=0.05,
                        random_state=seed)
        interactions = (data.matrix > 0).astype(np.float32).tocoo()
        model.fit(interactions, item_features=features, epochs=epochs, num_threads=1)
        self.biases, self.items = model.get_item_representations(features)
        self.users = model.get_user_representations()[1]

    def recommend(self, user_id: str | None, given: Sequence[str], k: int,
                  exclude: Collection[str]) -> list[str]:
        if user_id is not None and user_id in self.data.user_index:
            vector = self.users[self.data.user_index[user_id]]
        else:
            rows = np.flatnonzero(self.data.given(None, given))
            if not len(rows):
                return []
            vector = self.items[rows].mean(axis=0)
        return self.data.top(self.items @ vector + self.biases, k, exclude)


def lightfm_available() -> bool:
    return importlib.util.find_spec("lightfm") is not None


def peer_names() -> tuple[str, ...]:
    return ("ease", "item-knn", *(("lightfm",) if lightfm_available() else ()))


def default_variant(peer: str, config: TrainConfig) -> Variant:
    """The variant run when nothing is chosen on validation (`recbot eval` without --tune):
    EASE as the hybrid's own, the others on likes."""
    if peer == "ease":
        return Variant(peer, config.ease_signal, {"l2": config.ease_l2 or EASE_L2[1]})
    if peer == "item-knn":
        return Variant(peer, "positive", {"neighbours": KNN_NEIGHBOURS[-1]})
    return Variant(peer, "positive")


def variants(peer: str) -> list[Variant]:
    """Every variant of `peer` tried on validation."""
    if peer == "ease":
        return [Variant(peer, s, {"l2": v}) for s in SIGNALS for v in EASE_L2]
    if peer == "item-knn":
        return [Variant(peer, s, {"neighbours": v}) for s in SIGNALS for v in KNN_NEIGHBOURS]
    return [Variant(peer, s) for s in SIGNALS]


def fit(variant: Variant, data: TrainingData, features: sp.csr_matrix | None = None,
        seed: int = 0) -> Fitted:
    if variant.peer == "ease":
        return _Ease(data, float(variant.options["l2"]))
    if variant.peer == "item-knn":
        return _ItemKnn(data, int(variant.options["neighbours"]))
    if variant.peer == "lightfm":
        assert features is not None
        return _LightFM(data, features, seed)
    raise ValueError(f"unknown peer {variant.peer!r}")


def item_features(items: Sequence[Item], item_ids: Sequence[str], year_field: str | None,
                  fields: Collection[str]) -> sp.csr_matrix:
    """Items x features for LightFM: the item itself, each value of `fields` that two or
    more items share, and the decade of `year_field`."""
    by_id = {item.id: item for item in items}
    tokens: list[list[str]] = []
    for item_id in item_ids:
        item = by_id.get(item_id)
        own: list[str] = []
        if item is not None:
            for name in fields:
                value = item.attributes.get(name)
                values = value if isinstance(value, list) else [value]
                own += [f"{name}={v}" for v in values if isinstance(v, str) and v]
            year = item.attributes.get(year_field) if year_field else None
            if isinstance(year, int | float) and not isinstance(year, bool):
                own.append(f"decade={int(year) // 10 * 10}")
        tokens.append(own)
    counts: dict[str, int] = {}
    for own in tokens:
        for token in set(own):
            counts[token] = counts.get(token, 0) + 1
    shared = {t: n for n, t in enumerate(sorted(t for t, c in counts.items() if c >= 2))}
    rows, cols = list(range(len(item_ids))), list(range(len(item_ids)))  # identity first
    for row, own in enumerate(tokens):
        for token in dict.fromkeys(own):
            if token in shared:
                rows.append(row)
                cols.append(len(item_ids) + shared[token])
    matrix = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)),
                           shape=(len(item_ids), len(item_ids) + len(shared)))
    # Each item's features sum to 1 (LightFM's advice when features are combined).
    sums = np.asarray(matrix.sum(axis=1)).ravel()
    return sp.diags(1.0 / sums).dot(matrix).tocsr().astype(np.float32)
