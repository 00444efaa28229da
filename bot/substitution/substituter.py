"""Substitutes for an item that is out of stock: rules first, then ranking, then the guard.

1. **Hard rules** pick the candidates, inside the index (a Chroma `where`
   clause) and again on each candidate's attributes: the same category path
   (category, sub-category and type, every one of them the catalog has), in
   stock, price within a band around the original's (default +/-25%), and, when
   asked, the same brand or a lower price. The category rule is never relaxed.
2. **Ranking** blends content similarity of name and description (the items'
   embeddings), same brand, similar size or pack, price closeness and rating;
   once people have accepted or rejected substitutes, the learned acceptance
   probability (`bot.acceptance`) takes a growing share of the score. Pairs that
   people keep rejecting are vetoed.
3. **The category guard** (`bot.guard`) checks every substitute before it is
   offered, independently of the rules.

Each substitute says why ("same brand, 500 g instead of 1 kg, 8% cheaper").
When nothing passes, the result says so and which relaxation (price or brand)
would find something; the category is never among them. It is still not empty
while the kind has an item in stock: the nearest of the kind in price come back
(`result.nearest`), each marked with the wishes it misses ("70% more expensive
than Butter - Pasteurised, outside the ±25% band"); only the wishes give way,
never the category path, the stock or the guard.

    >>> substituter = Substituter(context.index("groceries"), AcceptanceModel(store, "groceries"))
    >>> result = substituter.substitutes("72", k=5, cheaper=True)
    >>> [(s.item.title, s.why) for s in result.substitutes]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from bot.catalog import Item
from bot.constraints import STOCK_FIELD, matches
from bot.errors import QueryError, SubstitutionError, UnknownItemError
from bot.substitution.acceptance import (
    AcceptanceModel,
    PairRecord,
    pair_features,
    price_of,
    same_brand,
)
from bot.substitution.guard import CATEGORY_PATH, guard, path_text
from bot.substitution.rules import (
    DEFAULT_MAX_PRICE_CHANGE,
    NOT_SAME,
    CatalogRules,
    Relaxation,
    SubstituteOptions,
    items_text,
    price_relaxation,
)
from bot.substitution.why import explain, missed
from indexes.items import ItemIndex, SearchHit

MAX_K = 50
POOL = 300  # rule-passing candidates, nearest in content first, that ranking looks at


@dataclass(frozen=True)
class SubstituteWeights:
    """How much each part counts before anything is learned (a hand-set prior: content
    leads, brand, size and price refine it). Learning then takes a share of the score of
    n / (n + learning_shrinkage) for n feedback events."""

    content: float = 1.0
    brand: float = 0.5
    size: float = 0.5
    price: float = 0.5
    rating: float = 0.25
    learning_shrinkage: float = 200.0

    def rule_parts(self) -> dict[str, float]:
        return {"content": self.content, "brand": self.brand, "size": self.size,
                "price": self.price, "rating": self.rating}


@dataclass
class Substitute:
    """One substitute, its score, the parts of the score, and why it was chosen."""

    item: Item
    score: float
    parts: dict[str, float]  # weighted contributions; they add up to `score`
    why: str
    price_change: float  # -0.08 is 8% cheaper than the original
    acceptance: float | None = None  # learned probability, None before any feedback
    # Only for the nearest items, offered when none meets the wishes:
    outside_band: float | None = None  # past the band's edge: 0.45 is 70% against +/-25%
    unmet_wishes: list[str] = field(default_factory=list)  # "price band", "same brand"...

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.item.id, "title": self.item.title, "score": round(self.score, 4),
                "why": self.why, "price": self.item.attributes.get("price"),
                "price_change": round(self.price_change, 4),
                "brand": self.item.attributes.get("brand"),
                "size": self.item.attributes.get("size"),
                "acceptance": None if self.acceptance is None else round(self.acceptance, 4),
                "parts": {k: round(v, 4) for k, v in self.parts.items()},
                "outside_band": None if self.outside_band is None
                else round(self.outside_band, 4),
                "unmet_wishes": list(self.unmet_wishes)}


@dataclass
class SubstituteResult:
    """The substitutes for one item. When none meets the wishes, `reason_if_empty` says why
    and `relaxations_offered` what would find some; `substitutes` then holds the nearest of
    the same kind in stock, closest in price first, each marked (`nearest` is True), and is
    empty only when the kind has nothing in stock."""

    original: Item
    options: SubstituteOptions
    substitutes: list[Substitute] = field(default_factory=list)
    relaxations_offered: list[Relaxation] = field(default_factory=list)
    reason_if_empty: str | None = None  # why none meets the wishes (also when `nearest`)
    vetoed: list[str] = field(default_factory=list)  # pairs left out after many rejections
    nearest: bool = False  # the substitutes miss a wish (the price band, the brand...)

    def to_dict(self) -> dict[str, Any]:
        original = self.original
        return {"original": {"id": original.id, "title": original.title,
                             "price": original.attributes.get("price"),
                             "brand": original.attributes.get("brand"),
                             "in_stock": original.attributes.get(STOCK_FIELD),
                             "category_path": path_text(original.attributes)},
                "options": self.options.to_dict(),
                "substitutes": [s.to_dict() for s in self.substitutes],
                "relaxations_offered": [r.to_dict() for r in self.relaxations_offered],
                "reason_if_empty": self.reason_if_empty, "vetoed": self.vetoed,
                "nearest": self.nearest}


@dataclass
class Verdict:
    """Whether a proposed substitute may be offered (every hard rule and the guard)."""

    ok: bool
    reasons: list[str] = field(default_factory=list)  # what fails, when not ok


@dataclass
class _Kind:
    """The items of an original's category path that were read (nearest first)."""

    hits: list[SearchHit]
    truncated: bool  # the path holds more items than were read


