"""The substitution engine: hard rules first, adversarial look-alikes never cross categories,
feedback re-ranks and vetoes but never breaks a rule, clear errors for bad items."""

from __future__ import annotations

import pytest

from bot.catalog import Item, load_catalog
from bot.errors import QueryError, SubstitutionError, UnknownItemError
from bot.substitution.acceptance import AcceptanceModel, SubstitutionStore, pair_features
from bot.substitution.guard import guard
from bot.substitution.substituter import Substituter
from indexes.items import ItemIndex
from tests.conftest import write_jsonl

VEG = {"category": "Fruits & Vegetables", "sub_category": "Fresh Vegetables",
       "type": "Exotic Vegetables"}
PADS = {"category": "Beauty & Hygiene", "sub_category": "Feminine Hygiene",
        "type": "Sanitary Napkins"}
CLEANER = {"category": "Cleaning & Household", "sub_category": "All Purpose Cleaners",
           "type": "Floor & Other Cleaners"}
DRINK = {"category": "Beverages", "sub_category": "Energy & Soft Drinks", "type": "Soft Drinks"}
RICE = {"category": "Foodgrains, Oil & Masala", "sub_category": "Rice & Rice Products",
        "type": "Basmati Rice"}
WHITE = "Soft white pack, hygienic and fresh, pack of 10. Keep in a cool dry place."
LEMON = "Fresh lemon scent, 500 ml bottle. Zesty citrus, sparkling clean."

SHOP = [
    # The famous failure: near-identical text, same price, different categories.
    {"id": "mush", "title": "White Button Mushroom Pack", "description": WHITE, "brand": "Fresho",
     "price": 50.0, "in_stock": False, **VEG},
    {"id": "pads", "title": "White Soft Pads Pack", "description": WHITE, "brand": "Whisper",
     "price": 50.0, "in_stock": True, **PADS},
    {"id": "pads2", "title": "Ultra Soft Pads", "description": "Soft pads, pack of 8.",
     "brand": "Stayfree", "price": 55.0, "in_stock": True, **PADS},
    # Same brand, same words, same price: a cleaning liquid and a drink.
    {"id": "cleaner", "title": "Lemon Fresh Liquid 500 ml", "description": LEMON,
     "brand": "Citrus Co", "price": 100.0, "in_stock": False, **CLEANER},
    {"id": "drink", "title": "Lemon Fresh Drink 500 ml", "description": LEMON,
     "brand": "Citrus Co", "price": 100.0, "in_stock": True, **DRINK},
    {"id": "cleaner2", "title": "Pine Floor Cleaner 1 l", "description": "Pine scent cleaner.",
     "brand": "Lizol", "price": 190.0, "in_stock": True, **CLEANER},
    # Rice: sizes, brands and the price band.
    {"id": "r1", "title": "Basmati Rice 1 kg", "description": "Long grain basmati rice.",
     "brand": "India Gate", "price": 200.0, "rating": 4.2, "in_stock": False, **RICE},
    {"id": "r2", "title": "Basmati Rice 500 g", "description": "Long grain basmati rice.",
     "brand": "India Gate", "price": 184.0, "rating": 4.0, "in_stock": True, **RICE},
    {"id": "r3", "title": "Basmati Rice Classic 1 kg", "description": "Aged basmati rice.",
     "brand": "Daawat", "price": 210.0, "rating": 4.5, "in_stock": True, **RICE},
    {"id": "r4", "title": "Basmati Rice Premium 1 kg", "description": "Basmati rice.",
     "brand": "Kohinoor", "price": 250.0, "in_stock": True, **RICE},  # exactly +25%
    {"id": "r5", "title": "Basmati Rice Royal 1 kg", "description": "Basmati rice.",
     "brand": "Fortune", "price": 252.0, "in_stock": True, **RICE},  # +26%: outside
    {"id": "r6", "title": "Basmati Rice Gold 1 kg", "description": "Basmati rice.",
     "brand": "Daawat", "price": 190.0, "in_stock": False, **RICE},  # out of stock
    {"id": "r7", "title": "Basmati Rice Budget 5 kg", "description": "Basmati rice.",
     "brand": "Tilda", "price": 120.0, "in_stock": True, **RICE},  # -40%: outside
    # Bad items: no price, no type.
    {"id": "noprice", "title": "Mystery Rice", "brand": "X", "in_stock": True, **RICE},
    {"id": "notype", "title": "Loose Rice", "brand": "X", "price": 80.0, "in_stock": True,
     "category": RICE["category"], "sub_category": RICE["sub_category"]},
]


