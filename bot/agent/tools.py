"""The agent's tools: what the LLM may do, over the recommender and this person's profile.

    recommend        personal picks (likes, dislikes, budget, refusals always apply)
    search_catalog   items by meaning and filters
    more_like        items like one item
    substitutes      safe replacements for an out-of-stock product (same kind, near price)
    item_details     the full text of items the person named or was shown
    record_feedback  like / dislike / seen / accepted, on items the person named or saw
    set_preferences  reading level, detail, budget, topics to avoid or allow again

A `ToolBox` is built per turn and bound to one session and catalog: no tool takes a
session or user argument, so no tool can read or change another person's profile.
Arguments are validated (pydantic, unknown fields refused); a domain problem (a
filter the catalog cannot apply, an unknown title) comes back to the model as an
`error` it can correct. The person's standing constraints (budget, refused topics,
stock) are applied in code whatever the model asks. Every item a tool returns is
recorded: the reply may present only those (see bot/agent/grounding.py).

`substitutes` answers from the rule-first substitution engine (bot/substitution/), and
every item it returns passes the category guard (bot/substitution/guard.py) again; a
model cannot present any other item (grounding).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.audience import Audience
from bot.catalog import Item
from bot.errors import PromptError, RecbotError, UnknownItemError
from bot.personal import moved_past, personal_request, unmovable, with_filter
from bot.ranker import Pick, RecommendRequest
from bot.reasons import Asked, explain
from bot.substitution.guard import guard
from bot.summaries import summarise
from bot.titles import display_title
from bot.turn import ASKED_ABOUT_IT, SHOWN_BEFORE

if TYPE_CHECKING:
    from bot.agent.prompts import Prompts
    from bot.profiles import Profile
    from bot.substitution.service import Substitutions
    from bot.turn import Turn

DESCRIPTION_CHARS = 600
SKIPPED_FACTS = ("popularity",)
ID_LIKE = ("id", "url", "image", "sku")


# -- arguments -----------------------------------------------------------------------

def _text() -> Any:
    return Field(min_length=1, max_length=300)


def _count() -> Any:
    return Field(default=5, ge=1, le=10)


def _filters() -> Any:
    return Field(default_factory=list, max_length=8)


class Args(BaseModel):
    model_config = ConfigDict(extra="forbid")


AudienceGroup = Literal["young_child", "child", "teen", "adult", "family"]


class Recommend(Args):
    query: str | None = Field(default=None, max_length=300)
    filters: list[str] = _filters()
    audience: AudienceGroup | None = None
    exclude_shown: bool = False
    vs_shown: Literal["cheaper", "pricier", "older", "newer", "better_rated", "less_popular",
                      "more_popular"] | None = None
    k: int = _count()


class SearchCatalog(Args):
    query: str = _text()
    filters: list[str] = _filters()
    audience: AudienceGroup | None = None
    k: int = _count()


class MoreLike(Args):
    item: str = _text()
    k: int = _count()


class Substitutes(Args):
    item: str = _text()
    cheaper: bool = False
    same_brand: bool = False
    k: int = _count()


class ItemDetails(Args):
    items: list[str] = Field(min_length=1, max_length=10)


class RecordFeedback(Args):
    item: str = _text()
    kind: Literal["like", "dislike", "seen", "accepted"]


class SetPreferences(Args):
    reading_level: Literal["simple", "standard", "expert"] | None = None
    detail: Literal["short", "brief", "detailed"] | None = None
    max_price: float | None = Field(default=None, ge=0)
    min_price: float | None = Field(default=None, ge=0)
    clear_budget: bool = False
    avoid_topics: list[str] = Field(default_factory=list, max_length=10)
    allow_topics: list[str] = Field(default_factory=list, max_length=10)


@dataclass
class Found:
    """An item a tool returned this turn: presentable, with why it was found."""

    item: Item
    why: str
    score: float = 0.0


class ToolBox:
    """The tools of one turn, bound to its session and catalog."""

    def __init__(self, turn: Turn, substitutions: Substitutions | None = None):
        self.turn = turn
        self.session_id = turn.session_id
        self.catalog = turn.catalog.name
        self.view = turn.catalog
        self.store = turn.store
        self.substitutions = substitutions
        self.index = turn.catalog.index
        self.returned: dict[str, Found] = {}  # presentable this turn, in the order found
        self.mentioned: set[str] = set()  # may be named in the reply, not presented (anchors)
        self.shown: set[str] = turn.shown
        self.last: list[str] = turn.last_picks
        # What the picks answer, for follow-ups: the last picks' until a search asks anew
        # ("explain it simpler" keeps the request the picks on screen answered).
        self.topic: dict[str, Any] = asdict(turn.topic)

    # -- calling ---------------------------------------------------------------------

    def call(self, name: str, arguments: Mapping[str, Any]) -> str:
        """Run a tool; its result (or a problem the model can fix) as JSON text."""
        args_type, method = TOOLS[name]
        try:
            result = method(self, args_type.model_validate(dict(arguments)))
        except ValidationError as exc:
            result = {"error": "invalid arguments: " + "; ".join(
                f"{'.'.join(map(str, e['loc'])) or name}: {e['msg']}" for e in exc.errors())}
        except RecbotError as exc:  # a filter the catalog lacks, an unknown title...
            result = {"error": str(exc)}
        return json.dumps(result, ensure_ascii=False)

    # -- the tools -------------------------------------------------------------------

    def recommend(self, args: Recommend) -> dict[str, Any]:
        self._asked(args.query, args.filters)
        profile = self.profile()
        exclude = self.shown if args.exclude_shown else set()
        filters = self._with_audience(args.filters, args.audience)
        past = moved_past(args.vs_shown, self.view, self.last) if args.vs_shown else None
        if args.vs_shown:  # "cheaper ones", "older ones": others, past the picks shown
            exclude = exclude | set(self.last)
        if past is not None and past.filter is not None:
            filters = with_filter(filters, past.filter)
            self.topic.update(filters=with_filter(self.topic.get("filters") or [], past.filter))
        low, high = (past.min_price, past.max_price) if past is not None else (None, None)
        if past is not None and past.filter is None:
            self.topic.update(min_price=low, max_price=high)
        request = self._request(profile, filters, exclude, query=args.query, min_price=low,
                                max_price=high, k=args.k)
        asked = Asked.of_filters(filters, args.audience, max_price=high, min_price=low)
        result = self._picks(self.view.ranker.recommend(request), profile, asked)
        if past is not None:
            result["moved"] = past.note
        elif args.vs_shown and (note := unmovable(args.vs_shown, self.view)):
            result["moved"] = note  # films have no price
        return result

    def search_catalog(self, args: SearchCatalog) -> dict[str, Any]:
        self._asked(args.query, args.filters)
        profile = self.profile()
        filters = self._with_audience(args.filters, args.audience)
        constraints = self._request(profile, filters, set(profile.disliked)).constraints
        hits = self.index.search(args.query, 10 * args.k, constraints.where)
        found = [Found(h.item, f"matches '{args.query}'", h.score) for h in hits
                 if constraints.allows(h.item)][:args.k]
        return self._items(found, profile)

    def more_like(self, args: MoreLike) -> dict[str, Any]:
        profile = self.profile()
        anchor = self.resolve(args.item)
        self.mentioned.add(anchor.id)
        self.topic = {**self.topic, "similar_to": anchor.id}
        exclude = profile.shown_before() | self.shown | {anchor.id}  # new things only
        constraints = self._request(profile, [], exclude).constraints
        picks = self.view.ranker.similar(anchor.id, args.k, constraints)
        return {"like": _named(anchor), **self._picks(picks, profile, more_like=True)}

    def substitutes(self, args: Substitutes) -> dict[str, Any]:
        """Rule-first substitutes for an item (same category path, in stock, near price):
        the engine's own, each checked again by the category guard. When none is near in
        price, the nearest of the kind, each marked with `outside_band` and `unmet_wishes`."""
        if self.substitutions is None:
            return {"error": "substitutes are not available for this catalog"}
        original = self.resolve(args.item)
        self.mentioned.add(original.id)
        result = self.substitutions.substitutes(self.session_id, self.catalog, original.id, args.k,
                                      same_brand=args.same_brand, cheaper=args.cheaper)
        kept = [s for s in result.substitutes if guard(original, s.item)]
        found = [Found(s.item, s.why, round(s.score, 4)) for s in kept]
        answer = {"original": _named(original), **self._items(found, self.profile())}
        if result.nearest:  # none in the wishes: the nearest of the kind, each marked
            for view, substitute in zip(answer["items"], kept, strict=True):
                view["outside_band"] = substitute.to_dict()["outside_band"]
                view["unmet_wishes"] = substitute.unmet_wishes
        if not found or result.nearest:
            answer["note"] = result.reason_if_empty or "no substitute passes the rules"
            if found:
                answer["note"] += (" These are the nearest of the same kind, closest in price "
                                   "first; say that each misses what its why says.")
            answer["could_relax"] = [r.description for r in result.relaxations_offered]
        return answer

    def item_details(self, args: ItemDetails) -> dict[str, Any]:
        profile = self.profile()
        allowed = self.shown | self.named | set(self.returned) | profile.shown_before()
        found, refused = [], []
        for ref in args.items:
            item = self.resolve(ref)
            if item.id in allowed:
                found.append(Found(item, SHOWN_BEFORE if item.id in self.shown
                                   else ASKED_ABOUT_IT))
            else:
                refused.append(item.title)
        result = self._items(found, profile, full=True)
        if refused:
            result["error"] = ("details are given only for items the person named or was "
                               f"shown; not for: {', '.join(refused)}")
        return result

    def record_feedback(self, args: RecordFeedback) -> dict[str, Any]:
        item = self.resolve(args.item)
        if item.id not in self.shown | self.named:
            return {"error": f"feedback is recorded only for items the person was shown or "
                             f"named; {item.title} is neither"}
        self.store.record_feedback(self.session_id, self.catalog, item.id, args.kind)
        self.mentioned.add(item.id)
        return {"recorded": args.kind, "item": _named(item)}

    def set_preferences(self, args: SetPreferences) -> dict[str, Any]:
        budget = args.max_price is not None or args.min_price is not None or args.clear_budget
        if budget and not self.view.priced:
            return {"error": f"the {self.catalog} catalog has no prices"}
        self.store.set_preferences(self.session_id, self.catalog,
                                   reading_level=args.reading_level, detail=args.detail,
                                   max_price=args.max_price, min_price=args.min_price,
                                   clear_budget=args.clear_budget)
        if args.avoid_topics or args.allow_topics:
            self.store.exclude_topics(self.session_id, self.catalog,
                                      add=self._topics(args.avoid_topics),
                                      remove=self._topics(args.allow_topics))
        return {"profile": person(self.profile(), self.index)}

    # -- helpers ---------------------------------------------------------------------

    def profile(self) -> Profile:
        return self.store.profile(self.session_id, self.catalog)

    @cached_property
    def named(self) -> set[str]:
        """Items the person named in this message (titles, typos forgiven)."""
        return {m.item_id for m in self.view.titles.mentions(self.turn.text)}

    def resolve(self, ref: str) -> Item:
        """An item by id, or by title as a person or a model writes it."""
        ref = ref.strip()
        bare = re.sub(r"^\[?\s*id\s*[:#=]?\s*|\s*\]$", "", ref, flags=re.IGNORECASE)
        for item_id in dict.fromkeys((ref, bare)):
            found = self.index.get([item_id]) if item_id else []
            if found:
                return found[0]
        match = self.view.titles.match(ref)
        if match is not None:
            return self.index.get([match.item_id])[0]
        raise UnknownItemError(f"no item {ref!r} in the {self.catalog} catalog; "
                               "search_catalog finds items by words")

    def _request(self, profile: Profile, filters: Sequence[str], exclude: set[str], *,
                 query: str | None = None, min_price: float | None = None,
                 max_price: float | None = None, k: int = 5) -> RecommendRequest:
        """The person's request under the model's filters: their standing limits always
        hold, tightened by this request's price range."""
        return personal_request(profile, self.view.fields, self.view.vocabulary, query=query,
                                conditions=filters, max_price=max_price, min_price=min_price,
                                exclude=exclude, k=k)

    def _with_audience(self, filters: Sequence[str], audience: str | None) -> list[str]:
        """The filters, with the catalog's rule for the audience (the offline reader's)."""
        rules = self.view.reader.audiences
        if audience is None or rules is None:
            return list(filters)
        return [*filters, *rules.rule(Audience(audience, audience)).filters]

    def _asked(self, query: str | None, filters: Sequence[str]) -> None:
        """Remember the request: the words, the values of FIELD=VALUE filters (wishes), and
        every other filter (numbers, refusals, any-of: what must hold)."""
        wishes = [f for f in filters if re.fullmatch(r"\s*[\w\-]+\s*=[^|]+", f)]
        self.topic = {"query": (query or "").strip(),
                      "wanted": [f.split("=", 1)[1].strip() for f in wishes],
                      "filters": [f for f in filters if f not in wishes]}

    def _topics(self, topics: Iterable[str]) -> list[str]:
        """Everyday words as the catalog's own values ("scary" -> Horror), else as said."""
        values = self.view.reader.values
        return [values.get(t.strip().lower(), t.strip()) for t in topics if t.strip()]

    def _picks(self, picks: Sequence[Pick], profile: Profile, asked: Asked | None = None, *,
               more_like: bool = False) -> dict[str, Any]:
        """The picks with their reasons in plain words, from what was asked and the score."""
        schema = self.view.reading.schema
        return self._items([Found(p.item, explain(p, asked, schema, more_like=more_like),
                                  round(p.score, 4)) for p in picks], profile)

    def _items(self, found: Sequence[Found], profile: Profile, *, full: bool = False
               ) -> dict[str, Any]:
        for f in found:
            self.returned.setdefault(f.item.id, f)
        items = [item_view(f.item, profile, f.why, full=full) for f in found]
        if not items:
            return {"items": [], "note": "nothing matches; try other words or fewer filters"}
        return {"items": items}


