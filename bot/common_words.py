"""Whether a title named in running text is only common words there.

"Chicago", "Home Alone", "The Family" and "Flight" are films, but "flying to Chicago on
Tuesday", "home alone tonight", "going with the family" and "something for the flight"
name none. A title of one or two common words therefore counts only where a title goes
(the places `bot.title_spans` reads: "loved home alone", "anything like flight") or
when the person marked it as one: in quotes, or with capitals in a message that does
not capitalise common words at random ("I watched Speed and loved it, and Gravity too",
not "with the Family next Friday ... nothing Scary").

How common a word is comes from wordfreq (word counts over many kinds of English text),
not from the catalog's own everyday words (`bot.names.everyday_words`, the words its
descriptions write in lower case): those say "family" and "house" often but "flight"
and "Philadelphia" rarely, while a person says all four every day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from wordfreq import zipf_frequency

from bot.titles import INITIALS

LANGUAGE = "en"  # the language the reader's phrases are written in
# Zipf frequency (log10 of uses per billion words) from which a word is common: about
# once in 100,000 words. "gravity" 4.2, "flight" 4.9, "home" 5.8 are common; "godfather"
# 3.4, "inception" 3.7, "machina" 2.7, "paddington" 3.1 are not.
COMMON = 4.0
# The most words a title of common words may have to be taken for chat: three common
# words in a title's order ("empire strikes back") are seldom there by chance.
MOST_WORDS = 2
LITTLE_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or",
                          "with", "my", "your", "our", "his", "her"})
WORD = re.compile(r"[\w'’-]+")
SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n)\s*[\"'“‘(]?$")
# Where a capitalised word is a place: "flying to Chicago", "at the in-laws in Philadelphia"
A_PLACE_BEFORE = re.compile(r"\b(?:to|in|from|at|near|around|visiting|via)\s+$", re.IGNORECASE)
ALWAYS_CAPITALISED = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "christmas", "easter", "english", "american", "british",
    "french", "indian", "hindi", "god", "mom", "mum", "dad"})
NEVER_AT_RANDOM = ALWAYS_CAPITALISED | LITTLE_WORDS


def common_words_only(said: str) -> bool:
    """Whether `said` is one or two common words (besides little ones such as "the");
    initials ("E.T.") are none."""
    if INITIALS.search(said):
        return False
    words = [w for w in WORD.findall(said.lower()) if w not in LITTLE_WORDS]
    return 0 < len(words) <= MOST_WORDS and all(_common(w) for w in words)


def load() -> None:
    """Read wordfreq's English table now (about 80 ms), not on someone's first message."""
    _common("the")


@cache
def zipf(word: str) -> float:
    """How often `word` is used in English, on wordfreq's Zipf scale (log10 per billion)."""
    return zipf_frequency(word, LANGUAGE)


def _common(word: str) -> bool:
    return not any(c.isdigit() for c in word) and zipf(word) >= COMMON


def marked_as_title(said: str, text: str, also_named: Sequence[str] = ()) -> bool:
    """Whether `said` is typed in `text` the way a title is: in quotes, or capitalised
    inside a sentence, where the message capitalises no common word besides ("for the
    Flight, nothing Scary" capitalises at random) and not as a place one goes to or is in
    ("to Chicago", "in Philadelphia"). `also_named`: the other titles and the people read."""
    if re.search(rf"[\"“'‘]{re.escape(said)}[\"”'’]", text, re.IGNORECASE):
        return True
    at = text.find(said)
    # ("on Friday": English capitalises a day whatever it is)
    if at < 0 or said == said.lower() or said.isupper() or said.lower() in ALWAYS_CAPITALISED \
            or SENTENCE_START.search(text[:at]) or A_PLACE_BEFORE.search(text[:at]):
        return False
    others = text.replace(said, " ")
    for name in also_named:
        others = others.replace(name, " ")
    words = list(WORD.finditer(others))
    return not any(_capitalised_at_random(others, words, n) for n in range(len(words)))


def _capitalised_at_random(text: str, words: Sequence[re.Match[str]], n: int) -> bool:
    """Whether `words[n]` is a common word capitalised alone inside a sentence ("the
    Family next", "Scary"); not one of a run of capitals ("The Hateful Eight", a title or
    a name), nor a word English always capitalises."""
    said = words[n].group(0)
    if not _capitalised(said) or said.lower() in NEVER_AT_RANDOM \
            or re.fullmatch(r"I(?:['’]\w+)?", said) or not _common(said.lower()):
        return False
    beside = [words[m].group(0) for m in (n - 1, n + 1) if 0 <= m < len(words)]
    return not SENTENCE_START.search(text[:words[n].start()]) \
        and not any(_capitalised(w) for w in beside)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()
