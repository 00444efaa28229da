"""Versions of a catalog's index, and the pointer that tells readers which one is current.

A catalog's items live in a *version*: a Chroma collection that one ingest
writes and no ingest changes afterwards (apart from refreshing its manifest).
A small *pointer* collection per catalog holds, in its metadata, the name of
the current version. An ingest that changes items writes a new version beside
the current one, then switches the pointer in one metadata write (one
transaction in embedded Chroma, one request to a server): a reader sees the
whole old version or the whole new one, never a mix.

The old version is deleted `RETIRE_AFTER_SECONDS` after the switch: readers
look at the pointer again at least every `CHECK_SECONDS`, so by then none is
still reading it (deleting a collection under a reader in another process makes
that read fail). While it writes, an ingest records itself in the pointer as the
writer, with a heartbeat; the next ingest deletes what a writer that died left
behind (a half-written version, a version it did not get to delete), and
refuses to start while a live writer is at work.

    recbot-catalog-shop        the pointer: {current, retired, writer}
    recbot-version-shop-<hex>  a version: the items, and the manifest in its metadata
    recbot-items-shop          an index written before versions; read as the current
                               version until the first ingest replaces it
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from chromadb.errors import NotFoundError

from bot.errors import CatalogError

POINTER_PREFIX = "recbot-catalog-"
VERSION_PREFIX = "recbot-version-"
LEGACY_PREFIX = "recbot-items-"
TOKEN_LENGTH = 12  # hex digits that tell one version of a catalog from another

CHECK_SECONDS = 1.0  # a reader looks at the pointer at most this often (~0.3 ms a look)
RETIRE_AFTER_SECONDS = 5.0  # CHECK_SECONDS plus ample time for a read already under way
HEARTBEAT_SECONDS = 10.0  # a writer refreshes its heartbeat at most this often
WRITER_STALE_SECONDS = 120.0  # a writer silent this long is taken for dead

# A version's vector index is saved to disk at the end of every write, not every 1,000
# vectors (Chroma's default). So a published version is whole on disk and needs nothing
# from Chroma's log: no later process (a reader, the next ingest) rebuilds its tail and
# writes its files, where a kill in the middle would leave them half-written (Chroma's
# index writes its header first), and one that reloads it from disk finds every vector.
# Chroma saves only what changed, so the cost is one small write per batch.
VERSION_INDEX = {"hnsw": {"space": "cosine", "sync_threshold": 1}}

# Keys of the pointer's metadata (Chroma metadata values are flat: lists go as JSON).
FORMAT = "recbot_pointer"
CURRENT = "recbot_current"
RETIRED = "recbot_retired"
WRITER = "recbot_writer"


def pointer_name(catalog: str) -> str:
    return POINTER_PREFIX + catalog


def legacy_name(catalog: str) -> str:
    return LEGACY_PREFIX + catalog


def new_version_name(catalog: str) -> str:
    return f"{VERSION_PREFIX}{catalog}-{uuid.uuid4().hex[:TOKEN_LENGTH]}"


def version_catalog(name: str) -> str | None:
    """The catalog a version collection belongs to, or None if `name` is not a version."""
    if not name.startswith(VERSION_PREFIX):
        return None
    catalog, _, token = name[len(VERSION_PREFIX):].rpartition("-")
    return catalog if catalog and len(token) == TOKEN_LENGTH else None


@dataclass
class Writer:
    """The ingest writing a new version: which one, where it runs, when it last wrote."""

    version: str
    host: str
    pid: int
    heartbeat: float

    @classmethod
    def here(cls, version: str) -> Writer:
        return cls(version, socket.gethostname(), os.getpid(), time.time())

    def is_alive(self) -> bool:
        """Whether it may still be writing: a recent heartbeat and, on this host, its process."""
        if time.time() - self.heartbeat > WRITER_STALE_SECONDS:
            return False
        if self.host != socket.gethostname():
            return True
        if self.pid == os.getpid():
            return False  # this process is not writing now: it is asking
        try:
            os.kill(self.pid, 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # it exists, under another user
        return True


@dataclass
class Pointer:
    """What the pointer collection's metadata says."""

    current: str | None = None
    retired: list[tuple[str, float]] = field(default_factory=list)  # (version, switched at)
    writer: Writer | None = None

    @classmethod
    def of(cls, metadata: dict[str, Any] | None) -> Pointer:
        metadata = metadata or {}
        current = metadata.get(CURRENT)
        writer = metadata.get(WRITER)
        return cls(
            current=current if isinstance(current, str) else None,
            retired=[(str(n), float(t)) for n, t in json.loads(metadata.get(RETIRED) or "[]")],
            writer=Writer(**json.loads(writer)) if isinstance(writer, str) else None,
        )

    def to_metadata(self) -> dict[str, Any]:
        metadata: dict[str, Any] = {FORMAT: 1}  # Chroma refuses empty metadata
        if self.current:
            metadata[CURRENT] = self.current
        if self.retired:
            metadata[RETIRED] = json.dumps(self.retired)
        if self.writer:
            metadata[WRITER] = json.dumps(asdict(self.writer))
        return metadata


