"""The hybrid ranker: content, crowd, popularity and the person's own likes in one list.

1. Candidates come from every source that has something to say: content search by
   the query and by the person's taste (the mean embedding of liked items, in
   Chroma), the collaborative model's personal top items (ALS, BPR, EASE),
   item-item neighbours of liked items, the most popular items, and the items people
   talk about most (a catalog's `mentions` field: how often the item comes up in
   conversations, for the demo films their mentions in ReDial's dialogues).
2. Hard constraints (`Constraints`) drop candidates, whatever their scores.
3. Each candidate gets score parts, each scaled to 0..1 over the candidates: query
   similarity, taste similarity, ALS, BPR and EASE scores, item-item score,
   popularity, and similarity to disliked items (subtracted). The blend is a
   weighted sum with weights from settings. The ALS and item-item weights grow with
   what is known of the person (n likes: weight * n / (n + shrinkage)): with three
   likes they are weak evidence, and EASE, BPR and acclaim carry a newcomer. So does
   the what-comes-next part: what people chose right after the person's latest items.
4. Maximal marginal relevance picks the final list, so it is not ten sequels.

Every pick keeps its weighted parts and the liked item behind it: the one whose
weight adds most to the part, of taste, item-item and EASE, that added most to its
score. So "because you liked X" names an item that really raised the pick.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

from bot.catalog import Item
from bot.collab import KINDS, CollabModel
from bot.constraints import Constraints
from bot.sequence import RECENT
from bot.titles import display_title
from indexes.items import ItemIndex

PARTS = ("query", "taste", "als", "bpr", "ease", "also_liked", "next", "popularity",
         "acclaim", "talk", "dislike")
MENTIONS_FIELD = "mentions"  # a catalog's count of how often people bring an item up
PROFILE_LIMIT = 200  # the most recent likes that shape the taste vector
MMR_POOL = 100  # the best-scored candidates that diversity re-ranks
PERSONAL_REASONS = ("query", "taste", "also_liked", "ease", "next")
STANDING = ("acclaim", "popularity")  # the parts that say how widely an item is liked, known
# Log-scaled counts (1 for the most liked item) from which an item is widely liked or known:
# about the square root of the top count and more (MovieLens: 15 likes of Shawshank's 274)
WIDELY = 0.5
CROWD_PARTS = ("als", "bpr", "ease", "also_liked", "next", "popularity", "acclaim")
NEWCOMER_PARTS = ("bpr", "popularity", "acclaim", "talk")  # fade with what is known (`fade`)
# Parts that say which liked (or, for `next`, recent) item each score comes from
# ("because you liked X").
ATTRIBUTED = ("taste", "also_liked", "ease", "next")
CROWD_ATTRIBUTED = ("also_liked", "ease", "next")
RECENCY_HALF_LIFE = 10.0  # likes after which a like's extra recency strength halves
RELATED_FLOOR = 0.3  # embedding similarity from which an item is "like" a liked one
NEAR_DUPLICATE_FLOOR = 0.5  # embedding similarity from which two picks start to overlap


@dataclass(frozen=True)
class BlendWeights:
    """How much each score part counts. Defaults were chosen on a MovieLens validation split
    (`recbot eval --tune`, benchmarks/bench_recommender.py); override with RECBOT_BLEND_*."""

    query: float = 2.0  # not tuned (the evaluation has no queries): a stated wish leads
    taste: float = 1.0
    als: float = 0.0
    bpr: float = 0.5
    ease: float = 2.0
    also_liked: float = 0.5
    # What people chose right after the person's latest items (bot/sequence.py).
    next: float = 2.0
    # Below 0 trades a little accuracy for breadth (the MovieLens tuning chose -0.25); kept
    # at 0 here, as a newcomer who has said nothing yet should not get obscure picks.
    popularity: float = 0.0
    # Carries a newcomer; fades as likes accumulate (`fade`). Tuned with `talk` on half of
    # INSPIRED's dialogues: the MovieLens tuning, held to a catalog coverage floor, drops it.
    acclaim: float = 1.0
    # What people talk about now (the catalog's `mentions`): tuned on half of INSPIRED's
    # dialogues (benchmarks/bench_dialogues.py); catalogs without the field ignore it.
    talk: float = 1.0
    dislike: float = 0.5  # rejected items are always left out; >0 also pushes look-alikes down
    diversity: float = 0.5  # MMR trade-off: 0 is pure relevance
    # Likes at which ALS, item-item and what-comes-next count half their weight.
    shrinkage: float = 10.0
    # Extra strength of the latest likes in the item-to-item parts (EASE, item-item): a like
    # counts 1 + recency * 0.5 ** (likes since / RECENCY_HALF_LIFE). Taste drifts; the
    # latest likes say most about what comes next.
    recency: float = 4.0
    # How much the parts that carry a newcomer (BPR, popularity, acclaim, talk) fade as
    # likes accumulate: their weight times 1 - fade * n / (n + shrinkage) for n likes.
    fade: float = 1.0

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
    # The liked item behind the pick: the largest contribution in `because_part`, the part
    # of taste, also_liked and ease that added most to the score.
    because: Item | None = None
    # The liked item whose fans liked it most: the largest contribution in `crowd_part`, the
    # crowd part (also_liked or ease) that added most. The same as `because` when that part
    # is the strongest.
    crowd_because: Item | None = None
    query: str | None = None
    because_part: str = "taste"
    crowd_part: str = "also_liked"
    # How widely the item is liked and known, unweighted 0..1 (acclaim, popularity): what a
    # reason may claim of it ("loved by many" for a film one person rated is untrue)
    standing: dict[str, float] = field(default_factory=dict)

    def widely(self, part: str) -> bool:
        """Whether the item is widely liked (`acclaim`) or known (`popularity`)."""
        return self.standing.get(part, 0.0) >= WIDELY

    def source(self, part: str) -> Item | None:
        """The liked item named for `part`, if that part added to the score."""
        if self.parts.get(part, 0.0) <= 0:
            return None
        if part == self.because_part and self.because is not None:
            return self.because
        if part == self.crowd_part and self.crowd_because is not None:
            return self.crowd_because
        return None

    def reasons(self) -> list[str]:
        """Short reasons, strongest first: 'because you liked X', 'matches "space"'..."""
        taste = self.source("taste")
        crowd = {part: self.source(part) for part in CROWD_ATTRIBUTED}
        texts = {
            "query": "close to what you asked for" if self.query else "",
            "taste": f"because you liked {display_title(taste.title)}" if taste else "",
            **{part: (f"people who liked {display_title(fan.title)} also liked it" if fan
                      else "people with your taste liked it") for part, fan in crowd.items()},
            "next": (f"people often pick it after {display_title(crowd['next'].title)}"
                     if crowd["next"] else "people often pick it next"),
            "als": "popular with people like you",
            "bpr": "popular with people like you" if self.widely("popularity") else "",
            "popularity": "popular overall" if self.widely("popularity") else "",
            "acclaim": "loved by many" if self.widely("acclaim") else "",
            "talk": "much talked about",
        }
        ranked = [k for _, k in sorted(((v, k) for k, v in self.parts.items()
                                        if v > 0.05 and texts.get(k)), reverse=True)]
        # A reason tied to the person (their words, their likes) beats a crowd reason.
        if taste is not None and any(fan is not None and fan.id == taste.id and part in ranked
                                     for part, fan in crowd.items()):
            ranked = [k for k in ranked if k != "taste"]  # one mention of the same liked item
        personal = [k for k in ranked if k in PERSONAL_REASONS]
        chosen = list(dict.fromkeys([*ranked[:1], *personal[:1], *ranked[1:]]))
        return list(dict.fromkeys(texts[k] for k in chosen))[:2] or ["a good match"]

    def why(self) -> str:
        return "; ".join(self.reasons())

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.item.id, "title": self.item.title, "score": round(self.score, 4),
                "why": self.why(), "parts": {k: round(v, 4) for k, v in self.parts.items()},
                "because": self.because.id if self.because else None,
                "because_part": self.because_part if self.because else None,
                "crowd_because": self.crowd_because.id if self.crowd_because else None}


@dataclass
class Candidates:
    """Everything ranking needs, computed once; ranking with other weights is cheap.
    Items are read from the index only for the final picks (`fetch`)."""

    ids: list[str]
    vectors: np.ndarray  # unit length, one row per candidate
    parts: dict[str, np.ndarray]  # unweighted, 0..1
    # Per part of ATTRIBUTED, per candidate: the liked item adding most to it, when positive.
    sources: dict[str, list[str | None]]
    likes: int = 0  # how many likes the person has (shrinks ALS and item-item)
    query: str | None = None
    fetch: Callable[[Sequence[str]], list[Item]] | None = None

    def __len__(self) -> int:
        return len(self.ids)


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
        with one_blas_thread():
            return rank(self.candidates(request), weights or self.weights, request.k)

    def similar(self, item_id: str, k: int = 10, constraints: Constraints | None = None
                ) -> list[Pick]:
        """Items like this one: what its fans also liked (item-item and EASE), and what reads
        like it. Only those parts count (at full weight: one item is all there is to go on)."""
        request = RecommendRequest(liked=[item_id], k=k,
                                   constraints=constraints or Constraints())
        only = {name: 0.0 for name in self.weights.as_dict() if name in PARTS}
        weights = replace(self.weights, **{**only, "taste": 1.0, "also_liked": 1.0,
                                           "ease": 1.0}, shrinkage=0.0)
        return self.recommend(request, weights)

    def candidates(self, request: RecommendRequest) -> Candidates:
        with one_blas_thread():
            return self._candidates(request)

    def _candidates(self, request: RecommendRequest) -> Candidates:
        model = self.model
        liked = list(dict.fromkeys(request.liked))[-PROFILE_LIMIT:]
        if model is not None and request.user_id and model.knows_user(request.user_id):
            history = model.history(request.user_id)
            liked = liked or model.liked_by(request.user_id)[-PROFILE_LIMIT:]
            logged = set(history)
            recent = [*model.recent(request.user_id),
                      *(i for i in request.liked if i not in logged)][-RECENT:]
        else:
            history = []
            recent = liked[-RECENT:]
        excluded = set(history) | set(request.liked) | set(request.disliked) | set(request.seen)
        constraints = request.constraints
        fetch = self.pool + min(len(excluded), 5 * self.pool)  # room for excluded hits

        query_vector = self.index.embed_query(request.query) if request.query else None
        liked, liked_vectors = self.index.embeddings(liked)
        _, disliked_vectors = self.index.embeddings(list(request.disliked))
        taste = _unit(liked_vectors.mean(axis=0)) if len(liked_vectors) else None

        ids: dict[str, None] = {}
        for vector in (query_vector, taste):
            if vector is not None:
                ids.update(dict.fromkeys(self._nearest(vector, fetch, constraints)))
        user_vectors = {}
        if model is not None:
            shown = [*excluded]
            for kind in KINDS:
                user_vectors[kind] = model.user_vector(kind, user_id=request.user_id,
                                                       liked=request.liked)
                ids.update((i, None) for i, _ in model.recommend(kind, user_vectors[kind],
                                                                 self.pool, shown))
            ids.update((i, None) for i, _ in model.also_liked(liked, self.pool, shown))
            ids.update((i, None) for i, _ in model.ease_recommend(
                liked, self.pool, shown, recency_strengths(len(liked), self.weights.recency)))
            ids.update((i, None) for i, _ in model.next_recommend(recent, self.pool, shown))
            ids.update((i, None) for i, _ in model.most_popular(self.pool // 2, shown))
        talked, talk_of = self.talked_about()
        if self.weights.talk > 0:
            ids.update(dict.fromkeys(talked[:self.pool // 2]))
        item_ids = self._allowed([i for i in ids if i not in excluded], constraints)
        if len(item_ids) < request.k:  # too few pass ("with Meryl Streep" and no query yet):
            # the matching items themselves, nearest to what is known, else any of them
            anchor = next((v for v in (query_vector, taste) if v is not None),
                          np.ones(self.index.embedder.dimension, dtype=np.float32))
            more = self._nearest(anchor, fetch, constraints)
            item_ids += self._allowed([i for i in more if i not in excluded
                                       and i not in set(item_ids)], constraints)
        item_ids, vectors = self.index.embeddings(item_ids)
        vectors = _unit_rows(vectors)
        count = len(item_ids)

        parts = {name: np.zeros(count, dtype=np.float32) for name in PARTS}
        sources: dict[str, list[str | None]] = {name: [None] * count for name in ATTRIBUTED}
        if query_vector is not None and count:
            parts["query"] = _scaled(vectors @ _unit(query_vector))
        if taste is not None and count:
            parts["taste"] = _scaled(vectors @ taste)
            similarity = vectors @ _unit_rows(liked_vectors).T
            closest = similarity.argmax(axis=1)
            # "because you liked X" only when it really reads like X (not a razor for tea).
            sources["taste"] = [liked[n] if similarity[row, n] >= RELATED_FLOOR else None
                                for row, n in enumerate(closest)]
        if talk_of and count:
            parts["talk"] = np.array([talk_of.get(i, 0.0) for i in item_ids], dtype=np.float32)
        if len(disliked_vectors) and count:
            parts["dislike"] = np.clip((vectors @ _unit_rows(disliked_vectors).T).max(axis=1),
                                       0.0, 1.0)
        if model is not None and count:
            for kind in KINDS:
                parts[kind] = _scaled(model.personal_scores(kind, user_vectors[kind], item_ids))
            strengths = recency_strengths(len(liked), self.weights.recency)
            if liked:  # (with none, these say nothing: not one full score for every item,
                # which made "popular with people like you" the reason of a newcomer's picks)
                neighbour, sources["also_liked"] = model.neighbour_scores(liked, item_ids,
                                                                         strengths)
                parts["also_liked"] = _scaled(neighbour)
                ease, sources["ease"] = model.ease_scores(liked, item_ids, strengths)
                parts["ease"] = _scaled(ease)
            if recent:
                following, sources["next"] = model.next_scores(recent, item_ids)
                parts["next"] = _scaled(following)
            parts["popularity"] = model.popularity_of(item_ids)
            parts["acclaim"] = model.acclaim_of(item_ids)
            _neutral_for_new_items(parts, [i not in model.item_index for i in item_ids])
        return Candidates(item_ids, vectors, parts, sources, len(liked), request.query,
                          fetch=self.index.get)

    def talked_about(self) -> tuple[list[str], dict[str, float]]:
        """Items by how often people mention them (most first), and each one's mentions
        log-scaled to 0..1; empty for a catalog without a `mentions` field. Read once per
        version of the index (a ranker is made for every turn; this is kept by the index)."""
        def read() -> tuple[list[str], dict[str, float]]:
            counts = {item.id: float(value) for item in self.index.get(self.index.ids())
                      if isinstance(value := item.attributes.get(MENTIONS_FIELD), (int, float))
                      and value > 0}
            top = np.log1p(max(counts.values())) if counts else 1.0
            ranked = sorted(counts, key=lambda i: (-counts[i], i))
            return ranked, {i: float(np.log1p(c) / top) for i, c in counts.items()}

        return self.index.per_version("talked_about", read)

    def _nearest(self, vector: np.ndarray, count: int, constraints: Constraints) -> list[str]:
        """Nearest items that pass the constraints. Chroma's filtered search scans every
        matching item (slow on large catalogs), so ask without the filter first, with room
        to spare, and use the filtered search only when too few of those pass."""
        if constraints.where is None:
            return self.index.nearest_ids(vector, count)
        passing = self._allowed(self.index.nearest_ids(vector, 2 * count), constraints)
        if len(passing) >= count // 2:
            return passing
        return self.index.nearest_ids(vector, count, constraints.where)

    def _allowed(self, ids: list[str], constraints: Constraints) -> list[str]:
        """Candidates that pass the hard constraints, checked on each item's attributes."""
        ids = [i for i in ids if i not in constraints.exclude_ids]
        if constraints.where is None and not constraints.excluded_topics:
            return ids
        return [item.id for item in self.index.get(ids) if constraints.allows(item)]


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()  # once: inspecting the loaded libraries takes ~2 ms


