"""The everyday phrases recbot reads in a message, each written once.

`bot.understanding.Reader` turns them into the slots of an `Understanding`; no other
module matches a message against a pattern of its own. Where two readings share
words (a dislike and the rejection of a substitute, a like and an acceptance,
"something else" and "show me others"), the wider pattern is built from the
narrower one, so a phrase added to one reaches both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def words(phrases: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One pattern for regex `phrases`, each on word boundaries."""
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b", flags)


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

# -- wishes, refusals, price moves (numbers themselves: bot/quantities.py) ------------------

NEGATION = re.compile(
    r"\b(?:no|not|nothing|without|never|avoid|except|but not|don'?t (?:want|like)|"
    r"hate|no more)\b\s+((?:(?:too|very|so|any|anything|something|more|a|an|the)\s+)?"
    r"[\w\- ]+?)(?=[,.;!?]|\band\b(?! not)|\bbut\b|$)", re.IGNORECASE)
CHEAPER = words((r"cheaper", r"cheapest", r"less expensive", r"lower[- ]priced?",
                 r"more affordable", r"inexpensive", r"not so (?:expensive|pricey)",
                 r"too (?:expensive|pricey)", r"save money"))
PRICIER = words((r"pricier", r"more expensive", r"higher[- ]end", r"fancier", r"more premium",
                 r"better quality"))

# -- pointing at picks, and moving on -----------------------------------------------------

ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
            "4th": 3, "fifth": 4, "5th": 4, "last": -1, "top": 0}
REFERENCE = re.compile(r"\b(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|"
                       r"last|top)\s+(?:one|pick|option|movie|film|item|suggestion)?|"
                       r"(?:number|no\.?|#)\s*(\d)\b", re.IGNORECASE)
MORE_LIKE = words((r"more like", r"similar to",
                   r"(?:something|anything|stuff|things|movies|films|ones|products) like",
                   r"like that one", r"more of (?:that|those|these)"))
SOMETHING_ELSE = re.compile(
    r"\b(?:something else|anything else|what else|other (?:ones|options|ideas)|others|"
    r"different ones?|show me more|more options|next)\b|"
    # "more skin care", "more please": not "more like", "more detail"
    r"^\W*(?:some\s+)?more\b(?!\s+(?:like|detail|details|of|similar))", re.IGNORECASE)

# -- opinions --------------------------------------------------------------------------------

LIKE_PHRASES = (r"loved?", r"liked", r"i like (?:it|that|this|them)", r"enjoyed", r"great",
                r"awesome", r"amazing", r"favou?rite",
                r"(?:that|this) (?:one )?(?:is|was|sounds|looks) (?:good|great|perfect)",
                r"perfect", r"yes please")
DISLIKE_PHRASES = (r"hated?", r"disliked?", r"didn'?t like", r"don'?t like", r"not for me",
                   r"boring", r"awful", r"terrible", r"not (?:that|this) one", r"no thanks",
                   r"meh")
LIKE = words(LIKE_PHRASES)
DISLIKE = words(DISLIKE_PHRASES)
SEEN = words((r"(?:seen|saw|watched) (?:it|that|this|them|the|those)",
              r"already (?:seen|watched|have|bought|got)", r"have seen", r"i'?ve seen",
              r"bought it", r"have it"))
FEEDBACK_WORDS = words((r"seen", r"saw", r"watched", r"loved?", r"liked?", r"hated?", r"enjoyed",
                        r"already"))
# Taking or turning down an offered substitute: the opinions above, and the words of a choice.
ACCEPT = words((*LIKE_PHRASES, r"i'?ll take", r"i will take", r"take (?:it|that|this|the)",
                r"i'?ll have", r"add (?:it|that|this|the)", r"sounds good", r"that works",
                r"that'?s fine", r"yes", r"yep", r"ok(?:ay)?", r"sure", r"go ahead", r"do it",
                r"please do"))
REJECT = words((*DISLIKE_PHRASES, r"don'?t want", r"do not want",
                r"not (?:that|this|the \w+)(?: one)?", r"nope", r"reject"))

# -- how picks are presented -----------------------------------------------------------------

SIMPLER = words((r"simpler", r"simple", r"easier", r"plain(?:er)? (?:words|english)",
                 r"i don'?t understand", r"too complicated", r"like i'?m (?:five|5|a kid)"))
EXPERT = words((r"expert", r"technical", r"in depth", r"in-depth", r"nerdy",
                r"for a (?:film )?buff"))
