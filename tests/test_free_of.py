"""What a shopper wants a product free of: read from the request, searched as shops word
it, and the products that say so shown first."""

from __future__ import annotations

import pytest

from bot.free_of import free_of, says_free_of, worded_as_shops_do
from tests.test_reading_everyday import groceries  # noqa: F401


@pytest.mark.parametrize(("message", "what"), [
    ("low sugar biscuits for my diabetic dad", ["sugar"]),
    ("sugarless cookies", ["sugar"]),
    ("gluten-free pasta, and no added sugar pls", ["gluten", "sugar"]),
    ("dairy free chocolate", ["dairy"]),
    ("sugar for my chai", []),
])
def test_what_a_product_should_be_free_of(message, what):
    assert free_of(message) == what


def test_the_search_is_worded_as_shops_word_it():
    assert worded_as_shops_do("low sugar biscuits") == "sugar free biscuits"
    assert worded_as_shops_do("sugarless cookies") == "sugar free cookies"


@pytest.mark.parametrize(("text", "says"), [
    ("Unibic Sugarfree Oatmeal cookies", True),
    ("Bliss Sugarless short bread", True),
    ("A biscuit for diabetic patients", True),
    ("Sunfeast Glucose Biscuits, made with sugar", False),
    # ("sugar free biscuits" then "any under 100?" answered these millet cookies)
    ("Millets are easy to digest and can minimize the risk of diabetes", False),
])
def test_whether_a_product_says_it_is_sugar_free(text, says):
    assert says_free_of(text, "sugar") is says


def test_a_low_sugar_request_shows_the_sugar_free_biscuit_first(bot):
    """'low sugar biscuits' ranked glucose biscuits first ('sugar' was searched)."""
    reply = bot.reply("g1", "low sugar biscuits for my diabetic dad", catalog="groceries")
    assert reply.picks and reply.picks[0].title.startswith("Sugar Free Petit Beurre")


def test_what_a_request_is_free_of_holds_for_every_pick_when_some_are(bot):
    """The sugar free biscuits came first, then ordinary ones filled the list."""
    reply = bot.reply("g1", "low sugar biscuits for my diabetic dad", catalog="groceries")
    items = bot.context.index("groceries").get([p.id for p in reply.picks])
    assert items and all(says_free_of(f"{i.title} {i.description}", "sugar") for i in items)


def test_a_sugar_free_request_is_no_wish_for_the_brand_called_sugar_free(groceries):  # noqa: F811
    """'sugar free biscuits' asked for the brand "Sugar free" alone: nothing matched."""
    said = groceries.read("sugar free biscuits for my diabetic dad")
    assert said.wanted == [] and said.free_of == ["sugar"]


def test_a_product_that_says_it_is_without_a_thing_passes_its_refusal():
    """'tomato ketchup no onion no garlic' left out Del Monte's 'Tomato Ketchup - No Onion
    No Garlic' ('onion' is in its text) and showed ordinary ketchups."""
    from bot.catalog import Item
    from bot.constraints import Constraints

    refused = Constraints(excluded_topics=("onion", "garlic"))
    jain = Item("1", "Tomato Ketchup - No Onion No Garlic",
                "made without adding onion & garlic, for a jain kitchen", {})
    sauce = Item("2", "Pizza Sauce - No Onion & No Garlic", "onion-free, garlic-free", {})
    ordinary = Item("3", "Tomato Ketchup", "with onion and a hint of garlic", {})
    assert refused.allows(jain) and refused.allows(sauce) and not refused.allows(ordinary)
