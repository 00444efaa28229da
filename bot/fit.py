"""Whether an item suits an audience, said in words: "Toy Story (1995) suits young
children." / "The Dark Knight (2008) is not one for children: it is a crime film."

The audience's rule (bot/audience.py) is the catalog's own: its hard filters decide, and
the values that break them say why.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.catalog import Item
from bot.errors import FilterError
from bot.filters import parse_condition
from bot.titles import display_title

WHO = {"young_child": "young children", "child": "children", "family": "the whole family",
       "teen": "teenagers", "adult": "grown-ups"}


def fit_notes(items: Sequence[Item], group: str, filters: Sequence[str]) -> str:
    """One sentence per item on whether it suits `group` under its rule's `filters`; ""
    when the rule says nothing (no filters for teenagers or grown-ups here)."""
    if not filters:
        return ""
    return " ".join(_note(item, group, filters) for item in items)


def suits(item: Item, filters: Sequence[str]) -> bool:
    """Whether `item` holds every filter of an audience's rule."""
    return not any(_broken(item, f) for f in filters)


def no_rule_notes(items: Sequence[Item], group: str) -> str:
    """What to say of items asked about for an audience the catalog has no rule for."""
    who = WHO.get(group, group)
    return " ".join(f"I can't tell from the catalog whether {display_title(i.title)} suits "
                    f"{who}: it gives no age ratings." for i in items)


def _note(item: Item, group: str, filters: Sequence[str]) -> str:
    title, who = display_title(item.title), WHO.get(group, group)
    why = [reason for f in filters if (reason := _broken(item, f))]
    if why:
        return f"{title} is not one for {who}: {'; '.join(why)}."
    if any(_op(f) == "=" for f in filters):  # of the kinds made for them
        return f"{title} suits {who}."
    # (a rule that only keeps kinds out cannot say a comedy suits them: Superbad)
    kept_out = [v.lower() for f in filters if _op(f) == "!=" for v in _values(f)]
    return (f"{title} is none of the kinds kept from {who} ({', '.join(kept_out)}), but the "
            "catalog gives no age ratings to be sure.")


def _op(condition: str) -> str:
    try:
        return parse_condition(condition)[1]
    except FilterError:
        return ""


def _values(condition: str) -> list[str]:
    return parse_condition(condition)[2].split("|")


def _broken(item: Item, condition: str) -> str:
    """Why `item` breaks a list-valued `condition` ("genres!=Horror|War"), or ""."""
    try:
        field, op, raw = parse_condition(condition)
    except FilterError:
        return ""
    value = item.attributes.get(field)
    has = {str(v) for v in (value if isinstance(value, list) else [value]) if v is not None}
    listed = raw.split("|")
    kind = "film" if field == "genres" else "item"  # the default rules are film genres
    if op == "!=" and (hit := [v.lower() for v in listed if v in has]):
        return f"it is {_a(hit[0])} {' and '.join(hit)} {kind}"
    if op == "=" and not has & set(listed):
        return f"it is not {_a(listed[0].lower())} {' or '.join(v.lower() for v in listed)} {kind}"
    return ""


def _a(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
