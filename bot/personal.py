"""A person's request as the ranker takes it: their profile plus what they ask for now.

The one place where a profile becomes hard constraints and a `RecommendRequest`, for
the offline engine, the LLM agent's tools and the digest alike: the person's budget
(tightened, never loosened, by this request's), their refused topics, items out of
stock, what is to be left out, and their likes, dislikes and history as signals.

    >>> request = personal_request(profile, view.fields, view.vocabulary,
    ...                            conditions=["genres=Comedy"], query="space", k=5)
    >>> ranker.recommend(request)
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.asked_about import label
from bot.constraints import Constraints, price_bounds_after
from bot.filters import parse_condition
from bot.profiles import Profile
from bot.ranker import RecommendRequest
from bot.reasons import price_bound

if TYPE_CHECKING:
    from bot.catalog_view import CatalogView

MOVES = ("cheaper", "pricier", "older", "newer", "better_rated", "longer", "shorter",
         "less_popular", "more_popular")
MOVE_ROLES = {"cheaper": "price", "pricier": "price", "older": "year", "newer": "year",
              "better_rated": "rating", "longer": "length", "shorter": "length",
              "less_popular": "count", "more_popular": "count"}
MOVE_WORDS = {"older": ("Older", "before"), "newer": ("Newer", "after"),
              "better_rated": ("Better rated", "over"), "longer": ("Longer", "over"),
              "shorter": ("Shorter", "under"), "less_popular": ("Less popular", "under"),
              "more_popular": ("More popular", "over")}
# Moves to lower values of their field ("shorter": under the shortest shown)
LOWER = frozenset({"older", "shorter", "less_popular"})


@dataclass(frozen=True)
class Move:
    """A request moved on past the picks shown: a price range, or a filter on one field."""

    ones: str  # "Older"
    bound: str  # "before 1984", "under 194"
    min_price: float | None = None
    max_price: float | None = None
    filter: str | None = None  # "year<1984"

    @property
    def note(self) -> str:
        """What to tell the person: "Older ones, before 1984."."""
        return f"{self.ones} ones, {self.bound}."


def personal_request(profile: Profile, fields: Mapping[str, str],
                     vocabulary: Mapping[str, Sequence[str]], *, query: str | None = None,
                     conditions: Sequence[str] = (), max_price: float | None = None,
                     min_price: float | None = None, exclude: Iterable[str] = (), k: int = 5,
                     user_id: str | None = None) -> RecommendRequest:
    """The ranker request for `profile` asking for `query` under `conditions` (FIELD=VALUE
    filters, checked against the catalog: `FilterError` for one it cannot apply).

    A budget applies only to a catalog with prices; `constraints` of the result also
    serve `similar` and plain searches."""
    priced = "price" in fields
    constraints = Constraints.build(
        fields, vocabulary, conditions=conditions,
        max_price=tighter(min, profile.max_price, max_price) if priced else None,
        min_price=tighter(max, profile.min_price, min_price) if priced else None,
        exclude_ids=exclude, excluded_topics=profile.excluded_topics)
    return RecommendRequest(user_id=user_id, liked=profile.liked, disliked=profile.disliked,
                            seen=[*profile.seen, *profile.accepted],
                            query=(query or "").strip() or None, constraints=constraints, k=k)


def unmovable(move: str, catalog: CatalogView, then: str = "; other picks instead"
              ) -> str | None:
    """What to say when the catalog has no field for `move` ("cheaper" among films), else
    None; `then`: what happens instead."""
    role = MOVE_ROLES[move]
    if catalog.reading.schema.role(role) is not None:
        return None
    return f"There are no {role}s here to compare{then}."


def moved_past(move: str, catalog: CatalogView, shown: Sequence[str]) -> Move | None:
    """`move` ("cheaper", "older"...) past the picks `shown`: "cheaper" is under their
    middle price, "older" before the oldest of them, on the field that plays the part.
    None when the catalog has no such field or the picks no values for it."""
    number = catalog.reading.schema.role(MOVE_ROLES[move])
    values = [v for i in catalog.index.get(list(shown)) if number is not None
              and isinstance(v := i.attributes.get(number.name), (int, float))]
    if number is None or not values:
        return None
    if number.role == "price":
        low, high = price_bounds_after(move, values)
        return Move("Cheaper" if high is not None else "Pricier", price_bound(high, low),
                    min_price=low, max_price=high)
    lower = move in LOWER
    if number.role == "count":  # ("less popular": than most of them, not the least of all)
        bound = float(statistics.median(values))
        relation = f"{label(number.name)} {MOVE_WORDS[move][1]} {bound:g}"
    else:
        bound = min(values) if lower else max(values)
        relation = f"{MOVE_WORDS[move][1]} {bound:g}"
    return Move(MOVE_WORDS[move][0], relation,
                filter=f"{number.name}{'<' if lower else '>'}{bound:g}")


def with_filter(filters: Sequence[str], added: str) -> list[str]:
    """`filters` with `added`, which replaces any on the same field."""
    field = parse_condition(added)[0]
    return [*(f for f in filters if parse_condition(f)[0] != field), added]


def tighter(pick: Callable[[list[float]], float], *bounds: float | None) -> float | None:
    """The tighter of the bounds that are set (`min` for maxima, `max` for minima)."""
    present = [b for b in bounds if b is not None]
    return pick(present) if present else None
