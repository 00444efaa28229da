"""One turn of a conversation: what every engine is given, and what it answers with.

    Bot.reply(session, message)
      └─ Turn: the session, the catalog view, the message (read once, on demand),
         the person's profile, the recent conversation (read once), the turn's store
           └─ engines, in order, until one answers (bot/bot.py):
              the substitution dialogue, the LLM agent (when configured), the offline engine

An engine implements `Engine`: it answers the turn with an `Answer` (the `Reply` and
the request its picks answer), or declines with None and the next engine answers;
a `StreamingEngine` can also hand out its text as it writes it.
The types every engine and interface exchange live here, in a module that imports
nothing from the rest of `bot/` at run time (the annotations below name the lower
layers it is handed), so no two modules ever need to import each other.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from bot.catalog_view import CatalogView
    from bot.profiles import Message, Profile
    from bot.turn_store import TurnStore
    from bot.understanding import Understanding

MAX_MESSAGE = 2_000  # characters of a message that are read (the API refuses longer ones)
PICK_LINE = re.compile(r"^\s*\d{1,2}(?:\.(?:\s|$)|$)")  # "1. Heat...", or "1" as it streams
STREAM_CHUNK = re.compile(r"(?:\S+\s*){1,4}|\s+")
# What a pick's reason says when it is no reason it was chosen: shown again, or asked about
SHOWN_BEFORE = "shown before"
ASKED_ABOUT_IT = "you asked about it"


@dataclass
class PickView:
    """One pick as every interface shows it."""

    id: str
    title: str
    summary: str
    why: str
    score: float


@dataclass
class Reply:
    text: str
    picks: list[PickView] = field(default_factory=list)
    asked: bool = False  # the reply is a question back to the person
    engine: str = "offline"  # who wrote it: "offline", "llm", or "rules" (substitution)
    # Nothing fits the request: the picks are the nearest to it, each saying how far off
    alternatives: bool = False

    @property
    def lead(self) -> str:
        """The text without its numbered pick lines: what a page shows above pick cards."""
        return without_pick_lines(self.text) if self.picks else self.text

    def to_dict(self) -> dict[str, Any]:
        return {"reply": self.text, "lead": self.lead, "picks": [asdict(p) for p in self.picks],
                "asked": self.asked, "alternatives": self.alternatives}


@dataclass
class Topic:
    """What a list of picks answered, so that "something else" or "seen the first one" moves
    on within the same request."""

    wanted: list[str] = field(default_factory=list)  # catalog values, e.g. genres
    query: str = ""
    similar_to: str | None = None  # an item id: the picks were "more like" it
    max_price: float | None = None  # "cheaper" than the picks before
    min_price: float | None = None
    filters: list[str] = field(default_factory=list)  # hard filters asked for: year>=1980
    # Who the conversation is for (an audience group, "child"): it holds for the requests
    # after, until someone else is named ("my son is 9", then "something funnier")
    audience: str | None = None
    # The list on the screen, when the picks are a few of it looked at again ("the third
    # one, what's it about?"): "the first one" still points into that list afterwards.
    list_shown: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, stored: dict[str, Any]) -> Topic:
        wanted, filters = stored.get("wanted"), stored.get("filters")
        similar, audience = stored.get("similar_to"), stored.get("audience")
        shown = stored.get("list_shown")
        return cls([str(w) for w in wanted] if isinstance(wanted, list) else [],
                   str(stored.get("query") or ""),
                   str(similar) if similar else None,
                   _number(stored.get("max_price")), _number(stored.get("min_price")),
                   [str(f) for f in filters] if isinstance(filters, list) else [],
                   str(audience) if audience else None,
                   [str(i) for i in shown] if isinstance(shown, list) else [])


@dataclass
class Answer:
    """An engine's answer: the reply, and the request its picks answer (for follow-ups)."""

    reply: Reply
    topic: Topic = field(default_factory=Topic)


