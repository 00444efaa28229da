"""The same index against a real Chroma server (`chroma run`) started on 127.0.0.1."""

from __future__ import annotations

import numpy as np
import pytest

from bot.catalog import load_catalog
from bot.context import Context
from bot.errors import ConfigError
from bot.filters import build_where
from bot.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture
def chroma_server(tmp_path):
    from indexes.store import chroma_command, chroma_server

    try:
        chroma_command()
    except ConfigError as exc:
        pytest.fail(str(exc))
    with chroma_server(tmp_path / "server-data", tmp_path / "chroma.log") as server:
        yield server.url


def test_ingest_and_search_through_a_chroma_server(chroma_server, tmp_path, embedder,
                                                   small_catalog):
    settings = Settings(data_dir=tmp_path / "local", chroma_url=chroma_server)
    context = Context(settings, embedder=embedder)
    index = context.index("small")
    report = index.sync(load_catalog(small_catalog).items, progress=False)
    assert report.added == 5

    # A second process (here: a fresh client) sees the same index on the server.
    other = Context(settings, embedder=embedder)
    assert other.catalogs() == ["small"]
    hits = other.index("small").search("bread and cake", k=1,
                                       where={"in_stock": True})
    assert hits[0].item.title == "Baking Day"
    again = other.index("small").sync(load_catalog(small_catalog).items, progress=False)
    assert again.unchanged == 5 and again.embedded == 0
    assert not (tmp_path / "local" / "chroma").exists()  # nothing was written locally


def test_a_reingest_through_a_server_switches_versions_whole(chroma_server, tmp_path):
    from indexes.store import open_chroma
    from tests.conftest import write_jsonl
    from tests.test_index_versions import (
        edition_rows,
        kill_in_the_middle_of_writing,
        read_beside_an_ingest,
    )

    editions = {e: write_jsonl(tmp_path / f"edition-{e}.jsonl", edition_rows(e))
                for e in (1, 2)}
    chroma = open_chroma(url=chroma_server)
    kill_in_the_middle_of_writing(chroma, chroma_server, editions)
    read_beside_an_ingest(chroma, chroma_server, editions)


def test_filtered_search_from_memory_through_a_server(chroma_server, embedder):
    from indexes.items import ItemIndex
    from indexes.store import open_chroma
    from tests.test_filtered_search import CONDITIONS, exact_distances, mixed_rows
    from tests.test_item_index import items_of

    index = ItemIndex(open_chroma(url=chroma_server), embedder, "mixed", filter_table="inline")
    index.sync(items_of(mixed_rows()), progress=False)
    table = index._current().table.table()
    assert table is not None  # read from the server with collection.get
    manifest = index.manifest()
    vector = index.embed_query("a funny family adventure")
    for conditions in CONDITIONS:
        where = build_where(manifest.fields, manifest.vocabulary, conditions)
        matched = set(index._current().collection.get(where=where, include=[])["ids"])
        assert {table.ids[row] for row in np.flatnonzero(table.mask(where))} == matched
        hits = index.search_vector(vector, 10, where)
        assert [1.0 - h.score for h in hits] == pytest.approx(
            exact_distances(index, vector, matched, 10), abs=1e-5)
