"""Offline evaluation: the hybrid against its parts and baselines, on one split, in one run.

Protocol (also stated in the README):

- Interactions are the log's rows whose item is in the catalog. A like is a rating
  of at least 4 of 5 (see `InteractionLog.positive_threshold`).
- Per-user temporal split: each user's interactions are ordered by time (ties by
  file order); the latest 20% (at least one) are held out as the test set, the rest
  is training. Relevant items are the user's held-out likes; users without one are
  not scored. Items in a user's training history are never recommended to them.
- Validation: the same split applied again inside the training set. With `--tune`,
  the peers' variants (their signal, EASE's regularisation, item-kNN's neighbours;
  bot/evaluation/peers.py) and then the blend weights (bot/evaluation/tuning.py) are
  chosen there only, never on the test set; the hybrid's EASE part takes the
  regularisation and signal the EASE peer chose.
- Cold start: users with at least 3 likes in training and a held-out like are
  split into 5 folds. For each fold, every model (the peers too) is trained without
  those users, who are then given only their first 3 likes (by time) and scored on
  the same held-out likes; only those 3 items are excluded from their lists.
- Models: the hybrid's own parts (most-popular, content, ALS, BPR, item-item), the
  peers (EASE, item-kNN, LightFM when installed) and the hybrid.
- Metrics at 10: NDCG (binary gains), recall (hits / relevant items), precision
  (hits / 10), MAP (average precision over min(relevant, 10)), catalog coverage
  (distinct items recommended to anyone / catalog size) and novelty (mean
  self-information of the items recommended: -log2 of the share of training users
  who interacted with each; higher is less obvious).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from tqdm import tqdm

from bot.collab import CollabModel, Kind, TrainConfig
from bot.evaluation import peers
from bot.evaluation.tuning import START, Score, coordinate_search
from bot.interactions import InteractionLog
from bot.ranker import BlendWeights, Candidates, HybridRanker, RecommendRequest, rank_ids
from bot.schema import CatalogSchema
from indexes.items import ItemIndex

K = 10
HOLDOUT = 0.2
COLD_LIKES = 3
COLD_FOLDS = 5
PARTS_MODELS = ("most-popular", "content", "als", "bpr", "item-item")  # the hybrid's own parts
PEERS = ("ease", "item-knn", "lightfm")  # bot/evaluation/peers.py; LightFM when installed
MODELS = (*PARTS_MODELS, *PEERS, "hybrid")
PEER_TARGET = 1.10  # the hybrid's NDCG@10 over the best peer's
# The coverage floor on validation: ALS's times this. Coverage moves between splits by a
# few percent; a blend tuned to scrape past ALS on validation can fall below it on test.
COVERAGE_MARGIN = 1.05
CANDIDATE_SETS = 2  # candidate sets (one per recency weight) kept per scenario
METRICS = ("ndcg@10", "recall@10", "precision@10", "map@10", "coverage", "novelty")

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
              for m in METRICS[:4]}
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
    peers: bool = True  # run the peers (EASE, item-kNN, LightFM if installed)


@dataclass
class _Group:
    """Users scored with models trained on one log (all users, or one cold-start fold)."""

    train: InteractionLog
    users: list[str]
    model: CollabModel | None = None  # trained on first use (see Evaluation._model)


@dataclass
class _Scenario:
    """Users to score, what each is given, and the training logs of their models."""

    name: str
    truth: dict[str, set[str]]
    requests: dict[str, RecommendRequest]
    groups: list[_Group]
    candidates: dict[float, dict[str, Candidates]] = field(default_factory=dict)  # by recency

    @property
    def label(self) -> str:
        return self.name.split(": ")[-1]


class Evaluation:
    """Runs every model over the same users; see the module docstring for the protocol."""

    def __init__(self, index: ItemIndex, log: InteractionLog, settings: EvalSettings):
        self.index = index
        self.log = log
        self.settings = settings
        self.config = settings.config
        self.item_ids = index.ids()
        self.threshold = log.positive_threshold(settings.config.positive_threshold)
        self.timings: dict[str, float] = {}
        self.peer_variants = {name: peers.default_variant(name, self.config)
                              for name in (peers.peer_names() if settings.peers else ())}
        self._features: Any = None

    @property
    def models(self) -> tuple[str, ...]:
        return (*PARTS_MODELS, *self.peer_variants, "hybrid")

    def run(self) -> dict[str, Any]:
        started = time.perf_counter()
        weights = self.settings.weights
        tuning: dict[str, Any] | None = None
        peer_choice: dict[str, Any] | None = None
        if self.settings.tune:
            validation = Split.of(Split.of(self.log, self.threshold).train, self.threshold)
            warm, cold = self._scenarios(validation, "validation")
            if self.peer_variants:
                peer_choice = self._choose_peers(warm, cold)
                ease = self.peer_variants.get("ease")
                if ease is not None:  # the hybrid's EASE part as the EASE peer chose
                    self.config = replace(self.config, ease_signal=ease.signal,
                                          ease_l2=float(ease.options["l2"]))
            weights, tuning = self._tune(warm, cold)
        test = Split.of(self.log, self.threshold)
        warm, cold = self._scenarios(test, "test")
        report = {
            "protocol": {"holdout": HOLDOUT, "like_threshold": self.threshold, "k": K,
                         "cold_start_likes": COLD_LIKES, "cold_start_folds": self.settings.folds,
                         "interactions": len(self.log), "catalog_items": len(self.item_ids),
                         "source": self.log.source},
            "weights": weights.as_dict(),
            "ease": {"l2": self.config.ease_l2, "signal": self.config.ease_signal,
                     "keep": self.config.ease_keep, "max_items": self.config.ease_max_items,
                     "min_support": self.config.ease_min_support},
            "peers": {name: {"signal": v.signal, **v.options}
                      for name, v in self.peer_variants.items()},
            "lightfm": "installed" if peers.lightfm_available() else
                       "not installed (pip install 'recbot[lightfm]'): left out",
            "models": self._score_all(warm, weights),
            "cold_start": self._score_all(cold, weights),
        }
        if peer_choice:
            report["peer_choice"] = peer_choice
        if tuning:
            report["tuning"] = tuning
        report["targets"] = targets(report)
        self.timings["total_seconds"] = time.perf_counter() - started
        report["timing"] = {k: round(v, 2) for k, v in self.timings.items()}
        return report

    # -- scenarios ---------------------------------------------------------------

    def _model(self, group: _Group) -> CollabModel:
        if group.model is None or group.model.config != self.config:
            started = time.perf_counter()
            group.model = CollabModel.train(group.train, self.item_ids, self.config)
            self._time("training_seconds", started)
        return group.model

    def _scenarios(self, split: Split, label: str) -> tuple[_Scenario, _Scenario]:
        histories = split.histories()
        warm_requests = {
            user: RecommendRequest(user_id=user, liked=histories[user].liked,
                                   disliked=histories[user].disliked,
                                   seen=histories[user].items, k=K)
            for user in split.truth if user in histories}
        warm = _Scenario(f"{label}: all users", {u: split.truth[u] for u in warm_requests},
                         warm_requests, [_Group(split.train, list(warm_requests))])

        eligible = sorted(u for u in split.truth
                          if u in histories and len(histories[u].liked) >= COLD_LIKES)
        rng = np.random.default_rng(self.settings.seed)
        folds = np.array_split(rng.permutation(eligible), self.settings.folds)
        cold = _Scenario(f"{label}: cold start", {u: split.truth[u] for u in eligible}, {}, [])
        users = np.asarray(split.train.users)
        for fold in folds:
            fold_users = fold.tolist()
            cold.groups.append(_Group(split.train.subset(~np.isin(users, fold_users)),
                                      fold_users))
            for user in fold_users:
                cold.requests[user] = RecommendRequest(liked=histories[user].liked[:COLD_LIKES],
                                                       k=K)
        return warm, cold

    def _candidates(self, scenario: _Scenario, recency: float = 0.0
                    ) -> dict[str, Candidates]:
        """Every user's candidates for a recency weight (the one weight that changes them).
        Two sets are kept per scenario, the latest used: each holds every candidate's
        embedding (over a gigabyte on MovieLens)."""
        if recency in scenario.candidates:
            scenario.candidates[recency] = scenario.candidates.pop(recency)  # latest used
        else:
            while len(scenario.candidates) >= CANDIDATE_SETS:
                scenario.candidates.pop(next(iter(scenario.candidates)))
            found: dict[str, Candidates] = {}
            for group in scenario.groups:
                model = self._model(group)
                started = time.perf_counter()
                ranker = HybridRanker(self.index, model, BlendWeights(recency=recency))
                for user in tqdm(group.users, desc=scenario.name, unit="user",
                                 disable=not self.settings.progress):
                    found[user] = ranker.candidates(scenario.requests[user])
                self._time(f"candidates {scenario.name}", started)
            scenario.candidates[recency] = found
        return scenario.candidates[recency]

    # -- peers -------------------------------------------------------------------

    def _fit_peer(self, variant: peers.Variant, group: _Group) -> peers.Fitted:
        started = time.perf_counter()
        data = peers.TrainingData.of(group.train, self.item_ids, variant.signal,
                                     self.threshold)
        fitted = peers.fit(variant, data, self._item_features() if variant.peer == "lightfm"
                           else None, seed=self.settings.seed)
        self._time(f"peer training {variant.peer}", started)
        return fitted

    def _peer_lists(self, scenario: _Scenario, variant: peers.Variant
                    ) -> dict[str, list[str]]:
        lists: dict[str, list[str]] = {}
        for group in scenario.groups:
            fitted = self._fit_peer(variant, group)
            for user in group.users:
                request = scenario.requests[user]
                given = request.liked if variant.signal == "positive" else request.seen
                exclude = {*request.seen, *request.liked}
                lists[user] = fitted.recommend(request.user_id, given or request.liked, K,
                                               exclude)
        return lists

    def _choose_peers(self, warm: _Scenario, cold: _Scenario) -> dict[str, Any]:
        """Each peer's variant (signal and options) with the best validation score."""
        tried: dict[str, Any] = {}
        for name in self.peer_variants:
            scores = []
            for variant in peers.variants(name):
                ndcg = [summarise(self._peer_lists(s, variant), s.truth, 1)["ndcg@10"]
                        for s in (warm, cold)]
                scores.append((float(np.mean(ndcg)), variant, ndcg))
            best = max(scores, key=lambda row: row[0])
            self.peer_variants[name] = best[1]
            tried[name] = {"chosen": best[1].label(),
                           "validation_ndcg@10": {v.label(): {"all users": n[0], "cold start": n[1]}
                                                  for _, v, n in scores}}
        return tried

    def _item_features(self) -> Any:
        if self._features is None:
            manifest = self.index.manifest()
            items = self.index.get(self.item_ids)
            schema = CatalogSchema.of(manifest.fields, manifest.vocabulary, items)
            year = schema.role("year")
            self._features = peers.item_features(items, self.item_ids,
                                                 year.name if year else None,
                                                 sorted(manifest.vocabulary))
        return self._features

    # -- scoring -----------------------------------------------------------------

    def _lists(self, scenario: _Scenario, model: str, weights: BlendWeights
               ) -> dict[str, list[str]]:
        lists: dict[str, list[str]] = {}
        if model in ("content", "hybrid"):
            # Content only: the taste part alone (recency changes only crowd parts, so the
            # hybrid's candidates serve).
            content_only = BlendWeights.from_mapping(
                {name: 1.0 if name == "taste" else 0.0 for name in weights.as_dict()}
                | {"recency": weights.recency})
            chosen = content_only if model == "content" else weights
            for user, candidates in self._candidates(scenario, chosen.recency).items():
                lists[user] = rank_ids(candidates, chosen, K)
            return lists
        if model in self.peer_variants:
            return self._peer_lists(scenario, self.peer_variants[model])
        for group in scenario.groups:
            collab = self._model(group)
            for user in group.users:
                request = scenario.requests[user]
                seen = [*request.seen, *request.liked]
                if model == "most-popular":
                    top = collab.most_popular(K, seen)
                elif model == "item-item":
                    top = collab.also_liked(request.seen or request.liked, K, seen)
                else:
                    kind: Kind = "als" if model == "als" else "bpr"
                    vector = collab.user_vector(kind, user_id=request.user_id,
                                                liked=request.liked)
                    top = collab.recommend(kind, vector, K, seen)
                lists[user] = [item for item, _ in top]
        return lists

    def _score_all(self, scenario: _Scenario, weights: BlendWeights) -> dict[str, Any]:
        scores = {}
        for model in self.models:
            lists = self._lists(scenario, model, weights)
            scores[model] = summarise(lists, scenario.truth, len(self.item_ids))
            scores[model]["novelty"] = self._novelty(scenario, lists)
        return scores

    def _novelty(self, scenario: _Scenario, lists: dict[str, list[str]]) -> float:
        """Mean self-information of the items recommended, -log2 of the share of training
        users who interacted with each (an item nobody touched counts as one user)."""
        values = []
        for group in scenario.groups:
            model = self._model(group)
            users = max(len(model.user_ids), 1)
            for user in group.users:
                counts = [model.interaction_counts[model.item_index[i]]
                          for i in lists.get(user, [])[:K] if i in model.item_index]
                if counts:
                    values.append(float(np.mean(-np.log2(np.maximum(counts, 1) / users))))
        return float(np.mean(values)) if values else 0.0

    def _tune(self, warm: _Scenario, cold: _Scenario) -> tuple[BlendWeights, dict[str, Any]]:
        """Blend weights by coordinate search on validation (bot/evaluation/tuning.py), with
        ALS's validation coverage on each slice (plus COVERAGE_MARGIN) as the floor."""
        started = time.perf_counter()
        size = len(self.item_ids)
        floor = {s.label: COVERAGE_MARGIN * summarise(
                     self._lists(s, "als", self.settings.weights), s.truth, size)["coverage"]
                 for s in (warm, cold)}

        def objective(weights: BlendWeights) -> Score:
            rows = {s.label: summarise(self._lists(s, "hybrid", weights), s.truth, size)
                    for s in (warm, cold)}
            shortfall = sum(min(0.0, rows[k]["coverage"] - floor[k]) for k in rows)
            ndcg = [rows[k]["ndcg@10"] for k in ("all users", "cold start")]
            return Score(shortfall, float(np.mean(ndcg)), *ndcg)

        best, search = coordinate_search(objective, START)
        self._time("tuning_seconds", started)
        chosen = objective(best)
        return best, {**search, "best": best.as_dict(),
                      "validation_ndcg@10": {"all users": chosen.all_users,
                                             "cold start": chosen.cold_start},
                      "validation_coverage_floor_als": floor,
                      "validation_models": {s.name: self._score_all(s, best)
                                            for s in (warm, cold)}}

    def _time(self, name: str, started: float) -> None:
        self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started


