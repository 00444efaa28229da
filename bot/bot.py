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
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot.constraints import Constraints
from bot.errors import FilterError, UnknownItemError
from bot.profiles import Feedback, Profile, ProfileError, ProfileStore
from bot.ranker import Pick, RecommendRequest
from bot.summaries import summarise
from bot.titles import TitleIndex
from bot.understanding import Reader, Understanding

if TYPE_CHECKING:
    from bot.acceptance import PairRecord
    from bot.context import Context
    from bot.ranker import HybridRanker
    from bot.shopping import Shopping
    from bot.substitution import SubstituteResult, Verdict

MAX_MESSAGE = 2_000  # characters read from one message; the rest is ignored
PICKS = 5
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

    def to_dict(self) -> dict[str, Any]:
        return {"reply": self.text, "picks": [asdict(p) for p in self.picks],
                "asked": self.asked}


@dataclass
class _Reading:
    """What the bot builds once per catalog: the message reader and the field vocabulary."""

    reader: Reader
    fields: dict[str, str]
    vocabulary: dict[str, list[str]]


@dataclass
class _Catalog(_Reading):
    """One turn's view of a catalog: the cached reading, plus the ranker from the context
    (which reloads the collaborative model when `recbot train` rewrote it)."""

    ranker: HybridRanker = field(kw_only=True)


