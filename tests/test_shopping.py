"""The substitution dialogue through `Bot.reply`, the `Bot` substitution API, and the CLI,
on 200 demo groceries (and a few movies) indexed with the test embedder."""

from __future__ import annotations

import json
import re

import pytest

from bot.bot import Bot
from bot.catalog import load_catalog
from bot.cli.main import main
from bot.context import Context
from bot.errors import SubstitutionError, UnknownItemError
from bot.settings import Settings
from bot.substitution.guard import guard
from indexes.items import ItemIndex
from tests.conftest import DEMO_GROCERIES, DEMO_MOVIES, demo_slice, write_jsonl

FACE_WASH = "72"  # Pure & Gentle Face Wash (Pears, 120): Face Care has four within +/-25%
OXY = "13"  # Face Wash - Oil Control, Active (110)
SOAP = "178"  # Soap (Mysore Sandal, 430): bathing bars, not face care


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from indexes.store import open_chroma
    from tests.conftest import HashEmbedder

    folder = tmp_path_factory.mktemp("shopping")
    chroma, embedder = open_chroma(path=folder / "chroma"), HashEmbedder()
    rows = demo_slice(DEMO_GROCERIES, 200)
    rows.append({**rows[0], "id": "no-price", "title": "Unpriced Hair Oil", "price": None})
    for name, source in (("groceries", rows), ("movies", demo_slice(DEMO_MOVIES, 50))):
        path = write_jsonl(folder / f"{name}.jsonl", source)
        ItemIndex(chroma, embedder, name).sync(load_catalog(path).items, progress=False)
    return chroma, embedder


@pytest.fixture
def bot(world, tmp_path) -> Bot:
    chroma, embedder = world
    return Bot(Context(Settings(data_dir=tmp_path, catalog="groceries"), client=chroma,
                       embedder=embedder))


def picks(reply) -> list[str]:
    return [p.id for p in reply.picks]


def test_a_rejection_is_learned_from_and_stays_out_for_that_person(bot):
    first = bot.reply("s1", "Pure & Gentle Face Wash is out of stock, what can I get instead?")
    assert OXY in picks(first) and FACE_WASH not in picks(first)
    bot.reply("s1", f"not the {['first', 'second', 'third'][picks(first).index(OXY)]} one")
    assert bot.substitutions.store.pairs("groceries", FACE_WASH)[OXY].rejected == 1
    cheaper = bot.reply("s1", "cheaper")
    assert cheaper.picks and OXY not in picks(cheaper)
    assert OXY in [s.item.id for s in bot.substitutes("s2", FACE_WASH).substitutes]


def test_follow_ups_only_refine_the_latest_substitution(bot):
    bot.reply("s1", "What can I get instead of Pure & Gentle Face Wash?")
    bot.reply("s1", "green tea")  # the conversation moves on
    reply = bot.reply("s1", "cheaper")  # now an ordinary request, not about the face wash
    assert "Instead of" not in reply.text


def test_its_out_of_stock_after_asking_about_one_pick_is_that_pick(bot):
    """'what else if its out of stock' after 'is the first one in stock' asked which
    product was meant."""
    shown = bot.reply("s1", "face wash")
    first = bot.context.index("groceries").get([shown.picks[0].id])[0]
    bot.reply("s1", "is the first one in stock")
    reply = bot.reply("s1", "what else if its out of stock")
    assert reply.text.startswith(f"Instead of {first.title}")


def test_an_ambiguous_name_asks_which_product(bot):
    reply = bot.reply("s1", "face wash is out of stock")
    assert reply.asked and reply.text.startswith("Which one is out of stock?")
    second = reply.picks[1]
    chosen = bot.reply("s1", "the second one")
    assert chosen.text.startswith(f"Instead of {second.title}")
    unknown = bot.reply("s2", "zebra milk is out of stock, what instead?")
    assert unknown.asked and "could not find it" in unknown.text
    named = bot.reply("s2", "Pure & Gentle Face Wash")  # the answer to "which product?"
    assert named.text.startswith("Instead of Pure & Gentle Face Wash")


