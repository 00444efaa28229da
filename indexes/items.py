"""The item index: catalog items embedded and stored in a Chroma collection.

One collection per catalog. Ingest is re-runnable: each item carries a hash of
the text that was embedded and a hash of its metadata, so an unchanged item is
neither re-embedded nor rewritten, an item whose attributes alone changed gets a
metadata update, and items gone from the catalog are deleted. All embeddings are
computed before the first write, so an ingest that fails (bad rows, a model
error, Ctrl-C while embedding) leaves the stored index as it was.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from chromadb.errors import NotFoundError
from tqdm import tqdm

from bot.catalog import AttrValue, Item
from bot.errors import CatalogError, IndexNotFoundError, QueryError
from indexes.embeddings import Embedder
from indexes.item_cache import ItemCache

COLLECTION_PREFIX = "recbot-items-"
MANIFEST_KEY = "recbot_manifest"
DOC_HASH = "_doc_hash"
META_HASH = "_meta_hash"
# Attribute names that are never useful as text to embed.
NON_TEXT_SUFFIXES = ("id", "url", "image", "sku")
# Value vocabularies (for case-insensitive filters and, later, dialogue slot filling) are
# kept for fields with few, short values: categories, brands, genres; not plots.
VOCABULARY_LIMIT = 5_000
VOCABULARY_MEAN_LENGTH = 60
ENCODE_CHUNK = 1_024  # items embedded per progress-bar step


@dataclass
class Manifest:
    """What an index knows about its catalog: model, field types, value vocabularies."""

    name: str
    model: str
    dimension: int
    item_count: int = 0
    source: str = ""
    updated_at: float = 0.0
    fields: dict[str, str] = field(default_factory=dict)
    vocabulary: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        return cls(**json.loads(text))

    @classmethod
    def of(cls, collection: Any) -> Manifest | None:
        """The manifest a collection carries, or None before its first finished ingest."""
        raw = (collection.metadata or {}).get(MANIFEST_KEY)
        return cls.from_json(raw) if isinstance(raw, str) else None


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
    embed_seconds: float = 0.0
    total_seconds: float = 0.0

    @property
    def embedded(self) -> int:
        return self.added + self.reembedded


def collection_name(catalog: str) -> str:
    return COLLECTION_PREFIX + catalog


def list_catalogs(client: Any) -> list[str]:
    """Names of the catalogs that have an index in this Chroma."""
    names = [c if isinstance(c, str) else c.name for c in client.list_collections()]
    return sorted(n[len(COLLECTION_PREFIX):] for n in names if n.startswith(COLLECTION_PREFIX))


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


class ItemIndex:
    """A catalog's items in Chroma, searchable by meaning.

    Collaborators are passed in: a Chroma client and an embedder.
    """

    def __init__(self, client: Any, embedder: Embedder, catalog: str, *,
                 batch_size: int = 32):
        self.client = client
        self.embedder = embedder
        self.catalog = catalog
        self.batch_size = batch_size
        self._cached: Any = None  # the collection, checked against the embedder once
        self._reads = ItemCache(self._written_at)  # items and vectors, until a re-ingest
        self._dimension: int | None = None

    # -- reading ---------------------------------------------------------------

    def _collection(self, *, refresh: bool = False) -> Any:
        if self._cached is None or refresh:
            self._cached = None
            collection = self._find_collection()
            if collection is None:
                known = ", ".join(list_catalogs(self.client)) or "none yet"
                raise IndexNotFoundError(
                    f"no index for catalog {self.catalog!r} (indexed catalogs: {known}); "
                    f"run `recbot ingest FILE --name {self.catalog}` first"
                )
            self._check_model(collection)
            self._cached = collection
        return self._cached

    def _find_collection(self) -> Any:
        try:
            return self.client.get_collection(collection_name(self.catalog),
                                              embedding_function=None)
        except NotFoundError:
            return None

    def exists(self) -> bool:
        return self.catalog in list_catalogs(self.client)

    def manifest(self) -> Manifest:
        """The catalog's manifest, read fresh (another process may have re-ingested)."""
        manifest = Manifest.of(self._collection(refresh=True))
        if manifest is None:
            raise IndexNotFoundError(f"catalog {self.catalog!r} has no finished ingest yet")
        return manifest

    def count(self) -> int:
        return int(self._collection().count())

    def get(self, ids: Sequence[str]) -> list[Item]:
        """Items by id, in the order asked; unknown ids are left out."""
        if not ids:
            return []
        self._reads.refresh()
        return self._reads.items(ids, self._read_items)

    def _read_items(self, ids: list[str]) -> list[Item]:
        found = self._collection().get(ids=ids, include=["metadatas"])
        return [item_from_metadata(i, m)
                for i, m in zip(found["ids"], found["metadatas"], strict=True)]

    def _written_at(self) -> object:
        """What changes when the index is written (by any process): its manifest's time."""
        collection = self._find_collection()
        manifest = Manifest.of(collection) if collection is not None else None
        return (getattr(collection, "id", None), manifest.updated_at if manifest else None)

    def ids(self) -> list[str]:
        """Every item id in the index."""
        return list(self._collection().get(include=[])["ids"])

    def embeddings(self, ids: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """(ids found, their embeddings), in the order asked; no metadata is read."""
        if ids:
            self._reads.refresh()
            order, vectors = self._reads.vectors(ids, self._read_embeddings)
            if order:
                return order, np.stack(vectors)
        if self._dimension is None:  # the manifest is parsed once, not on every empty ask
            self._dimension = getattr(Manifest.of(self._collection()), "dimension", 0)
        return [], np.zeros((0, self._dimension), dtype=np.float32)

    def _read_embeddings(self, ids: list[str]) -> tuple[list[str], np.ndarray]:
        found = self._collection().get(ids=ids, include=["embeddings"])
        vectors = np.asarray(found["embeddings"], dtype=np.float32)
        return list(found["ids"]), vectors.reshape(len(found["ids"]), -1)

    def nearest_ids(self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
                    ) -> list[str]:
        """Ids of the `k` items closest to an embedding, without reading their metadata."""
        return list(self._query(vector, k, where, ["distances"])["ids"][0])

    def embed_query(self, query: str) -> np.ndarray:
        if not query.strip():
            raise QueryError("the search query is empty")
        self._collection()  # first: a mismatched model fails before encoding
        return self._reads.query_vector(
            query, lambda text: np.asarray(self.embedder.encode([text])[0], dtype=np.float32))

    def search(self, query: str, k: int = 10, where: dict[str, Any] | None = None
               ) -> list[SearchHit]:
        """The `k` items closest in meaning to `query`, filtered inside Chroma by `where`."""
        return self.search_vector(self.embed_query(query), k, where)

    def search_vector(self, vector: np.ndarray, k: int = 10,
                      where: dict[str, Any] | None = None) -> list[SearchHit]:
        """The `k` items closest to an embedding (a query, or a person's taste)."""
        result = self._query(vector, k, where, ["metadatas", "distances"])
        return [SearchHit(item_from_metadata(item_id, meta), 1.0 - float(distance))
                for item_id, meta, distance in zip(result["ids"][0], result["metadatas"][0],
                                                   result["distances"][0], strict=True)]

    def _query(self, vector: np.ndarray, k: int, where: dict[str, Any] | None,
               include: list[str]) -> Any:
        request = {"query_embeddings": [np.asarray(vector, dtype=np.float32).tolist()],
                   "n_results": max(1, k), "where": where or None, "include": include}
        try:
            return self._collection().query(**request)
        except NotFoundError:  # re-created by another process (a new model): look it up again
            return self._collection(refresh=True).query(**request)

    def _check_model(self, collection: Any) -> None:
        manifest = Manifest.of(collection)
        model = manifest.model if manifest else self.embedder.name
        if model != self.embedder.name:
            raise CatalogError(
                f"catalog {self.catalog!r} was indexed with embedding model {model!r} but "
                f"{self.embedder.name!r} is configured; re-run `recbot ingest` or set "
                "RECBOT_EMBEDDING_MODEL to match"
            )

    # -- writing ---------------------------------------------------------------

    def sync(self, items: Sequence[Item], *, keep_ids: Iterable[str] = (), source: str = "",
             progress: bool = True) -> IngestReport:
        """Make the index hold exactly `items` (plus stored `keep_ids`), embedding only changes.

        `keep_ids` are ids whose new rows were bad: their stored versions stay.
        """
        started = time.perf_counter()
        if not items:
            raise CatalogError("the catalog has no valid items; the index was left unchanged")
        report = IngestReport(self.catalog)
        existing = self._find_collection()  # created only when there is something to write
        stored_manifest = Manifest.of(existing) if existing is not None else None
        model_changed = stored_manifest is not None and (
            stored_manifest.model != self.embedder.name)
        stored = self._stored(existing) if existing is not None else {}
        stored_ids = set(stored)

        to_embed: list[tuple[Item, str, dict[str, AttrValue | None]]] = []
        meta_only: list[tuple[str, dict[str, AttrValue | None]]] = []
        for item in items:
            document = item_document(item)
            meta: dict[str, AttrValue | None] = dict(item_metadata(item))
            doc_hash = _hash(self.embedder.name + "\n" + document)
            meta_hash = _hash(json.dumps(meta, sort_keys=True, ensure_ascii=False))
            meta[DOC_HASH], meta[META_HASH] = doc_hash, meta_hash
            previous = stored.get(item.id)
            if previous is not None and not model_changed:  # a new model means a new collection
                # Chroma merges metadata on write; None removes what the item no longer has.
                meta.update({key: None for key in previous.keys - meta.keys()})
            if previous is None or model_changed or previous.doc_hash != doc_hash:
                to_embed.append((item, document, meta))
                if previous is None:
                    report.added += 1
                else:
                    report.reembedded += 1
            elif previous.meta_hash != meta_hash:
                meta_only.append((item.id, meta))
            else:
                report.unchanged += 1
        keep = set(keep_ids) & stored_ids
        new_ids = {item.id for item in items}
        report.kept_from_bad_rows = len(keep - new_ids)
        to_delete = sorted(stored_ids - new_ids - keep)

        embed_started = time.perf_counter()
        vectors = self._embed([doc for _, doc, _ in to_embed], progress)
        report.embed_seconds = time.perf_counter() - embed_started

        # Everything slow or fallible is done; now write.
        if model_changed:
            self.client.delete_collection(collection_name(self.catalog))
        collection = self._open_for_writing()
        self._write(collection, to_embed, vectors, meta_only, to_delete)
        report.metadata_updated = len(meta_only)
        report.deleted = len(to_delete)
        self._write_manifest(collection, items, source)
        self._cached = None
        self._dimension = None
        self._reads.clear()  # after the writes: nothing read while writing is kept
        report.total_seconds = time.perf_counter() - started
        return report

    def _open_for_writing(self) -> Any:
        return self.client.get_or_create_collection(
            collection_name(self.catalog),
            embedding_function=None,
            metadata={"hnsw:space": "cosine"},
        )

    def _stored(self, collection: Any) -> dict[str, _Stored]:
        stored: dict[str, _Stored] = {}
        page = 10_000
        offset = 0
        while True:
            chunk = collection.get(include=["metadatas"], limit=page, offset=offset)
            for item_id, meta in zip(chunk["ids"], chunk["metadatas"], strict=True):
                stored[item_id] = _Stored(str(meta.get(DOC_HASH, "")),
                                          str(meta.get(META_HASH, "")), frozenset(meta))
            if len(chunk["ids"]) < page:
                return stored
            offset += page

    def _embed(self, documents: list[str], progress: bool) -> np.ndarray:
        vectors = np.zeros((len(documents), self.embedder.dimension), dtype=np.float32)
        if not documents:
            return vectors
        # Embedding texts of similar length together wastes less padding.
        order = np.argsort([len(d) for d in documents], kind="stable")
        with tqdm(total=len(documents), desc=f"Embedding {self.catalog}", unit="item",
                  disable=not progress) as bar:
            for start in range(0, len(documents), ENCODE_CHUNK):
                rows = order[start:start + ENCODE_CHUNK]
                vectors[rows] = self.embedder.encode([documents[i] for i in rows],
                                                     batch_size=self.batch_size)
                bar.update(len(rows))
        return vectors

    def _write(self, collection: Any, to_embed: list, vectors: np.ndarray,
               meta_only: list, to_delete: list[str]) -> None:
        batch = _max_batch(self.client)
        for start in range(0, len(to_embed), batch):
            chunk = to_embed[start:start + batch]
            # No `documents`: nothing reads them back, and their full-text index
            # costs Chroma a third of its write time.
            collection.upsert(
                ids=[item.id for item, _, _ in chunk],
                embeddings=vectors[start:start + batch],
                metadatas=[meta for _, _, meta in chunk],
            )
        for start in range(0, len(meta_only), batch):
            chunk = meta_only[start:start + batch]
            collection.update(ids=[i for i, _ in chunk], metadatas=[m for _, m in chunk])
        for start in range(0, len(to_delete), batch):
            collection.delete(ids=to_delete[start:start + batch])

    def _write_manifest(self, collection: Any, items: Sequence[Item], source: str) -> None:
        manifest = Manifest(
            name=self.catalog,
            model=self.embedder.name,
            dimension=self.embedder.dimension,
            item_count=int(collection.count()),
            source=source,
            updated_at=time.time(),
            fields=_field_types(items),
            vocabulary=_vocabularies(items),
        )
        # The distance function lives in the collection's configuration, not its metadata.
        collection.modify(metadata={MANIFEST_KEY: manifest.to_json()})


@dataclass(frozen=True)
class _Stored:
    """What the index holds for an item, enough to tell whether it changed."""

    doc_hash: str
    meta_hash: str
    keys: frozenset[str]


def _max_batch(client: Any) -> int:
    try:
        return max(1, min(5_000, int(client.get_max_batch_size())))
    except (AttributeError, TypeError):
        return 5_000


def _field_types(items: Sequence[Item]) -> dict[str, str]:
    seen: dict[str, Counter[str]] = {}
    for item in items:
        for name, value in item.attributes.items():
            kind = {bool: "bool", int: "int", float: "float", list: "list"}.get(
                type(value), "str")
            seen.setdefault(name, Counter())[kind] += 1
    types = {}
    for name, counts in seen.items():
        if set(counts) <= {"int", "float"}:
            types[name] = "float" if "float" in counts else "int"
        else:
            types[name] = counts.most_common(1)[0][0]
    return types


def _vocabularies(items: Sequence[Item]) -> dict[str, list[str]]:
    values: dict[str, set[str]] = {}
    for item in items:
        for name, value in item.attributes.items():
            if isinstance(value, str):
                values.setdefault(name, set()).add(value)
            elif isinstance(value, list):
                values.setdefault(name, set()).update(value)
    return {
        name: sorted(vals) for name, vals in values.items()
        if len(vals) <= VOCABULARY_LIMIT
        and sum(map(len, vals)) / len(vals) <= VOCABULARY_MEAN_LENGTH
    }
