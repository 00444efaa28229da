"""The LLM agent: the model reads the conversation, calls recbot's tools, writes the reply.

One turn:

1. The messages: the system prompt (prompts/system.md: the catalog, its filterable
   fields, this person's profile, the rules), the recent conversation (each earlier
   reply with the ids of the picks it showed, prompts/shown.md), the new message.
2. Up to `MAX_ROUNDS` model requests. Tool calls are checked first (a tool that does
   not exist or arguments that are not JSON end the turn), then run in order
   (bot/agent/tools.py); their JSON results go back to the model.
3. The model's text is grounded as it streams (bot/agent/grounding.py): picks are only
   items the tools returned this turn.

Any failure (timeout, connection error, HTTP 4xx/5xx, rate limit, a malformed or
unknown tool call, a reply whose picks were all invented, too many rounds) ends the
LLM's turn: the agent declines (None), the reason is logged and counted in `stats`,
and the offline engine answers the same message (bot/bot.py). Profile writes go
through the turn's `TurnStore`, so what a tool already stored is kept and not
written again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.agent.grounding import Grounded, Grounder
from bot.agent.llm import ChatModel, Message, ModelTurn, ToolSpec
from bot.agent.prompts import Prompts
from bot.agent.summary_check import model_summary_problem
from bot.agent.tools import ID_LIKE, TOOLS, ToolBox, person, tool_schemas
from bot.catalog import Item
from bot.errors import LLMError, LLMResponseError, LLMUnavailableError
from bot.presenting import pick_view
from bot.summaries import summarise
from bot.titles import display_title
from bot.turn import Answer, Reply, Topic, Turn

if TYPE_CHECKING:
    from bot.catalog_view import CatalogView
    from bot.settings import Settings
    from bot.substitution.service import Substitutions

log = logging.getLogger("recbot.agent")
MAX_ROUNDS = 4  # model requests per turn: tools, maybe more tools, then the reply
HISTORY = 12  # earlier messages the model sees
ALL_VALUES = 40  # a field with at most this many values has them all in the system prompt
EXAMPLE_VALUES = 5  # else this many, as examples


@dataclass
class AgentStats:
    """What the agent did since start: answers, fallbacks by reason, tools, removals."""

    answered: int = 0
    fallbacks: Counter[str] = field(default_factory=Counter)
    tool_calls: Counter[str] = field(default_factory=Counter)
    ungrounded: int = 0  # titles or ids taken out of replies
    model_summaries: int = 0  # picks shown with the model's summary, which passed the check
    replaced_summaries: int = 0  # model summaries that failed it (extractive shown instead)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, **changes: Any) -> None:
        with self._lock:
            self.answered += changes.get("answered", 0)
            self.ungrounded += changes.get("ungrounded", 0)
            self.model_summaries += changes.get("model_summaries", 0)
            self.replaced_summaries += changes.get("replaced_summaries", 0)
            self.fallbacks.update(changes.get("fallbacks", {}))
            self.tool_calls.update(changes.get("tool_calls", {}))


class Agent:
    """Answers a turn with an LLM and recbot's tools, or declines (None) to fall back."""

    name = "llm"

    def __init__(self, model: ChatModel, prompts: Prompts | None = None, *,
                 turn_seconds: float = 60.0, substitutions: Substitutions | None = None):
        self.model = model
        self.substitutions = substitutions  # for the substitutes tool
        self.prompts = prompts or Prompts()
        self.turn_seconds = turn_seconds  # no new model request after this long
        self.schemas = tool_schemas(self.prompts)  # checked now: a bad prompt fails at start
        self.prompts.render("system.md", **_example_system_values())
        self.prompts.render("shown.md", picks=[{"n": 1, "id": "1", "title": "Example"}])
        self.stats = AgentStats()

    @classmethod
    def from_settings(cls, settings: Settings, model: ChatModel | None = None, *,
                      substitutions: Substitutions | None = None) -> Agent:
        if model is None:
            from bot.agent.llm import open_chat_model

            model = open_chat_model(settings)
        return cls(model, Prompts(settings.prompts_dir), turn_seconds=2 * settings.llm_timeout,
                   substitutions=substitutions)

    def answer(self, turn: Turn) -> Answer | None:
        """The grounded reply and the request its picks answer, or None to fall back."""
        written = self._answer(turn, stream=False)
        while True:
            try:
                next(written)
            except StopIteration as done:
                return done.value

    def stream(self, turn: Turn) -> Generator[str, None, Answer | None]:
        """Yields the reply's text as it is written and grounded; returns as `answer`."""
        return self._answer(turn, stream=True)

    def _answer(self, turn: Turn, *, stream: bool) -> Generator[str, None, Answer | None]:
        box = ToolBox(turn, self.substitutions)
        tools = [ToolSpec(name, description, schema, _runner(box, name))
                 for name, (description, schema) in self.schemas.items()]
        messages = self._messages(box, turn)
        started = time.monotonic()
        try:
            for _ in range(MAX_ROUNDS):
                if time.monotonic() - started > self.turn_seconds:
                    raise LLMUnavailableError("the turn took too long", "turn_timeout")
                grounder = Grounder(turn.catalog.titles, {i: f.item for i, f in
                                                          box.returned.items()},
                                    self._allowed(box), self._describer(box),
                                    names=turn.catalog.reading.value_keys,
                                    said=[turn.text, *(m.text for m in turn.history
                                                       if m.role == "user")],
                                    summary_problem=self._summary_checker(box))
                answer = yield from self._ask(messages, tools, grounder, stream)
                if answer.tool_calls:
                    self._run_tools(answer, messages, box)
                    continue
                return Answer(self._reply(grounder.result, box, wants_items=not turn.said.is_vague),
                              Topic.of(box.topic))
            raise LLMResponseError(f"no reply after {MAX_ROUNDS} rounds of tool calls",
                                   "too_many_rounds")
        except LLMError as exc:
            self._fell_back(exc.reason, str(exc), turn.session_id)
        except Exception:  # a bug must not cost the person an answer: log it, fall back
            log.exception("agent turn failed; the offline engine answers")
            self.stats.count(fallbacks={"error": 1})
        return None

    # -- one request ---------------------------------------------------------------

    def _ask(self, messages: list[Message], tools: list[ToolSpec], grounder: Grounder,
             stream: bool) -> Generator[str, None, ModelTurn]:
        if not stream:
            whole = self.model.complete(messages, tools)
            grounder.ground(whole.text)
            return whole
        answer: ModelTurn | None = None
        for piece in self.model.stream(messages, tools):
            if isinstance(piece, str):
                if safe := grounder.feed(piece):
                    yield safe
            else:
                answer = piece
        if tail := grounder.finish():
            yield tail
        if answer is None:
            raise LLMResponseError(f"{self.model.name} ended the stream without a turn",
                                   "empty_response")
        return answer

    def _run_tools(self, answer: ModelTurn, messages: list[Message], box: ToolBox) -> None:
        for call in answer.tool_calls:  # all checked before any runs
            if call.name not in TOOLS:
                raise LLMResponseError(f"the model called a tool that does not exist: "
                                       f"{call.name!r}", "unknown_tool")
            if call.arguments is None:
                raise LLMResponseError(f"malformed arguments for {call.name}: {call.error}; "
                                       f"got {call.raw[:200]!r}", "malformed_tool_call")
        messages.append(Message("assistant", answer.text, answer.tool_calls))
        for call in answer.tool_calls:
            assert call.arguments is not None
            result = box.call(call.name, call.arguments)
            log.debug("tool %s(%s) -> %s", call.name, call.raw[:200], result[:200])
            messages.append(Message("tool", result, tool_call_id=call.id))
        self.stats.count(tool_calls=Counter(c.name for c in answer.tool_calls))

    # -- the reply -----------------------------------------------------------------

    def _reply(self, grounded: Grounded, box: ToolBox, *, wants_items: bool = False) -> Reply:
        """The grounded reply; `wants_items`: the message asks for something to pick from
        (a wish, a title, words to search), so prose without picks or a question is no
        answer."""
        if grounded.removed:
            log.warning("removed %d ungrounded title(s) from a reply: %s",
                        len(grounded.removed), "; ".join(grounded.removed))
            self.stats.count(ungrounded=len(grounded.removed))
        profile = box.profile()
        picks = [pick_view(box.returned[i].item, profile, box.returned[i].why,
                           box.returned[i].score, summary=summary)
                 for i, summary in grounded.picks.items()]
        text = grounded.text.strip()
        asked = not picks and "?" in text.splitlines()[-1] if text else False
        if not text:
            raise LLMResponseError("the model's reply was empty", "empty_reply")
        # A reply that named things it could not stand behind and shows nothing it can:
        # what is left of it ("Hi there!") is no answer.
        if not picks and (grounded.attempted or grounded.removed
                          or ((box.returned or wants_items) and not asked)):
            raise LLMResponseError("the reply presented no item the tools returned",
                                   "no_usable_picks")
        self.stats.count(answered=1, model_summaries=grounded.model_summaries,
                         replaced_summaries=grounded.replaced_summaries)
        return Reply(text, picks, asked=asked, engine="llm")

    def _fell_back(self, reason: str, detail: str, session_id: str) -> None:
        # A refused key, an unknown model, a request the server cannot take (a model without
        # tool calling): configuration to fix, not a passing failure.
        level = logging.ERROR if reason in ("auth", "not_found", "http_400") else logging.WARNING
        log.log(level, "LLM turn for session %s fell back to the offline engine (%s): %s",
                session_id, reason, detail)
        self.stats.count(fallbacks={reason: 1})

    # -- what the model reads -------------------------------------------------------

    def _messages(self, box: ToolBox, turn: Turn) -> list[Message]:
        index = turn.catalog.index
        system = self.prompts.render(
            "system.md", catalog=turn.catalog.name, item_count=index.count(),
            fields=_fields(turn.catalog),
            person=person(box.profile(), index))
        messages = [Message("system", system)]
        for past in turn.history[-HISTORY:]:
            if past.role == "user":
                messages.append(Message("user", past.text))
                continue
            shown = index.get(past.picks)
            note = self.prompts.render("shown.md", picks=[
                {"n": n, "id": i.id, "title": display_title(i.title)}
                for n, i in enumerate(shown, 1)])
            messages.append(Message("assistant", f"{past.text}\n\n{note}" if shown
                                    else past.text))
        messages.append(Message("user", turn.text))
        return messages

    def _allowed(self, box: ToolBox) -> set[str]:
        """Items the reply may name without presenting them: the person's own."""
        return box.shown | box.named | box.mentioned | box.profile().shown_before()

    @staticmethod
    def _summary_checker(box: ToolBox) -> Callable[[str, Item], str | None]:
        profile = box.profile()
        return lambda summary, item: model_summary_problem(summary, item, profile.reading_level,
                                                           profile.detail)

    @staticmethod
    def _describer(box: ToolBox) -> Callable[[Item], str]:
        profile = box.profile()
        return lambda item: summarise(item, profile.reading_level, profile.detail)


