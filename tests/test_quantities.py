"""Numbers in a message become hard filters on the catalog's own numeric fields."""

from __future__ import annotations

import json

import pytest

from bot.quantities import read_quantities
from bot.schema import CatalogSchema, NumberField
from bot.titles import TitleIndex
from bot.understanding import Reader
from tests.conftest import DEMO_MOVIES

MOVIES = CatalogSchema({
    "year": NumberField("year", "year", 1902, 2018, True, (1988, 1999, 2008)),
    "avg_rating": NumberField("avg_rating", "rating", 0.5, 5.0, False, (2.8, 3.42, 3.91)),
    "popularity": NumberField("popularity", "count", 0, 329, True, (1, 3, 9)),
})
SHOP = CatalogSchema({
    "price": NumberField("price", "price", 5, 7299, False, (94.05, 189, 350)),
    "market_price": NumberField("market_price", "price", 5, 10695, False, (99, 199, 399)),
    "rating": NumberField("rating", "rating", 1, 5, False, (3.7, 4.0, 4.3)),
})


@pytest.mark.parametrize(("message", "filters", "left"), [
    ("an 80s action movie", ["year>=1980", "year<=1989"], "an action movie"),
    ("late '70s horror", ["year>=1976", "year<=1979"], "horror"),
    ("something from the nineties", ["year>=1990", "year<=1999"], "something"),
    ("early 2000s", ["year>=2000", "year<=2003"], ""),
    ("something recent", ["year>=2013"], "something"),
    ("what is everyone watching these days", ["year>=2013"], "what is everyone watching"),
    ("made before 1970", ["year<1970"], ""),
    ("after 2010", ["year>2010"], ""),
    ("released since 1995", ["year>=1995"], ""),
    ("something from around 2005", ["year>=2003", "year<=2007"], "something"),
    ("something roughly from 2012", ["year>=2010", "year<=2014"], "something"),
    ("movies from the last decade", ["year>=2008"], "movies"),
    ("released after the year 2000", ["year>2000"], ""),
    ("nothing older than 2010", ["year>=2010"], ""),  # the refusal turns the bound round
    ("not made after 1990", ["year<=1990"], ""),
    ("something from the past couple of years", ["year>=2016"], "something"),
    ("nothing from the last 5 years", ["year<2013"], ""),
    ("a comedy from 2010", ["year=2010"], "a comedy"),
    ("between 1990 and 2000", ["year>=1990", "year<=2000"], ""),
    ("1995-2005 thrillers", ["year>=1995", "year<=2005"], "thrillers"),
    ("a classic western", ["year<1980"], "a western"),
    ("something from this century", ["year>=2000"], "something"),
    ("a thriller from the noughties", ["year>=2000", "year<=2009"], "a thriller"),
    ("a film from last century", ["year<2000"], "a film"),
    ("older than 20 years", ["year<=1998"], ""),  # counted back from the newest year
    ("movies less than 10 years old", ["year>=2008"], "movies"),
    ("new stuff only", ["year>=2013"], ""),
    ("highly rated dramas", ["avg_rating>=3.91"], "dramas"),
    ("4 stars and up", ["avg_rating>=4"], ""),
    ("rated above 4", ["avg_rating>4"], ""),
    ("a popular comedy", ["popularity>=9"], "a comedy"),
    ("a hidden gem", ["popularity<=3"], "a"),
    ("fourties war films", ["year>=1940", "year<=1949"], "war films"),  # as often typed
    ("ninties action", ["year>=1990", "year<=1999"], "action"),
    # a number said wins over a word on the same side: "old" says less than "before 1960"
    ("a musical from before 1960, the old hollywood kind", ["year<1960"],
     "a musical from , the hollywood kind"),
    ("comedy rated higher than 3", ["avg_rating>3"], "comedy"),
    ("1962 or later, any western", ["year>=1962"], ", any western"),
    ("1980 or earlier", ["year<=1980"], ""),
    ("any new horror movies", ["year>=2013"], "any horror movies"),
    ("new york movies", [], "new york movies"),
    # "the new ones" said of what he does not want is no wish for recent films
    ("made before 1975 cos he reckons the new ones are rubbish", ["year<1975"],
     "cos he reckons the are rubbish"),
    ("set in a fancy 5 star hotel", [], "set in a fancy 5 star hotel"),  # a hotel's stars
    # the ninth blind batch's
    ("thrillers released 1985 through 1995", ["year>=1985", "year<=1995"], "thrillers"),
    ("anything between '95 and '98?", ["year>=1995", "year<=1998"], "anything ?"),
    ("a film about the 1969 moon landing", [], "a film about the 1969 moon landing"),
])
def test_years_ratings_and_popularity(message, filters, left):
    conditions, rest = read_quantities(message, MOVIES)
    assert [c.filter for c in conditions] == filters
    assert " ".join(rest.split()) == left  # the words that said it are not searched


