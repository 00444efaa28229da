"""`recbot serve --workers N`: N server processes on one listening socket.

The parent binds the socket, starts a Chroma server when none is configured (an
embedded Chroma must not be opened by two processes), then runs uvicorn's
supervisor: each worker is a fresh interpreter (spawned, not forked, so that no
model or client state is copied) that builds its own bot, warms up and serves
on the shared socket, and the kernel hands each new connection to one of them.

Shared by the workers: the index (the Chroma server), the profile and
substitution stores (SQLite in WAL mode, with a busy timeout for a writer that
finds another process writing), and the session secret, so a session started on
one worker is continued on any other. Per process: rate limits, the one-turn-at-
a-time lock of a session, and caches. The Gradio chat page keeps its
conversations in process memory and needs every request of a visitor on one
process, so with several workers `/` leads to the widget's page instead.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from uvicorn import Config
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Multiprocess, Process

from bot.errors import RecbotError
from ui.security import own_origins
from ui.server import KEEP_ALIVE_SECONDS, bind

if TYPE_CHECKING:
    import socket

    from fastapi import FastAPI

    from bot.settings import Settings

# A worker busy with turns still answers the supervisor's ping from a thread of its own
# within milliseconds; only a stuck one takes this long, and is then replaced.
HEALTH_CHECK_SECONDS = 30


@dataclasses.dataclass(frozen=True)
class WorkerApp:
    """The app factory each worker calls (pickled to it): its own bot on shared stores."""

    settings: Settings
    address: tuple[str, int]

    def __call__(self) -> FastAPI:
        import tqdm
        from fastapi.responses import RedirectResponse

        from bot.bot import Bot
        from bot.context import Context
        from ui.app import build_app
        from ui.server import one_thread_per_request, warm_up

        # tqdm's default lock is a multiprocessing semaphore, which the supervisor's resource
        # tracker reports as leaked when a worker is stopped by a signal; threads need no more.
        tqdm.tqdm.set_lock(threading.RLock())
        bot = Bot(Context(self.settings))
        one_thread_per_request()
        warm_up(bot, bot.context.catalogs())
        app = build_app(bot, chat_page=False, address=self.address)
        app.add_api_route("/", lambda: RedirectResponse("/demo"), include_in_schema=False)
        return app


class Supervisor(Multiprocess):
    """uvicorn's supervisor, telling when every worker is ready, replacing a worker that
    dies once all have started, and stopping (with `failure` set) when one fails to start or
    the Chroma server it depends on stops."""

    def __init__(self, config: Config, sockets: list[socket.socket], *,
                 on_ready: Callable[[], None], out: TextIO,
                 dependency: Callable[[], str | None] = lambda: None):
        super().__init__(config, sockets)
        self.on_ready, self.out, self.dependency = on_ready, out, dependency
        self.ready = False
        self.failure: str | None = None

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        problem = self.dependency()
        if problem:
            self.stop(problem)
            return
        for n, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()  # if it is hung rather than gone
            process.join()
            if not self.ready or process.exitcode == STARTUP_FAILURE:
                self.stop(f"worker {process.pid} failed to start (exit code "
                          f"{process.exitcode}); its error is above")
                return
            print(f"worker {process.pid} stopped (exit code {process.exitcode}); "
                  "starting another", file=self.out, flush=True)
            self.processes[n] = Process(self.config, self.sockets)
            self.processes[n].start()
        if not self.ready and all(p.is_ready(timeout=1) for p in self.processes):
            self.ready = True
            self.on_ready()

    def stop(self, failure: str) -> None:
        self.failure = failure
        self.should_exit.set()


def serve_workers(settings: Settings, host: str, port: int, workers: int, out: TextIO,
                  *, dependency: Callable[[], str | None] = lambda: None) -> None:
    """Serve the API, the widget and its page from `workers` processes until interrupted.
    `settings.chroma_url` must name a Chroma server. Raises RecbotError when a worker fails
    to start or `dependency()` reports a problem."""
    sock = bind(host, port)
    address = (host, sock.getsockname()[1])  # port 0: the one it got
    config = Config(WorkerApp(settings, address), factory=True, workers=workers,
                    log_level="warning", access_log=False,
                    timeout_keep_alive=KEEP_ALIVE_SECONDS, timeout_graceful_shutdown=5,
                    timeout_worker_healthcheck=HEALTH_CHECK_SECONDS)
    url = own_origins(settings.public_url, *address)[0]

    def announce() -> None:
        print(f"recbot is running on {workers} workers: open {url}/ to chat\n"
              f"  API docs {url}/docs; Ctrl-C stops it.", file=out, flush=True)

    print(f"Starting {workers} workers...", file=out, flush=True)
    supervisor = Supervisor(config, [sock], on_ready=announce, out=out, dependency=dependency)
    try:
        supervisor.run()
    finally:
        sock.close()
    if supervisor.failure:
        raise RecbotError(supervisor.failure)