ToolMethod = Callable[[ToolBox, Any], dict[str, Any]]
TOOLS: dict[str, tuple[type[Args], ToolMethod]] = {
    "recommend": (Recommend, ToolBox.recommend),
    "search_catalog": (SearchCatalog, ToolBox.search_catalog),
    "more_like": (MoreLike, ToolBox.more_like),
    "substitutes": (Substitutes, ToolBox.substitutes),
    "item_details": (ItemDetails, ToolBox.item_details),
    "record_feedback": (RecordFeedback, ToolBox.record_feedback),
    "set_preferences": (SetPreferences, ToolBox.set_preferences),
}


def tool_schemas(prompts: Prompts) -> dict[str, tuple[str, dict[str, Any]]]:
    """{tool: (description, JSON-schema parameters)}, the words from prompts/tools.yaml.
    Every tool and parameter must be described there, and nothing else."""
    described = prompts.tools
    if set(described) != set(TOOLS):
        raise PromptError(f"prompts/tools.yaml describes {sorted(described)}; the tools are "
                          f"{sorted(TOOLS)}")
    schemas = {}
    for name, (args_type, _) in TOOLS.items():
        schema = args_type.model_json_schema()
        words = described[name].get("parameters") or {}
        if set(words) != set(schema["properties"]):
            raise PromptError(f"prompts/tools.yaml, {name}: parameters {sorted(words)}; the "
                              f"tool takes {sorted(schema['properties'])}")
        schema.pop("title", None)
        for param, spec in schema["properties"].items():
            spec.pop("title", None)
            spec["description"] = str(words[param]).strip()
        schemas[name] = (str(described[name]["description"]).strip(), schema)
    return schemas


