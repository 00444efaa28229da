"""The hybrid ranker: content, crowd, popularity and the person's own likes in one list.

1. Candidates come from every source that has something to say: content search by
   the query and by the person's taste (the mean embedding of liked items, in
   Chroma), the collaborative model's personal top items, item-item neighbours of
   liked items, and the most popular items.
2. Hard constraints (`Constraints`) drop candidates, whatever their scores.
3. Each candidate gets score parts, each scaled to 0..1 over the candidates: query
   similarity, taste similarity, personal (ALS/BPR) score, item-item score,
   popularity, and similarity to disliked items (subtracted). The blend is a
   weighted sum with weights from settings.
4. Maximal marginal relevance picks the final list, so it is not ten sequels.

Every pick keeps its weighted parts and the liked item it is closest to, so the bot
can say why it was picked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from bot.catalog import Item
from bot.collab import KINDS, CollabModel
from bot.constraints import Constraints
from indexes.items import ItemIndex

PARTS = ("query", "taste", "als", "bpr", "also_liked", "popularity", "dislike")
PROFILE_LIMIT = 200  # the most recent likes that shape the taste vector
MMR_POOL = 100  # the best-scored candidates that diversity re-ranks


@dataclass(frozen=True)
class BlendWeights:
    """How much each score part counts. Defaults were chosen on a MovieLens validation split
    (see benchmarks/bench_recommender.py); override with RECBOT_BLEND_* settings."""

    query: float = 2.0  # not tuned (the evaluation has no queries): a stated wish leads
    taste: float = 0.2
    als: float = 1.0
    bpr: float = 0.0
    also_liked: float = 0.4
    popularity: float = 0.4
    dislike: float = 0.5
    diversity: float = 0.1  # MMR trade-off: 0 is pure relevance

    @classmethod
    def from_mapping(cls, values: Mapping[str, float]) -> BlendWeights:
        """Defaults overridden by `values` (e.g. `Settings.blend()`)."""
        return cls(**{k: float(v) for k, v in values.items() if k in cls.__dataclass_fields__})

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


@dataclass
class RecommendRequest:
    """What to recommend for: a known user, liked items, a query; and what must hold."""

    user_id: str | None = None  # a user of the interaction log, if any
    liked: Sequence[str] = ()  # oldest first
    disliked: Sequence[str] = ()
    seen: Sequence[str] = ()  # never recommended again, but no signal of taste
    query: str | None = None
    constraints: Constraints = field(default_factory=Constraints)
    k: int = 10


@dataclass
class Pick:
    """One recommendation with the parts of its score and what explains it."""

    item: Item
    score: float
    parts: dict[str, float]  # weighted contributions; they add up to `score`
    because: Item | None = None  # the liked item it is most like
    query: str | None = None

    def reasons(self) -> list[str]:
        """Short reasons, strongest first: 'because you liked X', 'matches "space"'..."""
        texts = {
            "query": f"matches '{self.query}'" if self.query else "",
            "taste": f"because you liked {self.because.title}" if self.because else "",
            "also_liked": (f"people who liked {self.because.title} also liked it"
                           if self.because else "people with your taste liked it"),
            "als": "popular with people like you",
            "bpr": "popular with people like you",
            "popularity": "popular overall",
        }
        ranked = sorted((v, k) for k, v in self.parts.items() if v > 0.05 and texts.get(k))
        reasons = list(dict.fromkeys(texts[k] for _, k in reversed(ranked)))
        return reasons[:2] or ["a good match"]

    def why(self) -> str:
        return "; ".join(self.reasons())

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.item.id, "title": self.item.title, "score": round(self.score, 4),
                "why": self.why(), "parts": {k: round(v, 4) for k, v in self.parts.items()},
                "because": self.because.id if self.because else None}


@dataclass
class Candidates:
    """Everything ranking needs, computed once; ranking with other weights is cheap."""

    items: list[Item]
    vectors: np.ndarray  # unit length, one row per item
    parts: dict[str, np.ndarray]  # unweighted, 0..1
    because: list[Item | None]
    query: str | None = None

    def __len__(self) -> int:
        return len(self.items)


class HybridRanker:
    """Blends content search in Chroma with the collaborative model (optional)."""

    def __init__(self, index: ItemIndex, model: CollabModel | None = None,
                 weights: BlendWeights | None = None, *, pool: int = 200):
        self.index = index
        self.model = model
        self.weights = weights or BlendWeights()
        self.pool = pool

    def recommend(self, request: RecommendRequest, weights: BlendWeights | None = None
                  ) -> list[Pick]:
        return rank(self.candidates(request), weights or self.weights, request.k)

    def similar(self, item_id: str, k: int = 10, constraints: Constraints | None = None
                ) -> list[Pick]:
        """Items like this one: what its fans also liked, and what reads like it."""
        request = RecommendRequest(liked=[item_id], k=k,
                                   constraints=constraints or Constraints())
        return self.recommend(request, replace(self.weights, query=0.0, popularity=0.0))

    def candidates(self, request: RecommendRequest) -> Candidates:
        model = self.model
        liked = list(dict.fromkeys(request.liked))[-PROFILE_LIMIT:]
        if model is not None and request.user_id and model.knows_user(request.user_id):
            history = model.history(request.user_id)
            liked = liked or history[-PROFILE_LIMIT:]
        else:
            history = []
        excluded = set(history) | set(request.liked) | set(request.disliked) | set(request.seen)
        constraints = request.constraints
        fetch = self.pool + min(len(excluded), 5 * self.pool)  # room for excluded hits
        where = constraints.where

        query_vector = self.index.embed_query(request.query) if request.query else None
        liked_items, liked_vectors = self.index.vectors(liked)
        _, disliked_vectors = self.index.vectors(list(request.disliked))
        taste = _unit(liked_vectors.mean(axis=0)) if len(liked_vectors) else None

        ids: dict[str, None] = {}
        for vector in (query_vector, taste):
            if vector is not None:
                hits = self.index.search_vector(vector, fetch, where)
                ids.update((h.item.id, None) for h in hits)
        user_vectors = {}
        if model is not None:
            shown = [*excluded]
            for kind in KINDS:
                user_vectors[kind] = model.user_vector(kind, user_id=request.user_id,
                                                       liked=request.liked)
                ids.update((i, None) for i, _ in model.recommend(kind, user_vectors[kind],
                                                                 self.pool, shown))
            ids.update((i, None) for i, _ in model.also_liked(liked, self.pool, shown))
            ids.update((i, None) for i, _ in model.most_popular(self.pool // 2, shown))
        if not ids and query_vector is None:  # nothing known yet: start from the whole catalog
            ids.update((h.item.id, None) for h in self.index.search_vector(
                np.ones(self.index.embedder.dimension, dtype=np.float32), fetch, where))

        candidate_ids = [i for i in ids if i not in excluded]
        items, vectors = self.index.vectors(candidate_ids)
        allowed = [n for n, item in enumerate(items) if constraints.allows(item)]
        items = [items[n] for n in allowed]
        vectors = _unit_rows(vectors[allowed])
        item_ids = [item.id for item in items]

        parts = {name: np.zeros(len(items), dtype=np.float32) for name in PARTS}
        if query_vector is not None and len(items):
            parts["query"] = _scaled(vectors @ _unit(query_vector))
        because: list[Item | None] = [None] * len(items)
        if taste is not None and len(items):
            parts["taste"] = _scaled(vectors @ taste)
            closest = (vectors @ _unit_rows(liked_vectors).T).argmax(axis=1)
            because = [liked_items[n] for n in closest]
        if len(disliked_vectors) and len(items):
            parts["dislike"] = np.clip((vectors @ _unit_rows(disliked_vectors).T).max(axis=1),
                                       0.0, 1.0)
        if model is not None and len(items):
            for kind in KINDS:
                parts[kind] = _scaled(model.personal_scores(kind, user_vectors[kind], item_ids))
            neighbour, neighbour_because = model.neighbour_scores(liked, item_ids)
            parts["also_liked"] = _scaled(neighbour)
            parts["popularity"] = model.popularity_of(item_ids)
            by_id = {item.id: item for item in liked_items}
            for n, liked_id in enumerate(neighbour_because):
                if because[n] is None and liked_id in by_id:
                    because[n] = by_id[liked_id]
        return Candidates(items, vectors, parts, because, request.query)


def rank(candidates: Candidates, weights: BlendWeights, k: int) -> list[Pick]:
    """Blend the parts with `weights`, then pick `k` with maximal marginal relevance."""
    if not len(candidates) or k <= 0:
        return []
    weight_of = weights.as_dict()
    contributions = {
        name: (-1.0 if name == "dislike" else 1.0) * weight_of[name] * values
        for name, values in candidates.parts.items()
    }
    scores = np.sum(list(contributions.values()), axis=0)
    chosen = _mmr(scores, candidates.vectors, k, weights.diversity)
    return [Pick(candidates.items[n], float(scores[n]),
                 {name: float(c[n]) for name, c in contributions.items() if c[n] != 0},
                 candidates.because[n], candidates.query) for n in chosen]


def _mmr(scores: np.ndarray, vectors: np.ndarray, k: int, diversity: float) -> list[int]:
    """Greedy maximal marginal relevance over the best-scored candidates."""
    order = np.argsort(-scores, kind="stable")
    if diversity <= 0:
        return order[:k].tolist()
    pool = order[:max(MMR_POOL, 3 * k)]
    relevance = _scaled(scores[pool])
    similarity = vectors[pool] @ vectors[pool].T
    chosen: list[int] = []
    closest = np.zeros(len(pool), dtype=np.float32)  # similarity to the nearest chosen item
    available = np.ones(len(pool), dtype=bool)
    for _ in range(min(k, len(pool))):
        value = (1 - diversity) * relevance - diversity * closest
        value[~available] = -np.inf
        best = int(value.argmax())
        chosen.append(best)
        available[best] = False
        closest = np.maximum(closest, similarity[best])
    return [int(pool[n]) for n in chosen]


def _scaled(values: np.ndarray) -> np.ndarray:
    """Min-max to 0..1 over the candidates; NaN (no score) becomes 0."""
    values = np.asarray(values, dtype=np.float32)
    finite = np.isfinite(values)
    if not finite.any():
        return np.zeros_like(values)
    low, high = values[finite].min(), values[finite].max()
    scaled = (values - low) / (high - low) if high > low else np.ones_like(values)
    return np.where(finite, scaled, 0.0).astype(np.float32)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)
