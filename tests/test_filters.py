"""`--where FIELD=VALUE` filters become Chroma where clauses, checked against the catalog."""

from __future__ import annotations

import re

import pytest

from bot.errors import FilterError
from bot.filters import build_where

FIELDS = {"genres": "list", "category": "str", "year": "int", "price": "float",
          "in_stock": "bool", "sku": "str"}
VOCABULARY = {"genres": ["Comedy", "Horror", "Sci-Fi"], "category": ["Beverages", "Snacks"]}


def where(*conditions, **kwargs):
    return build_where(FIELDS, VOCABULARY, list(conditions), **kwargs)


def test_no_conditions_means_no_filter():
    assert where() is None


def test_each_field_type():
    assert where("genres=comedy") == {"genres": {"$contains": "Comedy"}}
    assert where("genres!=Horror") == {"genres": {"$not_contains": "Horror"}}
    assert where("category=BEVERAGES") == {"category": "Beverages"}
    assert where("category!=snacks") == {"category": {"$ne": "Snacks"}}
    assert where("year>=2000") == {"year": {"$gte": 2000}}
    assert where("price<4.5") == {"price": {"$lt": 4.5}}
    assert where("in_stock=yes") == {"in_stock": True}
    assert where("sku=AB-1") == {"sku": "AB-1"}  # no vocabulary kept: matched as typed


def test_several_conditions_and_price_bounds_are_combined():
    assert where("genres=Sci-Fi", max_price=5, min_price=1) == {"$and": [
        {"genres": {"$contains": "Sci-Fi"}},
        {"price": {"$lte": 5.0}},
        {"price": {"$gte": 1.0}},
    ]}


@pytest.mark.parametrize(("condition", "message"), [
    ("genre=Comedy", "no field 'genre' (did you mean 'genres'?)"),
    ("genres=Comdy", "no item has genres 'Comdy' (did you mean 'Comedy'?)"),
    ("year=recent", "'recent' is not a number"),
    ("in_stock=maybe", "true or false"),
    ("genres>Comedy", "only = and != apply"),
    ("genres", "write FIELD=VALUE"),
    ("year=", "write FIELD=VALUE"),
])
def test_bad_filters_explain_themselves(condition, message):
    with pytest.raises(FilterError, match=re.escape(message)):
        where(condition)


def test_max_price_needs_a_price_field():
    with pytest.raises(FilterError, match="no field 'price'"):
        build_where({"genres": "list"}, {}, [], max_price=5)


def test_any_of_several_values():
    fields = {"genres": "list", "type": "str"}
    vocabulary = {"genres": ["Animation", "Children", "Horror"], "type": ["Tea", "Coffee"]}
    assert build_where(fields, vocabulary, ["genres=children|animation"]) == {"$or": [
        {"genres": {"$contains": "Children"}}, {"genres": {"$contains": "Animation"}}]}
    assert build_where(fields, vocabulary, ["genres!=Horror|Children"]) == {"$and": [
        {"genres": {"$not_contains": "Horror"}}, {"genres": {"$not_contains": "Children"}}]}
    assert build_where(fields, vocabulary, ["type=tea|coffee"]) == {"type": {"$in": ["Tea",
                                                                                     "Coffee"]}}
