"""Offline evaluation: the hybrid against its parts and baselines, on one split, in one run.

Protocol (also stated in the README):

- Interactions are the log's rows whose item is in the catalog. A like is a rating
  of at least 4 of 5 (see `InteractionLog.positive_threshold`).
- Per-user temporal split: each user's interactions are ordered by time (ties by
  file order); the latest 20% (at least one) are held out as the test set, the rest
  is training. Relevant items are the user's held-out likes; users without one are
  not scored. Items in a user's training history are never recommended to them.
- Validation: the same split applied again inside the training set. Blend weights
  are tuned there only (`--tune`), never on the test set.
- Cold start: users with at least 3 likes in training and a held-out like are
  split into 5 folds. For each fold, every model is trained without those users,
  who are then given only their first 3 likes (by time) and scored on the same
  held-out likes; only those 3 items are excluded from their lists.
- Metrics at 10: NDCG (binary gains), recall (hits / relevant items), precision
  (hits / 10), MAP (average precision over min(relevant, 10)), and catalog
  coverage (distinct items recommended to anyone / catalog size).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from tqdm import tqdm

from bot.collab import CollabModel, Kind, TrainConfig
from bot.interactions import InteractionLog
from bot.ranker import BlendWeights, Candidates, HybridRanker, RecommendRequest, rank_ids
from indexes.items import ItemIndex

K = 10
HOLDOUT = 0.2
COLD_LIKES = 3
COLD_FOLDS = 5
MODELS = ("most-popular", "content", "als", "bpr", "item-item", "hybrid")
METRICS = ("ndcg@10", "recall@10", "precision@10", "map@10", "coverage")
# The grid searched on validation (diversity is tuned after the others).
GRID = {"taste": (0.0, 0.1, 0.3), "als": (0.5, 1.0), "bpr": (0.5, 1.0),
        "also_liked": (0.5, 1.0), "popularity": (0.0, 0.5, 1.0), "acclaim": (0.0, 0.5, 1.0),
        "shrinkage": (30.0, 100.0), "dislike": (0.0, 0.5)}
DIVERSITY_GRID = (0.0, 0.05, 0.1, 0.2, 0.3)
DIVERSITY_COST = 0.02  # share of validation NDCG that diversity may cost

Recommender = Callable[[str], list[str]]


# -- metrics ---------------------------------------------------------------------


def user_metrics(recommended: Sequence[str], relevant: set[str], k: int = K) -> dict[str, float]:
    top = list(recommended)[:k]
    hits = [item in relevant for item in top]
    dcg = sum(1.0 / np.log2(n + 2) for n, hit in enumerate(hits) if hit)
    ideal = sum(1.0 / np.log2(n + 2) for n in range(min(len(relevant), k)))
    precisions = [sum(hits[: n + 1]) / (n + 1) for n, hit in enumerate(hits) if hit]
    return {"ndcg@10": dcg / ideal if ideal else 0.0,
            "recall@10": sum(hits) / len(relevant) if relevant else 0.0,
            "precision@10": sum(hits) / k,
            "map@10": sum(precisions) / min(len(relevant), k) if relevant else 0.0}


def summarise(lists: dict[str, list[str]], truth: dict[str, set[str]], catalog_size: int
              ) -> dict[str, float]:
    """Mean metrics over users, plus coverage of the catalog."""
    per_user = [user_metrics(lists.get(u, []), truth[u]) for u in truth]
    result = {m: float(np.mean([p[m] for p in per_user])) if per_user else 0.0
              for m in METRICS[:-1]}
    shown = {item for u in truth for item in lists.get(u, [])[:K]}
    result["coverage"] = len(shown) / catalog_size if catalog_size else 0.0
    result["users"] = len(per_user)
    return result


# -- splits ----------------------------------------------------------------------


def temporal_holdout(log: InteractionLog, share: float = HOLDOUT) -> np.ndarray:
    """A mask of each user's latest `share` of interactions (at least one per user)."""
    users = np.asarray(log.users)
    times = np.nan_to_num(log.timestamps, nan=0.0)
    order = np.lexsort((np.arange(len(log)), times, users))
    held = np.zeros(len(log), dtype=bool)
    sorted_users = users[order]
    starts = np.flatnonzero(np.r_[True, sorted_users[1:] != sorted_users[:-1]])
    ends = np.r_[starts[1:], len(order)]
    for start, end in zip(starts, ends, strict=True):
        count = end - start
        keep = count - max(1, int(round(count * share)))
        if keep >= 1:  # a user with one interaction stays in training only
            held[order[start + keep:end]] = True
    return held


