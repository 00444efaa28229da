"""What keeps an embedded chat safe: site keys and origins, rate limits, body size limits.

- **Sites.** Each public site key (`RECBOT_SITE_KEYS`) may be used only from its
  own origins (or, if it names none, from `RECBOT_ALLOWED_ORIGINS`). A request
  with no `Origin` header comes from a program, not a browser page, and is
  allowed with a valid key; a page on the server's own origin is always allowed.
  The server's own origins are configured (`own_origins`), never read from the
  request's Host header, which a DNS-rebinding page chooses along with its Origin.
  CORS headers are sent to the union of those origins, on `/api/` only.
- **Rate limits.** A token bucket per session (chat turns and feedback) and per
  client address (new sessions), so one visitor cannot starve the others.
- **Body size.** Requests to `/api/` larger than `RECBOT_MAX_BODY_BYTES` are
  refused with 413 before they are read in full, whether or not they declare
  their length.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from typing import Any, Protocol

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse, Response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


LOOPBACK_NAMES = ("127.0.0.1", "localhost")
EVERY_ADDRESS = ("0.0.0.0", "::")


def own_origins(public_url: str | None, host: str, port: int) -> tuple[str, ...]:
    """The origins of the server's own pages: `RECBOT_PUBLIC_URL`, else the address it
    listens on; on a loopback address (or every address), by both names people type."""
    if public_url:
        return (public_url.lower(),)
    names = LOOPBACK_NAMES if host in (*LOOPBACK_NAMES, *EVERY_ADDRESS) else (host,)
    suffix = "" if port == 80 else f":{port}"
    return tuple(f"http://{f'[{name}]' if ':' in name else name}{suffix}".lower()
                 for name in names)


def origin_pattern(origin: str) -> str:
    """A regular expression for one allowed origin; `:*` stands for any port (or none)."""
    if origin.endswith(":*"):
        return re.escape(origin[:-2]) + r"(?::\d{1,5})?"
    return re.escape(origin)


class Sites:
    """The public site keys and the origins each may be used from."""

    def __init__(self, keys: Mapping[str, Sequence[str]], allowed_origins: Sequence[str], *,
                 own: Sequence[str]):
        self.keys = {key: tuple(origins) for key, origins in keys.items()}
        self.allowed_origins = tuple(allowed_origins)
        self.own = tuple(own)  # the server's own pages' origins, see `own_origins`
        self._patterns = {key: self._compile(origins or self.allowed_origins)
                          for key, origins in self.keys.items()}
        every = {*self.allowed_origins, *(o for os_ in self.keys.values() for o in os_)}
        self.cors_regex = "|".join(sorted(origin_pattern(o) for o in every)) or r"(?!)"

    @staticmethod
    def _compile(origins: Sequence[str]) -> re.Pattern[str] | None:
        if not origins:
            return None
        return re.compile("|".join(origin_pattern(o) for o in origins))

    def is_key(self, key: object) -> bool:
        return isinstance(key, str) and key in self.keys

    def origin_allowed(self, key: str, origin: str | None) -> bool:
        """May a page on `origin` use this key? None: not a browser page."""
        if origin is None or origin.lower() in self.own:
            return True
        pattern = self._patterns.get(key)
        return pattern is not None and pattern.fullmatch(origin.lower()) is not None


class Limiter(Protocol):
    def acquire(self, key: str) -> float:
        """0 when the request may go ahead; otherwise the seconds to wait before retrying."""
        ...


class RateLimiter:
    """A token bucket per key: `per_minute` requests a minute, in bursts of up to `burst`."""

    def __init__(self, per_minute: int, *, burst: int | None = None, max_keys: int = 100_000,
                 clock: Callable[[], float] = time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = float(burst if burst is not None else per_minute)
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def acquire(self, key: str) -> float:
        """0 when the request may go ahead; otherwise the seconds to wait before retrying."""
        with self._lock:
            now = self._clock()
            tokens, then = self._buckets.pop(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - then) * self.rate)
            wait = 0.0
            if tokens >= 1:
                tokens -= 1
            else:
                wait = (1 - tokens) / self.rate
            self._buckets[key] = (tokens, now)  # most recently used last
            while len(self._buckets) > self.max_keys:  # forget the idlest visitors first
                self._buckets.popitem(last=False)
            return wait


class BodyLimitMiddleware:
    """Refuse request bodies over a limit with 413, counting what actually arrives.

    The body is read (up to the limit) before the app sees the request, and handed
    on in one piece: the app never starts on a body it would have to abandon."""

    def __init__(self, app: ASGIApp, *, limits: Sequence[tuple[str, int]], default: int):
        self.app = app
        self.limits = limits  # (path prefix, bytes): the first matching prefix applies
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = next((n for prefix, n in self.limits if scope["path"].startswith(prefix)),
                     self.default)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left before sending its body
            body = message.get("body", b"")
            size += len(body)
            if size > limit:
                await _too_large(send, limit)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        whole: Message | None = {"type": "http.request", "body": b"".join(chunks),
                                 "more_body": False}

        async def replay() -> Message:
            nonlocal whole
            if whole is not None:
                message, whole = whole, None
                return message
            return await receive()  # after the body: wait for a disconnect

        await self.app(scope, replay, send)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"error": f"request body too large (limit {limit} bytes)"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class ApiCORSMiddleware:
    """Starlette's CORS handling, on the API's paths only (the chat UI stays same-origin)."""

    def __init__(self, app: ASGIApp, *, prefixes: Sequence[str], origin_regex: str):
        self.app = app
        self.prefixes = tuple(prefixes)
        self.cors = _CORSWithJsonErrors(
            app, allow_origin_regex=origin_regex, allow_methods=["GET", "POST"],
            allow_headers=["content-type", "x-recbot-key"], max_age=600)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.prefixes):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


class _CORSWithJsonErrors(CORSMiddleware):
    """A refused preflight answered in the API's shape, `{"error": ...}`, not as plain text."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        headers = {k: v for k, v in response.headers.items()
                   if k not in ("content-length", "content-type")}
        return JSONResponse({"error": bytes(response.body).decode()},
                            status_code=response.status_code, headers=headers)
