"""How a person wants the picks told: the words (simple / expert) and the length (brief /
detailed), in any phrasing.

    "say it like i'm 10", "explain them so my gran would follow"      simple
    "dont dumb it down", "im a food technologist, no need to simplify"  expert
    "cliffs notes version?", "keep the write ups short"                brief
    "bit more meat on the bones, those descriptions were thin"         detailed

A word that can describe the items as well as the telling ("a simple feel good movie", "a
detailed mystery", "a documentary that explains black holes in simple terms") is about the
items there, and changes nothing.
"""

from __future__ import annotations

import re

from bot.phrases import EXPERT, LESS_DETAIL, MORE_DETAIL, SIMPLER

# Words that may describe an item as well as the telling: they are about the telling
# only when nothing they could describe follows.
EITHER_WAY = frozenset(("simple", "simpler", "simply", "easier", "detailed", "advanced",
                        "sophisticated", "technical", "more technical", "expert", "nerdy",
                        "in depth", "in-depth", "longer", "brief", "concise",
                        # "nothing too complicated plot wise" is about the film
                        "too complicated", "nothing complicated"))
# What may follow such a word when it is about the telling ("keep it simple please").
ABOUT_THE_TELLING = frozenset((
    "please", "pls", "plz", "thanks", "thx", "ty", "for", "so", "and", "but", "to", "with",
    "i", "we", "me", "this", "that", "time", "enough", "version", "words", "terms",
    "language", "english", "way", "too", "though", "tho", "now", "again", "here", "mate",
    "yeah", "ok", "okay", "lol", "if", "as", "like", "each", "descriptions", "description",
    "explanations", "explanation", "summaries", "summary", "answers", "answer", "replies",
    "reply", "info", "details", "bits", "write-ups", "writeups", "blurbs", "x", "xx", "bro",
    "yaar", "haha", "or", "on", "about", "in", "of", "is", "are", "comparison",
    "comparision", "breakdown", "rundown", "overview", "review", "reviews", "look", "deep",
    "dive", "side", "stuff", "only", "still", "again",
    # Hindi: "seedha simple mein batao"
    "mein", "me", "main", "batao", "bolo", "samjhao", "likho"))
NEXT_WORD = re.compile(r"[\s,]*([\w'-]+)")
# "a documentary that explains black holes in simple terms": the film explains
# ("a documentary about how films get made, the technical side": the film's subject)
THE_ITEM_EXPLAINS = re.compile(r"\b(?:that|which|who)\s+(?:\w+\s+)?(?:explains?|teaches|"
                               r"shows|describes|covers|talks|breaks down)\b[^,.;!?]*$|"
                               r"\b(?:documentar(?:y|ies)|docs?)\s+(?:about|on)\b[^.;!?]*$",
                               re.IGNORECASE)
# "dont dumb it down", "no need to simplify": words that would simplify, refused
REFUSED = re.compile(r"(?:\bdon'?t|\bdont|\bdo not|\bno need to|\bneedn'?t|\bnever|\bwithout)"
                     r"\s+(?:\w+\s+)?$", re.IGNORECASE)
# The words of a request about the telling besides its level ("can you make those
# descriptions shorter"): never searched.
TELLING_WORDS = re.compile(r"\b(?:make|keep|write|do|descriptions?|summar(?:y|ies)|"
                           r"blurbs?|write-?ups?|explanations?|repl(?:y|ies)|answers?|info|"
                           r"details?|text|words|sentences?|lines?|paragraphs?|titles?|names?|"
                           r"just|only|long|understand|"
                           # "even shorter", "a bit simpler still"
                           r"even|still|much|way|bit|little|lil|tad)\b",
                           re.IGNORECASE)
REFUSABLE = re.compile(r"^(?:simpl|dumb|easier|plain|eli5)", re.IGNORECASE)


def reading_level(text: str) -> str | None:
    """"simple", "expert" or None: the level of words asked for."""
    simple = [m for m in SIMPLER.finditer(text) if _about_the_telling(m, text)]
    refused = [m for m in simple if REFUSABLE.match(m.group(0))
               and REFUSED.search(text, 0, m.start())]
    if refused:
        return "expert"  # "dont dumb it down"
    if simple:
        return "simple"
    if any(_about_the_telling(m, text) for m in EXPERT.finditer(text)):
        return "expert"
    return None


def detail(text: str) -> str | None:
    """"brief", "detailed" or None: the shorter wish says how ("tell me about them in one
    sentence")."""
    for level, pattern in (("brief", LESS_DETAIL), ("detailed", MORE_DETAIL)):
        if any(_about_the_telling(m, text) for m in pattern.finditer(text)):
            return level
    return None


def _about_the_telling(match: re.Match[str], text: str) -> bool:
    """Whether a presentation phrase speaks of the telling, not of the items."""
    if THE_ITEM_EXPLAINS.search(text, 0, match.start()):
        return False
    if match.group(0).lower() not in EITHER_WAY:
        return True
    following = NEXT_WORD.match(text, match.end())
    return following is None or following.group(1).lower() in ABOUT_THE_TELLING
