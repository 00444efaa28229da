"""Reads of items and embeddings are kept in memory until the index is written again."""

from __future__ import annotations

from bot.catalog import load_catalog
from indexes.items import ItemIndex
from tests.conftest import SMALL_CATALOG, write_jsonl


def ingest(index: ItemIndex, tmp_path, rows) -> None:
    index.sync(load_catalog(write_jsonl(tmp_path / "c.jsonl", rows)).items, progress=False)


class CountingCollection:
    """Chroma's collection, counting the reads that reach it."""

    def __init__(self, collection):
        self.collection, self.gets = collection, 0

    def get(self, **kwargs):
        self.gets += 1
        return self.collection.get(**kwargs)

    def __getattr__(self, name):
        return getattr(self.collection, name)


def test_reads_are_kept_and_unknown_ids_remembered(chroma, embedder, tmp_path):
    index = ItemIndex(chroma, embedder, "small")
    ingest(index, tmp_path, SMALL_CATALOG)
    version = index._current()
    counting = version.collection = CountingCollection(version.collection)
    assert [i.title for i in index.get(["2", "1", "nope"])] == ["Ocean Deep", "Space Cowboys"]
    ids, vectors = index.embeddings(["3", "nope", "1"])
    assert ids == ["3", "1"] and vectors.shape == (2, embedder.dimension)
    reads = counting.gets
    assert [i.id for i in index.get(["1", "nope", "2"])] == ["1", "2"]
    again_ids, again = index.embeddings(["1", "3"])
    assert again_ids == ["1", "3"] and (again[0] == vectors[1]).all()
    assert counting.gets == reads  # all from memory, the unknown id too


def test_a_reingest_is_seen_at_once_here_and_soon_by_another_process(chroma, embedder,
                                                                     tmp_path, monkeypatch):
    import indexes.versions

    serving = ItemIndex(chroma, embedder, "small")
    ingest(serving, tmp_path, SMALL_CATALOG)
    assert serving.get(["1"])[0].attributes["price"] == 4.0
    changed = [{**row, "price": 40.0} if row["id"] == "1" else row for row in SMALL_CATALOG]
    ingest(ItemIndex(chroma, embedder, "small"), tmp_path, changed)  # "another process"
    assert serving.get(["1"])[0].attributes["price"] == 4.0  # within CHECK_SECONDS
    monkeypatch.setattr(indexes.versions, "CHECK_SECONDS", 0.0)
    assert serving.get(["1"])[0].attributes["price"] == 40.0
    monkeypatch.setattr(indexes.versions, "CHECK_SECONDS", 3600.0)
    ingest(serving, tmp_path, SMALL_CATALOG)  # written here: dropped at once
    assert serving.get(["1"])[0].attributes["price"] == 4.0


def test_the_same_query_is_encoded_once(chroma, embedder, tmp_path):
    import numpy as np
    import pytest

    index = ItemIndex(chroma, embedder, "small")
    ingest(index, tmp_path, SMALL_CATALOG)
    embedder.encoded.clear()
    first = index.embed_query("rocket to space")
    again = index.embed_query("rocket to space")
    index.embed_query("coral reef")
    assert embedder.encoded == ["rocket to space", "coral reef"]
    assert np.array_equal(first, again)
    with pytest.raises(ValueError):  # shared between turns: nobody may change it in place
        first[0] = 1.0


def test_made_up_ids_cannot_grow_the_cache_without_end(chroma, embedder, tmp_path,
                                                       monkeypatch):
    import indexes.item_cache

    monkeypatch.setattr(indexes.item_cache, "MAX_ENTRIES", 10)
    index = ItemIndex(chroma, embedder, "small")
    ingest(index, tmp_path, SMALL_CATALOG)
    for n in range(50):  # e.g. GET /api/items/{made-up id}, no session needed
        assert index.get([f"made-up-{n}"]) == []
    assert len(index._current().reads._missing) <= 10
    assert [i.title for i in index.get(["1"])] == ["Space Cowboys"]