class Substituter:
    """Finds safe substitutes in one catalog's index and learns from feedback on them."""

    def __init__(self, index: ItemIndex, acceptance: AcceptanceModel | None = None, *,
                 path: Sequence[str] = CATEGORY_PATH, weights: SubstituteWeights | None = None,
                 pool: int = POOL):
        self.index = index
        self.acceptance = acceptance
        self.path = tuple(path)
        self.weights = weights or SubstituteWeights()
        self.pool = pool

    # -- the verbs ----------------------------------------------------------------------

    def substitutes(self, item_id: str, k: int = 5, *,
                    max_price_change: float | None = DEFAULT_MAX_PRICE_CHANGE,
                    same_brand: bool = False, cheaper: bool = False,
                    exclude: Iterable[str] = ()) -> SubstituteResult:
        """Up to `k` substitutes for `item_id`, best first, each with its reasons; when none
        meets the wishes, the nearest of the kind in price, marked (`result.nearest`)."""
        if not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise QueryError(f"k must be a whole number from 1 to {MAX_K}, not {k!r}")
        options = SubstituteOptions(max_price_change, same_brand, cheaper).check()
        catalog = self.rules()
        original = self.original(item_id, catalog)
        excluded = {original.id, *exclude}
        records = self._records(original.id)
        vetoed = self.acceptance.vetoed(records) if self.acceptance else set()
        vector = self._vector(original.id)
        kind = self._same_kind(original, vector, catalog, excluded)
        where = catalog.where(original, options)
        hits = [h for h in kind.hits if matches(where, h.item.attributes)]
        if len(hits) < k and kind.truncated:  # more of the kind than were read: ask Chroma
            hits = self._guarded(original, self.index.search_vector(
                vector, self.pool + len(excluded), where), where, excluded)
        passing = [h for h in hits if h.item.id not in vetoed]
        result = SubstituteResult(original, options,
                                  vetoed=sorted({h.item.id for h in hits} & vetoed))
        if not passing:
            wider = self._in_stock(original, catalog, vector, kind, excluded | vetoed)
            result.reason_if_empty, result.relaxations_offered = self._why_none(
                original, options, catalog, wider)
            result.substitutes = self._nearest(original, options, catalog, vector, kind, wider,
                                               excluded | vetoed, records, k)
            result.nearest = bool(result.substitutes)
            return result
        result.substitutes = self._rank(original, passing, options, records, k)
        return result

    def check(self, original_id: str, candidate_id: str,
              options: SubstituteOptions | None = None) -> Verdict:
        """May `candidate_id` be offered instead of `original_id`? For items proposed from
        outside the engine (an LLM, a person): every hard rule, then the guard."""
        options = (options or SubstituteOptions()).check()
        catalog = self.rules()
        original = self.original(original_id, catalog)
        candidate = self._item(candidate_id)
        reasons = catalog.failures(original, candidate, options)
        verdict = guard(original, candidate, catalog.path)
        if not verdict.ok and verdict.reason not in reasons \
                and not any(r.startswith(NOT_SAME) for r in reasons):
            reasons.insert(0, verdict.reason)  # what the guard caught and the rules did not
        if candidate.id in (self.acceptance.vetoed(self._records(original.id))
                            if self.acceptance else set()):
            reasons.append("people have rejected this substitution too often")
        return Verdict(not reasons, reasons)

    def record(self, original_id: str, substitute_id: str, accepted: bool, *,
               session_id: str | None = None) -> PairRecord:
        """Store that a person accepted or rejected `substitute_id` for `original_id`; returns
        the pair's record so far. A pair across categories is refused, not learned from."""
        if self.acceptance is None:
            raise SubstitutionError("no acceptance store is configured for learning")
        catalog = self.rules()
        original = self.original(original_id, catalog)
        candidate = self._item(substitute_id)
        verdict = guard(original, candidate, catalog.path)
        if not verdict.ok:
            raise SubstitutionError(f"{candidate.title!r} cannot be a substitute for "
                                    f"{original.title!r} ({verdict.reason}); not recorded")
        if price_of(candidate) is None:
            raise SubstitutionError(f"item {candidate.id!r} ({candidate.title!r}) has no price")
        ids, vectors = self.index.embeddings([original.id, candidate.id])
        content = float(_unit(vectors[0]) @ _unit(vectors[1])) if len(ids) == 2 else 0.0
        self.acceptance.store.record(self.acceptance.catalog, original.id, candidate.id,
                                     bool(accepted), session_id=session_id,
                                     features=pair_features(original, candidate, content))
        return self.acceptance.store.pairs(self.acceptance.catalog, original.id).get(
            candidate.id, PairRecord())

    def original(self, item_id: str, catalog: CatalogRules | None = None) -> Item:
        """The item to replace, checked: it exists and has a price and a category path."""
        catalog = catalog or self.rules()
        item = self._item(item_id)
        missing = [name for name in catalog.path if not _text(item.attributes.get(name))]
        if missing:
            raise SubstitutionError(
                f"item {item.id!r} ({item.title!r}) has no {' or '.join(missing)}: without "
                "its category no substitute can be shown to do the same job")
        if (price_of(item) or 0.0) <= 0:
            raise SubstitutionError(f"item {item.id!r} ({item.title!r}) has no price, so the "
                                    "price band cannot be checked")
        return item

    # -- inside -------------------------------------------------------------------------

    def rules(self) -> CatalogRules:
        """The hard rules as this catalog can apply them; `SubstitutionError` when it has no
        category path or no prices to apply them with."""
        manifest = self.index.manifest()
        path = tuple(name for name in self.path if manifest.fields.get(name) == "str")
        if not path:
            raise SubstitutionError(
                f"catalog {self.index.catalog!r} has no {', '.join(self.path)} field; "
                "substitution needs a category for every item")
        if manifest.fields.get("price") not in ("int", "float"):
            raise SubstitutionError(f"catalog {self.index.catalog!r} has no numeric price "
                                    "field; substitution needs prices")
        return CatalogRules(path, manifest.fields.get(STOCK_FIELD) == "bool")

    def _item(self, item_id: str) -> Item:
        found = self.index.get([item_id]) if isinstance(item_id, str) and item_id else []
        if not found:
            raise UnknownItemError(f"no item with id {item_id!r} in catalog "
                                   f"{self.index.catalog!r}")
        return found[0]

    def _records(self, original_id: str) -> dict[str, PairRecord]:
        if self.acceptance is None:
            return {}
        self.acceptance.refresh()
        return self.acceptance.store.pairs(self.acceptance.catalog, original_id)

    def _vector(self, item_id: str) -> np.ndarray:
        _, vectors = self.index.embeddings([item_id])
        return vectors[0]

    def _same_kind(self, original: Item, vector: np.ndarray, catalog: CatalogRules,
                   excluded: set[str]) -> _Kind:
        """The items of the same category path, nearest in content first, guarded. Only the
        path goes to Chroma: a filter on price and stock as well costs it three times as long
        (they are checked here instead, on each item's attributes)."""
        fetch = self.pool + len(excluded)
        where = catalog.where(original, SubstituteOptions(None), price=False, brand=False,
                              stock=False)
        found = self.index.search_vector(vector, fetch, where)
        return _Kind(self._guarded(original, found, where, excluded), len(found) >= fetch)

    def _guarded(self, original: Item, hits: list[SearchHit], where: dict[str, Any],
                 excluded: set[str]) -> list[SearchHit]:
        """Hits that pass `where` on their own attributes and the category guard."""
        return [h for h in hits if h.item.id not in excluded and matches(where, h.item.attributes)
                and guard(original, h.item, self.path)][:self.pool]

    def _rank(self, original: Item, hits: list[SearchHit], options: SubstituteOptions,
              records: Mapping[str, PairRecord], k: int, *,
              wishes: SubstituteOptions | None = None) -> list[Substitute]:
        """The `k` best of `hits`; with `wishes`, each is marked with those it misses."""
        features = [pair_features(original, h.item, h.score) for h in hits]
        rules = self.weights.rule_parts()
        total = sum(rules.values()) or 1.0
        values = _part_values(features, options)
        learned = self.acceptance is not None and self.acceptance.events > 0
        share = self.acceptance.confidence(self.weights.learning_shrinkage) \
            if learned and self.acceptance else 0.0
        contributions = {name: (1 - share) * weight / total * values[name]
                         for name, weight in rules.items()}
        acceptance = None
        if learned and self.acceptance is not None:
            acceptance = self.acceptance.scores(original.id, [h.item.id for h in hits],
                                                features, records)
            contributions["acceptance"] = share * acceptance
        scores = np.sum(list(contributions.values()), axis=0)
        order = np.argsort(-scores, kind="stable")[:k]
        substitutes = []
        for n in order:
            item, change = hits[n].item, features[n]["price_change"]
            unmet, outside = missed(wishes, original, item, change) if wishes else ([], None)
            substitutes.append(Substitute(
                item, float(scores[n]), {name: float(c[n]) for name, c in contributions.items()},
                explain(original, item, features[n], records.get(item.id), wishes=wishes),
                change, None if acceptance is None else float(acceptance[n]), outside, unmet))
        return substitutes

    def _in_stock(self, original: Item, catalog: CatalogRules, vector: np.ndarray, kind: _Kind,
                  excluded: set[str]) -> list[SearchHit]:
        """The kind's items in stock (every hard rule, no wish), nearest in content first."""
        in_stock = catalog.where(original, SubstituteOptions(None), price=False, brand=False)
        wider = [h for h in kind.hits if h.item.id not in excluded
                 and matches(in_stock, h.item.attributes)]
        if not wider and kind.truncated:
            wider = self._guarded(original, self.index.search_vector(
                vector, self.pool + len(excluded), in_stock), in_stock, excluded)
        return wider

    def _nearest(self, original: Item, options: SubstituteOptions, catalog: CatalogRules,
                 vector: np.ndarray, kind: _Kind, wider: list[SearchHit], excluded: set[str],
                 records: Mapping[str, PairRecord], k: int) -> list[Substitute]:
        """When none meets the wishes: the `k` priced items of the kind in stock closest in
        price, each marked with the wishes it misses. The price band gives way; same brand
        and cheaper are kept while they find something (the brand goes first); the category
        path, the stock and the guard always hold."""
        if not wider:
            return []
        for wishes in _fallbacks(options):
            where = catalog.where(original, wishes)
            hits = [h for h in wider if matches(where, h.item.attributes)]
            if kind.truncated:  # the kind holds more than was read: ask Chroma by price
                hits = self._closer_in_price(original, catalog, vector, wishes, hits,
                                             excluded, k)
            hits = [h for h in hits if price_of(h.item) is not None  # "closest in price"
                    and guard(original, h.item, self.path)]  # and once more, in plain Python
            if hits:
                break
        else:
            return []
        ranked = self._rank(original, hits, wishes, records, len(hits), wishes=options)
        ranked.sort(key=lambda s: abs(s.price_change))  # closest in price first
        return ranked[:k]

    def _closer_in_price(self, original: Item, catalog: CatalogRules, vector: np.ndarray,
                         wishes: SubstituteOptions, hits: list[SearchHit], excluded: set[str],
                         k: int) -> list[SearchHit]:
        """`hits`, and every item meeting `wishes` at least as close in price as the k-th
        closest of them (up to the pool): the nearest in content are not always the nearest
        in price."""
        fetch = self.pool + len(excluded)
        where = catalog.where(original, wishes)
        if len(hits) < k:  # too few of them were read to know the k-th closest
            hits = _merged(hits, self._guarded(
                original, self.index.search_vector(vector, fetch, where), where, excluded))
        price = price_of(original)
        changes = sorted(abs(p / price - 1) for h in hits if price
                         and (p := price_of(h.item)) is not None)
        if not changes:
            return hits
        reach = changes[min(k, len(changes)) - 1] * (1 + 1e-9) + 1e-12
        near = catalog.where(original, replace(wishes, max_price_change=reach))
        return _merged(hits, self._guarded(original, self.index.search_vector(vector, fetch, near),
                                           near, excluded))

    def _why_none(self, original: Item, options: SubstituteOptions, catalog: CatalogRules,
                  wider: list[SearchHit]) -> tuple[str, list[Relaxation]]:
        """Why nothing passed, and which wishes (price, brand), relaxed, would find some."""
        path = path_text(original.attributes, catalog.path)
        stock = " in stock" if catalog.tracks_stock else ""
        if not wider:
            return (f"No other item of the same kind ({path}) is{stock}, and I only suggest "
                    "items of the same kind, so I have no substitute to offer.", [])
        offers = []
        brand_ok = [h.item for h in wider if not options.same_brand
                    or same_brand(original, h.item)]
        any_brand = replace(options, same_brand=False)
        if options.same_brand:
            count = sum(1 for h in wider if catalog.price_ok(original, h.item, options))
            if count:
                offers.append(Relaxation("brand", f"other brands: {items_text(count)}",
                                         any_brand, count))
        price = price_relaxation(original, brand_ok, options)
        if price is not None:
            offers.append(price)
        if not offers and options.same_brand:
            both = price_relaxation(original, [h.item for h in wider], any_brand)
            if both is not None:
                offers.append(replace(both, name="price and brand",
                                      description=f"other brands and {both.description}"))
        reason = f"Nothing{stock} of the same kind ({path}) is {options.describe()}."
        return reason, offers