def _runner(box: ToolBox, name: str) -> Callable[[dict[str, Any]], str]:
    return lambda arguments: box.call(name, arguments)


def _fields(catalog: CatalogView) -> list[dict[str, Any]]:
    """The catalog's filterable fields for the system prompt: every value of a field with
    few (genres, categories), a few examples of one with many (directors, brands), and
    the range and part of each number (a year from 1902 to 2018)."""
    described = []
    numbers = catalog.reading.schema.numbers
    for name, kind in sorted(catalog.fields.items()):
        values = catalog.vocabulary.get(name, [])
        if (kind == "str" and not values) or name.lower().endswith(ID_LIKE):
            continue  # free text (a plot) is searched by words; ids are not for people
        shown = values if len(values) <= ALL_VALUES else values[:EXAMPLE_VALUES]
        number = numbers.get(name)
        span = f"{number.role}, {number.low:g} to {number.high:g}" if number else ""
        described.append({"name": name, "type": kind, "values": shown, "range": span,
                          "more": len(values) - len(shown)})
    return described


def _example_system_values() -> dict[str, Any]:
    """Values of every kind the system prompt takes, to check the template at start."""
    return {"catalog": "example", "item_count": 1,
            "fields": [{"name": "genres", "type": "list", "values": ["Comedy"], "more": 0,
                        "range": ""}],
            "person": {"reading_level": "standard", "detail": "brief", "new_person": True}}
