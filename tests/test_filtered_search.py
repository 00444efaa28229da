"""Filtered search from memory (indexes/filtered.py): the exact filtered search, as Chroma
would filter, following re-ingests."""

from __future__ import annotations

import numpy as np
import pytest

from bot.filters import build_where
from indexes.filtered import FilterTable
from indexes.items import ItemIndex
from tests.conftest import DEMO_GROCERIES, DEMO_MOVIES, demo_slice
from tests.test_item_index import items_of


def mixed_rows() -> list[dict]:
    """150 movies and 150 groceries in one catalog: each lacks the other's fields."""
    movies = [{**row, "id": f"m{row['id']}"} for row in demo_slice(DEMO_MOVIES, 150)]
    groceries = [{**row, "id": f"g{row['id']}"} for row in demo_slice(DEMO_GROCERIES, 150)]
    return movies + groceries


@pytest.fixture
def index(chroma, embedder) -> ItemIndex:
    index = ItemIndex(chroma, embedder, "mixed", filter_table="inline")
    index.sync(items_of(mixed_rows()), progress=False)
    return index


CONDITIONS = [  # as build_where writes them: narrow and broad, every operator it emits
    ["genres=Horror"], ["genres=Comedy"], ["genres!=Comedy"], ["genres=Horror|Sci-Fi"],
    ["genres!=Drama|Comedy"], ["year>=1996"], ["year<1995"], ["year=1995"], ["year!=1995"],
    ["category=Beverages"], ["category=Beverages|Snacks & Branded Foods"],
    ["category!=Beverages|Snacks & Branded Foods"], ["category!=Beverages"],
    ["in_stock=true"], ["in_stock=false"], ["genres=Comedy", "year>1995"],
    ["in_stock=true", "price<=100"], ["price>50", "price<150", "category!=Beverages"],
]
HANDWRITTEN = [  # what build_where does not write but Chroma reads
    {"$or": [{"genres": {"$contains": "Horror"}}, {"price": {"$lt": 30}}]},
    {"$or": [{"year": 1995}, {"$and": [{"in_stock": False}, {"price": {"$gte": 100.0}}]}]},
    {"year": {"$in": [1995.0, 1996.0]}}, {"year": {"$nin": [1995, 1996]}},
    {"year": 1995.0}, {"in_stock": 1}, {"in_stock": {"$ne": True}},
    {"genres": {"$not_contains": "Drama"}}, {"price": {"$gt": 10_000}},
]


def all_wheres(index: ItemIndex) -> list[dict]:
    manifest = index.manifest()
    built = [build_where(manifest.fields, manifest.vocabulary, c) for c in CONDITIONS]
    return [w for w in built if w is not None] + HANDWRITTEN


def chroma_matches(index: ItemIndex, where: dict) -> set[str]:
    return set(index._current().collection.get(where=where, include=[])["ids"])


def exact_distances(index: ItemIndex, vector: np.ndarray, matched: set[str], k: int
                    ) -> list[float]:
    ids, vectors = index.embeddings(sorted(matched))
    if not ids:
        return []
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return sorted(1.0 - vectors @ (vector / np.linalg.norm(vector)))[:k]


def test_filters_match_what_chroma_matches(index):
    table = index._current().table.table()
    assert table is not None
    for where in all_wheres(index):
        mask = table.mask(where)
        assert mask is not None, where
        assert {table.ids[row] for row in np.flatnonzero(mask)} == chroma_matches(
            index, where), where


@pytest.mark.parametrize("k", [1, 10, 1_000])
def test_filtered_search_is_the_exact_filtered_search(index, k):
    for query in ("a scary ghost in the house", "funny family adventure", "green tea"):
        vector = index.embed_query(query)
        for where in all_wheres(index):
            matched = chroma_matches(index, where)
            hits = index.search_vector(vector, k, where)
            assert {h.item.id for h in hits} <= matched, where  # nothing breaks the filter
            assert len(hits) == min(k, len(matched)), where  # and none is missing
            expected = exact_distances(index, vector, matched, k)
            assert [1.0 - h.score for h in hits] == pytest.approx(expected, abs=1e-5), where
            assert index.nearest_ids(vector, k, where) == [h.item.id for h in hits]