@pytest.mark.parametrize(("message", "filters"), [
    ("nothing above 250", ["price<=250"]),
    ("no more than 150 rupees", ["price<=150"]),
    ("between 100 and 200", ["price>=100", "price<=200"]),
    ("green tea under ₹300", ["price<=300"]),
    ("tea over rs 100", ["price>=100"]),
    ("nothing under 50", ["price>=50"]),
    ("around 200", ["price>=160", "price<=240"]),
    ("cheap biscuits", ["price<=189"]),
    ("premium coffee", ["price>=350"]),
    ("4+ stars soap", ["rating>=4"]),
    ("under 2000 rupees", ["price<=2000"]),  # a price, not the year 2000
    ("too expensive", []),  # a move on the picks shown, not a price range
    ("rice above 5 kg", []),  # a pack size, not a price
    ("atta more than 10kg", []),
    ("shampoo over 200 ml", []),
    ("dark chocolate above 70 percent", []),  # cocoa, not money
    ("cookies under 1,000", ["price<=1000"]),  # every digit of the amount
    # "more than", turned round by who will not spend it
    ("basmati rice, dont wanna spend more than 400", ["price<=400"]),
    ("i won't pay over 50 for soap", ["price<=50"]),
    ("a perfume, 1.5k minimum", ["price>=1500"]),
    ("rice 500 or more", ["price>=500"]),
    ("cheap rice under 300", ["price<=300"]),  # the number said, not the median
    ("best reviewed instant noodles", ["rating>=4.3"]),
    ("dark chocolate in the 200-400 range pls", ["price>=200", "price<=400"]),
    ("200 to 400 rupees", ["price>=200", "price<=400"]),
    ("₹200-400 tea", ["price>=200", "price<=400"]),
    ("kids 4-6", []), ("rice 5-10 kg", []),  # ages and sizes are no prices
    ("₹1,500 is my limit for a pressure cooker", ["price<=1500"]),
    ("coffee that people rate highly", ["rating>=4.3"]),
    ("what about a kettle, my budget is like 1.2k", ["price<=1200"]),
    # Hinglish, and a rating with a plus (the ninth blind batch's)
    ("bhaiya 500 ka budget hai, ek pressure cooker dikhao", ["price<=500"]),
    ("chai patti chahiye, 300 se zyada nahi dena", ["price<=300"]),
    ("ghee 200 se upar wala", ["price>=200"]),
    ("face wash with 4+ rating", ["rating>=4"]),
])
def test_prices_go_to_the_field_that_plays_the_price(message, filters):
    conditions, _ = read_quantities(message, SHOP)
    assert [c.filter for c in conditions] == filters


def test_a_catalog_without_a_field_for_it_reads_no_number():
    assert read_quantities("green tea under 300", MOVIES)[0] == []
    assert read_quantities("an 80s movie", SHOP)[0] == []


@pytest.fixture(scope="module")
def movies() -> Reader:
    rows = [json.loads(line) for line in DEMO_MOVIES.open(encoding="utf-8")]
    titles = TitleIndex([(r["id"], r["title"]) for r in rows],
                        popularity={r["id"]: r.get("popularity", 0) for r in rows})
    genres = sorted({g for r in rows for g in r.get("genres", [])})
    return Reader({"genres": genres}, titles, MOVIES)


