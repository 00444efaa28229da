"""A message read by the LLM into the same structured reading the rules reader gives.

The model is asked to call one tool, `read_request`, whose arguments are the reading's
slots: the catalog values wanted and refused, numbers on the catalog's numeric fields,
people, the audience, titles, which earlier pick it points at, feedback, and the
reading level and detail. Servers that support a required tool (OpenAI, vLLM, llama.cpp's
server) constrain the arguments to the schema, so a small model still writes valid JSON.

What the model writes is data, checked against the catalog before it becomes an
`Understanding`: values and fields must be the catalog's own, people are found in the
catalog's people, a product type is read by the catalog's kind index, and a title counts
only if the message says it (a title the model adds is dropped). So the reading holds
nothing the catalog and the message do not. `benchmarks/bench_llm.py` compares it with
the rules reader on the understanding benchmark and on INSPIRED.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from rapidfuzz import fuzz

from bot.agent.llm import ChatModel, Message, ToolSpec
from bot.agent.prompts import Prompts
from bot.audience import GROUPS, Audience
from bot.errors import LLMResponseError
from bot.free_of import free_of
from bot.names import NameMatch
from bot.phrases import CLOSING
from bot.quantities import Condition
from bot.titles import normalise
from bot.understanding import BRAND_FIELDS, VALUE_FIELDS, Reader, Understanding

TOOL = "read_request"
ENUM_LIMIT = 60  # a value field with at most this many values is offered as a choice
OPS = ("<", "<=", "=", ">=", ">")
ASKS = ("all_of_them", "something_else", "more_like_it", "older", "newer", "cheaper",
        "pricier", "better_rated", "less_popular", "more_popular")
FEEDBACK = ("like", "dislike", "seen")
MAX_ITEMS = 4  # values of one slot a message names
MAX_WORDS = 60  # characters of a typed name, title or product
MAX_PLACE = 10  # "the tenth one": no answer shows more picks
SAID_SCORE = 85  # how closely a title must match words of the message to count as said


def reading_schema(reader: Reader, prompts: Prompts) -> tuple[str, dict[str, Any]]:
    """The read_request tool for one catalog: its description and JSON-schema parameters,
    the words from prompts/reading.yaml."""
    described = prompts.described("reading.yaml")[TOOL]
    words = described.get("parameters") or {}
    values = sorted({v for v, f in reader.field_of.items()
                     if f in VALUE_FIELDS and _offered(reader, f)})
    numbers = sorted(reader.schema.numbers)
    people = sorted(reader.people.counts) if reader.people is not None else []
    word = {"type": "string", "maxLength": MAX_WORDS}
    strings = _listing(word)
    chosen = _listing({"type": "string", "enum": values}) if values else strings
    properties: dict[str, Any] = {
        "wanted": chosen,
        "refused": strings,
        "product": word,
        "brands": strings,
        "numbers": _listing({
            "type": "object", "required": ["field", "op", "value"],
            "properties": {"field": {"type": "string", "enum": numbers},
                           "op": {"type": "string", "enum": list(OPS)},
                           "value": {"type": "number"}}}) if numbers else None,
        "people": _listing({
            "type": "object", "required": ["name", "field"],
            "properties": {"name": word, "field": {"type": "string", "enum": people}}})
        if people else None,
        "audience": {"type": "string", "enum": ["none", *GROUPS]},
        "titles": strings,
        "points_at": _listing({"type": "integer"}),
        "asks": _listing({"type": "string", "enum": list(ASKS)}),
        "feedback": {"type": "string", "enum": ["none", *FEEDBACK]},
        "level": {"type": "string", "enum": ["none", "simple", "expert"]},
        "detail": {"type": "string", "enum": ["none", "short", "brief", "detailed"]},
    }
    if reader.kinds is None:
        properties.pop("product")
    if not any(f in BRAND_FIELDS for f in reader.field_of.values()):
        properties.pop("brands")
    properties = {name: {**spec, "description": str(words.get(name, "")).strip()}
                  for name, spec in properties.items() if spec is not None}
    return str(described["description"]).strip(), {
        "type": "object", "properties": properties, "required": list(properties)}


def _listing(item: dict[str, Any]) -> dict[str, Any]:
    """A short list: a message names a few of anything, and a small model left unbounded
    fills a list until its tokens run out."""
    return {"type": "array", "items": item, "maxItems": MAX_ITEMS}


def _offered(reader: Reader, field: str) -> bool:
    """A small value field that is not the kind of product (the product type is read from
    the words, by the catalog's kind index)."""
    if reader.kinds is not None and field in reader.kinds.fields:
        return False
    return sum(1 for f in reader.field_of.values() if f == field) <= ENUM_LIMIT


class ModelReader:
    """Reads messages of one catalog with a chat model (see the module docstring)."""

    def __init__(self, model: ChatModel, reader: Reader, catalog: str,
                 prompts: Prompts | None = None):
        self.model = model
        self.reader = reader
        self.prompts = prompts or Prompts()
        description, parameters = reading_schema(reader, self.prompts)
        self.tool = ToolSpec(TOOL, description, parameters, lambda _: "{}")
        self.system = self.prompts.render(
            "read_request.md", catalog=catalog,
            numbers={n: (f.role, f.low, f.high) for n, f in reader.schema.numbers.items()})

    def read(self, text: str, before: Sequence[str] = ()) -> Understanding:
        """The message read by the model and checked against the catalog; `before`: the
        person's earlier messages, oldest first. A model that calls no tool, or writes
        arguments that do not parse, raises LLMResponseError."""
        messages = [Message("system", self.system), *(Message("user", m) for m in before),
                    Message("user", text)]
        turn = self.model.complete(messages, [self.tool], required=TOOL)
        call = next((c for c in turn.tool_calls if c.name == TOOL), None)
        if call is None or call.arguments is None:
            raise LLMResponseError(f"{self.model.name} did not fill the reading",
                                   "no_reading" if call is None else "bad_reading")
        return self.checked(text, call.arguments)

    def checked(self, text: str, slots: dict[str, Any]) -> Understanding:
        """The model's slots kept to what the catalog has and the message says."""
        reader, said = self.reader, Understanding(" ".join(text.split()))
        said.query = said.query_without_titles = said.text
        said.wanted = [v for v in _strings(slots.get("wanted")) if v in reader.field_of]
        said.excluded = [self._value(v) or v.lower() for v in _strings(slots.get("refused"))]
        said.wanted += [v for b in _strings(slots.get("brands")) if (v := self._value(b))]
        product = slots.get("product")
        if reader.kinds is not None and isinstance(product, str) and product.strip():
            said.kind = reader.kinds.read(product)
        self._numbers(slots.get("numbers"), said)
        said.names = self._people(slots.get("people"))
        said.unknown_people = self._unknown_people(slots.get("people"), said)
        if reader.kinds is not None:  # "low sugar biscuits": as the rules reader searches it
            said.free_of = free_of(said.text)
        # questions about the picks, or only thanks: as the rules reader reads them
        reader.read_questions(said, said.text, said.text)
        said.closing = bool(CLOSING.match(said.text))
        group = slots.get("audience")
        if group in GROUPS and reader.audiences is not None:
            said.audience = Audience(group, "")
            rule = reader.audiences.rule(said.audience)
            said.audience_filters = list(rule.filters)
            said.wanted += [v for v in rule.prefer if v not in said.wanted]
        for title in _strings(slots.get("titles")):
            self._title(title, said)
        said.references = [n - 1 if n > 0 else -1 for n in _list(slots.get("points_at"))
                           if isinstance(n, int) and (n == -1 or 0 < n <= MAX_PLACE)]
        asks = set(_strings(slots.get("asks")))
        said.whole_list = "all_of_them" in asks
        said.something_else = "something_else" in asks
        said.more_like = "more_like_it" in asks
        said.move = next((a for a in ASKS[3:] if a in asks), None)
        said.feedback = _choice(slots.get("feedback"), FEEDBACK)
        said.reading_level = _choice(slots.get("level"), ("simple", "expert"))
        said.detail = _choice(slots.get("detail"), ("short", "brief", "detailed"))
        return said

    def _value(self, typed: str) -> str | None:
        """The catalog value a typed word names (any case), or None."""
        return self.reader.values.get(typed.lower()) or self.reader.cased.get(typed)

    def _numbers(self, numbers: Any, said: Understanding) -> None:
        price = self.reader.schema.role("price")
        for number in _list(numbers):
            if not isinstance(number, dict):
                continue
            name, op, value = number.get("field"), number.get("op"), number.get("value")
            if name not in self.reader.schema.numbers or op not in OPS \
                    or not isinstance(value, (int, float)) or isinstance(value, bool):
                continue
            if price is not None and name == price.name and op in ("<=", ">="):
                if op == "<=":
                    said.max_price = float(value)
                else:
                    said.min_price = float(value)
            else:
                said.conditions.append(Condition(name, op, float(value), ""))

    def _people(self, people: Any) -> list[NameMatch]:
        """People the catalog has, in its spelling; the field the model names when the
        person is in it, else the catalog's own choice."""
        index = self.reader.people
        found: list[NameMatch] = []
        if index is None:
            return found
        for person in _list(people):
            if not isinstance(person, dict) or not isinstance(person.get("name"), str):
                continue
            matches, _ = index.read(person["name"])
            for match in matches[:1]:
                fields = index.fields_of.get(match.value.lower(), [])
                name = person.get("field") if person.get("field") in fields else match.field
                if all(n.value != match.value for n in found):
                    found.append(NameMatch(str(name), match.value, person["name"]))
        return found

    def _unknown_people(self, people: Any, said: Understanding) -> list[str]:
        """People the message names (as typed) whom the catalog lacks: said so, like an
        unknown title; a name the message does not say is the model's own and dropped."""
        index = self.reader.people
        unknown = []
        for person in _list(people):
            name = person.get("name") if isinstance(person, dict) else None
            if not isinstance(name, str) or index is None or index.read(name)[0]:
                continue
            if normalise(name) and normalise(name) in normalise(said.text):
                unknown.append(" ".join(name.split()))
        return unknown

    def _title(self, typed: str, said: Understanding) -> None:
        """A title the message says: the catalog's item, else an unknown title; a title the
        message does not say is the model's own and dropped."""
        key = normalise(typed)
        if not key or fuzz.partial_ratio(key, normalise(said.text)) < SAID_SCORE:
            return
        match = self.reader.titles.match(typed) if self.reader.titles is not None else None
        if match is not None:
            if all(t.item_id != match.item_id for t in said.titles):
                said.titles.append(replace(match, said=typed))
        elif typed not in said.unknown_titles:
            said.unknown_titles.append(typed)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
    return [v.strip() for v in _list(value) if isinstance(v, str) and v.strip()]


def _choice(value: Any, allowed: Sequence[str]) -> Any:
    return value if value in allowed else None