@dataclass
class Split:
    """Training interactions and, per user, the held-out likes."""

    train: InteractionLog
    truth: dict[str, set[str]]
    threshold: float

    @classmethod
    def of(cls, log: InteractionLog, threshold: float) -> Split:
        held = temporal_holdout(log)
        truth: dict[str, set[str]] = {}
        for n in np.flatnonzero(held & (log.values >= threshold)):
            truth.setdefault(log.users[n], set()).add(log.items[n])
        return cls(log.subset(~held), truth, threshold)

    def histories(self) -> dict[str, _History]:
        """Per user: training items (oldest first), likes and dislikes."""
        log = self.train
        order = np.lexsort((np.arange(len(log)), np.nan_to_num(log.timestamps, nan=0.0)))
        dislike_below = self.threshold * 0.5 + 0.25  # 2.25 of 5: two stars or fewer
        out: dict[str, _History] = {}
        for n in order:
            history = out.setdefault(log.users[n], _History())
            item, value = log.items[n], float(log.values[n])
            history.items.append(item)
            if value >= self.threshold:
                history.liked.append(item)
            elif log.explicit and value <= dislike_below:
                history.disliked.append(item)
        return out


@dataclass
class _History:
    items: list[str] = field(default_factory=list)
    liked: list[str] = field(default_factory=list)
    disliked: list[str] = field(default_factory=list)


# -- running models --------------------------------------------------------------


@dataclass
class EvalSettings:
    config: TrainConfig = field(default_factory=lambda: TrainConfig(threads=1))  # reproducible
    weights: BlendWeights = field(default_factory=BlendWeights)
    tune: bool = False
    folds: int = COLD_FOLDS
    seed: int = 0
    progress: bool = True


@dataclass
class _Scenario:
    """Users to score, what each is given, and the models trained for them."""

    name: str
    truth: dict[str, set[str]]
    requests: dict[str, RecommendRequest]
    models: dict[str, CollabModel]  # user -> the model trained without their test data
    candidates: dict[str, Candidates] = field(default_factory=dict)