@pytest.fixture
def shop(tmp_path, chroma, embedder):
    path = write_jsonl(tmp_path / "shop.jsonl", SHOP)
    index = ItemIndex(chroma, embedder, "shop")
    index.sync(load_catalog(path).items, progress=False)
    store = SubstitutionStore(tmp_path / "substitutions.sqlite3")
    return Substituter(index, AcceptanceModel(store, "shop", min_events=4))


def ids(result) -> list[str]:
    return [s.item.id for s in result.substitutes]


def item(shop, item_id) -> Item:
    return shop.index.get([item_id])[0]


def test_a_mushroom_pack_never_gets_sanitary_pads_and_pads_never_get_mushrooms(shop):
    result = shop.substitutes("mush", k=5, max_price_change=None)
    assert result.substitutes == [] and result.relaxations_offered == []
    assert "same kind" in result.reason_if_empty and "Exotic Vegetables" in result.reason_if_empty
    pads = shop.substitutes("pads", k=5, max_price_change=None)
    assert ids(pads) == ["pads2"]
    assert not guard(item(shop, "mush"), item(shop, "pads"))
    assert not shop.check("mush", "pads").ok


def test_the_guard_stops_what_a_broken_rule_lets_through(shop, monkeypatch):
    from bot.substitution.rules import CatalogRules

    # A bug that drops the category rule: only stock and price are left.
    monkeypatch.setattr(shop, "rules", lambda: CatalogRules(path=(), tracks_stock=True))
    assert shop.index.search_vector(shop._vector("mush"), 3)[1].item.id == "pads"  # look-alike
    assert shop.substitutes("mush", max_price_change=None).substitutes == []
    assert "drink" not in ids(shop.substitutes("cleaner", same_brand=True))


def test_a_cleaning_liquid_never_gets_a_drink_of_the_same_brand(shop):
    for kwargs in ({}, {"same_brand": True}, {"max_price_change": None}):
        result = shop.substitutes("cleaner", **kwargs)
        assert "drink" not in ids(result)
        assert all("drink" not in (r.options.to_dict(), r.name) for r in
                   result.relaxations_offered)
    same_brand = shop.substitutes("cleaner", same_brand=True)
    # None meets the wishes: the nearest cleaner instead, marked; never the drink.
    assert same_brand.nearest and ids(same_brand) == ["cleaner2"]
    assert same_brand.substitutes[0].unmet_wishes == ["price band", "same brand"]
    assert same_brand.substitutes[0].why.startswith(
        "90% more expensive than Lemon Fresh Liquid 500 ml, outside the ±25% band, not the "
        "same brand; by Lizol")
    # Relaxations offered are about price and brand only, and find the other cleaner.
    names = {r.name for r in same_brand.relaxations_offered}
    assert names == {"price and brand"}
    relaxed = same_brand.relaxations_offered[0].options
    assert ids(shop.substitutes("cleaner", **relaxed.to_dict())) == ["cleaner2"]
    verdict = shop.check("cleaner", "drink")
    assert not verdict.ok and any("category" in r for r in verdict.reasons)


def test_hard_rules_stock_and_price_band(shop):
    result = shop.substitutes("r1", k=10)
    assert set(ids(result)) == {"r2", "r3", "r4"}  # r4 is exactly +25%; r5 +26%; r6 out
    for substitute in result.substitutes:
        assert substitute.item.attributes["in_stock"] is True
        assert abs(substitute.price_change) <= 0.25 + 1e-9
    assert set(ids(shop.substitutes("r1", k=10, max_price_change=0.5))) == {
        "r2", "r3", "r4", "r5", "r7"}
    cheaper = shop.substitutes("r1", k=10, cheaper=True)
    assert ids(cheaper) == ["r2"]
    assert all(s.item.attributes["price"] < 200 for s in cheaper.substitutes)
    assert ids(shop.substitutes("r1", k=10, same_brand=True)) == ["r2"]
    assert "r3" not in ids(shop.substitutes("r1", k=10, exclude=["r3"]))


def test_each_substitute_says_why(shop):
    by_id = {s.item.id: s for s in shop.substitutes("r1", k=10).substitutes}
    assert by_id["r2"].why == ("same brand, 500 g instead of 1 kg, 8% cheaper (84% more per kg), "
                               "rated 4.0")
    assert by_id["r3"].why == "by Daawat, same size, 5% more expensive, rated 4.5"
    assert set(by_id["r2"].parts) == {"content", "brand", "size", "price", "rating"}
    assert by_id["r2"].score == pytest.approx(sum(by_id["r2"].parts.values()))


