"""Finding catalog items by the title a person types: forgiving, but not careless.

People write "the matrix" for MovieLens' "Matrix, The (1999)", "toy storey" for
"Toy Story", and leave out the year. Titles are normalised (lower case,
punctuation dropped, a trailing ", The" moved to the front, the year split off,
"a.k.a." names kept as aliases) and matched exactly first, then fuzzily with
rapidfuzz. Numbers must agree ("Toy Story 2" is not "Toy Story"), and among
equally good matches the more popular item wins.

Products are found the same way by `TitleIndex.products`, with the brand as part
of the name ("dove face wash" finds "Deep Cleansing Face Wash" by Dove), in any
word order; a number the person typed must be in the name ("basmati rice 5 kg" is
never the 1 kg pack).

    >>> titles = TitleIndex([("2571", "Matrix, The (1999)"), ("1", "Toy Story (1995)")])
    >>> titles.match("The Matrix").item_id
    '2571'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from bot.catalog import Item

YEAR = re.compile(r"\((\d{4})(?:[-–]\d{0,4})?\)\s*$")
ALIAS = re.compile(r"\((?:a\.k\.a\.|aka)\s+([^)]*)\)", re.IGNORECASE)
FOREIGN = re.compile(r"\(([^)]*)\)")
SUBTITLE_WORDS = 3  # a subtitle this long names its film alone
MOVED_ARTICLE = re.compile(r"^(.*), (the|a|an|les|la|le|l'|il|el|der|die|das)$", re.IGNORECASE)
DISPLAY_ARTICLE = re.compile(r"^(?P<main>[^(]*?), (?P<article>The|A|An|Les|La|Le|L'|Il|El|Der|Die|"
                             r"Das)(?P<rest>\s*\(.*\))?$")
NON_WORD = re.compile(r"[^\w\s]")
NUMBER = re.compile(r"\b\d+\b")
ROMAN = {"ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}
# "john wick chapter 2" is "John Wick: Chapter Two" (but "the last 5 years" is no "The Last
# Five Years": only a part's number is read as a digit)
PART_NUMBER = re.compile(r"\b(chapter|part|episode|volume|vol)\s+(two|three|four|five|six|seven|"
                         r"eight|nine|ten)\b")
APOSTROPHE = re.compile(r"['’]")
INITIALS = re.compile(r"\b(?:\w\.){2,}")  # "L.A.", "M.B.B.S."
# "E.T. the Extra-Terrestrial" is "E.T." for short ("U.S. vs. John Lennon" is no "us")
LEADING_INITIALS = re.compile(r"^((?:[A-Za-z]\.){2,})\s+the\s+\S+", re.IGNORECASE)
EPISODE_NAME = re.compile(r"^(?:episode|part|chapter|vol(?:ume)?\.?)\s+\w+\s*[-–:]\s*(.+)$",
                          re.IGNORECASE)
A_SIZE = re.compile(r"^\s*\d[\d.,]*\s*[a-zA-Z]{0,5}\s*$")  # "500G", "1 Kg", "2 pcs"
NUMBER_WORDS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                "eight": "8", "nine": "9", "ten": "10"}
MIN_SCORE = 86  # fuzzy matches below this are not offered as the same title
MENTION_SCORE = 88  # spelling similarity for a title found inside a sentence
NEAR_MIN_CHARS = 6  # a misspelt title inside a sentence is this long, article aside
ARTICLES = ("the ", "a ", "an ")
PRODUCT_SCORE = 80  # word-set similarity for a product named loosely
CLOSEST_SCORE = 60  # "did you mean" for a title the catalog lacks
PART_SHARE = 0.9  # of a partial match's score, for a title typed in part
SEQUEL_SCORE = 90  # a title typed that begins with a catalog title, or begins one
ALIKE_SCORE = 65  # spelling similarity of the whole, for a "did you mean" with no word shared


@dataclass(frozen=True)
class TitleMatch:
    item_id: str
    title: str  # as the catalog writes it
    score: float  # 100 for an exact (normalised) match
    said: str = ""  # the words of the message that named it (for `mentions`)


def split_year(title: str) -> tuple[str, int | None]:
    """'Toy Story (1995)' -> ('Toy Story', 1995)."""
    match = YEAR.search(title)
    if not match:
        return title.strip(), None
    return title[: match.start()].strip(), int(match.group(1))


def display_title(title: str) -> str:
    """The title as people write it: 'Matrix, The (1999)' -> 'The Matrix (1999)'."""
    core, year = split_year(title)
    moved = DISPLAY_ARTICLE.match(core)
    if moved:
        core = f"{moved.group('article')} {moved.group('main')}{moved.group('rest') or ''}"
    return f"{core} ({year})" if year else core


def normalise(text: str) -> str:
    """Lower case, accents and punctuation dropped (apostrophes and the dots of initials
    without a space: "pans", "la confidential"), ', The' moved to the front, 'II' and
    'chapter two' -> 'chapter 2'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).strip()
    moved = MOVED_ARTICLE.match(text)
    if moved:
        text = f"{moved.group(2)} {moved.group(1)}"
    text = PART_NUMBER.sub(lambda m: f"{m.group(1)} {NUMBER_WORDS[m.group(2)]}", text.lower())
    text = APOSTROPHE.sub("", text)  # "pan's" is "pans"
    text = INITIALS.sub(lambda m: m.group(0).replace(".", ""), text)  # "M.B.B.S." is "mbbs"
    words = NON_WORD.sub(" ", text.replace("&", " and ")).split()
    return " ".join(ROMAN.get(w, w) for w in words)