class Evaluation:
    """Runs every model over the same users; see the module docstring for the protocol."""

    def __init__(self, index: ItemIndex, log: InteractionLog, settings: EvalSettings):
        self.index = index
        self.log = log
        self.settings = settings
        self.item_ids = index.ids()
        self.threshold = log.positive_threshold(settings.config.positive_threshold)
        self.timings: dict[str, float] = {}

    def run(self) -> dict[str, Any]:
        started = time.perf_counter()
        weights = self.settings.weights
        tuning: dict[str, Any] | None = None
        if self.settings.tune:
            validation = Split.of(Split.of(self.log, self.threshold).train, self.threshold)
            warm, cold = self._scenarios(validation, "validation")
            weights, tuning = self._tune(warm, cold)
        test = Split.of(self.log, self.threshold)
        warm, cold = self._scenarios(test, "test")
        report = {
            "protocol": {"holdout": HOLDOUT, "like_threshold": self.threshold, "k": K,
                         "cold_start_likes": COLD_LIKES, "cold_start_folds": self.settings.folds,
                         "interactions": len(self.log), "catalog_items": len(self.item_ids),
                         "source": self.log.source},
            "weights": weights.as_dict(),
            "models": self._score_all(warm, weights),
            "cold_start": self._score_all(cold, weights),
        }
        if tuning:
            report["tuning"] = tuning
        report["targets"] = targets(report)
        self.timings["total_seconds"] = time.perf_counter() - started
        report["timing"] = {k: round(v, 2) for k, v in self.timings.items()}
        return report

    # -- scenarios ---------------------------------------------------------------

    def _train(self, log: InteractionLog) -> CollabModel:
        started = time.perf_counter()
        model = CollabModel.train(log, self.item_ids, self.settings.config)
        self.timings["training_seconds"] = (self.timings.get("training_seconds", 0.0)
                                            + time.perf_counter() - started)
        return model

    def _scenarios(self, split: Split, label: str) -> tuple[_Scenario, _Scenario]:
        histories = split.histories()
        warm_models = self._train(split.train)
        warm_requests = {
            user: RecommendRequest(user_id=user, liked=histories[user].liked,
                                   disliked=histories[user].disliked,
                                   seen=histories[user].items, k=K)
            for user in split.truth if user in histories}
        warm = _Scenario(f"{label}: all users", {u: split.truth[u] for u in warm_requests},
                         warm_requests, {u: warm_models for u in warm_requests})

        eligible = sorted(u for u in split.truth
                          if u in histories and len(histories[u].liked) >= COLD_LIKES)
        rng = np.random.default_rng(self.settings.seed)
        folds = np.array_split(rng.permutation(eligible), self.settings.folds)
        cold = _Scenario(f"{label}: cold start", {u: split.truth[u] for u in eligible}, {}, {})
        users = np.asarray(split.train.users)
        for fold in folds:
            fold_users = set(fold.tolist())
            models = self._train(split.train.subset(~np.isin(users, list(fold_users))))
            for user in fold_users:
                first = histories[user].liked[:COLD_LIKES]
                cold.requests[user] = RecommendRequest(liked=first, k=K)
                cold.models[user] = models
        return warm, cold

    def _candidates(self, scenario: _Scenario) -> dict[str, Candidates]:
        if not scenario.candidates:
            started = time.perf_counter()
            for user, request in tqdm(scenario.requests.items(), desc=scenario.name,
                                      disable=not self.settings.progress, unit="user"):
                ranker = HybridRanker(self.index, scenario.models[user])
                scenario.candidates[user] = ranker.candidates(request)
            self.timings[f"candidates {scenario.name}"] = time.perf_counter() - started
        return scenario.candidates

    # -- scoring -----------------------------------------------------------------

    def _lists(self, scenario: _Scenario, model: str, weights: BlendWeights
               ) -> dict[str, list[str]]:
        lists: dict[str, list[str]] = {}
        if model in ("content", "hybrid"):
            content_only = BlendWeights.from_mapping(
                {name: 1.0 if name == "taste" else 0.0 for name in weights.as_dict()})
            chosen = content_only if model == "content" else weights
            for user, candidates in self._candidates(scenario).items():
                lists[user] = rank_ids(candidates, chosen, K)
            return lists
        for user, request in scenario.requests.items():
            collab = scenario.models[user]
            seen = [*request.seen, *request.liked]
            if model == "most-popular":
                top = collab.most_popular(K, seen)
            elif model == "item-item":
                top = collab.also_liked(request.seen or request.liked, K, seen)
            else:
                kind: Kind = "als" if model == "als" else "bpr"
                vector = collab.user_vector(kind, user_id=request.user_id, liked=request.liked)
                top = collab.recommend(kind, vector, K, seen)
            lists[user] = [item for item, _ in top]
        return lists

    def _score_all(self, scenario: _Scenario, weights: BlendWeights) -> dict[str, Any]:
        return {model: summarise(self._lists(scenario, model, weights), scenario.truth,
                                 len(self.item_ids)) for model in MODELS}

    def _tune(self, warm: _Scenario, cold: _Scenario) -> tuple[BlendWeights, dict[str, Any]]:
        """Grid search on validation for the best mean NDCG of all users and cold start; then
        the most diversity that costs at most `DIVERSITY_COST` of that."""
        started = time.perf_counter()
        base = self.settings.weights

        def objective(weights: BlendWeights) -> tuple[float, float]:
            warm_ndcg, cold_ndcg = (summarise(self._lists(s, "hybrid", weights), s.truth, 1)
                                    ["ndcg@10"] for s in (warm, cold))
            return warm_ndcg, cold_ndcg

        names = list(GRID)
        scored = []
        for values in itertools.product(*GRID.values()):
            weights = replace(base, diversity=0.0, **dict(zip(names, values, strict=True)))
            scored.append((float(np.mean(objective(weights))), weights))
        best_score, best = max(scored, key=lambda r: r[0])
        by_diversity = {d: float(np.mean(objective(replace(best, diversity=d))))
                        for d in DIVERSITY_GRID}
        affordable = [d for d, v in by_diversity.items() if v >= best_score * (1 - DIVERSITY_COST)]
        best = replace(best, diversity=max(affordable, default=0.0))
        warm_ndcg, cold_ndcg = objective(best)
        self.timings["tuning_seconds"] = time.perf_counter() - started
        return best, {"grid": {**GRID, "diversity": DIVERSITY_GRID},
                      "combinations": len(scored) + len(DIVERSITY_GRID),
                      "best": best.as_dict(),
                      "validation_objective_by_diversity": by_diversity,
                      "validation_ndcg@10": {"all users": warm_ndcg, "cold start": cold_ndcg},
                      "validation_models": {s.name: self._score_all(s, best)
                                            for s in (warm, cold)}}


def targets(report: dict[str, Any]) -> dict[str, Any]:
    """The issue's two targets, checked on the test numbers."""
    warm, cold = report["models"], report["cold_start"]
    singles = [m for m in MODELS if m != "hybrid"]
    best_single = max(singles, key=lambda m: warm[m]["ndcg@10"])
    best_collab = max(("als", "bpr", "item-item"), key=lambda m: cold[m]["ndcg@10"])
    lift = cold["hybrid"]["ndcg@10"] / max(cold[best_collab]["ndcg@10"], 1e-12) - 1
    return {
        "best_single_model": best_single,
        "hybrid_vs_best_single": warm["hybrid"]["ndcg@10"] - warm[best_single]["ndcg@10"],
        "hybrid_at_least_best_single": warm["hybrid"]["ndcg@10"] >= warm[best_single]["ndcg@10"],
        "best_collaborative_cold": best_collab,
        "cold_start_lift": lift,
        "cold_start_lift_at_least_10pct": lift >= 0.10,
    }
