"""What a catalog's fields mean, discovered from the catalog itself.

The reader (bot/understanding.py) reads a message against this schema, so it works
on any catalog a team loads, not only the demo ones:

- **numbers**: every numeric field with its range, and the part it plays, read from
  its name and its values: a year (1895-2030 whole numbers, or named so), a price,
  a rating, a count (popularity, votes) or a plain number;
- **a size field**: a text field of pack sizes ("500 g", "1 l");
- **kinds**: the fields that say what sort of thing an item is (genres, category,
  sub-category, type), broadest first;
- **names**: the text or list fields of many short values that people name
  (stars, director, author, brand, tags);
- **stock**: a yes-or-no field saying whether an item is in stock.

    >>> schema = CatalogSchema.of(fields, vocabulary, items)
    >>> schema.role("year").name, schema.role("year").low
    ('year', 1902)
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.catalog import Item
from bot.sizes import parse_size

# Field names that say what sort of thing an item is, broadest first.
KIND_NAMES = ("category", "department", "section", "genres", "genre", "sub_category",
              "subcategory", "type", "kind", "product_type")
ROLE_NAMES: dict[str, tuple[str, ...]] = {  # the preferred field of a role comes first
    "year": ("year", "release_year", "released", "year_released"),
    "price": ("price", "sale_price", "cost", "amount", "mrp", "market_price", "list_price"),
    "rating": ("rating", "avg_rating", "average_rating", "score", "review_score"),
    "count": ("popularity", "votes", "vote_count", "ratings", "num_ratings", "reviews",
              "review_count", "sold", "sales"),
    "length": ("runtime", "duration", "minutes", "length", "pages"),
}
STOCK_NAMES = ("in_stock", "stock", "available", "availability", "instock")
ID_LIKE = re.compile(r"(?:^|_)(?:id|ids|url|sku|ean|isbn|image)$", re.IGNORECASE)
MIN_NAMES = 50  # a field with this many distinct values or more holds names, not kinds
MAX_NAME_LENGTH = 40  # mean length of a name value
SIZE_SHARE = 0.8  # share of a text field's values that must read as pack sizes


@dataclass(frozen=True)
class NumberField:
    """A numeric field, its range over the catalog, and the part it plays."""

    name: str
    role: str  # year, price, rating, count, length or number
    low: float
    high: float
    whole: bool  # every value is a whole number
    quartiles: tuple[float, float, float] | None = None  # what "cheap", "premium" mean


@dataclass(frozen=True)
class CatalogSchema:
    """The meaning of a catalog's fields (see the module docstring)."""

    numbers: dict[str, NumberField] = field(default_factory=dict)
    kinds: tuple[str, ...] = ()
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field -> its values
    size_field: str | None = None
    stock_field: str | None = None  # a yes-or-no field saying whether an item is in stock

    @classmethod
    def of(cls, fields: Mapping[str, str], vocabulary: Mapping[str, Sequence[str]],
           items: Sequence[Item]) -> CatalogSchema:
        numbers = {}
        for name, kind in fields.items():
            if kind in ("int", "float") and not ID_LIKE.search(name):
                values = [v for i in items if isinstance(v := i.attributes.get(name), (int, float))
                          and not isinstance(v, bool)]
                if values:
                    numbers[name] = _number_field(name, values)
        kinds = tuple(sorted((n for n in fields if n.lower() in KIND_NAMES
                              and fields[n] in ("str", "list")),
                             key=lambda n: KIND_NAMES.index(n.lower())))
        names = {n: tuple(values) for n, values in vocabulary.items()
                 if n not in kinds and fields.get(n) in ("str", "list") and not ID_LIKE.search(n)
                 and len(values) >= MIN_NAMES and _mean_length(values) <= MAX_NAME_LENGTH
                 and not _sizes(values)}
        size_field = next((n for n, values in vocabulary.items()
                           if fields.get(n) == "str" and _sizes(values)), None)
        stock_field = next((n for n, kind in fields.items()
                            if kind == "bool" and n.lower() in STOCK_NAMES), None)
        return cls(numbers, kinds, names, size_field, stock_field)

    def role(self, role: str) -> NumberField | None:
        """The field that plays `role`: the one named first in ROLE_NAMES, else any."""
        playing = [f for f in self.numbers.values() if f.role == role]
        preferred = ROLE_NAMES.get(role, ())
        playing.sort(key=lambda f: preferred.index(f.name.lower())
                     if f.name.lower() in preferred else len(preferred))
        return playing[0] if playing else None


def _number_field(name: str, values: Sequence[float]) -> NumberField:
    low, high = float(min(values)), float(max(values))
    whole = all(float(v).is_integer() for v in values)
    cuts = statistics.quantiles(values, n=4) if len(values) > 1 else [low, low, low]
    return NumberField(name, _role(name, low, high, whole), low, high, whole,
                       (cuts[0], cuts[1], cuts[2]))


def _role(name: str, low: float, high: float, whole: bool) -> str:
    lowered = name.lower()
    for role, names in ROLE_NAMES.items():
        if lowered in names:
            return role
    if "year" in lowered or (whole and low >= 1850 and high <= 2100):
        return "year"
    if "price" in lowered or "cost" in lowered:
        return "price"
    if "rating" in lowered and high <= 10:
        return "rating"
    return "number"


def _sizes(values: Sequence[str]) -> bool:
    return bool(values) and sum(parse_size(v) is not None for v in values) >= SIZE_SHARE * len(
        values)


def _mean_length(values: Sequence[str]) -> float:
    return sum(map(len, values)) / len(values) if values else 0.0
