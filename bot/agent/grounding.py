"""Grounding: a reply presents only items the tools returned in this turn.

Enforced in code on the model's text, line by line, as it streams:

- A list line ("1. ...", "- ...") is a pick. It must name an item the tools returned
  this turn, by its id marker ("[id 318]") or by its title (typos and a missing year
  forgiven). It is rewritten with the catalog's own title, renumbered, and its id
  marker dropped. A list line naming anything else (a catalog item the tools did not
  return, or something the catalog does not have) is removed.
- In other lines, an id marker, a catalog title written in bold, italics or quotes,
  with its year ("Heat (1995)"), or in Title Case is checked: titles the tools
  returned, and items the person named, liked or was shown, may be mentioned; a
  sentence naming any other catalog item is removed.
- So is a sentence with a title-like name the catalog does not have at all: quoted,
  bold or italic ("**Zorblax Returns**", « Zorblax »), with a year ("Zorblax Returns
  (2031)"), a link's text, or three or more words in Title Case. The person's own
  words (a title they named) and the catalog's own names (genres, brands, people)
  are not titles to remove. A link keeps its text, never its address.

Every removal is counted (`Grounded.removed`). Without list lines, the returned
items the text mentions are the picks.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from bot.agent.title_like import (
    DISTINCT_WORDS,
    FORMATTED,
    ID_MARK,
    LINK,
    MAX_TITLE_WORDS,
    SMALL_WORDS,
    WORD,
    YEAR,
    TitleLike,
)
from bot.catalog import Item
from bot.titles import TitleIndex, display_title, split_year

LIST_LINE = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•])\s+(.*\S)\s*$")
log = logging.getLogger("recbot.agent")
MAYBE_LIST = re.compile(r"^\s*(?:\d{0,2}[.)]?|[-*•])(?:\s|$)")  # a pick line, or may become one
SEPARATOR = re.compile(r"\s*(?::|—|–|\s-)\s+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Grounded:
    text: str
    picks: dict[str, str] = field(default_factory=dict)  # id -> summary, in order presented
    removed: list[str] = field(default_factory=list)  # what was taken out, and why
    attempted: int = 0  # pick lines the model wrote
    model_summaries: int = 0  # picks shown with the model's own summary
    replaced_summaries: int = 0  # model summaries that failed the check: extractive shown


class Grounder:
    """Grounds one model answer; feed it the text as it streams, or all at once."""

    def __init__(self, titles: TitleIndex | None, returned: Mapping[str, Item],
                 allowed: set[str], describe: Callable[[Item], str], *,
                 names: AbstractSet[str] = frozenset(), said: Iterable[str] = (),
                 summary_problem: Callable[[str, Item], str | None] | None = None):
        """`names`: the catalog's own values (genres, brands, people), normalised, which
        are not titles; `said`: the person's messages, whose names may be repeated;
        `summary_problem`: why a model summary of an item may not be shown, or None
        (bot/agent/summary_check.py); without it every grounded summary is used."""
        self.titles = titles  # the whole catalog's titles
        self.returned = dict(returned)
        self.allowed = set(allowed) | set(returned)  # may be mentioned in prose
        self._title_like = TitleLike(titles, self.allowed, names, said)
        self.describe = describe  # a summary for a pick the model wrote none for
        self.summary_problem = summary_problem
        self._returned_titles = TitleIndex((i.id, i.title) for i in returned.values())
        self.result = Grounded("")
        self._mentions: list[str] = []
        self._line = ""  # the line being streamed
        self._sent = 0  # characters of it already checked
        self._started = False  # whether any of it was passed on
        self._space = ""  # the space after the last sentence passed on
        self._blank = 0  # blank lines waiting for a next line
        self._thinking = ThinkingFilter()

    # -- streaming -----------------------------------------------------------------

    def feed(self, delta: str) -> str:
        """Text that is safe to show now: whole sentences, checked; a list line (a pick)
        once it is complete. What is passed on is exactly the grounded reply's text."""
        return self._lines(self._thinking.feed(delta))

    def _lines(self, text: str) -> str:
        out = []
        for piece in re.split(r"(\n)", text):
            if piece == "\n":
                out.append(self._end_line())
            elif piece:
                self._line += piece
                if not MAYBE_LIST.match(self._line):
                    out.append(self._sentences(final=False))
        return "".join(out)

    def finish(self) -> str:
        """The rest, once the model is done; `result` then holds the grounded reply."""
        tail = self._lines(self._thinking.finish())
        tail += self._end_line() if self._line else ""
        if not self.result.picks:  # prose only: the returned items it mentions are the picks
            for item_id in dict.fromkeys(self._mentions):
                if item_id in self.returned:
                    self.result.picks[item_id] = self.describe(self.returned[item_id])
        return tail

    def ground(self, text: str) -> Grounded:
        self.feed(text)
        self.finish()
        return self.result

    def _end_line(self) -> str:
        raw, sent = self._line, self._sent
        listed = LIST_LINE.match(raw) if not sent else None
        if listed:
            line = self._pick_line(listed.group(1))
            out = self._emit(line) if line else ""
        elif raw.strip():
            out = self._sentences(final=True)
        else:
            out = ""
            self._blank += 1 if self.result.text else 0
        self._line, self._sent, self._started, self._space = "", 0, False, ""
        return out

    def _sentences(self, *, final: bool) -> str:
        """Check and pass on the sentences of a prose line that are complete."""
        out = []
        while True:
            end = SENTENCE_END.search(self._line, self._sent)
            if end is None and not final:
                break
            stop, space = (end.start(), end.group()) if end else (len(self._line), "")
            sentence = self._line[self._sent:stop]
            self._sent = end.end() if end else len(self._line)
            kept = self._prose_sentence(sentence) if sentence.strip() else None
            if kept and kept.strip():
                out.append(self._emit(kept))
                self._space = space
            if end is None:
                break
        return "".join(out)

    def _emit(self, text: str) -> str:
        if self._started:
            text = self._space + text
        else:  # the line's first words: after the line break(s) before it
            text = ("\n" * (1 + self._blank) if self.result.text else "") + text
            self._started, self._blank = True, 0
        self.result.text += text
        return text

    # -- lines ---------------------------------------------------------------------

    def _pick_line(self, body: str) -> str | None:
        self.result.attempted += 1
        item, summary = self._pick_of(body)
        if item is None or item.id in self.result.picks:
            return None
        summary = self._summary(self._checked(summary), item)
        self.result.picks[item.id] = summary
        return f"{len(self.result.picks)}. {display_title(item.title)}: {summary}"

    def _summary(self, written: str, item: Item) -> str:
        """The model's summary when it passes the check, else the extractive one."""
        if written:
            problem = self.summary_problem(written, item) if self.summary_problem else None
            if problem is None:
                self.result.model_summaries += 1
                return written
            self.result.replaced_summaries += 1
            log.debug("model summary of %r replaced: %s", item.title, problem)
        return self.describe(item)

    def _pick_of(self, body: str) -> tuple[Item | None, str]:
        marks = ID_MARK.findall(body)
        text = _plain(ID_MARK.sub("", body))
        if marks:
            item = self.returned.get(marks[0])
            if item is None:
                self.result.removed.append(f"pick with id {marks[0]} that no tool returned")
                return None, ""
            found, summary = self._split(text)
            return item, summary if found is not None else _after_separator(text)
        found, summary = self._split(text)
        if found is not None:
            return found, summary
        head = SEPARATOR.split(text, maxsplit=1)[0]
        known = self.titles.match(head) if self.titles else None
        self.result.removed.append(f"pick {known.title if known else head!r}: "
                                   + ("not returned by a tool" if known else "not in the catalog"))
        return None, ""

    def _split(self, text: str) -> tuple[Item | None, str]:
        """The returned item a line starts with, and the rest (its summary). The longest
        exact title wins ("Star Wars: Episode IV - A New Hope"); else a near spelling."""
        lowered = text.lower()
        for item in sorted(self.returned.values(), key=lambda i: -len(i.title)):
            shown = display_title(item.title)  # what the tools give: 'The Matrix (1999)'
            names = (item.title, shown, split_year(item.title)[0], split_year(shown)[0])
            for name in dict.fromkeys(names):
                rest = text[len(name):]
                if lowered.startswith(name.lower()) and (not rest.strip()
                                                         or SEPARATOR.match(rest)):
                    return item, _after_separator(rest)  # the title as the tool gave it
        ends = [m.start() for m in SEPARATOR.finditer(text)] + [len(text)]
        best: tuple[Item | None, str] = (None, "")
        for end in ends:
            match = self._returned_titles.candidates(text[:end].strip(" *\"“”"), limit=1)
            if match and match[0].score == 100:
                best = (self.returned[match[0].item_id], _after_separator(text[end:]))
        if best[0] is None and ends:
            match = self._returned_titles.candidates(text[:ends[0]].strip(" *\"“”"), limit=1)
            if match:
                best = (self.returned[match[0].item_id], _after_separator(text[ends[0]:]))
        return best

    def _checked(self, text: str) -> str:
        """`text` without the sentences that name items no tool returned."""
        parts = SENTENCE_END.split(text)
        return " ".join(k for k in (self._prose_sentence(p) for p in parts) if k).strip()

    def _prose_sentence(self, sentence: str) -> str | None:
        """The sentence (id markers and link addresses dropped), or None when it names an
        item not allowed or a title the catalog does not have."""
        written, sentence = sentence, LINK.sub(lambda m: m.group(1), sentence)
        problems: dict[str, str] = {}  # one per item named
        for ref in ID_MARK.findall(sentence):
            if ref in self.allowed:
                self._mentions.append(ref)
            else:
                problems.setdefault(ref, f"id {ref} that no tool returned")
        for ids, said in self._titles_in(sentence):
            if any(i in self.allowed for i in ids):
                self._mentions += [i for i in ids if i in self.allowed]
            else:
                problems.setdefault(ids[0], f"{said!r}: a catalog item no tool returned")
        for said in [] if problems else self._title_like.invented(written):  # removed anyway
            problems.setdefault(said, f"{said!r}: a title no tool returned, not in the catalog")
        if problems:
            self.result.removed += problems.values()
            return None
        return ID_MARK.sub("", sentence)

    def _titles_in(self, sentence: str) -> list[tuple[list[str], str]]:
        """(catalog ids, words) for each catalog title the sentence names."""
        if self.titles is None:
            return []
        found = []
        for match in FORMATTED.finditer(sentence):
            said = next(g for g in match.groups() if g).strip()
            if not said[:1].isupper() and not said[:1].isdigit():
                continue  # emphasis ("**really**"), not a title
            ids = self._exact(said)
            if not ids and len(said.split()) >= 2:  # near spellings only for longer names
                near = self.titles.match(said)
                ids = [near.item_id] if near is not None else []
            if ids:
                found.append((ids, said))
        words = list(WORD.finditer(sentence))
        for year in YEAR.finditer(sentence):
            before = [w.group(0) for w in words if w.end() <= year.start()][-MAX_TITLE_WORDS:]
            for size in range(len(before), 0, -1):
                said = f"{' '.join(before[-size:])} ({year.group(1)})"
                if ids := self._exact(said):
                    found.append((ids, said))
                    break
        found += self._title_case(words)
        return found

    def _title_case(self, words: list[re.Match[str]]) -> list[tuple[list[str], str]]:
        """Catalog titles written in Title Case. Only distinctive ones count (a film with
        its year, a name of three words or more): "Sugar Free" and "Face Wash" are also
        ordinary words in a product's description."""
        assert self.titles is not None
        found = []
        stripped = (w.group(0).strip(".:'") for w in words)
        tokens = [t for t in stripped if any(c.isalnum() for c in t)]  # not a lone "-"
        for size in range(MAX_TITLE_WORDS, 1, -1):
            for start in range(len(tokens) - size + 1):
                span = tokens[start:start + size]
                if not _title_cased(span):
                    continue
                ids = [i for i in self._exact(" ".join(span))
                       if self.titles.years.get(i) or len(span) >= DISTINCT_WORDS]
                if ids:
                    found.append((ids, " ".join(span)))
        return found

    def _exact(self, said: str) -> list[str]:
        return self._title_like.exact(said)


