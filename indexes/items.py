"""The item index: catalog items embedded and stored in Chroma, searchable by meaning.

Ingest is re-runnable: each item carries a hash of the text that was embedded and
a hash of its metadata, so an unchanged item is never re-embedded, an item whose
attributes alone changed keeps its stored embedding, and items gone from the
catalog are left out. An ingest that changes anything writes a new version of the
index beside the current one (unchanged items copied with their stored embeddings)
and then switches readers to it in one step (indexes/versions.py); an unchanged
catalog writes nothing but its manifest. All embeddings are computed before the
first write, and readers see nothing of a new version before the switch, so an
ingest that fails or is killed at any point leaves the index readers see as it was.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np
from chromadb.errors import NotFoundError
from tqdm import tqdm

from bot.catalog import AttrValue, Item
from bot.errors import CatalogError, IndexNotFoundError, QueryError
from indexes import versions
from indexes.embeddings import Embedder
from indexes.filtered import TableLoader
from indexes.item_cache import ItemCache
from indexes.known_vectors import KnownVectors
from indexes.manifest import MANIFEST_KEY, Manifest, field_types, vocabularies
from indexes.versions import list_catalogs  # for bot/context.py too

log = logging.getLogger("recbot.index")

DOC_HASH = "_doc_hash"
META_HASH = "_meta_hash"
# Attribute names that are never useful as text to embed.
NON_TEXT_SUFFIXES = ("id", "url", "image", "sku")
ENCODE_CHUNK = 1_024  # items embedded per progress-bar step


@dataclass(frozen=True)
class SearchHit:
    """One search result: the item and its cosine similarity to the query."""

    item: Item
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.item.id, "title": self.item.title, "score": round(self.score, 4),
                "description": self.item.description, **self.item.attributes}


@dataclass
class IngestReport:
    """What one ingest did."""

    catalog: str
    added: int = 0
    reembedded: int = 0
    metadata_updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    kept_from_bad_rows: int = 0
    known: int = 0  # of the items to embed, those whose vector was known (not computed)
    embed_seconds: float = 0.0
    total_seconds: float = 0.0

    @property
    def embedded(self) -> int:
        return self.added + self.reembedded


def item_document(item: Item) -> str:
    """The text that is embedded for an item: title, text attributes, then description."""
    parts = [item.title.rstrip(".") + "."]
    for name, value in item.attributes.items():
        if name.lower().endswith(NON_TEXT_SUFFIXES):
            continue
        if isinstance(value, list):
            text = ", ".join(value)
        elif isinstance(value, str):
            text = value
        else:
            continue
        if text:
            parts.append(f"{name.replace('_', ' ').capitalize()}: {text}.")
    if item.description:
        parts.append(item.description)
    return " ".join(parts)


def item_metadata(item: Item) -> dict[str, AttrValue]:
    """Chroma metadata for an item: its attributes plus title and description."""
    meta: dict[str, AttrValue] = {"title": item.title, "description": item.description}
    for name, value in item.attributes.items():
        if isinstance(value, list) and not value:
            continue  # Chroma rejects empty lists; an absent field means the same
        meta[name] = value
    return meta


def item_from_metadata(item_id: str, meta: dict[str, Any]) -> Item:
    attributes = {k: v for k, v in meta.items()
                  if k not in ("title", "description") and not k.startswith("_")}
    return Item(item_id, str(meta.get("title", "")), str(meta.get("description", "")),
                attributes)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass
class _Version:
    """The version of the index this process reads, and what it has read from it."""

    name: str
    collection: Any
    dimension: int
    checked_at: float  # when the pointer last said this version is current (monotonic)
    table: TableLoader | None = None  # its items in memory, for filtered search
    reads: ItemCache = field(default_factory=ItemCache)  # items and vectors of this version
    derived: dict[str, Any] = field(default_factory=dict)  # per_version(): made once each


class ItemIndex:
    """A catalog's items in Chroma, searchable by meaning.

    Collaborators are passed in: a Chroma client and an embedder. `on_write_batch`
    is called with (items written, items to write) after each batch written into a
    new version; tests use it to stop an ingest at a known point. `filter_table`: how
    filtered searches read the version into memory (indexes/filtered.py): in the
    background while Chroma answers, at once on the first one, or never.
    """

    def __init__(self, client: Any, embedder: Embedder, catalog: str, *,
                 batch_size: int = 32, write_batch: int | None = None,
                 retire_after: float | None = None,
                 on_write_batch: Callable[[int, int], None] | None = None,
                 filter_table: Literal["background", "inline", "off"] = "background"):
        self.client = client
        self.embedder = embedder
        self.catalog = catalog
        self.batch_size = batch_size  # texts per embedding call
        self.write_batch = write_batch  # items per Chroma write; None: as many as it takes
        self.retire_after = retire_after  # None: versions.RETIRE_AFTER_SECONDS
        self.on_write_batch = on_write_batch
        self.filter_table = filter_table
        self._version: _Version | None = None

    # -- reading ---------------------------------------------------------------

    def _current(self, *, refresh: bool = False) -> _Version:
        """The version to read; the pointer is looked at again at most every CHECK_SECONDS."""
        held = self._version
        now = time.monotonic()
        if held is not None and not refresh and now - held.checked_at < versions.CHECK_SECONDS:
            return held
        for _ in range(3):  # a version can be replaced, and deleted, between the two looks
            name = versions.current_version(self.client, self.catalog)
            if name is None:
                known = ", ".join(list_catalogs(self.client)) or "none yet"
                raise IndexNotFoundError(
                    f"no index for catalog {self.catalog!r} (indexed catalogs: {known}); "
                    f"run `recbot ingest FILE --name {self.catalog}` first"
                )
            if held is not None and held.name == name:
                held.checked_at = now
                return held
            try:
                collection = self.client.get_collection(name, embedding_function=None)
            except NotFoundError:
                continue
            manifest = Manifest.of(collection)
            self._check_model(manifest)
            # A new version starts with nothing read: no item of the old one is kept.
            held = self._version = _Version(
                name, collection, manifest.dimension if manifest else self.embedder.dimension,
                checked_at=now, table=None if self.filter_table == "off" else TableLoader(
                    collection, background=self.filter_table == "background"))
            return held
        raise IndexNotFoundError(f"catalog {self.catalog!r} is being re-ingested too fast "
                                 "to read; try again")

    def _read(self, read: Callable[[_Version], _T], *, refresh: bool = False) -> _T:
        """`read` from the current version, looking again if that version is gone."""
        version = self._current(refresh=refresh)
        try:
            return read(version)
        except NotFoundError:  # held past its retirement (a long pause): use the new one
            return read(self._current(refresh=True))

    def version(self) -> str:
        """The name of the version reads go to now: it changes when a re-ingest is seen."""
        return self._current().name

    def per_version(self, name: str, make: Callable[[], _T]) -> _T:
        """What `make` derives from this version of the index (e.g. every item's mention
        count), made once per version, whichever ranker or turn asks: a re-ingest seen
        makes it again. Two first askers at once may both make it; one is kept."""
        version = self._current()
        if name not in version.derived:
            version.derived[name] = make()
        value: _T = version.derived[name]
        return value

    def exists(self) -> bool:
        return self.catalog in list_catalogs(self.client)

    def manifest(self) -> Manifest:
        """The manifest of the version readers see, read fresh (another process may have
        re-ingested, or refreshed the manifest in place)."""
        manifest = self._read(lambda version: Manifest.of(
            self.client.get_collection(version.name, embedding_function=None)), refresh=True)
        if manifest is None:
            raise IndexNotFoundError(f"catalog {self.catalog!r} has no finished ingest yet")
        return manifest

    def count(self) -> int:
        return self._read(lambda version: int(version.collection.count()))

    def get(self, ids: Sequence[str]) -> list[Item]:
        """Items by id, in the order asked; unknown ids are left out."""
        if not ids:
            return []
        return self._read(lambda version: version.reads.items(
            ids, lambda wanted: _read_items(version.collection, wanted)))

    def ids(self) -> list[str]:
        """Every item id in the index."""
        return self._read(lambda version: list(version.collection.get(include=[])["ids"]))

    def embeddings(self, ids: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """(ids found, their embeddings), in the order asked; no metadata is read."""
        def read(version: _Version) -> tuple[list[str], np.ndarray]:
            if ids:
                table = version.table.loaded if version.table is not None else None
                order, vectors = version.reads.vectors(ids, lambda wanted: (
                    table.embeddings(wanted) if table is not None
                    else _read_embeddings(version.collection, wanted)))
                if order:
                    return order, np.stack(vectors)
            return [], np.zeros((0, version.dimension), dtype=np.float32)

        return self._read(read)

    def export_vectors(self, path: Path) -> int:
        """Write every item's vector under its text hash (indexes/known_vectors.py), for an
        ingest elsewhere to take instead of embedding; returns how many."""
        def read(version: _Version) -> tuple[list[str], np.ndarray]:
            found = version.collection.get(include=["metadatas", "embeddings"])
            hashes = [str(m.get(DOC_HASH, "")) for m in found["metadatas"]]
            vectors = np.asarray(found["embeddings"], dtype=np.float32)
            kept = [n for n, h in enumerate(hashes) if h]  # rows from before hashes: none
            return [hashes[n] for n in kept], vectors.reshape(len(hashes), -1)[kept]

        hashes, vectors = self._read(read)
        KnownVectors.save(path, hashes, vectors)
        return len(hashes)

    def load_filter_table(self) -> None:
        """Read the current version into memory for filtered search now, not on the first
        one (a server, before its first visitor); embeddings are then read from it."""
        version = self._current()
        if version.table is not None:
            version.table.table(wait=True)

    def nearest_ids(self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
                    ) -> list[str]:
        """Ids of the `k` items closest to an embedding, without reading their metadata."""
        def read(version: _Version) -> list[str]:
            found = _from_table(version, vector, k, where)
            if found is not None:
                return found[0]
            return list(_query(version, vector, k, where, ["distances"])["ids"][0])

        return self._read(read)

    def embed_query(self, query: str) -> np.ndarray:
        if not query.strip():
            raise QueryError("the search query is empty")
        version = self._current()  # first: a mismatched model fails before encoding
        return version.reads.query_vector(
            query, lambda text: np.asarray(self.embedder.encode([text])[0], dtype=np.float32))

    def search(self, query: str, k: int = 10, where: dict[str, Any] | None = None
               ) -> list[SearchHit]:
        """The `k` items closest in meaning to `query` among those `where` matches."""
        return self.search_vector(self.embed_query(query), k, where)

    def search_vector(self, vector: np.ndarray, k: int = 10,
                      where: dict[str, Any] | None = None) -> list[SearchHit]:
        """The `k` items closest to an embedding (a query, or a person's taste)."""
        def read(version: _Version) -> list[SearchHit]:
            found = _from_table(version, vector, k, where)
            if found is None:
                result = _query(version, vector, k, where, ["metadatas", "distances"])
                return [SearchHit(item_from_metadata(item_id, meta), 1.0 - float(distance))
                        for item_id, meta, distance in zip(
                            result["ids"][0], result["metadatas"][0], result["distances"][0],
                            strict=True)]
            ids, distances = found
            items = {item.id: item for item in version.reads.items(
                ids, lambda wanted: _read_items(version.collection, wanted))}
            return [SearchHit(items[item_id], 1.0 - distance)
                    for item_id, distance in zip(ids, distances, strict=True)
                    if item_id in items]

        return self._read(read)

    def _check_model(self, manifest: Manifest | None) -> None:
        model = manifest.model if manifest else self.embedder.name
        if model != self.embedder.name:
            raise CatalogError(
                f"catalog {self.catalog!r} was indexed with embedding model {model!r} but "
                f"{self.embedder.name!r} is configured; re-run `recbot ingest` or set "
                "RECBOT_EMBEDDING_MODEL and RECBOT_EMBEDDING_BACKEND to match"
            )

    # -- writing ---------------------------------------------------------------

    def sync(self, items: Sequence[Item], *, keep_ids: Iterable[str] = (), source: str = "",
             progress: bool = True, known: KnownVectors | None = None) -> IngestReport:
        """Make the index hold exactly `items` (plus stored `keep_ids`), embedding only changes.

        `keep_ids` are ids whose new rows were bad: their stored versions stay. `known`:
        vectors made before for the same model and text (indexes/known_vectors.py), taken
        instead of embedding those items again.
        """
        started = time.perf_counter()
        if not items:
            raise CatalogError("the catalog has no valid items; the index was left unchanged")
        switch = versions.VersionSwitch(self.client, self.catalog, retire_after=(
            versions.RETIRE_AFTER_SECONDS if self.retire_after is None else self.retire_after))
        current_name = switch.prepare()  # refuses while another ingest writes; cleans up
        current = (self.client.get_collection(current_name, embedding_function=None)
                   if current_name else None)
        stored_manifest = Manifest.of(current) if current is not None else None
        model_changed = stored_manifest is not None and (
            stored_manifest.model != self.embedder.name)
        if stored_manifest is not None and model_changed:
            log.warning("catalog %r was embedded with %r, now %r is configured: re-embedding "
                        "all its items (once)", self.catalog, stored_manifest.model,
                        self.embedder.name)
        report = IngestReport(self.catalog)
        plan = self._plan(items, self._stored(current) if current is not None else {},
                          set(keep_ids), model_changed, report)

        embed_started = time.perf_counter()
        found = known.find([str(meta[DOC_HASH]) for _, _, meta in plan.embed],
                           self.embedder.dimension) if known is not None and plan.embed else {}
        report.known = len(found)
        vectors = self._embed([document for _, document, _ in plan.embed], progress, found)
        report.embed_seconds = time.perf_counter() - embed_started

        # Everything slow or fallible is done; now write.
        manifest = Manifest(
            name=self.catalog, model=self.embedder.name, dimension=self.embedder.dimension,
            item_count=plan.item_count, source=source, updated_at=time.time(),
            fields=field_types(items), vocabulary=vocabularies(items))
        # The distance function lives in the collection's configuration, not its metadata.
        manifest_metadata = {MANIFEST_KEY: manifest.to_json()}
        if current_name is not None and not plan.changes_items:
            switch.update_manifest(current_name, manifest_metadata)  # the items stay as read
        else:
            new = switch.begin()
            try:
                self._write_version(current, new, plan, vectors, switch, progress)
                new.modify(metadata=manifest_metadata)
                switch.publish()
            except NotFoundError as exc:  # the version copied from, or this one, deleted
                switch.abandon()
                raise CatalogError(
                    f"another ingest changed catalog {self.catalog!r} while this one ran; "
                    "the index is as that one left it: run this one again") from exc
            except BaseException:  # a failure or Ctrl-C: not a word of it reaches readers
                switch.abandon()
                raise
            self._version = None  # read the new version from now on, with nothing kept
            switch.retire()
        report.total_seconds = time.perf_counter() - started
        return report

    def _plan(self, items: Sequence[Item], stored: dict[str, _Stored], keep_ids: set[str],
              model_changed: bool, report: IngestReport) -> _Plan:
        """Sort items into: embed (new text), re-describe (new attributes), keep as stored."""
        plan = _Plan()
        for item in items:
            document = item_document(item)
            meta = item_metadata(item)
            doc_hash = _hash(self.embedder.name + "\n" + document)
            meta_hash = _hash(json.dumps(meta, sort_keys=True, ensure_ascii=False))
            meta = {**meta, DOC_HASH: doc_hash, META_HASH: meta_hash}
            previous = stored.get(item.id)
            if previous is None or model_changed or previous.doc_hash != doc_hash:
                plan.embed.append((item, document, meta))
                if previous is None:
                    report.added += 1
                else:
                    report.reembedded += 1
            elif previous.meta_hash != meta_hash:
                plan.redescribe[item.id] = meta
            else:
                plan.keep.add(item.id)
        report.unchanged = len(plan.keep)
        report.metadata_updated = len(plan.redescribe)
        new_ids = {item.id for item in items}
        if not model_changed:  # a stored embedding of another model cannot be kept
            kept = (keep_ids & stored.keys()) - new_ids
            plan.keep |= kept
            report.kept_from_bad_rows = len(kept)
        plan.deleted = report.deleted = len(stored.keys() - new_ids) - (
            report.kept_from_bad_rows)
        return plan

    def _stored(self, collection: Any) -> dict[str, _Stored]:
        stored: dict[str, _Stored] = {}
        page = 10_000
        offset = 0
        while True:
            chunk = collection.get(include=["metadatas"], limit=page, offset=offset)
            for item_id, meta in zip(chunk["ids"], chunk["metadatas"], strict=True):
                stored[item_id] = _Stored(str(meta.get(DOC_HASH, "")),
                                          str(meta.get(META_HASH, "")))
            if len(chunk["ids"]) < page:
                return stored
            offset += page

    def _embed(self, documents: list[str], progress: bool,
               found: dict[int, np.ndarray] | None = None) -> np.ndarray:
        """The documents' vectors: those `found` (by position) as they are, the rest encoded."""
        if not documents:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        vectors = np.zeros((len(documents), self.embedder.dimension), dtype=np.float32)
        for row, vector in (found or {}).items():
            vectors[row] = vector
        # Embedding texts of similar length together wastes less padding.
        left = [n for n in range(len(documents)) if n not in (found or {})]
        order = np.array(left, dtype=np.int64)[
            np.argsort([len(documents[n]) for n in left], kind="stable")]
        with tqdm(total=len(left), desc=f"Embedding {self.catalog}", unit="item",
                  disable=not progress or not left) as bar:
            for start in range(0, len(order), ENCODE_CHUNK):
                rows = order[start:start + ENCODE_CHUNK]
                vectors[rows] = self.embedder.encode([documents[i] for i in rows],
                                                     batch_size=self.batch_size)
                bar.update(len(rows))
        return vectors

    def _write_version(self, current: Any, new: Any, plan: _Plan, vectors: np.ndarray,
                       switch: versions.VersionSwitch, progress: bool) -> None:
        """Fill the new version: items kept or re-described, from the current version's
        stored embeddings, then the newly embedded ones."""
        batch = self.write_batch or _max_batch(self.client)
        total = plan.item_count
        written = 0
        with tqdm(total=total, desc=f"Writing {self.catalog}", unit="item",
                  disable=not progress) as bar:
            def add(ids: list[str], embeddings: Any, metadatas: list[Any]) -> None:
                nonlocal written
                # No `documents`: nothing reads them back, and their full-text index
                # costs Chroma a third of its write time.
                new.add(ids=ids, embeddings=embeddings, metadatas=metadatas)
                written += len(ids)
                bar.update(len(ids))
                switch.heartbeat()
                if self.on_write_batch is not None:
                    self.on_write_batch(written, total)

            if current is not None and (plan.keep or plan.redescribe):
                for ids, embeddings, metadatas in _copies(current, plan, batch):
                    add(ids, embeddings, metadatas)
            for start in range(0, len(plan.embed), batch):
                chunk = plan.embed[start:start + batch]
                add([item.id for item, _, _ in chunk], vectors[start:start + batch],
                    [meta for _, _, meta in chunk])


_T = TypeVar("_T")


def _query(version: _Version, vector: np.ndarray, k: int, where: dict[str, Any] | None,
           include: list[str]) -> Any:
    return version.collection.query(
        query_embeddings=[np.asarray(vector, dtype=np.float32).tolist()],
        n_results=max(1, k), where=where or None, include=include)


def _from_table(version: _Version, vector: np.ndarray, k: int, where: dict[str, Any] | None
                ) -> tuple[list[str], list[float]] | None:
    """A filtered search answered from the version's table in memory, exactly; None when
    there is no filter, the table is not ready, or the filter is left to Chroma."""
    table = version.table.table() if where and version.table is not None else None
    return table.nearest(vector, max(1, k), where) if table is not None and where else None


def _read_items(collection: Any, ids: list[str]) -> list[Item]:
    found = collection.get(ids=ids, include=["metadatas"])
    return [item_from_metadata(i, m)
            for i, m in zip(found["ids"], found["metadatas"], strict=True)]


def _read_embeddings(collection: Any, ids: list[str]) -> tuple[list[str], list[np.ndarray]]:
    found = collection.get(ids=ids, include=["embeddings"])
    vectors = np.asarray(found["embeddings"], dtype=np.float32)
    return list(found["ids"]), list(vectors.reshape(len(found["ids"]), -1))


def _copies(current: Any, plan: _Plan, batch: int
            ) -> Iterator[tuple[list[str], np.ndarray, list[Any]]]:
    """The stored items the plan keeps or re-describes, page by page, with their stored
    embeddings (a version is never written after it is published, so pages are stable)."""
    offset = 0
    while True:
        page = current.get(include=["embeddings", "metadatas"], limit=batch, offset=offset)
        rows = [row for row, item_id in enumerate(page["ids"])
                if item_id in plan.keep or item_id in plan.redescribe]
        if rows:
            ids = [page["ids"][row] for row in rows]
            metadatas = [plan.redescribe.get(item_id, page["metadatas"][row])
                         for item_id, row in zip(ids, rows, strict=True)]
            # Stored as float32, read back as float64: back to what the embedder gave.
            yield ids, np.asarray(page["embeddings"], dtype=np.float32)[rows], metadatas
        if len(page["ids"]) < batch:
            return
        offset += batch


@dataclass(frozen=True)
class _Stored:
    """What the index holds for an item, enough to tell whether it changed."""

    doc_hash: str
    meta_hash: str


@dataclass
class _Plan:
    """What an ingest writes into the new version, item by item."""

    embed: list[tuple[Item, str, dict[str, AttrValue]]] = field(default_factory=list)
    redescribe: dict[str, dict[str, AttrValue]] = field(default_factory=dict)  # new metadata
    keep: set[str] = field(default_factory=set)  # copied as stored: unchanged, or a bad row
    deleted: int = 0

    @property
    def changes_items(self) -> bool:
        return bool(self.embed or self.redescribe or self.deleted)

    @property
    def item_count(self) -> int:
        return len(self.embed) + len(self.redescribe) + len(self.keep)


def _max_batch(client: Any) -> int:
    try:
        return max(1, min(5_000, int(client.get_max_batch_size())))
    except (AttributeError, TypeError):
        return 5_000
