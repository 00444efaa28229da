"""Of the kinds a request's words allow, its meaning keeps those it asks for."""

from __future__ import annotations

import pytest

from bot.catalog import Item
from bot.kind_centroids import KindCentroids
from bot.kinds import KindIndex
from bot.titles import TitleIndex
from tests.conftest import HashEmbedder

KINDS = ("category", "type")
FIELDS = {"category": "str", "type": "str"}

SHOP = [  # (title, description, category, type)
    ("Smooth Shampoo", "a shampoo for smooth shiny hair", "Hair Care", "Shampoo & Conditioner"),
    ("Anti-Dandruff Shampoo", "a shampoo that clears dandruff from hair", "Hair Care",
     "Shampoo & Conditioner"),
    ("Baby Shampoo", "a gentle no tears baby shampoo for a baby", "Baby Care",
     "Baby Oil & Shampoo"),
    ("Baby Massage Oil", "a gentle baby oil to massage a baby", "Baby Care",
     "Baby Oil & Shampoo"),
    ("Dog Shampoo - Oatmeal", "shampoo for a dog with itchy skin, keeps the coat clean",
     "Pet Care", "Pet Cleaning & Grooming"),
    ("Flea Shampoo For Dogs", "a dog shampoo that keeps fleas and ticks off the coat",
     "Pet Care", "Pet Cleaning & Grooming"),
    ("Puppy Shampoo", "a mild shampoo for a puppy dog coat", "Pet Care",
     "Pet Cleaning & Grooming"),
    ("Dog Food - Chicken", "dog food with chicken for an adult dog", "Pet Care",
     "Pet Meals & Treats"),
    ("Dog Food - Lamb", "dog food with lamb for a puppy dog", "Pet Care", "Pet Meals & Treats"),
]


def by_words(items: list[Item]) -> KindIndex:
    """The kind index of `items` by their `type`, read from words alone (no embeddings)."""
    kinds = sorted({str(i.attributes["type"]) for i in items})
    index = KindIndex.of(items, ("type",), {"type": "str"}, {"type": kinds}, None)
    assert index is not None
    return index


def shop(with_meaning: bool) -> KindIndex:
    items = [Item(str(n), title, text, {"category": category, "type": kind})
             for n, (title, text, category, kind) in enumerate(SHOP)]
    vocabulary = {field: sorted({str(i.attributes[field]) for i in items}) for field in KINDS}
    embedder = HashEmbedder()
    vectors = ([i.id for i in items], embedder.encode([f"{i.title}. {i.description}"
                                                         for i in items]))
    def centroids(fields):
        return KindCentroids.of(items, fields, vectors, lambda text: embedder.encode([text])[0])
    index = KindIndex.of(items, KINDS, FIELDS, vocabulary, centroids if with_meaning else None)
    assert index is not None
    return index


@pytest.mark.parametrize("message, kinds", [
    ("baby shampoo", ("Baby Oil & Shampoo",)),  # "baby" names no kind: the meaning does
    ("shampoo for my dog", ("Pet Cleaning & Grooming",)),  # products named shampoo, for dogs
    ("shampoo for dandruff", ("Shampoo & Conditioner",)),
])
def test_the_request_keeps_the_kinds_it_means(message, kinds):
    match = shop(with_meaning=True).read(message)
    assert match is not None and match.values == kinds, match


def test_without_embeddings_the_words_alone_decide():
    match = shop(with_meaning=False).read("baby shampoo")
    assert match is not None and set(match.values) >= {"Shampoo & Conditioner",
                                                         "Baby Oil & Shampoo"}


def test_a_request_naming_no_kind_takes_one_only_when_it_clearly_means_it():
    index = shop(with_meaning=True)
    match = index.read("dog food")  # "dog" and "food" name no kind, the products say it
    assert match is not None and match.values == ("Pet Meals & Treats",)
    assert index.read("something nice for the weekend") is None


def test_a_kind_named_as_the_catalog_names_it_is_all_of_it():
    match = shop(with_meaning=True).read("pet care for a puppy")
    assert match is not None and match.field == "category" and match.values == ("Pet Care",)


