"""People named in a message, found among the catalog's own values (stars, director,
author...), forgivingly.

    "with Meryl Streep"        stars = Meryl Streep
    "a spielberg film"         director = Steven Spielberg (the surname alone, one person)
    "somethin with jim carey"  stars = Jim Carrey (a typo)

A full name is found as written or misspelt a little; a surname alone counts when one
person holds most of the catalog's items under it ("Allen" alone is Woody, Tim, Joan
or Karen: not read), typed as it is or a little wrong ("spielburg"). A surname that is
also an everyday word in the catalog's own text ("Good", "Stone", "Wood") counts only
when capitalised; any other surname counts as typed ("hitchcock thrillers"). Which field a
person is matched in follows the cue ("with", "starring": the cast; "by", "directed
by": the director), else the field where they have more items ("a Tom Hanks movie").
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.catalog import Item
from bot.common_words import common_words_only
from bot.phrases import CHITCHAT_WORDS

PEOPLE_FIELDS = ("director", "directors", "stars", "cast", "actors", "actor", "starring",
                 "author", "authors", "artist", "artists", "writer", "writers", "creator",
                 "creators", "composer", "narrator", "host", "hosts")
CAST_FIELDS = ("stars", "cast", "actors", "actor", "starring")
CAST_CUE = re.compile(r"\b(?:with|starring|featuring|stars?|acted by|actor|actress)\s+$", re.I)
MAKER_CUE = re.compile(r"\b(?:by|directed by|director|from|written by|made by)\s+$", re.I)
# The same cues after the name: "something ben stiller directed", "a film tom hanks is in".
CAST_AFTER = re.compile(r"^(?:'s)?\s*(?:is in|was in|acted in|acts in|stars? in|starred in|"
                        r"plays? in|played in|appears? in)\b", re.I)
MAKER_AFTER = re.compile(r"^(?:'s)?\s*(?:-\s*)?(?:directed|directs|made|wrote|helmed|"
                         r"did direct|film(?:s)? as (?:a )?director|"
                         r"(?:(?:is|was|pls|please)\s+)?behind the camera|"
                         r"as (?:a |the )?director)\b", re.I)
# A person the catalog may lack, after the cue that says it is a person
UNKNOWN_PERSON = re.compile(r"\b(?:with|w|starring|featuring|ft\.?|feat\.?|directed by|acted by|"
                            r"(?:something|anything|films?|movies?) by)\s+"
                            r"(?P<name>[A-Za-z][a-z'-]+\s+[A-Za-z][a-z'-]+)\b",
                            re.IGNORECASE)
# A surname alone where only a person goes: "something by Godard", "a truffaut film"
UNKNOWN_SURNAME = re.compile(r"\b(?:(?:something|anything|films?|movies?|stuff|one) by|"
                             r"directed by|by (?:the )?director)\s+(?P<name>[A-Za-z][a-z'-]{3,})\b"
                             r"|\b(?:a|an|any|some|other)\s+(?P<name2>[A-Za-z][a-z'-]{3,})\s+"
                             r"(?:film|movie|flick)s?\b", re.IGNORECASE)
GONE = "\ue002"  # where a name was, until the cue after it is taken out too
# Where a trip goes is a place, not the person it is also a name of: "off to Denver"
A_TRIP_TO = re.compile(r"\b(?:(?:off|going|flying|heading|travell?ing|driving|moving|trip|"
                       r"way) to|visiting)\s+$", re.IGNORECASE)
# What someone does, said after their name: "phoenix being creepy", "caine as a spy"
DOING = re.compile(r"^\s+(?:being|playing|acting|plays|played|as (?:a|an|the|his|her))\b",
                   re.IGNORECASE)
# Surname particles people often join to the name: "deniro" for De Niro
JOINED_PARTICLES = frozenset({"de", "di", "da", "del", "van", "von", "la", "le", "mc", "mac"})
SURNAME_SHARE = 0.75  # the share of a surname's items one person must hold to be meant by it
NEAR_SCORE = 90  # spelling similarity for a misspelt full name
SAME_FIRST_NAME_SCORE = 85  # the same, when the first name is spelt right
MIN_SURNAME = 4  # letters: "Lee" alone is too short to be read as a person
MIN_TYPO = 6  # letters a surname needs before a misspelling of it is read
SURNAME_TYPO = 85  # spelling similarity for a misspelt surname ("spielburg")
FIRST_NAME_TYPO = 60  # a first name before a surname, spelt a little wrong ("Johnie Depp")
MIN_SHORT_NAME = 3  # letters of a shortened first name ("Leo", "Matt")
MIN_FIRST_NAME = 4  # letters a first name alone needs to name someone ("Denzel", "Meryl")
MIN_FIRST_NAME_ITEMS = 3  # and the items its one person must be in
FIRST_OVER_SURNAME = 4  # times the items of anyone with it as a surname ("arnold": Tom Arnold)
MIN_LOWER_FIRST_NAME = 5  # letters a first name typed in lower case needs ("keanu")
EVERYDAY_WORD = re.compile(r"\b[a-z][a-z'-]*\b")  # a word written in lower case
EVERYDAY_USES = 3  # lower-case uses in the catalog's text that make a word an everyday one


@dataclass(frozen=True)
class NameMatch:
    """A person a message names: the field, the catalog's value, and the words said."""

    field: str
    value: str
    said: str

    @property
    def filter(self) -> str:
        return f"{self.field}={self.value}"


