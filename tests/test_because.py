"""'Because you liked X' names a liked item whose weight really raised the pick.

The synthetic shop: a person liked L1 (a space film) and L2 (a baking film). C reads
like L1, but nobody who liked L1 liked C: C's fans are L2's fans. So the crowd parts
(EASE, item-item) raise C because of L2, and content alone would have said L1.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bot.catalog import Item
from bot.collab import CollabModel, TrainConfig
from bot.interactions import load_interactions
from bot.ranker import RELATED_FLOOR, BlendWeights, HybridRanker, Pick, RecommendRequest
from bot.reasons import explain
from bot.schema import CatalogSchema
from indexes.items import ItemIndex
from tests.taste_groups import write_ratings

SPACE = "space rocket planet astronaut galaxy orbit"
BAKING = "baking bread cake oven flour pastry"


def shop() -> list[Item]:
    items = [Item("L1", "Rocket Planet One", SPACE, {}),
             Item("L2", "Bread Oven", BAKING, {}),
             Item("C", "Rocket Planet Two", SPACE, {})]
    items += [Item(f"S{n}", f"Star Orbit {n}", f"space orbit star alien {n}", {})
              for n in range(6)]
    items += [Item(f"K{n}", f"Flour Cake {n}", f"baking flour cake sugar {n}", {})
              for n in range(6)]
    return items


def write_log(path) -> None:
    rows = []
    for n in range(20):  # C's fans: they liked L2, never L1
        rows += [(f"m{n}", item, 5) for item in ("L2", "C", f"K{n % 6}", f"K{(n + 1) % 6}")]
    for n in range(20):  # L1's fans: space films, never C
        rows += [(f"s{n}", item, 5) for item in ("L1", f"S{n % 6}", f"S{(n + 2) % 6}")]
    for n in range(10):
        rows += [(f"k{n}", f"K{n % 6}", 5), (f"k{n}", f"K{(n + 3) % 6}", 4)]
    write_ratings(path, rows)


@pytest.fixture
def world(tmp_path, chroma, embedder):
    items = shop()
    index = ItemIndex(chroma, embedder, "because")
    index.sync(items)
    write_log(tmp_path / "log.csv")
    log = load_interactions(tmp_path / "log.csv", known_items={i.id for i in items})
    model = CollabModel.train(log, [i.id for i in items],
                              TrainConfig(factors=4, seed=1, ease_l2=5.0, ease_min_support=1))
    return index, model


def contributed(pick: Pick, item: Item, part: str, index: ItemIndex,
                model: CollabModel) -> float:
    """The weight of `item` (a liked one) towards `pick` in `part`."""
    if part == "taste":
        _, vectors = index.embeddings([item.id, pick.item.id])
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return float(vectors[0] @ vectors[1]) - RELATED_FLOOR + 1e-9
    row, column = model.item_index[item.id], model.item_index[pick.item.id]
    matrices = {"ease": model.ease.weights if model.ease else None,
                "next": model.next_items.weights if model.next_items else None}
    matrix = matrices.get(part, model.similarity)
    assert matrix is not None
    return float(matrix[row, column])


def test_the_setup_makes_content_and_crowd_disagree(world):
    index, model = world
    assert model.ease is not None
    l1, l2, c = (model.item_index[i] for i in ("L1", "L2", "C"))
    assert model.ease.weights[l2, c] > 0 >= model.ease.weights[l1, c]
    assert model.similarity[l1, c] == 0
    _, vectors = index.embeddings(["L1", "L2", "C"])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert vectors[0] @ vectors[2] > 0.9 and vectors[1] @ vectors[2] < RELATED_FLOOR


def test_a_pick_raised_by_the_crowd_names_the_liked_item_its_fans_liked(world):
    index, model = world
    ranker = HybridRanker(index, model)
    picks = ranker.recommend(RecommendRequest(liked=["L1", "L2"], k=8))
    chosen = next(p for p in picks if p.item.id == "C")
    assert chosen.because is not None and chosen.because.id == "L2"
    assert chosen.because_part in ("ease", "also_liked")
    schema = CatalogSchema()
    for text in (chosen.why(), explain(chosen, None, schema)):
        assert "Rocket Planet One" not in text  # what it reads like is not why it was picked
        assert "Bread Oven" in text


@pytest.mark.parametrize("weights", [
    BlendWeights(),
    BlendWeights(taste=2.0, ease=0.5, also_liked=0.0),
    BlendWeights(taste=0.0, ease=0.0, also_liked=1.0, shrinkage=0.0),
    BlendWeights(recency=4.0, acclaim=0.0, bpr=0.0),
    BlendWeights(next=3.0, ease=0.5, taste=0.1),
])
@pytest.mark.parametrize("liked", [["L1", "L2"], ["L2", "L1"], ["L1", "S1", "K2"], ["C"]])
def test_every_liked_item_named_has_a_positive_weight_in_a_part_that_added(world, weights,
                                                                          liked):
    index, model = world
    ranker = HybridRanker(index, model, weights)
    picks = ranker.recommend(RecommendRequest(liked=liked, k=10))
    assert picks
    for pick in picks:
        for item, part in ((pick.because, pick.because_part),
                           (pick.crowd_because, pick.crowd_part)):
            if item is None:
                continue
            assert item.id in liked
            assert pick.parts.get(part, 0) > 0, (pick.item.id, part)
            assert contributed(pick, item, part, index, model) > 0, (pick.item.id, part)
        named = [i.title for i in index.get(liked)]
        for text in (pick.why(), explain(pick, None, CatalogSchema())):
            for title in named:
                if title in text:
                    assert title in {i.title for i in (pick.because, pick.crowd_because) if i}


def test_the_strongest_part_names_the_item():
    toy, heat = Item("1", "Toy Story", "", {}), Item("6", "Heat", "", {})
    film = Item("2", "Film", "", {})
    crowd = Pick(film, 1.3, {"ease": 1.0, "taste": 0.3}, because=heat, crowd_because=heat,
                 because_part="ease", crowd_part="ease")
    assert crowd.why() == "people who liked Heat also liked it"
    assert "Toy Story" not in crowd.why()
    content = Pick(film, 1.3, {"taste": 1.0, "ease": 0.3}, because=toy, crowd_because=heat,
                   because_part="taste", crowd_part="ease")
    assert content.reasons() == ["because you liked Toy Story",
                                 "people who liked Heat also liked it"]
    # A part that added nothing names nobody, whatever the pick holds.
    silent = replace(content, parts={"acclaim": 1.0}, standing={"acclaim": 0.9})
    assert silent.why() == "loved by many" and silent.source("taste") is None


def test_a_newcomers_picks_claim_nothing_of_their_likes(world):
    """With no likes, EASE and item-item scored every item alike, scaled to a full score:
    each pick said 'popular with people like you'."""
    index, model = world
    picks = HybridRanker(index, model).recommend(RecommendRequest(query="space", k=5))
    assert picks
    for pick in picks:
        assert pick.parts.get("ease", 0) == 0 and pick.parts.get("also_liked", 0) == 0
        assert "people like you" not in explain(pick, None, CatalogSchema())
