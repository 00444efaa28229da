"""Numbers typed as words, as digits: "five hundred" 500, "four point two" 4.2,
"nineteen ninety seven" 1997, "two thousand and five" 2005.

Only runs of two words and more, or with "hundred", "thousand" or "point", are
changed: "the first one", "top three" and "the last two" keep their words (the reader
reads those as they are).
"""

from __future__ import annotations

import re

UNITS = {w: n for n, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen"))}
TENS = {w: 10 * n for n, w in enumerate(
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], start=2)}
SCALES = {"hundred": 100, "thousand": 1000}
NUMBER_WORD = "|".join([*UNITS, *TENS, *SCALES])
RUN = re.compile(rf"\b(?:{NUMBER_WORD})(?:(?:\s+|-)(?:and\s+|point\s+)?(?:{NUMBER_WORD}|point))*\b",
                 re.IGNORECASE)


# One number word is a number where a count of stars needs one: "four stars or more",
# "rated above four" (but "the first one", "top three" keep their words)
STARS_AFTER = re.compile(rf"\b(?P<word>{'|'.join(UNITS)})(?=\s*(?:\+\s*)?stars?\b)",
                         re.IGNORECASE)
RATED_BEFORE = re.compile(r"\b(?P<cue>rated|rating|scored?)\s+(?P<bound>(?:at least|above|over|"
                          rf"more than|higher than)\s+)(?P<word>{'|'.join(UNITS)})\b"
                          r"(?!\s+of\b)",  # "rated one of the best": no count of stars
                          re.IGNORECASE)
# ... and where an age needs one: "my four year old", "a six-year-old"
AGE_AFTER = re.compile(rf"\b(?P<word>{'|'.join(UNITS)})(?=[\s-]*(?:years?|yrs?)[\s-]*olds?\b)",
                       re.IGNORECASE)
# "three and a half stars", "4 and a half": a half more
AND_A_HALF = re.compile(rf"\b(?P<whole>\d|{'|'.join(UNITS)})\s+and\s+a\s+half\b", re.IGNORECASE)
# "4 point 5 stars": digits with the point said
DIGITS_POINT = re.compile(r"\b(\d+)\s+point\s+(\d)\b", re.IGNORECASE)
# "between two thousand and two thousand five": two numbers, each with its own scale
SECOND_NUMBER = re.compile(r"\s+and\s+(?=(?:\w+[\s-]+)?(?:hundred|thousand)\b)", re.IGNORECASE)


def digits_for_number_words(text: str) -> str:
    """`text` with its runs of number words written in digits."""
    text = AND_A_HALF.sub(lambda m: f"{_digit(m.group('whole'))}.5", text)
    text = RUN.sub(_as_digits, text)
    text = STARS_AFTER.sub(_one_word, ages_in_digits(text))
    text = RATED_BEFORE.sub(lambda m: f"{m.group('cue')} {m.group('bound') or ''}"
                                      f"{UNITS[m.group('word').lower()]}", text)
    return DIGITS_POINT.sub(r"\1.\2", text)


def ages_in_digits(text: str) -> str:
    """`text` with an age said in a word written in digits: "my four year old": 4."""
    return AGE_AFTER.sub(_one_word, text)


def _one_word(match: re.Match[str]) -> str:
    return str(UNITS[match.group("word").lower()])


def _as_digits(match: re.Match[str]) -> str:
    said = match.group(0)
    if len(parts := SECOND_NUMBER.split(said, maxsplit=1)) == 2:
        return " and ".join(RUN.sub(_as_digits, part) for part in parts)
    words = [w for w in re.split(r"[\s-]+", said.lower()) if w != "and"]
    if len(words) < 2 and not set(words) & {*SCALES, "point"}:
        return said
    if "point" in words:
        at = words.index("point")
        whole, decimals = words[:at], words[at + 1:]
        if not decimals or any(w not in UNITS or UNITS[w] > 9 for w in decimals):
            return said
        return f"{_value(whole) if whole else 0}." + "".join(str(UNITS[w]) for w in decimals)
    for reading in (_year, _hundreds):
        if (value := reading(words)) is not None:
            return str(value)
    return str(_value(words))


def _value(words: list[str]) -> int:
    total, current = 0, 0
    for word in words:
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
    return total + current


def _year(words: list[str]) -> int | None:
    """"nineteen ninety seven" (19 97), "twenty ten" (20 10): a century, then its year."""
    if set(words) & set(SCALES) or len(words) < 2:
        return None
    century = words[0]
    if not (century in UNITS and 10 <= UNITS[century] <= 19) and century != "twenty":
        return None
    rest = words[1:]
    if rest[0] not in TENS and not (rest[0] in UNITS and UNITS[rest[0]] >= 10):
        return None
    return _value([century]) * 100 + _value(rest)


def _hundreds(words: list[str]) -> int | None:
    """"one fifty" (150), "two ninety nine" (299): hundreds, then the rest, as prices are said."""
    if set(words) & set(SCALES) or len(words) < 2 or words[0] not in UNITS:
        return None
    if not 1 <= UNITS[words[0]] <= 9:
        return None
    rest = words[1:]
    if rest[0] not in TENS and not (rest[0] in UNITS and UNITS[rest[0]] >= 10):
        return None
    return UNITS[words[0]] * 100 + _value(rest)


def _digit(said: str) -> int:
    return int(said) if said.isdigit() else UNITS[said.lower()]