def targets(report: dict[str, Any]) -> dict[str, Any]:
    """The targets, checked on the test numbers: the hybrid at least 1.10x the best peer's
    NDCG@10 on all users and on cold start, with coverage not below ALS's; and the earlier
    ones (at least the best of its own parts; +10% on cold start over ALS, BPR, item-item)."""
    warm, cold = report["models"], report["cold_start"]
    result: dict[str, Any] = {}
    for key, rows in (("all_users", warm), ("cold_start", cold)):
        ran = [m for m in PEERS if m in rows]
        best = max(ran, key=lambda m: rows[m]["ndcg@10"]) if ran else None
        ratio = rows["hybrid"]["ndcg@10"] / max(rows[best]["ndcg@10"], 1e-12) if best else None
        result[key] = {
            "best_peer": best, "hybrid_vs_best_peer": ratio,
            "at_least_1.10x_best_peer": ratio is not None and ratio >= PEER_TARGET,
            "coverage": rows["hybrid"]["coverage"], "als_coverage": rows["als"]["coverage"],
            "coverage_at_least_als": rows["hybrid"]["coverage"] >= rows["als"]["coverage"]}
    singles = [m for m in PARTS_MODELS if m in warm]
    best_single = max(singles, key=lambda m: warm[m]["ndcg@10"])
    best_collab = max(("als", "bpr", "item-item"), key=lambda m: cold[m]["ndcg@10"])
    lift = cold["hybrid"]["ndcg@10"] / max(cold[best_collab]["ndcg@10"], 1e-12) - 1
    result.update({
        "best_single_model": best_single,
        "hybrid_vs_best_single": warm["hybrid"]["ndcg@10"] - warm[best_single]["ndcg@10"],
        "hybrid_at_least_best_single": warm["hybrid"]["ndcg@10"] >= warm[best_single]["ndcg@10"],
        "best_collaborative_cold": best_collab,
        "cold_start_lift": lift,
        "cold_start_lift_at_least_10pct": lift >= 0.10,
    })
    return result
