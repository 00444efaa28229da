"""The product type a shop request asks for: its head, not its modifiers.

    "low-sugar cookies"              sub_category = Biscuits & Cookies | Cookies, Rusk & Khari
    "snacks for a school lunch box"  sub_category = Bakery Snacks | Snacks & Namkeen | ...
    "shampoo for dry hair"           type = Shampoo & Conditioner | ...
    "green tea"                      type = Green Tea
    "baby shampoo"                   type = Baby Oil & Shampoo

The head is the last word of the request before its first modifier ("for", "with",
"without"...) that names a kind in the catalog (its single-valued kind fields:
category, sub-category, type); the word before it narrows it when both name the same
kind ("green tea"), or when both name the products themselves ("face wash": the
kinds most products with "face wash" in their names have). A single word is read on
the broadest field that has it (every snack, not one kind of snack); what is left
("low-sugar", "for dry hair", "for kids") ranks within it. Of the kinds the words
allow, the whole request keeps those it means (bot/kind_centroids.py: "baby shampoo"
is not every shampoo, "rice for biryani" not poha). Catalogs whose kinds are
lists (film genres) are not read this way: there a request names several kinds at
once. Nor is the broadest field of a catalog with finer ones ("Snacks & Branded
Foods" holds biscuits and noodles too).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from bot.catalog import Item
from bot.common_words import zipf
from bot.kind_centroids import KindCentroids
from bot.phrases import FORM_WORDS, KIND_WORDS
from bot.sizes import PACK_SIZE
from bot.typos import IN_USE, misspelt

MODIFIER = re.compile(r"\b(?:for|with|without|in|that|which|made|suitable|good for|to go with|"
                      r"to have with|like)\b", re.IGNORECASE)
WORD = re.compile(r"[a-z][a-z'-]*")
# A property said after the head: "dishwashing liquid, the lemon one" is a liquid.
THE_X_ONE = re.compile(r",\s*(?:the|a|an)\s+[\w\s'-]+?\s+(?:one|ones|kind|type|variety|"
                       r"flavou?r|version)\s*[.!?]*$", re.IGNORECASE)
# Words before the head that are no modifier: "looking for a pressure cooker for 600".
# Chat before the head says nothing of the kind: "ok, also need paper plates".
LEAD_IN = re.compile(r"^\s*(?:(?:ok(?:ay)?|also|and|plus|oh|hi|hey|so|right)[,!.]?\s+)*"
                     r"(?:(?:(?:i'?m|im|i am|we'?re|just)\s+)?(?:looking|searching|shopping|"
                     r"hunting)\s+for\s+|in the market for\s+|(?:(?:i|we)\s+)?(?:also\s+)?"
                     r"(?:need|want|would like|'d like|am after|gotta get|have to get)\s+)?",
                     re.IGNORECASE)
# What the thing comes in, before what it is: "a few bottles of pop", "a box of tissues"
# (the kind is the pop, not bottles)
CONTAINER_OF = re.compile(r"\b(?:bottles?|packets?|packs?|boxes|box|bags?|jars?|tins?|cans?|"
                          r"cartons?|sachets?|pouch(?:es)?|tubs?|crates?|cases?|"
                          r"dozen)\s+of\s+(?=[a-z])"
                          # "a dry fruit gift box": dry fruit, boxed as a gift
                          r"|(?<=[a-z] )gift\s+(?:box(?:es)?|packs?|hampers?|sets?)\b",
                          re.IGNORECASE)
# What a thing is for, said last in a word: "coconut oil for hair", "a wash for the face"
# (not what is done with it: "coconut oil for cooking" is a coconut oil)
FOR_USE = re.compile(r"\bfor (?:my |the |your |our |a |an )?(?P<use>[a-z]+(?<!ing))"
                     r"(?=\s*(?:$|[,.!?]|(?:under|below|within|upto|up to|around|pls|please|"
                     r"and|with)\b))", re.IGNORECASE)
# Words in kind names that say little about what the thing is.
WEAK_WORDS = {"and", "other", "product", "need", "care", "accessory", "item", "food", "fresh",
              "organic", "non", "ready", "party", "health", "gourmet", "premium", "luxury", "all",
              "international", "imported", "exotic", "purpose", "indian", "festive", "more", "the",
              "new", "special", "free", "mix", "cut", "pack", "packed", "gift", "healthy",
              "flavoured", "frozen", "salted", "roasted", "dried", "assorted", "mixed", "natural",
              "pure", "plain", "spicy", "baked", "big", "small", "hot", "cold", "best", "good",
              "nice", "some", "any", "home", "something", "anything", "stuff", "thing", "kid",
              "children", "baby", "men", "women",
              # function words some kind names have ("Ready To Cook & Eat", "Ready To Fry")
              "to", "of", "in", "on", "at", "by", "from", "with", "for", "or", "n"}
# Words that say little of what a thing is, but narrow it where the catalog has such kinds
# ("organic toor dal": Organic Dals & Pulses)
QUALIFIERS = frozenset({"organic", "gourmet", "imported", "international", "exotic", "frozen"})
# Words that do not make a product's name with the word beside them ("for the").
PAIR_STOPS = {"for", "the", "and", "with", "some", "any", "pls", "please", "need", "want",
              "got", "get", "you", "your", "our", "their", "this", "that", "these", "those"}
# A head that says no more than "something": the kind is in what follows ("whats good for
# cleaning the toilet bowl", "stuff for making dosa").
GENERIC_HEAD = re.compile(r"^\W*(?:(?:what(?:'?s| is| are)|whats|which|any|some|anything|"
                          r"something|stuff|things?|good|best|nice|got|need|want|i|we|a|an|"
                          r"the|u|you|have|do|is|there|recommend|suggest)\W*)+$", re.IGNORECASE)
# Where the first sentence ends: its head is the request's ("got any courgettes? doing a
# pasta bake")
SENTENCE_END = re.compile(r"[?!]+\s+|\.\s+")
# Words that name no product, whatever products have them in their names ("cheaper ones
# please")
NO_PRODUCT = {"one", "ones", "please", "pls", "plz", "thanks", "thank", "more", "other", "others",
              "else", "same", "kind", "sort", "type", "version", "lot", "bit", "things", "them",
              "those", "these", "it", "again", "instead", "too", "also", "just", "really",
              "very", "cheaper", "pricier", "bigger", "smaller", "better", "new", "old",
              "something", "anything", "stuff", "thing", "show", "see", "get", "buy", "order",
              "brand", "brands", "option", "options", "choice", "choices"}
FREE_OF_IT = frozenset({"free", "less"})  # "sugar free", "sugar less": without the thing
EMPTY: Counter[str] = Counter()
TOKEN = re.compile(r"\w+")
NUMBERED = re.compile(r"\b\d+\s*[a-z]+\b", re.IGNORECASE)  # "5 Star", "7 Up"
THE_X = {"one", "ones", "kind", "type", "variety", "version", "flavour", "flavor", "sort"}
MIN_TYPO = 6  # letters a word needs before a misspelling of a kind word is read
MIN_SHORT_TYPO = 5  # ... or before one letter off a product's word is, when it is no word in use
KIND_TYPO = 88  # spelling similarity for a misspelt kind word ("deodrant")
TITLE_HITS = 3  # products named with a phrase for it to say which kinds they are
TITLE_SHARE = 0.8  # the kinds that hold this share of those products
# A word names products when this many products have it in their names for each that has it
# in its description: "peas" (11 to 20), not "perfect" (7 to 794) or "look" (2 to 289)
NAMING_SHARE = 0.2


@dataclass(frozen=True)
class KindMatch:
    """The kind a request asks for: a field, the catalog's values for it, the word said."""

    field: str
    values: tuple[str, ...]
    said: str
    # A kind word just before it that names no kind with it ("coffee" in "coffee beans"):
    # whether the request means its kinds or the head's is left to the meaning.
    modifier: str = ""

    @property
    def filter(self) -> str:
        return f"{self.field}={'|'.join(self.values)}"


