"""Offline summaries of an item, written for the reader: simple, standard or expert,
brief or detailed.

Without a generative model the summary is extractive: sentences are taken from the
item's own text and facts from its attributes, never invented.

- simple: short sentences and everyday words. A plain sentence says what the item
  is ("a funny cartoon film from 1995"); then the shortest sentences of its text,
  split at conjunctions, with hard words swapped for easy ones.
- standard: the item's one-line plot or first sentence; detailed adds the next
  sentences and the key facts.
- expert: the full text and the facts a specialist wants (director, cast,
  brand, size, price per unit).

Brief summaries are at most `BRIEF_WORDS` words. Readability is measured with
textstat in benchmarks/bench_summaries.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.catalog import Item
from bot.readability import flesch_kincaid_grade
from bot.titles import display_title, split_year

BRIEF_WORDS = 40
SHORT_WORDS = 20  # "shorter" asked when the summaries were brief already: a line
SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\bDet\.)(?<!\bDr\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)"
                          r"(?<!\bSt\.)(?<!\bJr\.)(?<!\bLt\.)(?<!\bSgt\.)(?<!\bCapt\.)(?<!\bMt\.)"
                          r"(?<!\bvs\.)(?<!\bU\.S\.)(?<!\bSr\.)(?<!\bProf\.)(?<!\bGen\.)"
                          r"(?<!\bCol\.)(?<!\bRev\.)(?<!\bGov\.)(?<!\bSen\.)(?<!\bNo\.)"
                          r"(?<!\b[A-Z]\.)\s+(?=[\"'A-Z0-9])")  # "J. Edgar": an initial
SHORTEN_AT = re.compile(
    r",\s+(?:who|which|where|when|while|but|and|so|as|until|after|before|only|\w+ing)\b"
    r"|\s+(?:who|which|while|until|when|after|before|because|where)\s+|;\s+|\s+--?\s+"
    r"|(?<=[a-z]{2})\.\s+(?=[a-z])")  # a sentence the source forgot to capitalise
# Where a sentence with no easy version is cut: any comma.
HARD_CUT = re.compile(SHORTEN_AT.pattern + r"|,\s+")
SIMPLE_SENTENCE_WORDS = 14
SIMPLE_MAX_GRADE = 7  # sentences harder than this are left out of simple summaries
SIMPLE_FALLBACK_GRADE = 11  # the easiest sentence is used up to this grade, when none is easy
NEEDS_CONTEXT = {"he", "she", "it", "they", "him", "her", "his", "hers", "its", "their",
                 "them", "this", "these", "those", "that", "but", "and", "or", "so", "yet",
                 "also", "then", "meanwhile", "however", "including", "now", "there", "here",
                 "soon", "later", "still", "instead", "together", "unfortunately",
                 "eventually", "finally", "which", "who", "whose", "where", "it's", "he's",
                 "she's", "they're", "there's", "that's"}
# "When a group of seniors swim in a pool, they..." stands alone; "When he returns." not.
SUBORDINATE = {"when", "while", "after", "before", "until", "once", "as", "if", "although",
               "though", "because", "despite", "even"}
DANGLING = {"and", "or", "but", "the", "a", "an", "of", "to", "with", "by", "for", "in", "on",
            "at", "from", "his", "her", "their", "its", "as", "that", "than", "those", "these",
            "this"}
PRONOUNS = {"he", "she", "they", "him", "her", "his", "hers", "them", "their", "it", "its",
            "we", "you", "i"}
PREPOSITIONS = {"in", "on", "at", "for", "with", "by", "from", "upon", "after", "during",
                "within", "under", "over", "among", "across", "to"}
PARTICIPLE = re.compile(r"^[a-z]+(?:ing|ed)$")
# A clause that opens with one of these has its subject before it.
VERB_FIRST = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "can",
              "could", "must", "does", "did", "gets", "becomes", "finds"}
IRREGULAR_PARTICIPLES = {"held", "set", "led", "born", "caught", "left", "sent", "told", "found",
                         "made", "known", "built", "taken", "given", "brought", "thrown",
                         "driven", "torn", "stuck", "bound", "raised", "hidden", "forced",
                         "trapped", "stranded", "armed", "faced", "haunted", "based"}
RELATIVE_NEXT = re.compile(r"^(?:\w+\s+){1,4}(?:who|which|that|whose)\b", re.IGNORECASE)
PARENTHESES = re.compile(r"\s*\([^)]*\)")
SPACES = re.compile(r"\s+")
# Everyday words for the simple level (lower case; matched as whole words).
EASY_WORDS = {
    "eventually": "in the end", "circumstances": "events", "profoundly": "very",
    "threatened": "worried", "supplants": "replaces", "unwittingly": "by mistake",
    "approximately": "about", "numerous": "many", "individuals": "people",
    "individual": "person", "attempts": "tries", "assist": "help",
    "assists": "helps", "purchase": "buy", "obtain": "get", "obtains": "gets",
    "commence": "start", "commences": "starts", "terminate": "end", "reside": "live",
    "resides": "lives", "residence": "home", "additional": "more", "sufficient": "enough",
    "utilize": "use", "utilizes": "uses", "demonstrate": "show", "demonstrates": "shows",
    "investigate": "look into", "investigates": "looks into", "mysterious": "strange",
    "extraordinary": "amazing", "enormous": "huge", "terrifying": "scary",
    "frightening": "scary", "adolescent": "teen", "adolescents": "teens",
    "relationship": "bond", "consequently": "so", "nevertheless": "still",
    "however": "but", "therefore": "so", "discovers": "finds", "discover": "find",
    "encounter": "meet", "encounters": "meets", "journey": "trip", "companion": "friend",
    "companions": "friends", "struggles": "fights",
    "ambitious": "eager", "inevitably": "of course", "immediately": "at once",
    "particularly": "very", "extremely": "very", "incredibly": "very",
    "beverage": "drink", "beverages": "drinks", "nutritious": "healthy",
    "ingredients": "things in it", "consumption": "use", "moisturizes": "softens",
    "moisturising": "softening", "moisturizing": "softening", "hygiene": "cleaning",
}
# What a genre or category means in everyday words.
PLAIN_GENRES = {
    "comedy": "funny", "animation": "cartoon", "children": "family", "horror": "scary",
    "romance": "romantic", "sci-fi": "space", "action": "action", "thriller": "tense",
    "documentary": "true-story", "drama": "serious", "adventure": "adventure",
    "fantasy": "magic", "crime": "crime", "mystery": "mystery", "musical": "musical",
    "war": "war", "western": "cowboy", "film-noir": "dark crime",
}
# Adjectives first, then words that read like nouns ("funny cartoon film").
MOVIE_GENRE_ORDER = ("comedy", "horror", "romance", "thriller", "drama", "children",
                     "fantasy", "sci-fi", "animation", "adventure", "action", "crime",
                     "mystery", "documentary", "musical", "war", "western", "film-noir")


def summarise(item: Item, level: str = "standard", detail: str = "brief") -> str:
    """A summary of `item` for a reader at `level` (simple, standard, expert) and `detail`
    (short, brief, detailed)."""
    told = "detailed" if detail == "detailed" else "brief"  # (short: brief, cut shorter)
    if level == "simple":
        text = _simple(item, told)
    elif level == "expert":
        text = _expert(item, told)
    else:
        text = _standard(item, told)
    if detail == "detailed":
        return text
    limit = SHORT_WORDS if detail == "short" else BRIEF_WORDS
    price = item.attributes.get("price")
    if not isinstance(price, (int, float)) or f"{price:g}" in text:
        return _clip(text, limit)
    # A shopper always sees the price, even in the shortest summary.
    tail = f"It costs {price:g}." if level == "simple" else f"Price {price:g}."
    head = _clip(text, limit - len(tail.split())).rstrip()
    if head and head[-1] not in ".!?…":
        head += "."  # "Filled with tutti frutti" + "Price 20."
    return f"{head} {tail}".strip()


# -- levels -------------------------------------------------------------------------


def _simple(item: Item, detail: str) -> str:
    sentences = [_what_it_is(item)]
    wanted = 1 if detail == "brief" else 2
    candidates = [_easy(s) for s in _standalone(
        [_shorten(s) for s in _texts(item, "plot")]) + _standalone(
        [_shorten(s) for s in _sentences(item.description)])]
    graded = [(flesch_kincaid_grade(c), c) for c in dict.fromkeys(candidates)]
    # The earliest easy sentences (the premise comes first), else the easiest one cut down
    # to its opening words.
    chosen = [c for grade, c in graded if grade <= SIMPLE_MAX_GRADE][:wanted]
    if not chosen and graded:
        cut = [(flesch_kincaid_grade(c), c) for c in (_shorten(c, HARD_CUT) for _, c in graded)]
        grade, easiest = min(cut)
        # Too hard even cut down: who made it or stars in it says more, in plain words.
        chosen = [easiest] if grade <= SIMPLE_FALLBACK_GRADE else [_made_by(item)]
    sentences += chosen
    if detail == "detailed":
        stars = _list(item.attributes.get("stars"))
        if stars and (said := f"It stars {_join(stars[:2])}.") not in sentences:
            sentences.append(said)  # (once: it may be the easy sentence chosen already)
        price = item.attributes.get("price")
        if isinstance(price, (int, float)):
            sentences.append(f"It costs {price:g}.")
    return " ".join(s for s in sentences if s)


def _standard(item: Item, detail: str) -> str:
    description = _sentences(item.description) or _texts(item, "plot")
    if detail == "brief":
        return _fill(description, BRIEF_WORDS) or _what_it_is(item)
    lead = _fill(description, 2 * BRIEF_WORDS) or _what_it_is(item)
    return f"{lead} {_facts(item, expert=False)}".strip()


def _expert(item: Item, detail: str) -> str:
    description = _sentences(item.description)
    facts = _facts(item, expert=True)
    if detail == "brief":
        return _fill([*description, facts], BRIEF_WORDS) or facts
    # (the plot is often the description again: each sentence once)
    return " ".join(dict.fromkeys([*description, *_sentences(" ".join(_texts(item, "plot"))),
                                   facts])).strip()


def _fill(sentences: Sequence[str], limit: int) -> str:
    """Whole sentences, in order, while they fit in `limit` words (the first always)."""
    chosen: list[str] = []
    for sentence in sentences:
        if chosen and len(" ".join([*chosen, sentence]).split()) > limit:
            break
        chosen.append(sentence)
    return " ".join(chosen)


# -- pieces -------------------------------------------------------------------------


def _what_it_is(item: Item) -> str:
    """'Toy Story is a funny cartoon film from 1995.' from the attributes alone."""
    name, year = split_year(display_title(item.title))
    genres = [g.lower() for g in _list(item.attributes.get("genres"))]
    if genres:
        # ("a funny serious film" says neither: a comedy-drama is told as the comedy)
        told = [g for g in MOVIE_GENRE_ORDER if g in genres
                and not (g == "drama" and "comedy" in genres)]
        plain = [PLAIN_GENRES[g] for g in told][:2]
        kind = " ".join(plain) + " film" if plain else "film"
        year = year or _int(item.attributes.get("year"))
        when = f" from {year}" if year else ""
        article = "an" if kind[0] in "aeiou" else "a"
        return f"{name} is {article} {kind}{when}."
    category = item.attributes.get("sub_category") or item.attributes.get("category")
    brand = item.attributes.get("brand")
    if brand and category:
        return f"{name} is made by {brand}. You find it under {category}."
    if brand or category:
        return f"{name} is made by {brand}." if brand else f"{name} is in {category}."
    return f"This is {name}."


def _made_by(item: Item) -> str:
    """'It stars Tom Hanks and Tim Allen.' or 'Ron Howard made it.', from the attributes."""
    stars = _list(item.attributes.get("stars"))
    if stars:
        return f"It stars {_join(stars[:2])}."
    directors = _list(item.attributes.get("director"))
    return f"{_join(directors[:1])} made it." if directors else ""


def _facts(item: Item, *, expert: bool) -> str:
    """The key facts in one sentence: 'Adventure and comedy film directed by X, starring Y,
    released in 1995.' Experts get more of them."""
    a = item.attributes
    genres = _list(a.get("genres"))[: 5 if expert else 3]
    parts: list[str] = []
    if genres:
        parts.append(f"{_join(genres)} film")
    elif isinstance(a.get("sub_category"), str) and expert:
        parts.append(f"{a['sub_category']} in {a.get('category', 'the catalog')}")
    if expert:
        for label, key in (("directed by", "director"), ("starring", "stars")):
            names = _list(a.get(key))
            if names:
                parts.append(f"{label} {_join(names[:3])}")
    tags = _list(a.get("tags"))
    if expert and tags:
        parts.append(f"tagged by viewers as {_join(tags[:5])}")
    if isinstance(a.get("brand"), str):
        parts.append(f"by {a['brand']}")
    if isinstance(a.get("size"), str):
        parts.append(f"size {a['size']}")
    if isinstance(a.get("year"), int):
        parts.append(f"released in {a['year']}")
    price, market = a.get("price"), a.get("market_price")
    if isinstance(price, (int, float)):
        saving = ""
        if expert and isinstance(market, (int, float)) and market > price:
            saving = f", {(market - price) / market:.0%} below the market price of {market:g}"
        parts.append(f"priced at {price:g}{saving}")
    rating = a.get("rating") if isinstance(a.get("rating"), (int, float)) else a.get("avg_rating")
    if expert and isinstance(rating, (int, float)):
        parts.append(f"with an average rating of {rating:.1f} out of 5")
    if not parts:
        return ""
    sentence = ", ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def _join(words: Sequence[str]) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _texts(item: Item, key: str) -> list[str]:
    value = item.attributes.get(key)
    return _sentences(value) if isinstance(value, str) else []