# -- reading -----------------------------------------------------------------------


def current_version(client: Any, catalog: str) -> str | None:
    """The name of the collection readers should use, or None before a finished ingest."""
    pointer = _find(client, pointer_name(catalog))
    if pointer is not None:
        current = Pointer.of(pointer.metadata).current
        if current is not None:
            return current
    legacy = _find(client, legacy_name(catalog))
    return legacy.name if legacy is not None else None


def list_catalogs(client: Any) -> list[str]:
    """Names of the catalogs that have a finished index in this Chroma."""
    names = set()
    for collection in client.list_collections():
        name = collection.name
        if name.startswith(POINTER_PREFIX) and Pointer.of(collection.metadata).current:
            names.add(name[len(POINTER_PREFIX):])
        elif name.startswith(LEGACY_PREFIX):
            names.add(name[len(LEGACY_PREFIX):])
    return sorted(names)


def _find(client: Any, name: str) -> Any:
    try:
        return client.get_collection(name, embedding_function=None)
    except NotFoundError:
        return None


def _drop(client: Any, name: str) -> None:
    with contextlib.suppress(NotFoundError):  # gone already: another clean-up was first
        client.delete_collection(name)


# -- writing -----------------------------------------------------------------------


class VersionSwitch:
    """One ingest's side of the versions: clean up, write a new version, switch, retire.

    Every change to the pointer re-reads it just before writing it back, so what
    another process wrote a moment earlier is kept.
    """

    def __init__(self, client: Any, catalog: str, *,
                 retire_after: float = RETIRE_AFTER_SECONDS):
        self.client = client
        self.catalog = catalog
        self.retire_after = retire_after
        self.writing: str | None = None  # the version this ingest is writing
        self._beat_at = 0.0

    def prepare(self) -> str | None:
        """Refuse if another ingest is writing, delete leftovers; return the current version."""
        self._clean_up()
        return current_version(self.client, self.catalog)

    def begin(self) -> Any:
        """Record this ingest as the writer, then create its (empty) new version."""
        self._clean_up()
        name = new_version_name(self.catalog)

        def claim(pointer: Pointer) -> None:
            self._refuse_a_live_writer(pointer)
            pointer.writer = Writer.here(name)

        # Recorded before the collection exists: a crash in between leaves a name the
        # next ingest finds, not an orphan.
        self._update(claim)
        self.writing = name
        self._beat_at = time.monotonic()
        return self.client.create_collection(name, embedding_function=None,
                                             configuration=VERSION_INDEX)

    def heartbeat(self) -> None:
        """Tell other ingests this one is alive (rate-limited); stop if one took over."""
        if time.monotonic() - self._beat_at < HEARTBEAT_SECONDS:
            return

        def beat(pointer: Pointer) -> None:
            self._check_still_writer(pointer)
            assert pointer.writer is not None
            pointer.writer.heartbeat = time.time()

        self._update(beat)
        self._beat_at = time.monotonic()

    def publish(self) -> None:
        """Make the new version current: one write of the pointer, the switch readers see."""
        legacy = legacy_name(self.catalog)
        legacy_exists = _find(self.client, legacy) is not None

        def switch(pointer: Pointer) -> None:
            self._check_still_writer(pointer)
            previous = pointer.current or (legacy if legacy_exists else None)
            if previous is not None:
                pointer.retired.append((previous, time.time()))
            pointer.current, pointer.writer = self.writing, None

        self._update(switch)
        self.writing = None

    def abandon(self) -> None:
        """Delete the version being written after a failure; the current one is untouched."""
        name, self.writing = self.writing, None
        if name is None:
            return
        self._drop_unless_in_use(name)  # current after all if the switch failed late

        def forget(pointer: Pointer) -> None:
            if pointer.writer is not None and pointer.writer.version == name:
                pointer.writer = None

        self._update(forget)

    def retire(self) -> None:
        """Wait until no reader can still be using the retired versions, then delete them."""
        retired = self._pointer().retired
        if retired:
            last = max(at for _, at in retired)
            time.sleep(max(0.0, last + self.retire_after - time.time()))
            self._drop_retired()

    def update_manifest(self, version: str, metadata: dict[str, Any]) -> None:
        """Refresh the current version's manifest in place: one metadata write."""
        self.client.get_collection(version, embedding_function=None).modify(metadata=metadata)

    # -- the pointer -------------------------------------------------------------

    def _pointer(self) -> Pointer:
        found = _find(self.client, pointer_name(self.catalog))
        return Pointer.of(found.metadata if found is not None else None)

    def _update(self, change: Callable[[Pointer], None]) -> None:
        """Read the pointer, apply `change`, write it back if it changed."""
        found = _find(self.client, pointer_name(self.catalog))
        before = Pointer.of(found.metadata if found is not None else None)
        after = copy.deepcopy(before)
        change(after)
        if after == before:
            return
        if found is None:
            self.client.create_collection(pointer_name(self.catalog), embedding_function=None,
                                          metadata=after.to_metadata())
        else:
            found.modify(metadata=after.to_metadata())

    def _check_still_writer(self, pointer: Pointer) -> None:
        if pointer.writer is None or pointer.writer.version != self.writing:
            raise CatalogError(
                f"another ingest of catalog {self.catalog!r} took over while this one was "
                "writing (this one was taken for dead); the index is as that one leaves it")

    def _refuse_a_live_writer(self, pointer: Pointer) -> None:
        writer = pointer.writer
        if writer is not None and writer.is_alive():
            since = time.strftime("%H:%M:%S", time.localtime(writer.heartbeat))
            raise CatalogError(
                f"another ingest of catalog {self.catalog!r} is writing it (process "
                f"{writer.pid} on {writer.host}, last seen at {since}); wait for it to finish")

    # -- clean-up ----------------------------------------------------------------

    def _clean_up(self) -> None:
        """Delete what dead writers left, and retired versions no reader can be using."""
        pointer = self._pointer()
        self._refuse_a_live_writer(pointer)
        for name in self._leftovers(pointer):
            self._drop_unless_in_use(name)
        if pointer.writer is not None:
            dead = pointer.writer.version

            def forget_dead(pointer: Pointer) -> None:
                if pointer.writer is not None and pointer.writer.version == dead:
                    pointer.writer = None

            self._update(forget_dead)
        self._drop_retired()

    def _leftovers(self, pointer: Pointer) -> list[str]:
        """Versions of this catalog neither current nor retired: half-written by a dead ingest."""
        known = {pointer.current, *(name for name, _ in pointer.retired)}
        names = [c.name for c in self.client.list_collections()]
        found = [n for n in names if version_catalog(n) == self.catalog and n not in known]
        legacy = legacy_name(self.catalog)
        if pointer.current and legacy in names and legacy not in known:
            found.append(legacy)  # replaced, and its retirement lost
        return found

    def _drop_unless_in_use(self, name: str) -> None:
        # Looked at again just before: an ingest that started a moment ago may own it now.
        pointer = self._pointer()
        writer = pointer.writer
        if name == pointer.current or (
                writer is not None and writer.version == name and writer.is_alive()):
            return
        _drop(self.client, name)

    def _drop_retired(self) -> None:
        now = time.time()
        due = [name for name, at in self._pointer().retired if now - at >= self.retire_after]
        if not due:
            return
        for name in due:
            self._drop_unless_in_use(name)

        def forget_dropped(pointer: Pointer) -> None:
            pointer.retired = [(n, t) for n, t in pointer.retired if n not in due]

        self._update(forget_dropped)
