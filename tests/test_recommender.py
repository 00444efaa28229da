"""The collaborative model and the hybrid ranker on two taste groups that never mix."""

from __future__ import annotations

import numpy as np
import pytest

from bot.collab import CollabModel, TrainConfig
from bot.constraints import Constraints
from bot.errors import ModelNotTrainedError, RecbotError, UnknownItemError
from bot.ranker import HybridRanker, RecommendRequest
from indexes.items import ItemIndex
from tests.taste_groups import group_items, group_log


@pytest.fixture
def items():
    return group_items()


@pytest.fixture
def log(tmp_path):
    return group_log(tmp_path)


@pytest.fixture
def model(log, items):
    return CollabModel.train(log, [i.id for i in items], TrainConfig(factors=8, seed=1))


@pytest.fixture
def index(chroma, embedder, items):
    index = ItemIndex(chroma, embedder, "shop")
    index.sync(items)
    return index


def groups(ids) -> set[str]:
    return {i[0] for i in ids}


@pytest.mark.parametrize("kind", ["als", "bpr"])
def test_a_known_user_gets_items_of_their_own_group(model, kind):
    for user, group in (("A3", "A"), ("B7", "B")):
        vector = model.user_vector(kind, user_id=user)
        top = model.recommend(kind, vector, 5, exclude=model.history(user))
        assert groups(i for i, _ in top) == {group}
        assert not set(model.history(user)) & {i for i, _ in top}


@pytest.mark.parametrize("kind", ["als", "bpr"])
def test_a_new_person_is_folded_in_from_three_likes_without_retraining(model, kind):
    before = [f.copy() for f in model.factors[kind]]
    vector = model.user_vector(kind, liked=["B1", "B2", "B4"])
    top = model.recommend(kind, vector, 5, exclude=["B1", "B2", "B4"])
    assert groups(i for i, _ in top) == {"B"}
    assert all(np.array_equal(a, b) for a, b in zip(before, model.factors[kind], strict=True))


def test_people_who_liked_this_also_liked_stays_in_the_group(model):
    similar = model.similar("A2", 5)
    assert groups(i for i, _ in similar) == {"A"} and "A2" not in {i for i, _ in similar}
    with pytest.raises(UnknownItemError):
        model.similar("Z9", 5)


def test_an_item_nobody_touched_is_known_but_has_no_crowd_score(log, items):
    ids = [i.id for i in items] + ["NEW"]
    model = CollabModel.train(log, ids, TrainConfig(factors=8))
    assert model.popularity_of(["NEW"])[0] == 0
    assert model.neighbour_scores(["A1"], ["NEW"])[0][0] == 0


def test_save_and_load_give_the_same_scores(tmp_path, model):
    path = model.save(tmp_path / "models" / "shop.npz")
    loaded = CollabModel.load(path)
    assert loaded.item_ids == model.item_ids and loaded.user_ids == model.user_ids
    assert loaded.config == model.config
    for kind in ("als", "bpr"):
        fresh = loaded.user_vector(kind, liked=["A1", "A5"])
        assert np.allclose(fresh, model.user_vector(kind, liked=["A1", "A5"]))
        assert loaded.recommend(kind, fresh, 5) == model.recommend(kind, fresh, 5)
    assert loaded.similar("B3", 4) == model.similar("B3", 4)


def test_a_failed_save_keeps_the_previous_model(tmp_path, model, monkeypatch):
    path = model.save(tmp_path / "models" / "shop.npz")
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", crash)
    with pytest.raises(OSError):
        model.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["shop.npz"]  # no temporary left over


def test_missing_or_corrupt_model_files_give_clear_errors(tmp_path):
    with pytest.raises(ModelNotTrainedError, match="recbot train"):
        CollabModel.load(tmp_path / "none.npz")
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a model")
    with pytest.raises(RecbotError, match="train` again"):
        CollabModel.load(broken)


# -- the hybrid ranker -------------------------------------------------------------


def test_hybrid_recommends_the_persons_group_and_says_why(index, model):
    ranker = HybridRanker(index, model)
    picks = ranker.recommend(RecommendRequest(user_id="A4", k=6))
    assert groups(p.item.id for p in picks) == {"A"}
    assert not {p.item.id for p in picks} & set(model.history("A4"))
    for pick in picks:
        assert pick.score == pytest.approx(sum(pick.parts.values()), abs=1e-4)
        assert pick.why()