def _sentences(text: str | None) -> list[str]:
    if not text:
        return []
    text = SPACES.sub(" ", PARENTHESES.sub("", text)).strip()
    return [s.strip() for s in SENTENCE_END.split(text) if len(s.split()) >= 3]


def _standalone(sentences: Sequence[str]) -> list[str]:
    """Sentences that make sense out of context: not "But the park is anything." or "It is
    too late." (a pronoun or a connective needs the sentence before), nor a participle with
    no main clause ("Becoming infatuated with his daughter's best friend.")."""
    out = []
    for position, sentence in enumerate(sentences):
        words = sentence.split()
        first = words[0].strip("\"'").lower().rstrip(",")
        if len(words) < 5 or first in NEEDS_CONTEXT:
            continue
        if (PARTICIPLE.match(first) or first in SUBORDINATE) and "," not in sentence:
            continue
        if position > 0 and _pronoun_first(words):  # "Upon his release, Santana goes..."
            continue
        out.append(sentence)
    return out


def _pronoun_first(words: Sequence[str]) -> bool:
    """A pronoun before any name: it points back to a sentence that is not there."""
    for word in words[1:]:
        bare = word.strip(".,;:!?\"'()")
        if bare.lower() in PRONOUNS:
            return True
        if bare[:1].isupper():
            return False
    return False


