"""The substitution dialogue: the engine that answers "X is out of stock" and its follow-ups.

    you: Pure & Gentle Face Wash is out of stock, what can I get instead?
    bot: Instead of Pure & Gentle Face Wash, you could get: 1. ... 2. ... 3. ...
    you: cheaper            -> cheaper substitutes for the same item
    you: same brand please  -> only the same brand
    you: not the second one -> a rejection, learned from; the list moves on
    you: I'll take the first -> an acceptance, learned from

When nothing meets the wishes (say, nothing of the kind within 25% of the price), the
reply says so, lists the nearest of the kind in stock, each marked with how far outside
the band it is, and says how to look wider ("widen the price").

`Bot` asks it first, whichever engine holds the conversation, so no model can offer
a substitute from another category. A substitution thread (the item being
replaced, the wishes so far, what was shown) is kept in the substitution store,
tied to the bot message that showed it: a follow-up such as "cheaper" refines the
thread only while that message is the latest, so it never hijacks a conversation
that has moved on. The message is read by the one reader (`Turn.said.swap`);
products are found by name in the catalog's name index (word order, missing
words, typos, the brand), and when a name fits several products the person is
asked which one. It declines (None) a message that is not about substitution.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.catalog import Item
from bot.constraints import STOCK_FIELD
from bot.errors import SubstitutionError
from bot.presenting import pick_view
from bot.profiles import MAX_TEXT
from bot.substitution.acceptance import price_of
from bot.substitution.rules import SubstituteOptions
from bot.substitution.service import Substitutions
from bot.substitution.substituter import Substituter
from bot.turn import Answer, Reply, Topic, Turn

SHOWN = 3  # substitutes per reply: enough to choose from, short enough to read
KIND_FIELDS = ("type", "sub_category", "category")  # a product's kind, narrowest first


@dataclass
class Thread:
    """The substitution a conversation is in."""

    # new: not answered yet; offer: substitutes shown (the nearest ones too, with the
    # relaxations that would find some in the wishes); relax: none, relaxations offered;
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


class SubstitutionDialogue:
    """Answers substitution messages by the rules; declines anything else."""

    name = "rules"

    def __init__(self, substitutions: Substitutions):
        self.substitutions = substitutions

    def answer(self, turn: Turn) -> Answer | None:
        engine = self.substitutions.engine_for(turn.catalog.name)
        if engine is None:
            return None
        thread = self._live_thread(turn)
        try:
            reply, thread = self._respond(turn, engine, thread)
        except SubstitutionError as exc:
            reply, thread = Reply(f"I can't suggest a substitute: {exc}."), Thread("done")
        if reply is None or thread is None:
            return None
        self.substitutions.store.save_thread(turn.session_id, turn.catalog.name,
                                             thread.to_dict(), _digest(reply.text))
        # Follow-ups that the rules let through ("more like these") stay in the product's kind.
        return Answer(replace(reply, engine=self.name), _kind_of(turn, reply))

    def _respond(self, turn: Turn, engine: Substituter, thread: Thread | None
                 ) -> tuple[Reply | None, Thread | None]:
        swap = turn.said.swap
        if thread is not None and thread.state == "choose":
            chosen = _at(thread.choices, swap.pointed)
            if chosen or swap.agrees:
                return self._offer(turn, self._thread((chosen or thread.choices)[0]))
        request = self._request(turn)
        if request is None and thread is not None and thread.state == "name":
            ids, clear = turn.catalog.titles.products(swap.as_product)  # "which product?"
            request = (ids, clear) if clear else None  # anything else: the talk moved on
        if request is not None:
            ids, clear = request
            if not ids:
                return Reply("Which product is out of stock? I could not find it in the "
                             "catalog; tell me its name as the shop writes it.", asked=True), \
                    Thread("name")
            if not clear:
                return self._choose(turn, ids)
            return self._offer(turn, self._thread(ids[0]))
        if thread is None or thread.state not in ("offer", "relax"):
            return None, None
        return self._follow_up(turn, engine, thread)

    def _follow_up(self, turn: Turn, engine: Substituter, thread: Thread
                   ) -> tuple[Reply | None, Thread | None]:
        """'cheaper', 'same brand', 'not the second one', 'I'll take it', 'any price'..."""
        swap, offered = turn.said.swap, thread.offered
        if _asks_for_another_kind(turn, thread.original) and not swap.proposed:
            # "ok thanks. also need a shampoo": a new request, not a verdict ("what about
            # Soap?" proposes a substitute, vetted below)
            return None, None
        targets = _at(offered, swap.pointed)
        options = self._wishes(turn, thread)
        if thread.state == "offer" and offered and swap.rejects:
            rejected = targets or offered[:1]  # "not that one": the best, shown first
            for item_id in dict.fromkeys(rejected):
                self._verdict(turn, thread.original, item_id, accepted=False)
            note = f"Noted, not {_titles(turn, rejected)}."
            return self._offer(turn, replace(thread, options=options), note=note)
        if thread.state == "offer" and offered and options == thread.options \
                and swap.accepts and not swap.more:
            chosen = (targets or offered[:1])[0]
            self._verdict(turn, thread.original, chosen, accepted=True)
            return self._accepted(turn, thread, chosen), replace(thread, state="done")
        if swap.proposed and not swap.pointed:
            ids, _ = turn.catalog.titles.products(swap.proposed)
            if ids:
                return self._vet(turn, engine, thread, ids[0])
            return Reply(f"I could not find {swap.proposed!r} in the catalog. Tell me its name "
                         "as the shop writes it, or pick one of these.",
                         asked=True), thread  # the offer stands
        if options != thread.options or swap.wishes:  # a wish, even one kept
            return self._offer(turn, replace(thread, options=options, shown=[]))
        if thread.state == "offer" and swap.more:
            return self._offer(turn, thread, skip_shown=True)
        return None, None

    def _request(self, turn: Turn) -> tuple[list[str], bool] | None:
        """A new substitution request: (products it may name, whether one is clear), or None
        when the message does not ask for a substitute."""
        swap, last = turn.said.swap, turn.last_picks
        if not swap.asks:
            return None
        picked = _at(last, swap.pointed)
        if picked:  # "the second one is out of stock"
            return picked[:1], True
        for phrase in swap.products:
            ids, clear = turn.catalog.titles.products(phrase)
            if ids:
                return ids, clear
        if swap.out_of_stock and swap.points_at_it and len(turn.looked_at) == 1:
            # "it's out of stock" about the one item shown, or just asked about ("is the
            # first one in stock?" ... "what else if its out of stock")
            return list(turn.looked_at), True
        if swap.out_of_stock and swap.names_a_product:
            return [], False  # names a product the catalog does not have
        return None

    def _wishes(self, turn: Turn, thread: Thread) -> SubstituteOptions:
        """The thread's wishes as this message changes them."""
        swap, options = turn.said.swap, thread.options
        if swap.cheaper:
            options = replace(options, cheaper=True)
        if swap.same_brand:
            options = replace(options, same_brand=True)
        if swap.any_brand:  # after same_brand: "not the same brand" means any
            options = replace(options, same_brand=False)
        if swap.any_price:
            options = replace(options, max_price_change=None)
        elif swap.wider or (thread.state == "relax" and swap.agrees):
            options = _relaxed(thread, options, price=swap.wider)
        return options

    def _thread(self, original: str) -> Thread:
        """A new substitution, in the price band of the settings (RECBOT_SUBSTITUTE_...)."""
        return Thread("new", original,
                      SubstituteOptions(max_price_change=self.substitutions.default_band))

    def _verdict(self, turn: Turn, original: str, substitute: str, *, accepted: bool) -> None:
        self.substitutions.feedback(turn.session_id, turn.catalog.name, original, substitute,
                                    accepted)

    def _live_thread(self, turn: Turn) -> Thread | None:
        """The thread, if the bot's latest message is the one that showed it."""
        stored = self.substitutions.store.thread(turn.session_id, turn.catalog.name)
        if stored is None or not turn.replies:
            return None
        state, reply_hash = stored
        if _digest(turn.replies[-1].text) != reply_hash:
            return None
        return Thread.from_dict(state)

    # -- replies ------------------------------------------------------------------------

    def _offer(self, turn: Turn, thread: Thread, *, note: str = "", skip_shown: bool = False
               ) -> tuple[Reply, Thread]:
        options = thread.options
        exclude = set(thread.shown) if skip_shown else set()
        result = self.substitutions.substitutes(turn.session_id, turn.catalog.name,
                                                thread.original, SHOWN, exclude=exclude,
                                                **options.to_dict())
        original = result.original
        profile = turn.profile()
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
        out = original.attributes.get(STOCK_FIELD) is False
        if result.nearest:  # none meets the wishes: say so, then the nearest, marked
            reason = result.reason_if_empty or ""
            if skip_shown and thread.shown:
                reason = f"Those are all the substitutes for {original.title} " \
                         f"({options.describe()})."
            intro = f"{reason.rstrip('.')}; the nearest:"
            intro = f"{original.title} is out of stock. {intro}" if out else intro
        else:
            intro = f"{original.title} is out of stock. Instead" if out \
                else f"Instead of {original.title}"
            wishes = _describe(options, self.substitutions.default_band)
            intro += f" ({wishes})" if wishes else ""
            intro += ", you could get:"
        views = [pick_view(s.item, profile, s.why, round(s.score, 4)) for s in result.substitutes]
        lines = [" ".join(p for p in (note, intro) if p)]
        lines += [f"{n}. {v.title} ({_money(s.item)}): {v.why}"
                  for n, (v, s) in enumerate(zip(views, result.substitutes, strict=True), 1)]
        offers = result.relaxations_offered if result.nearest else []
        if offers:
            lines.append("To look wider, say " + "; or ".join(
                f"\"{_phrase(r.name)}\" ({r.description})" for r in offers) + ".")
        if thread.state == "new":  # the first offer of a thread says what can be said next
            lines.append("Say \"cheaper\", \"same brand\", \"not the second one\" or \"I'll "
                         "take the first\".")
        ids = [s.item.id for s in result.substitutes]
        shown = list(dict.fromkeys([*thread.shown, *ids]))
        return Reply("\n".join(lines), views), replace(
            thread, state="offer", offered=ids, shown=shown,
            relaxations={r.name: r.options for r in offers})

    def _choose(self, turn: Turn, ids: list[str]) -> tuple[Reply, Thread]:
        items = turn.catalog.index.get(ids)
        profile = turn.profile()
        views = [pick_view(i, profile, "matches the name you gave") for i in items]
        lines = ["Which one is out of stock?"]
        lines += [f"{n}. {i.title} ({_money(i)})" for n, i in enumerate(items, 1)]
        return Reply("\n".join(lines), views, asked=True), Thread(
            "choose", choices=[i.id for i in items])

    def _accepted(self, turn: Turn, thread: Thread, chosen: str) -> Reply:
        items = {i.id: i for i in turn.catalog.index.get([thread.original, chosen])}
        item, original = items[chosen], items.get(thread.original)
        view = pick_view(item, turn.profile(), "you chose it", 1.0)
        instead = f" instead of {original.title}" if original else ""
        return Reply(f"Good choice: {item.title}{instead}. I will remember that this swap "
                     "works.", [view])

    def _vet(self, turn: Turn, engine: Substituter, thread: Thread, proposed: str
             ) -> tuple[Reply, Thread]:
        """A product the person suggests: offered only if it passes every rule and the guard
        (and the wishes, unless it is one of the nearest items on screen, shown outside them)."""
        wishes = SubstituteOptions(None) if proposed in thread.offered else thread.options
        verdict = engine.check(thread.original, proposed, wishes)
        items = {i.id: i for i in turn.catalog.index.get([thread.original, proposed])}
        item, original = items[proposed], items[thread.original]
        if not verdict.ok:
            return Reply(f"{item.title} is not a substitute I can offer for {original.title}: "
                         f"{'; '.join(verdict.reasons)}."), thread
        view = pick_view(item, turn.profile(), "you suggested it")
        return Reply(f"Yes, {item.title} ({_money(item)}) can replace {original.title}. Say "
                     "\"I'll take it\" to choose it.", [view]), replace(
            thread, state="offer", offered=[proposed], shown=[*thread.shown, proposed])


