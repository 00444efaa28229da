"""What comes next: weights from the order of people's histories, and their use.

The shop: people who watch P1 then watch P2 right after it, and P3 some steps later;
nobody watches P2 without P1 just before. A person whose latest item is P1 should be
offered P2 first, with P1 named as the reason.
"""

from __future__ import annotations

import numpy as np
import pytest

from bot.catalog import Item
from bot.collab import CollabModel, TrainConfig
from bot.interactions import load_interactions
from bot.ranker import BlendWeights, HybridRanker, RecommendRequest
from bot.reasons import explain
from bot.schema import CatalogSchema
from bot.sequence import NextItemModel, recent_strengths
from indexes.items import ItemIndex
from tests.taste_groups import write_ratings


def test_each_following_item_adds_one_over_its_distance():
    # one person: items 0, 1, 2, 3 in time order (given out of order)
    users = np.array([0, 0, 0, 0])
    columns = np.array([2, 0, 3, 1])
    times = np.array([30.0, 10.0, 40.0, 20.0])
    weights = NextItemModel.fit(users, columns, times, 4, window=2, keep=0).weights.toarray()
    expected = np.zeros((4, 4), dtype=np.float32)
    for a, b in ((0, 1), (1, 2), (2, 3)):
        expected[a, b] = 1.0
    for a, b in ((0, 2), (1, 3)):
        expected[a, b] = 0.5
    assert np.allclose(weights, expected)


def test_sequences_of_different_people_never_join():
    users = np.array([0, 0, 1, 1])
    weights = NextItemModel.fit(users, np.array([0, 1, 2, 3]), np.zeros(4), 4,
                                window=5, keep=0).weights.toarray()
    assert weights[1, 2] == 0 and weights[0, 1] == 1 and weights[2, 3] == 1


def test_only_the_largest_weights_of_each_item_are_kept():
    # item 0 is followed by 1 (three times), 2 (twice) and 3 (once)
    users = np.repeat(np.arange(6), 2)
    columns = np.array([0, 1, 0, 1, 0, 1, 0, 2, 0, 2, 0, 3])
    model = NextItemModel.fit(users, columns, np.arange(12.0), 4, window=1, keep=2)
    assert model.weights[0].toarray().ravel().tolist() == [0.0, 3.0, 2.0, 0.0]


def test_the_latest_item_counts_most():
    assert recent_strengths(3).tolist() == pytest.approx([1 / 3, 1 / 2, 1.0])


SERIES = [Item(f"P{n}", f"Part {n} of the Saga", "a long saga of kings and dragons", {})
          for n in range(1, 4)]
OTHERS = [Item(f"X{n}", f"Other Film {n}", "a quiet film about gardens", {}) for n in range(8)]


def write_log(path) -> None:
    rows = []
    for n in range(30):  # P1, then P2 at once, P3 three steps later, with others between
        rows += [(f"u{n}", item, 3 if item == "P1" else 5)
                 for item in (f"X{n % 8}", "P1", "P2", f"X{(n + 1) % 8}", f"X{(n + 2) % 8}",
                              "P3")]
    for n in range(30):  # P3 is popular on its own
        rows += [(f"v{n}", item, 5) for item in ("P3", f"X{(n + 3) % 8}")]
    write_ratings(path, rows)


@pytest.fixture
def world(tmp_path, chroma, embedder):
    items = [*SERIES, *OTHERS]
    index = ItemIndex(chroma, embedder, "sequence")
    index.sync(items)
    write_log(tmp_path / "log.csv")
    log = load_interactions(tmp_path / "log.csv", known_items={i.id for i in items})
    model = CollabModel.train(log, [i.id for i in items], TrainConfig(factors=4, seed=1))
    return index, model, tmp_path


def test_a_person_who_just_watched_part_one_is_offered_part_two(world):
    index, model, _ = world
    # Only the what-comes-next part: P2 follows P1 at once, P3 only three steps later.
    only_next = BlendWeights(**{name: 0.0 for name in ("query", "taste", "als", "bpr",
                                                       "ease", "also_liked", "acclaim",
                                                       "talk", "diversity")}, next=1.0)
    picks = HybridRanker(index, model, only_next).recommend(
        RecommendRequest(liked=["X5", "P1"], k=3))
    assert picks[0].item.id == "P2"
    assert picks[0].source("next").id == "P1"
    assert "after Part 1 of the Saga" in picks[0].why()
    assert "people often pick it after Part 1 of the Saga" in explain(
        picks[0], None, CatalogSchema())


def test_a_known_users_latest_items_come_from_the_log_in_time_order(world):
    _, model, _ = world
    assert model.recent("u0", 3) == ["X1", "X2", "P3"]
    assert model.recent("u0")[:3] == ["X0", "P1", "P2"]
    assert [i for i, _ in model.next_recommend(["P1"], 1)] == ["P2"]


def test_the_part_is_saved_with_the_model(world):
    _, model, tmp_path = world
    loaded = CollabModel.load(model.save(tmp_path / "model.npz"))
    assert loaded.next_items is not None
    assert (loaded.next_items.weights != model.next_items.weights).nnz == 0
    assert loaded.recent("u3") == model.recent("u3")


def test_a_window_of_zero_leaves_the_part_out(world, tmp_path):
    index, model, _ = world
    write_log(tmp_path / "again.csv")
    log = load_interactions(tmp_path / "again.csv", known_items=set(model.item_ids))
    without = CollabModel.train(log, model.item_ids, TrainConfig(factors=4, next_window=0))
    assert without.next_items is None and without.next_recommend(["P1"], 3) == []
    picks = HybridRanker(index, without, BlendWeights(next=1.0)).recommend(
        RecommendRequest(liked=["P1"], k=3))
    assert picks and all("next" not in p.parts for p in picks)
