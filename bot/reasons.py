"""Why a pick was chosen, in plain words, built from what was asked and the item's facts.

    "a 1990s romantic comedy; like Heat (1995), which you loved"
    "stars Tom Hanks; loved by many"
    "Green Tea; priced 50, under 300"

The reasons come first from the request as it was read (its kinds, years, people,
audience, budget, rating), said with the pick's own values so every word is true of
it, then from the score part that chose it (a title the person loved, what its fans
also loved, the crowd). The words a person typed are never echoed back.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.catalog import Item
from bot.ranker import Pick
from bot.schema import CatalogSchema
from bot.titles import display_title
from bot.understanding import Understanding

# Genres that read as an adjective before a noun ("romantic comedy", "animated film").
ADJECTIVES = {"romance": "romantic", "animation": "animated", "sci-fi": "sci-fi",
              "children": "family", "fantasy": "fantasy", "crime": "crime", "war": "war",
              "action": "action", "adventure": "adventure", "horror": "horror",
              "mystery": "mystery", "musical": "musical", "film-noir": "noir",
              "documentary": "documentary", "western": "western", "thriller": "thriller",
              "drama": "drama"}
NOUNS = {"comedy": "comedy", "drama": "drama", "thriller": "thriller", "western": "western",
         "documentary": "documentary", "musical": "musical"}
VERBS = {"stars": "stars", "cast": "stars", "actors": "stars", "actor": "stars",
         "starring": "stars", "director": "directed by", "directors": "directed by",
         "author": "by", "authors": "by", "artist": "by", "writer": "written by"}
AUDIENCES = {"young_child": "made for young children", "child": "fine for children",
             "family": "for the whole family", "teen": "for teens", "adult": "for grown-ups"}
MAX_REASONS = 2


def explain(pick: Pick, said: Understanding | None, schema: CatalogSchema, *,
            more_like: bool = False) -> str:
    """The reasons for `pick`, strongest first, joined for a pick line. With `more_like`
    the picks are like a title the person named, not necessarily one they loved."""
    asked = _asked(pick.item, said, schema) if said is not None else []
    chosen = [r for r in (*asked, *_scored(pick, more_like)) if r]
    return "; ".join(list(dict.fromkeys(chosen))[:MAX_REASONS]) or "a good match"


def _asked(item: Item, said: Understanding, schema: CatalogSchema) -> list[str]:
    """What the person asked for that this item is, in the item's own values."""
    reasons = [_described(item, said, schema)]
    for name in said.names:
        if name.value in _values(item, name.field):
            reasons.append(f"{VERBS.get(name.field.lower(), name.field)} {name.value}")
    if said.audience is not None and said.audience_filters:
        reasons.append(AUDIENCES[said.audience.group])
    price = schema.role("price")
    if price is not None and (said.max_price or said.min_price) and isinstance(
            value := item.attributes.get(price.name), (int, float)):
        bound = f"under {said.max_price:g}" if said.max_price else f"over {said.min_price:g}"
        reasons.append(f"priced {value:g}, {bound}")
    rating = schema.role("rating")
    if rating is not None and any(c.field == rating.name for c in said.conditions) and \
            isinstance(value := item.attributes.get(rating.name), (int, float)):
        reasons.append(f"rated {value:g}")
    return reasons


def _described(item: Item, said: Understanding, schema: CatalogSchema) -> str:
    """'a 1990s romantic comedy', 'a green tea': the kinds and years asked for, as this
    item has them."""
    year = schema.role("year")
    era = ""
    if year is not None and any(c.field == year.name for c in said.conditions) and \
            isinstance(value := item.attributes.get(year.name), int):
        era = f"{value // 10 * 10}s" if _spans_years(said, year.name) else f"{value}"
    kinds = [v for v in said.wanted if v in _kind_values(item, schema)]
    if said.kind is not None:
        kinds += [v for v in said.kind.values if v in _kind_values(item, schema)][:1]
    if not (era or kinds):
        return ""
    if kinds and not any(k.lower() in ADJECTIVES or k.lower() in NOUNS for k in kinds):
        return " ".join(p for p in (kinds[0], era) if p)  # a shop's own kind: "Green Tea"
    return "a " + " ".join(p for p in (era, _kind_phrase(kinds)) if p)


def _kind_phrase(kinds: Sequence[str]) -> str:
    """'romantic comedy', 'action film': adjectives before a noun."""
    lowered = [k.lower() for k in kinds]
    noun = next((NOUNS[k] for k in lowered if k in NOUNS), None)
    adjectives = [ADJECTIVES[k] for k in lowered if k in ADJECTIVES and NOUNS.get(k) != noun]
    return " ".join([*adjectives[:2], noun or "film"])


def _scored(pick: Pick, more_like: bool) -> list[str]:
    """The reasons the score gives: a loved title it reads like, its fans, the crowd."""
    reasons = []
    parts = pick.parts
    if pick.because is not None and parts.get("taste", 0) > 0.05:
        loved = "" if more_like else ", which you loved"
        reasons.append(f"like {display_title(pick.because.title)}{loved}")
    if pick.crowd_because is not None and parts.get("also_liked", 0) > 0.05:
        reasons.append(f"people who loved {display_title(pick.crowd_because.title)} loved "
                       "it too")
    if parts.get("acclaim", 0) > 0.05 or parts.get("popularity", 0) > 0.05:
        reasons.append("loved by many")
    elif parts.get("als", 0) > 0.05 or parts.get("bpr", 0) > 0.05:
        reasons.append("popular with people like you")
    return reasons


def _kind_values(item: Item, schema: CatalogSchema) -> set[str]:
    return {v for name in schema.kinds for v in _values(item, name)}


def _values(item: Item, name: str) -> list[str]:
    value = item.attributes.get(name)
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]


def _spans_years(said: Understanding, name: str) -> bool:
    """The request asked for a range of years (a decade), not one year."""
    return any(c.field == name and c.op != "=" for c in said.conditions)
