"""Why a pick was chosen, in plain words, built from what was asked and the item's facts.

    "a 1990s romantic comedy; like Heat (1995), which you loved"
    "stars Tom Hanks; loved by many"
    "Green Tea; priced 50, under 300"

The reasons come first from the request (its kinds, years, people, audience, budget,
rating), said with the pick's own values so every word is true of it, then from the
score part that chose it (a title the person loved, what its fans also loved, the
crowd). The words a person typed are never echoed back. The offline engine states
the request as it read it (`Asked.of_reading`), the LLM agent's tools as the model
gave it (`Asked.of_filters`): the same reasons either way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bot.catalog import Item
from bot.filters import parse_condition
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


@dataclass(frozen=True)
class Asked:
    """What a request asked for, as the reasons need it."""

    wanted: Sequence[str] = ()  # catalog values: genres, kinds
    filters: Sequence[str] = ()  # FIELD op VALUE: years, people, ratings, kinds, audience
    audience: str | None = None  # the audience group
    max_price: float | None = None
    min_price: float | None = None

    @classmethod
    def of_reading(cls, said: Understanding) -> Asked:
        return cls(said.wanted, said.filters,
                   said.audience.group if said.audience and said.audience_filters else None,
                   said.max_price, said.min_price)

    @classmethod
    def of_filters(cls, filters: Sequence[str], audience: str | None = None, *,
                   max_price: float | None = None, min_price: float | None = None) -> Asked:
        return cls((), filters, audience, max_price, min_price)

    def bounds(self, field: str) -> list[tuple[str, str]]:
        """(op, value) of every filter on `field`."""
        found = []
        for text in self.filters:
            name, op, value = parse_condition(text)
            if name == field:
                found.append((op, value))
        return found



def price_bound(high: float | None, low: float | None) -> str:
    """'under 36', 'over 35': a budget in whole units, rounded outward so that every pick
    within the exact bound agrees with the words (35.96 is said 'under 36')."""
    return f"under {math.ceil(high):g}" if high else f"over {math.floor(low or 0):g}"

def explain(pick: Pick, asked: Asked | None, schema: CatalogSchema, *,
            more_like: bool = False) -> str:
    """The reasons for `pick`, strongest first, joined for a pick line. With `more_like`
    the picks are like a title the person named, not necessarily one they loved."""
    said = _asked(pick.item, asked, schema) if asked is not None else []
    chosen = [r for r in (*said, *_scored(pick, more_like)) if r]
    return "; ".join(list(dict.fromkeys(chosen))[:MAX_REASONS]) or "a good match"


def _asked(item: Item, asked: Asked, schema: CatalogSchema) -> list[str]:
    """What the person asked for that this item is, in the item's own values."""
    reasons = [_described(item, asked, schema)]
    for name in sorted({parse_condition(f)[0] for f in asked.filters}):
        if name in schema.names:
            for op, people in asked.bounds(name):  # "X|Y": either was asked for
                for person in people.split("|") if op == "=" else ():
                    if person in item.values(name):
                        reasons.append(f"{VERBS.get(name.lower(), name)} {person}")
    if asked.audience is not None:
        reasons.append(AUDIENCES[asked.audience])
    price = schema.role("price")
    if price is not None and (asked.max_price or asked.min_price) and isinstance(
            cost := item.attributes.get(price.name), (int, float)):
        bound = price_bound(asked.max_price, asked.min_price)
        if asked.max_price and cost >= asked.max_price:  # not "priced 100, under 100"
            bound = bound.replace("under ", "up to ", 1)
        reasons.append(f"priced {cost:g}, {bound}")
    rating = schema.role("rating")
    if rating is not None and asked.bounds(rating.name) and \
            isinstance(score := item.attributes.get(rating.name), (int, float)):
        reasons.append(f"rated {score:g}")
    return reasons


def _described(item: Item, asked: Asked, schema: CatalogSchema) -> str:
    """'a 1990s romantic comedy', 'Green Tea': the kinds and years asked for, as this
    item has them."""
    year = schema.role("year")
    era = ""
    if year is not None and (bounds := asked.bounds(year.name)) and \
            isinstance(value := item.attributes.get(year.name), int):
        era = f"{value}" if all(op == "=" for op, _ in bounds) else f"{value // 10 * 10}s"
    mine = {v for name in schema.kinds for v in item.values(name)}
    kinds = [v for v in asked.wanted if v in mine]
    for name in schema.kinds:
        kinds += [v for op, value in asked.bounds(name) if op == "="
                  for v in value.split("|") if v in mine and v not in kinds]
    if not (era or kinds):
        return ""
    if kinds and not any(k.lower() in ADJECTIVES or k.lower() in NOUNS for k in kinds):
        return " ".join(p for p in (kinds[0], era) if p)  # a shop's own kind: "Green Tea"
    phrase = " ".join(p for p in (era, _kind_phrase(kinds)) if p)
    return f"{'an' if phrase[:1] in 'aeio' else 'a'} {phrase}"


def _kind_phrase(kinds: Sequence[str]) -> str:
    """'romantic comedy', 'action film': adjectives before a noun."""
    lowered = [k.lower() for k in kinds]
    noun = next((NOUNS[k] for k in lowered if k in NOUNS), None)
    adjectives = [ADJECTIVES[k] for k in lowered
                  if k in ADJECTIVES and (noun is None or NOUNS.get(k) != noun)]
    return " ".join([*adjectives[:2], noun or "film"])


def _scored(pick: Pick, more_like: bool) -> list[str]:
    """The reasons the score gives: a loved title it reads like, its fans, the crowd. A
    title is named only for a part that added to the score, and only when its own weight
    in that part is what added most (`Pick.source`)."""
    reasons = []
    parts = pick.parts
    taste = pick.source("taste")
    if taste is not None and parts.get("taste", 0) > 0.05:
        loved = "" if more_like else ", which you loved"
        reasons.append(f"like {display_title(taste.title)}{loved}")
    fans = [(parts.get(part, 0), fan) for part in ("also_liked", "ease")
            if (fan := pick.source(part)) is not None and parts.get(part, 0) > 0.05]
    after = pick.source("next")
    if after is not None and parts.get("next", 0) > max((f for f, _ in fans), default=0.05):
        reasons.append(f"people often pick it after {display_title(after.title)}")
    elif fans:
        fan = max(fans, key=lambda pair: pair[0])[1]
        reasons.append(f"people who loved {display_title(fan.title)} loved it too")
    if any(parts.get(part, 0) > 0.05 and pick.widely(part) for part in ("acclaim", "popularity")):
        reasons.append("loved by many")
    elif any(parts.get(part, 0) > 0.05 for part in ("als", "ease")):  # (from their likes;
        reasons.append("popular with people like you")  # BPR carries a newcomer too)
    return reasons