def test_a_product_the_person_proposes_must_pass_the_guard(bot):
    bot.reply("s1", "Pure & Gentle Face Wash is out of stock")
    refused = bot.reply("s1", "what about Soap?")
    assert not refused.picks and "not the same sub-category" in refused.text
    offered = bot.reply("s1", "how about Skin Cream?")
    assert [p.title for p in offered.picks] == ["Skin Cream"]
    taken = bot.reply("s1", "I'll take it")
    assert taken.text.startswith("Good choice: Skin Cream")
    assert bot.store.profile("s1", "groceries").accepted == [offered.picks[0].id]


def test_an_item_without_a_price_gets_a_clear_answer(bot):
    reply = bot.reply("s1", "Unpriced Hair Oil is out of stock")
    assert "can't suggest a substitute" in reply.text and "has no price" in reply.text
    with pytest.raises(SubstitutionError, match="has no price"):
        bot.substitutes("s1", "no-price")


def test_other_catalogs_and_other_requests_are_left_to_the_engine(bot):
    reply = bot.reply("m1", "something instead of Toy Story", catalog="movies")
    assert "substitute" not in reply.text.lower() and reply.picks
    plain = bot.reply("g1", "green tea under 150")
    assert "Instead of" not in plain.text


def test_the_bot_api_and_button_feedback(bot):
    result = bot.substitutes("s1", FACE_WASH, k=2, cheaper=True)
    assert result.substitutes and all(s.price_change < 0 for s in result.substitutes)
    profile = bot.feedback("s1", OXY, "dislike", substitute_for=FACE_WASH)
    assert profile.disliked == []  # a rejected substitute is not a disliked product
    assert OXY not in [s.item.id for s in bot.substitutes("s1", FACE_WASH, k=10).substitutes]
    bot.feedback("s1", "160", "accepted", substitute_for=FACE_WASH)
    assert bot.store.profile("s1", "groceries").accepted == ["160"]
    assert bot.feedback("s1", OXY, "like").liked == [OXY]  # the old signature still works
    with pytest.raises(SubstitutionError, match="cannot be a substitute"):
        bot.substitute_feedback("s1", FACE_WASH, SOAP, True)
    with pytest.raises(UnknownItemError):
        bot.substitute_feedback("s1", FACE_WASH, "nope", False)
    assert not bot.check_substitute(FACE_WASH, SOAP).ok
    assert bot.substitutes("s1", FACE_WASH, any_price=True).options.max_price_change is None


def test_recbot_substitute_on_the_command_line(bot, capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["substitute", *argv], context=bot.context)
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = run(FACE_WASH, "--json", "-k", "3")
    result = json.loads(out)
    assert code == 0 and result["original"]["category_path"] == \
        "Beauty & Hygiene > Skin Care > Face Care"
    assert 1 <= len(result["substitutes"]) <= 3
    assert all(abs(s["price_change"]) <= 0.25 for s in result["substitutes"])
    code, out, _ = run(FACE_WASH, "--cheaper")
    assert code == 0 and "Substitutes for Pure & Gentle Face Wash [72]" in out and "cheaper" in out
    code, out, _ = run(FACE_WASH, "--reject", OXY)
    assert code == 0 and "0 accepted, 1 rejected" in out
    code, out, _ = run("5", "--max-price-change", "0.1")  # Creme Soft Soap: none within 10%
    assert "is within 10% of the price. The nearest of the same kind, closest in price " \
           "first:" in out and "outside the ±10% band" in out
    assert "relax price" in out and "--max-price-change" in out and "No substitute." not in out
    code, out, _ = run("5", "--max-price-change", "0.1", "--json")
    result = json.loads(out)
    assert result["nearest"] is True and result["substitutes"]
    assert all(s["outside_band"] > 0 and s["unmet_wishes"] == ["price band"]
               for s in result["substitutes"])
    code, _, err = run("nope")
    assert code == 2 and "no item with id 'nope'" in err
    code, _, err = run(FACE_WASH, "--accept", SOAP)
    assert code == 2 and "cannot be a substitute" in err


