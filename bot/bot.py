"""`Bot.reply(session_id, message)`: the one entry point every interface goes through.

One turn, start to end (the engines' interface and the turn's types: bot/turn.py):

1. The message is cleaned and stored, with the conversation before it read once.
2. A `Turn` is built: the session, the catalog view, the message, the history, the
   turn's store (every profile write is made once, whichever engine makes it).
3. The engines are asked in order; the first that answers wins:
   the substitution dialogue (bot/substitution/dialogue.py, rule-first whatever the
   engine), the LLM agent (bot/agent/engine.py, when an LLM is configured), and the
   offline engine (bot/offline.py), which always answers.
4. The reply is stored with its picks and the request they answer, and returned
   (or streamed: the LLM agent's text as it is written, any other reply once written).

Every write is stored before the reply is composed, so a failure while answering
loses nothing the person already said.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from bot.catalog_view import CatalogReading, CatalogView
from bot.errors import UnknownItemError
from bot.offline import ASK_FAVOURITES, PICKS, OfflineEngine
from bot.profiles import Feedback, Profile, ProfileError, ProfileStore
from bot.substitution.dialogue import SubstitutionDialogue
from bot.substitution.service import Substitutions
from bot.summaries import summarise
from bot.turn import Answer, Engine, Reply, StreamingEngine, Turn, chunks, clean_message
from bot.turn_store import TurnStore
from bot.understanding import Understanding

if TYPE_CHECKING:
    from bot.agent.engine import Agent
    from bot.agent.llm import ChatModel
    from bot.context import Context
    from bot.ranker import Pick
    from bot.substitution.acceptance import PairRecord
    from bot.substitution.substituter import SubstituteResult, Verdict
    from bot.titles import TitleIndex

RECENT = 40  # messages of history a turn looks back over


class Bot:
    """Conversational recommendations over one or more indexed catalogs."""

    def __init__(self, context: Context, store: ProfileStore | None = None, *,
                 model: ChatModel | None = None):
        self.context = context
        self.store = store or ProfileStore(context.settings.profiles_store)
        self.substitutions = Substitutions(context, self.store)
        self.offline = OfflineEngine()
        self.agent: Agent | None = None  # the LLM agent, when one is configured
        if model is not None or context.settings.llm_configured:
            from bot.agent.engine import Agent

            self.agent = Agent.from_settings(context.settings, model,
                                             substitutions=self.substitutions)
        self.engines: list[Engine] = [SubstitutionDialogue(self.substitutions),
                                      *([self.agent] if self.agent else []), self.offline]
        self._readings: dict[str, CatalogReading] = {}

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
        text = clean_message(message)
        if not text:
            reply = Reply("I did not catch that. " + ASK_FAVOURITES, asked=True)
            yield from chunks(reply.text) if stream else ()
            yield reply
            return
        turn = self.begin(session_id, catalog or self.context.settings.catalog, text)
        answer: Answer | None = None
        for engine in self.engines:
            if stream and isinstance(engine, StreamingEngine):
                answer = yield from engine.stream(turn)
                streamed = answer is not None
            else:
                answer, streamed = engine.answer(turn), False
            if answer is not None:
                break
        assert answer is not None, "the offline engine always answers"
        reply = answer.reply
        self.store.append_message(session_id, turn.catalog.name, "assistant", reply.text,
                                  [p.id for p in reply.picks], {
                                      **asdict(answer.topic),  # (and why each pick is there)
                                      "reasons": {p.id: p.why for p in reply.picks}})
        if stream and not streamed:
            yield from chunks(reply.text)
        yield reply

    def begin(self, session_id: str, catalog: str, text: str) -> Turn:
        """Store a person's message and build its turn (the history before it, read once)."""
        view = self.view(catalog)
        history = self.store.history(session_id, catalog, limit=RECENT)
        self.store.append_message(session_id, catalog, "user", text)
        return Turn(session_id, view, text, history, TurnStore(self.store))

    def take_in(self, session_id: str, catalog: str, text: str,
                said: Understanding | None = None) -> Understanding:
        """Store a message and what it tells about the person, without answering it (the
        dialogue evaluation reads conversations this way). Returns how it was read;
        `said`: the message as read elsewhere (by a model), else the catalog's reader."""
        turn = self.begin(session_id, catalog, text)
        if said is not None:
            turn.said = said
        return self.offline.take_in(turn).said

    def view(self, catalog: str) -> CatalogView:
        """One turn's view of a catalog: the reading kept once per version of its index
        (read again after a re-ingest), the ranker from the context (reloaded when
        `recbot train` rewrote the model)."""
        index = self.context.index(catalog)
        reading = self._readings.get(catalog)
        if reading is None or reading.version != index.version():
            reading = self._readings[catalog] = CatalogReading.of(
                index, self.context.settings.audience_rules)
        return CatalogView(catalog, reading, self.context.ranker(catalog))

    def prepare(self, catalog: str | None = None) -> None:
        """Read the catalog's titles and open its models now, not on the first turn."""
        self.view(catalog or self.context.settings.catalog)

    def title_index(self, catalog: str | None = None) -> TitleIndex:
        """Every title of the catalog, for matching what people type."""
        return self.view(catalog or self.context.settings.catalog).titles

    # -- the person, outside a message ---------------------------------------------

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

    def set_preferences(self, session_id: str, *, catalog: str | None = None,
                        reading_level: str | None = None, detail: str | None = None
                        ) -> Profile:
        """Change how picks are presented (a UI control, not a message)."""
        name = catalog or self.context.settings.catalog
        self.store.set_preferences(session_id, name, reading_level=reading_level,
                                   detail=detail)
        return self.store.profile(session_id, name)

    def summaries(self, session_id: str, item_ids: Sequence[str], *,
                  catalog: str | None = None, detail: str | None = None) -> dict[str, str]:
        """Each item's summary at the person's reading level and detail (or `detail`), to
        present picks already shown again: after a change of level, or opened in full.
        Ids the catalog lacks are left out."""
        name = catalog or self.context.settings.catalog
        profile = self.store.profile(session_id, name)
        return {item.id: summarise(item, profile.reading_level, detail or profile.detail)
                for item in self.context.index(name).get(list(item_ids))}

    def recommend(self, session_id: str, *, catalog: str | None = None,
                  wanted: Sequence[str] = (), query: str = "", exclude: Iterable[str] = (),
                  k: int = PICKS, fill: bool = False) -> list[Pick]:
        """Picks for the person as stored, for wishes (catalog values such as genres) and
        words, leaving out `exclude`. The same policy as a chat turn, without a message."""
        name = catalog or self.context.settings.catalog
        said = Understanding("", wanted=list(wanted), query=query)
        return self.offline.recommend(self.store.profile(session_id, name), said,
                                      self.view(name), set(exclude), k, fill=fill)

    # -- substitution, outside a message ---------------------------------------------

    def substitutes(self, session_id: str, item_id: str, *, catalog: str | None = None,
                    k: int = 5, max_price_change: float | None = None, any_price: bool = False,
                    same_brand: bool = False, cheaper: bool = False) -> SubstituteResult:
        """Safe substitutes for an item (same category path, in stock, near price), best
        first, without those this person rejected for it. The price band is
        `max_price_change` (0.25: +/-25%), by default RECBOT_SUBSTITUTE_MAX_PRICE_CHANGE.
        When none is in the band, the nearest of the kind in stock, each marked
        (`result.nearest`; `outside_band` and `unmet_wishes` on each substitute)."""
        band = max_price_change
        if band is None:
            band = self.substitutions.default_band
        if any_price:
            band = None
        return self.substitutions.substitutes(
            session_id, catalog or self.context.settings.catalog, item_id, k,
            max_price_change=band, same_brand=same_brand, cheaper=cheaper)

    def substitute_feedback(self, session_id: str, original_id: str, substitute_id: str,
                            accepted: bool, *, catalog: str | None = None) -> PairRecord:
        """Record that a person accepted or rejected `substitute_id` instead of `original_id`;
        returns the pair's record. A pair across categories is refused (SubstitutionError)."""
        return self.substitutions.feedback(session_id, catalog or self.context.settings.catalog,
                                           original_id, substitute_id, accepted)

    def check_substitute(self, original_id: str, candidate_id: str, *,
                         catalog: str | None = None) -> Verdict:
        """May `candidate_id` be offered instead of `original_id`? Every hard rule and the
        category guard: for items an LLM or a person proposes."""
        return self.substitutions.check(catalog or self.context.settings.catalog, original_id,
                                        candidate_id)