def _title_cased(span: list[str]) -> bool:
    if span[0].lower() in SMALL_WORDS - {"a", "an", "the"} or span[-1].lower() in SMALL_WORDS:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in SMALL_WORDS for w in span)


def _plain(text: str) -> str:
    return text.replace("**", "").replace("__", "").strip(" *")


def _after_separator(text: str) -> str:
    return SEPARATOR.sub("", text, count=1).strip() if SEPARATOR.match(text) else text.strip()


class ThinkingFilter:
    """Drops the <think>...</think> spans reasoning models (DeepSeek-R1, Qwen3...) write
    before their answer, also when a tag arrives split across stream chunks."""

    def __init__(self) -> None:
        self._held = ""
        self._inside = False

    def feed(self, delta: str) -> str:
        self._held += delta
        out = []
        while True:
            tag = "</think>" if self._inside else "<think>"
            at = self._held.find(tag)
            if at < 0:
                keep = next((n for n in range(len(tag) - 1, 0, -1)
                             if self._held.endswith(tag[:n])), 0)  # maybe a tag's start
                cut = len(self._held) - keep
                if not self._inside:
                    out.append(self._held[:cut])
                self._held = self._held[cut:]
                return "".join(out)
            if not self._inside:
                out.append(self._held[:at])
            self._held = self._held[at + len(tag):]
            self._inside = not self._inside

    def finish(self) -> str:
        rest = "" if self._inside else self._held
        self._held = ""
        return rest
