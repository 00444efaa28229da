"""Which of the kinds a request's head named fit the whole request, by meaning.

The head of "shampoo for dry hair" names three kinds of shampoo ("Shampoo &
Conditioner", "Dry Shampoo & Conditioner", "Baby Oil & Shampoo"), and "rice" a
sub-category that holds poha too. The words alone cannot choose between them; the
request's embedding can. Each kind of the catalog's narrowest kind field has a
centroid (the mean of its items' embeddings), and of the kinds the head allows, those
whose centroid is nearly as close to the request as the closest one are kept.

A request whose head names no kind at all ("dog food": both are everyday words) takes
the one kind whose centroid is very close to it, or none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from bot.catalog import Item

# Kept: the kinds whose centroid is within this cosine of the closest allowed one's.
NEAR = 0.06
# A request with no kind in its words takes a kind only when its centroid is this close.
CLEAR = 0.62

Embed = Callable[[str], np.ndarray]


class KindCentroids:
    """The centroid of each value of the narrowest kind field, and the kinds above it."""

    @classmethod
    def of(cls, items: Sequence[Item], fields: Sequence[str],
           vectors: tuple[Sequence[str], np.ndarray], embed: Embed) -> KindCentroids | None:
        """`fields`: the kind fields, broadest first; `vectors`: (ids, embeddings) of the
        items; `embed`: the query embedder of the same model. None without embeddings."""
        ids, embeddings = vectors
        if not len(ids) or not fields:
            return None
        row = {item_id: n for n, item_id in enumerate(ids)}
        narrowest = fields[-1]
        rows: dict[str, list[int]] = defaultdict(list)
        below: dict[tuple[str, str], set[str]] = defaultdict(set)
        for item in items:
            kind = item.attributes.get(narrowest)
            if not isinstance(kind, str) or item.id not in row:
                continue
            rows[kind].append(row[item.id])
            for field in fields:
                if isinstance(value := item.attributes.get(field), str):
                    below[(field, value)].add(kind)
        names = sorted(rows)
        if not names:
            return None
        centroids = np.stack([embeddings[rows[k]].mean(axis=0) for k in names])
        centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
        return cls(narrowest, names, centroids, below, embed)

    def __init__(self, field: str, names: Sequence[str], centroids: np.ndarray,
                 below: Mapping[tuple[str, str], set[str]], embed: Embed):
        self.field = field
        self.names = list(names)
        self.centroids = centroids
        self.position = {name: n for n, name in enumerate(self.names)}
        self.below = below
        self.embed = embed

    def closeness(self, text: str) -> np.ndarray:
        vector = np.asarray(self.embed(text), dtype=np.float32)
        return self.centroids @ (vector / max(float(np.linalg.norm(vector)), 1e-9))

    def fitting(self, text: str, kinds: Sequence[tuple[str, str]]) -> tuple[str, ...]:
        """Of the narrowest kinds under `kinds` ((field, value) pairs), those that fit
        `text` nearly as well as the best; () when none of them has a centroid."""
        allowed = sorted({k for kind in kinds for k in self.below.get(kind, ())
                          if k in self.position})
        if not allowed:
            return ()
        score = self.closeness(text)
        best = max(score[self.position[k]] for k in allowed)
        return tuple(k for k in allowed if score[self.position[k]] >= best - NEAR)

    def better(self, text: str, these: Sequence[str], those: Sequence[str]) -> bool:
        """Whether the best of `these` kinds fits `text` clearly better than `those`."""
        if not these:
            return False
        score = self.closeness(text)
        def best(kinds: Sequence[str]) -> float:
            return max((float(score[self.position[k]]) for k in kinds), default=-1.0)
        return best(these) > best(those) + NEAR

    def clearly(self, text: str) -> str | None:
        """The one kind `text` is very close to, if any."""
        score = self.closeness(text)
        best = int(np.argmax(score))
        return self.names[best] if score[best] >= CLEAR else None
