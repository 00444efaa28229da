"""Whether a summary the model wrote for a pick may be shown in place of the extractive one.

A model summary is used only when it reads at the person's level (its Flesch-Kincaid
grade, as bot/summaries.py measures its own) and is as short as their taste for detail
asks, and when it names nothing the item's own text does not: every number, and every
capitalised word past a sentence's first (people, places, titles), must be in the
item's title, description or attributes. Otherwise the extractive summary is shown.
"""

from __future__ import annotations

import re

from bot.catalog import Item
from bot.readability import flesch_kincaid_grade
from bot.summaries import BRIEF_WORDS, SHORT_WORDS, SIMPLE_MAX_GRADE

# The hardest grade a summary may read at, by reading level (expert: any).
MAX_GRADE = {"simple": SIMPLE_MAX_GRADE, "standard": 12.0}
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
TOKEN = re.compile(r"[\w'’-]+")
SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n)[\"'“(]*([\w'’-]+)")


def model_summary_problem(summary: str, item: Item, level: str, detail: str) -> str | None:
    """Why the model's `summary` of `item` cannot be shown, or None when it can."""
    words = TOKEN.findall(summary)
    if not words:
        return "empty"
    most_words = {"brief": BRIEF_WORDS, "short": SHORT_WORDS}.get(detail)
    if most_words is not None and len(words) > most_words:
        return f"{len(words)} words for a {detail} summary"
    limit = MAX_GRADE.get(level)
    if limit is not None and (grade := flesch_kincaid_grade(summary)) > limit:
        return f"grade {grade:.1f} for a {level} reader"
    known = _item_words(item)
    numbers = {n.replace(",", "") for n in NUMBER.findall(item.text)}
    for number in NUMBER.findall(summary):
        if number.replace(",", "") not in numbers:
            return f"the number {number} is not in the item"
    openers = {m.group(1) for m in SENTENCE_START.finditer(summary)}
    for word in words:
        if word[:1].isupper() and word not in openers and word.lower() not in known:
            return f"{word!r} is not in the item"
    return None


def _item_words(item: Item) -> set[str]:
    return {w.lower() for w in TOKEN.findall(item.text)}
