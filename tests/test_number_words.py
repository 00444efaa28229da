"""Numbers typed as words are read as the numbers they are."""

from __future__ import annotations

import pytest

from bot.number_words import digits_for_number_words
from bot.quantities import read_quantities
from tests.test_quantities import MOVIES, SHOP


@pytest.mark.parametrize(("typed", "digits"), [
    ("came out in nineteen ninety seven", "came out in 1997"),
    ("around five hundred rupees", "around 500 rupees"),
    ("rated more than four point two", "rated more than 4.2"),
    ("two thousand and five", "2005"),
    ("fifteen hundred", "1500"),
    ("one fifty", "150"), ("two ninety nine", "299"),  # as prices are said
    ("twenty-five", "25"),
    # a number word alone is left to the reader: picks and counts are read as words
    ("the first one", "the first one"), ("top three", "top three"),
    ("the last two", "the last two"),
])
def test_number_words_become_digits(typed, digits):
    assert digits_for_number_words(typed) == digits


def test_numbers_typed_as_words_are_hard_filters():
    assert [c.filter for c in read_quantities("a movie from nineteen ninety seven", MOVIES)[0]] \
        == ["year=1997"]
    assert [c.filter for c in read_quantities("toothpaste rated more than four point two",
                                              SHOP)[0]] == ["rating>4.2"]
    assert [c.filter for c in read_quantities("basmati rice around five hundred rupees",
                                              SHOP)[0]] == ["price>=400", "price<=600"]
