"""The collaborative model: crowd signals learned from an interaction log.

Five models are trained together:

- two matrix-factorisation models from the `implicit` library, ALS and BPR, that
  score every item for a user and fold a new person in from a few liked items
  without retraining (ALS is sharper for people with a long history; BPR, which
  learns an item bias, holds up better for a newcomer);
- an item-item cosine model from `implicit` ("people who liked this also liked...");
- EASE (`bot/ease.py`), item-to-item weights solved in closed form, on likes only by
  default: the strongest single model on MovieLens (docs/evaluation.md);
- what comes next (`bot/sequence.py`): weights from each item to the items people chose
  soon after it, read from a person's latest interactions.

The item-to-item models also say which liked (or recent) item a recommendation comes
from.

Items are the catalog's ids at training time, so an item nobody has touched yet is
still known (it has a zero column) and stays recommendable through content. The
whole model is one `.npz` file next to the index, written atomically: a failed or
interrupted save leaves the previous model in place.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from bot.ease import EaseModel, ItemWeights
from bot.errors import ModelNotTrainedError, RecbotError, UnknownItemError
from bot.interactions import InteractionLog
from bot.sequence import RECENT, NextItemModel, recent_strengths

Kind = Literal["als", "bpr"]
KINDS: tuple[Kind, ...] = ("als", "bpr")
Signal = Literal["all", "positive"]
FORMAT_VERSION = 5


@dataclass(frozen=True)
class TrainConfig:
    """How the collaborative model is trained. Defaults were chosen on a validation split."""

    factors: int = 32
    als_iterations: int = 15
    bpr_iterations: int = 100
    regularization: float = 0.05
    alpha: float = 1.0  # ALS: confidence = 1 + alpha * weight
    learning_rate: float = 0.01  # BPR
    neighbours: int = 20  # item-item: similar items kept per item
    signal: Signal = "all"  # train on every interaction, or on likes only
    positive_threshold: float | None = None  # None: 4 of 5 stars (see InteractionLog)
    ease_l2: float = 200.0  # EASE regularisation; 0 leaves EASE out
    ease_signal: Signal = "positive"  # EASE learns from likes only (better on MovieLens)
    ease_max_items: int = 10_000  # the most interacted items EASE solves for (memory: 16 n² B)
    ease_keep: int = 200  # EASE weights kept from each item (a sparse matrix)
    ease_min_support: int = 3  # items fewer people interacted with get no EASE weights
    next_window: int = 10  # what-comes-next: steps after an item that count; 0 leaves it out
    next_keep: int = 200  # what-comes-next weights kept from each item (a sparse matrix)
    seed: int = 0
    threads: int = 0  # 0: all cores; 1 makes BPR (lock-free parallel SGD) reproducible

    def __post_init__(self) -> None:
        for signal in (self.signal, self.ease_signal):
            if signal not in ("all", "positive"):
                raise RecbotError(f"unknown signal {signal!r}; use all or positive")
        if min(self.factors, self.neighbours, self.als_iterations, self.bpr_iterations,
               self.ease_max_items) < 1:
            raise RecbotError("factors, neighbours, iterations and EASE items must be positive")
        if self.ease_l2 < 0 or min(self.ease_keep, self.next_window, self.next_keep) < 0:
            raise RecbotError("the EASE regularisation, the what-comes-next window and the "
                              "weights kept cannot be negative")


class CollabModel:
    """Item scores from the crowd, for known users and for people folded in from likes."""

    def __init__(self, item_ids: Sequence[str], user_ids: Sequence[str], matrix: sp.csr_matrix,
                 factors: Mapping[str, tuple[np.ndarray, np.ndarray]],
                 similarity: sp.csr_matrix, like_counts: np.ndarray, config: TrainConfig,
                 info: dict[str, Any], *, likes: sp.csr_matrix | None = None,
                 ease: EaseModel | None = None, order: sp.csr_matrix | None = None,
                 next_items: NextItemModel | None = None):
        self.item_ids = list(item_ids)
        self.user_ids = list(user_ids)
        self.item_index = {item: n for n, item in enumerate(self.item_ids)}
        self.user_index = {user: n for n, user in enumerate(self.user_ids)}
        self.matrix = matrix  # users x items training weights
        self.likes = matrix if likes is None else likes  # users x items: what each user liked
        self.factors = dict(factors)  # kind -> (user factors, item factors)
        self.similarity = similarity  # items x items, the strongest `neighbours` per row
        self.ease = ease  # None when trained with ease_l2 = 0
        # users x items: each interaction's place in time (1 is the oldest in the log)
        self.order = matrix if order is None else order
        self.next_items = next_items  # None when trained with next_window = 0
        self.config = config
        self.info = info  # source, trained_at, counts
        self.interaction_counts = np.asarray((matrix > 0).sum(axis=0)).ravel()
        self.like_counts = like_counts  # people who liked each item (rated it 4 of 5 or more)
        self.popularity = _log_scaled(self.interaction_counts)
        self.acclaim = _log_scaled(like_counts)

    # -- training ----------------------------------------------------------------

    @classmethod
    def train(cls, log: InteractionLog, item_ids: Sequence[str],
              config: TrainConfig | None = None, *, progress: bool = False) -> CollabModel:
        """Fit every model on `log`; `item_ids` are every catalog item (the columns)."""
        config = config or TrainConfig()
        started = time.perf_counter()
        item_ids = list(dict.fromkeys(item_ids))
        item_index = {item: n for n, item in enumerate(item_ids)}
        keep = np.fromiter((i in item_index for i in log.items), bool, len(log))
        if config.signal == "positive":
            keep &= log.positives(config.positive_threshold)
        if not keep.any():
            raise RecbotError("no interactions left to train on (none name a catalog item)")
        user_ids = list(dict.fromkeys(u for u, k in zip(log.users, keep, strict=True) if k))
        user_index = {user: n for n, user in enumerate(user_ids)}
        rows = [user_index[u] for u, k in zip(log.users, keep, strict=True) if k]
        cols = [item_index[i] for i, k in zip(log.items, keep, strict=True) if k]
        matrix = _interaction_matrix(log, keep, rows, cols, len(user_ids), len(item_ids))
        liked = log.positives(config.positive_threshold)[keep]
        like_counts = _distinct_users(np.asarray(rows)[liked], np.asarray(cols)[liked],
                                      matrix.shape)
        likes = _time_order_matrix(np.asarray(rows)[liked], np.asarray(cols)[liked],
                             log.timestamps[keep][liked], matrix.shape)
        # implicit wants BLAS single-threaded while it trains (it runs its own threads).
        with threadpool_limits(1, "blas"), warnings.catch_warnings():
            # implicit warns about its own internal sparse conversions
            warnings.filterwarnings("ignore", module="implicit")
            models = {kind: _factor_model(kind, config) for kind in KINDS}
            neighbours = _neighbour_model(config)
            for model in models.values():
                model.fit(matrix, show_progress=progress)
            neighbours.fit(matrix, show_progress=progress)
        factors: dict[str, tuple[np.ndarray, np.ndarray]] = {
            kind: (np.asarray(m.user_factors), np.asarray(m.item_factors))
                   for kind, m in models.items()}
        ease_started = time.perf_counter()
        ease = _ease_model(log, item_index, config)
        order = _time_order_matrix(np.asarray(rows), np.asarray(cols), log.timestamps[keep],
                             matrix.shape)
        next_items = NextItemModel.fit(
            np.asarray(rows), np.asarray(cols), np.nan_to_num(log.timestamps[keep], nan=0.0),
            len(item_ids), window=config.next_window, keep=config.next_keep
        ) if config.next_window else None
        info = {"source": log.source, "trained_at": time.time(), "users": len(user_ids),
                "items": len(item_ids), "interactions": int(matrix.nnz),
                "seconds": round(time.perf_counter() - started, 2), "explicit": log.explicit,
                "ease_items": ease.items if ease else 0,
                "ease_seconds": round(time.perf_counter() - ease_started, 2)}
        return cls(item_ids, user_ids, matrix, factors, neighbours.similarity.tocsr(),
                   like_counts, config, info, likes=likes, ease=ease, order=order,
                   next_items=next_items)

    # -- scoring -----------------------------------------------------------------

    def knows_user(self, user_id: str) -> bool:
        return user_id in self.user_index

    def history(self, user_id: str) -> list[str]:
        """Items a known user interacted with in the training log."""
        row = self.matrix[self.user_index[user_id]]
        return [self.item_ids[i] for i in row.indices]

    def liked_by(self, user_id: str) -> list[str]:
        """Items a known user liked in the training log, oldest first."""
        return self._in_time_order(self.likes, user_id)

    def recent(self, user_id: str, count: int = RECENT) -> list[str]:
        """The latest `count` items a known user interacted with in the log, oldest first."""
        return self._in_time_order(self.order, user_id)[-count:]

    def _in_time_order(self, times: sp.csr_matrix, user_id: str) -> list[str]:
        """A user's items of a users x items matrix of places in time, oldest first."""
        row = times[self.user_index[user_id]]
        return [self.item_ids[i] for i in row.indices[np.argsort(row.data, kind="stable")]]

    def user_vector(self, kind: Kind = "als", *, user_id: str | None = None,
                    liked: Sequence[str] = ()) -> np.ndarray | None:
        """A known user's factors, or a new person folded in from liked items (no retraining)."""
        columns = [self.item_index[i] for i in dict.fromkeys(liked) if i in self.item_index]
        if user_id is not None and user_id in self.user_index:
            row = self.user_index[user_id]
            history = set(self.matrix[row].indices.tolist())
            if history.issuperset(columns):  # nothing new since training
                return self.factors[kind][0][row]
            columns = sorted(history.union(columns))
        columns = [c for c in columns if self.interaction_counts[c] > 0]
        if not columns:
            return None
        if kind == "als":
            return self._fold_in_als(columns)
        vector = self.factors[kind][1][columns].mean(axis=0)
        vector[-1] = 1.0  # BPR's last column is the item bias; users carry a constant 1
        return vector

    def _fold_in_als(self, columns: list[int]) -> np.ndarray:
        # The ALS user step for one user: (Y'CY + reg I)^-1 Y'C p, with p = 1 on liked items.
        factors = self.factors["als"][1]
        liked = factors[columns]
        confidence = 1.0 + self.config.alpha * np.ones(len(columns), dtype=np.float32)
        gram = factors.T @ factors + (liked.T * (confidence - 1.0)) @ liked
        gram += self.config.regularization * np.eye(factors.shape[1], dtype=factors.dtype)
        return np.linalg.solve(gram, liked.T @ confidence).astype(np.float32)

    def personal_scores(self, kind: Kind, vector: np.ndarray | None, item_ids: Sequence[str]
                        ) -> np.ndarray:
        """Scores of one factor model for these items (NaN for items the model lacks)."""
        scores = np.full(len(item_ids), np.nan, dtype=np.float32)
        if vector is None:
            return scores
        known = [(n, self.item_index[i]) for n, i in enumerate(item_ids) if i in self.item_index]
        if known:
            at, columns = map(list, zip(*known, strict=True))
            scores[at] = self.factors[kind][1][columns] @ vector
        return scores

    def neighbour_scores(self, liked: Sequence[str], item_ids: Sequence[str],
                         strengths: Sequence[float] | np.ndarray | None = None
                         ) -> tuple[np.ndarray, list[str | None]]:
        """Item-item scores (summed similarity to the liked items, each times its strength,
        default 1) and, per item, the liked item that contributes most ("because you liked
        X"), or None."""
        return self._attributed(liked, item_ids, strengths, lambda rows, columns, x: (
            self.similarity[rows][:, columns].toarray() * x[:, None]))

    def ease_scores(self, liked: Sequence[str], item_ids: Sequence[str],
                    strengths: Sequence[float] | np.ndarray | None = None
                    ) -> tuple[np.ndarray, list[str | None]]:
        """EASE scores (the summed weights from the liked items, each times its strength,
        default 1) and, per item, the liked item whose weight adds most, or None when no
        weight is positive. NaN for every item when the model has no EASE part."""
        if self.ease is None:
            return np.full(len(item_ids), np.nan, dtype=np.float32), [None] * len(item_ids)
        return self._attributed(liked, item_ids, strengths, self.ease.contributions)

    def next_scores(self, recent: Sequence[str], item_ids: Sequence[str]
                    ) -> tuple[np.ndarray, list[str | None]]:
        """What-comes-next scores from the latest items (oldest first; the latest counts
        most) and, per item, the recent item adding most, or None. NaN for every item when
        the model has no what-comes-next part."""
        if self.next_items is None:
            return np.full(len(item_ids), np.nan, dtype=np.float32), [None] * len(item_ids)
        recent = list(dict.fromkeys(recent))
        return self._attributed(recent, item_ids, recent_strengths(len(recent)),
                                self.next_items.contributions)

    def _attributed(self, liked: Sequence[str], item_ids: Sequence[str],
                    strengths: Sequence[float] | np.ndarray | None, block_of: Any
                    ) -> tuple[np.ndarray, list[str | None]]:
        """Sum a (liked x items) block of contributions per item, and name the liked item
        with the largest positive contribution to each."""
        scores = np.zeros(len(item_ids), dtype=np.float32)
        because: list[str | None] = [None] * len(item_ids)
        strength_of = dict(zip(liked, strengths, strict=True)) if strengths is not None else {}
        rows = [self.item_index[i] for i in dict.fromkeys(liked) if i in self.item_index]
        columns = [self.item_index.get(i, -1) for i in item_ids]
        present = [n for n, c in enumerate(columns) if c >= 0]
        if not rows or not present:
            return scores, because
        x = np.array([strength_of.get(self.item_ids[r], 1.0) for r in rows], dtype=np.float32)
        block = block_of(rows, [columns[n] for n in present], x)
        scores[present] = block.sum(axis=0)
        best = block.argmax(axis=0)
        for position, n in enumerate(present):
            if block[best[position], position] > 0:
                because[n] = self.item_ids[rows[best[position]]]
        return scores, because

    def recommend(self, kind: Kind, vector: np.ndarray | None, k: int,
                  exclude: Sequence[str] = ()) -> list[tuple[str, float]]:
        """One factor model's top `k` items, leaving out `exclude`."""
        if vector is None:
            return []
        scores = self.factors[kind][1] @ vector
        return self._top(scores, k, exclude)

    def also_liked(self, liked: Sequence[str], k: int, exclude: Sequence[str] = ()
                   ) -> list[tuple[str, float]]:
        """Item-item top `k`: what people who liked these items also liked."""
        rows = [self.item_index[i] for i in dict.fromkeys(liked) if i in self.item_index]
        if not rows:
            return []
        scores = np.asarray(self.similarity[rows].sum(axis=0)).ravel()
        return [(i, s) for i, s in self._top(scores, k, [*exclude, *liked]) if s > 0]

    def ease_recommend(self, liked: Sequence[str], k: int, exclude: Sequence[str] = (),
                       strengths: Sequence[float] | np.ndarray | None = None
                       ) -> list[tuple[str, float]]:
        """EASE top `k` for a person who liked these items (known or new: x . B)."""
        return self._weighted_top(self.ease, liked, strengths, k, exclude)

    def next_recommend(self, recent: Sequence[str], k: int, exclude: Sequence[str] = ()
                       ) -> list[tuple[str, float]]:
        """The top `k` items people chose after these (oldest first)."""
        recent = list(dict.fromkeys(recent))
        return self._weighted_top(self.next_items, recent, recent_strengths(len(recent)), k,
                                  exclude)

    def _weighted_top(self, weights: ItemWeights | None, items: Sequence[str],
                      strengths: Sequence[float] | np.ndarray | None, k: int,
                      exclude: Sequence[str]) -> list[tuple[str, float]]:
        """The top `k` of the summed item-to-item weights from `items` (each times its
        strength, default 1), leaving out `exclude` and the items themselves."""
        strength_of = dict(zip(items, strengths, strict=True)) if strengths is not None else {}
        rows = [self.item_index[i] for i in dict.fromkeys(items) if i in self.item_index]
        if weights is None or not rows:
            return []
        x = np.array([strength_of.get(self.item_ids[r], 1.0) for r in rows], dtype=np.float32)
        scores = weights.scores(rows, x)
        return [(i, s) for i, s in self._top(scores, k, [*exclude, *items]) if s > 0]

    def similar(self, item_id: str, k: int) -> list[tuple[str, float]]:
        if item_id not in self.item_index:
            raise UnknownItemError(f"item {item_id!r} is not in the collaborative model")
        return self.also_liked([item_id], k)

    def most_popular(self, k: int, exclude: Sequence[str] = ()) -> list[tuple[str, float]]:
        return [(i, s) for i, s in self._top(self.popularity, k, exclude) if s > 0]

    def popularity_of(self, item_ids: Sequence[str]) -> np.ndarray:
        """How many people interacted with each item, log-scaled to 0..1."""
        return self._lookup(self.popularity, item_ids)

    def acclaim_of(self, item_ids: Sequence[str]) -> np.ndarray:
        """How many people liked each item, log-scaled to 0..1."""
        return self._lookup(self.acclaim, item_ids)

    def _lookup(self, values: np.ndarray, item_ids: Sequence[str]) -> np.ndarray:
        return np.array([values[self.item_index[i]] if i in self.item_index else 0.0
                         for i in item_ids], dtype=np.float32)

    def _top(self, scores: np.ndarray, k: int, exclude: Sequence[str]
             ) -> list[tuple[str, float]]:
        scores = np.asarray(scores, dtype=np.float32).copy()
        banned = [self.item_index[i] for i in exclude if i in self.item_index]
        scores[banned] = -np.inf
        k = min(k, len(scores))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.item_ids[i], float(scores[i])) for i in top if np.isfinite(scores[i])]

    # -- storage -----------------------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the model to one file, atomically (the old file stays until the new is whole)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {"format": FORMAT_VERSION, "config": asdict(self.config), "info": self.info}
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                arrays: dict[str, Any] = {
                    "meta": np.array(json.dumps(meta)),
                    "item_ids": np.array(self.item_ids, dtype=str),
                    "user_ids": np.array(self.user_ids, dtype=str),
                    "like_counts": self.like_counts,
                    **_sparse_parts("matrix", self.matrix),
                    **_sparse_parts("likes", self.likes),
                    **_sparse_parts("similarity", self.similarity),
                    **_sparse_parts("order", self.order)}
                if self.ease is not None:
                    arrays.update(_sparse_parts("ease", self.ease.weights))
                if self.next_items is not None:
                    arrays.update(_sparse_parts("next", self.next_items.weights))
                for kind, (users, items) in self.factors.items():
                    arrays[f"{kind}_users"], arrays[f"{kind}_items"] = users, items
                np.savez(out, **arrays)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return path

    @classmethod
    def load(cls, path: str | Path) -> CollabModel:
        path = Path(path)
        if not path.is_file():
            raise ModelNotTrainedError(
                f"no collaborative model at {path}; run `recbot train --interactions FILE` first")
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                if meta.get("format") != FORMAT_VERSION:
                    raise RecbotError(f"{path} was written by another recbot version; "
                                      "run `recbot train` again")
                ease = EaseModel(_sparse_from(data, "ease")) if "ease_data" in data else None
                next_items = NextItemModel(_sparse_from(data, "next")) \
                    if "next_data" in data else None
                return cls(data["item_ids"].tolist(), data["user_ids"].tolist(),
                           _sparse_from(data, "matrix"),
                           {k: (data[f"{k}_users"], data[f"{k}_items"]) for k in KINDS},
                           _sparse_from(data, "similarity"), data["like_counts"],
                           TrainConfig(**meta["config"]), meta["info"],
                           likes=_sparse_from(data, "likes"), ease=ease,
                           order=_sparse_from(data, "order"), next_items=next_items)
        except (OSError, ValueError, KeyError) as exc:
            raise RecbotError(f"cannot read the collaborative model {path}: {exc}; "
                              "run `recbot train` again") from exc


