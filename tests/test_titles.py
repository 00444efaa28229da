"""Typed titles found in the catalog: moved articles, typos, years, aliases, sequels."""

from __future__ import annotations

import json

import pytest

from bot.titles import TitleIndex, normalise, split_year, title_keys
from tests.conftest import DEMO_MOVIES


@pytest.fixture(scope="module")
def movies() -> TitleIndex:
    rows = [json.loads(line) for line in DEMO_MOVIES.open(encoding="utf-8")]
    return TitleIndex([(r["id"], r["title"]) for r in rows],
                      popularity={r["id"]: r.get("popularity", 0) for r in rows})


def test_titles_are_normalised_the_way_people_type_them():
    assert split_year("Toy Story (1995)") == ("Toy Story", 1995)
    assert normalise("Matrix, The") == "the matrix"
    assert normalise("Amélie") == "amelie"
    assert normalise("Star Wars: Episode II") == "star wars episode 2"
    assert title_keys("Men in Black (a.k.a. MIB) (1997)") == ["men in black", "mib"]


@pytest.mark.parametrize(("typed", "title"), [
    ("la confidential", "L.A. Confidential (1997)"),  # the dots of initials
    ("munna bhai mbbs", "Munna bhai M.B.B.S. (2003)"),
    ("schindlers list", "Schindler's List (1993)"),  # an apostrophe left out
    ("john wick chapter 2", "John Wick: Chapter Two (2017)"),  # a part's number in digits
    ("the empire strikes back", "Star Wars: Episode V - The Empire Strikes Back (1980)"),
])
def test_titles_named_exactly_as_people_type_them(movies, typed, title):
    match = movies.exact(typed)
    assert match is not None and match.title == title


def test_a_size_in_a_products_name_is_no_name_of_it():
    assert title_keys("Guntur Chilli Stemless (500G)") == ["guntur chilli stemless"]


@pytest.mark.parametrize(("typed", "expected"), [
    ("The Matrix", "Matrix, The (1999)"),
    ("the matrix", "Matrix, The (1999)"),
    ("toy storey", "Toy Story (1995)"),
    ("Toy Story 2", "Toy Story 2 (1999)"),
    ("toy story II", "Toy Story 2 (1999)"),
    ("Toy Story (1995)", "Toy Story (1995)"),
    ("Shawshank Redemption", "Shawshank Redemption, The (1994)"),
    ("the shawshank redemtion", "Shawshank Redemption, The (1994)"),
    ("MIB", "Men in Black (a.k.a. MIB) (1997)"),
    ("Amelie", "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)"),
])
def test_typed_titles_find_the_movie(movies, typed, expected):
    match = movies.match(typed)
    assert match is not None and match.title == expected


def test_a_year_picks_between_films_of_the_same_name(movies):
    assert movies.match("Heat (1995)").title == "Heat (1995)"
    assert {m.title for m in movies.candidates("Hamlet", limit=10)} >= {
        "Hamlet (1996)", "Hamlet (2000)"}
    assert movies.match("Hamlet", year=2000).title == "Hamlet (2000)"
    assert movies.match("Toy Story", year=1980) is None


@pytest.mark.parametrize("typed", ["", "   ", "??", "xq", "a completely made up film title"])
def test_nonsense_finds_nothing(movies, typed):
    assert movies.match(typed) is None


def test_sequel_numbers_must_agree(movies):
    assert movies.match("Toy Story 7") is None
    assert movies.match("Toy Story").title == "Toy Story (1995)"


