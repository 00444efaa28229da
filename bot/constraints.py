"""Hard constraints on recommendations: what may never be shown, whatever its score.

Constraints are applied twice with the same meaning: inside Chroma (a `where`
clause) when candidates are retrieved by content, and in Python on every candidate
from any source (the collaborative model knows nothing of stock or price), so an
item out of stock or over budget cannot slip in through the crowd.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.catalog import Item
from bot.filters import build_where

STOCK_FIELD = "in_stock"


@dataclass(frozen=True)
class Constraints:
    """What a recommendation must satisfy. Build with `Constraints.build`."""

    where: dict[str, Any] | None = None  # a Chroma where clause (see bot.filters)
    exclude_ids: frozenset[str] = frozenset()
    excluded_topics: tuple[str, ...] = ()  # genre, category, tag... values, any case

    @classmethod
    def build(cls, fields: Mapping[str, str], vocabulary: Mapping[str, Sequence[str]], *,
              conditions: Sequence[str] = (), min_price: float | None = None,
              max_price: float | None = None, exclude_ids: Iterable[str] = (),
              excluded_topics: Iterable[str] = (), in_stock_only: bool = True) -> Constraints:
        """Constraints for a catalog; `fields`/`vocabulary` come from its index manifest.

        Items out of stock are left out whenever the catalog has an `in_stock` field,
        unless `in_stock_only` is False or a condition on `in_stock` is given.
        """
        conditions = list(conditions)
        mentions_stock = any(c.strip().startswith(STOCK_FIELD) for c in conditions)
        if in_stock_only and fields.get(STOCK_FIELD) == "bool" and not mentions_stock:
            conditions.append(f"{STOCK_FIELD}=true")
        where = build_where(fields, vocabulary, conditions, max_price=max_price,
                            min_price=min_price)
        topics = tuple(t.strip().lower() for t in excluded_topics if t.strip())
        return cls(where, frozenset(exclude_ids), topics)

    def allows(self, item: Item) -> bool:
        if item.id in self.exclude_ids:
            return False
        if self.where is not None and not matches(self.where, item.attributes):
            return False
        return not (self.excluded_topics and self.touches_excluded_topic(item))

    def touches_excluded_topic(self, item: Item) -> bool:
        """True when a text attribute value, a title word or a description word is an
        excluded topic ("not spicy": "crisps with a spicy chargrilled taste")."""
        words = topic_words(item)
        return any(t in words for t in self.excluded_topics)


# What a product's own text says it is without: "no onion no garlic", "no onion & no
# garlic", "without palm oil", "onion-free"
FREE_OF_SAID = re.compile(r"\b(?:no|without|zero|non)[\s-]+(?:(?:added|adding|any|using)\s+)?[\w']+"
                          r"(?:\s*(?:&|and|,|/)\s*(?:no\s+)?[\w']+)*|\b[\w']+[\s-]free\b")


def topic_words(item: Item) -> frozenset[str]:
    """An item's text attribute values, title and description words, lower-cased. Worked
    out once per item object: a server keeps its items, and checks hundreds of them every
    turn."""
    cached = item.__dict__.get("_topic_words")  # Item is frozen: kept beside its fields
    if cached is None:
        # (what its text says it is free of is no topic of it: "No Onion No Garlic")
        text = FREE_OF_SAID.sub(" ", f"{item.title} {item.description}".lower())
        values: set[str] = set(re.findall(r"[\w']+", text))
        for value in item.attributes.values():
            if isinstance(value, str):
                values.add(value.lower())
            elif isinstance(value, list):
                values.update(v.lower() for v in value if isinstance(v, str))
        cached = item.__dict__["_topic_words"] = frozenset(values)
    return cached


def price_bounds_after(move: str, prices: Sequence[float]
                       ) -> tuple[float | None, float | None]:
    """(min, max) price for "cheaper" (under the middle price of the picks shown) or
    "pricier" (over it); (None, None) when no pick had a price."""
    if not prices:
        return None, None
    middle = float(statistics.median(prices))
    if move == "cheaper":
        return None, round(middle * 0.999, 2)
    return round(middle * 1.001, 2), None


def matches(where: Mapping[str, Any], attributes: Mapping[str, Any]) -> bool:
    """Evaluate a Chroma `where` clause against an item's attributes, as Chroma would."""
    if "$and" in where:
        return all(matches(clause, attributes) for clause in where["$and"])
    if "$or" in where:
        return any(matches(clause, attributes) for clause in where["$or"])
    for name, condition in where.items():
        operators = condition if isinstance(condition, dict) else {"$eq": condition}
        value = attributes.get(name)
        if not all(_holds(op, value, expected) for op, expected in operators.items()):
            return False
    return True


def _holds(operator: str, value: Any, expected: Any) -> bool:
    if operator == "$contains":
        return isinstance(value, list) and expected in value
    if operator == "$not_contains":
        return not (isinstance(value, list) and expected in value)
    if operator == "$ne":
        return value != expected
    if value is None:
        return False  # a missing field never satisfies a comparison (Chroma agrees)
    if operator == "$eq":
        return bool(value == expected)
    try:
        if operator == "$gt":
            return bool(value > expected)
        if operator == "$gte":
            return bool(value >= expected)
        if operator == "$lt":
            return bool(value < expected)
        if operator == "$lte":
            return bool(value <= expected)
        if operator == "$in":
            return value in expected
        if operator == "$nin":
            return value not in expected
    except TypeError:
        return False
    raise ValueError(f"unsupported where operator {operator!r}")
