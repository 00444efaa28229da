"""Items and embeddings read from Chroma, kept in memory for a serving process.

A chat turn checks the hard constraints of a few hundred candidates on their
attributes and reads their embeddings: from Chroma that was ~30 ms a read and
most of a turn. Query embeddings are kept too (many people ask "a comedy"): one
costs 10-30 ms of CPU. A version of the index never changes once readers can see
it (indexes/versions.py), so one cache belongs to one version: when a re-ingest
switches readers to a new version, its reader starts a new, empty cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from bot.catalog import Item

MAX_ENTRIES = 250_000  # items or vectors; past this the cache starts again (a huge catalog)
MAX_QUERIES = 2_048  # query embeddings kept, the most recently used


class ItemCache:
    """Items, embeddings and known-missing ids by id, for one version of a catalog's index."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[str, Item] = {}
        self._vectors: dict[str, np.ndarray] = {}
        self._missing: set[str] = set()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    def query_vector(self, query: str, embed: Callable[[str], np.ndarray]) -> np.ndarray:
        """A query's embedding; the same words asked again ("a comedy") are not re-encoded.
        The vector is read-only: it is shared by every turn that asks it."""
        with self._lock:
            vector = self._queries.get(query)
            if vector is not None:
                self._queries.move_to_end(query)
                return vector
        vector = embed(query)
        vector.setflags(write=False)
        with self._lock:
            self._queries[query] = vector
            while len(self._queries) > MAX_QUERIES:
                self._queries.popitem(last=False)
        return vector

    def items(self, ids: Sequence[str], load: Callable[[list[str]], Iterable[Item]]
              ) -> list[Item]:
        """Items in the order asked, unknown ids left out; `load` reads the ones not held."""
        def read(wanted: list[str]) -> dict[str, Item]:
            return {item.id: item for item in load(wanted)}

        return [item for _, item in self._held(self._items, ids, read)]

    def vectors(self, ids: Sequence[str],
                load: Callable[[list[str]], tuple[list[str], Sequence[np.ndarray]]]
                ) -> tuple[list[str], list[np.ndarray]]:
        """(ids found, their vectors) in the order asked; `load` reads the ones not held."""
        def read(wanted: list[str]) -> dict[str, np.ndarray]:
            found_ids, found = load(wanted)
            return dict(zip(found_ids, found, strict=True))

        kept = self._held(self._vectors, list(dict.fromkeys(ids)), read)
        return [i for i, _ in kept], [v for _, v in kept]

    def _held(self, store: dict[str, Any], ids: Sequence[str],
              read: Callable[[list[str]], dict[str, Any]]) -> list[tuple[str, Any]]:
        """(id, value) of `ids` found, in order: from `store`, or read and kept there.
        Ids the index does not have are remembered too, all within MAX_ENTRIES (a client
        asking for made-up ids cannot grow the cache without end)."""
        with self._lock:
            wanted = [i for i in dict.fromkeys(ids) if i not in store and i not in self._missing]
        if wanted:
            loaded = read(wanted)
            with self._lock:
                if len(store) + len(loaded) > MAX_ENTRIES:
                    store.clear()
                store.update(loaded)
                if len(self._missing) + len(wanted) > MAX_ENTRIES:
                    self._missing.clear()
                self._missing.update(i for i in wanted if i not in loaded)
        with self._lock:
            pairs = [(i, store.get(i)) for i in ids]
        return [(i, v) for i, v in pairs if v is not None]