def test_a_kind_called_otherwise_elsewhere_is_read_in_the_catalogs_word():
    """"crisps" are chips in an Indian catalog: the chips, said as typed."""
    items = [Item("1", "Potato Chips", "crunchy chips", {"type": "Chips & Corn Snacks"}),
             Item("2", "Yogurt - Greek", "thick yogurt", {"type": "Greek Yogurt"}),
             Item("3", "Dishwash Liquid", "cuts grease", {"type": "Dishwash Liquids"})]
    index = KindIndex.of(items, ("type",), {"type": "str"},
                         {"type": sorted(str(i.attributes["type"]) for i in items)}, None)
    assert index is not None
    crisps = index.read("some crisps for a party")
    assert crisps is not None and crisps.values == ("Chips & Corn Snacks",)
    assert crisps.said == "crisps"
    yoghurt = index.read("greek yoghurt")
    assert yoghurt is not None and yoghurt.values == ("Greek Yogurt",)
    washing_up = index.read("washing up liquid")
    assert washing_up is not None and washing_up.values == ("Dishwash Liquids",)
    assert index.read("aubergines") is None  # the catalog has no brinjal to call them


def test_a_refused_property_of_a_kind_keeps_the_kind():
    from bot.understanding import Reader
    index = shop(with_meaning=False)
    reader = Reader({field: [] for field in KINDS}, kinds=index)
    said = reader.read("not too perfumed shampoo")
    assert said.kind is not None and "Shampoo & Conditioner" in said.kind.values
    assert said.excluded == ["perfumed"]
    said = reader.read("not too pricey shampoo")
    assert said.kind is not None and "Shampoo & Conditioner" in said.kind.values
    assert not said.excluded and said.move == "cheaper"


def rice_shop() -> KindIndex:
    """Two kinds of rice: basmati, most of it plain and some made for biryani, and sushi
    rice. On average the two kinds are about as close to a biryani request."""
    rows = [*((f"Basmati Rice - {name}", "long grain, aged", "Basmati Rice")
              for name in ("Classic", "Everyday", "Premium", "Royal", "Gold")),
            *((f"Basmati Rice - {name}", "for a biryani dish", "Basmati Rice")
              for name in ("Biryani", "Dum Biryani", "Hyderabadi")),
            ("Sushi Rice", "rice for sushi", "Jasmine & Sushi Rice"),
            ("Jasmine Rice", "rice for thai food", "Jasmine & Sushi Rice")]
    items = [Item(str(n), title, text, {"category": "Foodgrains", "type": kind})
             for n, (title, text, kind) in enumerate(rows)]
    embedder = HashEmbedder()
    vectors = ([i.id for i in items], embedder.encode([f"{i.title}. {i.description}"
                                                         for i in items]))
    index = KindIndex.of(items, KINDS, FIELDS,
                         {field: sorted({str(i.attributes[field]) for i in items})
                          for field in KINDS},
                         lambda fields: KindCentroids.of(
                             items, fields, vectors, lambda text: embedder.encode([text])[0]))
    assert index is not None
    return index


def test_a_kind_whose_products_are_made_for_the_use_asked_fits_it():
    """The basmati packs made for biryani say more than the basmati on average."""
    match = rice_shop().read("rice for a biryani dish")
    assert match is not None and match.values == ("Basmati Rice",), match


SNACKS = [("Potato Chips - Salted", "crunchy potato chips", "Branded Foods",
           "Chips & Corn Snacks"),
          ("Masala Peanuts", "crunchy spiced peanuts", "Branded Foods",
           "Namkeen & Savoury Snacks"),
          ("Veg Samosa - Frozen", "crunchy samosas, fry from frozen", "Branded Foods",
           "Frozen Veg Snacks")]