def test_the_default_price_band_is_a_setting(world, tmp_path):
    from bot.errors import ConfigError

    env = {"RECBOT_DATA_DIR": str(tmp_path), "RECBOT_SUBSTITUTE_MAX_PRICE_CHANGE": "0.05"}
    settings = Settings.from_env(env)
    assert settings.substitute_max_price_change == 0.05
    with pytest.raises(ConfigError, match="fraction of the price"):
        Settings.from_env({**env, "RECBOT_SUBSTITUTE_MAX_PRICE_CHANGE": "-1"})
    chroma, embedder = world
    narrow = Bot(Context(Settings(data_dir=tmp_path, catalog="groceries",
                                  substitute_max_price_change=0.05),
                         client=chroma, embedder=embedder))
    result = narrow.substitutes("s1", FACE_WASH)
    assert result.options.max_price_change == 0.05
    assert "within 5% of the price" in result.reason_if_empty
    assert result.relaxations_offered[0].options.max_price_change == 0.1
    # None within 5%: the nearest instead, marked; Skin Cream, 6% cheaper, comes first.
    assert result.nearest and result.substitutes[0].item.title == "Skin Cream"
    assert result.substitutes[0].outside_band == pytest.approx(0.0125)
    # The chat keeps to the same band.
    reply = narrow.reply("s1", "Pure & Gentle Face Wash is out of stock, what instead?")
    assert "within 5% of the price; the nearest:" in reply.text
    assert "outside the ±5% band" in reply.text and "25%" not in reply.text


def test_with_none_in_the_band_the_chat_and_the_api_offer_the_nearest_marked(bot):
    index = bot.context.index("groceries")
    soap = index.get(["5"])[0]  # Creme Soft Soap (Nivea, 162): no soap within +/-25%
    reply = bot.reply("s1", "Creme Soft Soap - For Hands & Body is sold out, any alternative?")
    lead, *lines = reply.text.split("\n")
    assert lead == ("Nothing in stock of the same kind (Beauty & Hygiene > Bath & Hand Wash > "
                    "Bathing Bars & Soaps) is within 25% of the price; the nearest:")
    assert len(reply.picks) == 3 and reply.engine == "rules"
    items = index.get([p.id for p in reply.picks])
    changes = [abs(i.attributes["price"] / 162 - 1) for i in items]
    assert changes == sorted(changes) and min(changes) > 0.25  # nearest first, all outside
    for pick, found in zip(reply.picks, items, strict=True):
        assert found.attributes["in_stock"] is True and guard(soap, found)
        assert "than Creme Soft Soap - For Hands & Body, outside the ±25% band" in pick.why
    assert 'To look wider, say "widen the price" (a price band of 35%' in reply.text
    # The API says the same, with the marks as fields.
    result = bot.substitutes("s2", "5", k=3)
    assert result.nearest and [s.item.id for s in result.substitutes] == [p.id for p in
                                                                           reply.picks]
    assert [s.why for s in result.substitutes] == [p.why for p in reply.picks]
    assert all(s.unmet_wishes == ["price band"] and s.outside_band > 0
               for s in result.substitutes)
    # A nearest one on screen can be proposed and taken; the wider band finds a ranked list.
    taken = bot.reply("s1", "I'll take the first")
    assert taken.text.startswith(f"Good choice: {reply.picks[0].title}")
    bot.reply("s3", "Creme Soft Soap - For Hands & Body is sold out, any alternative?")
    wider = bot.reply("s3", "ok, widen the price")
    assert "(within 35% of the price)" in wider.text and wider.picks