def test_a_films_age_is_no_audience_nor_a_title(movies):
    said = movies.read("movies less than 10 years old")  # not the film "10 Years"
    assert said.filters == ["year>=2008"] and said.audience is None and said.titles == []
    assert movies.read("something for a date night").titles == []  # not "Date Night"
    virgin = movies.read("something like the 40 year old virgin")  # a number of years inside
    assert [t.title for t in virgin.titles] == ["40-Year-Old Virgin, The (2005)"]
    assert [t.title for t in movies.read("I loved Date Night").titles] == ["Date Night (2010)"]


def test_a_year_in_a_title_is_the_title(movies):
    said = movies.read("I loved 2001: A Space Odyssey")
    assert [t.title for t in said.titles] == ["2001: A Space Odyssey (1968)"]
    assert said.conditions == []


def test_a_year_is_not_searched_as_words(movies):
    said = movies.read("an action movie from 2010")
    assert said.filters == ["year=2010"] and "2010" not in said.query
    assert not said.titles  # not "2010: The Year We Make Contact"


def test_an_age_is_not_an_old_movie(movies):
    assert movies.read("a funny movie my 8-year-old will like").conditions == []


@pytest.mark.parametrize("message", ["I loved Grumpier Old Men", "i loved grumpier old men",
                                     "Heat and The Old Man and the Sea"])
def test_an_era_word_inside_a_title_named_is_part_of_the_title(movies, message):
    said = movies.read(message)
    assert said.conditions == [] and said.titles and not said.unknown_titles


def test_an_era_word_outside_a_title_is_an_era(movies):
    assert [c.filter for c in movies.read("an old comedy").conditions] == ["year<1980"]


@pytest.mark.parametrize("message, title", [
    ("I loved Heat (1995)", "Heat (1995)"),
    ("I loved Shanghai Triad (Yao a yao yao dao waipo qiao) (1995)",
     "Shanghai Triad (Yao a yao yao dao waipo qiao) (1995)"),
    ("I loved The City of Lost Children (Cité des enfants perdus, La) (1995)",
     "City of Lost Children, The (Cité des enfants perdus, La) (1995)"),
])
def test_a_title_copied_with_its_year_is_that_title_not_a_wish_for_the_year(movies, message,
                                                                          title):
    """Titles as the catalog and the replies write them, copied back by a person."""
    said = movies.read(message)
    assert [t.title for t in said.titles] == [title]
    assert said.conditions == [] and said.unknown_titles == []


def test_a_year_in_brackets_names_that_years_film_or_none(movies):
    assert movies.read("I loved Heat (1986)").titles == []


def test_a_year_refused_is_no_move_to_older_picks(movies):
    said = movies.read("nothing older than 2010")
    assert said.filters == ["year>=2010"] and said.move is None
    assert movies.read("anything more recent than these?").move == "newer"
    assert movies.read("movies from the last decade").references == []


def test_the_best_of_all_time_is_well_rated_and_everyone_has_seen_is_popular(movies):
    best = movies.read("the best movies of all time")
    assert [c.field for c in best.conditions] == ["avg_rating"] and best.query == ""
    assert [c.field for c in movies.read("something everyone has seen").conditions] == [
        "popularity"]
    assert movies.read("space hamsters 3 is the best movie ever").conditions == []
    genre = movies.read("the best sci-fi of all time")  # the genre stays a wish
    assert [c.field for c in genre.conditions] == ["avg_rating"] and genre.wanted == ["Sci-Fi"]
    assert genre.query == "sci-fi"
    assert movies.read("alien is the best sci-fi ever made").conditions == []  # a verdict
    top = movies.read("top 3 movies of the 90s")  # "top 3": how many, neither searched
    assert [c.field for c in top.conditions] == ["year", "year"] and top.query == ""


def test_a_classic_said_of_a_title_is_no_era(movies):
    assert movies.read("Heat is a classic").conditions == []
    assert [c.filter for c in movies.read("a classic western").conditions] == ["year<1980"]