@pytest.mark.parametrize("with_meaning", [True, False])
def test_a_frozen_kind_is_offered_only_to_who_asks_for_frozen(with_meaning):
    """A lunch box takes snacks eaten as they come, not samosas to fry from frozen."""
    items = [Item(str(n), title, text, {"category": category, "type": kind})
             for n, (title, text, category, kind) in enumerate(SNACKS)]
    embedder = HashEmbedder()
    vectors = ([i.id for i in items], embedder.encode([f"{i.title}. {i.description}"
                                                         for i in items]))
    def centroids(fields):
        return KindCentroids.of(items, fields, vectors, lambda text: embedder.encode([text])[0])
    index = KindIndex.of(items, KINDS, FIELDS,
                         {field: sorted({str(i.attributes[field]) for i in items})
                          for field in KINDS}, centroids if with_meaning else None)
    assert index is not None
    lunch = index.read("crunchy snacks for a school lunch box")
    assert lunch is not None and "Frozen Veg Snacks" not in lunch.values, lunch
    assert "Chips & Corn Snacks" in lunch.values
    frozen = index.read("frozen snacks")
    assert frozen is not None and "Frozen Veg Snacks" in frozen.values, frozen


def sauces_and_pets() -> KindIndex:
    rows = [("Tomato Ketchup", "Tomato Ketchup & Sauces"),
            ("Ketchup - No Onion", "Tomato Ketchup & Sauces"),
            ("Peri Peri Ketchup", "Tomato Ketchup & Sauces"),
            ("Eggless Mayonnaise", "Mayonnaise"),
            ("Premium Cat Food - Tuna", "Pet Meals & Treats"),
            ("Adult Cat Food - Ocean Fish", "Pet Meals & Treats"),
            ("Kitten Cat Food - Chicken", "Pet Meals & Treats"),
            ("Cat Scratcher Toy", "Pet Toys")]
    aisle = {"Tomato Ketchup & Sauces": "Spreads, Sauces, Ketchup",
             "Mayonnaise": "Spreads, Sauces, Ketchup"}
    items = [Item(str(n), title, title,
                  {"category": "Grocery" if kind in aisle else "Pets",
                   "sub_category": aisle.get(kind, "Pet Care"), "type": kind})
             for n, (title, kind) in enumerate(rows)]
    kinds = ("category", "sub_category", "type")
    index = KindIndex.of(items, kinds, dict.fromkeys(kinds, "str"),
                         {field: sorted({str(i.attributes[field]) for i in items})
                          for field in kinds}, None)
    assert index is not None
    return index


def test_a_word_of_a_broad_kind_that_names_its_own_products_means_their_kind():
    """"Spreads, Sauces, Ketchup" holds mayonnaise too; ketchup is what the products
    called ketchup are."""
    match = sauces_and_pets().read("ketchup to go with fries")
    assert match is not None and match.values == ("Tomato Ketchup & Sauces",), match


def test_two_everyday_words_that_name_products_name_their_kind():
    """"cat" and "food" name no kind; the products called cat food say which."""
    match = sauces_and_pets().read("cat food pls, my cat is super picky")
    assert match is not None and match.values == ("Pet Meals & Treats",), match
    assert sauces_and_pets().read("something for the weekend") is None


def test_a_kind_word_with_ing_and_a_property_after_the_head_keep_the_head():
    """"dishwashing liquid, the lemon one": the dishwash liquids, lemon is what ranks."""
    items = [Item("1", "Dish Wash Liquid - Lemon", "cuts grease", {"type": "Dishwash Liquids"}),
             Item("2", "Dishwash Gel", "for pans", {"type": "Dishwash Liquids"}),
             Item("3", "Lemon Cleaner Spray", "fresh lemon scent", {"type": "Lemon Cleaners"})]
    index = KindIndex.of(items, ("type",), {"type": "str"},
                         {"type": sorted({str(i.attributes["type"]) for i in items})}, None)
    assert index is not None
    match = index.read("also need dishwashing liquid, the lemon one")
    assert match is not None and match.values == ("Dishwash Liquids",), match


