"""Running the web app: `serve` for `recbot serve`, `ServerThread` for tests and notebooks."""

from __future__ import annotations

import socket
import threading
import time
from typing import TYPE_CHECKING, Any, TextIO

import uvicorn

from bot import common_words

# Longer than a chat's pauses and than clients keep idle connections (browsers, httpx), so a
# request is not sent on a connection the server is just closing (uvicorn's default is 5 s).
KEEP_ALIVE_SECONDS = 30

if TYPE_CHECKING:
    from fastapi import FastAPI

    from bot.bot import Bot


def one_thread_per_request() -> None:
    """Requests run side by side in the server's threads: each is better off computing on
    one thread than two requests' thread pools fighting over the cores. (Query embedding
    on a busy 2-core machine: median 175 ms and p90 1 s with torch's 2 threads, 26 ms and
    35 ms with 1.)"""
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(1)
    threadpool_limits(limits=1)  # BLAS under numpy and implicit


def warm_up(bot: Bot, catalogs: list[str]) -> None:
    """Load the embedding model, titles and collaborative models before the first visitor,
    so that no request pays for them (and no two requests load them at once)."""
    bot.context.embedder.encode(["warm up"])
    common_words.load()  # the word-frequency table the reader asks on a message's titles
    for name in catalogs:
        bot.prepare(name)  # reads every item, which also fills the index's item cache
        index = bot.context.index(name)
        index.load_filter_table()  # for filtered search (100k items: 153 MB, ~12 s)
        index.embeddings(index.ids())  # every embedding: views of the table's rows


def serve(bot: Bot, host: str, port: int, out: TextIO) -> None:
    """Serve the chat page, the API and the widget until interrupted."""
    from ui.app import build_app

    catalogs = bot.context.catalogs()
    print(f"Loading {', '.join(catalogs) or 'no catalogs'}...", file=out, flush=True)
    one_thread_per_request()
    warm_up(bot, catalogs)
    sock = bind(host, port)
    app = build_app(bot, address=(host, sock.getsockname()[1]))  # port 0: the one it got
    url, *others = app.state.web.sites.own
    demo = f"on another origin {others[0]}/demo" if others else f"{url}/demo"
    print(f"recbot is running: open {url}/ to chat\n"
          f"  API docs {url}/docs, widget demo {demo}\n"
          "  Ctrl-C stops it.", file=out, flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                           timeout_keep_alive=KEEP_ALIVE_SECONDS,
                                           timeout_graceful_shutdown=5))
    server.run(sockets=[sock])


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


class ServerThread:
    """An app served by uvicorn in a thread on 127.0.0.1, on a free port (or on `sock`, bound
    beforehand when the app must know its address).

        with ServerThread(app) as url:
            httpx.get(url + "/healthz")
    """

    def __init__(self, app: FastAPI | Any, host: str = "127.0.0.1", *,
                 sock: socket.socket | None = None):
        self.sock = sock or bind(host, 0)
        bound_host, port = self.sock.getsockname()[:2]
        self.url = f"http://{_url_host(bound_host)}:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                                    lifespan="on", timeout_graceful_shutdown=2))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True, name="recbot-server")

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web server did not start")
            time.sleep(0.02)
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
