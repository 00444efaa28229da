"""The hard rules of substitution, and what relaxing them (never the category) would find.

`SubstituteOptions` are a person's wishes (price band, same brand, cheaper);
`CatalogRules` apply the fixed rules (same category path, in stock) with those
wishes, as a Chroma `where` clause for retrieval and on an item's attributes,
and name each rule a candidate breaks. When nothing passes, `price_relaxation`
finds the narrowest price band that would find something.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from bot.catalog import Item
from bot.constraints import STOCK_FIELD, matches
from bot.errors import QueryError
from bot.substitution.acceptance import price_of, same_brand

DEFAULT_MAX_PRICE_CHANGE = 0.25
MAX_PRICE_CHANGE_LIMIT = 10.0  # +/-1000%: beyond it, "any price" says it better
RELAXATION_STEP = 0.05  # a widened price band is rounded up to a multiple of this
NOT_SAME = "not the same"


@dataclass(frozen=True)
class SubstituteOptions:
    """The person's wishes on top of the fixed rules."""

    max_price_change: float | None = DEFAULT_MAX_PRICE_CHANGE  # None: any price
    same_brand: bool = False
    cheaper: bool = False

    def check(self) -> SubstituteOptions:
        band = self.max_price_change
        if band is not None and not (isinstance(band, int | float) and math.isfinite(band)
                                     and 0 <= band <= MAX_PRICE_CHANGE_LIMIT):
            raise QueryError(f"the price band must be between 0 and {MAX_PRICE_CHANGE_LIMIT} "
                             f"(a fraction: 0.25 is +/-25%), not {band!r}")
        return self

    def describe(self) -> str:
        """'cheaper, of the same brand, within 25% of the price'."""
        words = []
        if self.cheaper:
            words.append("cheaper")
        if self.same_brand:
            words.append("of the same brand")
        if self.max_price_change is not None:
            words.append(f"within {percent(self.max_price_change)}% of the price")
        return ", ".join(words) or "any price"

    def to_dict(self) -> dict[str, Any]:
        return {"max_price_change": self.max_price_change, "same_brand": self.same_brand,
                "cheaper": self.cheaper}


@dataclass
class Relaxation:
    """A wish that, dropped or widened, would find substitutes (never the category)."""

    name: str  # "price", "brand" or "price and brand"
    description: str  # "prices up to 40% higher: 3 items"
    options: SubstituteOptions  # ask again with these
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "count": self.count,
                "options": self.options.to_dict()}


@dataclass(frozen=True)
class CatalogRules:
    """The hard rules as one catalog can apply them."""

    path: tuple[str, ...]  # the category-path fields this catalog has
    tracks_stock: bool

    def where(self, original: Item, options: SubstituteOptions, *, price: bool = True,
              brand: bool = True, stock: bool = True) -> dict[str, Any]:
        """The rules as a Chroma where clause (the same clause is checked in Python)."""
        clauses: list[dict[str, Any]] = [{name: original.attributes[name]} for name in self.path]
        if stock and self.tracks_stock:
            clauses.append({STOCK_FIELD: True})
        original_price = price_of(original)
        assert original_price is not None  # checked by Substituter.original
        if price and options.max_price_change is not None:
            low, high = _band(original_price, options.max_price_change)
            clauses += [{"price": {"$gte": low}}, {"price": {"$lte": high}}]
        if price and options.cheaper:
            clauses.append({"price": {"$lt": original_price}})
        if brand and options.same_brand:
            clauses.append({"brand": original.attributes.get("brand") or ""})
        if len(clauses) < 2:
            return clauses[0] if clauses else {}  # {}: no condition (Chroma takes None)
        return {"$and": clauses}

    def price_ok(self, original: Item, candidate: Item, options: SubstituteOptions) -> bool:
        return matches(self.where(original, replace(options, same_brand=False)),
                       candidate.attributes)

    def failures(self, original: Item, candidate: Item, options: SubstituteOptions
                 ) -> list[str]:
        """Each hard rule `candidate` breaks, in words."""
        reasons = []
        for name in self.path:
            value, wanted = candidate.attributes.get(name), original.attributes.get(name)
            if value != wanted:
                reasons.append(f"{NOT_SAME} {name.replace('_', '-')} ({value!r}, not {wanted!r})")
        if candidate.id == original.id:
            reasons.append("it is the same item")
        if self.tracks_stock and candidate.attributes.get(STOCK_FIELD) is not True:
            reasons.append("out of stock")
        price, original_price = price_of(candidate), price_of(original)
        if price is None:
            reasons.append("no price")
        elif original_price is not None:
            if options.max_price_change is not None:
                low, high = _band(original_price, options.max_price_change)
                if not low <= price <= high:
                    reasons.append(f"price {price:g} is outside {low:g}-{high:g}")
            if options.cheaper and price >= original_price:
                reasons.append("not cheaper")
        if options.same_brand and not same_brand(original, candidate):
            reasons.append("not the same brand")
        return reasons


def price_relaxation(original: Item, items: list[Item], options: SubstituteOptions
                     ) -> Relaxation | None:
    """The narrowest price band (rounded up to 5%) that finds at least one of `items`."""
    price = price_of(original)
    assert price is not None
    changes = [(p - price) / price for i in items if (p := price_of(i)) is not None]
    cheaper = options.cheaper and any(c < 0 for c in changes)
    eligible = [c for c in changes if c < 0] if cheaper else changes
    if not eligible:
        return None
    closest = min(abs(c) for c in eligible)
    band = math.ceil(round(closest / RELAXATION_STEP, 6)) * RELAXATION_STEP
    if options.max_price_change is not None and band <= options.max_price_change \
            and cheaper == options.cheaper:
        return None  # the price was not what stood in the way
    if options.max_price_change is not None:
        band = max(band, options.max_price_change)  # never narrower than what was asked
    relaxed = SubstituteOptions(None if options.max_price_change is None else round(band, 4),
                                options.same_brand, cheaper)
    count = sum(1 for c in eligible if relaxed.max_price_change is None
                or abs(c) <= band + 1e-9)
    nearest = min(eligible, key=abs)
    direction = "cheaper" if nearest < 0 else "more expensive"
    scope = "any price" if relaxed.max_price_change is None \
        else f"a price band of {percent(band)}%"
    if options.cheaper and not cheaper:  # nothing is cheaper at all: drop that wish too
        scope = "not only cheaper ones (none is)" if band == options.max_price_change \
            else f"{scope}, not only cheaper ones (none is)"
    return Relaxation("price", f"{scope}: {items_text(count)}, the closest "
                               f"{percent(abs(nearest))}% {direction}", relaxed, count)


def _band(price: float, change: float) -> tuple[float, float]:
    return price * (1 - change), price * (1 + change)


def percent(fraction: float) -> str:
    return f"{fraction * 100:.0f}" if round(fraction * 100, 6).is_integer() \
        else f"{fraction * 100:.1f}"


def items_text(count: int) -> str:
    return f"{count} item{'s' if count != 1 else ''}"