def one_blas_thread() -> Any:
    """A context in which BLAS uses one thread. A request's products are small (hundreds
    of candidates): starting and syncing BLAS threads costs more than it saves, several
    times over on a busy machine (known user p95 92 ms with two threads, 35 ms with one)."""
    return _blas().limit(limits=1, user_api="blas")


def rank(candidates: Candidates, weights: BlendWeights, k: int) -> list[Pick]:
    """Blend the parts with `weights`, then pick `k` with maximal marginal relevance."""
    if not len(candidates) or k <= 0:
        return []
    chosen, scores, contributions = _choose(candidates, weights, k)
    named = {n: _named(candidates, contributions, n) for n in chosen}
    wanted = [candidates.ids[n] for n in chosen]
    wanted += [i for n in chosen for _, i in named[n] if i]
    assert candidates.fetch is not None
    items = {item.id: item for item in candidates.fetch(list(dict.fromkeys(wanted)))}

    def item(item_id: str | None) -> Item | None:
        return items.get(item_id) if item_id else None

    picks = []
    for n in chosen:
        if candidates.ids[n] not in items:  # gone since: deleted by a re-ingest
            continue
        (because_part, because), (crowd_part, crowd) = named[n]
        picks.append(Pick(items[candidates.ids[n]], float(scores[n]),
                          {name: float(c[n]) for name, c in contributions.items() if c[n] != 0},
                          item(because), item(crowd), candidates.query, because_part,
                          crowd_part, {p: float(candidates.parts[p][n]) for p in STANDING
                                       if p in candidates.parts}))
    return picks