def _key(name: str) -> str:
    return " ".join(stem(w) for w in WORD.findall(name.lower()))


def _key_kept(phrase: str) -> str:
    """`phrase` as products' names are kept, digits too ("5 stars": "5 star")."""
    return " ".join(stem(w) for w in TOKEN.findall(phrase.lower()))


def stem(word: str) -> str:
    """A word's form for matching: 'cookies' and 'cookie', 'boxes' and 'box' agree."""
    w = word.lower().strip("'-")
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w.endswith("i"):
        w = w[:-1] + "y"
    return w


# (compared with words' stems: "home" is "hom")
WEAK = frozenset(WEAK_WORDS | {stem(w) for w in WEAK_WORDS})
FREE_STEMS = frozenset(stem(w) for w in FREE_OF_IT)  # as titles are kept: "sugar fre mint"

MEN = re.compile(r"\b(?:men|man|male|husband|hubby|boyfriend|bf|dad|father|son|brother|"
                 r"him|his|he|guy|guys|grandpa|uncle)\b", re.IGNORECASE)
WOMEN = re.compile(r"\b(?:women|woman|female|wife|wifey|girlfriend|gf|mum|mom|mother|"
                   r"daughter|sister|her|she|girl|girls|grandma|aunt|ladies)\b", re.IGNORECASE)


