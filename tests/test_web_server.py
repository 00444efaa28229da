"""The API through the real server (uvicorn on 127.0.0.1 in a thread, the whole app as
`recbot serve` builds it), with raw sockets
where a client misbehaves: one that leaves in the middle of a stream, a mangled token, a
lying Host header, odd paths. What FastAPI's test client cannot show: threads, locks and
connections."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import httpx
import pytest

from tests.web_world import ODD_ITEM, build_world, make_bot

pytestmark = pytest.mark.slow

WAIT_SECONDS = 30.0  # generous: a busy machine answers in well under this, a stuck turn never
SHOP = "https://shop.example"


@pytest.fixture(scope="module")
def web_world(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("web-server"))


@pytest.fixture(scope="module")
def server(web_world, tmp_path_factory) -> Iterator[tuple[str, object]]:
    """The whole app (the chat page too) on a free loopback port; it knows that port as its
    own address."""
    from ui.app import build_app
    from ui.server import ServerThread, bind

    sock = bind("127.0.0.1", 0)
    bot = make_bot(web_world, tmp_path_factory.mktemp("data"),
                   site_keys={"demo": ("http://127.0.0.1:*",), "shop": (SHOP,)})
    app = build_app(bot, address=sock.getsockname()[:2])
    with ServerThread(app, sock=sock) as url:
        yield url, app


def new_session(url: str, key: str = "demo") -> str:
    response = httpx.post(url + "/api/session", json={"key": key}, timeout=WAIT_SECONDS)
    assert response.status_code == 200, response.text
    return response.json()["session_id"]


def connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=WAIT_SECONDS)


def send_request(sock: socket.socket, method: str, path: str, body: object = None,
                 **headers: str) -> None:
    payload = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
    headers = {"Host": "127.0.0.1", **headers}
    lines = [f"{method} {path} HTTP/1.1", *(f"{name}: {value}" for name, value in headers.items())]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One response with a Content-Length, read from a connection that stays open."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += _receive(sock)
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in
               (line.split(":", 1) for line in header_lines)}
    while len(body) < int(headers["content-length"]):
        body += _receive(sock)
    return int(status_line.split()[1]), headers, body


def _receive(sock: socket.socket) -> bytes:
    chunk = sock.recv(65536)
    if not chunk:
        raise ConnectionError("the server closed the connection")
    return chunk


def reset(sock: socket.socket) -> None:
    """Close with a TCP reset, as a browser tab that is killed does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def wait_until(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


# -- 1. a client that leaves in the middle of a stream --------------------------------------


def test_a_client_that_leaves_mid_stream_frees_its_session_at_once(server, monkeypatch):
    url, app = server
    state = app.state.web
    real_stream = state.bot.stream

    def slow_stream(*args, **kwargs):  # a reply written slowly, as a model writes it
        for part in real_stream(*args, **kwargs):
            yield part
            time.sleep(0.02)

    monkeypatch.setattr(state.bot, "stream", slow_stream)
    token = new_session(url)
    assert httpx.get(url + "/healthz", timeout=WAIT_SECONDS).status_code == 200
    threads_before = threading.active_count()

    sock = connect(url)
    send_request(sock, "POST", "/api/chat/stream", {"session_id": token, "message": "a comedy"})
    received = b""
    while b"event: delta" not in received:
        received += _receive(sock)
    reset(sock)

    started = time.monotonic()
    answer = httpx.post(url + "/api/chat", json={"session_id": token, "message": "thanks"},
                        timeout=WAIT_SECONDS)
    assert answer.status_code == 200, answer.text
    assert time.monotonic() - started < WAIT_SECONDS
    # The abandoned turn was stored whole, once: the offline engine writes a reply before
    # it streams it (the rule for a reply cut off while a model writes it: tests/test_agent.py).
    history = state.bot.store.history(state.signer.verify(token).profile_key, "movies")
    assert [(m.role, m.text if m.role == "user" else "") for m in history] == [
        ("user", "a comedy"), ("assistant", ""), ("user", "thanks"), ("assistant", "")]
    # No worker thread is left waiting for the session. (AnyIO ends a worker idle for 10 s
    # when it next hands out work: the health checks give it some.)
    def threads_back() -> bool:
        httpx.get(url + "/healthz", timeout=WAIT_SECONDS)
        return threading.active_count() <= threads_before

    assert wait_until(threads_back, 90.0), [t.name for t in threading.enumerate()]


# -- 2. a mangled session token --------------------------------------------------------------


def test_a_token_with_a_non_ascii_signature_is_a_401_and_the_connection_stays_usable(server):
    url, _ = server
    mangled = new_session(url).rpartition(".")[0] + ".é…"
    sock = connect(url)
    try:
        send_request(sock, "POST", "/api/chat", {"session_id": mangled, "message": "hi"})
        status, _, body = read_response(sock)
        assert (status, json.loads(body)) == (401, {"error": "not a session token"})
        send_request(sock, "GET", "/healthz")  # again on the same keep-alive connection
        assert read_response(sock)[0] == 200
    finally:
        sock.close()


# -- 3. a Host header that lies ---------------------------------------------------------------


def exchange(url: str, method: str, path: str, body: object = None, **headers: str
             ) -> tuple[int, dict[str, str], bytes]:
    """One request on its own connection, with the headers exactly as given."""
    sock = connect(url)
    try:
        send_request(sock, method, path, body, **headers)
        return read_response(sock)
    finally:
        sock.close()


def test_a_rebound_host_name_is_not_the_servers_own_origin(server):
    url, _ = server
    port = urlsplit(url).port
    rebound = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
    status, _, body = exchange(url, "POST", "/api/session", {"key": "shop"}, **rebound)
    assert (status, json.loads(body)) == (403, {"error": "this origin may not use this site key"})
    status, _, page = exchange(url, "GET", "/demo", Host=f"evil.example:{port}")
    assert status == 200 and b"evil.example" not in page
    assert f'src="http://127.0.0.1:{port}/widget.js"'.encode() in page
    # Its real address, the one it listens on, is its own.
    own = {"Host": f"localhost:{port}", "Origin": f"http://localhost:{port}"}
    assert exchange(url, "POST", "/api/session", {"key": "shop"}, **own)[0] == 200


# -- 4. odd paths under /api/ ------------------------------------------------------------------


def test_odd_api_paths_get_the_apis_errors_and_an_id_with_a_slash_is_found(server):
    url, _ = server
    for method, path, status in [("GET", "/api/items/..%2F..%2Fetc%2Fpasswd", 404),
                                 ("GET", "/api/no/such/thing", 404),
                                 ("DELETE", "/api/chat", 405)]:
        got, headers, body = exchange(url, method, path)
        assert (got, list(json.loads(body))) == (status, ["error"]), (method, path, body)
        assert headers["content-type"] == "application/json"
    status, _, body = exchange(url, "GET", "/api/items/" + quote(ODD_ITEM["id"], safe=""))
    assert status == 200 and json.loads(body)["id"] == ODD_ITEM["id"]