def title_keys(title: str) -> list[str]:
    """Every normalised name a catalog title answers to (main title and a.k.a. names)."""
    core, _ = split_year(title)
    keys = [m.group(1) for m in ALIAS.finditer(core)]
    core = ALIAS.sub("", core)
    keys += [m.group(1) for m in FOREIGN.finditer(core)  # "Amelie (Fabuleux destin...)"
             if not A_SIZE.match(m.group(1))]  # a product's "(500G)" names nothing
    main = FOREIGN.sub("", core)
    keys.insert(0, main)
    if (initials := LEADING_INITIALS.match(main)) is not None:
        keys.append(initials.group(1))
    if ":" in main:  # "Star Wars: Episode IV - A New Hope" also answers to "Star Wars"
        series, subtitle = main.split(":", 1)
        if re.search(r"[^\W\d_]{2}", series):  # "3:10 to Yuma" is no film called "3"
            keys.append(series)
        moved = MOVED_ARTICLE.match(subtitle.strip())  # the whole title's ", The"
        subtitle = moved.group(1) if moved else subtitle
        if len(subtitle.split()) >= SUBTITLE_WORDS:  # and "The Fellowship of the Ring" to
            keys.append(subtitle)  # its "Lord of the Rings: ...", but no "Part 2" to any
        if (named := EPISODE_NAME.match(subtitle.strip())) and \
                len(named.group(1).split()) >= SUBTITLE_WORDS:  # "Episode V - The Empire
            keys.append(named.group(1))  # Strikes Back" answers to "The Empire Strikes Back"
    return [k for k in dict.fromkeys(normalise(k) for k in keys) if k]