def _for_whom(text: str) -> Callable[[str], bool]:
    """Kinds named for the other sex than the one `text` is for ("deodorant for my
    husband": the women's); none when it says neither, or both."""
    men, women = bool(MEN.search(text)), bool(WOMEN.search(text))
    if men == women:
        return lambda kind: False
    other = re.compile(r"\bwomen'?s\b" if men else r"\bmen'?s\b", re.IGNORECASE)
    return lambda kind: bool(other.search(kind))


def _of_another_form(text: str) -> Callable[[str], bool]:
    """Kinds of another form ("Frozen Veg Snacks") than `text` asks for."""
    said = {stem(w) for w in WORD.findall(text.lower())}
    return lambda kind: any(stem(w) in FORM_WORDS and stem(w) not in said
                            for w in WORD.findall(kind.lower()))


def _not_of_the_form_said(text: str) -> Callable[[str], bool]:
    """Kinds not of the form `text` says ("frozen peas": roasted peas, not the frozen
    vegetables); none when it says no form."""
    said = {stem(w) for w in WORD.findall(text.lower())} & set(FORM_WORDS)
    return lambda kind: bool(said) and not said & {stem(w) for w in WORD.findall(kind.lower())}


def _refused(said: Sequence[str]) -> Callable[[str], bool]:
    """Kinds named with a word turned down (`said`: "chicken" in "pork ones, not chicken":
    no Chicken Sausages); a kind free of it stays ("Sugar Free" for "no sugar")."""
    refused = {stem(w) for phrase in said for w in WORD.findall(phrase.lower())} - WEAK

    def unwanted(kind: str) -> bool:
        words = {stem(w) for w in WORD.findall(kind.lower())}
        return bool(refused & words) and not words & {"free", "less", "without"}
    return unwanted


def _leaving_out(match: KindMatch | None, unwanted: Callable[[str], bool]
                 ) -> KindMatch | None:
    """`match` without the kinds `unwanted` says, unless only those are left."""
    if match is None:
        return None
    kept = tuple(k for k in match.values if not unwanted(k))
    return replace(match, values=kept) if kept else match