def test_hybrid_cold_start_from_likes_and_a_query(index, model):
    ranker = HybridRanker(index, model)
    picks = ranker.recommend(RecommendRequest(liked=["B2", "B3"], k=5))
    assert groups(p.item.id for p in picks) == {"B"}
    liked_titles = [i.title for i in index.get(["B2", "B3"])]
    assert any(t in p.why() for p in picks for t in liked_titles)
    by_query = ranker.recommend(RecommendRequest(query="rocket to a planet", k=3))
    assert groups(p.item.id for p in by_query) == {"A"}
    assert "close to what you asked for" in by_query[0].why()  # never the words typed


def test_new_items_without_interactions_are_recommendable_through_content(
        chroma, embedder, items, log):
    model = CollabModel.train(log, [i.id for i in items], TrainConfig(factors=8))
    newcomer = items[0].__class__("A99", "A astronaut galaxy rocket",
                                  "space rocket planet astronaut", {"price": 5.0})
    index = ItemIndex(chroma, embedder, "shop2")
    index.sync([*items, newcomer])
    picks = HybridRanker(index, model).recommend(
        RecommendRequest(query="astronaut galaxy rocket", k=3))
    assert "A99" in {p.item.id for p in picks}


def test_out_of_stock_or_over_budget_never_appears_however_high_its_score(
        chroma, embedder, items, model):
    # A0 and A1 are the most popular A items: top picks for any A person, unless constrained.
    items[0].attributes["in_stock"] = False
    items[1].attributes["price"] = 500.0
    index = ItemIndex(chroma, embedder, "shop3")
    index.sync(items)
    manifest = index.manifest()
    ranker = HybridRanker(index, model)
    free = ranker.recommend(RecommendRequest(liked=["A2", "A3"], k=5))
    assert {"A0", "A1"} & {p.item.id for p in free}  # they would be picked
    constraints = Constraints.build(manifest.fields, manifest.vocabulary, max_price=100)
    for request in (RecommendRequest(liked=["A2", "A3"], k=20, constraints=constraints),
                    RecommendRequest(query="space rocket", k=20, constraints=constraints),
                    RecommendRequest(user_id="A1", k=20, constraints=constraints)):
        picked = {p.item.id for p in ranker.recommend(request)}
        assert picked and not picked & {"A0", "A1"}


def test_seen_rejected_and_excluded_topics_are_left_out(index, model):
    manifest = index.manifest()
    constraints = Constraints.build(manifest.fields, manifest.vocabulary,
                                    excluded_topics=["Baking"])
    ranker = HybridRanker(index, model)
    picks = ranker.recommend(RecommendRequest(
        liked=["A1"], disliked=["A2"], seen=["A3", "A4"], query="bread cake oven",
        constraints=constraints, k=15))
    picked = {p.item.id for p in picks}
    assert picked and groups(picked) == {"A"}
    assert not picked & {"A1", "A2", "A3", "A4"}


def test_diversity_spreads_the_list(index, model):
    from dataclasses import replace

    ranker = HybridRanker(index, model)
    request = RecommendRequest(query="space rocket planet", k=6)
    plain = ranker.recommend(request, replace(ranker.weights, diversity=0.0))
    diverse = ranker.recommend(request, replace(ranker.weights, diversity=0.7))

    def mean_similarity(picks):
        _, vectors = index.embeddings([p.item.id for p in picks])
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        sims = vectors @ vectors.T
        return (sims.sum() - len(picks)) / (len(picks) * (len(picks) - 1))

    assert mean_similarity(diverse) < mean_similarity(plain)


def test_similar_items_blend_crowd_and_content(index, model):
    picks = HybridRanker(index, model).similar("B5", 5)
    assert groups(p.item.id for p in picks) == {"B"} and "B5" not in {p.item.id for p in picks}


def test_without_a_collaborative_model_the_ranker_uses_content(index):
    picks = HybridRanker(index, None).recommend(RecommendRequest(liked=["A1"], k=4))
    assert groups(p.item.id for p in picks) == {"A"}


