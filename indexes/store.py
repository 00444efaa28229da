"""Opening Chroma: embedded (`PersistentClient`) by default, a server (`HttpClient`) by URL;
`chroma_server` runs one for the processes of `recbot serve --workers N`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot.errors import ConfigError


def open_chroma(*, path: Path | None = None, url: str | None = None) -> Any:
    """Return a Chroma client: a server at `url` if given, else an embedded store at `path`."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ConfigError(f"Chroma URL must look like http://HOST:PORT, got {url!r}")
        ssl = parsed.scheme == "https"
        port = parsed.port or (443 if ssl else 8000)
        try:
            return chromadb.HttpClient(
                host=parsed.hostname, port=port, ssl=ssl, settings=chroma_settings
            )
        except Exception as exc:  # chromadb raises bare exceptions for connection failures
            raise ConfigError(f"cannot reach the Chroma server at {url}: {exc}") from exc
    if path is None:
        raise ConfigError("either a Chroma URL or a data directory is needed")
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


@dataclass(frozen=True)
class ChromaServer:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def stopped(self) -> str | None:
        """Why the server is gone, or None while it runs."""
        code = self.process.poll()
        if code is None:
            return None
        return f"the Chroma server stopped (exit code {code}); its output is in {self.log_path}"


@contextmanager
def chroma_server(path: Path, log_path: Path, *, wait_seconds: float = 180.0
                  ) -> Iterator[ChromaServer]:
    """Run `chroma run --path PATH` on a free loopback port for as long as the block lasts,
    once it answers. Its output goes to `log_path`."""
    command = chroma_command()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    path.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [command, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            # warnings and errors only: at its default level it logs every request (~5 kB a turn)
            env={**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")})
    try:
        deadline = time.monotonic() + wait_seconds  # a busy machine starts it slowly
        while not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise ConfigError(f"the Chroma server ({command} run --path {path}) did not "
                                  f"start; its output is in {log_path}")
            time.sleep(0.2)
        yield ChromaServer(url, process, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port() -> int:
    """A port of 127.0.0.1 nothing listens on now (for a server started next)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def chroma_command() -> str:
    beside_python = Path(sys.executable).parent / "chroma"  # a venv not on PATH
    found = str(beside_python) if beside_python.exists() else shutil.which("chroma")
    if not found:
        raise ConfigError("the `chroma` command (installed with chromadb) was not found")
    return found


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2).close()
        return True
    except OSError:
        return False