def saved_format(path: str | Path) -> int | None:
    """The format version of a saved model, or None when the file cannot be read as one."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return int(json.loads(str(data["meta"]))["format"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _interaction_matrix(log: InteractionLog, keep: np.ndarray, rows: list[int],
                        cols: list[int], n_users: int, n_items: int) -> sp.csr_matrix:
    """Users x items. Explicit ratings: every rated pair counts once as a signal of interest
    (what a rating says about taste is in the likes); implicit weights add up."""
    if log.explicit:
        pairs = np.unique(np.asarray(rows, dtype=np.int64) * n_items + np.asarray(cols))
        users, items = np.divmod(pairs, n_items)
        data = np.ones(len(pairs), dtype=np.float32)
        return sp.csr_matrix((data, (users, items)), shape=(n_users, n_items), dtype=np.float32)
    matrix = sp.csr_matrix((log.values[keep], (rows, cols)), shape=(n_users, n_items),
                           dtype=np.float32)
    matrix.sum_duplicates()
    matrix.eliminate_zeros()
    return matrix


def _time_order_matrix(rows: np.ndarray, cols: np.ndarray, timestamps: np.ndarray,
                 shape: tuple[int, int]) -> sp.csr_matrix:
    """Users x items, non-zero where a user interacted (or liked, given the likes): the
    place in time (1 is the oldest in the log; ties in file order), so a user's items read
    back oldest first. A repeated item counts at its latest time."""
    times = np.nan_to_num(timestamps, nan=0.0)
    when = np.empty(len(times), dtype=np.float32)
    when[np.lexsort((np.arange(len(times)), times))] = np.arange(1, len(times) + 1)
    pairs, inverse = np.unique(rows.astype(np.int64) * shape[1] + cols, return_inverse=True)
    latest = np.zeros(len(pairs), dtype=np.float32)
    np.maximum.at(latest, inverse, when)
    users, items = np.divmod(pairs, shape[1])
    return sp.csr_matrix((latest, (users, items)), shape=shape)


def _log_scaled(counts: np.ndarray) -> np.ndarray:
    return (np.log1p(counts) / max(float(np.log1p(counts.max(initial=0))), 1e-9)).astype(
        np.float32)


def _distinct_users(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    marks = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)
    return np.asarray((marks > 0).sum(axis=0)).ravel().astype(np.int64)


def _factor_model(kind: Kind, config: TrainConfig) -> Any:
    if kind == "als":
        from implicit.cpu.als import AlternatingLeastSquares

        return AlternatingLeastSquares(
            factors=config.factors, regularization=config.regularization, alpha=config.alpha,
            iterations=config.als_iterations, random_state=config.seed,
            num_threads=config.threads)
    from implicit.cpu.bpr import BayesianPersonalizedRanking

    return BayesianPersonalizedRanking(
        factors=config.factors, learning_rate=config.learning_rate,
        regularization=config.regularization, iterations=config.bpr_iterations,
        random_state=config.seed, num_threads=config.threads)


def _neighbour_model(config: TrainConfig) -> Any:
    from implicit.nearest_neighbours import CosineRecommender

    return CosineRecommender(K=config.neighbours)


def _ease_model(log: InteractionLog, item_index: Mapping[str, int], config: TrainConfig
                ) -> EaseModel | None:
    """EASE on the catalog's columns, from every interaction or the likes only."""
    if config.ease_l2 <= 0:
        return None
    keep = np.fromiter((i in item_index for i in log.items), bool, len(log))
    if config.ease_signal == "positive":
        keep &= log.positives(config.positive_threshold)
    users = {u: n for n, u in enumerate(dict.fromkeys(
        u for u, k in zip(log.users, keep, strict=True) if k))}
    rows = [users[u] for u, k in zip(log.users, keep, strict=True) if k]
    cols = [item_index[i] for i, k in zip(log.items, keep, strict=True) if k]
    matrix = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                           shape=(len(users), len(item_index)))
    return EaseModel.fit(matrix, config.ease_l2, min_support=config.ease_min_support,
                         max_items=config.ease_max_items, keep=config.ease_keep)


def _sparse_parts(name: str, matrix: sp.csr_matrix) -> dict[str, np.ndarray]:
    return {f"{name}_data": matrix.data, f"{name}_indices": matrix.indices,
            f"{name}_indptr": matrix.indptr, f"{name}_shape": np.array(matrix.shape)}


def _sparse_from(data: Any, name: str) -> sp.csr_matrix:
    return sp.csr_matrix((data[f"{name}_data"], data[f"{name}_indices"], data[f"{name}_indptr"]),
                         shape=tuple(data[f"{name}_shape"]))
