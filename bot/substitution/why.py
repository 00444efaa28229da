"""Why a substitute: its reasons in words, and the wishes it misses.

    >>> explain(rice, half_kilo, features)
    'same brand, 500 g instead of 1 kg, 8% cheaper (84% more per kg), rated 4.0'
    >>> explain(butter, president, features, wishes=SubstituteOptions(0.25))
    '70% more expensive than Butter - Pasteurised, outside the ±25% band; by President, ...'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.catalog import Item
from bot.sizes import size_of
from bot.substitution.acceptance import PairRecord, price_of, same_brand
from bot.substitution.rules import SubstituteOptions, percent


def explain(original: Item, candidate: Item, features: Mapping[str, float],
            record: PairRecord | None = None, *, wishes: SubstituteOptions | None = None) -> str:
    """'same brand, 500 g instead of 1 kg, 8% cheaper, rated 4.3'. With `wishes`, the ones
    the candidate misses lead: '70% more expensive than Butter - Pasteurised, outside the
    ±25% band; by President, rated 4.3'."""
    words = []
    if features["same_brand"]:
        words.append("same brand")
    elif _text(candidate.attributes.get("brand")):
        words.append(f"by {candidate.attributes['brand']}")
    size, other = size_of(original.attributes, original.title), \
        size_of(candidate.attributes, candidate.title)
    per_unit = ""
    if size and other and features["size_known"]:
        if features["size_similarity"] >= 0.999:
            words.append("same size")
        else:
            words.append(f"{other.text} instead of {size.text}")
            per_unit = _per_unit(original, candidate, size, other)
    change = features["price_change"]
    if abs(change) < 0.005:
        price = "same price"
    else:
        whole = max(1, round(abs(change) * 100))
        price = f"{whole}% {'cheaper' if change < 0 else 'more expensive'}"
    unmet, outside = missed(wishes, original, candidate, change) if wishes else ([], None)
    band = wishes.max_price_change if wishes else None
    marks = []
    if outside is not None and band is not None:  # the mark leads: how far outside the band
        marks.append(f"{_beyond(change, band)}% {'cheaper' if change < 0 else 'more expensive'} "
                     f"than {original.title}{per_unit}, outside the ±{percent(band)}% band")
    else:
        words.append(price + per_unit)
        if "cheaper" in unmet:
            marks.append("not cheaper")
    if "same brand" in unmet:
        marks.append("not the same brand")
    rating = candidate.attributes.get("rating")
    if isinstance(rating, int | float) and rating >= 4.0:
        words.append(f"rated {rating:.1f}")
    if record is not None and record.accepted >= 2 and record.accepted >= 0.6 * record.total:
        words.append(f"accepted by {record.accepted} of {record.total} shoppers")
    if marks:
        return "; ".join([", ".join(marks), ", ".join(words)]) if words else ", ".join(marks)
    return ", ".join(words)


def missed(wishes: SubstituteOptions, original: Item, candidate: Item, change: float
           ) -> tuple[list[str], float | None]:
    """The wishes `candidate` misses ("price band", "cheaper", "same brand"), and how far
    past the price band's edge it is (a share of the original's price), None when inside."""
    unmet, outside = [], None
    band = wishes.max_price_change
    if band is not None and abs(change) > band + 1e-9:
        unmet.append("price band")
        outside = abs(change) - band
    if wishes.cheaper and change >= 0:
        unmet.append("cheaper")
    if wishes.same_brand and not same_brand(original, candidate):
        unmet.append("same brand")
    return unmet, outside


def _beyond(change: float, band: float) -> str:
    """A price change outside the band as a percentage that reads as outside it: '38', or
    '25.3' for 25.3% against 25%."""
    for digits in (0, 1, 2):
        text = f"{abs(change) * 100:.{digits}f}"
        if float(text) > band * 100:
            return text
    return f"{abs(change) * 100:.3f}"


def _per_unit(original: Item, candidate: Item, size: Any, other: Any) -> str:
    """' (20% less per kg)' when the unit price differs noticeably."""
    price, other_price = price_of(original), price_of(candidate)
    if not price or not other_price:
        return ""
    change = (other_price / other.base_amount) / (price / size.base_amount) - 1
    if abs(change) < 0.1:
        return ""
    unit = size.text.split()[-1]
    return f" ({round(abs(change) * 100)}% {'less' if change < 0 else 'more'} per {unit})"


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