def test_repeat_purchases_add_up_and_a_re_rating_counts_once(tmp_path):
    from bot.interactions import load_interactions

    purchases = tmp_path / "orders.csv"
    purchases.write_text("customer_id,product_id,quantity\nc1,A1,2\nc1,A1,3\nc2,A2,1\n")
    model = CollabModel.train(load_interactions(purchases), ["A1", "A2"], TrainConfig(factors=2))
    assert model.matrix[model.user_index["c1"], model.item_index["A1"]] == 5
    ratings = tmp_path / "ratings.csv"
    ratings.write_text("userId,itemId,rating\nu1,A1,5\nu1,A1,2\nu2,A1,5\nu2,A2,1\n")
    model = CollabModel.train(load_interactions(ratings), ["A1", "A2"], TrainConfig(factors=2))
    assert model.matrix[model.user_index["u1"], model.item_index["A1"]] == 1
    assert model.interaction_counts.tolist() == [2, 1] and model.like_counts.tolist() == [2, 0]


def test_reasons_lead_with_the_strongest_part_and_keep_a_personal_one():
    from bot.catalog import Item
    from bot.ranker import Pick

    toy, film = Item("1", "Toy Story", "", {}), Item("2", "Film", "", {})
    pick = Pick(film, 1.5, {"acclaim": 1.0, "bpr": 0.3, "taste": 0.2}, because=toy,
                standing={"acclaim": 0.9})
    assert pick.reasons() == ["loved by many", "because you liked Toy Story"]
    same = Pick(film, 1.0, {"also_liked": 0.6, "taste": 0.4}, because=toy, crowd_because=toy)
    assert same.why() == "people who liked Toy Story also liked it"
    asked = Pick(film, 2.0, {"query": 1.8, "als": 0.2}, query="space")
    assert asked.reasons() == ["close to what you asked for", "popular with people like you"]
    assert Pick(film, 0.0, {}).why() == "a good match"


def talked_about_items() -> list:
    """The taste groups, where B17, an item nobody in the log likes much, is the one
    people talk about most (a `mentions` field), and a few others are mentioned less."""
    from dataclasses import replace as with_attributes
    mentions = {"B17": 500, "A3": 20, "B5": 10}
    return [with_attributes(i, attributes={**i.attributes, "mentions": mentions[i.id]})
            if i.id in mentions else i for i in group_items()]


def test_what_people_talk_about_leads_for_a_newcomer(chroma, embedder, model):
    """A newcomer with nothing said yet gets the most talked-about item among the first
    picks, with the reason; with the talk weight off, it is not there."""
    from bot.ranker import BlendWeights
    index = ItemIndex(chroma, embedder, "talked")
    index.sync(talked_about_items())
    request = RecommendRequest(k=3)
    picks = {p.item.id: p for p in HybridRanker(index, model).recommend(request)}
    assert "B17" in picks and "much talked about" in picks["B17"].why()
    quiet = HybridRanker(index, model, BlendWeights(talk=0.0)).recommend(request)
    assert "B17" not in [p.item.id for p in quiet]


def test_a_catalog_without_mentions_ranks_as_before(index, model):
    from bot.ranker import BlendWeights
    request = RecommendRequest(liked=["A1", "A2"], k=5)
    with_talk = HybridRanker(index, model).recommend(request)
    without = HybridRanker(index, model, BlendWeights(talk=0.0)).recommend(request)
    assert [p.item.id for p in with_talk] == [p.item.id for p in without]


def test_what_people_talk_about_is_read_once_per_version_of_the_index(chroma, embedder, model):
    """A ranker is made for every turn: the mention counts are read from the index once per
    version, not on every turn, and again after a re-ingest changes them."""
    from dataclasses import replace as with_attributes
    index = ItemIndex(chroma, embedder, "talked")
    index.sync(talked_about_items())
    reads: list[int] = []
    original = index.get

    def counting(ids):
        reads.append(len(ids))
        return original(ids)

    index.get = counting  # type: ignore[method-assign]
    first = [HybridRanker(index, model).talked_about()[0] for _ in range(3)]
    assert first[0][0] == "B17" and first.count(first[0]) == 3
    assert len([n for n in reads if n == len(talked_about_items())]) == 1
    louder = [with_attributes(i, attributes={**i.attributes, "mentions": 900})
              if i.id == "A3" else i for i in talked_about_items()]
    index.sync(louder)
    assert HybridRanker(index, model).talked_about()[0][0] == "A3"