class Bot:
    """Conversational recommendations over one or more indexed catalogs."""

    def __init__(self, context: Context, store: ProfileStore | None = None):
        self.context = context
        self.store = store or ProfileStore(context.settings.profiles_path)
        self._readings: dict[str, _Reading] = {}

    def reply(self, session_id: str, message: str, *, catalog: str | None = None) -> Reply:
        name = catalog or self.context.settings.catalog
        text = " ".join(str(message).split())[:MAX_MESSAGE]
        if not text:
            return Reply("I did not catch that. " + ASK_FAVOURITES, asked=True)
        shop = self._catalog(name)
        self.store.append_message(session_id, name, "user", text)
        said = shop.reader.read(text)
        last, asked_favourites = self._last_turn(session_id, name)
        substitution = self.shopping.answer(session_id, name, text, last)  # out of stock...
        if substitution is not None:
            self.store.append_message(session_id, name, "assistant", substitution.text,
                                      [p.id for p in substitution.picks])
            return substitution
        # Titles are likes when the person says so, answers "tell me your favourites" or just
        # lists titles; "green tea under 150" names a product without liking it. Liked titles
        # are not also words to search for.
        titles_liked = bool(said.titles) and not said.more_like and (
            said.feedback == "like" or asked_favourites or said.only_titles)
        if titles_liked:
            said = replace(said, query=said.query_without_titles)
        notes = self._remember(session_id, name, said, last, shop, titles_liked)
        profile = self.store.profile(session_id, name)
        reply = self._answer(profile, said, last, shop, notes)
        self.store.append_message(session_id, name, "assistant", reply.text,
                                  [p.id for p in reply.picks])
        return reply

    def stream(self, session_id: str, message: str, *, catalog: str | None = None
               ) -> Iterator[str | Reply]:
        """The reply as it is written: text chunks, then the finished `Reply` last.

        The final `Reply.text` is authoritative: a client that showed the chunks replaces
        them with it (an engine may correct what it streamed, e.g. an ungrounded title)."""
        reply = self.reply(session_id, message, catalog=catalog)
        yield from reply.text.splitlines(keepends=True)
        yield reply

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

    @cached_property
    def shopping(self) -> Shopping:
        """Substitution: the dialogue, and the engine for the API (`bot.shopping`)."""
        from bot.shopping import Shopping

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

    def _remember(self, session_id: str, catalog: str, said: Understanding, last: list[str],
                  shop: _Catalog, titles_liked: bool) -> list[str]:
        """Store what the message tells about the person; returns what to acknowledge."""
        notes: list[str] = []
        store = self.store
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
            titles = [shop.reader.titles.titles.get(i, i) if shop.reader.titles else i
                      for i in dict.fromkeys(targets)]
            verb = {"like": "you liked", "dislike": "not for you", "seen": "already seen",
                    "accepted": "accepted"}[kind]
            notes.append(f"Noted, {verb}: {', '.join(titles)}.")
        return notes

    # -- policy --------------------------------------------------------------------

    def _answer(self, profile: Profile, said: Understanding, last: list[str], shop: _Catalog,
                notes: list[str]) -> Reply:
        lead = " ".join(notes)
        if said.feedback and not said.titles and not said.references and len(last) > 1 \
                and not (said.something_else or said.more_like or said.query):
            return Reply(_join(lead, "Which one do you mean? Say \"the first one\", "
                                     "\"the second one\"..."), asked=True)
        if said.changes_presentation_only and last:
            again = self._present(shop.ranker.index.get(last), profile)
            return Reply(_render(_join(lead, "Here they are again:"), again), again)
        if said.more_like:
            anchor = self._anchor(said, last)
            if anchor is None:
                return Reply(_join(lead, "More like which one? Name a title or say \"the "
                                         "second one\"."), asked=True)
            constraints = self._constraints(profile, said, shop,
                                            exclude=profile.shown_before())
            picks = shop.ranker.similar(anchor, PICKS, constraints)
            title = next((i.title for i in shop.ranker.index.get([anchor])), anchor)
            return self._picks_reply(_join(lead, f"More like {title}:"), picks, profile)
        if profile.is_new and said.is_vague and not said.something_else:
            return Reply(_join(lead, ASK_FAVOURITES), asked=True)  # cold start: ask first
        exclude = set(last) if said.something_else else set()
        picks = self._recommend(profile, said, shop, exclude)
        intro = "Something different:" if said.something_else else "You might like:"
        if profile.is_new and picks:
            intro += "  (Tell me a favourite or two and I will tailor these.)"
        return self._picks_reply(_join(lead, intro), picks, profile)

    def _recommend(self, profile: Profile, said: Understanding, shop: _Catalog,
                   exclude: set[str]) -> list[Pick]:
        query = said.query or " ".join(said.wanted) or None
        wanted = [f"{shop.reader.field_of[v]}={v}" for v in said.wanted
                  if v in shop.reader.field_of]
        # The wishes as hard filters first; then fewer of them rather than nothing.
        for conditions in (wanted, wanted[:1], []):
            constraints = self._constraints(profile, said, shop, exclude=exclude,
                                            conditions=conditions)
            request = RecommendRequest(liked=profile.liked, disliked=profile.disliked,
                                       seen=[*profile.seen, *profile.accepted], query=query,
                                       constraints=constraints, k=PICKS)
            picks = shop.ranker.recommend(request)
            if picks or not conditions:
                return picks
        return []

    def _constraints(self, profile: Profile, said: Understanding, shop: _Catalog, *,
                     exclude: set[str], conditions: Sequence[str] = ()) -> Constraints:
        priced = "price" in shop.fields
        try:
            return Constraints.build(
                shop.fields, shop.vocabulary, conditions=conditions,
                max_price=profile.max_price if priced else None,
                min_price=profile.min_price if priced else None,
                exclude_ids=exclude, excluded_topics=profile.excluded_topics)
        except FilterError:  # a wish the catalog cannot filter on: keep it as words only
            return Constraints.build(shop.fields, shop.vocabulary, exclude_ids=exclude,
                                     excluded_topics=profile.excluded_topics)

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
        views = [PickView(p.item.id, p.item.title,
                          summarise(p.item, profile.reading_level, profile.detail),
                          p.why(), round(p.score, 4)) for p in picks]
        return Reply(_render(intro, views), views)

    def _present(self, items: list[Any], profile: Profile) -> list[PickView]:
        return [PickView(i.id, i.title, summarise(i, profile.reading_level, profile.detail),
                         "shown before", 0.0) for i in items]

    def _last_turn(self, session_id: str, catalog: str) -> tuple[list[str], bool]:
        """The picks last shown, and whether the bot's last message asked for favourites."""
        history = [m for m in self.store.history(session_id, catalog, limit=20)
                   if m.role == "assistant"]
        picks = next((m.picks for m in reversed(history) if m.picks), [])
        asked = bool(history) and ASK_FAVOURITES in history[-1].text
        return picks, asked

    def _catalog(self, name: str) -> _Catalog:
        if name not in self._readings:  # once per catalog: every title, read from the index
            index = self.context.index(name)
            manifest = index.manifest()
            items = index.get(index.ids())
            popularity = {i.id: float(count) for i in items
                          if isinstance(count := i.attributes.get("popularity"), (int, float))}
            titles = TitleIndex([(i.id, i.title) for i in items], popularity)
            self._readings[name] = _Reading(Reader(manifest.vocabulary, titles),
                                            manifest.fields, manifest.vocabulary)
        reading = self._readings[name]
        return _Catalog(reading.reader, reading.fields, reading.vocabulary,
                        ranker=self.context.ranker(name))


def _render(intro: str, picks: Sequence[PickView]) -> str:
    lines = [intro]
    for n, pick in enumerate(picks, start=1):
        lines.append(f"{n}. {pick.title}: {pick.summary} ({pick.why})")
    return "\n".join(lines)


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)