class TitleIndex:
    """Catalog titles, ready to be matched against what a person typed."""

    def __init__(self, items: Iterable[tuple[str, str]],
                 popularity: Mapping[str, float] | None = None,
                 brands: Mapping[str, str] | None = None):
        self.titles: dict[str, str] = {}
        self.years: dict[str, int | None] = {}
        self.by_key: dict[str, list[str]] = {}
        for item_id, title in items:
            self.titles[item_id] = title
            self.years[item_id] = split_year(title)[1]
            for key in title_keys(title):
                self.by_key.setdefault(key, []).append(item_id)
        self.keys = list(self.by_key)
        # Keys by the first letter of their first word after an article: a typo rarely
        # changes it, and a sentence's many spans are then compared with 1/26 of the keys.
        self.by_initial: dict[str, list[str]] = {}
        for key in self.keys:
            self.by_initial.setdefault(_content(key)[:1], []).append(key)
        self.popularity = dict(popularity or {})
        self.brands = dict(brands or {})

    @classmethod
    def of(cls, items: Sequence[Item]) -> TitleIndex:
        """The index of a catalog's items, with their popularity and brand if they have one."""
        popularity = {i.id: float(count) for i in items
                      if isinstance(count := i.attributes.get("popularity"), (int, float))}
        brands = {i.id: brand for i in items
                  if isinstance(brand := i.attributes.get("brand"), str)}
        return cls(((i.id, i.title) for i in items), popularity, brands)

    def __len__(self) -> int:
        return len(self.titles)

    @cached_property
    def _named_in_full(self) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        """Titles with a second name in brackets ("Shanghai Triad (Yao a yao yao dao waipo
        qiao) (1995)"), as the catalog and as a reply write them: each answers to its main
        name and year, which the rest of the reading knows."""
        plain: dict[str, str] = {}
        for title in self.titles.values():
            core, year = split_year(title)
            main = FOREIGN.sub("", ALIAS.sub("", core)).strip()
            if main == core or not main:
                continue
            short = display_title(f"{main} ({year})" if year else main)
            for form in {title, display_title(title)}:
                plain.setdefault(form.lower(), short)
                plain.setdefault(split_year(form)[0].lower(), short)
        if not plain:
            return None, plain
        forms = sorted(plain, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, forms)), re.IGNORECASE), plain

    def plain(self, message: str) -> str:
        """The message with every title typed in full with its second name ("Shanghai Triad
        (Yao a yao yao dao waipo qiao) (1995)", copied from a reply) written by its main name
        and year ("Shanghai Triad (1995)"): brackets and a long foreign name are not read as
        a year, a budget or words to search."""
        if "(" not in message:
            return message
        pattern, plain = self._named_in_full
        if pattern is None:
            return message
        return pattern.sub(lambda m: plain[m.group(0).lower()], message)

    def mentions(self, message: str, *, max_words: int = 12) -> list[TitleMatch]:
        """Titles named in a free-text message ("I loved toy storey and The Matrix"), in the
        order written. Exact names are found first (longest first), then near-spellings of
        two words or more. A one-word title counts only when capitalised or quoted, so "up"
        and "it" in a sentence are not the films Up and It."""
        words = re.findall(r"(?:[A-Za-z]\.){2,}|[\w'&:-]+|\"[^\"]+\"", message)  # ("E.T.")
        used = [False] * len(words)
        found: dict[str, tuple[int, TitleMatch]] = {}
        for exact in (True, False):
            for size in range(min(max_words, len(words)), 0 if exact else 1, -1):
                for start in range(len(words) - size + 1):
                    span = words[start:start + size]
                    # (three words and more named exactly are the title whatever their
                    # edges: "a brief history of time")
                    if any(used[start:start + size]) \
                            or (_edge_is_stopword(span) and not (exact and size >= 3)) \
                            or (size == 1 and not _named(span[0])):
                        continue
                    text = " ".join(w.strip('"') for w in span)
                    match = self._exact(text) if exact else self._near(text)
                    if match is not None and match.item_id not in found:
                        found[match.item_id] = (start, replace(match, said=text))
                        used[start:start + size] = [True] * size
        return [match for _, match in sorted(found.values(), key=lambda f: f[0])]

    def near(self, text: str) -> TitleMatch | None:
        """The title `text` is, spelt a little wrong ("gladiater", "empire strikes back"
        without its article), or None."""
        match = self._near(text)
        return replace(match, said=text) if match is not None else None

    def _near(self, text: str) -> TitleMatch | None:
        key = normalise(text)
        content = _content(key)
        if len(content) < NEAR_MIN_CHARS - 1:
            return None
        hit = process.extractOne(key, self.by_initial.get(content[:1], []), scorer=fuzz.ratio,
                                 score_cutoff=MENTION_SCORE)
        # "the whole" is not a typo of "The Hole": short titles must be spelt right.
        if hit is None or _numbers(hit[0]) != _numbers(key) \
                or len(_content(hit[0])) < NEAR_MIN_CHARS:
            return None
        return self._best_of(hit[0], float(hit[1]))

    def exact(self, text: str) -> TitleMatch | None:
        """The title `text` names exactly (as normalised), any case; with a year in brackets
        ("Heat (1995)"), the item of that year."""
        core, year = split_year(text)
        if year is None or not core:
            return self._exact(text)
        key = normalise(core)
        ids = [i for i in self.by_key.get(key, []) if self.years.get(i) == year]
        if not ids:
            return None
        best = max(ids, key=lambda i: (self.popularity.get(i, 0.0), i))
        return TitleMatch(best, self.titles[best], 100.0)

    def _exact(self, text: str) -> TitleMatch | None:
        key = normalise(text)
        return self._best_of(key, 100.0) if key in self.by_key else None

    def _best_of(self, key: str, score: float) -> TitleMatch:
        """The most popular of the items a normalised title names."""
        best = max(self.by_key[key], key=lambda i: (self.popularity.get(i, 0.0), i))
        return TitleMatch(best, self.titles[best], score)

    def match(self, text: str, year: int | None = None) -> TitleMatch | None:
        """The item a typed title most likely means, or None when nothing is close enough."""
        found = self.candidates(text, year=year, limit=1)
        return found[0] if found else None

    def candidates(self, text: str, *, year: int | None = None, limit: int = 5
                   ) -> list[TitleMatch]:
        """Best matches first. A year in `text` ("Heat (1995)") or `year` must agree."""
        core, typed_year = split_year(text)
        year = year or typed_year
        key = normalise(core)
        if not key:
            return []
        scored: dict[str, float] = {}
        for item_id in self.by_key.get(key, []):
            scored[item_id] = 100.0
        if len(scored) < limit and len(key) >= 3:
            for other, score, _ in process.extract(key, self.keys, scorer=fuzz.WRatio,
                                                   limit=limit + 10, score_cutoff=MIN_SCORE):
                if _numbers(other) != _numbers(key) or not _similar_length(key, other):
                    continue
                for item_id in self.by_key[other]:
                    scored.setdefault(item_id, float(score))
        if year is not None:
            scored = {i: s for i, s in scored.items() if self.years.get(i) in (year, None)}
        ranked = sorted(scored, key=lambda i: (-scored[i], -self.popularity.get(i, 0.0), i))
        return [TitleMatch(i, self.titles[i], scored[i]) for i in ranked[:limit]]


    def closest(self, text: str, limit: int = 3) -> list[TitleMatch]:
        """The titles nearest to one the catalog lacks ("Zorblax Returns"), for "did you
        mean": looser than `candidates`, best first, the more popular among equals."""
        key = normalise(split_year(text)[0])
        if not key:
            return []
        # Spelt like it as a whole, or sharing its words: not a short title found inside it
        # by a partial match ("Pi" in "spiderverse"), nor sequels sharing only a "2"
        candidates = {other for scorer in (_closeness, fuzz.WRatio) for other, _, _ in
                      process.extract(key, self.keys, scorer=scorer, limit=limit * 8,
                                      score_cutoff=CLOSEST_SCORE)}
        found: dict[str, TitleMatch] = {}
        for score, other in sorted((-_closeness(key, o), o) for o in candidates):
            if _alike(key, other):
                match = self._best_of(other, -score)
                found.setdefault(match.item_id, match)
        ranked = sorted(found.values(), key=lambda m: (-m.score,
                                                      -self.popularity.get(m.item_id, 0.0)))
        return ranked[:limit]

    def products(self, phrase: str, limit: int = 3) -> tuple[list[str], bool]:
        """Products by the name a person types, best first, and whether the best one is
        clear: the whole name exactly, else title and brand in any order, typos too."""
        key = normalise(phrase)
        if not key:
            return [], False
        if key in self._by_name:
            found = self._by_name[key]
            return found[:limit], len(found) == 1
        names, ids = self._product_names
        typed = set(_numbers(key))
        hits = process.extract(key, names, scorer=fuzz.token_set_ratio,
                               score_cutoff=PRODUCT_SCORE, limit=200)
        ranked = sorted(((score, fuzz.token_sort_ratio(key, names[n]), n) for _, score, n in hits
                         if typed <= set(_numbers(names[n]))), reverse=True)
        if not ranked:
            return [], False
        clear = len(ranked) == 1 or ranked[0][0] >= ranked[1][0] + 5 or (
            ranked[0][0] == ranked[1][0] and ranked[0][1] >= ranked[1][1] + 15)
        return [ids[n] for _, _, n in ranked[:limit]], clear

    @cached_property
    def _by_name(self) -> dict[str, list[str]]:
        """Whole normalised titles (no alias or shortened form: "tea" is not "Tea: Green")."""
        names: dict[str, list[str]] = {}
        for item_id, title in self.titles.items():
            names.setdefault(normalise(title), []).append(item_id)
        return names

    @cached_property
    def _product_names(self) -> tuple[list[str], list[str]]:
        """Each item's title and brand as one name to match loosely, and the item ids."""
        names, ids = [], []
        for item_id, title in self.titles.items():
            brand = self.brands.get(item_id)
            names.append(f"{normalise(title)} {normalise(brand)}" if brand else normalise(title))
            ids.append(item_id)
        return names, ids


