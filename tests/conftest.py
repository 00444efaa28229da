"""Shared fixtures: a deterministic embedder, an embedded Chroma in tmp_path, small catalogs."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from bot.settings import OFFLINE_ENVIRONMENT

for _key, _value in OFFLINE_ENVIRONMENT.items():
    os.environ.setdefault(_key, _value)

REPO = Path(__file__).resolve().parent.parent
DEMO_MOVIES = REPO / "data" / "movies.jsonl"
DEMO_GROCERIES = REPO / "data" / "groceries.jsonl"
WORD = re.compile(r"[a-z0-9]+")


class HashEmbedder:
    """Bag-of-words hashed into a small vector: texts sharing words are close.

    Records every text it embeds, so tests can see what was (re-)embedded.
    """

    def __init__(self, name: str = "hash-embedder", dimension: int = 64):
        self.name = name
        self.dimension = dimension
        self.encoded: list[str] = []
        self.fail_after: int | None = None  # raise once this many texts were embedded

    def encode(self, texts: Sequence[str], *, batch_size: int = 64,
               show_progress: bool = False) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            if self.fail_after is not None and len(self.encoded) >= self.fail_after:
                raise RuntimeError("embedding model crashed")
            self.encoded.append(text)
            for word in WORD.findall(text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                vectors[row, int.from_bytes(digest, "little") % self.dimension] += 1.0
            norm = np.linalg.norm(vectors[row])
            vectors[row] = vectors[row] / norm if norm else 1.0 / np.sqrt(self.dimension)
        return vectors


@pytest.fixture(autouse=True)
def _retire_old_index_versions_at_once(monkeypatch):
    """A re-ingest deletes the version it replaced without waiting for readers in other
    processes: a test has none (the tests of such readers run the ingest in a subprocess)."""
    import indexes.versions

    monkeypatch.setattr(indexes.versions, "RETIRE_AFTER_SECONDS", 0.0)


@pytest.fixture
def embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def chroma(tmp_path: Path):
    from indexes.store import open_chroma

    return open_chroma(path=tmp_path / "chroma")


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def demo_slice(path: Path, count: int) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(next(handle)) for _ in range(count)]


SMALL_CATALOG = [
    {"id": "1", "title": "Space Cowboys", "description": "Old pilots fly a rocket to space.",
     "genres": ["Adventure", "Comedy"], "year": 2000, "price": 4.0, "in_stock": True},
    {"id": "2", "title": "Ocean Deep", "description": "Divers explore a coral reef.",
     "genres": ["Documentary"], "year": 2010, "price": 12.0, "in_stock": True},
    {"id": "3", "title": "Rocket Kids", "description": "Children build a rocket for space.",
     "genres": ["Children", "Comedy"], "year": 2015, "price": 3.0, "in_stock": False},
    {"id": "4", "title": "Haunted Manor", "description": "Ghosts scare a family at night.",
     "genres": ["Horror"], "year": 1999, "price": 8.0, "in_stock": True},
    {"id": "5", "title": "Baking Day", "description": "A baker makes bread and cake.",
     "genres": ["Documentary", "Comedy"], "year": 2021, "price": 2.5, "in_stock": True},
]


@pytest.fixture
def small_catalog(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "small.jsonl", SMALL_CATALOG)


@pytest.fixture(scope="session")
def world(tmp_path_factory):
    """A Chroma with 300 demo movies and 200 demo groceries, indexed with the test embedder."""
    from bot.catalog import load_catalog
    from indexes.items import ItemIndex
    from indexes.store import open_chroma

    folder = tmp_path_factory.mktemp("bot")
    chroma, embedder = open_chroma(path=folder / "chroma"), HashEmbedder()
    for name, source, count in (("movies", DEMO_MOVIES, 300),
                                ("groceries", DEMO_GROCERIES, 200)):
        path = write_jsonl(folder / f"{name}.jsonl", demo_slice(source, count))
        ItemIndex(chroma, embedder, name).sync(load_catalog(path).items)
    return folder, chroma, embedder


@pytest.fixture
def bot(world, tmp_path):
    """A `Bot` over the world's catalogs, with a fresh profile store."""
    from bot.bot import Bot
    from bot.context import Context
    from bot.settings import Settings

    folder, chroma, embedder = world
    context = Context(Settings(data_dir=tmp_path, catalog="movies"), client=chroma,
                      embedder=embedder)
    return Bot(context)


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the session (skipped, with the reason, where it cannot run)."""
    from tests.postgres_server import PostgresServer, available

    reason = available()
    if reason:
        pytest.skip(reason)
    with PostgresServer() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def store_at(request, tmp_path):
    """Where a store lives, for each backend: a SQLite file, or a fresh PostgreSQL database.
    A function of the file's name (SQLite) that every call maps to the same place."""
    if request.param == "sqlite":
        return lambda name="store.sqlite3": tmp_path / name
    url = request.getfixturevalue("postgres").new_database()
    return lambda name="store.sqlite3": url
