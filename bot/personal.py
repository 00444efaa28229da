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

from collections.abc import Callable, Iterable, Mapping, Sequence

from bot.constraints import Constraints
from bot.profiles import Profile
from bot.ranker import RecommendRequest


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


def tighter(pick: Callable[[list[float]], float], *bounds: float | None) -> float | None:
    """The tighter of the bounds that are set (`min` for maxima, `max` for minima)."""
    present = [b for b in bounds if b is not None]
    return pick(present) if present else None