STOPWORDS = {"a", "an", "the", "and", "or", "but", "i", "me", "my", "you", "it", "is", "was",
             "to", "of", "in", "on", "for", "with", "like", "liked", "love", "loved", "loves",
             "really", "very", "so", "some", "something", "more", "also", "too", "as", "that",
             "this", "watched", "seen", "enjoyed", "favourite", "favorite", "movies", "films",
             "are", "were", "be", "been", "favourites", "favorites", "movie", "film", "one",
             "ones", "all", "time", "kids", "kid", "will", "would", "want", "please",
             # as texted: "roommates r bored" (are), "me n him" (and), "u", "ur"
             "r", "n", "u", "ur", "im", "pls", "plz"}


def _edge_is_stopword(span: list[str]) -> bool:
    first, last = span[0].strip('"').lower(), span[-1].strip('"').lower()
    if span[0].startswith('"') and span[-1].endswith('"'):
        return False
    return last in STOPWORDS or (first in STOPWORDS and first not in ("the", "a", "an"))


def _closeness(typed: str, title: str, **_: object) -> float:
    """How like `title` a title typed is, as a whole or word for word; a title that
    begins the typed one, or that it begins, is close ("dune part two", "kung fu panda")."""
    a, b = _content(typed), _content(title)
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    if len(b) > len(a):  # the start of a long title ("harry poter")
        score = max(score, PART_SHARE * fuzz.partial_ratio(a, b))
    if b and (a.startswith(b + " ") or b.startswith(a + " ")):
        score = max(score, SEQUEL_SCORE)
    return float(score)


def _alike(typed: str, title: str) -> bool:
    """Whether `title` is like `typed` as a whole, or shares a word of it: not a short
    title found inside it ("Pi" in "spiderverse", "O" in "frozen 2")."""
    if fuzz.ratio(_content(typed), _content(title)) >= ALIKE_SCORE:
        return True
    words = {w for w in _content(title).split() if len(w) >= 4}
    return any(w in words or (len(w) >= NEAR_MIN_CHARS and any(
        w.startswith(t) for t in words if len(t) >= NEAR_MIN_CHARS))
        for w in _content(typed).split() if len(w) >= 4)


def _content(key: str) -> str:
    """A normalised title without its leading article."""
    for article in ARTICLES:
        if key.startswith(article):
            return key[len(article):]
    return key


def _named(word: str) -> bool:
    return word.startswith('"') or word[:1].isupper() or word[:1].isdigit()


def _numbers(text: str) -> list[str]:
    return NUMBER.findall(text)


def _similar_length(typed: str, title: str) -> bool:
    # WRatio scores a short phrase found inside a long title highly ("love" in "Love
    # Actually"); a typo keeps the length, a different film usually does not.
    return len(typed) >= 0.6 * len(title) and len(title) >= 0.6 * len(typed)
