"""Opening Chroma: embedded (`PersistentClient`) by default, a server (`HttpClient`) by URL."""

from __future__ import annotations

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