def test_nothing_in_the_band_says_so_and_offers_a_wider_price(shop):
    result = shop.substitutes("r1", max_price_change=0.01)
    assert "within 1% of the price" in result.reason_if_empty
    (offer,) = result.relaxations_offered
    assert offer.name == "price" and offer.options.max_price_change == 0.05
    assert "the closest 5% more expensive" in offer.description
    assert ids(shop.substitutes("r1", **offer.options.to_dict())) == ["r3"]


def test_cheaper_with_nothing_cheaper_in_the_band_offers_a_wider_band(shop):
    result = shop.substitutes("r3", cheaper=True, max_price_change=0.02)
    assert result.nearest and ids(result) == ["r2", "r7"]  # cheaper ones kept, nearest first
    (offer,) = result.relaxations_offered
    assert offer.options.cheaper and offer.options.max_price_change == 0.15
    assert offer.description == "a price band of 15%: 1 item, the closest 12.4% cheaper"
    assert ids(shop.substitutes("r3", **offer.options.to_dict())) == ["r2"]
    # r4's one remaining alternative, r5, costs more: the offer drops "cheaper".
    only = shop.substitutes("r4", cheaper=True, exclude=["r1", "r2", "r3", "r6", "r7"])
    (offer,) = only.relaxations_offered
    assert not offer.options.cheaper and offer.options.max_price_change == 0.25
    assert ids(only) == ["r5"] and only.substitutes[0].unmet_wishes == ["cheaper"]
    assert only.substitutes[0].outside_band is None  # within the band, only not cheaper
    assert only.substitutes[0].why == "not cheaper; by Fortune, same size, 1% more expensive"
    assert offer.description == ("not only cheaper ones (none is): 1 item, the closest 0.8% more "
                                 "expensive")


def test_bad_ids_and_items_missing_price_or_category_get_clear_errors(shop, tmp_path, chroma,
                                                                       embedder):
    with pytest.raises(UnknownItemError, match="no item with id 'nope'"):
        shop.substitutes("nope")
    with pytest.raises(SubstitutionError, match="has no price"):
        shop.substitutes("noprice")
    with pytest.raises(SubstitutionError, match="has no type"):
        shop.substitutes("notype")
    with pytest.raises(QueryError, match="k must be"):
        shop.substitutes("r1", k=0)
    with pytest.raises(QueryError, match="price band"):
        shop.substitutes("r1", max_price_change=-0.1)
    with pytest.raises(UnknownItemError):
        shop.record("r1", "nope", True)
    movies = write_jsonl(tmp_path / "movies.jsonl", [{"id": "1", "title": "Heat", "price": 3.0}])
    index = ItemIndex(chroma, embedder, "movies")
    index.sync(load_catalog(movies).items, progress=False)
    with pytest.raises(SubstitutionError, match="no category, sub_category, type field"):
        Substituter(index).substitutes("1")


def test_feedback_cannot_break_a_hard_rule(shop):
    with pytest.raises(SubstitutionError, match="cannot be a substitute.*not recorded"):
        shop.record("mush", "pads", True)
    assert shop.acceptance.store.version("shop") == (0, 0)
    # Even acceptances written straight into the store (an old or forged log) change nothing.
    store = shop.acceptance.store
    features = pair_features(item(shop, "mush"), item(shop, "pads"), 1.0)
    for pair in (("mush", "pads"), ("r1", "r5"), ("r1", "r6"), ("r1", "r7")):
        for _ in range(50):
            store.record("shop", *pair, True, features=features)
    assert shop.substitutes("mush", max_price_change=None).substitutes == []
    assert set(ids(shop.substitutes("r1", k=10))) == {"r2", "r3", "r4"}


def test_many_rejections_veto_a_pair(shop):
    for _ in range(4):
        shop.record("r1", "r3", False, session_id="a")
    assert "r3" in ids(shop.substitutes("r1", k=10))  # four rejections: not yet
    record = shop.record("r1", "r3", False, session_id="b")
    assert (record.accepted, record.rejected) == (0, 5)
    result = shop.substitutes("r1", k=10)
    assert "r3" not in ids(result) and result.vetoed == ["r3"]
    assert "rejected this substitution too often" in shop.check("r1", "r3").reasons[-1]
    # A pair people also accept is not vetoed by its rejections alone.
    for _ in range(3):
        shop.record("r1", "r3", True)
    assert "r3" in ids(shop.substitutes("r1", k=10))


def test_acceptances_raise_a_substitute_and_say_so(shop):
    before = ids(shop.substitutes("r1", k=10))
    last = before[-1]
    for _ in range(6):
        shop.record("r1", last, True)
        for other in before[:-1]:
            shop.record("r1", other, False)
    after = shop.substitutes("r1", k=10)
    assert ids(after)[0] == last
    top = after.substitutes[0]
    assert top.acceptance is not None and top.acceptance > 0.6
    assert "accepted by 6 of 6 shoppers" in top.why and "acceptance" in top.parts


