"""Reasons read as plain language about the pick, never the words typed."""

from __future__ import annotations

from bot.catalog import Item
from bot.kinds import KindMatch
from bot.names import NameMatch
from bot.quantities import Condition
from bot.ranker import Pick
from bot.reasons import Asked, explain
from bot.schema import CatalogSchema, NumberField
from bot.understanding import Understanding

MOVIES = CatalogSchema({"year": NumberField("year", "year", 1900, 2018, True)}, ("genres",),
                       {"stars": ("Tom Hanks",)})
SHOP = CatalogSchema({"price": NumberField("price", "price", 5, 7000, False)},
                     ("category", "type"))
HEAT = Item("6", "Heat (1995)", "", {"year": 1995, "genres": ["Action", "Crime"]})


def pick(attributes: dict, standing: dict | None = None, **parts: float) -> Pick:
    return Pick(Item("1", "A Film (1994)", "", attributes), 1.0, dict(parts), query="x y z",
                standing=standing or {})


def test_the_kinds_and_years_asked_for_as_the_pick_has_them():
    said = Understanding("a funny 90s love story", wanted=["Romance", "Comedy"], query="funny",
                         conditions=[Condition("year", ">=", 1990, "90s"),
                                     Condition("year", "<=", 1999, "90s")])
    chosen = pick({"year": 1994, "genres": ["Comedy", "Romance"]}, {"acclaim": 0.8},
                  query=2.0, acclaim=0.5)
    why = explain(chosen, Asked.of_reading(said), MOVIES)
    assert why == "a 1990s romantic comedy; loved by many"


def test_loved_by_many_is_said_only_of_what_many_love():
    """'loved by many' was said of films one person had rated (the acclaim part of a
    newcomer's score counts even a little)."""
    few = pick({"year": 1997, "genres": ["Thriller"]}, {"acclaim": 0.1, "popularity": 0.1},
               query=1.0, acclaim=0.3, popularity=0.2, bpr=0.3)
    assert "loved by many" not in explain(few, None, MOVIES)
    assert "loved by many" not in few.why() and "popular" not in few.why()


def test_people_a_loved_title_and_never_the_words_typed():
    said = Understanding("a tom hanks movie", names=[NameMatch("stars", "Tom Hanks", "tom hanks")],
                         query="movie x y z")
    chosen = pick({"stars": ["Tom Hanks"]}, taste=1.0)
    chosen.because = HEAT
    why = explain(chosen, Asked.of_reading(said), MOVIES)
    assert why == "stars Tom Hanks; like Heat (1995), which you loved"
    assert "x y z" not in explain(pick({}, query=2.0), Asked.of_reading(said), MOVIES)


def test_either_of_two_people_names_the_one_the_pick_has():
    said = Understanding("with Tom Hanks or Meg Ryan", any_of_names=True,
                         names=[NameMatch("stars", "Tom Hanks", "Tom Hanks"),
                                NameMatch("stars", "Meg Ryan", "Meg Ryan")])
    assert said.filters == ["stars=Tom Hanks|Meg Ryan"]
    schema = CatalogSchema(MOVIES.numbers, ("genres",), {"stars": ("Tom Hanks", "Meg Ryan")})
    why = explain(pick({"stars": ["Meg Ryan"]}, acclaim=1.0), Asked.of_reading(said), schema)
    assert why.startswith("stars Meg Ryan") and "Tom Hanks" not in why


def test_a_shop_kind_and_budget():
    said = Understanding("green tea under 300", max_price=300,
                         kind=KindMatch("type", ("Green Tea",), "green tea"))
    chosen = pick({"type": "Green Tea", "price": 50.0})
    assert explain(chosen, Asked.of_reading(said), SHOP) == "Green Tea; priced 50, under 300"


def test_more_like_a_title_is_not_said_to_be_loved():
    chosen = pick({}, taste=1.0)
    chosen.because = HEAT
    assert explain(chosen, None, MOVIES, more_like=True) == "like Heat (1995)"


def test_a_kind_with_no_noun_of_its_own():
    said = Understanding("an 80s action movie", wanted=["Action"],
                         conditions=[Condition("year", ">=", 1980, "80s"),
                                     Condition("year", "<=", 1989, "80s")])
    chosen = pick({"year": 1984, "genres": ["Action", "War"]})
    assert explain(chosen, Asked.of_reading(said), MOVIES) == "a 1980s action film"


def test_a_price_at_the_budget_is_up_to_it_not_under_it():
    """'(priced 100, under 100)' contradicted itself."""
    item = Item("t", "Green Tea", "", {"type": "Green Tea", "price": 300.0})
    said = Understanding("green tea under 300", max_price=300)
    why = explain(Pick(item, 1.0, {}), Asked.of_reading(said), SHOP)
    assert why.endswith("priced 300, up to 300")