def _merged(hits: list[SearchHit], more: list[SearchHit]) -> list[SearchHit]:
    return list({h.item.id: h for h in [*hits, *more]}.values())


def _fallbacks(options: SubstituteOptions) -> list[SubstituteOptions]:
    """The wishes the nearest items keep, most first: all but the price band, then without
    the same brand, then none (the hard rules only)."""
    return list(dict.fromkeys([SubstituteOptions(None, options.same_brand, options.cheaper),
                               SubstituteOptions(None, False, options.cheaper),
                               SubstituteOptions(None)]))


def _part_values(features: Sequence[Mapping[str, float]], options: SubstituteOptions
                 ) -> dict[str, np.ndarray]:
    """Each rule part per candidate, 0..1."""
    def column(name: str) -> np.ndarray:
        return np.array([f[name] for f in features], dtype=np.float64)

    change = column("price_change")
    band = options.max_price_change or float(np.abs(change).max()) or 1.0
    price = np.clip(-change / band, 0.0, 1.0) if options.cheaper \
        else np.clip(1.0 - np.abs(change) / band, 0.0, 1.0)
    rating, known = column("rating"), column("rating_known").astype(bool)
    neutral = float(np.median(rating[known])) if known.any() else 0.7
    return {"content": _scaled(column("content")), "brand": column("same_brand"),
            "size": column("size_similarity"), "price": price,
            "rating": np.where(known, rating, neutral)}


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _scaled(values: np.ndarray) -> np.ndarray:
    low, high = (float(values.min()), float(values.max())) if len(values) else (0.0, 0.0)
    return (values - low) / (high - low) if high > low else np.ones_like(values)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
