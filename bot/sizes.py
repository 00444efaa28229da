"""Pack sizes: read from a product name, compared across products.

BigBasket-style names end with their size ("Basmati Rice 1 kg", "Garlic Oil -
Vegetarian Capsule 500 mg"). `pack_size` turns a name into a tidy size text
("1 kg"); `parse_size` turns that text into an amount in a base unit (grams,
millilitres or pieces), so that "500 g" and "1 kg" can be compared and priced
per unit. Only the standard library is used (data/build_demo_catalogs.py runs
with nothing installed).

    >>> pack_size("Garlic Oil - Vegetarian Capsule 500 mg")
    '500 mg'
    >>> parse_size("1 kg").base_amount, parse_size("1 kg").dimension
    (1000.0, 'mass')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

PACK_SIZE = re.compile(
    r"(\d+(?:\.\d+)?)\s*(kg|gm|gms|g|mg|ml|ltr|litre|l|pcs|pc|pieces|pack|sheets|n)\b",
    re.IGNORECASE,
)
UNIT_NAMES = {"gm": "g", "gms": "g", "ltr": "l", "litre": "l", "pc": "pcs", "pieces": "pcs"}
# unit -> (dimension, how many base units one of it is)
UNITS: dict[str, tuple[str, float]] = {
    "mg": ("mass", 0.001), "g": ("mass", 1.0), "kg": ("mass", 1000.0),
    "ml": ("volume", 1.0), "l": ("volume", 1000.0),
    "pcs": ("count", 1.0), "pack": ("count", 1.0), "sheets": ("count", 1.0), "n": ("count", 1.0),
}
SIZE_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$", re.IGNORECASE)


def pack_size(product: str) -> str | None:
    """'Garlic Oil - Vegetarian Capsule 500 mg' -> '500 mg'; the last size named wins."""
    matches = PACK_SIZE.findall(product)
    if not matches:
        return None
    amount, unit = matches[-1]
    unit = UNIT_NAMES.get(unit.lower(), unit.lower())
    return f"{amount} {unit}"


@dataclass(frozen=True)
class Size:
    """A pack size: what was written, and its amount in the base unit of its dimension."""

    text: str  # "500 g"
    dimension: str  # mass, volume or count
    base_amount: float  # grams, millilitres or pieces

    def similarity(self, other: Size) -> float | None:
        """1.0 for the same amount, 0.5 for half or double...; None when not comparable
        (a weight against a volume)."""
        if other.dimension != self.dimension or not (self.base_amount and other.base_amount):
            return None
        low, high = sorted((self.base_amount, other.base_amount))
        return low / high


def parse_size(text: object) -> Size | None:
    """'500 g', '1 kg', '2 l', '10 pcs' as a `Size`; None for anything else."""
    if not isinstance(text, str):
        return None
    match = SIZE_TEXT.match(text)
    if not match:
        found = pack_size(text)  # a product name, or a size written another way
        match = SIZE_TEXT.match(found) if found else None
        if not match:
            return None
    amount, unit = float(match.group(1)), match.group(2).lower()
    unit = UNIT_NAMES.get(unit, unit)
    if unit not in UNITS or amount <= 0:
        return None
    dimension, factor = UNITS[unit]
    return Size(f"{match.group(1)} {unit}", dimension, amount * factor)


def size_of(attributes: Mapping[str, object], title: str = "") -> Size | None:
    """An item's size: its `size` attribute, else one named in its title."""
    return parse_size(attributes.get("size")) or (parse_size(title) if title else None)
