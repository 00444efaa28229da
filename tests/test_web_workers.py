"""`recbot serve --workers 2` as a person runs it: a parent, two workers on one port and the
Chroma server it started; a session passed between the workers; a worker killed; Ctrl-C,
SIGTERM and a Chroma server that dies."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import pytest

from bot.errors import ConfigError
from bot.profiles import ProfileStore
from bot.settings import OFFLINE_ENVIRONMENT
from tests.conftest import DEMO_MOVIES, demo_slice, write_jsonl
from tests.test_web_server import connect, read_response, send_request

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
WAIT_SECONDS = 300.0  # generous: each worker loads the embedding model on a busy machine


@dataclass
class Server:
    process: subprocess.Popen[str]
    data_dir: Path
    url: str = ""
    output: list[str] = field(default_factory=list)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def workers(self) -> list[psutil.Process]:
        return [p for p in psutil.Process(self.process.pid).children()
                if "spawn_main" in " ".join(p.cmdline())]

    def chroma(self) -> psutil.Process:
        found = [p for p in psutil.Process(self.process.pid).children()
                 if "chroma" in " ".join(p.cmdline()) and "run" in p.cmdline()]
        assert len(found) == 1, found
        return found[0]

    def said(self, pattern: str) -> re.Match[str] | None:
        return next((m for line in self.output if (m := re.search(pattern, line))), None)


def wait_for(condition, seconds: float = WAIT_SECONDS, pause: float = 0.2):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(pause)
    return found


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """A data folder with 40 demo movies indexed by the real embedding model."""
    try:
        from indexes.store import chroma_command

        chroma_command()
    except ConfigError as exc:
        pytest.skip(str(exc))
    folder = tmp_path_factory.mktemp("workers")
    movies = write_jsonl(folder / "movies.jsonl", demo_slice(DEMO_MOVIES, 40))
    subprocess.run([sys.executable, "-m", "bot", "ingest", str(movies), "--quiet"],
                   env=environment(folder / "data"), check=True, timeout=WAIT_SECONDS)
    return folder / "data"


def environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECBOT_")}
    return {**env, **OFFLINE_ENVIRONMENT, "RECBOT_DATA_DIR": str(data_dir)}


def start(data_dir: Path) -> Server:
    """`recbot serve --workers 2` in its own process group, as a terminal runs it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--workers", "2", "--port", "0"], cwd=REPO,
        env=environment(data_dir), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True)
    server = Server(process, data_dir)

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            server.output.append(line.rstrip())

    threading.Thread(target=read, daemon=True).start()
    found = wait_for(lambda: server.said(r"open (http://127\.0\.0\.1:\d+)/")
                     or process.poll() is not None)
    assert process.poll() is None, "\n".join(server.output)
    server.url = found.group(1)
    return server


def stop(server: Server) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()


@pytest.fixture(scope="module")
def server(data_dir) -> Iterator[Server]:
    server = start(data_dir)
    yield server
    stop(server)


def worker_of(server: Server, sock: socket.socket) -> int:
    """The pid of the worker holding the server side of a connection."""
    mine = sock.getsockname()
    for worker in server.workers():
        for conn in worker.net_connections(kind="tcp"):
            if conn.raddr and tuple(conn.raddr) == mine:
                return worker.pid
    raise AssertionError("no worker holds the connection")


def call(sock: socket.socket, method: str, path: str, body: object = None
         ) -> tuple[int, dict[str, str], Any]:
    send_request(sock, method, path, body)
    status, headers, raw = read_response(sock)
    return status, headers, json.loads(raw) if raw else None


def connection_to(server: Server, wanted: int | None = None) -> tuple[socket.socket, int]:
    """A keep-alive connection to the server, and the worker it landed on (the one `wanted`,
    when given: new connections are made until one lands there)."""
    for _ in range(200):
        sock = connect(server.url)
        assert call(sock, "GET", "/healthz")[0] == 200  # accepted and answered
        pid = worker_of(server, sock)
        if wanted is None or pid == wanted:
            return sock, pid
        sock.close()
    raise AssertionError(f"no connection landed on worker {wanted}")