def test_a_brands_product_type_is_no_title_the_catalog_lacks():
    from bot.understanding import Reader
    items = [Item("1", "Butter - Pasteurised", "salted table butter",
                  {"brand": "Amul", "type": "Butter & Margarine"}),
             Item("2", "Cheese Slices", "processed cheese", {"brand": "Amul", "type": "Cheese"})]
    vocabulary = {"brand": ["Amul"], "type": ["Butter & Margarine", "Cheese"]}
    kinds = KindIndex.of(items, ("type",), {"type": "str"}, vocabulary, None)
    titles = TitleIndex([(i.id, i.title) for i in items])
    said = Reader(vocabulary, titles, kinds=kinds).read("do you have amul butter")
    assert said.unknown_titles == [] and said.kind is not None


def test_a_function_word_of_a_kind_name_names_no_kind():
    """"Ready To Cook" has "to"; "happy to pay" asks for no ready meal."""
    items = [Item("1", "Raw Honey", "unprocessed honey", {"type": "Honey"}),
             Item("2", "Dosa Mix", "ready in minutes", {"type": "Ready To Cook"})]
    index = KindIndex.of(items, ("type",), {"type": "str"},
                         {"type": ["Honey", "Ready To Cook"]}, None)
    assert index is not None
    match = index.read("looking for raw honey, happy to pay for the real thing")
    assert match is not None and match.values == ("Honey",), match


@pytest.mark.parametrize("message", ["looking for a shampoo for dandruff",
                                     "ok, also need a shampoo for dandruff"])
def test_chat_before_the_head_is_no_part_of_it(message):
    """"looking for a pressure cooker for about 600": the head is "a pressure cooker",
    not "looking" (the first "for" opens no modifier there)."""
    match = shop(with_meaning=False).read(message)
    assert match is not None and "Shampoo & Conditioner" in match.values, match
    assert match.said == "shampoo"


def test_other_words_for_kinds_and_the_first_clause_names_the_kind():
    items = [Item("1", "Kitchen Towel Roll", "absorbent", {"type": "Kitchen Rolls"}),
             Item("2", "Toilet Paper 4 Rolls", "soft", {"type": "Toilet Paper"}),
             Item("3", "Steel Vacuum Flask", "keeps tea hot", {"type": "Vacuum Flask"}),
             Item("4", "Soft Broom", "sweeps", {"type": "Brooms & Dust Pans"}),
             Item("5", "Spin Mop", "cleans floors", {"type": "Mops, Wipers"})]
    index = by_words(items)
    for message, kind in (("paper towels for the kitchen, NOT toilet paper lol", "Kitchen Rolls"),
                          ("a thermos for my chai", "Vacuum Flask"),
                          ("a broom and dustpan, the mop i already have", "Brooms & Dust Pans")):
        match = index.read(message)
        assert match is not None and match.values == (kind,), (message, match)


def test_a_misspelt_kind_word_and_whom_it_is_for():
    items = [Item("1", "Deo Spray - Sport", "for men", {"type": "Men's Deodorants"}),
             Item("2", "Deo Spray - Floral", "for women", {"type": "Women's Deodorants"})]
    index = by_words(items)
    husband = index.read("deodrant for my husband")  # a typo, and for a man
    assert husband is not None and husband.values == ("Men's Deodorants",), husband
    anyone = index.read("deodorant")
    assert anyone is not None and set(anyone.values) == {"Men's Deodorants", "Women's Deodorants"}


def test_a_letter_slipped_is_read_but_another_word_is_not():
    """'quinao 500g' read no kind and 'glucoze powder' talcum powder; 'packet' is a word
    of its own, not a typo of 'pocket'."""
    items = [Item("1", "Quinoa - White", "a grain", {"type": "Quinoa & Grains"}),
             Item("2", "Glucose-D Powder", "energy drink", {"type": "Glucose Powder, Tablets"}),
             Item("3", "Talc - Cool", "a talcum powder", {"type": "Talcum Powder"}),
             Item("4", "Pocket Tissues", "tissues to carry", {"type": "Wet Wipe, Pocket Tissues"})]
    index = by_words(items)
    for message, kind in (("quinao 500g", ("Quinoa & Grains",)),
                          ("glucoze powder for the boys", ("Glucose Powder, Tablets",))):
        match = index.read(message)
        assert match is not None and match.values == kind, (message, match)
    assert index.read("a packet please") is None


