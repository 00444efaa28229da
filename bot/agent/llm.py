"""The LLM adapter: the only module that imports LangChain, langchain-openai and openai.

The agent talks to a chat model in plain types (`Message`, `ToolSpec`, `ToolCall`,
`ModelTurn`) through the `ChatModel` protocol. `open_chat_model(settings)` builds a
LangChain `ChatOpenAI` for any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM,
LM Studio, a llama.cpp server): model, base URL, API key, timeout and retries all
come from settings. `LangChainModel` wraps any LangChain chat model, so another
provider's LangChain class can be handed in instead.

Failures of the endpoint become `LLMUnavailableError` with a short reason code
(timeout, connection, rate_limit, http_500, auth...), so the agent can fall back
to the offline engine and count why. Tool-call arguments are parsed strictly: JSON
that does not parse is reported as an invalid call, never half-repaired.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import openai
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.tools import StructuredTool
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from bot.errors import ConfigError, LLMError, LLMResponseError, LLMUnavailableError
from bot.settings import Settings

log = logging.getLogger("recbot.llm")
LOCAL_API_KEY = "not-needed"  # local servers (Ollama, vLLM...) ignore the key but need one


@dataclass(frozen=True)
class ToolSpec:
    """A tool the model may call: name, description, JSON-schema parameters, and how to run
    it (arguments in, a JSON result out)."""

    name: str
    description: str
    parameters: dict[str, Any]
    run: Callable[[dict[str, Any]], str]


@dataclass
class ToolCall:
    id: str
    name: str
    arguments: dict[str, Any] | None  # None: the model's JSON did not parse
    raw: str = ""  # the arguments as the model wrote them
    error: str | None = None


@dataclass
class Message:
    role: Literal["system", "user", "assistant", "tool"]
    content: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)  # assistant asking for tools
    tool_call_id: str | None = None  # a tool's answer to that call


@dataclass
class ModelTurn:
    """What the model said in one request: text, tool calls, or both."""

    text: str
    tool_calls: list[ToolCall] = field(default_factory=list)


class ChatModel(Protocol):
    name: str

    def complete(self, messages: Sequence[Message], tools: Sequence[ToolSpec] = (), *,
                 required: str | None = None) -> ModelTurn:
        """One answer; with `required`, the model must call that tool (servers that
        support it constrain the arguments to the tool's schema)."""
        ...

    def stream(self, messages: Sequence[Message], tools: Sequence[ToolSpec] = ()
               ) -> Iterator[str | ModelTurn]:
        """Text deltas as they arrive, then the whole `ModelTurn` last."""
        ...


def open_chat_model(settings: Settings) -> LangChainModel:
    """A chat model for the endpoint in settings (RECBOT_LLM_*)."""
    if not settings.llm_model:
        raise ConfigError("RECBOT_LLM_MODEL must name the model to use with "
                          f"RECBOT_LLM_BASE_URL={settings.llm_base_url}")
    key = settings.llm_api_key
    if key is None:
        if settings.llm_base_url is None:
            raise ConfigError("RECBOT_LLM_API_KEY is required for api.openai.com (a local "
                              "server set with RECBOT_LLM_BASE_URL needs none)")
        key = LOCAL_API_KEY
    # langchain-openai sends a bound as `max_completion_tokens`, which api.openai.com
    # wants and llama.cpp's server and others ignore (replies without end): elsewhere
    # the bound goes as the classic `max_tokens`.
    bound: dict[str, Any] = {"max_tokens": settings.llm_max_tokens} \
        if settings.llm_base_url is None else {"extra_body": {"max_tokens":
                                                              settings.llm_max_tokens}}
    chat = ChatOpenAI(model=settings.llm_model, base_url=settings.llm_base_url,
                      api_key=SecretStr(key), timeout=settings.llm_timeout,
                      max_retries=settings.llm_max_retries,
                      temperature=settings.llm_temperature, **bound)
    where = settings.llm_base_url or "api.openai.com"
    return LangChainModel(chat, f"{settings.llm_model} at {where}")


def langchain_tools(tools: Sequence[ToolSpec]) -> list[StructuredTool]:
    """recbot's tools as LangChain tools (usable in any LangChain agent, too)."""
    return [StructuredTool(name=t.name, description=t.description, args_schema=t.parameters,
                           func=_runner(t)) for t in tools]


def _runner(tool: ToolSpec) -> Callable[..., str]:
    def run(**arguments: Any) -> str:
        return tool.run(arguments)

    return run


class LangChainModel:
    """Any LangChain chat model behind `ChatModel`."""

    def __init__(self, model: BaseChatModel, name: str = ""):
        self.model = model
        self.name = name or type(model).__name__

    def _bound(self, tools: Sequence[ToolSpec], required: str | None = None) -> Any:
        if not tools:
            return self.model
        return self.model.bind_tools(langchain_tools(tools), tool_choice=required)

    def complete(self, messages: Sequence[Message], tools: Sequence[ToolSpec] = (), *,
                 required: str | None = None) -> ModelTurn:
        try:
            answer = self._bound(tools, required).invoke(_to_langchain(messages))
        except Exception as exc:
            error = _classified(exc, self.name)
            if error is None:
                raise
            raise error from exc
        return _turn(answer)

    def stream(self, messages: Sequence[Message], tools: Sequence[ToolSpec] = ()
               ) -> Iterator[str | ModelTurn]:
        whole: AIMessageChunk | None = None
        try:
            for chunk in self._bound(tools).stream(_to_langchain(messages)):
                text = str(chunk.text)
                if text:
                    yield text
                whole = chunk if whole is None else whole + chunk
        except Exception as exc:
            error = _classified(exc, self.name)
            if error is None:
                raise
            raise error from exc
        if whole is None:
            raise LLMResponseError(f"{self.name} streamed nothing", "empty_response")
        yield _turn(whole)


def _classified(exc: Exception, name: str) -> LLMError | None:
    """An SDK failure as a recbot error with a reason code; None for anything else."""
    if isinstance(exc, openai.APITimeoutError):
        return LLMUnavailableError(f"{name} did not answer in time", "timeout")
    if isinstance(exc, openai.APIConnectionError):
        return LLMUnavailableError(f"cannot reach {name}: {exc}", "connection")
    if isinstance(exc, openai.RateLimitError):
        return LLMUnavailableError(f"{name} is rate limited: {exc.message}", "rate_limit")
    if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return LLMUnavailableError(f"{name} refused the API key (check RECBOT_LLM_API_KEY): "
                                   f"{exc.message}", "auth")
    if isinstance(exc, openai.NotFoundError):
        return LLMUnavailableError(f"{name}: not found (check RECBOT_LLM_MODEL and "
                                   f"RECBOT_LLM_BASE_URL): {exc.message}", "not_found")
    if isinstance(exc, openai.APIStatusError):
        return LLMUnavailableError(f"{name} answered HTTP {exc.status_code}: {exc.message}",
                                   f"http_{exc.status_code}")
    if isinstance(exc, openai.APIError):
        return LLMUnavailableError(f"{name} sent a response that cannot be read: {exc}",
                                   "bad_response")
    if isinstance(exc, (ValueError, KeyError, TypeError)):  # LangChain reading a garbled reply
        return LLMResponseError(f"{name} sent a response that cannot be read: {exc!r}",
                                "bad_response")
    return None


def _to_langchain(messages: Sequence[Message]) -> list[BaseMessage]:
    converted: list[BaseMessage] = []
    for m in messages:
        if m.role == "system":
            converted.append(SystemMessage(m.content))
        elif m.role == "user":
            converted.append(HumanMessage(m.content))
        elif m.role == "tool":
            converted.append(ToolMessage(m.content, tool_call_id=m.tool_call_id or ""))
        else:
            # A tool-call turn's empty text would go as `content: null`, which
            # llama.cpp's server answers with a 500: a space is text to every server.
            text = m.content or (" " if m.tool_calls else "")
            converted.append(AIMessage(text, tool_calls=[
                {"name": c.name, "args": c.arguments or {}, "id": c.id, "type": "tool_call"}
                for c in m.tool_calls]))
    return converted


def _turn(message: AIMessage) -> ModelTurn:
    """The model's text and tool calls; arguments parsed strictly from what it wrote."""
    if isinstance(message, AIMessageChunk) and message.tool_call_chunks:
        raw_calls = [(c.get("id"), c.get("name"), c.get("args") or "")
                     for c in message.tool_call_chunks]
    else:
        raw_calls = [(c.get("id"), c.get("name"), json.dumps(c.get("args", {})))
                     for c in message.tool_calls]
        raw_calls += [(c.get("id"), c.get("name"), c.get("args") or "")
                      for c in message.invalid_tool_calls]
    calls = []
    for n, (call_id, name, raw) in enumerate(raw_calls):
        arguments, error = _arguments(raw)
        calls.append(ToolCall(call_id or f"call_{n}", name or "", arguments, raw, error))
    return ModelTurn(str(message.text), calls)


def _arguments(raw: str) -> tuple[dict[str, Any] | None, str | None]:
    if not raw.strip():
        return {}, None
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, f"arguments are not valid JSON ({exc.msg})"
    if not isinstance(value, dict):
        return None, "arguments are not a JSON object"
    return value, None
