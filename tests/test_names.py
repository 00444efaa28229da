"""People named in a message are found among the catalog's own values, forgivingly."""

from __future__ import annotations

import pytest

from bot.catalog import load_catalog
from bot.names import PeopleIndex, people_fields
from tests.conftest import DEMO_GROCERIES, DEMO_MOVIES


@pytest.fixture(scope="module")
def people() -> PeopleIndex:
    return PeopleIndex.of(load_catalog(DEMO_MOVIES).items, ["director", "stars"])


@pytest.mark.parametrize(("message", "found"), [
    ("something with Meryl Streep", ["stars=Meryl Streep"]),
    ("a spielberg film", ["director=Steven Spielberg"]),  # the surname alone, one person
    ("a Nolan film", ["director=Christopher Nolan"]),
    ("jim carey comedies", ["stars=Jim Carrey"]),  # a typo; never Jimmy Carr
    ("a tom hanks movie", ["stars=Tom Hanks"]),  # where he has most of his films
    ("with hanks", ["stars=Tom Hanks"]),
    ("directed by clint eastwood", ["director=Clint Eastwood"]),
    ("starring clint eastwood", ["stars=Clint Eastwood"]),
    ("a film by allen", []),  # Woody, Tim, Joan or Karen: not guessed
    ("a movie with Denzel", ["stars=Denzel Washington"]),  # one Denzel in the catalog
    ("a leo dicaprio movie", ["stars=Leonardo DiCaprio"]),  # a first name shortened
    ("with jimmy carr", []),  # someone else the catalog lacks, not Steve Carr
    ("something with Tom", []),  # many Toms: not guessed
    ("the best of the best", []),
    ("a movie for my kids", []),
    ("something ben stiller directed, not just acted in", ["director=Ben Stiller"]),
    ("a movie tom hanks is in", ["stars=Tom Hanks"]),
    ("a film to watch on christmas eve", []),  # many titles say christmas: no Eric Christmas
    ("anything by denis villanueve?", ["director=Denis Villeneuve"]),  # the first name right
    ("anything w keanu?? not the matrix tho", ["stars=Keanu Reeves"]),  # one Keanu, no word
    # a first name nearly all of whose films are one person's (24 of 25 Arnolds; Tom Arnold
    # is in 4), possessive too
    ("action films with arnold", ["stars=Arnold Schwarzenegger"]),
    ("quentin's best", ["director=Quentin Tarantino"]),
    ("films with will", []),  # Will Smith, Will Ferrell...: not guessed
    ("something with julia", []),  # Julia Roberts 27, Julia Stiles 6...: under the share
])
def test_people_are_found(people, message, found):
    matches, _ = people.read(message)
    assert [m.filter for m in matches] == found


def test_a_shortened_first_name_is_not_searched(people):
    matches, rest = people.read("a leo dicaprio movie")
    assert [m.said for m in matches] == ["leo dicaprio"] and "leo" not in rest


def test_a_misspelt_first_name_goes_with_the_surname(people):
    matches, rest = people.read("movies with Jennifer Aniston or Brad Pitt or Johnie Depp")
    assert [m.filter for m in matches] == ["stars=Jennifer Aniston", "stars=Brad Pitt",
                                           "stars=Johnny Depp"]
    assert "Johnie" not in rest  # nor is it read as a title the catalog lacks


def test_people_joined_by_or_are_either_and_by_and_both(people):
    from bot.understanding import Reader
    reader = Reader({"genres": ["Comedy"]}, people=people)
    assert reader.read("movies with Jennifer Aniston or Brad Pitt").filters == [
        "stars=Jennifer Aniston|Brad Pitt"]
    assert reader.read("a film with tom hanks and meg ryan").filters == [
        "stars=Tom Hanks", "stars=Meg Ryan"]


def test_the_words_that_named_someone_are_not_searched(people):
    _, rest = people.read("a comedy with Meryl Streep")
    assert "Meryl" not in rest and "comedy" in rest


def test_people_fields_are_told_from_brands_and_tags():
    movies = load_catalog(DEMO_MOVIES).items[:2000]
    groceries = load_catalog(DEMO_GROCERIES).items[:2000]
    names = {"director": sorted({d for i in movies for d in i.attributes.get("director", [])}),
             "tags": sorted({t for i in movies for t in i.attributes.get("tags", [])}),
             "brand": sorted({str(i.attributes["brand"]) for i in groceries})}
    assert people_fields(names) == ["director"]


def test_a_title_named_exactly_is_no_misspelt_person():
    """"The Postman" is the film, not Natalie Portman spelt wrong."""
    from bot.titles import TitleIndex
    from bot.understanding import Reader

    people = PeopleIndex({"stars": {"Natalie Portman": 12, "Kevin Costner": 9}})
    titles = TitleIndex([("58", "Postman, The (Postino, Il) (1994)"), ("1", "Heat (1995)")])
    reader = Reader({}, titles, people=people)
    said = reader.read("I loved The Postman")
    assert [t.title for t in said.titles] == ["Postman, The (Postino, Il) (1994)"]
    assert said.names == []
    assert [n.filter for n in reader.read("something with natalie portmann").names] == [
        "stars=Natalie Portman"]


def test_a_person_refused_is_refused_as_the_catalog_writes_them(people):
    from bot.understanding import Reader

    said = Reader({"genres": []}, people=people).read("not with kate hudson please")
    assert said.excluded == ["Kate Hudson"] and said.names == []
    said = Reader({"genres": []}, people=people).read("some 80s action, no arnold pls")
    assert said.excluded == ["Arnold Schwarzenegger"]  # (was the word 'arnold')