def test_what_a_thing_is_for_can_name_its_kind():
    """'coconut oil for hair under 150' answered a cooking palmolein: hair oil is a kind
    of its own; 'coconut oil for cooking' stays a coconut oil."""
    items = [Item("1", "Coconut Oil - Cold Pressed", "for cooking", {"type": "Edible Oils"}),
             Item("2", "Coconut Oil - Virgin", "cook with it", {"type": "Edible Oils"}),
             Item("3", "Coconut Oil - Pure", "for the kitchen", {"type": "Edible Oils"}),
             Item("4", "Vatika Hair Oil", "coconut hair oil", {"type": "Hair Oil & Serum"})]
    index = by_words(items)
    for message, kind in (("coconut oil for hair under 150", ("Hair Oil & Serum",)),
                          ("coconut oil for cooking", ("Edible Oils",))):
        match = index.read(message)
        assert match is not None and match.values == kind, (message, match)


def test_products_free_of_a_thing_are_not_named_with_it():
    """'1 kg sugar' answered sugar free mints: products called 'Sugar Free ...' counted as
    products called sugar."""
    items = [*(Item(f"m{n}", f"Sugar Free Mints - {flavour}", "mints",
                    {"type": "Mints & Candy"}) for n, flavour in enumerate(("Peach", "Lime",
                                                                            "Cola"))),
             *(Item(f"s{n}", f"Sugar - {kind}", "sugar", {"type": "Sugar & Jaggery"})
               for n, kind in enumerate(("White", "Brown", "Castor")))]
    kinds = sorted({str(i.attributes["type"]) for i in items})
    embedder = HashEmbedder()  # (every product alike in meaning: the words alone decide)
    vectors = ([i.id for i in items], embedder.encode(["something sweet" for _ in items]))

    def centroids(fields):
        return KindCentroids.of(items, fields, vectors, lambda text: embedder.encode([text])[0])
    index = KindIndex.of(items, ("type",), {"type": "str"}, {"type": kinds}, centroids)
    assert index is not None
    match = index.read("1 kg sugar")
    assert match is not None and match.values == ("Sugar & Jaggery",), match


def test_other_words_for_a_kind_whose_words_the_catalog_has_apart():
    """"dish soap": the catalog has dishes and soaps, but no kind that is both; the
    dishwash liquid is meant, not bathing soap."""
    items = [Item("1", "Dishwash Liquid - Lemon", "cuts grease", {"type": "Dishwash Liquids"}),
             Item("2", "Sandalwood Soap", "a bathing bar", {"type": "Bathing Bars & Soaps"}),
             Item("3", "Melamine Dish", "a plate", {"type": "Baby Dishes"})]
    index = by_words(items)
    match = index.read("also need dish soap, the lemon one")
    assert match is not None and match.values == ("Dishwash Liquids",), match


def test_a_few_items_filed_under_another_kind_do_not_make_theirs_one_of_it():
    """Three rice combos with atta filed under flours made basmati rice a kind of flour:
    'some atta, 5 kg' was answered with rice."""
    rows = [("Chakki Atta 5 Kg", "whole wheat atta", "Flours", "Atta Whole Wheat"),
            ("Multigrain Atta", "atta of many grains", "Flours", "Atta Whole Wheat"),
            ("Basmati Rice 5 Kg + Chakki Atta", "rice and atta", "Flours", "Basmati Rice"),
            *[(f"Basmati Rice {n} Kg", "long grain rice", "Rice", "Basmati Rice")
              for n in range(1, 9)]]
    items = [Item(str(n), title, text, {"category": category, "type": kind})
             for n, (title, text, category, kind) in enumerate(rows)]
    embedder = HashEmbedder()
    vectors = ([i.id for i in items], embedder.encode([i.title for i in items]))
    centroids = KindCentroids.of(items, KINDS, vectors, lambda t: embedder.encode([t])[0])
    assert centroids is not None
    assert centroids.below[("category", "Flours")] == {"Atta Whole Wheat"}
    assert centroids.below[("category", "Rice")] == {"Basmati Rice"}
