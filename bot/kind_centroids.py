"""Which of the kinds a request's head named fit the whole request, by meaning.

The head of "shampoo for dry hair" names three kinds of shampoo ("Shampoo &
Conditioner", "Dry Shampoo & Conditioner", "Baby Oil & Shampoo"), and "rice" a
sub-category that holds poha too. The words alone cannot choose between them; the
request's embedding can. Each kind of the catalog's narrowest kind field has a
centroid (the mean of its items' embeddings). A kind's fit to a request is half its
centroid's closeness and half that of its few closest items: the centroid says what the
kind mostly is, the items what it can be ("rice for biryani" is close to the basmati
packs that say biryani, not to an average rice). Of the kinds the head allows, those
that fit nearly as well as the best one are kept.

A request whose head names no kind at all ("dog food": both are everyday words) takes
the one kind whose centroid is very close to it, or none.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from bot.catalog import Item

# Kept: the kinds whose fit is within this cosine of the best allowed one's.
NEAR = 0.05
# A kind's closest items, averaged for its fit.
CLOSEST = 3
BELOW_SHARE = 0.2  # of a kind's items filed under a broader kind, for it to be one of it
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
        under: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for item in items:
            kind = item.attributes.get(narrowest)
            if not isinstance(kind, str) or item.id not in row:
                continue
            rows[kind].append(row[item.id])
            for field in fields:
                if isinstance(value := item.attributes.get(field), str):
                    under[(field, value)][kind] += 1
        # A kind is below a broader one when a fair share of its items are: a few combo
        # packs filed elsewhere ("Basmati Rice ... + Chakki Atta" under flours) do not
        # make basmati rice a kind of flour.
        below = {broad: {k for k, n in kinds.items() if n >= BELOW_SHARE * len(rows[k])}
                 for broad, kinds in under.items()}
        names = sorted(rows)
        if not names:
            return None
        members = [_unit(np.asarray(embeddings[rows[k]], dtype=np.float32)) for k in names]
        centroids = _unit(np.stack([m.mean(axis=0) for m in members]))
        return cls(narrowest, names, centroids, below, embed, members)

    def __init__(self, field: str, names: Sequence[str], centroids: np.ndarray,
                 below: Mapping[tuple[str, str], set[str]], embed: Embed,
                 members: Sequence[np.ndarray] = ()):
        """`members`: each kind's item embeddings (unit length), in the order of `names`;
        without them a kind's fit is its centroid's closeness alone."""
        self.field = field
        self.names = list(names)
        self.centroids = centroids
        self.members = list(members)
        self.position = {name: n for n, name in enumerate(self.names)}
        self.below = below
        self.embed = embed

    def _query(self, text: str) -> np.ndarray:
        return _unit(np.asarray(self.embed(text), dtype=np.float32))

    def closeness(self, text: str) -> np.ndarray:
        """Each kind's centroid's cosine to `text`."""
        return self.centroids @ self._query(text)

    def fit(self, text: str, kinds: Sequence[str]) -> dict[str, float]:
        """How well each of `kinds` fits `text`: its centroid and its closest items."""
        query = self._query(text)
        fits = {}
        for kind in kinds:
            n = self.position[kind]
            centroid = float(self.centroids[n] @ query)
            if not self.members:
                fits[kind] = centroid
                continue
            closest = np.sort(self.members[n] @ query)[-CLOSEST:]
            fits[kind] = (centroid + float(closest.mean())) / 2
        return fits

    def fitting(self, text: str, kinds: Sequence[tuple[str, str]]) -> tuple[str, ...]:
        """Of the narrowest kinds under `kinds` ((field, value) pairs), those that fit
        `text` nearly as well as the best; () when none of them has a centroid."""
        allowed = sorted({k for kind in kinds for k in self.below.get(kind, ())
                          if k in self.position})
        if not allowed:
            return ()
        fits = self.fit(text, allowed)
        best = max(fits.values())
        return tuple(k for k in allowed if fits[k] >= best - NEAR)

    def better(self, text: str, these: Sequence[str], those: Sequence[str]) -> bool:
        """Whether the best of `these` kinds fits `text` clearly better than `those`."""
        if not these:
            return False
        fits = self.fit(text, sorted({*these, *those}))
        def best(kinds: Sequence[str]) -> float:
            return max((fits[k] for k in kinds), default=-1.0)
        return best(these) > best(those) + NEAR

    def clearly(self, text: str) -> str | None:
        """The one kind `text` is very close to, if any."""
        score = self.closeness(text)
        best = int(np.argmax(score))
        return self.names[best] if score[best] >= CLEAR else None


def _unit(vectors: np.ndarray) -> np.ndarray:
    """`vectors` (one, or one per row) scaled to unit length."""
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)