# Several people of one surname: "the coen brothers", "the wachowskis" (said with "the")
FAMILY = re.compile(r"\b(?P<surname>[a-z][a-z'-]+?)\s+(?:brothers|bros|sisters|siblings)\b|"
                    r"\bthe\s+(?P<surname2>[a-z][a-z'-]+s)\b(?=\s*(?:$|[,.!?]|films?\b|movies?\b|"
                    r"stuff\b|and\b|or\b))", re.IGNORECASE)


def either_filters(names: Sequence[NameMatch]) -> list[str]:
    """People any of whom will do ("with X or Y"): one filter per field, `stars=X|Y`."""
    by_field: dict[str, list[str]] = {}
    for name in names:
        by_field.setdefault(name.field, []).append(name.value)
    return [f"{field}={'|'.join(dict.fromkeys(values))}" for field, values in by_field.items()]


class PeopleIndex:
    """Every person of a catalog's people fields, ready to be found in a message."""

    def __init__(self, counts: Mapping[str, Mapping[str, int]],
                 everyday: frozenset[str] = frozenset(), in_titles: frozenset[str] = frozenset(),
                 written: frozenset[str] = frozenset(),
                 of_item: Mapping[str, frozenset[str]] | None = None):
        """`counts`: field -> person -> the number of items they appear in; `everyday`:
        the everyday words of the catalog's text; `in_titles`: words many titles have
        ("christmas": a lower-case "christmas movie" is no film of Eric Christmas);
        `of_item`: item id -> the people of that item."""
        self.everyday = everyday
        self.of_item = of_item or {}
        self.in_titles = in_titles
        self.written = written  # every word of the items' titles, descriptions and fields
        self.counts = {f: dict(c) for f, c in counts.items()}
        self.fields_of: dict[str, list[str]] = defaultdict(list)  # lower name -> fields
        self.cased: dict[str, str] = {}  # lower name -> the catalog's spelling
        by_surname: dict[str, Counter[str]] = defaultdict(Counter)
        by_first: dict[str, Counter[str]] = defaultdict(Counter)
        for name, people in self.counts.items():
            for person, count in people.items():
                lower = person.lower()
                self.fields_of[lower].append(name)
                self.cased.setdefault(lower, person)
                words = lower.split()
                if len(words) > 1:
                    by_surname[words[-1]][lower] += count
                    by_first[words[0]][lower] += count
                if len(words) > 2 and words[-2] in JOINED_PARTICLES:  # "deniro", "dicaprio"
                    by_surname[words[-2] + words[-1]][lower] += count
        self.surnames = {s: c for s, c in by_surname.items() if len(s) >= MIN_SURNAME}
        full = sorted((n for n in self.cased if " " in n), key=len, reverse=True)
        self._full = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, full)) + r")(?![\w-])",
                                re.IGNORECASE) if full else None
        # By their first letter: a typo rarely changes it ("leonardo di caprio"), and a
        # sentence's many spans are then compared with a small share of the names.
        self._names: dict[str, list[str]] = defaultdict(list)
        for name in full:
            self._names[name[:1]].append(name)
        self._rare: dict[str, list[str]] = defaultdict(list)
        for surname in self.surnames:
            if surname not in everyday and len(surname) >= MIN_TYPO:
                self._rare[surname[:1]].append(surname)
        self.first_names = set(by_first)
        # First names one person in the catalog holds nearly all the items of, counting
        # those of the people with it as their surname: "a movie with Denzel" is Denzel
        # Washington, "no arnold" Arnold Schwarzenegger (24 films; Tom Arnold 4).
        held = {first: _holding_most(people, by_surname.get(first))
                for first, people in by_first.items()
                if len(first) >= MIN_FIRST_NAME and first not in everyday}
        self.only_first = {first: person for first, person in held.items() if person}
        self._by_first = by_first
        self._firsts = sorted(by_first)  # (a short form's names are a run of them)

    @classmethod
    def of(cls, items: Sequence[Item], fields: Sequence[str],
           everyday: frozenset[str] | None = None) -> PeopleIndex:
        counts: dict[str, Counter[str]] = {f: Counter() for f in fields}
        of_item: dict[str, frozenset[str]] = {}
        for item in items:
            found = set()
            for name in fields:
                value = item.attributes.get(name)
                for person in value if isinstance(value, list) else [value]:
                    if isinstance(person, str) and person.strip():
                        counts[name][person] += 1
                        found.add(person)
            if found:
                of_item[item.id] = frozenset(found)
        titles = Counter(w for item in items
                         for w in set(EVERYDAY_WORD.findall(item.title.lower())))
        written = frozenset(w for item in items for w in EVERYDAY_WORD.findall(item.text.lower()))
        return cls(counts, everyday_words(items) if everyday is None else everyday,
                   frozenset(w for w, n in titles.items() if n >= EVERYDAY_USES), written,
                   of_item)

    def read(self, text: str) -> tuple[list[NameMatch], str]:
        """The people `text` names, and the text without them."""
        found: list[NameMatch] = []
        rest = text
        for match in list(self._full.finditer(rest)) if self._full else []:
            found.append(self._match(match.group(0).lower(), match.group(0), rest, match))
            rest = rest.replace(match.group(0), GONE, 1)
        for said, person in self._misspelt(rest):
            found.append(self._match(person, said, rest, None))
            rest = rest.replace(said, GONE, 1)
        for said, people in self._families(rest):  # "the coen brothers": either of them
            found += [self._match(person, said, rest, None) for person in people]
            rest = rest.replace(said, GONE, 1)
        for said, person in self._surnames(rest):
            found.append(self._match(person, said, rest, None))
            rest = rest.replace(said, GONE, 1)
        # capitalised ("Denzel"), or in lower case when no everyday word nor one many
        # titles have ("keanu"); a short form too ("arnie")
        alone = [(m.group(1), meant)
                 for m in re.finditer(r"(?<![\w'-])([A-Za-z][a-z-]+)(?:'s)?(?![\w'-])", rest)
                 if (meant := self.only_first.get(m.group(1).lower())
                     or self._shortened(m.group(1).lower()))
                 and not A_TRIP_TO.search(rest, 0, m.start())
                 and not ((after := re.match(r"\s+([a-z][a-z'-]+)", rest[m.end():], re.I))
                          and self._a_surname_it_lacks(after.group(1))) and (
                     m.group(1)[0].isupper() or (len(m.group(1)) >= MIN_LOWER_FIRST_NAME
                                                 and m.group(1) not in self.everyday
                                                 and m.group(1) not in self.in_titles))]
        for said, meant in alone:
            found.append(self._match(meant, said, rest, None))
            rest = rest.replace(said, GONE, 1)
        # the cue after a name is not searched either ("ben stiller directed")
        rest = re.sub(rf"{GONE}(?:{CAST_AFTER.pattern[1:]}|{MAKER_AFTER.pattern[1:]})", " ", rest,
                      flags=re.I)
        return found, rest.replace(GONE, " ")

    def _shortened(self, word: str) -> str | None:
        """The person a short form of a first name means ("arnie": Arnold Schwarzenegger),
        when they hold most of the items of everyone whose first name it shortens, and the
        word is no first name of its own in the catalog."""
        stem = word[:-2] if word.endswith("ie") else word[:-1] if word.endswith("y") else ""
        if len(stem) < MIN_SHORT_NAME or word in self.first_names or common_words_only(word):
            return None
        people: Counter[str] = Counter()
        for first in itertools.takewhile(lambda f: f.startswith(stem),
                                         self._firsts[bisect.bisect_right(self._firsts, stem):]):
            people.update(self._by_first[first])
        return _holding_most(people, None) if people else None

    def of_a_title(self, word: str, item_id: str) -> str | None:
        """The one person of a title whose first name `word` is, or shortens ("leo", with
        The Revenant named: Leonardo DiCaprio); a first name that is an everyday word
        counts only when it shortens one ("will" is no Will Poulter)."""
        word = word.lower()
        if len(word) < MIN_SHORT_NAME or word in self.everyday:
            return None
        meant = [(p, words[0]) for p in self.of_item.get(item_id, ())
                 if len(words := p.lower().split()) > 1 and words[0].startswith(word)]
        if len(meant) != 1 or (meant[0][1] == word and common_words_only(word)):
            return None
        return meant[0][0].lower()

    def named(self, person: str, said: str, text: str) -> NameMatch:
        """`person` (lower case) as a match of the words `said` in `text`."""
        return self._match(person, said, text, None)

    def unknown(self, text: str) -> list[str]:
        """People named after a cue ("with", "starring", "directed by") that the catalog
        lacks: a first name some of its people have, then a surname none has ("anything w
        sydney sweeney in it"), or a surname alone where only a person goes ("something by
        Godard"). Read in `text` once the catalog's people are taken out."""
        full = [m.group("name") for m in UNKNOWN_PERSON.finditer(text)
                if self.lacks(m.group("name"))]
        # ("a Godard film" in capitals only: "a bollywood movie" names no one)
        alone = [name for m in UNKNOWN_SURNAME.finditer(text)
                 if (name := m.group("name") or m.group("name2"))
                 and (m.group("name") or name[0].isupper())
                 and self._a_surname_alone_it_lacks(name)]
        return [*full, *alone]

    def _a_surname_alone_it_lacks(self, word: str) -> bool:
        """A surname said alone ("godard") that none of the catalog's people has, and that
        is no everyday word, nor anyone's first name, nor written in any item ("ghibli":
        searched, it finds the studio's films)."""
        word = word.lower()
        return word not in self.surnames and word not in self.first_names \
            and word not in self.cased and word not in self.written \
            and self._a_surname_it_lacks(word)

    def lacks(self, name: str) -> bool:
        """Whether `name` ("amber midthunder") is someone the catalog lacks: a first name
        some of its people have (no everyday word), then a surname it does not know."""
        words = name.lower().split()
        return len(words) == 2 and words[0] in self.first_names \
            and words[0] not in self.everyday and self._a_surname_it_lacks(words[1])

    def _a_surname_it_lacks(self, word: str) -> bool:
        """A word neither everyday, nor common English, nor chat: someone else's surname
        ("sydney sweeney" is not Sydney Pollack)."""
        word = word.lower()
        return word not in self.everyday and word not in CHITCHAT_WORDS \
            and not common_words_only(word)

    def _misspelt(self, text: str) -> list[tuple[str, str]]:
        """Two- or three-word spans that are a person's full name spelt a little wrong."""
        words = re.findall(r"[A-Za-z][\w'.-]*", text)
        found: list[tuple[str, str]] = []
        used: set[int] = set()
        for size in (3, 2):
            for start in range(len(words) - size + 1):
                if used & set(range(start, start + size)):
                    continue
                window = words[start:start + size]
                span = " ".join(window)
                if len(span) < 7 or all(w.lower() in self.everyday for w in window):
                    continue  # "a good movie": everyday words are nobody's misspelt name
                same_initial = self._names.get(window[0][:1].lower(), [])
                hit = process.extractOne(span.lower(), same_initial, scorer=fuzz.ratio,
                                         score_cutoff=NEAR_SCORE)
                if hit is None:  # "denis villanueve": the first name right, the rest near
                    hit = process.extractOne(span.lower(), same_initial, scorer=fuzz.ratio,
                                             score_cutoff=SAME_FIRST_NAME_SCORE)
                    if hit is not None and hit[0].split()[0] != window[0].lower():
                        hit = None
                if hit is not None and span in text:
                    found.append((span, hit[0]))
                    used |= set(range(start, start + size))
        return found

    def _families(self, text: str) -> list[tuple[str, list[str]]]:
        """Surnames said of several people who share them ("the coen brothers", "the
        wachowskis", "the safdie brothers"): each of them in the catalog."""
        found = []
        for match in FAMILY.finditer(text):
            surname = (match.group("surname") or match.group("surname2")).lower()
            people = self.surnames.get(surname) or (
                self.surnames.get(surname[:-1]) if surname.endswith("s") else None)
            if people and len(people) >= 2:
                found.append((match.group(0), sorted(people)))
        return found

    def _surnames(self, text: str) -> list[tuple[str, str]]:
        """Surnames alone that mean one person (see the module docstring)."""
        found = []
        for match in re.finditer(r"(?<![\w'-])([A-Za-z][a-z'-]+)(?![\w'-])", text):
            word = match.group(1)
            surname = self._surname(word.lower())
            if surname is None or A_TRIP_TO.search(text, 0, match.start()):
                continue  # ("off to Denver on friday": a place, not John Denver)
            before = text[:match.start()].split()
            capitalised = word[0].isupper() and bool(before)
            people = self.surnames[surname]
            person, count = people.most_common(1)[0]
            first = before[-1] if before else ""
            given = person.split()[0]
            if first.lower() in self.first_names and not _same_first_name(first, given):
                continue  # "jimmy carr" is not Steve Carr: someone the catalog lacks
            # An everyday word, or one many titles have, needs its capital ("Stone"); any
            # other surname is a person.
            said_of_someone = capitalised or (surname not in self.everyday
                                              and surname not in self.in_titles) \
                or bool(DOING.match(text[match.end():]))
            if said_of_someone and count >= SURNAME_SHARE * sum(people.values()):
                if first and _same_first_name(first, given) and f"{first} {word}" in text:
                    word = f"{first} {word}"  # "Johnie Depp", "leo dicaprio": misspelt, short
                found.append((word, person))
        return found

    def _surname(self, word: str) -> str | None:
        """The surname `word` is, typed as it is or a little wrong."""
        if word in self.surnames:
            return word
        if len(word) < MIN_TYPO or word in self.everyday or word in self.in_titles \
                or common_words_only(word):
            return None  # "thriller" is no "Hiller", "batman" (in titles) no "Bateman",
            # "alright" no "Albright"
        hit = process.extractOne(word, self._rare.get(word[:1], []), scorer=fuzz.ratio,
                                 score_cutoff=SURNAME_TYPO)
        return hit[0] if hit else None

    def _match(self, person: str, said: str, text: str, match: re.Match[str] | None
               ) -> NameMatch:
        """`person` in the field the words around them point to."""
        fields = self.fields_of[person]
        where = text.find(said) if match is None else match.start()
        before = text[:max(where, 0)]
        after = text[max(where, 0) + len(said):] if where >= 0 else ""
        if len(fields) > 1 and (CAST_CUE.search(before) or CAST_AFTER.match(after)):
            fields = [f for f in fields if f.lower() in CAST_FIELDS] or fields
        elif len(fields) > 1 and (MAKER_CUE.search(before) or MAKER_AFTER.match(after)):
            fields = [f for f in fields if f.lower() not in CAST_FIELDS] or fields
        name = max(fields, key=lambda f: self.counts[f].get(self.cased[person], 0))
        return NameMatch(name, self.cased[person], " ".join(said.split()))


