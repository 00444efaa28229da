"""A local OpenAI-compatible chat-completions server for tests: real HTTP on 127.0.0.1.

    with StubServer(ScriptedModel(...)) as stub:
        settings = Settings(data_dir=..., llm_base_url=stub.url, llm_model="stub")
        stub.enqueue(Fault(500))            # the next request fails, then the model answers

It speaks POST /v1/chat/completions (JSON, or server-sent events with `stream: true`:
content deltas and tool-call deltas, as OpenAI sends them) and GET /v1/models. Each
request is answered by the next queued response, else by `model(request)`. Every
request body is kept in `requests`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Call:
    """A tool call as the model writes it; `arguments` is raw text (it may be malformed)."""

    name: str
    arguments: str | dict[str, Any] = "{}"
    id: str = ""

    @property
    def raw(self) -> str:
        return self.arguments if isinstance(self.arguments, str) else json.dumps(self.arguments)


@dataclass
class Answer:
    """An assistant message: text, tool calls, or both."""

    content: str = ""
    calls: list[Call] = field(default_factory=list)
    stall_after: int | None = None  # streaming: stop sending after this many chunks
    stall_seconds: float = 0.0


@dataclass
class Fault:
    """An HTTP error response (500, 429 with retry-after...)."""

    status: int
    message: str = "stub failure"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Delay:
    """Answer after `seconds` (a timeout when it is longer than the client waits)."""

    seconds: float
    then: Answer | Fault | None = None


@dataclass
class FromModel:
    """Queued to let the model answer a request before the next queued response."""


Response = Answer | Fault | Delay | FromModel
Model = Callable[[dict[str, Any]], Answer]


class StubServer:
    """An OpenAI-compatible server in a thread, on 127.0.0.1 and a free port."""

    def __init__(self, model: Model):
        self.model = model
        self.queue: deque[Response] = deque()
        self.requests: list[dict[str, Any]] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def enqueue(self, *responses: Response) -> None:
        self.queue.extend(responses)

    def respond(self, request: dict[str, Any]) -> Response:
        with self._lock:
            self.requests.append(request)
            queued = self.queue.popleft() if self.queue else None
        if queued is None or isinstance(queued, FromModel):
            return self.model(request)
        return queued


def _handler(stub: StubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
            pass

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [
                    {"id": "stub", "object": "model", "created": 0, "owned_by": "tests"}]})
            else:
                self._json(404, {"error": {"message": f"no route {self.path}"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._json(404, {"error": {"message": f"no route {self.path}"}})
                return
            response = stub.respond(body)
            if isinstance(response, Delay):
                if stub.stopping.wait(response.seconds):
                    return
                response = response.then or stub.model(body)
            try:
                if isinstance(response, Fault):
                    self._json(response.status, {"error": {
                        "message": response.message, "type": "stub_error",
                        "code": str(response.status)}}, response.headers)
                elif body.get("stream"):
                    self._stream(body, response)
                else:
                    self._json(200, _completion(body, response))
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
                pass

        def _json(self, status: int, payload: dict[str, Any],
                  headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, body: dict[str, Any], answer: Answer) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunks = _chunks(body, answer)
            for n, chunk in enumerate(chunks):
                if answer.stall_after is not None and n == answer.stall_after:
                    stub.stopping.wait(answer.stall_seconds)
                    return
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return Handler


def _completion(body: dict[str, Any], answer: Answer) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": answer.content or None}
    if answer.calls:
        message["tool_calls"] = [
            {"id": c.id or f"call_{n}", "type": "function",
             "function": {"name": c.name, "arguments": c.raw}}
            for n, c in enumerate(answer.calls)]
    return {"id": "chatcmpl-stub", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model", "stub"),
            "choices": [{"index": 0, "message": message, "logprobs": None,
                         "finish_reason": "tool_calls" if answer.calls else "stop"}],
            "usage": _usage(body, answer)}


def _chunks(body: dict[str, Any], answer: Answer) -> list[dict[str, Any]]:
    """The answer as OpenAI streams it: a role delta, content in small pieces, each tool
    call's name then its arguments in pieces, the finish reason, and usage if asked."""
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"id": "chatcmpl-stub", "object": "chat.completion.chunk",
                "created": int(time.time()), "model": body.get("model", "stub"),
                "choices": [{"index": 0, "delta": delta, "logprobs": None,
                             "finish_reason": finish}]}

    chunks = [chunk({"role": "assistant", "content": ""})]
    text = answer.content
    chunks += [chunk({"content": text[i:i + 5]}) for i in range(0, len(text), 5)]
    for n, call in enumerate(answer.calls):
        chunks.append(chunk({"tool_calls": [{"index": n, "id": call.id or f"call_{n}",
                                             "type": "function",
                                             "function": {"name": call.name,
                                                          "arguments": ""}}]}))
        raw = call.raw
        chunks += [chunk({"tool_calls": [{"index": n, "function": {"arguments": raw[i:i + 7]}}]})
                   for i in range(0, len(raw), 7)]
    chunks.append(chunk({}, "tool_calls" if answer.calls else "stop"))
    if (body.get("stream_options") or {}).get("include_usage"):
        chunks.append({"id": "chatcmpl-stub", "object": "chat.completion.chunk",
                       "created": int(time.time()), "model": body.get("model", "stub"),
                       "choices": [], "usage": _usage(body, answer)})
    return chunks


def _usage(body: dict[str, Any], answer: Answer) -> dict[str, int]:
    prompt = sum(len(str(m.get("content") or "").split()) for m in body.get("messages", []))
    completion = len(answer.content.split()) + sum(len(c.raw) // 4 for c in answer.calls)
    return {"prompt_tokens": prompt, "completion_tokens": completion,
            "total_tokens": prompt + completion}