@pytest.mark.parametrize(("message", "expected"), [
    ("I loved toy storey and The Matrix", ["Toy Story (1995)", "Matrix, The (1999)"]),
    ("my favourites are Alien, Heat and the shawshank redemption",
     ["Alien (1979)", "Heat (1995)", "Shawshank Redemption, The (1994)"]),
    ('I really liked "Up" and Inception', ["Up (2009)", "Inception (2010)"]),
    ("The Lion King was great, also finding nemo",
     ["Lion King, The (1994)", "Finding Nemo (2003)"]),
    ("star wars and jurasic park",
     ["Star Wars: Episode IV - A New Hope (1977)", "Jurassic Park (1993)"]),
    ("a funny space movie my 8-year-old will like, nothing scary", []),
    ("cheer me up, it is raining", []),
    ("more like the second one", []),
])
def test_titles_mentioned_in_a_message(movies, message, expected):
    assert [m.title for m in movies.mentions(message)] == expected


def test_a_short_word_pair_is_no_misspelt_title():
    titles = TitleIndex([("1", "Trou, Le (Hole, The) (1960)"), ("2", "Matrix, The (1999)")])
    assert titles.mentions("the performances of the whole cast") == []
    assert [m.item_id for m in titles.mentions("I loved the matrx")] == ["2"]


def test_products_are_found_by_title_and_brand_and_numbers_must_agree():
    products = TitleIndex([("1", "Basmati Rice 1 kg"), ("5", "Basmati Rice 5 kg"),
                           ("w", "Pure & Gentle Face Wash")], brands={"w": "Himalaya"})
    assert products.products("basmati rice 5 kg") == (["5"], True)
    assert products.products("rice basmati 5 kg")[0][0] == "5"  # any word order
    assert "1" not in products.products("rice 5 kg")[0]  # never the 1 kg pack
    assert products.products("himalaya face wsh") == (["w"], True)  # brand, typo
    ids, clear = products.products("basmati rice")  # both sizes fit: ask which one
    assert set(ids) == {"1", "5"} and not clear


def test_a_long_title_named_in_full_is_one_title_not_its_pieces():
    """Ten words: "The Lord of the Rings: The Fellowship of the Ring" is not also The Lord
    of the Rings (1978) and The Ring (2002)."""
    index = TitleIndex([("1", "Lord of the Rings, The (1978)"), ("2", "Ring, The (2002)"),
                        ("3", "Lord of the Rings: The Fellowship of the Ring, The (2001)")])
    found = index.mentions("I loved The Lord of the Rings: The Fellowship of the Ring")
    assert [m.item_id for m in found] == ["3"]


def test_a_long_subtitle_names_its_film():
    """People call the film by its subtitle: "The Fellowship of the Ring", "The Two Towers";
    a short one ("Part 2") names nothing by itself."""
    index = TitleIndex([("1", "Lord of the Rings: The Fellowship of the Ring, The (2001)"),
                        ("2", "Lord of the Rings: The Two Towers, The (2002)"),
                        ("3", "Naked Gun 2 1/2: Part 2 (1991)")])
    assert [m.item_id for m in index.mentions("I loved The Fellowship of the Ring")] == ["1"]
    assert index.exact("the two towers").item_id == "2"
    assert index.exact("part 2") is None


def test_a_number_before_a_colon_is_no_series_name():
    assert "3" not in title_keys("3:10 to Yuma (2007)")
    assert "star wars" in title_keys("Star Wars: Episode IV - A New Hope (1977)")


@pytest.mark.parametrize(("typed", "offered"), [
    ("spiderverse", "Spider-Man 2 (2004)"),  # was "Pi", "Spider", "RV": short titles inside it
    ("frozen 2", "Frozen (2013)"),  # was "Frozen", "O", "Z"
    ("gladiater 2", "Gladiator (2000)"),  # was drowned by sequels sharing only the "2"
    ("harry poter", "Harry Potter and the Chamber of Secrets (2002)"),
])
def test_did_you_mean_offers_titles_like_the_one_typed(movies, typed, offered):
    closest = [m.title for m in movies.closest(typed)]
    assert offered in closest
    assert all(len(normalise(t)) >= 4 for t in closest)


def test_did_you_mean_offers_nothing_rather_than_titles_unlike_it(movies):
    assert movies.closest("oppenheimer") == []  # was "TiMER", "Amer", "Her"
