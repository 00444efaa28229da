"""The real embedding model on slices of the real demo catalogs: meaningful queries find
the obvious items, filters narrow them, and the console script works end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bot.catalog import load_catalog
from bot.filters import build_where
from indexes.embeddings import load_embedder
from indexes.items import ItemIndex
from tests.conftest import DEMO_GROCERIES, DEMO_MOVIES, demo_slice, write_jsonl

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model():
    return load_embedder("all-MiniLM-L6-v2")


@pytest.fixture(scope="module")
def movies(model, tmp_path_factory):
    from indexes.store import open_chroma

    path = write_jsonl(tmp_path_factory.mktemp("cat") / "movies.jsonl",
                       demo_slice(DEMO_MOVIES, 2000))
    index = ItemIndex(open_chroma(path=tmp_path_factory.mktemp("chroma")), model, "movies")
    index.sync(load_catalog(path).items, progress=False)
    return index


@pytest.fixture(scope="module")
def groceries(model, movies, tmp_path_factory):
    path = write_jsonl(tmp_path_factory.mktemp("cat") / "groceries.jsonl",
                       demo_slice(DEMO_GROCERIES, 1500))
    index = ItemIndex(movies.client, model, "groceries")  # a second catalog, same Chroma
    index.sync(load_catalog(path).items, progress=False)
    return index


def top_titles(index, query, k=3, **filters):
    manifest = index.manifest()
    where = build_where(manifest.fields, manifest.vocabulary, filters.pop("where", []),
                        **filters)
    return [h.item.title for h in index.search(query, k=k, where=where)]


@pytest.mark.parametrize(("query", "expected"), [
    ("a toy cowboy and a space ranger", "Toy Story (1995)"),
    ("a great white shark attacks swimmers at a beach town", "Jaws (1975)"),
    ("a hacker learns that reality is a computer simulation", "Matrix, The (1999)"),
    ("dinosaurs brought back to life in a theme park", "Jurassic Park (1993)"),
    ("astronauts in trouble on a moon mission", "Apollo 13 (1995)"),
    ("the aging patriarch of a mafia crime family", "Godfather, The (1972)"),
])
def test_meaningful_queries_find_the_obvious_movie(movies, query, expected):
    assert expected in top_titles(movies, query)


def test_filters_narrow_a_real_search(movies):
    titles = top_titles(movies, "a toy cowboy and a space ranger", k=5, where=["year>=1999"])
    assert "Toy Story (1995)" not in titles and len(titles) == 5
    horror = movies.search("scary ghosts", k=5, where={"genres": {"$contains": "Horror"}})
    assert all("Horror" in h.item.attributes["genres"] for h in horror)


def test_grocery_queries(groceries):
    assert all("Green Tea" in t for t in top_titles(groceries, "loose leaf green tea"))
    assert "Dandruff" in " ".join(top_titles(groceries, "shampoo that stops dandruff", k=2))
    cheap = groceries.search("tea", k=10, where=build_where(
        groceries.manifest().fields, {}, ["in_stock=true"], max_price=100))
    assert cheap and all(h.item.attributes["price"] <= 100 and h.item.attributes["in_stock"]
                         for h in cheap)


def test_console_script_end_to_end(tmp_path):
    catalog = write_jsonl(tmp_path / "films.jsonl", demo_slice(DEMO_MOVIES, 60))
    env = {**os.environ, "RECBOT_DATA_DIR": str(tmp_path / "data")}
    recbot = [sys.executable, "-m", "bot"]
    done = subprocess.run([*recbot, "ingest", str(catalog), "--quiet"], env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "films: 60 items loaded" in done.stdout
    done = subprocess.run([*recbot, "search", "toys come to life", "--catalog", "films",
                           "-k", "3", "--json"], env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["title"] == "Toy Story (1995)"