def test_with_nothing_of_the_kind_in_stock_the_chat_says_so_plainly(bot):
    reply = bot.reply("s1", "Butter Cookies Gold Collection is out of stock")
    assert not reply.picks and "only suggest items of the same kind" in reply.text
    result = bot.substitutes("s1", "12")  # Butter Cookies Gold Collection
    assert result.substitutes == [] and not result.nearest


def test_a_follow_up_the_rules_let_through_stays_in_the_product_kind(bot):
    index = bot.context.index("groceries")
    kind = index.get([FACE_WASH])[0].attributes["type"]
    offer = bot.reply("s1", "Pure & Gentle Face Wash is out of stock, what can I get instead?")
    assert offer.engine == "rules" and offer.picks
    pricier = bot.reply("s1", "anything pricier?")  # not a substitution wish: the general engine
    assert pricier.engine == "offline" and pricier.picks
    assert {i.attributes["type"] for i in index.get([p.id for p in pricier.picks])} == {kind}


def test_both_engines_read_cheaper_the_same_way(bot):
    """One phrase list: "more affordable" asks for cheaper substitutes in a substitution, and
    for cheaper picks in any other conversation."""
    bot.reply("s1", "Pure & Gentle Face Wash is out of stock, what can I get instead?")
    substitutes = bot.reply("s1", "anything more affordable?")
    assert substitutes.engine == "rules" and "(cheaper)" in substitutes.text
    bot.reply("s2", "face wash")
    cheaper = bot.reply("s2", "anything more affordable?")
    assert cheaper.engine == "offline" and cheaper.text.startswith("Cheaper ones, under")


def test_cheaper_says_a_whole_amount_that_every_pick_is_under(bot):
    """'Cheaper ones, under 35.96' reads like a machine; the bound is said in whole units,
    rounded up, and the picks and their reasons agree with it."""
    first = bot.reply("w1", "skin care", catalog="groceries")
    cheaper = bot.reply("w1", "cheaper", catalog="groceries")
    said = re.match(r"Cheaper ones, under (\d+)\.", cheaper.text)
    assert said, cheaper.text
    items = bot.context.index("groceries").get([p.id for p in cheaper.picks])
    assert cheaper.picks and all(float(i.attributes["price"]) < int(said[1]) for i in items)
    assert first.picks and not re.search(r"under \d+\.\d", cheaper.text)


def test_sasta_after_a_list_is_cheaper_than_those_and_no_budget(bot):
    """'koi sasta wala?' said 'Cheaper ones, under 192' and then 'under 189' on every line:
    'sasta' was also the catalog's cheap budget, kept for the rest of the conversation."""
    bot.reply("h1", "skin care")
    cheaper = bot.reply("h1", "koi sasta wala?")
    said = re.match(r"Cheaper ones, under (\d+)\.", cheaper.text)
    assert said and cheaper.picks, cheaper.text
    assert all(p.why.endswith(f"under {said[1]}") for p in cheaper.picks)
    assert bot.store.profile("h1", "groceries").max_price is None


def test_a_product_name_that_names_a_kind_asks_for_it_without_a_like(bot):
    """'green tea' typed in a shop asks for green tea; it is not 'I loved Green Tea'."""
    view = bot.view("groceries")
    titles = [t for t in view.titles.titles.values()
              if (said := view.reader.read(t.lower())).titles and said.kind is not None]
    assert titles, "the slice has a product named like its kind"
    asked = bot.reply("k1", titles[0].lower())
    assert asked.picks and not bot.store.profile("k1", "groceries").liked
    assert "you liked" not in asked.text
    bot.reply("k2", f"I love {titles[0]}")
    assert bot.store.profile("k2", "groceries").liked