def _asks_for_another_kind(turn: Turn, original: str) -> bool:
    """Whether the message asks for a kind of product other than the original's."""
    kind = turn.said.kind
    if kind is None:
        return False
    item = next(iter(turn.catalog.index.get([original])), None)
    return item is None or item.attributes.get(kind.field) not in kind.values


def _relaxed(thread: Thread, options: SubstituteOptions, *, price: bool) -> SubstituteOptions:
    """The relaxation the person agreed to: the price one for "widen the price", else the
    first one offered ("yes")."""
    offered = thread.relaxations
    chosen = next((r for name, r in offered.items() if "price" in name), None) if price \
        else next(iter(offered.values()), None)
    if chosen is None:
        return options
    return replace(chosen, same_brand=chosen.same_brand and options.same_brand,
                   cheaper=chosen.cheaper and options.cheaper)


def _kind_of(turn: Turn, reply: Reply) -> Topic:
    """The product type (or sub-category) of a reply's first pick, as a topic."""
    first = turn.catalog.index.get([p.id for p in reply.picks[:1]])
    for name in KIND_FIELDS:
        value = first[0].attributes.get(name) if first else None
        if isinstance(value, str) and value in turn.catalog.reader.field_of:
            return Topic(wanted=[value])
    return Topic()


def _at(ids: Sequence[str], positions: Sequence[int]) -> list[str]:
    """The ids at the positions pointed at ("the second one"), those that exist."""
    return [ids[i] for i in positions if -len(ids) <= i < len(ids)]


def _titles(turn: Turn, ids: Sequence[str]) -> str:
    return ", ".join(i.title for i in turn.catalog.index.get(list(ids)))


def _describe(options: SubstituteOptions, default_band: float | None) -> str:
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


def _phrase(relaxation: str) -> str:
    return {"price": "widen the price", "brand": "any brand"}.get(
        relaxation, "widen the price, any brand")


def _money(item: Item) -> str:
    price = price_of(item)
    return "no price" if price is None else f"{price:g}"


def _digest(text: str) -> str:
    """The reply a thread belongs to, as the profile store keeps it."""
    return hashlib.sha256(text[:MAX_TEXT].encode("utf-8")).hexdigest()[:32]
