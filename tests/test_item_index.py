"""The Chroma item index: search, filters inside Chroma, incremental and safe re-ingest."""

from __future__ import annotations

import copy

import pytest

from bot.catalog import Item, load_catalog
from bot.errors import CatalogError, IndexNotFoundError, QueryError
from bot.filters import build_where
from indexes.items import ItemIndex, item_document, list_catalogs
from tests.conftest import SMALL_CATALOG, HashEmbedder, write_jsonl


def items_of(rows: list[dict]) -> list[Item]:
    return [Item(str(r["id"]), r["title"], r.get("description", ""),
                 {k: v for k, v in r.items() if k not in ("id", "title", "description")})
            for r in rows]


@pytest.fixture
def index(chroma, embedder) -> ItemIndex:
    index = ItemIndex(chroma, embedder, "small")
    index.sync(items_of(SMALL_CATALOG), progress=False)
    return index


def snapshot(index: ItemIndex) -> dict:
    got = index._current(refresh=True).collection.get(include=["metadatas", "embeddings"])
    return {i: (m, list(map(float, e))) for i, m, e in
            zip(got["ids"], got["metadatas"], got["embeddings"], strict=True)}


def test_search_finds_the_closest_item_first(index):
    hits = index.search("a rocket to space", k=3)
    assert [h.item.id for h in hits][:2] in (["1", "3"], ["3", "1"])
    assert hits[0].score > hits[-1].score
    assert hits[0].to_dict()["genres"]  # attributes come back with the hit


def test_filters_are_applied_inside_chroma(index):
    manifest = index.manifest()
    where = build_where(manifest.fields, manifest.vocabulary, ["genres=Documentary"])
    # The two Documentary items are the farthest from this query, yet k=2 returns both:
    # a filter applied after a top-k search would have returned none.
    hits = index.search("a rocket to space", k=2, where=where)
    assert sorted(h.item.id for h in hits) == ["2", "5"]
    where = build_where(manifest.fields, manifest.vocabulary, ["in_stock=true"],
                        max_price=5)
    assert {h.item.id for h in index.search("rocket", k=5, where=where)} == {"1", "5"}


def test_manifest_describes_the_catalog(index):
    manifest = index.manifest()
    assert manifest.item_count == 5
    assert manifest.fields == {"genres": "list", "year": "int", "price": "float",
                               "in_stock": "bool"}
    assert manifest.vocabulary["genres"] == ["Adventure", "Children", "Comedy", "Documentary",
                                             "Horror"]
    assert list_catalogs(index.client) == ["small"]


def test_reingest_of_an_unchanged_catalog_embeds_nothing(index, embedder):
    before = snapshot(index)
    embedder.encoded.clear()
    report = index.sync(items_of(SMALL_CATALOG), progress=False)
    assert embedder.encoded == []
    assert (report.unchanged, report.embedded, report.deleted) == (5, 0, 0)
    assert snapshot(index) == before


def test_reingest_embeds_only_what_changed_and_deletes_what_is_gone(index, embedder):
    rows = copy.deepcopy(SMALL_CATALOG)
    rows[1]["description"] = "Divers film sharks in the open sea."  # text changed
    rows[0]["price"] = 5.0  # only metadata changed
    del rows[0]["in_stock"]  # an attribute removed
    del rows[4]  # item removed
    rows.append({"id": "6", "title": "Shark Week", "description": "Sharks up close."})
    embedder.encoded.clear()
    report = index.sync(items_of(rows), progress=False)

    assert sorted(embedder.encoded) == sorted(
        item_document(i) for i in items_of(rows) if i.id in ("2", "6"))
    assert (report.added, report.reembedded, report.metadata_updated, report.unchanged,
            report.deleted) == (1, 1, 1, 2, 1)
    assert index.count() == 5
    assert index.get(["5"]) == []
    space_cowboys = index.get(["1"])[0]
    assert space_cowboys.attributes["price"] == 5.0
    assert "in_stock" not in space_cowboys.attributes
    assert index.search("sharks in the sea", k=1)[0].item.id in ("2", "6")


def test_a_crash_while_embedding_leaves_the_index_as_it_was(index, embedder):
    before = snapshot(index)
    rows = copy.deepcopy(SMALL_CATALOG)
    for row in rows:
        row["description"] += " Now remastered."
    embedder.fail_after = len(embedder.encoded) + 2
    with pytest.raises(RuntimeError, match="crashed"):
        index.sync(items_of(rows[:3]), progress=False)
    assert snapshot(index) == before


def test_an_empty_catalog_does_not_wipe_the_index(index):
    with pytest.raises(CatalogError, match="left unchanged"):
        index.sync([], progress=False)
    assert index.count() == 5


def test_bad_rows_keep_their_stored_version(index, tmp_path):
    rows = copy.deepcopy(SMALL_CATALOG)
    rows[3]["year"] = "nineteen ninety-nine"  # item 4's new row is bad
    result = load_catalog(write_jsonl(tmp_path / "c.jsonl", rows), on_error="skip")
    report = index.sync(result.items, keep_ids=result.skipped_ids, progress=False)
    assert report.kept_from_bad_rows == 1 and report.deleted == 0
    assert index.get(["4"])[0].attributes["year"] == 1999


def test_a_new_embedding_model_reembeds_everything(index, chroma):
    other = HashEmbedder(name="another-model", dimension=32)
    with pytest.raises(CatalogError, match="was indexed with embedding model 'hash-embedder'"):
        ItemIndex(chroma, other, "small").search("rocket")
    report = ItemIndex(chroma, other, "small").sync(items_of(SMALL_CATALOG), progress=False)
    assert report.reembedded == 5 and len(other.encoded) == 5
    assert ItemIndex(chroma, other, "small").search("rocket", k=1)[0].item.id in ("1", "3")


def test_unknown_catalog_and_empty_query(index, chroma, embedder):
    with pytest.raises(IndexNotFoundError, match="recbot ingest FILE --name films"):
        ItemIndex(chroma, embedder, "films").search("x")
    with pytest.raises(QueryError, match="empty"):
        index.search("   ")


def test_a_first_ingest_that_fails_leaves_no_half_built_catalog(chroma, embedder):
    embedder.fail_after = 2
    with pytest.raises(RuntimeError):
        ItemIndex(chroma, embedder, "fresh").sync(items_of(SMALL_CATALOG), progress=False)
    assert list_catalogs(chroma) == []


def test_a_reader_sees_another_writers_reingest(index, chroma, embedder):
    reader = ItemIndex(chroma, embedder, "small")
    assert reader.search("bread", k=1)[0].item.id == "5"
    rows = copy.deepcopy(SMALL_CATALOG)
    rows[4]["title"] = "Sourdough Bread Day"
    index.sync(items_of(rows), progress=False)
    assert reader.search("sourdough bread", k=1)[0].item.title == "Sourdough Bread Day"
    assert reader.manifest().item_count == 5


def test_long_free_text_fields_get_no_filter_vocabulary(chroma, embedder):
    rows = [dict(r, plot=f"A long plot summary number {n} " + "words " * 20)
            for n, r in enumerate(SMALL_CATALOG)]
    index = ItemIndex(chroma, embedder, "plots")
    index.sync(items_of(rows), progress=False)
    assert "plot" not in index.manifest().vocabulary
    assert "genres" in index.manifest().vocabulary