def test_a_limit_alone_after_a_list_narrows_the_same_request(bot):
    """'not too scrubby ones' after face care picks refused scrubs and then searched
    nothing: the picks became random products. A message that only limits (a refusal, a
    budget) narrows the request the list answered."""
    first = bot.reply("n1", "face care")
    index = bot.context.index("groceries")
    assert first.picks and {i.attributes["type"] for i in index.get(picks(first))} == {"Face Care"}
    narrowed = bot.reply("n1", "not too scrubby ones, nothing with scrub")
    items = index.get(picks(narrowed))
    assert narrowed.picks and {i.attributes["type"] for i in items} == {"Face Care"}
    assert not any("scrub" in f"{i.title} {i.description}".lower() for i in items)
    cheaper = bot.reply("n1", "under 150")
    items = index.get(picks(cheaper))
    assert cheaper.picks and {i.attributes["type"] for i in items} == {"Face Care"}
    assert all(float(i.attributes["price"]) <= 150 for i in items)


def test_nothing_too_costly_before_any_list_is_a_cheap_budget(bot):
    """With nothing shown to be cheaper than, 'nothing too costly' reads as 'cheap': under
    the catalog's middle price."""
    middle = bot.view("groceries").reading.schema.role("price").quartiles[1]
    reply = bot.reply("c1", "nothing too costly please, some face care")
    items = bot.context.index("groceries").get(picks(reply))
    assert reply.picks and all(float(i.attributes["price"]) <= middle for i in items)
    assert bot.store.profile("c1", "groceries").max_price == pytest.approx(middle, abs=0.01)


def test_a_new_request_during_an_offer_is_answered_not_taken_for_a_yes(bot):
    """'ok thanks. also need a shampoo' while substitutes were on offer accepted the first
    substitute and never looked for shampoo."""
    offer = bot.reply("o1", "Pure & Gentle Face Wash is out of stock, what can I get instead?")
    assert offer.engine == "rules" and offer.picks
    reply = bot.reply("o1", "ok thanks. also need a shampoo for dandruff under 400")
    assert reply.engine == "offline" and reply.picks
    kinds = {i.attributes["type"] for i in bot.context.index("groceries").get(picks(reply))}
    assert kinds == {"Shampoo & Conditioner"}
    assert not any(pair.accepted for pair in
                   bot.substitutions.store.pairs("groceries", FACE_WASH).values())


def test_what_a_person_said_no_to_stays_out_of_their_substitutes(bot):
    """'not maggi' kept Maggi out of the picks but not out of the substitutes offered next."""
    ask = "Pure & Gentle Face Wash is out of stock, what can I get instead?"
    offered = bot.context.index("groceries").get(picks(bot.reply("r1", ask)))
    refused = next(w for i in offered for w in i.title.lower().split() if w == "coffee")
    bot.reply("r2", f"nothing with {refused} please")
    again = bot.context.index("groceries").get(picks(bot.reply("r2", ask)))
    assert again and not any(refused in f"{i.title} {i.description}".lower() for i in again)


def _shop_of(tmp_path, rows: list[dict]) -> Bot:  # noqa: ANN001
    """A bot over a small shop catalog of `rows` (word-hash embeddings)."""
    from indexes.store import open_chroma
    from tests.conftest import HashEmbedder

    chroma, embedder = open_chroma(path=tmp_path / "chroma"), HashEmbedder()
    ItemIndex(chroma, embedder, "groceries").sync(
        load_catalog(write_jsonl(tmp_path / "shop.jsonl", rows)).items, progress=False)
    return Bot(Context(Settings(data_dir=tmp_path, catalog="groceries"), client=chroma,
                       embedder=embedder))


def _of_one_brand(products: list[tuple[str, str, str]], sub_category: str) -> list[dict]:
    """Catalog rows of (id, title, type), in one sub-category, of one brand, in stock."""
    return [{"id": i, "title": title, "description": f"{title}.", "brand": "Acme",
             "category": "Foodgrains, Oil & Masala", "sub_category": sub_category,
             "type": kind, "price": 100 + n, "in_stock": True}
            for n, (i, title, kind) in enumerate(products)]