def _named(candidates: Candidates, contributions: dict[str, np.ndarray], n: int
           ) -> tuple[tuple[str, str | None], tuple[str, str | None]]:
    """For candidate n: (part, liked item) of the attributed part that added most to its
    score, and of the crowd part that did; an item only when its part added something."""

    def strongest(parts: Sequence[str]) -> tuple[str, str | None]:
        added = [(float(contributions[p][n]), p) for p in parts
                 if contributions[p][n] > 0 and candidates.sources[p][n]]
        if not added:
            return parts[0], None
        part = max(added)[1]
        return part, candidates.sources[part][n]

    return strongest(ATTRIBUTED), strongest(CROWD_ATTRIBUTED)


def rank_ids(candidates: Candidates, weights: BlendWeights, k: int) -> list[str]:
    """Like `rank`, ids only (no item reads): for evaluation and weight tuning."""
    if not len(candidates) or k <= 0:
        return []
    return [candidates.ids[n] for n in _choose(candidates, weights, k)[0]]


def _choose(candidates: Candidates, weights: BlendWeights, k: int
            ) -> tuple[list[int], np.ndarray, dict[str, np.ndarray]]:
    weight_of = weights.as_dict()
    confidence = candidates.likes / (candidates.likes + weights.shrinkage) \
        if weights.shrinkage > 0 else 1.0
    weight_of["als"] *= confidence
    weight_of["also_liked"] *= confidence
    weight_of["next"] *= confidence  # a newcomer's few likes make a short, weak sequence
    for name in NEWCOMER_PARTS:
        weight_of[name] *= 1.0 - weights.fade * confidence
    contributions = {
        name: (-1.0 if name == "dislike" else 1.0) * weight_of[name] * values
        for name, values in candidates.parts.items()
    }
    scores = np.sum(list(contributions.values()), axis=0)
    return _mmr(scores, candidates.vectors, k, weights.diversity), scores, contributions


