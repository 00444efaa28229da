"""The substitution dialogue of the offline engine.

    you: Pure & Gentle Face Wash is out of stock, what can I get instead?
    bot: Instead of Pure & Gentle Face Wash, you could get: 1. ... 2. ... 3. ...
    you: cheaper            -> cheaper substitutes for the same item
    you: same brand please  -> only the same brand
    you: not the second one -> a rejection, learned from; the list moves on
    you: I'll take the first -> an acceptance, learned from

A substitution thread (the item being replaced, the wishes so far, what was
shown) is kept in the substitution store, tied to the bot message that showed
it: a follow-up such as "cheaper" refines the thread only while that message is
the latest, so it never hijacks a conversation that has moved on. Products are
found by name forgivingly (word order, missing words, typos, the brand), and
when a name fits several products the person is asked which one.

`Shopping.answer` returns None for a message that is not about substitution;
the rest of the engine then answers it.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from bot.bot import PickView, Reply
from bot.catalog import Item
from bot.constraints import STOCK_FIELD
from bot.errors import SubstitutionError
from bot.profiles import MAX_MESSAGE, Profile, ProfileStore
from bot.substitution.acceptance import AcceptanceModel, PairRecord, SubstitutionStore, price_of
from bot.substitution.rules import SubstituteOptions
from bot.substitution.substituter import Substitute, Substituter, SubstituteResult
from bot.summaries import summarise
from bot.titles import normalise
from bot.understanding import ORDINALS, REFERENCE

if TYPE_CHECKING:
    from bot.context import Context

SHOWN = 3  # substitutes per reply: enough to choose from, short enough to read
MATCH_CUTOFF = 80  # word-set similarity for a product named loosely
STATUS = r"(?:out of stock|sold out|unavailable|not available|not in stock|gone|finished)"
OUT_OF_STOCK = re.compile(rf"\b{STATUS}\b|\bran out\b|\brun out\b", re.IGNORECASE)
NAMED_BEFORE = re.compile(
    rf"^(?:(?:oh|hmm|so|hi|hey|well|but)[,!]?\s+)*(?P<product>.+?)(?:\s+(?:is|are|was|were|seems|"
    rf"seem)|'s)\s+(?:(?:currently|now|all|still|already)\s+)?{STATUS}\b", re.IGNORECASE)
NAMED_AFTER = re.compile(
    r"\b(?:instead of|substitutes? for|substitution for|replacements? for|alternatives? (?:to|for)"
    r"|in place of|replace|swap(?: out)?|out of|run out of|ran out of|no more)\s+"
    r"(?P<product>.+?)(?=[,.;!?]|\s+(?:what|which|is|are|please)\b|$)",
    re.IGNORECASE)
INSTEAD = re.compile(r"\b(?:instead|substitutes?|substitution|replacements?|alternatives?|"
                     r"swap|in place of)\b", re.IGNORECASE)
PROPOSED = re.compile(r"\b(?:what about|how about|would|could i (?:get|have)|can i (?:get|have)"
                      r")\s+(?P<product>.+?)(?:\s+(?:instead|work|do))?\s*\??$", re.IGNORECASE)
CHEAPER = re.compile(r"\b(?:cheaper|less expensive|lower price|cheapest|too expensive|"
                     r"too pricey|save money)\b", re.IGNORECASE)
SAME_BRAND = re.compile(r"\b(?:same brand|that brand|this brand|same make)\b", re.IGNORECASE)
ANY_BRAND = re.compile(r"\b(?:any brand|other brands?|another brand|different brands?|"
                       r"brand doesn'?t matter|(?:not|don'?t want|doesn'?t have to be|no need "
                       r"for) (?:the |a )?same brand)\b", re.IGNORECASE)
ANY_PRICE = re.compile(r"\b(?:any price|price doesn'?t matter|(?:more expensive|pricier) is "
                       r"(?:fine|ok|okay)|don'?t mind (?:the price|paying more))\b", re.IGNORECASE)
WIDER = re.compile(r"\b(?:widen|relax|wider|look wider|broader)\b", re.IGNORECASE)
OPTION_WORDS = re.compile("|".join(p.pattern for p in (ANY_BRAND, SAME_BRAND, CHEAPER, ANY_PRICE,
                                                         WIDER)), re.IGNORECASE)
NOT_A_PRODUCT = ("stock", "it", "that", "this", "them", "those", "instead", "something")
REJECT = re.compile(r"\b(?:don'?t want|do not want|not (?:that|this|the \w+)(?: one)?|no thanks|"
                    r"not for me|don'?t like|nope|reject)\b", re.IGNORECASE)
ACCEPT = re.compile(r"\b(?:i'?ll take|i will take|take (?:it|that|this|the)|i'?ll have|add (?:it|"
                    r"that|this|the)|sounds good|that works|that'?s fine|perfect|great|yes|yep|"
                    r"ok(?:ay)?|sure|go ahead|do it|please do)\b", re.IGNORECASE)
MORE = re.compile(r"\b(?:something else|anything else|other (?:ones|options)|more options|"
                  r"show me more|what else|others)\b", re.IGNORECASE)
FILLER = re.compile(r"^(?:the|my|your|a|an|some|this|that)\s+|\s+(?:please|pls|anymore|today|"
                    r"now|again|here)$", re.IGNORECASE)


@dataclass
class Thread:
    """The substitution a conversation is in."""

    # new: not answered yet; offer: substitutes shown; relax: none, relaxations offered;
    # choose: which product?; name: not found, the next message names it; done.
    state: str
    original: str = ""
    options: SubstituteOptions = field(default_factory=SubstituteOptions)
    offered: list[str] = field(default_factory=list)  # shown in the latest reply
    shown: list[str] = field(default_factory=list)  # shown in this thread so far
    relaxations: dict[str, SubstituteOptions] = field(default_factory=dict)  # name -> options
    choices: list[str] = field(default_factory=list)  # products to choose the original from

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "original": self.original,
                "options": self.options.to_dict(), "offered": self.offered,
                "shown": self.shown, "choices": self.choices,
                "relaxations": {n: r.to_dict() for n, r in self.relaxations.items()}}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Thread:
        return cls(raw["state"], raw.get("original", ""), SubstituteOptions(**raw["options"]),
                   list(raw.get("offered", [])), list(raw.get("shown", [])),
                   {name: SubstituteOptions(**r)
                    for name, r in (raw.get("relaxations") or {}).items()},
                   list(raw.get("choices", [])))


class ProductFinder:
    """Products by the name a person types: the title, the brand, in any order, typos too."""

    def __init__(self, items: Sequence[Item]):
        self.keys: list[str] = []
        self.ids: list[str] = []
        self.exact: dict[str, list[str]] = {}
        for item in items:
            brand = item.attributes.get("brand")
            title_key = normalise(item.title)
            self.exact.setdefault(title_key, []).append(item.id)
            self.keys.append(f"{title_key} {normalise(brand)}" if isinstance(brand, str)
                             else title_key)
            self.ids.append(item.id)

    def find(self, phrase: str, limit: int = 3) -> tuple[list[str], bool]:
        """The best-fitting products, best first, and whether the best one is clear."""
        key = normalise(FILLER.sub("", phrase.strip()))
        if not key:
            return [], False
        if key in self.exact:
            found = self.exact[key]
            return found[:limit], len(found) == 1
        hits = process.extract(key, self.keys, scorer=fuzz.token_set_ratio,
                               score_cutoff=MATCH_CUTOFF, limit=200)
        ranked = sorted(((score, fuzz.token_sort_ratio(key, self.keys[n]), n)
                         for _, score, n in hits), reverse=True)
        if not ranked:
            return [], False
        clear = len(ranked) == 1 or ranked[0][0] >= ranked[1][0] + 5 or (
            ranked[0][0] == ranked[1][0] and ranked[0][1] >= ranked[1][1] + 15)
        return [self.ids[n] for _, _, n in ranked[:limit]], clear


class Shopping:
    """Substitution for the offline engine, the `Bot` API and the CLI: one per `Bot`."""

    def __init__(self, context: Context, profiles: ProfileStore,
                 store: SubstitutionStore | None = None):
        self.context = context
        self.profiles = profiles
        self.store = store or SubstitutionStore(context.settings.substitutions_path)
        self._substituters: dict[str, Substituter | None] = {}
        self._finders: dict[str, ProductFinder] = {}
        self._lock = threading.Lock()

    # -- the API ------------------------------------------------------------------------

    def substituter(self, catalog: str) -> Substituter:
        """The catalog's substitution engine; `SubstitutionError` when the catalog has no
        categories or prices to substitute by."""
        engine = self._engine(catalog)
        if engine is None:
            engine = Substituter(self.context.index(catalog))
            engine.rules()  # raises the reason
        return engine

    def substitutes(self, session_id: str, catalog: str, item_id: str, k: int = 5,
                    **options: Any) -> SubstituteResult:
        """Substitutes for a person: what they rejected for this item stays out."""
        options.setdefault("max_price_change", self.context.settings.substitute_max_price_change)
        rejected = self.store.rejected_by(session_id, catalog, item_id)
        exclude = {*options.pop("exclude", ()), *rejected}
        return self.substituter(catalog).substitutes(item_id, k, exclude=exclude, **options)

    def feedback(self, session_id: str, catalog: str, original_id: str, substitute_id: str,
                 accepted: bool) -> PairRecord:
        """Record an accepted or rejected substitution (an accepted one joins the profile)."""
        record = self.substituter(catalog).record(original_id, substitute_id, accepted,
                                                  session_id=session_id)
        if accepted:
            self.profiles.record_feedback(session_id, catalog, substitute_id, "accepted")
        return record

    # -- the dialogue -------------------------------------------------------------------

    def answer(self, session_id: str, catalog: str, text: str, last_picks: Sequence[str]
               ) -> Reply | None:
        """The reply to a substitution message or follow-up; None for anything else."""
        engine = self._engine(catalog)
        if engine is None:
            return None
        thread = self._live_thread(session_id, catalog)
        try:
            reply, thread = self._respond(session_id, catalog, engine, text, last_picks, thread)
        except SubstitutionError as exc:
            reply, thread = Reply(f"I can't suggest a substitute: {exc}."), Thread("done")
        if reply is not None and thread is not None:
            self.store.save_thread(session_id, catalog, thread.to_dict(), _digest(reply.text))
        return reply

    def _respond(self, session_id: str, catalog: str, engine: Substituter, text: str,
                 last_picks: Sequence[str], thread: Thread | None
                 ) -> tuple[Reply | None, Thread | None]:
        references = _references(text)
        if thread is not None and thread.state == "choose":
            chosen = [thread.choices[i] for i in references if -len(thread.choices) <= i
                      < len(thread.choices)]
            if chosen or ACCEPT.search(text):
                return self._offer(session_id, catalog,
                                   self._thread((chosen or thread.choices)[0]))
        request = self._request(catalog, text, last_picks, references)
        if request is None and thread is not None and thread.state == "name":
            ids, clear = self._finder(catalog).find(text)  # the answer to "which product?"
            request = (ids, clear) if clear else None  # anything else: the talk moved on
        if request is not None:
            ids, clear = request
            if not ids:
                return Reply("Which product is out of stock? I could not find it in the "
                             "catalog; tell me its name as the shop writes it.", asked=True), \
                    Thread("name")
            if not clear:
                return self._choose(session_id, catalog, ids)
            return self._offer(session_id, catalog, self._thread(ids[0]))
        if thread is None or thread.state not in ("offer", "relax"):
            return None, None
        return self._follow_up(session_id, catalog, engine, text, references, thread)

    def _follow_up(self, session_id: str, catalog: str, engine: Substituter, text: str,
                   references: list[int], thread: Thread) -> tuple[Reply | None, Thread | None]:
        """'cheaper', 'same brand', 'not the second one', 'I'll take it', 'any price'..."""
        offered = thread.offered
        targets = [offered[i] for i in references if -len(offered) <= i < len(offered)]
        options = self._wishes(text, thread)
        verdict = OPTION_WORDS.sub(" ", text)  # "not the same brand" is a wish, not a verdict
        if thread.state == "offer" and offered and REJECT.search(verdict):
            rejected = targets or offered[:1]  # "not that one": the best, shown first
            for item_id in dict.fromkeys(rejected):
                self.feedback(session_id, catalog, thread.original, item_id, False)
            note = f"Noted, not {self._titles(catalog, rejected)}."
            return self._offer(session_id, catalog, replace(thread, options=options), note=note)
        if thread.state == "offer" and offered and options == thread.options \
                and ACCEPT.search(verdict) and not MORE.search(text):
            chosen = (targets or offered[:1])[0]
            self.feedback(session_id, catalog, thread.original, chosen, True)
            return self._accepted(session_id, catalog, thread, chosen), replace(thread,
                                                                                state="done")
        proposed = PROPOSED.search(text)
        if proposed and not references and \
                proposed.group("product").lower().split()[0] not in NOT_A_PRODUCT:
            ids, _ = self._finder(catalog).find(proposed.group("product"))
            if ids:
                return self._vet(session_id, catalog, engine, thread, ids[0])
            return Reply(f"I could not find {proposed.group('product')!r} in the catalog. "
                         "Tell me its name as the shop writes it, or pick one of these.",
                         asked=True), thread  # the offer stands
        if options != thread.options or OPTION_WORDS.search(text):  # a wish, even one kept
            return self._offer(session_id, catalog, replace(thread, options=options, shown=[]))
        if thread.state == "offer" and MORE.search(text):
            return self._offer(session_id, catalog, thread, skip_shown=True)
        return None, None

    def _wishes(self, text: str, thread: Thread) -> SubstituteOptions:
        """The thread's wishes as this message changes them."""
        options = thread.options
        if CHEAPER.search(text):
            options = replace(options, cheaper=True)
        if SAME_BRAND.search(text):
            options = replace(options, same_brand=True)
        if ANY_BRAND.search(text):  # after SAME_BRAND: "not the same brand" means any
            options = replace(options, same_brand=False)
        if ANY_PRICE.search(text):
            options = replace(options, max_price_change=None)
        elif WIDER.search(text) or (thread.state == "relax" and ACCEPT.search(text)):
            options = self._relaxed(thread, options, price=bool(WIDER.search(text)))
        return options

    def _thread(self, original: str) -> Thread:
        """A new substitution, in the price band of the settings (RECBOT_SUBSTITUTE_...)."""
        band = self.context.settings.substitute_max_price_change
        return Thread("new", original, SubstituteOptions(max_price_change=band))

    def _relaxed(self, thread: Thread, options: SubstituteOptions, *, price: bool
                 ) -> SubstituteOptions:
        """The relaxation the person agreed to: the price one for "widen the price", else the
        first one offered ("yes")."""
        offered = thread.relaxations
        chosen = next((r for name, r in offered.items() if "price" in name), None) if price \
            else next(iter(offered.values()), None)
        if chosen is None:
            return options
        return replace(chosen, same_brand=chosen.same_brand and options.same_brand,
                       cheaper=chosen.cheaper and options.cheaper)

    # -- replies ------------------------------------------------------------------------

    def _offer(self, session_id: str, catalog: str, thread: Thread, *, note: str = "",
               skip_shown: bool = False) -> tuple[Reply, Thread]:
        options = thread.options
        exclude = set(thread.shown) if skip_shown else set()
        result = self.substitutes(session_id, catalog, thread.original, SHOWN,
                                  exclude=exclude, **options.to_dict())
        original = result.original
        profile = self.profiles.profile(session_id, catalog)
        if not result.substitutes:
            reason = result.reason_if_empty or ""
            if skip_shown and thread.shown:
                reason = f"Those are all the substitutes for {original.title} " \
                         f"({options.describe()})."
            lead = " ".join(p for p in (note, reason) if p)
            offers = result.relaxations_offered
            if offers:
                asks = "; or ".join(f"{r.description} (say \"{_phrase(r.name)}\")"
                                    for r in offers)
                lead += f" I could look wider: {asks}."
            state = "relax" if offers else "done"
            return Reply(lead, asked=bool(offers)), replace(
                thread, state=state, offered=[],
                relaxations={r.name: r.options for r in offers})
        intro = f"Instead of {original.title}"
        if original.attributes.get(STOCK_FIELD) is False:
            intro = f"{original.title} is out of stock. Instead"
        wishes = _wishes(options, self.context.settings.substitute_max_price_change)
        intro += f" ({wishes})" if wishes else ""
        intro += ", you could get:"
        views = [self._view(s, profile) for s in result.substitutes]
        lines = [" ".join(p for p in (note, intro) if p)]
        lines += [f"{n}. {v.title} ({_money(s.item)}): {v.why}"
                  for n, (v, s) in enumerate(zip(views, result.substitutes, strict=True), 1)]
        if thread.state == "new":  # the first offer of a thread says what can be said next
            lines.append("Say \"cheaper\", \"same brand\", \"not the second one\" or \"I'll "
                         "take the first\".")
        ids = [s.item.id for s in result.substitutes]
        shown = list(dict.fromkeys([*thread.shown, *ids]))
        return Reply("\n".join(lines), views), replace(thread, state="offer", offered=ids,
                                                       shown=shown, relaxations={})

    def _choose(self, session_id: str, catalog: str, ids: list[str]) -> tuple[Reply, Thread]:
        items = self.context.index(catalog).get(ids)
        profile = self.profiles.profile(session_id, catalog)
        views = [PickView(i.id, i.title, summarise(i, profile.reading_level, profile.detail),
                          "matches the name you gave", 0.0) for i in items]
        lines = ["Which one is out of stock?"]
        lines += [f"{n}. {i.title} ({_money(i)})" for n, i in enumerate(items, 1)]
        return Reply("\n".join(lines), views, asked=True), Thread(
            "choose", choices=[i.id for i in items])

    def _accepted(self, session_id: str, catalog: str, thread: Thread, chosen: str) -> Reply:
        items = {i.id: i for i in self.context.index(catalog).get([thread.original, chosen])}
        item, original = items[chosen], items.get(thread.original)
        profile = self.profiles.profile(session_id, catalog)
        view = PickView(item.id, item.title, summarise(item, profile.reading_level,
                                                       profile.detail), "you chose it", 1.0)
        instead = f" instead of {original.title}" if original else ""
        return Reply(f"Good choice: {item.title}{instead}. I will remember that this swap "
                     "works.", [view])

    def _vet(self, session_id: str, catalog: str, engine: Substituter, thread: Thread,
             proposed: str) -> tuple[Reply, Thread]:
        """A product the person suggests: offered only if it passes every rule and the guard."""
        verdict = engine.check(thread.original, proposed, thread.options)
        items = {i.id: i for i in self.context.index(catalog).get([thread.original, proposed])}
        item, original = items[proposed], items[thread.original]
        if not verdict.ok:
            return Reply(f"{item.title} is not a substitute I can offer for {original.title}: "
                         f"{'; '.join(verdict.reasons)}."), thread
        profile = self.profiles.profile(session_id, catalog)
        view = PickView(item.id, item.title, summarise(item, profile.reading_level,
                                                       profile.detail), "you suggested it", 0.0)
        return Reply(f"Yes, {item.title} ({_money(item)}) can replace {original.title}. Say "
                     "\"I'll take it\" to choose it.", [view]), replace(
            thread, state="offer", offered=[proposed], shown=[*thread.shown, proposed])

    def _view(self, substitute: Substitute, profile: Profile) -> PickView:
        item = substitute.item
        return PickView(item.id, item.title, summarise(item, profile.reading_level,
                                                       profile.detail),
                        substitute.why, round(substitute.score, 4))

    # -- reading ------------------------------------------------------------------------

    def _request(self, catalog: str, text: str, last_picks: Sequence[str],
                 references: list[int]) -> tuple[list[str], bool] | None:
        """A new substitution request: (products it may name, whether one is clear), or None
        when the message does not ask for a substitute."""
        if not (OUT_OF_STOCK.search(text) or INSTEAD.search(text)):
            return None
        picked = [last_picks[i] for i in references if -len(last_picks) <= i < len(last_picks)]
        if picked:  # "the second one is out of stock"
            return picked[:1], True
        for pattern in (NAMED_BEFORE, NAMED_AFTER):
            for match in pattern.finditer(text):
                phrase = match.group("product").strip()
                if not phrase or phrase.lower().split()[0] in NOT_A_PRODUCT:
                    continue
                ids, clear = self._finder(catalog).find(phrase)
                if ids:
                    return ids, clear
        if OUT_OF_STOCK.search(text) and re.search(r"\b(?:it|that|this)\b", text, re.I) \
                and len(last_picks) == 1:
            return list(last_picks), True  # "it's out of stock" about the one item shown
        if OUT_OF_STOCK.search(text) and (NAMED_BEFORE.search(text) or NAMED_AFTER.search(text)):
            return [], False  # names a product the catalog does not have
        return None

    def _live_thread(self, session_id: str, catalog: str) -> Thread | None:
        """The thread, if the bot's latest message is the one that showed it."""
        stored = self.store.thread(session_id, catalog)
        if stored is None:
            return None
        state, reply_hash = stored
        history = self.profiles.history(session_id, catalog, limit=6)
        last = next((m for m in reversed(history) if m.role == "assistant"), None)
        if last is None or _digest(last.text) != reply_hash:
            return None
        return Thread.from_dict(state)

    def _engine(self, catalog: str) -> Substituter | None:
        """The catalog's engine, or None when it has no categories and prices."""
        with self._lock:
            if catalog not in self._substituters:
                engine = Substituter(self.context.index(catalog),
                                     AcceptanceModel(self.store, catalog))
                try:
                    engine.rules()
                except SubstitutionError:
                    engine = None  # e.g. movies: "instead" there is not about stock
                self._substituters[catalog] = engine
            return self._substituters[catalog]

    def _finder(self, catalog: str) -> ProductFinder:
        with self._lock:
            if catalog not in self._finders:
                index = self.context.index(catalog)
                self._finders[catalog] = ProductFinder(index.get(index.ids()))
            return self._finders[catalog]

    def _titles(self, catalog: str, ids: Sequence[str]) -> str:
        return ", ".join(i.title for i in self.context.index(catalog).get(list(ids)))


def _wishes(options: SubstituteOptions, default_band: float) -> str:
    """What differs from a plain request: 'cheaper, same brand, any price'."""
    words = []
    if options.cheaper:
        words.append("cheaper")
    if options.same_brand:
        words.append("same brand")
    if options.max_price_change is None:
        words.append("any price")
    elif options.max_price_change != default_band:
        words.append(f"within {options.max_price_change * 100:.0f}% of the price")
    return ", ".join(words)


def _references(text: str) -> list[int]:
    return [ORDINALS[m.group(1).lower()] if m.group(1) else int(m.group(2)) - 1
            for m in REFERENCE.finditer(text)]


def _phrase(relaxation: str) -> str:
    return {"price": "widen the price", "brand": "any brand"}.get(
        relaxation, "widen the price, any brand")


def _money(item: Item) -> str:
    price = price_of(item)
    return "no price" if price is None else f"{price:g}"


def _digest(text: str) -> str:
    return hashlib.sha256(text[:MAX_MESSAGE].encode("utf-8")).hexdigest()[:32]