FLOURS = [  # (id, title, brand, type): one sub-category, two types
    ("f1", "Gluten Free Flour - Jowar", "Graminway", "Flours & Pre-Mixes"),
    ("f2", "Gluten Free Cake Mix", "NUTRASHIL", "Flours & Pre-Mixes"),
    ("f3", "Gluten Free Pancake Pre-Mix", "Graminway", "Flours & Pre-Mixes"),
    ("f4", "Nature's Super Foods - Gluten Free Flour", "Aashirvaad", "Rice & Other Flours"),
    ("f5", "Rice Flour", "Ashok", "Rice & Other Flours"),
]


def test_a_brand_the_kind_read_lacks_is_looked_for_in_the_kind_named(tmp_path):
    """'the aashirvaad one' after 'gluten free flour' said nothing matched: the flours read
    were the pre-mixes, and Aashirvaad's gluten free flour is filed as another flour."""
    bot = _shop_of(tmp_path, [
        {"id": i, "title": title, "description": f"{title} by {brand}.", "brand": brand,
         "category": "Foodgrains, Oil & Masala", "sub_category": "Atta, Flours & Sooji",
         "type": kind, "price": 100 + n, "in_stock": True}
        for n, (i, title, brand, kind) in enumerate(FLOURS)])
    first = bot.reply("a1", "gluten free flour")
    assert first.picks and "f4" not in picks(first)  # the reading kept the pre-mixes
    assert picks(bot.reply("a1", "the aashirvaad one")) == ["f4"]


DISHWASH = [  # (id, title, brand, sub-category, type): Fairy's liquid is filed as a cleaner
    ("d1", "Dishwash Liquid - Lemon", "Pril", "Detergents & Dishwash", "Dishwash Liquids"),
    ("d2", "Dishwash Gel - Lime", "Vim", "Detergents & Dishwash", "Dishwash Liquids"),
    ("d3", "Dishwash Bar", "Exo", "Detergents & Dishwash", "Dishwash Bars"),
    ("d4", "Dish Wash Liquid - Lemon", "Fairy", "All Purpose Cleaners", "Imported Cleaners"),
    ("d5", "Glass Cleaner Spray", "Colin", "All Purpose Cleaners", "Imported Cleaners"),
]


def test_a_brand_filed_under_another_kind_is_found_and_said_so(tmp_path):
    """'dishwash liquid', then 'fairy', said nothing matched: Fairy's dish wash liquid is
    filed among imported cleaners."""
    bot = _shop_of(tmp_path, [
        {"id": i, "title": title, "description": f"{title} by {brand}.", "brand": brand,
         "category": "Cleaning & Household", "sub_category": sub, "type": kind,
         "price": 100 + n, "in_stock": True}
        for n, (i, title, brand, sub, kind) in enumerate(DISHWASH)])
    first = bot.reply("a1", "dishwash liquid")
    assert first.picks and "d4" not in picks(first)
    fairy = bot.reply("a1", "fairy")
    assert fairy.text.startswith("Nothing by Fairy is filed under that kind")
    assert picks(fairy) == ["d4"]


SUGARS = ["100 g", "200 g", "250 g", "500 g", "1 kg", "2 kg", "5 kg"]


