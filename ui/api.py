"""The HTTP API: sessions, chat (plain and streamed), feedback, items, health.

Every turn goes through `Bot.reply` / `Bot.stream`; this module only checks who
is asking (see `ui.sessions` and `ui.security`) and turns errors into HTTP
answers. Error bodies are `{"error": "..."}`.

    POST /api/session        {"key"}                         -> {"session_id", "expires_in"}
    POST /api/chat           {"session_id", "message", "catalog"?}
                             -> {"reply", "lead", "picks", "asked", "alternatives"}
    POST /api/chat/stream    the same, as server-sent events: delta..., then reply (or error)
    POST /api/feedback       {"session_id", "item_id", "kind", "catalog"?} -> {"ok", ...}
    GET  /api/items/{id}     ?catalog=NAME                   -> the item's fields ("/" allowed)
    GET  /api/catalogs                                       -> {"catalogs", "default"}
    GET  /healthz                                            -> {"status": "ok", ...}
"""

from __future__ import annotations

import json
import logging
import threading
import time
import weakref
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

import anyio
from fastapi import APIRouter, Header, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.types import Receive, Scope, Send

from bot.catalog import CATALOG_NAME
from bot.errors import (
    IndexNotFoundError,
    QueryError,
    RecbotError,
    SubstitutionError,
    UnknownItemError,
)
from bot.profiles import Feedback, ProfileError
from bot.turn import MAX_MESSAGE
from ui.security import Limiter, Sites
from ui.sessions import Session, SessionError, SessionSigner

if TYPE_CHECKING:
    from bot.bot import Bot

log = logging.getLogger("recbot.web")

CATALOG = CATALOG_NAME.pattern
CATALOG_REFRESH_SECONDS = 30.0
KEY_HEADER = "X-Recbot-Key"
KeyHeader = Annotated[str | None, Header(alias=KEY_HEADER, max_length=64,
                                         description="the site's public key (optional)")]
# An id may hold "/" (as the catalog allows): it is the whole rest of the path, sent
# percent-encoded (encodeURIComponent) or as is.
ItemId = Annotated[str, Path(min_length=1, max_length=256)]
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
CatalogQuery = Annotated[str | None, Query(pattern=CATALOG)]

# Feedback a client can send, and the kind it is stored as; a kind not listed here is refused
# with the list. With `substitute_for`, "accepted" and "dislike" (or "rejected") are a
# shopper's verdict on a substitute, learned from (bot/substitution/acceptance.py).
FEEDBACK_KINDS: dict[str, Feedback] = {"like": "like", "dislike": "dislike", "seen": "seen",
                                       "accepted": "accepted", "rejected": "dislike",
                                       "clear": "clear"}  # an opinion taken back


# -- request and response bodies ----------------------------------------------------------


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SessionRequest(_Body):
    key: str | None = Field(None, max_length=64,
                            description=f"the site's public key (or the {KEY_HEADER} header)")


class SessionResponse(BaseModel):
    session_id: str
    expires_in: int = Field(description="seconds until the session token expires")


class ChatRequest(_Body):
    session_id: str = Field(description="a token from POST /api/session")
    message: str = Field(max_length=MAX_MESSAGE)
    catalog: str | None = Field(None, pattern=CATALOG)


class PickOut(BaseModel):
    id: str
    title: str
    summary: str
    why: str
    score: float


class ChatResponse(BaseModel):
    reply: str
    lead: str = Field(description="the reply without its numbered pick lines, for a page "
                                  "that shows the picks as cards")
    picks: list[PickOut]
    asked: bool = Field(description="the reply is a question back to the person")
    alternatives: bool = Field(False, description="nothing fits the request: the picks are "
                                                  "the nearest to it, each saying how far off")


class FeedbackRequest(_Body):
    session_id: str
    item_id: str = Field(min_length=1, max_length=256)
    kind: str = Field(description="one of: " + ", ".join(FEEDBACK_KINDS))
    catalog: str | None = Field(None, pattern=CATALOG)
    substitute_for: str | None = Field(
        None, min_length=1, max_length=256,
        description="the out-of-stock item `item_id` was offered instead of: the feedback "
                    "(accepted, or dislike / rejected) is a verdict on the substitution")

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in FEEDBACK_KINDS:
            raise ValueError(f"kind must be one of {', '.join(FEEDBACK_KINDS)}")
        return kind


class FeedbackResponse(BaseModel):
    ok: bool
    item_id: str
    kind: str


# -- shared state ---------------------------------------------------------------------------


