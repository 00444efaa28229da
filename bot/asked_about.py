"""Questions about an item's facts: "who directed the fourth one", "who's in it", "what
year is the 2nd one from", "how much is the first one", "which brand is it".

A question names what it asks by what a field holds, and the catalog's own fields
answer it: a field of names by its name (director, stars, author, brand), a number by
the part it plays in the schema (year, price, rating, length). A catalog without such
a field of names is asked nothing ("who directed it" in a shop); a number it lacks is
answered so ("how long is it": no running time in the catalog).

    >>> fields_asked("who directed the fourth one", schema)
    ['director']
    >>> superlative_asked("which of these is the cheapest?", schema)
    Superlative(field='price', end='least', said='which of these is the cheapest')
    >>> property_asked("does the second one have any fragrance?")
    'fragrance'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from bot.catalog import Item
from bot.schema import CatalogSchema

WHO = r"(?:who(?:'?s| is| was| are| were)?|whos)"
# A field of names, by the questions that ask for it, and the field names it may have.
NAME_QUESTIONS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), names) for pattern, names in (
        (rf"\b(?:{WHO} (?:directed|made|the director)|(?:what|which) director|who directs|"
         r"directed by who(?:m)?)\b", ("director", "directors", "directed_by")),
        (rf"\b(?:{WHO} (?:in|starring|acting|the (?:stars?|lead|leads|main (?:actor|actress|"
         r"star)))|who stars|who plays|whose in|(?:what|which) actors?|the cast|"
         r"(?:who|what)(?:'?s| is) the cast|cast of)\b",
         ("stars", "cast", "actors", "starring")),
        (rf"\b(?:{WHO} (?:wrote|the author|the writer)|(?:what|which) author)\b",
         ("author", "authors", "writer", "writers")),
        (r"\b(?:(?:what|which) (?:brand|company|make)|who makes)\b",
         ("brand", "manufacturer", "maker")),
    ))
# Whether an item is in stock: "is the first one in stock", "is it available"
STOCK_QUESTION = re.compile(r"\b(?:(?:is|are) (?:it|that|this|they|those|these|(?:the )?\w+ "
                            r"one|(?:no\.?|number) ?\d) (?:still )?(?:in stock|available|"
                            r"out of stock)|(?:in|out of) stock\?)", re.IGNORECASE)
STOCK_WORDS = re.compile(r"\b(?:still )?(?:in stock|out of stock|available)\b", re.IGNORECASE)
# A number, by the questions that ask for it, and the part its field plays.
ROLE_QUESTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), role) for pattern, role in (
        (r"\b(?:(?:what|which) year|when (?:was|did|is) (?:it|that|this|\w+ one)\b.*\b(?:made|"
         r"released|come out|out)|how old is)\b", "year"),
        (r"\b(?:how much(?= (?:is|are|does|for|it|cost)\b|\W*$)|what(?:'?s| is| does) (?:it|that|"
         r"this|the) (?:cost|price)|price of|(?:one|wala|wali)\s+(?:price|cost|rate)(?=\W*$)|"
         r"kitne ka|kitna (?:hai|ka))\b", "price"),
        (r"\b(?:(?:is|was) (?:it|that|this|(?:the )?\w+ one) any good|how (?:is|was) it rated|"
         r"what(?:'?s| is) (?:it|that|its|the) rat(?:ed|ing)|how good is|"
         r"(?:one|wala|wali)\s+rating(?=\W*$))\b", "rating"),
        (r"\b(?:how long is|what(?:'?s| is) the (?:runtime|length|running time))\b", "length"),
    ))

# "which of these is the cheapest?": the pick shown with the least or the most of a number
SUPERLATIVES: tuple[tuple[str, str, str], ...] = (
    (r"cheapest|least expensive|lowest[- ]priced|most affordable|"
     r"(?:has|have|with) (?:the )?lowest price|costs? (?:the )?least", "price", "least"),
    (r"priciest|most expensive|dearest|highest[- ]priced|"
     r"(?:has|have|with) (?:the )?highest price|costs? (?:the )?most", "price", "most"),
    (r"best[- ]rated|highest[- ]rated|top[- ]rated|best reviewed|best(?! (?:for|value|way))|"
     r"(?:has|have|with|got) (?:the )?(?:highest|best|top) ratings?|is rated (?:the )?highest",
     "rating", "most"),
    (r"worst[- ]rated|lowest[- ]rated|worst", "rating", "least"),
    (r"newest|latest|most recent", "year", "most"),
    (r"oldest", "year", "least"),
    (r"longest", "length", "most"),
    (r"shortest", "length", "least"),
    (r"most popular|best[- ]known|most famous|most watched", "count", "most"),
    (r"least popular|least known|most obscure", "count", "least"),
)


def _superlatives(mark: str) -> str:
    """The superlatives as one alternation, each in a group named `mark` and its number."""
    return "|".join(f"(?P<{mark}{n}>{words})" for n, (words, _, _) in enumerate(SUPERLATIVES))


_OF_THESE = r"(?: (?:of|out of|among|from) (?:these|those|them|the lot|all)(?: all)?)?"
WHICH_IS = re.compile(
    rf"\b(?:which|what|whats|what'?s)\b(?: one'?s?)?(?: (?:of|out of|among) (?:these|those|"
    rf"them|the \w+))?"
    rf"(?:'s| is| was| are| would be)?(?: (?:his|her|their))? (?:the )?"
    rf"(?:{_superlatives('a')})\b(?: one)?{_OF_THESE}"
    # (of the list: "whats the best reviewed instant noodles" asks for a new list)
    rf"(?=\s*(?:[?.!,]|pls\b|please\b|$))"
    rf"|^\W*(?:(?:and|so|ok|okay)\W+)?(?:the )?(?:{_superlatives('b')})(?: one)?{_OF_THESE}"
    rf"(?:\W+(?:pls|please|plz|thanks))?\W*$",
    re.IGNORECASE)
EXTREME_WORDS = {("price", "least"): "cheapest", ("price", "most"): "priciest",
                 ("rating", "most"): "best rated", ("rating", "least"): "lowest rated",
                 ("year", "most"): "newest", ("year", "least"): "oldest",
                 ("length", "most"): "longest", ("length", "least"): "shortest",
                 ("count", "most"): "most popular", ("count", "least"): "least popular"}
PROPERTY_VERBS = (r"\b(?:is|are|does|do|have|has|contain|come with|any|some|too much|lots of|"
                  r"a lot of)\b")
_A_PICK = (r"it|that|this|they|those|these|(?:the\s+)?(?:first|second|third|fourth|fifth|last|"
           r"other|\d(?:st|nd|rd|th)?)\s+one|(?:no\.?|number|#)\s*\d")
# A yes-or-no question about a pick: "is the first one veg?", "does it have any fragrance"
PROPERTY_QUESTION = re.compile(
    r"(?:^|[,.;!?]\s*)(?:(?:and|so|ok|okay|but)\s+)?(?:(?:is|are|does|do)\s+(?P<pick>" + _A_PICK +
    r")\s+(?:(?:have|contain|come with|got|use|say)\s+)?"
    # "the first one have too much blood? my son is 10"
    r"|(?P<pick2>" + _A_PICK + r")\s+(?:have|has|contains?|got)\s+)"
    r"(?:any\s+|some\s+|a\s+|too much\s+|lots of\s+|a lot of\s+)?"
    r"(?P<prop>[a-z][\w -]{1,30}?)\s*(?:\?|$)", re.IGNORECASE)
# What such a question asks that is no property of the text: fit, worth, the facts above
NOT_A_PROPERTY = re.compile(r"(?:to\b|any good|ok|okay|alright|fine|good|safe|suitable|worth|too\b|"
                            r"for\b|about\b|like\b|rated|available|in stock|out of stock|"
                            r"cheaper|better|the same|different|real|true|there)",
                            re.IGNORECASE)
SNIPPET = 30  # characters of context either side of the words that say it
# What a field is called in a reply, where its name is not what people say
LABELS = {"length": "running time"}
# A question's first word, left behind when what it asks was read as a number ("which
# of these is the best rated?": "best rated" is read as a rating first)
# (and what is left of its superlative when a number was read in it: "the most [popular]")
QUESTION_LEAD = re.compile(r"\b(?:which|what|whats|what's|one|out of|out|among|most|least|his|"
                           r"her|their)\b",
                           re.IGNORECASE)
# A question's last word, left behind: "what year is the 2nd one from"
QUESTION_TAIL = re.compile(r"\b(?:from|released|made|out|about|in)\s*[?!.]*\s*$", re.IGNORECASE)


def fields_asked(text: str, schema: CatalogSchema) -> list[str]:
    """The catalog fields a question about an item asks for, in the order asked."""
    asked: list[tuple[int, str]] = []
    fields = {name.lower(): name for name in schema.names}
    for pattern, names in NAME_QUESTIONS:
        if (found := pattern.search(text)) and (name := next(
                (fields[n] for n in names if n in fields), None)):
            asked.append((found.start(), name))
    if (found := STOCK_QUESTION.search(text)) and schema.stock_field is not None:
        asked.append((found.start(), schema.stock_field))
    for pattern, role in ROLE_QUESTIONS:
        if found := pattern.search(text):  # (one the catalog lacks is answered so)
            number = schema.role(role)
            asked.append((found.start(), number.name if number is not None else role))
    return list(dict.fromkeys(name for _, name in sorted(asked)))


def property_asked(text: str) -> str:
    """The property a yes-or-no question about a pick asks of it ("veg" in "is the first
    one veg?", "fragrance" in "does the second one have any fragrance?"), or ""."""
    found = PROPERTY_QUESTION.search(text)
    if found is None or NOT_A_PROPERTY.match(found.group("prop")):
        return ""
    return found.group("prop").strip()


def says_about(item: Item, title: str, prop: str) -> str:
    """What the catalog's text of `item` says of `prop`: the words that say it, or that it
    says nothing of it (never a guess)."""
    text = item.text
    words = [re.escape(w[:-1] if len(w) > 4 and w.endswith("s") else w)
             for w in re.findall(r"[a-z0-9]+", prop.lower())]
    if not words:
        return f"{title}: the catalog does not say."
    found = re.search(r"\b" + r"\w*[\s-]+".join(words) + r"\w*", text, re.IGNORECASE)
    if found is None:
        return f"{title}: the catalog says nothing about {prop}."
    start = text.rfind(" ", 0, max(found.start() - SNIPPET, 0)) + 1
    end = text.find(" ", found.end() + SNIPPET)
    snippet = text[start:end if end > 0 else len(text)].strip(" ,.;")
    return f'{title}: the catalog says "{"…" if start else ""}{snippet}…".'


class Superlative(NamedTuple):
    """Which of the picks shown is the most or least of a field: "which of these is the
    cheapest?" is Superlative("price", "least", "which of these is the cheapest")."""

    field: str  # the catalog's field, or the part it would play when the catalog lacks it
    end: str  # "least" or "most"
    said: str  # the words that asked it


def superlative_asked(text: str, schema: CatalogSchema) -> Superlative | None:
    """What "which of these is the cheapest?" asks of the list shown, or None."""
    found = WHICH_IS.search(text)
    if found is None:
        return None
    n = next(int(k[1:]) for k, v in found.groupdict().items() if v)
    _, role, end = SUPERLATIVES[n]
    number = schema.role(role)
    return Superlative(number.name if number is not None else role, end, found.group(0))


def extreme_of(items: Sequence[Item], asked: Superlative, schema: CatalogSchema
               ) -> tuple[Item, str] | None:
    """Of `items` (in the order shown), the one with the least or most of the field
    `asked` names (the first shown among equals), and how to say which it is ("the
    cheapest"); None when none of them has that field."""
    field, end = asked.field, asked.end
    valued = [(float(v), i) for i in items
              if isinstance(v := i.attributes.get(field), (int, float))]
    if not valued:
        return None
    sign = 1 if end == "least" else -1
    _, best = min(valued, key=lambda pair: sign * pair[0])  # (the first shown among equals)
    role = schema.numbers[field].role if field in schema.numbers else field
    return best, EXTREME_WORDS.get((role, end), f"{end} {field.replace('_', ' ')}")


def question_words(text: str) -> str:
    """`text` without the words of its questions about an item (they are not searched)."""
    for pattern in (*(p for p, _ in NAME_QUESTIONS), *(p for p, _ in ROLE_QUESTIONS),
                    WHICH_IS, STOCK_QUESTION):
        text = pattern.sub(" ", text)
    return QUESTION_TAIL.sub(" ", QUESTION_LEAD.sub(" ", STOCK_WORDS.sub(" ", text)))


def answer(item: Item, title: str, fields: Sequence[str], schema: CatalogSchema) -> str:
    """One sentence with the facts asked about `item` ("The Dark Knight (2008): director:
    Christopher Nolan; stars: Christian Bale, Heath Ledger and Aaron Eckhart.")."""
    facts = [_fact(field, item.attributes.get(field), schema) for field in fields]
    return f"{title}: {'; '.join(facts)}."


def listed(values: Sequence[str], last: str = "and") -> str:
    """"a, b and c" ("or" with `last`)."""
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} {last} {values[-1]}"


def label(field: str) -> str:
    """How a reply names a field ("avg rating"; "running time" for a length)."""
    return LABELS.get(field, field.replace("_", " "))


def _fact(field: str, value: object, schema: CatalogSchema) -> str:
    if value in (None, "", []):
        return f"no {label(field)} in the catalog"
    name = field.replace("_", " ")
    if isinstance(value, bool):
        return ("in stock" if value else "out of stock") if field == schema.stock_field \
            else f"{name}: {'yes' if value else 'no'}"
    if isinstance(value, list):
        return f"{name}: {listed([str(v) for v in value])}"
    number = schema.numbers.get(field)
    if number is None or not isinstance(value, (int, float)):
        return f"{name}: {value}"
    shown = f"{round(float(value), 1):g}"
    return {"year": f"released in {shown}", "price": f"price {shown}",
            "rating": f"rated {shown} out of {number.high:g}",
            "length": f"{name} {shown}"}.get(number.role, f"{name}: {shown}")
