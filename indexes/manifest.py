"""What an index knows about its catalog: the manifest, kept in each version's metadata."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.catalog import Item

MANIFEST_KEY = "recbot_manifest"
# Value vocabularies (for case-insensitive filters and, later, dialogue slot filling) are
# kept for fields with few, short values: categories, brands, genres; not plots.
VOCABULARY_LIMIT = 5_000
VOCABULARY_MEAN_LENGTH = 60


@dataclass
class Manifest:
    """What an index knows about its catalog: model, field types, value vocabularies."""

    name: str
    model: str
    dimension: int
    item_count: int = 0
    source: str = ""
    updated_at: float = 0.0
    fields: dict[str, str] = field(default_factory=dict)
    vocabulary: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        return cls(**json.loads(text))

    @classmethod
    def of(cls, collection: Any) -> Manifest | None:
        """The manifest a collection carries, or None before its first finished ingest."""
        raw = (collection.metadata or {}).get(MANIFEST_KEY)
        return cls.from_json(raw) if isinstance(raw, str) else None


def field_types(items: Sequence[Item]) -> dict[str, str]:
    """Each attribute's type, the most common among the items (ints with floats: float)."""
    seen: dict[str, Counter[str]] = {}
    for item in items:
        for name, value in item.attributes.items():
            kind = {bool: "bool", int: "int", float: "float", list: "list"}.get(
                type(value), "str")
            seen.setdefault(name, Counter())[kind] += 1
    types = {}
    for name, counts in seen.items():
        if set(counts) <= {"int", "float"}:
            types[name] = "float" if "float" in counts else "int"
        else:
            types[name] = counts.most_common(1)[0][0]
    return types


def vocabularies(items: Sequence[Item]) -> dict[str, list[str]]:
    """The values of text fields that have few, short ones (categories, not plots)."""
    values: dict[str, set[str]] = {}
    for item in items:
        for name, value in item.attributes.items():
            if isinstance(value, str):
                values.setdefault(name, set()).add(value)
            elif isinstance(value, list):
                values.setdefault(name, set()).update(value)
    return {
        name: sorted(vals) for name, vals in values.items()
        if len(vals) <= VOCABULARY_LIMIT
        and sum(map(len, vals)) / len(vals) <= VOCABULARY_MEAN_LENGTH
    }
