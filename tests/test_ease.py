"""EASE: the closed form, its limits (items solved, weights kept), and its place in the
collaborative model (trained, saved and loaded with it, used by the ranker)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from bot.collab import CollabModel, TrainConfig
from bot.ease import EaseModel
from tests.taste_groups import group_items, group_log


def matrix(rows: list[list[int]], items: int) -> sp.csr_matrix:
    dense = np.zeros((len(rows), items), dtype=np.float32)
    for user, liked in enumerate(rows):
        dense[user, liked] = 1.0
    return sp.csr_matrix(dense)


LIKES = matrix([[0, 1], [0, 1, 2], [1, 2], [2, 3], [3, 4], [3, 4], [0, 4], [1, 3]], 5)


def test_the_weights_are_the_closed_form_with_a_zero_diagonal():
    l2 = 2.0
    x = LIKES.toarray().astype(np.float64)
    inverse = np.linalg.inv(x.T @ x + l2 * np.eye(5))
    expected = -inverse / np.diag(inverse)
    np.fill_diagonal(expected, 0.0)
    model = EaseModel.fit(LIKES, l2, min_support=1, keep=0)
    assert np.allclose(model.weights.toarray(), expected, atol=1e-5)
    # A newcomer is folded in by construction: their scores are x . B.
    assert np.allclose(model.scores([0, 2]), expected[0] + expected[2], atol=1e-5)
    assert np.allclose(model.contributions([0, 2], [1, 3]), expected[[0, 2]][:, [1, 3]],
                       atol=1e-5)


def test_only_the_largest_weights_of_each_item_are_kept():
    full = EaseModel.fit(LIKES, 2.0, min_support=1, keep=0).weights.toarray()
    pruned = EaseModel.fit(LIKES, 2.0, min_support=1, keep=2).weights.toarray()
    for row in range(5):
        kept = np.flatnonzero(pruned[row])
        assert len(kept) == 2
        assert set(kept) == set(np.argsort(-np.abs(full[row]))[:2])
        assert np.allclose(pruned[row, kept], full[row, kept])


def test_the_solve_covers_the_most_interacted_items_only():
    support = np.asarray(LIKES.sum(axis=0)).ravel()  # 3, 4, 3, 4, 3
    model = EaseModel.fit(LIKES, 2.0, min_support=1, max_items=2, keep=0)
    solved = np.flatnonzero(np.diff(model.weights.indptr))
    assert set(solved) == {1, 3} and support[1] == support[3] == 4
    assert model.items == 2
    rare = EaseModel.fit(LIKES, 2.0, min_support=4, keep=0)
    assert rare.items == 2  # items fewer than 4 people touched are left out
    assert EaseModel.fit(LIKES, 2.0, min_support=9).items == 0


@pytest.fixture
def model(tmp_path):
    items = [i.id for i in group_items()]
    return CollabModel.train(group_log(tmp_path), items, TrainConfig(factors=8, seed=1))


def test_the_collaborative_model_trains_ease_on_likes_and_saves_it(tmp_path, model):
    assert model.ease is not None and model.info["ease_items"] > 0
    top = model.ease_recommend(["A1", "A2", "A3"], 5)
    assert {i[0] for i, _ in top} == {"A"}  # two taste groups that never mix
    loaded = CollabModel.load(model.save(tmp_path / "models" / "shop.npz"))
    assert loaded.ease is not None
    assert (loaded.ease.weights != model.ease.weights).nnz == 0
    assert loaded.ease_recommend(["B1", "B4"], 5) == model.ease_recommend(["B1", "B4"], 5)


def test_without_ease_the_part_is_empty(tmp_path):
    items = [i.id for i in group_items()]
    model = CollabModel.train(group_log(tmp_path), items, TrainConfig(factors=8, ease_l2=0))
    assert model.ease is None and model.ease_recommend(["A1"], 5) == []
    scores, because = model.ease_scores(["A1"], ["A2"])
    assert np.isnan(scores).all() and because == [None]
    loaded = CollabModel.load(model.save(tmp_path / "plain.npz"))
    assert loaded.ease is None


def test_a_known_users_likes_read_back_oldest_first(model):
    liked = model.liked_by("A3")
    assert liked and set(liked) <= set(model.history("A3"))
    # write_group_log gives each row a later time than the one before it
    assert liked == sorted(liked, key=lambda i: int(i[1:]))


def test_recency_makes_the_latest_likes_count_more(model):
    from bot.ranker import recency_strengths

    assert recency_strengths(3, 0.0).tolist() == [1.0, 1.0, 1.0]
    strengths = recency_strengths(21, 4.0)
    assert strengths[-1] == pytest.approx(5.0) and strengths[-11] == pytest.approx(3.0)
    liked = ["A1", "B2"]
    plain, _ = model.ease_scores(liked, ["A3", "B3"])
    recent, _ = model.ease_scores(liked, ["A3", "B3"], [1.0, 3.0])
    assert recent[1] - recent[0] > plain[1] - plain[0]  # B3 gains on A3 as B2 is the later


def test_the_cli_defaults_are_the_training_defaults():
    from bot.cli.recommend import TRAIN_DEFAULTS

    config = TrainConfig()
    assert {k: getattr(config, k) for k in TRAIN_DEFAULTS} == TRAIN_DEFAULTS