def test_a_bigger_pack_is_bigger_than_every_pack_shown(tmp_path):
    """'bigger pack' after sugar answered a pencil pouch, a Kitkat and a garbage bag."""
    from indexes.store import open_chroma
    from tests.conftest import HashEmbedder

    rows = [{"id": f"s{n}", "title": f"Sugar - {'Crystal' if n < 5 else 'Refined'} {size}",
             "description": "White sugar.",
             "brand": f"Brand {n}", "category": "Foodgrains", "sub_category": "Sugar",
             "type": "Sugar & Jaggery", "size": size, "price": 40 + n, "in_stock": True}
            for n, size in enumerate(SUGARS)]
    rows.append({"id": "p1", "title": "Pencil Pouch", "description": "A big pouch.",
                 "brand": "Kit", "category": "Stationery", "sub_category": "Stationery",
                 "type": "Pencil Box", "price": 90, "in_stock": True})
    chroma, embedder = open_chroma(path=tmp_path / "chroma"), HashEmbedder()
    ItemIndex(chroma, embedder, "groceries").sync(
        load_catalog(write_jsonl(tmp_path / "sugar.jsonl", rows)).items, progress=False)
    bot = Bot(Context(Settings(data_dir=tmp_path, catalog="groceries"), client=chroma,
                      embedder=embedder))
    shown = picks(bot.reply("b1", "crystal sugar"))
    biggest = max(SUGARS.index(rows[int(i[1:])]["size"]) for i in shown if i.startswith("s"))
    bigger = {f"s{n}" for n in range(biggest + 1, len(SUGARS))} - set(shown)
    reply = bot.reply("b1", "any bigger pack?")
    assert bigger and set(picks(reply)) == bigger  # (the refined sugar's 2 and 5 kg)
    assert reply.text.startswith("Bigger packs, over 1 kg:")
    assert bot.reply("b1", "bigger pack").text.startswith("There are no bigger packs")


@pytest.mark.parametrize("message", ["forget the budget", "money's no object tbh"])
def test_a_budget_dropped_no_longer_holds(bot, message):
    """'forget the budget' said 'I didn't get what to do with these'; 'money is no object'
    refused 'object': the request shown, at any price, and no budget kept."""
    bot.reply("b1", "skin care under 150", catalog="groceries")
    anyprice = bot.reply("b1", message, catalog="groceries")
    assert anyprice.text.startswith("Any price now. ") and anyprice.picks
    items = bot.context.index("groceries").get([p.id for p in anyprice.picks])
    assert any(float(i.attributes["price"]) >= 150 for i in items)
    assert bot.store.profile("b1", "groceries").max_price is None


OILS = [  # (id, title, type)
    ("o1", "Kachi Ghani Mustard Oil", "Edible Oils"),
    ("o2", "Soya Bean Oil", "Edible Oils"),
    ("o3", "Sunflower Oil", "Edible Oils"),
    ("o4", "Rice Bran Oil", "Edible Oils"),
    ("s1", "American Mustard Sauce", "Mustard & Cheese Sauces"),
    ("s2", "Cheese Dip Sauce", "Mustard & Cheese Sauces"),
]


def test_a_word_after_a_kind_narrows_it_even_when_it_names_another(tmp_path):
    """'oil', then 'mustard', answered mustard sauces: mustard oil, of the oils shown."""
    bot = _shop_of(tmp_path, _of_one_brand(OILS, "Edible Oils & Ghee"))
    assert bot.reply("m1", "oil").picks
    assert picks(bot.reply("m1", "mustard"))[0] == "o1"
    assert not {"s1", "s2"} & set(picks(bot.reply("m2", "mustard oil")))
    bot.reply("m3", "oil")  # another kind after it is that kind ("shampoo" after detergent
    assert set(picks(bot.reply("m3", "sauce"))) == {"s1", "s2"}  # was detergents)


DALS = [  # (id, title, type)
    ("t1", "Toor Dal - Desi", "Toor, Channa & Moong Dal"),
    ("t2", "Toor/Arhar Dal", "Toor, Channa & Moong Dal"),
    ("t3", "Moong Dal", "Toor, Channa & Moong Dal"),
    ("g1", "Organic Toor Dal", "Organic Dals & Pulses"),
    ("g2", "Organic Masoor Dal", "Organic Dals & Pulses"),
]


def test_a_qualifier_alone_after_a_list_narrows_to_its_kind(tmp_path):
    """'toor dal 1 kg', then 'organic one', said 'I didn't get what to do with these':
    the organic dals, organic toor dal first."""
    bot = _shop_of(tmp_path, _of_one_brand(DALS, "Dals & Pulses"))
    assert not {"g1", "g2"} & set(picks(bot.reply("d1", "toor dal 1 kg")))
    organic = picks(bot.reply("d1", "organic one"))
    assert organic[0] == "g1" and set(organic) <= {"g1", "g2"}