def test_a_filter_that_matches_nothing_finds_nothing(index):
    vector = index.embed_query("anything")
    for where in ({"genres": {"$contains": "Nope"}}, {"price": {"$lt": 0}},
                  {"$and": [{"year": {"$gte": 2000}}, {"category": "Beverages"}]}):
        assert index.search_vector(vector, 10, where) == []
        assert index.nearest_ids(vector, 10, where) == []


def test_k_beyond_the_matched_items_returns_them_all(index):
    where = {"year": 1995}
    hits = index.search("a toy story", k=500, where=where)
    assert {h.item.id for h in hits} == chroma_matches(index, where)
    assert all(h.item.attributes["year"] == 1995 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_the_table_follows_a_reingest(index):
    where = {"price": {"$lte": 30.0}}
    before = {h.item.id for h in index.search("cheap snack", k=50, where=where)}
    assert before
    old_version, old_table = index.version(), index._current().table
    rows = mixed_rows()
    cheap = next(row for row in rows if row.get("price", 0) > 30.0)
    cheap["price"] = 1.0
    gone = next(row for row in rows if row["id"] in before)
    rows.remove(gone)
    index.sync(items_of(rows), progress=False)
    assert index.version() != old_version and index._current().table is not old_table
    after = {h.item.id for h in index.search("cheap snack", k=50, where=where)}
    assert after == (before - {gone["id"]}) | {cheap["id"]}
    assert next(h for h in index.search("cheap", k=50, where=where)
                if h.item.id == cheap["id"]).item.attributes["price"] == 1.0


def test_what_the_table_cannot_read_is_left_to_chroma(index):
    table = index._current().table.table()
    for where in ({"title": "Toy Story (1995)"}, {"genres": "Comedy"},
                  {"year": {"$gt": "1990"}}, {"year": {"$in": [1995, 1996.0]}}, {"$and": []},
                  {"year": 1995, "in_stock": True}, {"price": {"$gt": 1, "$lt": 9}},
                  {"$or": [{"year": 1995}]}):
        assert table.mask(where) is None, where
    hits = index.search("toys", k=3, where={"title": "Toy Story (1995)"})
    assert [h.item.title for h in hits] == ["Toy Story (1995)"]


def test_the_table_loads_in_the_background_while_chroma_answers(index, chroma, embedder):
    reader = ItemIndex(chroma, embedder, "mixed")  # filter_table="background", the default
    where = {"genres": {"$contains": "Horror"}}
    first = reader.search("ghost", k=5, where=where)  # answered by Chroma; starts the load
    loader = reader._current().table
    assert loader.ready.wait(30) and loader.table() is not None
    again = reader.search("ghost", k=5, where=where)  # from the table: the same answer
    assert [h.score for h in again] == pytest.approx([h.score for h in first], abs=1e-5)


def test_an_empty_index_version_reads_as_an_empty_table():
    table = FilterTable([], np.zeros((0, 1), np.float32), [])
    assert table.nearest(np.ones(4, np.float32), 5, {"year": 1995}) == ([], [])


def test_embeddings_are_read_from_the_table_once_it_is_loaded(index):
    index.load_filter_table()
    version = index._current()
    table = version.table.loaded
    ids = ["m1", "g2", "nope", "m3"]
    found, vectors = index.embeddings(ids)
    stored = version.collection.get(ids=found, include=["embeddings"])
    assert found == ["m1", "g2", "m3"]
    assert np.array_equal(vectors, np.asarray(stored["embeddings"], dtype=np.float32)[
        [stored["ids"].index(i) for i in found]])
    assert all(np.shares_memory(version.reads._vectors[i], table.vectors) for i in found)


def test_a_table_still_loading_at_exit_is_waited_for():
    """The program does not end while a background read is inside Chroma's native code
    (a one-message `recbot chat`, piped, crashed on exit)."""
    import threading

    from indexes import filtered

    release = threading.Event()

    class SlowCollection:
        def count(self) -> int:
            release.wait(10)
            return filtered.MAX_ITEMS + 1  # too many: Chroma keeps answering

    loader = filtered.TableLoader(SlowCollection())
    assert loader.table() is None and not loader.ready.is_set()
    threading.Timer(0.2, release.set).start()
    filtered._let_loads_finish()  # what runs at exit
    assert loader.ready.is_set()