def person(profile: Profile, index: Any) -> dict[str, Any]:
    """What the model is told about the person: their own profile only."""
    def titles(ids: Sequence[str]) -> list[str]:
        return [display_title(i.title) for i in index.get(list(ids)[-10:])]

    about: dict[str, Any] = {"reading_level": profile.reading_level, "detail": profile.detail,
                             "new_person": profile.is_new}
    for key, ids in (("liked", profile.liked), ("disliked", profile.disliked)):
        if ids:
            about[key] = titles(ids)
    if profile.excluded_topics:
        about["avoid_topics"] = profile.excluded_topics
    for key in ("max_price", "min_price"):
        if getattr(profile, key) is not None:
            about[key] = getattr(profile, key)
    return about


def item_view(item: Item, profile: Profile, why: str, *, full: bool = False
              ) -> dict[str, Any]:
    """An item as a tool result: id, title, a summary at the person's level, key facts."""
    view: dict[str, Any] = {"id": item.id, "title": display_title(item.title),
                            "summary": summarise(item, profile.reading_level, profile.detail),
                            "why": why, "facts": facts(item)}
    if full and item.description:
        view["description"] = item.description[:DESCRIPTION_CHARS]
    return view


def facts(item: Item, limit: int = 10) -> dict[str, Any]:
    """Short attributes (genres, year, brand, price...), not long texts or internal ids."""
    short: dict[str, Any] = {}
    for name, value in item.attributes.items():
        if name in SKIPPED_FACTS or name.lower().endswith(ID_LIKE):
            continue
        if isinstance(value, (bool, int, float)) or (isinstance(value, str) and len(value) <= 80):
            short[name] = value
        elif isinstance(value, list):
            short[name] = [v for v in value if len(str(v)) <= 40][:5]
        if len(short) >= limit:
            break
    return short


def _named(item: Item) -> dict[str, str]:
    return {"id": item.id, "title": display_title(item.title)}
