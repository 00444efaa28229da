"""Substitution feedback (in SQLite and in PostgreSQL) and the acceptance model learned from
it; pack sizes."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from bot.catalog import Item
from bot.profiles import ProfileError
from bot.sizes import pack_size, parse_size
from bot.substitution.acceptance import (
    FEATURES,
    AcceptanceModel,
    PairRecord,
    SubstitutionStore,
    VetoRule,
    pair_features,
)


def features(same_brand: float, price_change: float) -> dict[str, float]:
    return {"same_brand": same_brand, "price_change": price_change,
            "abs_price_change": abs(price_change), "content": 0.5, "size_similarity": 0.5}


def test_events_are_stored_durably_one_transaction_each(store_at):
    path = store_at("substitutions.sqlite3")
    store = SubstitutionStore(path)
    store.record("shop", "a", "b", True, features=features(1, 0.1), session_id="s1")
    store.record("shop", "a", "b", False, features=features(1, 0.1), session_id="s2")
    store.record("shop", "a", "c", False, features={}, session_id="s1")
    again = SubstitutionStore(path)  # a new process
    assert again.pairs("shop", "a") == {"b": PairRecord(1, 1), "c": PairRecord(0, 1)}
    assert again.rejected_by("s1", "shop", "a") == {"c"}
    assert again.version("shop") == (3, 3) and again.version("other") == (0, 0)
    if store.engine.dialect.name == "sqlite":
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    matrix, accepted = again.events("shop", 10)
    assert matrix.shape == (3, len(FEATURES)) and accepted.tolist() == [0, 0, 1]


def test_bad_feedback_is_refused_and_nothing_is_stored(store_at):
    store = SubstitutionStore(store_at())
    with pytest.raises(ProfileError):
        store.record("shop", "", "b", True, features={})
    with pytest.raises(ProfileError):
        store.record("shop", "a", "b", True, features={}, session_id="bad id!")
    assert store.version("shop") == (0, 0)


def test_forgetting_a_session_keeps_its_feedback_for_learning(store_at):
    store = SubstitutionStore(store_at())
    store.record("shop", "a", "b", False, features={}, session_id="s1")
    store.save_thread("s1", "shop", {"state": "offer"}, "hash")
    store.forget("s1")
    assert store.rejected_by("s1", "shop", "a") == set() and store.thread("s1", "shop") is None
    assert store.pairs("shop", "a") == {"b": PairRecord(0, 1)}


def test_the_model_learns_what_shoppers_accept_and_generalises_to_new_pairs(store_at):
    store = SubstitutionStore(store_at())
    model = AcceptanceModel(store, "shop").refresh()
    assert not model.fitted and model.predict([features(1, 0)]).tolist() == [0.5]
    rng = np.random.default_rng(0)
    for n in range(300):  # hidden rule: same brand, or not dearer than 5%
        brand, change = float(rng.integers(0, 2)), float(rng.uniform(-0.25, 0.25))
        accepted = bool(brand or change <= 0.05)
        store.record("shop", f"o{n}", f"s{n}", accepted, features=features(brand, change))
    model.refresh()
    assert model.fitted and model.events == 300
    liked, disliked = model.predict([features(1, 0.2), features(0, 0.2)])
    assert liked > 0.8 > 0.3 > disliked
    assert model.describe()["coefficients"]["same_brand"] > 0
    # The pair's own record refines the prediction for that pair only.
    for _ in range(8):
        store.record("shop", "x", "y", False, features=features(1, 0.2))
    model.refresh()
    scores = model.scores("x", ["y", "z"], [features(1, 0.2), features(1, 0.2)])
    assert scores[0] < 0.4 < 0.8 < scores[1]


def test_a_single_kind_of_answer_is_not_enough_to_fit(tmp_path):
    store = SubstitutionStore(tmp_path / "s.sqlite3")
    for n in range(30):
        store.record("shop", "a", f"s{n}", False, features=features(0, 0.1))
    model = AcceptanceModel(store, "shop").refresh()
    assert not model.fitted and model.base_rate == pytest.approx(1 / 32)


def test_the_veto_rule():
    rule = VetoRule(min_rejections=5, max_acceptance=0.2)
    assert not rule.vetoes(PairRecord(0, 4))
    assert rule.vetoes(PairRecord(0, 5)) and rule.vetoes(PairRecord(1, 5))
    assert not rule.vetoes(PairRecord(2, 5))


def test_pair_features():
    rice = Item("1", "Basmati Rice 1 kg", "", {"brand": "India Gate", "price": 200.0})
    half = Item("2", "Basmati Rice 500 g", "", {"brand": "india  gate", "price": 150.0,
                                                "rating": 4.0})
    values = pair_features(rice, half, 0.9)
    assert values == {"same_brand": 1.0, "size_similarity": 0.5, "size_known": 1.0,
                      "price_change": -0.25, "abs_price_change": 0.25, "content": 0.9,
                      "rating": 0.8, "rating_known": 1.0}


def test_pack_sizes():
    assert pack_size("Garlic Oil - Vegetarian Capsule 500 mg") == "500 mg"
    assert pack_size("Toor Dal 1 Kg + Moong 500gm") == "500 g"
    assert pack_size("Plain Biscuits") is None
    kilo, half = parse_size("1 kg"), parse_size("500 g")
    assert kilo.base_amount == 1000 and kilo.similarity(half) == 0.5
    assert parse_size("2 ltr").base_amount == 2000 and parse_size("10 pcs").dimension == "count"
    assert kilo.similarity(parse_size("1 l")) is None  # a weight is not a volume
    assert parse_size("large") is None and parse_size(None) is None and parse_size("0 g") is None
