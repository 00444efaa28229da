"""`Bot.reply(session_id, message)`: the one entry point every interface goes through.

The offline dialogue engine (no generative model): each message is read into
slots (`bot.understanding`), the person's profile is updated (likes, budget,
refused topics, reading level), and the policy decides what to do:

- a first-time person with a request too vague to act on is asked for two or
  three favourites (cold start: those likes fold straight into the model);
- feedback ("loved it", "seen the second one") is stored against the picks or
  titles it names, or a question asks which pick is meant;
- "more like the second one" asks for items like that pick; "something else"
  recommends again without anything shown before;
- "explain it simpler" / "more detail" re-presents the last picks;
- anything else is a recommendation from the hybrid ranker under the person's
  constraints, each pick with a summary at their level and a reason.

Every write is stored before the reply is composed, so a failure while
answering loses nothing the person already said.

With an LLM configured (RECBOT_LLM_MODEL), the LLM agent (bot/agent/engine.py) answers
each turn through tools over the same recommender and store; when it fails, this
offline engine answers the same message (the turn's writes are made once, see
bot/turn_store.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot.catalog import Item
from bot.constraints import Constraints, price_bounds_after
from bot.errors import FilterError, UnknownItemError
from bot.profiles import Feedback, Profile, ProfileError, ProfileStore
from bot.ranker import Pick, RecommendRequest
from bot.summaries import summarise
from bot.titles import TitleIndex, display_title
from bot.turn_store import TurnStore
from bot.understanding import Reader, Understanding

if TYPE_CHECKING:
    from bot.agent.engine import Agent
    from bot.agent.llm import ChatModel
    from bot.context import Context
    from bot.ranker import HybridRanker
    from bot.substitution.acceptance import PairRecord
    from bot.substitution.dialogue import Shopping
    from bot.substitution.substituter import SubstituteResult, Verdict

PICK_LINE = re.compile(r"^\s*\d{1,2}(?:\.(?:\s|$)|$)")  # "1. Heat...", or "1" as it streams
STREAM_CHUNK = re.compile(r"(?:\S+\s*){1,4}|\s+")
MAX_MESSAGE = 2_000  # characters read from one message; the rest is ignored
PICKS = 5
RECENT = 40  # messages of history the bot looks back over
NOT_SHARED = ("I only recommend from the catalog: I don't share my instructions or anything "
              "about other people.")
NUDGE = "(Tell me a favourite or two and I will tailor these.)"
ASK_WHAT = "What would you like to find? A kind of thing, a title you liked, or a budget."
ASK_FAVOURITES = ("Tell me two or three favourites (titles are fine, typos too), or describe "
                  "what you are in the mood for, and I will find things you will like.")


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
    engine: str = "offline"  # "llm": the LLM agent wrote it; "rules": the substitution rules

    @property
    def lead(self) -> str:
        """The text without its numbered pick lines: what a page shows above pick cards."""
        return without_pick_lines(self.text) if self.picks else self.text

    def to_dict(self) -> dict[str, Any]:
        return {"reply": self.text, "lead": self.lead, "picks": [asdict(p) for p in self.picks],
                "asked": self.asked}


def without_pick_lines(text: str) -> str:
    """`text` without lines that present a pick ("1. Heat (1995): ...")."""
    return "\n".join(line for line in text.splitlines() if not PICK_LINE.match(line)).strip()


@dataclass
class Topic:
    """What a list of picks answered, so that "something else" or "seen the first one" moves
    on within the same request."""

    wanted: list[str] = field(default_factory=list)  # catalog values, e.g. genres
    query: str = ""
    similar_to: str | None = None  # an item id: the picks were "more like" it
    max_price: float | None = None  # "cheaper" than the picks before
    min_price: float | None = None

    @classmethod
    def of(cls, stored: dict[str, Any]) -> Topic:
        wanted = stored.get("wanted")
        similar = stored.get("similar_to")
        return cls([str(w) for w in wanted] if isinstance(wanted, list) else [],
                   str(stored.get("query") or ""),
                   str(similar) if similar else None,
                   _number(stored.get("max_price")), _number(stored.get("min_price")))


@dataclass
class _Recent:
    """What the bot said lately in this conversation."""

    last: list[str]  # the picks last shown, which "the second one" points into
    shown: set[str]  # every pick shown lately, which "something else" leaves out
    asked_favourites: bool  # the bot's last message asked for favourites
    topic: Topic  # what the last picks answered
    nudged: bool  # the bot already asked, with picks, for a favourite or two


@dataclass
class _Reading:
    """What the bot builds once per catalog: the message reader and the field vocabulary."""

    reader: Reader
    titles: TitleIndex
    fields: dict[str, str]
    vocabulary: dict[str, list[str]]


@dataclass
class _Catalog(_Reading):
    """One turn's view of a catalog: the cached reading, plus the ranker from the context
    (which reloads the collaborative model when `recbot train` rewrote it)."""

    name: str = field(kw_only=True)
    ranker: HybridRanker = field(kw_only=True)
    shopping: Shopping | None = field(default=None, kw_only=True)  # substitutes, for tools


class Bot:
    """Conversational recommendations over one or more indexed catalogs."""

    def __init__(self, context: Context, store: ProfileStore | None = None, *,
                 model: ChatModel | None = None):
        self.context = context
        self.store = store or ProfileStore(context.settings.profiles_path)
        self._readings: dict[str, _Reading] = {}
        self.agent: Agent | None = None  # the LLM agent, when one is configured
        if model is not None or context.settings.llm_configured:
            from bot.agent.engine import Agent

            self.agent = Agent.from_settings(context.settings, model)

    def reply(self, session_id: str, message: str, *, catalog: str | None = None) -> Reply:
        *_, reply = self._turn(session_id, message, catalog, stream=False)
        assert isinstance(reply, Reply)
        return reply

    def stream(self, session_id: str, message: str, *, catalog: str | None = None
               ) -> Iterator[str | Reply]:
        """The reply as it is written: text chunks, then the finished `Reply` last.

        The final `Reply.text` is authoritative: a client that showed the chunks replaces
        them with it (an engine may correct what it streamed, e.g. an ungrounded title)."""
        yield from self._turn(session_id, message, catalog, stream=True)

    def _turn(self, session_id: str, message: str, catalog: str | None, *, stream: bool
              ) -> Iterator[str | Reply]:
        name = catalog or self.context.settings.catalog
        text = " ".join(str(message).split())[:MAX_MESSAGE]
        answer: tuple[Reply, Topic] | None = None
        if not text:
            answer = Reply("I did not catch that. " + ASK_FAVOURITES, asked=True), Topic()
        else:
            shop = self._catalog(name)
            self.store.append_message(session_id, name, "user", text)
            store = TurnStore(self.store)  # the LLM's and the fallback's writes, made once
            # "X is out of stock, what instead?" and its follow-ups: rule-first, whatever the
            # engine, so no model can offer a substitute from another category.
            recent = self._recent(session_id, name)
            substitution = self.shopping.answer(session_id, name, text, recent.last)
            if substitution is not None:  # follow-ups the rules let through stay in its kind
                answer = replace(substitution, engine="rules"), self._kind_of(shop, substitution)
            elif self.agent is not None:
                answer = yield from self.agent.turn(session_id, name, text, shop, store,
                                                    stream=stream)
            if answer is None:
                said, notes = self._read(session_id, shop, text, store, recent)
                profile = self.store.profile(session_id, name)
                answer = self._answer(profile, said, recent, shop, notes)
            self.store.append_message(session_id, name, "assistant", answer[0].text,
                                      [p.id for p in answer[0].picks], asdict(answer[1]))
        reply = answer[0]
        if stream and reply.engine != "llm":  # the agent streamed its own text
            yield from _chunks(reply.text)
        yield reply

    def take_in(self, session_id: str, catalog: str, text: str
                ) -> tuple[Understanding, _Recent, list[str]]:
        """Store a user message and what it tells about the person. Returns how it was read,
        what the bot showed before it, and what to acknowledge."""
        self.store.append_message(session_id, catalog, "user", text)
        recent = self._recent(session_id, catalog)
        said, notes = self._read(session_id, self._catalog(catalog), text,
                                 TurnStore(self.store), recent)
        return said, recent, notes

    def _read(self, session_id: str, shop: _Catalog, text: str, store: TurnStore,
              recent: _Recent) -> tuple[Understanding, list[str]]:
        """Read a stored message offline and store what it tells about the person."""
        said = shop.reader.read(text)
        # Titles are likes when the person says so, answers "tell me your favourites" or just
        # lists titles; "green tea under 150" names a product without liking it. Liked titles
        # are not also words to search for.
        titles_liked = bool(said.titles) and not said.more_like and (
            said.feedback == "like" or said.only_titles
            or (recent.asked_favourites and not said.asks_for_more_than_titles))
        if titles_liked:
            said = replace(said, query=said.query_without_titles)
        notes = self._remember(store, session_id, shop.name, said, recent.last, shop,
                               titles_liked)
        return said, notes

    def feedback(self, session_id: str, item_id: str, kind: Feedback, *,
                 catalog: str | None = None, substitute_for: str | None = None) -> Profile:
        """Record a like, dislike, seen or accepted from a button (not a message).

        With `substitute_for=ORIGINAL_ID`, "accepted" (or "like") and "dislike" are a verdict
        on `item_id` as a substitute for that item, learned from (`substitute_feedback`)."""
        name = catalog or self.context.settings.catalog
        if substitute_for is not None:
            if kind not in ("accepted", "like", "dislike"):
                raise ProfileError("feedback on a substitute is accepted, like or dislike")
            self.substitute_feedback(session_id, substitute_for, item_id, kind != "dislike",
                                     catalog=name)
            return self.store.profile(session_id, name)
        if not self.context.index(name).get([item_id]):
            raise UnknownItemError(f"no item with id {item_id!r} in catalog {name!r}")
        self.store.record_feedback(session_id, name, item_id, kind)
        return self.store.profile(session_id, name)

    def prepare(self, catalog: str | None = None) -> None:
        """Read the catalog's titles and open its models now, not on the first turn."""
        self._catalog(catalog or self.context.settings.catalog)

    @cached_property
    def shopping(self) -> Shopping:
        """Substitution: the dialogue, and the engine for the API (`bot.shopping`)."""
        from bot.substitution.dialogue import Shopping

        return Shopping(self.context, self.store)

    def substitutes(self, session_id: str, item_id: str, *, catalog: str | None = None,
                    k: int = 5, max_price_change: float | None = None, any_price: bool = False,
                    same_brand: bool = False, cheaper: bool = False) -> SubstituteResult:
        """Safe substitutes for an item (same category path, in stock, near price), best
        first, without those this person rejected for it. The price band is
        `max_price_change` (0.25: +/-25%), by default RECBOT_SUBSTITUTE_MAX_PRICE_CHANGE."""
        band = max_price_change
        if band is None:
            band = self.context.settings.substitute_max_price_change
        if any_price:
            band = None
        return self.shopping.substitutes(session_id, catalog or self.context.settings.catalog,
                                         item_id, k, max_price_change=band,
                                         same_brand=same_brand, cheaper=cheaper)

    def substitute_feedback(self, session_id: str, original_id: str, substitute_id: str,
                            accepted: bool, *, catalog: str | None = None) -> PairRecord:
        """Record that a person accepted or rejected `substitute_id` instead of `original_id`;
        returns the pair's record. A pair across categories is refused (SubstitutionError)."""
        return self.shopping.feedback(session_id, catalog or self.context.settings.catalog,
                                      original_id, substitute_id, accepted)

    def check_substitute(self, original_id: str, candidate_id: str, *,
                         catalog: str | None = None) -> Verdict:
        """May `candidate_id` be offered instead of `original_id`? Every hard rule and the
        category guard: for items an LLM or a person proposes."""
        name = catalog or self.context.settings.catalog
        return self.shopping.substituter(name).check(original_id, candidate_id)

    def set_preferences(self, session_id: str, *, catalog: str | None = None,
                        reading_level: str | None = None, detail: str | None = None
                        ) -> Profile:
        """Change how picks are presented (a UI control, not a message)."""
        name = catalog or self.context.settings.catalog
        self.store.set_preferences(session_id, name, reading_level=reading_level,
                                   detail=detail)
        return self.store.profile(session_id, name)

    # -- state ---------------------------------------------------------------------

    def _remember(self, store: TurnStore, session_id: str, catalog: str, said: Understanding,
                  last: list[str], shop: _Catalog, titles_liked: bool) -> list[str]:
        """Store what the message tells about the person; returns what to acknowledge."""
        notes: list[str] = []
        if said.reading_level or said.detail:
            store.set_preferences(session_id, catalog, reading_level=said.reading_level,
                                  detail=said.detail)
        if (said.max_price or said.min_price) and "price" in shop.fields:
            store.set_preferences(session_id, catalog, max_price=said.max_price,
                                  min_price=said.min_price)
        if said.excluded:
            store.exclude_topics(session_id, catalog, add=said.excluded)
            notes.append(f"No {', '.join(t.lower() for t in said.excluded)}.")
        targets = [last[i] for i in said.references if -len(last) <= i < len(last)]
        if said.feedback and not targets and not said.titles and len(last) == 1:
            targets = last
        if titles_liked:
            targets += [t.item_id for t in said.titles]
        kind = (said.feedback or "like") if titles_liked else (said.feedback or "")
        if kind and targets:
            for item_id in dict.fromkeys(targets):
                store.record_feedback(session_id, catalog, item_id, kind)  # type: ignore[arg-type]
            titles = [display_title(shop.titles.titles.get(i, i))
                      for i in dict.fromkeys(targets)]
            verb = {"like": "you liked", "dislike": "not for you", "seen": "already seen",
                    "accepted": "accepted"}[kind]
            notes.append(f"Noted, {verb}: {', '.join(titles)}.")
        return notes

    # -- policy --------------------------------------------------------------------

    def _answer(self, profile: Profile, said: Understanding, recent: _Recent, shop: _Catalog,
                notes: list[str]) -> tuple[Reply, Topic]:
        """The reply, and the topic its picks answer (kept for follow-ups)."""
        lead, last = " ".join(notes), recent.last
        if said.meta:  # never answered; whatever else the message asks is
            lead = _join(NOT_SHARED, lead)
            if said.is_vague:
                return Reply(_join(lead, ASK_FAVOURITES if profile.is_new else ASK_WHAT),
                             asked=True), recent.topic
        if said.feedback and not said.titles and not said.references and len(last) > 1 \
                and not (said.something_else or said.more_like or said.query):
            return Reply(_join(lead, "Which one do you mean? Say \"the first one\", "
                                     "\"the second one\"..."), asked=True), recent.topic
        if said.changes_presentation_only and last:
            again = self._present(shop.ranker.index.get(last), profile)
            return Reply(_render(_join(lead, "Here they are again:"), again), again), \
                recent.topic
        # "seen the first one", "something else", "cheaper": the same request, moved on.
        follow_up = not (said.wanted or said.query or said.more_like) and (
            said.something_else or said.feedback is not None or said.price_move is not None)
        topic = recent.topic if follow_up else Topic(said.wanted, said.query)
        if said.price_move and last:
            topic = self._moved_price(topic, said.price_move, shop, last)
            if topic.max_price is not None:
                lead = _join(lead, f"Cheaper ones, under {topic.max_price:g}.")
            elif topic.min_price is not None:
                lead = _join(lead, f"Pricier ones, over {topic.min_price:g}.")
        said = replace(said, max_price=_tighter(min, said.max_price, topic.max_price),
                       min_price=_tighter(max, said.min_price, topic.min_price))
        anchor = self._anchor(said, last) if said.more_like else topic.similar_to
        if said.more_like and anchor is None:
            return Reply(_join(lead, "More like which one? Name a title or say \"the "
                                     "second one\"."), asked=True), recent.topic
        exclude = recent.shown if said.something_else else (
            set(last) if said.price_move else set())  # "cheaper": others than those
        if anchor is not None:  # a new "more like" leaves out the list it points into
            moved_on = set(last) if said.more_like else set()
            constraints = self._constraints(profile, said, shop,
                                            exclude=profile.shown_before() | moved_on | exclude)
            picks = shop.ranker.similar(anchor, PICKS, constraints)
            title = next((i.title for i in shop.ranker.index.get([anchor])), anchor)
            return self._picks_reply(_join(lead, f"More like {display_title(title)}:"), picks,
                                     profile), replace(topic, similar_to=anchor)
        if follow_up:
            said = replace(said, wanted=topic.wanted, query=topic.query)
        if profile.is_new and said.is_vague and not said.something_else:
            return Reply(_join(lead, ASK_FAVOURITES), asked=True), topic  # cold start
        picks = self._recommend(profile, said, shop, exclude)
        intro = "Something different:" if said.something_else else "You might like:"
        if profile.is_new and picks and not recent.nudged:
            intro += " " + NUDGE
        return self._picks_reply(_join(lead, intro), picks, profile), topic

    def _recommend(self, profile: Profile, said: Understanding, shop: _Catalog,
                   exclude: set[str], k: int = PICKS, *, fill: bool = False) -> list[Pick]:
        """The wishes as hard filters first; then only the first rather than nothing. With
        `fill`, fewer wishes and then none fill whatever room is left."""
        query = said.query or " ".join(said.wanted) or None
        refused = {t.lower() for t in profile.excluded_topics}  # a standing refusal wins
        wanted = [f"{shop.reader.field_of[v]}={v}" for v in said.wanted
                  if v in shop.reader.field_of and v.lower() not in refused]
        picks: list[Pick] = []
        levels = (tuple(wanted), tuple(wanted[:1])) if wanted else ((),)
        for conditions in dict.fromkeys((*levels, ()) if fill else levels):
            constraints = self._constraints(profile, said, shop,
                                            exclude=exclude | {p.item.id for p in picks},
                                            conditions=conditions)
            request = RecommendRequest(liked=profile.liked, disliked=profile.disliked,
                                       seen=[*profile.seen, *profile.accepted], query=query,
                                       constraints=constraints, k=k - len(picks))
            picks += shop.ranker.recommend(request)
            if len(picks) >= k or (picks and not fill):
                break
        return picks

    def recommend(self, session_id: str, *, catalog: str | None = None,
                  wanted: Sequence[str] = (), query: str = "", exclude: Iterable[str] = (),
                  k: int = PICKS, fill: bool = False) -> list[Pick]:
        """Picks for the person as stored, for wishes (catalog values such as genres) and
        words, leaving out `exclude`. The same policy as a chat turn, without a message."""
        name = catalog or self.context.settings.catalog
        shop = self._catalog(name)
        said = Understanding("", wanted=list(wanted), query=query)
        return self._recommend(self.store.profile(session_id, name), said, shop, set(exclude),
                               k, fill=fill)

    def _constraints(self, profile: Profile, said: Understanding, shop: _Catalog, *,
                     exclude: set[str], conditions: Sequence[str] = ()) -> Constraints:
        """The person's standing limits, tightened by this turn's (a "cheaper" follow-up)."""
        priced = "price" in shop.fields
        try:
            return Constraints.build(
                shop.fields, shop.vocabulary, conditions=conditions,
                max_price=_tighter(min, profile.max_price, said.max_price) if priced else None,
                min_price=_tighter(max, profile.min_price, said.min_price) if priced else None,
                exclude_ids=exclude, excluded_topics=profile.excluded_topics)
        except FilterError:  # a wish the catalog cannot filter on: keep it as words only
            return Constraints.build(shop.fields, shop.vocabulary, exclude_ids=exclude,
                                     excluded_topics=profile.excluded_topics)

    def _kind_of(self, shop: _Catalog, reply: Reply) -> Topic:
        """The product type (or sub-category) of a substitution's picks, as a topic."""
        first = shop.ranker.index.get([p.id for p in reply.picks[:1]])
        for name in ("type", "sub_category", "category"):
            value = first[0].attributes.get(name) if first else None
            if isinstance(value, str) and value in shop.reader.field_of:
                return Topic(wanted=[value])
        return Topic()

    def _moved_price(self, topic: Topic, move: str, shop: _Catalog, last: list[str]
                     ) -> Topic:
        prices = [p for i in shop.ranker.index.get(last)
                  if isinstance(p := i.attributes.get("price"), (int, float))]
        if not prices:
            return topic
        low, high = price_bounds_after(move, prices)
        return replace(topic, min_price=low, max_price=high)

    def _anchor(self, said: Understanding, last: list[str]) -> str | None:
        if said.titles:
            return said.titles[0].item_id
        for i in said.references:
            if -len(last) <= i < len(last):
                return last[i]
        return last[0] if len(last) == 1 else None

    # -- presenting ----------------------------------------------------------------

    def _picks_reply(self, intro: str, picks: list[Pick], profile: Profile) -> Reply:
        if not picks:
            return Reply(_join(intro.split(":")[0] + ":", "nothing in the catalog matches all "
                               "of that. Try fewer limits, a higher budget, or other words."),
                         asked=True)
        views = [_view(p.item, profile, p.why(), round(p.score, 4)) for p in picks]
        return Reply(_render(intro, views), views)

    def _present(self, items: list[Item], profile: Profile) -> list[PickView]:
        return [_view(i, profile, "shown before", 0.0) for i in items]

    def _recent(self, session_id: str, catalog: str) -> _Recent:
        history = [m for m in self.store.history(session_id, catalog, limit=RECENT)
                   if m.role == "assistant"]
        latest = next((m for m in reversed(history) if m.picks), None)
        return _Recent(last=latest.picks if latest else [],
                       shown={i for m in history for i in m.picks},
                       asked_favourites=bool(history) and ASK_FAVOURITES in history[-1].text,
                       topic=Topic.of(latest.topic) if latest else Topic(),
                       nudged=any(NUDGE in m.text for m in history))

    def _catalog(self, name: str) -> _Catalog:
        reading = self._reading(name)
        return _Catalog(reading.reader, reading.titles, reading.fields, reading.vocabulary,
                        name=name, ranker=self.context.ranker(name), shopping=self.shopping)

    def _reading(self, name: str) -> _Reading:
        if name not in self._readings:  # once per catalog: every title, read from the index
            index = self.context.index(name)
            manifest = index.manifest()
            items = index.get(index.ids())
            popularity = {i.id: float(count) for i in items
                          if isinstance(count := i.attributes.get("popularity"), (int, float))}
            titles = TitleIndex([(i.id, i.title) for i in items], popularity)
            self._readings[name] = _Reading(Reader(manifest.vocabulary, titles), titles,
                                            manifest.fields, manifest.vocabulary)
        return self._readings[name]

    def title_index(self, catalog: str | None = None) -> TitleIndex:
        """Every title of the catalog, for matching what people type."""
        return self._reading(catalog or self.context.settings.catalog).titles


def _view(item: Item, profile: Profile, why: str, score: float) -> PickView:
    """A pick as people see it: their reading level and detail, the title as written."""
    return PickView(item.id, display_title(item.title),
                    summarise(item, profile.reading_level, profile.detail), why, score)


def _render(intro: str, picks: Sequence[PickView]) -> str:
    lines = [intro]
    for n, pick in enumerate(picks, start=1):
        lines.append(f"{n}. {pick.title}: {pick.summary} ({pick.why})")
    return "\n".join(lines)


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _tighter(pick: Any, *bounds: float | None) -> float | None:
    """The tighter of the bounds that are set (`min` for maxima, `max` for minima)."""
    present = [b for b in bounds if b is not None]
    return pick(present) if present else None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


def _chunks(text: str) -> Iterator[str]:
    """The offline reply as it streams: prose a few words at a time, a pick line at once
    (each chunk is an event to the client, and a pick line shows as a card anyway)."""
    for line in text.splitlines(keepends=True):
        if PICK_LINE.match(line):
            yield line
        else:
            yield from STREAM_CHUNK.findall(line)