@dataclass
class Turn:
    """One message of one person, with everything an engine reads to answer it.

    `history` is the conversation before this message, oldest first, read once per turn;
    `store` takes the turn's writes (each made once, whichever engine makes it)."""

    session_id: str
    catalog: CatalogView
    text: str
    history: list[Message]
    store: TurnStore

    def profile(self) -> Profile:
        """The person as stored now (read again after a write)."""
        return self.store.profile(self.session_id, self.catalog.name)

    @cached_property
    def said(self) -> Understanding:
        """The message read against the catalog's vocabulary and titles (once, on demand)."""
        return self.catalog.reader.read(self.text)

    @cached_property
    def said_before(self) -> Understanding | None:
        """The person's previous message, read (once, on demand); None on a first message."""
        before = [m.text for m in self.history if m.role == "user"][-1:]
        return self.catalog.reader.read(before[0]) if before else None

    @cached_property
    def replies(self) -> list[Message]:
        """The bot's earlier messages, oldest first."""
        return [m for m in self.history if m.role == "assistant"]

    @cached_property
    def last_picks(self) -> list[str]:
        """The list last shown, which "the second one" points into (the whole of it after
        one of its picks was looked at alone)."""
        return list(self._latest_topic.list_shown or self.looked_at)

    @cached_property
    def looked_at(self) -> list[str]:
        """The picks of the latest reply that had some: what "it" means in "seen it"."""
        latest = self._latest_with_picks
        return list(latest.picks) if latest else []

    @cached_property
    def shown(self) -> set[str]:
        """Every pick shown lately, which "something else" leaves out."""
        return {i for m in self.replies for i in m.picks}

    @cached_property
    def reasons(self) -> dict[str, str]:
        """Why each pick shown lately was chosen, as its list said (the latest reason of
        each; a pick only shown again or asked about since keeps the one it was chosen
        with)."""
        chosen: dict[str, str] = {}
        for message in self.replies:
            reasons = message.topic.get("reasons")
            if isinstance(reasons, dict):
                chosen.update((str(i), str(why)) for i, why in reasons.items()
                              if why not in (SHOWN_BEFORE, ASKED_ABOUT_IT))
        return chosen

    @cached_property
    def topic(self) -> Topic:
        """What the last picks answered (the list they were looked at in is no part of
        it: a reply built on it shows a list of its own)."""
        return replace(self._latest_topic, list_shown=[])

    @cached_property
    def _latest_topic(self) -> Topic:
        latest = self._latest_with_picks
        return Topic.of(latest.topic) if latest else Topic()

    @property
    def _latest_with_picks(self) -> Message | None:
        return next((m for m in reversed(self.replies) if m.picks), None)


class Engine(Protocol):
    """Answers a turn, or declines (None) so that the next engine does."""

    name: str  # what `Reply.engine` says: "rules", "llm", "offline"

    def answer(self, turn: Turn) -> Answer | None: ...


@runtime_checkable
class StreamingEngine(Engine, Protocol):
    """An engine that can hand out its text as it writes it (the LLM agent). `Bot` streams
    any other engine's reply once it is written."""

    def stream(self, turn: Turn) -> Generator[str, None, Answer | None]:
        """Yield text as it is written; return the answer, or None to decline."""
        ...


def without_pick_lines(text: str) -> str:
    """`text` without lines that present a pick ("1. Heat (1995): ...")."""
    return "\n".join(line for line in text.splitlines() if not PICK_LINE.match(line)).strip()


def clean_message(message: str) -> str:
    """A message as it is read: whitespace collapsed, at most `MAX_MESSAGE` characters."""
    return " ".join(str(message).split())[:MAX_MESSAGE]


def chunks(text: str) -> Iterator[str]:
    """A finished reply as it streams: prose a few words at a time, a pick line at once
    (each chunk is an event to the client, and a pick line shows as a card anyway)."""
    for line in text.splitlines(keepends=True):
        if PICK_LINE.match(line):
            yield line
        else:
            yield from STREAM_CHUNK.findall(line)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None