@dataclass
class WebState:
    """What every request handler shares: the bot and the security policy."""

    bot: Bot
    signer: SessionSigner
    sites: Sites
    turn_limiter: Limiter
    session_limiter: Limiter
    _locks: weakref.WeakValueDictionary[str, threading.Lock] = field(
        default_factory=weakref.WeakValueDictionary)
    _locks_guard: threading.Lock = field(default_factory=threading.Lock)
    _catalogs: tuple[float, list[str]] = (0.0, [])

    @contextmanager
    def turn(self, profile_key: str) -> Iterator[None]:
        """One turn at a time per session: a double-click cannot interleave two turns."""
        with self._locks_guard:
            lock = self._locks.get(profile_key)
            if lock is None:
                lock = self._locks[profile_key] = threading.Lock()
        with lock:
            yield

    def catalogs(self) -> list[str]:
        """The indexed catalogs, re-read now and then (an ingest may add one)."""
        read_at, names = self._catalogs
        if time.monotonic() - read_at > CATALOG_REFRESH_SECONDS or not names:
            names = self.bot.context.catalogs()
            self._catalogs = (time.monotonic(), names)
        return names

    def default_catalog(self) -> str:
        """RECBOT_CATALOG when it is indexed, else the first catalog that is."""
        names, wanted = self.catalogs(), self.bot.context.settings.catalog
        return wanted if wanted in names or not names else names[0]

    def catalog(self, name: str | None) -> str:
        """The catalog asked for (or the default), refused unless it is indexed."""
        chosen = name or self.default_catalog()
        if chosen not in self.catalogs():
            raise HTTPException(404, f"no catalog named {chosen!r}; have: "
                                     f"{', '.join(self.catalogs()) or 'none'}")
        return chosen


def authorise(state: WebState, request: Request, token: str, key: str | None) -> Session:
    """The session a request acts for, after the token, key, origin and rate checks."""
    try:
        session = state.signer.verify(token)
    except SessionError as exc:
        raise HTTPException(401, str(exc)) from None
    if not state.sites.is_key(session.site):  # a key since withdrawn, or the chat page's own
        raise HTTPException(401, "the site key of this session is no longer accepted")
    if key is not None and key != session.site:
        raise HTTPException(403, "the session belongs to another site key")
    if not state.sites.origin_allowed(session.site, request.headers.get("origin")):
        raise HTTPException(403, "this origin may not use the session")
    wait = state.turn_limiter.acquire(session.profile_key)
    if wait:
        raise HTTPException(429, f"too many requests; retry in {wait:.0f} s",
                            headers={"Retry-After": str(max(1, round(wait)))})
    return session


@contextmanager
def http_errors() -> Iterator[None]:
    """recbot's errors as HTTP answers; anything else is logged and answered with 500."""
    try:
        yield
    except (UnknownItemError, IndexNotFoundError) as exc:
        raise HTTPException(404, str(exc)) from None
    except (ProfileError, QueryError, SubstitutionError) as exc:
        raise HTTPException(400, str(exc)) from None
    except RecbotError as exc:
        log.exception("request failed")
        raise HTTPException(500, str(exc)) from None


def sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