def _holding_most(by_first: Counter[str], by_surname: Counter[str] | None) -> str | None:
    """The person who holds `SURNAME_SHARE` of the items of the people of one first name
    (`by_first`), in at least `MIN_FIRST_NAME_ITEMS`, and `FIRST_OVER_SURNAME` times as many
    as anyone with it as their surname."""
    person, count = by_first.most_common(1)[0]
    surnamed = max((by_surname or Counter()).values(), default=0)
    return person if count >= MIN_FIRST_NAME_ITEMS and count >= FIRST_OVER_SURNAME * surnamed \
        and count >= SURNAME_SHARE * sum(by_first.values()) else None


def _same_first_name(typed: str, given: str) -> bool:
    """Whether `typed` is the first name `given` (lower case), spelt a little wrong
    ("Johnie" for "johnny") or shortened ("leo" for "leonardo")."""
    typed = typed.lower()
    if typed == given:
        return True
    if typed[:1] != given[:1]:
        return False
    return fuzz.ratio(typed, given) >= FIRST_NAME_TYPO \
        or (len(typed) >= MIN_SHORT_NAME and given.startswith(typed))


def everyday_words(items: Sequence[Item]) -> frozenset[str]:
    """The words the catalog's own text writes in lower case: everyday words, not names."""
    lower = Counter(w for item in items for w in EVERYDAY_WORD.findall(item.description))
    return frozenset(w for w, n in lower.items() if n >= EVERYDAY_USES)


def people_fields(names: Mapping[str, Sequence[str]]) -> list[str]:
    """The name fields that hold people: named so, or most values look like a person's."""
    return [f for f, values in names.items()
            if f.lower() in PEOPLE_FIELDS or _look_like_people(values)]


def _look_like_people(values: Sequence[str]) -> bool:
    shaped = sum(1 for v in values if 2 <= len(v.split()) <= 4
                 and all(w[:1].isupper() for w in v.split()))
    return bool(values) and shaped >= 0.8 * len(values)