def test_nothing_in_the_band_still_offers_the_nearest_of_the_kind_marked(shop):
    result = shop.substitutes("r1", max_price_change=0.01)
    # Closest in price first; the unpriced rice is never among them, nor r6 (out of stock).
    assert result.nearest and ids(result) == ["r3", "r2", "r4", "r5", "r7"]
    changes = [abs(s.price_change) for s in result.substitutes]
    assert changes == sorted(changes)
    first = result.substitutes[0]
    assert first.outside_band == pytest.approx(0.04) and first.unmet_wishes == ["price band"]
    assert first.why == ("5% more expensive than Basmati Rice 1 kg, outside the ±1% band; "
                         "by Daawat, same size, rated 4.5")
    assert result.substitutes[1].why.startswith("8% cheaper than Basmati Rice 1 kg (84% more "
                                                "per kg), outside the ±1% band; same brand")
    for substitute in result.substitutes:
        assert substitute.item.attributes["in_stock"] is True
        assert guard(item(shop, "r1"), substitute.item)
    raw = result.to_dict()
    assert raw["nearest"] is True and raw["substitutes"][0]["outside_band"] == 0.04
    assert raw["substitutes"][0]["unmet_wishes"] == ["price band"]
    # Within the band: nothing is marked.
    plain = shop.substitutes("r1").to_dict()
    assert plain["nearest"] is False
    assert all(s["outside_band"] is None and s["unmet_wishes"] == []
               for s in plain["substitutes"])


def test_the_nearest_keep_the_same_brand_while_it_finds_something(shop):
    result = shop.substitutes("r1", same_brand=True, max_price_change=0.01)
    assert ids(result) == ["r2"] and result.substitutes[0].unmet_wishes == ["price band"]
    # No other Fresho item: the nearest of any brand, each saying it is not the same brand.
    other = shop.substitutes("r4", same_brand=True, max_price_change=0.005)
    assert ids(other)[0] == "r5" and "same brand" in other.substitutes[0].unmet_wishes
    assert "not the same brand" in other.substitutes[0].why


def test_the_nearest_of_a_kind_larger_than_the_pool_are_the_nearest_in_price(shop):
    small = Substituter(shop.index, pool=2)  # reads two of the kind, then asks Chroma
    vector = small._vector("r1")
    read = [h.item.id for h in small._same_kind(item(shop, "r1"), vector, small.rules(),
                                                 {"r1"}).hits]
    assert "r3" not in read  # the two nearest in content are not the nearest in price...
    assert ids(small.substitutes("r1", k=1, max_price_change=0.01)) == ["r3"]  # ...found anyway


def test_with_nothing_of_the_kind_in_stock_the_answer_stays_none(shop):
    result = shop.substitutes("r1", exclude=["r2", "r3", "r4", "r5", "r7", "noprice"])
    assert result.substitutes == [] and not result.nearest
    assert "No other item of the same kind" in result.reason_if_empty
    assert result.relaxations_offered == []


def test_the_check_for_proposed_items(shop):
    assert shop.check("r1", "r3").ok
    verdict = shop.check("r1", "r6")
    assert not verdict.ok and verdict.reasons == ["out of stock"]
    assert "price 252 is outside 150-250" in shop.check("r1", "r5").reasons
    assert shop.check("r1", "r1").reasons == ["it is the same item", "out of stock"]


def test_the_guard_compares_paths_not_text():
    def make(item_id: str, **attributes) -> Item:
        return Item(item_id, "A white pack", "same words", attributes)

    original = make("a", **PADS)
    assert guard(original, make("b", **{**PADS, "type": " sanitary  napkins "}))
    verdict = guard(original, make("c", **VEG))
    assert not verdict and verdict.reason.startswith("category differs")
    assert not guard(original, make("d", category=PADS["category"]))  # no sub-category
    assert not guard(make("e"), make("f"))  # an original without a category has no substitute
    assert guard(original, original).reason == "it is the same item"


def test_a_category_larger_than_the_pool_still_finds_what_passes(shop):
    small = Substituter(shop.index, pool=2)  # reads two of the kind, then asks Chroma
    assert set(ids(small.substitutes("r1", k=2))) <= {"r2", "r3", "r4"}
    assert len(small.substitutes("r1", k=2).substitutes) == 2
    assert ids(small.substitutes("r1", k=2, cheaper=True)) == ["r2"]
    assert ids(small.substitutes("r1", k=2, same_brand=True)) == ["r2"]
    offer = small.substitutes("r1", max_price_change=0.01).relaxations_offered
    assert offer and offer[0].name == "price"