MORE_DETAIL = words((r"more detail", r"more details", r"tell me more", r"detailed", r"longer",
                     r"elaborate"))
LESS_DETAIL = words((r"shorter", r"brief", r"briefly", r"less detail", r"too long", r"tl;?dr"))

# -- substitution ----------------------------------------------------------------------------

STATUS = r"(?:out of stock|sold out|unavailable|not available|not in stock|gone|finished)"
OUT_OF_STOCK = re.compile(rf"\b{STATUS}\b|\bran out\b|\brun out\b", re.IGNORECASE)
NAMED_BEFORE = re.compile(  # "the face wash is out of stock"
    rf"^(?:(?:oh|hmm|so|hi|hey|well|but)[,!]?\s+)*(?P<product>.+?)(?:\s+(?:is|are|was|were|seems|"
    rf"seem)|'s)\s+(?:(?:currently|now|all|still|already)\s+)?{STATUS}\b", re.IGNORECASE)
NAMED_AFTER = re.compile(  # "what can I get instead of the face wash"
    r"\b(?:instead of|substitutes? for|substitution for|replacements? for|alternatives? (?:to|for)"
    r"|in place of|replace|swap(?: out)?|out of|run out of|ran out of|no more)\s+"
    r"(?P<product>.+?)(?=[,.;!?]|\s+(?:what|which|is|are|please)\b|$)",
    re.IGNORECASE)
INSTEAD = words((r"instead", r"substitutes?", r"substitution", r"replacements?", r"alternatives?",
                 r"swap", r"in place of"))
PROPOSED = re.compile(r"\b(?:what about|how about|would|could i (?:get|have)|can i (?:get|have)"
                      r")\s+(?P<product>.+?)(?:\s+(?:instead|work|do))?\s*\??$", re.IGNORECASE)
POINTS_AT_IT = words((r"it", r"that", r"this"))
SAME_BRAND = words((r"same brand", r"that brand", r"this brand", r"same make"))
ANY_BRAND = words((r"any brand", r"other brands?", r"another brand", r"different brands?",
                   r"brand doesn'?t matter",
                   r"(?:not|don'?t want|doesn'?t have to be|no need for) (?:the |a )?same brand"))
ANY_PRICE = words((r"any price", r"price doesn'?t matter",
                   r"(?:more expensive|pricier) is (?:fine|ok|okay)",
                   r"don'?t mind (?:the price|paying more)"))
WIDER = words((r"widen", r"relax", r"wider", r"look wider", r"broader"))
SWAP_WISHES = re.compile("|".join(p.pattern for p in (ANY_BRAND, SAME_BRAND, CHEAPER, ANY_PRICE,
                                                      WIDER)), re.IGNORECASE)
NOT_A_PRODUCT = ("stock", "it", "that", "this", "them", "those", "instead", "something")

# -- words that carry no wish ------------------------------------------------------------------

DETERMINERS = ("the", "my", "your", "a", "an", "some", "this", "that")
# The edges of a product's name as people type it: "the face wash please".
PRODUCT_EDGES = re.compile(rf"^(?:{'|'.join(DETERMINERS)})\s+|\s+(?:please|pls|anymore|today|"
                           r"now|again|here)$", re.IGNORECASE)
FILLER = words(sorted((  # longest first: "i'd like" goes whole, not "i" and then "'d like"
    *DETERMINERS, r"please", r"can you", r"could you", r"recommend", r"suggest", r"show me",
    r"give me", r"find me", r"i want", r"i'd like", r"i would like", r"looking for",
    r"i'm looking for", r"me", r"something", r"anything", r"thanks", r"thank you", r"explain",
    r"it", r"again", r"and", r"i", r"will", r"would", r"version", r"way", r"words"),
    key=len, reverse=True))
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
CHITCHAT = words(map(re.escape, CHITCHAT_WORDS))

# Requests about recbot itself or other people: never answered, whatever the wording.
META = words((
    r"system prompt", r"(?:your|the) (?:instructions|rules|prompt|configuration|config)",
    r"(?:admin|developer|debug|god) mode", r"jailbreak",
    r"(?:other|another) (?:users?|person|people|customers?|shoppers?)(?:'s|s')?",
    r"(?:user|session|customer) (?:[\w']+ )?(?:profile|data|history|liked|likes)",
    r"everyone(?:'s| else's) (?:profile|data|history|likes)"))
