"""The category guard: the last check before any substitute is offered.

A substitute must do the same job as the item it replaces. Text and price say
little about that: a pack of white mushrooms and a pack of sanitary pads can
read alike and cost the same. The catalog's category path (category >
sub-category > type) says it, so every substitute offered, whoever proposed it
(the substitution engine, an LLM, a person's "what about X?"), must share the
original's path.

This check is deliberately separate from the engine's hard rules (which select
candidates inside the index): it compares the two items' own attributes, in
plain Python, so a bug or a relaxed rule upstream cannot let a wrong item out.

    >>> guard(pads, mushrooms).reason
    "category differs: 'Fruits & Vegetables' is not 'Beauty & Hygiene'"
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.catalog import Item

CATEGORY_PATH = ("category", "sub_category", "type")


@dataclass(frozen=True)
class GuardVerdict:
    """Whether a candidate may stand in for an original, and why not when it may not."""

    ok: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.ok


def category_path(attributes: Mapping[str, object], fields: Sequence[str] = CATEGORY_PATH
                  ) -> dict[str, str]:
    """The item's category path, field -> value, for the fields it has (as text)."""
    path = {}
    for name in fields:
        value = attributes.get(name)
        if isinstance(value, str) and value.strip():
            path[name] = value
    return path


def guard(original: Item, candidate: Item, fields: Sequence[str] = CATEGORY_PATH
          ) -> GuardVerdict:
    """May `candidate` be offered instead of `original`? Only when it has the same value
    (case and spacing aside) on every category-path field the original has, and the
    original has at least one. An item is never its own substitute."""
    if candidate.id == original.id:
        return GuardVerdict(False, "it is the same item")
    wanted = category_path(original.attributes, fields)
    if not wanted:
        return GuardVerdict(False, f"{original.title!r} has no {' / '.join(fields)}, so no "
                                   "substitute can be shown to do the same job")
    have = category_path(candidate.attributes, fields)
    for name, value in wanted.items():
        other = have.get(name)
        if other is None:
            return GuardVerdict(False, f"{candidate.title!r} has no {name}")
        if _same(other, value):
            continue
        return GuardVerdict(False, f"{name} differs: {other!r} is not {value!r}")
    return GuardVerdict(True)


def path_text(attributes: Mapping[str, object], fields: Sequence[str] = CATEGORY_PATH) -> str:
    """'Beauty & Hygiene > Skin Care > Face Care'."""
    return " > ".join(category_path(attributes, fields).values())


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())