class KindIndex:
    """The kind values of a shop catalog, by the words in their names."""

    @classmethod
    def of(cls, items: Sequence[Item], kinds: Sequence[str], fields: Mapping[str, str],
           vocabulary: Mapping[str, Sequence[str]],
           centroids: Callable[[Sequence[str]], KindCentroids | None] | None = None,
           ) -> KindIndex | None:
        """The index of a catalog's single-valued kind fields below the broadest, or None
        when it has none (`kinds` broadest first, as bot/schema.py lists them);
        `centroids` builds the kinds' centroids for those fields, when embeddings exist."""
        single = [k for k in kinds if fields.get(k) == "str" and vocabulary.get(k)]
        if not single:
            return None
        narrowest = single[-1]
        named = [(i.title, v) for i in items
                 if isinstance(v := i.attributes.get(narrowest), str)]
        described = Counter(w for i in items
                            for w in {stem(w) for w in WORD.findall(i.description.lower())})
        return cls({k: vocabulary[k] for k in single}, named,
                   centroids(single) if centroids else None, described)

    def __init__(self, kinds: Mapping[str, Sequence[str]],
                 named: Sequence[tuple[str, str]] = (), centroids: KindCentroids | None = None,
                 described: Mapping[str, int] | None = None):
        """`kinds`: single-valued kind fields, broadest first, with their values; `named`:
        each product's title and its value of the narrowest kind field; `described`: how
        many products' descriptions have each word (stemmed). A kind named in full is read
        on any field ("beverages"); words of kind names, below the broadest."""
        self.described = described or {}
        self.centroids = centroids
        self.fields = list(kinds)
        self.narrowest = self.fields[-1]
        self.exact = {_key(v): (name, v) for name in reversed(self.fields)
                      for v in kinds[name]}  # the broadest spelling wins
        kinds = {k: v for k, v in kinds.items() if k != self.fields[0] or len(self.fields) == 1}
        self.named = [(" ".join(stem(w) for w in WORD.findall(title.lower())), value)
                      for title, value in named]
        # A kind is found by the last word of each part of its name first ("Glucose & Milk
        # Biscuits" is biscuits, and glucose: not milk), else by any word in its name.
        self.by_head: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.by_stem: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for name, values in kinds.items():
            for value in values:
                for word in {stem(w) for w in WORD.findall(value.lower())} - WEAK:
                    self.by_stem[word][name].append(value)
                for part in re.split(r"[&,/]| and ", value.lower()):
                    words = WORD.findall(part)
                    if words and (head := stem(words[-1])) not in WEAK:
                        self.by_head[head][name].append(value)
        # the narrowest kinds by every word of their names, weak words too ("organic")
        self._narrow_by_word: dict[str, set[str]] = defaultdict(set)
        for value in kinds.get(self.narrowest, ()):
            for word in WORD.findall(value.lower()):
                self._narrow_by_word[stem(word)].add(value)
        # the longer kind words, which a typo is read as
        self._typo_keys = sorted(k for k in self.by_stem if len(k) >= MIN_TYPO)
        # the kinds of the products named with each word (read once: a message asks about
        # several of its words), and the longer words, for a product called by its own name
        self._kinds_named: dict[str, Counter[str]] = defaultdict(Counter)
        self._titles_named: dict[str, list[int]] = defaultdict(list)  # word -> products
        for number, (title, value) in enumerate(self.named):
            words = TOKEN.findall(title)  # as `\b` parts them ("fabric-softener")
            # ("Sugar Free Mints" are no sugar: a word the title says it is free of)
            free = {w for w, after in itertools.pairwise(words) if after in FREE_STEMS}
            for word in set(words) - free:
                self._kinds_named[word][value] += 1
                self._titles_named[word].append(number)
        # (names with a number are kept apart: the words above are read without numbers)
        self._numbered = Counter(_key_kept(m.group(0)) for title, _ in named
                                 for m in NUMBERED.finditer(title))
        self._titles_with = Counter(w for title, _ in self.named for w in set(title.split()))
        self._product_words = sorted(w for w in self._titles_with
                                     if len(w) >= MIN_TYPO and w.isalpha())
        # the words products are named with, as typed most ("cheese" for "chees")
        typed = Counter(w for title, _ in named for w in WORD.findall(title.lower()))
        self._spelt = {stem(w): w for w, _ in reversed(typed.most_common())}
        self._short_words = sorted(w for w in self._titles_with
                                   if MIN_SHORT_TYPO - 1 <= len(w) < MIN_TYPO and w.isalpha())
        self._slips: dict[str, str] = {}  # word -> the word it is, read once
        # Other places' words for kinds this catalog names in its own ("crisps": chips)
        # (or in the words its products are named with: "hing" for asafoetida)
        self._other_words = [
            (re.compile(rf"\b{re.escape(typed)}\b", re.IGNORECASE), meant)
            for typed, meant in KIND_WORDS.items()
            if not self._knows(typed) and (self._knows(meant) or (
                " " not in meant and stem(meant) in self._titles_with))]

    def read(self, text: str, refused: Sequence[str] = ()) -> KindMatch | None:
        """The kind the head of `text` asks for, or None when it names none (a kind named
        only in a modifier, "something for the skin", is a property: it ranks, not filters).
        A request that opens with its modifier ("for my kids, some snacks") has its head
        after the comma. A kind called otherwise where the catalog comes from ("crisps"
        for chips) is read in the catalog's word, and said as typed; one named with a word
        `refused` is left out."""
        match = self._qualified(self._read(self.in_catalog_words(text)), text)
        for unwanted in (_of_another_form(text), _for_whom(text), _not_of_the_form_said(text),
                         _refused(refused)):
            match = _leaving_out(match, unwanted)
        return self._as_typed(match, text)

    def _qualified(self, match: KindMatch | None, text: str) -> KindMatch | None:
        """The kinds of `match` a qualifier said narrows it to, where the catalog names such
        kinds ("organic toor dal": Organic Dals & Pulses, not every toor dal)."""
        if match is None:
            return None
        words = WORD.findall(match.said.lower())
        head = self._known_stem(words[-1]) if words else ""
        said = {stem(w) for w in WORD.findall(text.lower())}
        for qualifier in sorted(said & QUALIFIERS):
            kinds = self._narrow_by_word.get(qualifier, set()) & self._narrow_by_word.get(
                head, set())
            if kinds:
                return KindMatch(self.narrowest, tuple(sorted(kinds)), match.said)
        return match

    def names_a_product(self, text: str) -> bool:
        """Whether `text` names a kind or products in words ("shampoo", "refill"), read
        without its meaning: "show more", "compare", "add it to cart" name none."""
        text = self.in_catalog_words(text)
        return any(find(text) is not None
                   for find in (self._last_kind, self._named_phrase, self._named_word))

    def names_products(self, numbered: str) -> bool:
        """Whether products are named with a number and a word ("5 star": Cadbury 5 Star
        bars)."""
        return self._numbered[_key_kept(numbered)] >= TITLE_HITS

    def names_kinds(self, word: str) -> bool:
        """Whether kind names of the catalog have `word` ("powdered": Powdered Spices)."""
        return stem(word.lower()) in self.by_stem

    def named_in_words(self, text: str) -> KindMatch | None:
        """The kind `text` names in words, the last one named ("chips" in "spicy chips"),
        without reading its meaning (no embedding)."""
        return self._as_typed(self._last_kind(self.in_catalog_words(text)), text)

    def in_catalog_words(self, text: str) -> str:
        """`text` with another place's words for a kind in the catalog's ("courgettes":
        zucchini), and a product's word one letter off as the products spell it ("chese
        slices"; a word in use is no slip)."""
        for pattern, meant in self._other_words:
            text = pattern.sub(meant, text)
        return WORD.sub(self._spelt_right, text)

    def _spelt_right(self, found: re.Match[str]) -> str:
        word = found.group(0)
        if word not in self._slips:
            key, meant = stem(word), None
            if len(word) >= MIN_SHORT_TYPO and len(key) < MIN_TYPO and key not in self.by_stem \
                    and not self._titles_with[key] and zipf(word) < IN_USE:
                meant = misspelt(key, self._short_words, 100)  # (one edit: no nearness)
            self._slips[word] = self._spelt.get(meant, word) if meant else word
        return self._slips[word]

    def _as_typed(self, match: KindMatch | None, text: str) -> KindMatch | None:
        if match is None or match.said.lower() in text.lower():
            return match
        said = match.said
        for pattern, meant in self._other_words:
            if found := pattern.search(text):
                said = re.sub(rf"\b{re.escape(meant)}\b", found.group(0), said, flags=re.I)
        return replace(match, said=said)

    def _knows(self, phrase: str) -> bool:
        """Whether one kind name of the catalog has every word of `phrase` ("dish soap":
        no kind is both, though "Baby Dishes" and "Bathing Soaps" each have one)."""
        kinds = [{v for values in self.by_stem.get(stem(w), {}).values() for v in values}
                 for w in WORD.findall(phrase.lower())]
        return bool(kinds) and bool(set.intersection(*kinds))

    def _read(self, text: str) -> KindMatch | None:
        # (a size says nothing of the kind: "atta, 5 kg" fitted the rice combos of 5 kg)
        text = PACK_SIZE.sub(" ", CONTAINER_OF.sub("", THE_X_ONE.sub("", LEAD_IN.sub("", text))))
        first = SENTENCE_END.split(text, maxsplit=1)[0]
        if self._last_kind(first) or self._named_phrase(first) or self._named_word(first):
            text = first
        head, *after = MODIFIER.split(text, maxsplit=1)
        if GENERIC_HEAD.match(head) and after:
            head = MODIFIER.split(after[0], maxsplit=1)[0]  # "stuff for making dosa"
        if not WORD.search(head) and "," in text:
            head = MODIFIER.split(text.split(",", 1)[1], maxsplit=1)[0]
        elif "," in head and self._last_kind(head.split(",", 1)[0]) is not None:
            head = head.split(",", 1)[0]  # "a broom and dustpan, the mop i already have"
        match = (self._last_kind(head) or self._named_phrase(head)
                 or self._named_word(head.split(",", 1)[0]))
        if match is not None and (use := FOR_USE.search(text)) is not None:
            # "coconut oil for hair": hair oil, a kind the catalog names so, not cooking oil
            pair = self._last_kind(f"{use.group('use')} {WORD.findall(match.said.lower())[-1]}")
            if pair is not None and " " in pair.said and not set(pair.values) <= set(
                    match.values):  # ("shampoo for dandruff" is the shampoo it was)
                match = pair
        if self.centroids is None or not WORD.search(text.lower()):
            return match
        if match is not None and _key(match.said) in self.exact:
            return self._exactly(text, match)
        if match is None:
            if not any(w not in NO_PRODUCT | PAIR_STOPS and stem(w) not in WEAK
                       for w in WORD.findall(text.lower())):
                return None  # "any other brand?" names no product: its meaning is none
            kind = self.centroids.clearly(text)
            said = head.strip() or text.strip()
            return KindMatch(self.centroids.field, (kind,), said) if kind else None
        fitting = self.centroids.fitting(text, self._allowed(match))
        if match.modifier:  # "coffee beans" are coffee: the modifier's kinds fit far better
            found = self.by_stem[stem(match.modifier)]
            instead = self.centroids.fitting(text, [(f, v) for f, vs in found.items() for v in vs])
            if self.centroids.better(text, instead, fitting):
                return KindMatch(self.centroids.field, instead, match.modifier)
        return KindMatch(self.centroids.field, fitting, match.said) if fitting else match

    def _exactly(self, text: str, match: KindMatch) -> KindMatch:
        """A kind named as the catalog names it is all of that kind; of the kinds that
        are the same thing but for a general word, those the request means."""
        if self.centroids is None or match.field != self.narrowest or len(match.values) < 2:
            return match
        named, *alike = match.values
        fitting = self.centroids.fitting(text, [(match.field, v) for v in match.values])
        return KindMatch(match.field, (named, *(v for v in alike if v in fitting)), match.said)

    def _allowed(self, match: KindMatch) -> list[tuple[str, str]]:
        """The kinds a match allows; a single word allows every kind with that word in
        its name, on any field ("plates": the disposable ones too, not only crockery),
        and the kinds of the products named with it ("dog shampoo" is a pet product). A word
        that one part of a broad kind's name has ("Spreads, Sauces, Ketchup") but that
        names its own products' kinds ("Tomato Ketchup & Sauces") allows only those."""
        allowed = [(match.field, v) for v in match.values]
        if " " not in match.said and (key := stem(match.said)) in self.by_stem:
            if own := self._own_kinds(key):
                return [(self.narrowest, v) for v in own]
            found = self.by_head.get(key) or self.by_stem[key]
            allowed += [(field, v) for field, values in found.items() for v in values]
            allowed += [(self.narrowest, v) for v in self._named(key, share=1.0, each=TITLE_HITS)]
        return allowed

    def _last_kind(self, text: str) -> KindMatch | None:
        words = WORD.findall(text.lower())
        for n in range(len(words) - 1, -1, -1):
            if n + 1 < len(words) and words[n + 1] in FREE_OF_IT:
                continue  # "sugar free ones": free of sugar, no sugar asked for
            for size in (3, 2, 1):  # a kind named in full ends here
                said = " ".join(words[max(n - size + 1, 0):n + 1])
                if _key(said) in self.exact:
                    # ("coconut milk": a kind has both words, not "Milk")
                    if size == 1 and (pair := self._both(words, n)) is not None:
                        return pair
                    field, value = self.exact[_key(said)]
                    return KindMatch(field, (value, *self._plainly(_key(said), field, value)),
                                     said)
            key = self._known_stem(words[n])
            if key in WEAK or key not in self.by_stem:
                continue
            found = self.by_head.get(key) or self.by_stem[key]
            if (pair := self._both(words, n)) is not None:
                return pair
            if n > 0 and (before := self._known_stem(words[n - 1])) not in WEAK:
                said = f"{words[n - 1]} {words[n]}"
                # "face wash": what such products are ("soap dish": one product, one kind)
                named = self._named_or_only(f"{before} {key}")
                if named:
                    return KindMatch(self.narrowest, named, said)
            if own := self._own_kinds(key):
                return KindMatch(self.narrowest, own, words[n])
            field = next(f for f in self.fields if f in found)  # the broadest with the word
            modifier = words[n - 1] if n > 0 and stem(words[n - 1]) in self.by_stem else ""
            return KindMatch(field, tuple(found[field]), words[n], modifier)
        return None

    def _both(self, words: Sequence[str], n: int) -> KindMatch | None:
        """The kinds named with both `words[n - 1]` and `words[n]` ("green tea"), on the
        narrowest field that has them together."""
        key = self._known_stem(words[n])
        if n == 0 or key not in self.by_stem or (
                before := self._known_stem(words[n - 1])) in WEAK:
            return None
        found = self.by_head.get(key) or self.by_stem[key]
        both = {f: [v for v in values if v in self.by_stem.get(before, {}).get(f, [])]
                for f, values in found.items()}
        narrow = [(f, values) for f, values in both.items() if values]
        if not narrow:
            return None
        field, values = narrow[-1]
        return KindMatch(field, tuple(values), f"{words[n - 1]} {words[n]}")

    def _known_stem(self, word: str) -> str:
        """`word`'s stem, or the kind word it is with -ing ("dishwashing": dishwash) or
        spelt a little wrong ("deodrant"; not a word products are named with)."""
        key = stem(word)
        if key in self.by_stem:
            return key
        if key.endswith("ing") and key[:-3] in self.by_stem:
            return key[:-3]
        if self._titles_with[key] >= 2:
            return key  # a word products are named with is no typo ("dosa batter")
        if len(key) >= MIN_TYPO and (meant := misspelt(key, self._typo_keys, KIND_TYPO)):
            return meant
        return key

    def _own_kinds(self, key: str) -> tuple[str, ...]:
        """The narrowest kinds that have the word `key` in their names and hold most of
        the products named with it, when there are such: "ketchup" is one part of
        "Spreads, Sauces, Ketchup", and what the products called ketchup are."""
        named = self._named(key)
        return named if named and set(named) <= set(self.by_stem[key].get(self.narrowest, ())) \
            else ()

    def _named_phrase(self, text: str) -> KindMatch | None:
        """The kinds of the products named with two words of `text` that name no kind
        ("cat food": the kinds most products called cat food are), the last such pair."""
        words = WORD.findall(text.lower())
        for n in range(len(words) - 1, 0, -1):
            pair = (words[n - 1], words[n])
            if any(len(w) < 3 or w in PAIR_STOPS for w in pair) or all(
                    stem(w) in WEAK for w in pair):
                continue
            if named := self._named(" ".join(stem(w) for w in pair)):
                return KindMatch(self.narrowest, named, " ".join(pair))
        return None

    def _named_word(self, text: str) -> KindMatch | None:
        """The kinds of the products named with one word of `text` that names no kind
        ("frozen peas", "mozarella", "a scrubber"), the last such word; a product word
        spelt a little wrong is read as the catalog spells it."""
        words = WORD.findall(text.lower())
        if words and words[-1] in THE_X:
            return None  # "the unsalted one": a property of the products shown
        for word in reversed(words):
            key = stem(word)
            if len(key) < 3 or WEAK & {key, word} or word in PAIR_STOPS | NO_PRODUCT:
                continue
            if len(key) >= MIN_TYPO and (meant := misspelt(key, self._product_words, KIND_TYPO)):
                key = meant
            if self._titles_with[key] < NAMING_SHARE * self.described.get(key, 0):
                continue  # a word descriptions use, not a name: "looks good", "perfect"
            if named := self._named_or_only(key):
                return KindMatch(self.narrowest, named, word)
        return None

    def _plainly(self, key: str, field: str, named: str) -> list[str]:
        """Other kinds of the field that are the same thing but for a general word
        ("International Chocolates", "Luxury Chocolates, Gifts" beside "Chocolates")."""
        return [v for v in self.by_head.get(key, {}).get(field, []) if v != named and any(
            [stem(w) for w in WORD.findall(part) if stem(w) not in WEAK] == [key]
            for part in re.split(r"[&,/]| and ", v.lower()))]

    def _named_or_only(self, phrase: str) -> tuple[str, ...]:
        """`_named`, or the one kind of the few products named with `phrase`, when they
        are all of one ("soap dish", "zucchini")."""
        counts = self._counts(phrase)
        return self._named(phrase, counts=counts) or (tuple(counts) if len(counts) == 1 else ())

    def _counts(self, phrase: str) -> Counter[str]:
        """Of the products with `phrase` (stemmed) in their names, how many of each kind."""
        words = TOKEN.findall(phrase)
        if [phrase] == words:
            return self._kinds_named.get(phrase, EMPTY)
        # the products with every word of it, then those with the words together
        having = set.intersection(*(set(self._titles_named.get(w, ())) for w in words)) \
            if words else set()
        pattern = re.compile(rf"\b{re.escape(phrase)}\b")
        return Counter(self.named[n][1] for n in sorted(having)  # in the catalog's order
                       if pattern.search(self.named[n][0]))

    def _named(self, phrase: str, share: float = TITLE_SHARE, each: int = 1,
               counts: Counter[str] | None = None) -> tuple[str, ...]:
        """The kinds that hold `share` of the products with `phrase` (stemmed) in their
        names (each kind at least `each` of them); `counts`, when read already."""
        counts = self._counts(phrase) if counts is None else counts
        total = sum(counts.values())
        if total < TITLE_HITS:
            return ()
        chosen, covered = [], 0
        for value, count in counts.most_common():
            if covered >= share * total or count < each:
                break
            chosen.append(value)
            covered += count
        return tuple(chosen)