def _shorten(sentence: str, at: re.Pattern[str] | None = None) -> str:
    """A long sentence made short: an opening phrase dropped ("After his son is taken to
    Sydney, a timid clownfish sets out..." keeps "A timid clownfish sets out..."), then
    cut before its first subordinate part ("..., who joins a group of insurgents")."""
    if len(sentence.split()) <= SIMPLE_SENTENCE_WORDS:
        return sentence
    sentence = _main_clause(sentence)
    if len(sentence.split()) <= SIMPLE_SENTENCE_WORDS:
        return sentence
    if _opens_phrase(sentence.split()[0].lower()):
        return sentence  # its main clause could not be told apart: not cut blind
    for match in (at or SHORTEN_AT).finditer(sentence):
        head = sentence[: match.start()].strip(" ,;:-")
        words = head.split()
        last = words[-1].lower()
        # "A cyborg, identical to the one" or "Matt Whitlock, chief of police" stops inside
        # a description of its subject.
        opens_aside = head.count(", ") % 2 == 1
        if len(words) >= 6 and not opens_aside and last not in DANGLING \
                and last not in PRONOUNS and not last.endswith("ing"):
            return head + "."
    return sentence


def _main_clause(sentence: str) -> str:
    """The sentence without an opening phrase ("Set in the 22nd century, ..."), when what
    follows one of its commas can stand alone ("Enraged at the slaughter of Murron, his new
    bride, Scottish warrior William Wallace slays..." keeps "Scottish warrior...")."""
    if not _opens_phrase(sentence.split()[0].lower()):
        return sentence
    parts = sentence.split(", ")
    for n in range(1, len(parts)):
        rest = ", ".join(parts[n:]).strip()
        words = rest.split()
        if len(words) < 5 or _opens_phrase(words[0].lower()) or RELATIVE_NEXT.match(rest) \
                or words[0].endswith(".") or words[0].lower() in VERB_FIRST:
            continue  # another opening phrase, "a detective who..." (no verb of its own),
            # the end of a name ("Henry Jones, Sr. goes missing"), or a verb whose subject
            # came before ("..., is crushed by a court order")
        if words[0].lower().strip("\"'") in NEEDS_CONTEXT:
            return sentence
        return rest[0].upper() + rest[1:]
    return sentence


def _opens_phrase(word: str) -> bool:
    """A first word that opens a phrase before the main clause ("Led by", "After", "In",
    "Wrongfully accused")."""
    return bool(PARTICIPLE.match(word)) or word in SUBORDINATE | PREPOSITIONS \
        or word in IRREGULAR_PARTICIPLES or (word.endswith("ly") and len(word) > 4)


def _easy(sentence: str) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        easy = EASY_WORDS.get(word.lower())
        if easy is None:
            return word
        return easy.capitalize() if word[0].isupper() else easy

    return re.sub(r"[A-Za-z]+", swap, sentence)


def _clip(text: str, limit: int) -> str:
    """At most `limit` words, cut at a sentence end when one is close enough."""
    words = text.split()
    if len(words) <= limit:
        return text
    cut = " ".join(words[:limit])
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end >= len(cut) // 2:
        return cut[: end + 1]
    return " ".join(words[: limit - 1]).rstrip(",;:") + "…"


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [value] if isinstance(value, str) and value else []


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) else None
