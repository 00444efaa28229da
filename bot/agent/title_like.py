"""Title-like names in a model's sentence that no catalog has: the grounder removes them.

A name is title-like when it is quoted, bold or italic ("**Zorblax Returns**",
« Zorblax »), a link's text, followed by a year ("Zorblax Returns (2031)"), or three
or more words in Title Case. It is not an invented title when it is a catalog title
(those the grounder checks as items), a near spelling of one that may be named, the
person's own words (a title they said the catalog lacks), or made of the catalog's own
names (genres, brands, people) and titles that may be named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from bot.titles import TitleIndex, normalise, split_year, title_keys

FORMATTED = re.compile(r"\*\*(.+?)\*\*|\*([^*\s][^*]*?)\*|\"([^\"]+)\"|“([^”]+)”|«\s*([^»]+?)\s*»|"
                       r"„([^“”]+)[“”]|「([^」]+)」|_([^_\s][^_]*?)_")
LINK = re.compile(r"\[([^\]]+)\]\(\s*[^()\s]*\s*\)")  # [text](address)
YEAR = re.compile(r"\(((?:18|19|20)\d\d)\)")
WORD = re.compile(r"[\w'&:.\-]+")
ID_MARK = re.compile(r"\s*[\[(]\s*id\s*[:#=]?\s*([^\[\]()\s,;]{1,64})\s*[\])]", re.IGNORECASE)
SMALL_WORDS = {"a", "an", "the", "of", "and", "in", "on", "to", "for", "at", "with", "from",
               "by", "or", "de", "la", "le"}
JOINERS = {"-", "–", "—", "&", ":"}  # inside a title: "Star Wars: Episode IV - A New Hope"
MAX_TITLE_WORDS = 8
DISTINCT_WORDS = 3  # a Title Case name this long is a title, even without a year


class TitleLike:
    """Finds the invented titles of a sentence."""

    def __init__(self, titles: TitleIndex | None, allowed: set[str],
                 names: AbstractSet[str] = frozenset(), said: Iterable[str] = ()):
        """`allowed`: ids that may be named; `names`: the catalog's own values, normalised
        (`CatalogReading.value_keys`); `said`: the person's messages."""
        self.titles = titles
        self.allowed = allowed
        self.names = names
        self.said = " " + " ".join(normalise(t) for t in said) + " "
        self._allowed_keys = {key for i in allowed if titles and i in titles.titles
                              for key in title_keys(titles.titles[i])}

    def invented(self, sentence: str) -> list[str]:
        """Title-like names in `sentence` that are no catalog title, no catalog value and
        not the person's own words."""
        spans = [next(g for g in m.groups() if g).strip() for m in FORMATTED.finditer(sentence)]
        spans += [m.group(1).strip() for m in LINK.finditer(sentence)]
        spans = [s for s in spans if s[:1].isupper() or s[:1].isdigit()]
        plain = LINK.sub(lambda m: m.group(1), ID_MARK.sub("", sentence))
        tokens = [w.group(0).strip(".:'") for w in WORD.finditer(plain)]
        for n, run in enumerate(_title_case_runs(tokens)):
            opening = n == 0 and run[0] == tokens[0] and len(run) > 1
            # A sentence's first word is capitalised anyway: the run may start after it.
            for words in ([run, run[1:]] if opening else [run]):
                if sum(w.lower() not in SMALL_WORDS and w not in JOINERS
                       for w in words) < DISTINCT_WORDS or self._known(" ".join(words)):
                    break
            else:
                spans.append(" ".join(run[1:] if opening else run))
        for year in YEAR.finditer(plain):  # the Title Case words just before a year
            before = [w.group(0).strip(".:'") for w in WORD.finditer(plain[:year.start()])]
            for run in _title_case_runs(before[-MAX_TITLE_WORDS:], at_end=True):
                spans.append(f"{' '.join(run)} ({year.group(1)})")
        invented = [s for s in dict.fromkeys(spans) if not self._known(s)]
        keys = [normalise(split_year(s)[0]) for s in invented]
        return [s for s, key in zip(invented, keys, strict=True)  # one reason per name
                if not any(key != other and f" {key} " in f" {other} " for other in keys)]

    def _known(self, said: str) -> bool:
        """A catalog title (checked as one by `_titles_in`), a name of the catalog's, or
        words the person used."""
        key = normalise(split_year(said)[0])
        if not key or (self.titles is not None and self.exact(said)):
            return True
        near = self.titles.match(said) if self.titles is not None else None
        if near is not None and near.item_id in self.allowed:
            return True  # a near spelling of a title that may be named
        return f" {key} " in self.said or self._covered(key.split())

    def _covered(self, words: list[str]) -> bool:
        """Whether the words are the catalog's names and titles that may be named, small
        words and years between them ("science fiction and fantasy")."""
        known = self.names | self._allowed_keys
        at = 0
        while at < len(words):
            end = next((j for j in range(len(words), at, -1)
                        if " ".join(words[at:j]) in known), None)
            if end is not None:
                at = end
            elif words[at] in SMALL_WORDS or re.fullmatch(r"(?:18|19|20)\d\d", words[at]):
                at += 1
            else:
                return False
        return True

    def exact(self, said: str) -> list[str]:
        """Catalog ids whose title `said` is, year agreeing."""
        if self.titles is None:
            return []
        core, year = split_year(said.strip(" *\"“”.,"))
        ids = self.titles.by_key.get(normalise(core), [])
        return [i for i in ids if year is None or self.titles.years.get(i) in (year, None)]


def _title_case_runs(tokens: list[str], *, at_end: bool = False) -> list[list[str]]:
    """Runs of Title Case words (small words and joiners inside them), in order; with
    `at_end`, only the run that ends the tokens."""
    runs: list[list[str]] = []
    current: list[str] = []
    for token in [*tokens, ""]:
        if token and (token[:1].isupper() or token[:1].isdigit()
                      or (current and (token.lower() in SMALL_WORDS or token in JOINERS))):
            current.append(token)
            continue
        while current and (current[-1].lower() in SMALL_WORDS or current[-1] in JOINERS):
            current.pop()
        if current:
            runs.append(current)
        current = []
    if at_end:
        last = runs[-1] if runs and tokens and runs[-1][-1] == tokens[-1].strip(".:'") else None
        return [last] if last else []
    return runs