def _mmr(scores: np.ndarray, vectors: np.ndarray, k: int, diversity: float) -> list[int]:
    """Greedy maximal marginal relevance over the best-scored candidates."""
    order = np.argsort(-scores, kind="stable")
    if diversity <= 0:
        return order[:k].tolist()
    pool = order[:max(MMR_POOL, 3 * k)]
    relevance = _scaled(scores[pool])
    # Only near-duplicates (sequels, sizes of one product) are penalised, not items that
    # merely share a genre: similarity below the floor costs nothing.
    similarity = np.clip((vectors[pool] @ vectors[pool].T - NEAR_DUPLICATE_FLOOR)
                         / (1 - NEAR_DUPLICATE_FLOOR), 0.0, 1.0)
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


def recency_strengths(likes: int, recency: float) -> np.ndarray:
    """How much each of `likes` likes (oldest first) counts: 1, plus `recency` for the
    latest, halving every RECENCY_HALF_LIFE likes back."""
    age = np.arange(likes - 1, -1, -1, dtype=np.float32)
    return (1.0 + recency * 0.5 ** (age / RECENCY_HALF_LIFE)).astype(np.float32)


def _neutral_for_new_items(parts: dict[str, np.ndarray], new: list[bool]) -> None:
    """Items added to the catalog after training have no crowd evidence, which is not
    evidence against them: give them the median crowd parts of the other candidates."""
    mask = np.asarray(new, dtype=bool)
    if not mask.any() or mask.all():
        return
    for name in CROWD_PARTS:
        parts[name][mask] = np.median(parts[name][~mask])


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