class TurnStream(StreamingResponse):
    """Server-sent events from a generator that holds its session's turn; the generator is
    closed the moment the response ends, however it ends (the client may have gone away).

    Starlette runs each step of a sync generator in a worker thread and, when the client
    disconnects, cancels that loop without closing the generator: the turn's lock would be
    let go only when the garbage collector finalised it, minutes later, and every request
    of the session would wait for it, each holding a worker thread."""

    def __init__(self, events: Generator[str, None, None]):
        super().__init__(events, media_type="text/event-stream",
                         headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        self.events = events

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # No step is running now: a cancelled step is waited for, not abandoned. Shielded,
            # so that a response cancelled from outside (shutdown) lets go of the turn too.
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(self.events.close)


# -- routes ---------------------------------------------------------------------------------


def api_router(state: WebState) -> APIRouter:
    router = APIRouter()

    # async: nothing here blocks, so a new visitor is not queued behind busy chat turns
    @router.post("/api/session", response_model=SessionResponse, tags=["chat"])
    async def create_session(request: Request, body: SessionRequest | None = None,
                             x_recbot_key: KeyHeader = None) -> SessionResponse:
        """Start a conversation: a new session token for a site's public key."""
        key = (body.key if body else None) or x_recbot_key
        if not state.sites.is_key(key):
            raise HTTPException(403, "unknown site key")
        assert key is not None
        if not state.sites.origin_allowed(key, request.headers.get("origin")):
            raise HTTPException(403, "this origin may not use this site key")
        client = request.client.host if request.client else "unknown"
        wait = state.session_limiter.acquire(client)
        if wait:
            raise HTTPException(429, f"too many new sessions; retry in {wait:.0f} s",
                                headers={"Retry-After": str(max(1, round(wait)))})
        return SessionResponse(session_id=state.signer.issue(key),
                               expires_in=int(state.signer.ttl_seconds))

    @router.post("/api/chat", response_model=ChatResponse, tags=["chat"])
    def chat(body: ChatRequest, request: Request, x_recbot_key: KeyHeader = None
             ) -> dict[str, Any]:
        """One turn of the conversation: the bot's reply and its picks."""
        session = authorise(state, request, body.session_id, x_recbot_key)
        catalog = state.catalog(body.catalog)
        with http_errors(), state.turn(session.profile_key):
            return state.bot.reply(session.profile_key, body.message,
                                   catalog=catalog).to_dict()

    @router.post("/api/chat/stream", tags=["chat"],
                 responses={200: {"content": {"text/event-stream": {}},
                                  "description": "`delta` events ({\"text\"}), then one "
                                                 "`reply` event (as /api/chat) or `error`"}})
    def chat_stream(body: ChatRequest, request: Request, x_recbot_key: KeyHeader = None
                    ) -> StreamingResponse:
        """One turn, streamed as server-sent events. The `reply` event's text is final."""
        session = authorise(state, request, body.session_id, x_recbot_key)
        catalog = state.catalog(body.catalog)

        def events() -> Generator[str, None, None]:
            with state.turn(session.profile_key):
                try:
                    for part in state.bot.stream(session.profile_key, body.message,
                                                 catalog=catalog):
                        if isinstance(part, str):
                            yield sse("delta", {"text": part})
                        else:
                            yield sse("reply", part.to_dict())
                except RecbotError as exc:
                    log.exception("streamed turn failed")
                    yield sse("error", {"error": str(exc)})
                except Exception:  # the response has started: say so in the stream, then log
                    log.exception("streamed turn failed")
                    yield sse("error", {"error": "internal error"})

        return TurnStream(events())

    @router.post("/api/feedback", response_model=FeedbackResponse, tags=["chat"])
    def feedback(body: FeedbackRequest, request: Request, x_recbot_key: KeyHeader = None
                 ) -> FeedbackResponse:
        """A like, dislike, seen or accepted for one item, from a button."""
        session = authorise(state, request, body.session_id, x_recbot_key)
        catalog = state.catalog(body.catalog)
        with http_errors(), state.turn(session.profile_key):
            state.bot.feedback(session.profile_key, body.item_id, FEEDBACK_KINDS[body.kind],
                               catalog=catalog, substitute_for=body.substitute_for)
        return FeedbackResponse(ok=True, item_id=body.item_id, kind=body.kind)

    @router.get("/api/items/{item_id:path}", tags=["catalog"])
    def item(item_id: ItemId, catalog: CatalogQuery = None) -> dict[str, Any]:
        """One catalog item, every field (show them as text)."""
        name = state.catalog(catalog)
        with http_errors():
            found = state.bot.context.index(name).get([item_id])
        if not found:
            raise HTTPException(404, f"no item with id {item_id!r} in catalog {name!r}")
        return found[0].to_dict()

    @router.get("/api/catalogs", tags=["catalog"])
    def catalogs() -> dict[str, Any]:
        """The catalogs that can be chatted about, and the default one."""
        return {"catalogs": state.catalogs(), "default": state.default_catalog()}

    @router.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, Any]:
        """Ready to chat: the index and the profile store answer."""
        with http_errors():
            names = state.bot.context.catalogs()
            state.bot.store.profile("healthz", names[0] if names else "-")
        return {"status": "ok", "catalogs": names}

    # Last of the API's routes: any other /api/ request is answered here, in the API's
    # shape, rather than by the chat page mounted at "/".
    @router.api_route("/api/{path:path}", methods=METHODS, include_in_schema=False)
    async def unknown(request: Request) -> None:
        path = request.scope["path"]
        allowed = sorted({method for route in router.routes if isinstance(route, APIRoute)
                          and route.endpoint is not unknown and route.path_regex.match(path)
                          for method in route.methods or ()})
        if allowed:
            raise HTTPException(405, f"{request.method} is not allowed here; use "
                                     f"{', '.join(allowed)}", headers={"Allow": ", ".join(allowed)})
        raise HTTPException(404, f"no such API endpoint: {path}")

    return router
