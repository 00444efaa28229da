"""Whether a title named in running text is only everyday words there.

"Chicago", "Home Alone", "The Family" and "Flight" are films, but "flying to Chicago on
Tuesday", "home alone tonight", "going with the family" and "something for the flight"
name none. A title of one or two common words therefore counts only where a title goes
(the places `bot.title_spans` reads: "loved home alone", "anything like flight") or
when the person marked it as one: in quotes, or with capitals in a message that
capitalises nothing else ("I watched Speed and loved it, and Gravity too").

How common a word is comes from wordfreq (word counts over many kinds of English text),
not from the catalog: the catalog's own descriptions say "family" and "house" often but
"flight" and "Philadelphia" rarely, while a person says all four every day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from wordfreq import zipf_frequency

LANGUAGE = "en"  # the language the reader's phrases are written in
# Zipf frequency (log10 of uses per billion words) from which a word is everyday: about
# once in 100,000 words. "gravity" 4.2, "flight" 4.9, "home" 5.8 are everyday; "godfather"
# 3.4, "inception" 3.7, "machina" 2.7, "paddington" 3.1 are not.
EVERYDAY = 4.0
# The most words a title in everyday words may have to be taken for chat: three common
# words in a title's order ("empire strikes back") are seldom there by chance.
MOST_WORDS = 2
LITTLE_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or",
                          "with", "my", "your", "our", "his", "her"})
WORD = re.compile(r"[\w'’-]+")
SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n)\s*[\"'“‘(]?$")


def everyday_words(said: str) -> bool:
    """Whether `said` is one or two common words (besides little ones such as "the")."""
    words = [w for w in WORD.findall(said.lower()) if w not in LITTLE_WORDS]
    return 0 < len(words) <= MOST_WORDS and all(_everyday(w) for w in words)


@cache
def _everyday(word: str) -> bool:
    return not any(c.isdigit() for c in word) and zipf_frequency(word, LANGUAGE) >= EVERYDAY


def marked_as_title(said: str, text: str, also_named: Sequence[str] = ()) -> bool:
    """Whether `said` is typed in `text` the way a title is: in quotes, or capitalised
    inside a sentence when nothing else there is (besides "I", sentence starts and
    `also_named`: the other titles and the people read)."""
    if re.search(rf"[\"“'‘]{re.escape(said)}[\"”'’]", text, re.IGNORECASE):
        return True
    at = text.find(said)
    if at < 0 or said == said.lower() or said.isupper() or SENTENCE_START.search(text[:at]):
        return False
    others = text.replace(said, " ")
    for name in also_named:
        others = others.replace(name, " ")
    return not any(_capitalised_inside_a_sentence(others, m) for m in WORD.finditer(others))


def _capitalised_inside_a_sentence(text: str, word: re.Match[str]) -> bool:
    said = word.group(0)
    if not said[:1].isupper() or re.fullmatch(r"I(?:['’]\w+)?", said):
        return False
    return not SENTENCE_START.search(text[:word.start()])
