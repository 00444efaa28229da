"""A synthetic shop with an obvious right answer: two taste groups that never mix.

Group A (space) users interact only with A items, group B (baking) users only with
B items, so a group-A person must be recommended A items.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from bot.catalog import Item
from bot.interactions import InteractionLog, load_interactions

ITEMS_PER_GROUP = 20
USERS_PER_GROUP = 30
A_WORDS = "space rocket planet astronaut galaxy orbit alien star"
B_WORDS = "baking bread cake oven flour sugar kitchen pastry"


def group_items() -> list[Item]:
    items = []
    for group, words in (("A", A_WORDS), ("B", B_WORDS)):
        vocabulary = words.split()
        for n in range(ITEMS_PER_GROUP):
            picked = [vocabulary[(n + k) % len(vocabulary)] for k in range(3)]
            items.append(Item(
                id=f"{group}{n}", title=f"{group} {picked[0]} {n}",
                description=" ".join(picked * 2),
                attributes={"category": "space" if group == "A" else "baking",
                            "price": float(5 + n), "in_stock": True}))
    return items


def write_group_log(path: Path, seed: int = 0) -> Path:
    """Users A0..A29 and B0..B29; item n of a group is picked with weight 1/(n+1) (so
    low-numbered items are popular). Timestamps increase row by row."""
    rng = random.Random(seed)
    weights = [1.0 / (n + 1) for n in range(ITEMS_PER_GROUP)]
    rows = []
    clock = 1_000_000
    for group in ("A", "B"):
        for user in range(USERS_PER_GROUP):
            chosen: set[int] = set()
            while len(chosen) < 8:
                chosen.add(rng.choices(range(ITEMS_PER_GROUP), weights)[0])
            for n in sorted(chosen):
                clock += 1
                rows.append((f"{group}{user}", f"{group}{n}", rng.choice([4, 5, 5, 3]), clock))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["userId", "itemId", "rating", "timestamp"])
        writer.writerows(rows)
    return path


def group_log(tmp_path: Path) -> InteractionLog:
    return load_interactions(write_group_log(tmp_path / "ratings.csv"),
                             known_items={i.id for i in group_items()})


def write_ratings(path: Path, rows: list[tuple[str, str, int]]) -> Path:
    """A ratings file of (user, item, rating) rows, one second apart in row order."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["userId", "itemId", "rating", "timestamp"])
        writer.writerows((*row, 1_000 + n) for n, row in enumerate(rows))
    return path