def test_two_workers_answer_on_one_port_and_share_the_chroma_server(server):
    workers = server.workers()
    assert len(workers) == 2
    assert server.chroma().is_running()
    first, a = connection_to(server)
    other = next(w.pid for w in workers if w.pid != a)
    second, b = connection_to(server, other)  # requests land on both
    assert {a, b} == {w.pid for w in workers}
    for sock in (first, second):
        assert call(sock, "GET", "/api/catalogs")[2]["catalogs"] == ["movies"]
        status, headers, _ = call(sock, "GET", "/")
        assert (status, headers["location"]) == (307, "/demo")
        sock.close()
    assert server.said(r"Starting a Chroma server")


def test_a_session_started_on_one_worker_is_continued_on_the_other(server):
    first, a = connection_to(server)
    other = next(w.pid for w in server.workers() if w.pid != a)
    second, _ = connection_to(server, other)
    token = call(first, "POST", "/api/session", {"key": "demo"})[2]["session_id"]
    items = [row["id"] for row in demo_slice(DEMO_MOVIES, 6)]

    def like(sock: socket.socket, chosen: list[str]) -> None:
        for item in chosen:
            body = {"session_id": token, "item_id": item, "kind": "like"}
            assert call(sock, "POST", "/api/feedback", body)[0] == 200

    # Likes for the same session on both workers at once: none is lost.
    threads = [threading.Thread(target=like, args=(first, items[0::2])),
               threading.Thread(target=like, args=(second, items[1::2]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    status, _, reply = call(second, "POST", "/api/chat",
                            {"session_id": token, "message": "a comedy"})
    assert status == 200, reply  # the token is good on the other worker
    nonce = token.split(".")[2]
    profile = ProfileStore(server.data_dir / "profiles.sqlite3").profile(
        f"web:demo:{nonce}", "movies")
    assert sorted(profile.liked) == sorted(items)
    first.close()
    second.close()


def test_a_killed_worker_is_replaced(server):
    before = {w.pid for w in server.workers()}
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    wait_for(lambda: server.said(rf"worker {victim} stopped \(exit code -9\); starting another"))
    after = wait_for(lambda: len(w := server.workers()) == 2 and w)
    assert victim not in {w.pid for w in after}
    replacement = next(w.pid for w in after if w.pid not in before)
    sock, _ = wait_for(lambda: _landed(server, replacement), pause=1)  # and it serves
    assert call(sock, "GET", "/api/catalogs")[0] == 200
    sock.close()


def _landed(server: Server, pid: int) -> tuple[socket.socket, int] | None:
    try:
        return connection_to(server, pid)
    except (AssertionError, OSError):
        return None


def test_ctrl_c_stops_the_workers_and_the_chroma_server(server):
    children = [*server.workers(), server.chroma()]
    os.killpg(server.process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    assert server.process.wait(timeout=60) == 0
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive


def test_sigterm_to_the_parent_alone_stops_everything(data_dir):
    server = start(data_dir)
    try:
        children = [*server.workers(), server.chroma()]
        server.process.terminate()
        assert server.process.wait(timeout=60) == 0
        assert not psutil.wait_procs(children, timeout=30)[1]
    finally:
        stop(server)


def test_the_server_stops_with_an_error_when_its_chroma_server_dies(data_dir):
    server = start(data_dir)
    try:
        workers = server.workers()
        server.chroma().kill()
        assert server.process.wait(timeout=60) == 2
        message = r"error: the Chroma server stopped \(exit code -9\); its output is in "
        assert wait_for(lambda: server.said(message + r".*chroma-server\.log"), 10)
        assert not psutil.wait_procs(workers, timeout=30)[1]
    finally:
        stop(server)
