"""Vectors made once and shipped (indexes/known_vectors.py): an ingest takes those that match
its model and text, embeds the rest, and searches as if it had embedded everything."""

from __future__ import annotations

import copy
import logging

import numpy as np

from bot.catalog import load_catalog
from bot.cli.main import main
from bot.context import Context
from bot.demo import DEMO_CATALOGS, DEMO_DIR, VECTORS
from bot.settings import DEFAULT_EMBEDDING_MODEL, Settings
from indexes.items import ItemIndex, _hash, item_document
from indexes.known_vectors import KnownVectors
from indexes.store import open_chroma
from tests.conftest import SMALL_CATALOG, HashEmbedder, write_jsonl
from tests.test_item_index import items_of


def built(tmp_path, name="small", embedder=None):
    index = ItemIndex(open_chroma(path=tmp_path / name), embedder or HashEmbedder(), "small")
    index.sync(items_of(SMALL_CATALOG), progress=False)
    return index


def test_an_ingest_takes_the_known_vectors_and_searches_the_same(tmp_path):
    source = built(tmp_path, "source")
    assert source.export_vectors(tmp_path / "small.vectors.npz") == len(SMALL_CATALOG)
    known = KnownVectors.load(tmp_path / "small.vectors.npz")
    edited = copy.deepcopy(SMALL_CATALOG)
    edited[1]["description"] = "Whales sing in the deep blue ocean."
    embedder = HashEmbedder()
    fresh = ItemIndex(open_chroma(path=tmp_path / "fresh"), embedder, "small")
    report = fresh.sync(items_of(edited), progress=False, known=known)
    # Only the edited item is embedded; the others' vectors come from the file.
    assert report.added == len(SMALL_CATALOG) and report.known == len(SMALL_CATALOG) - 1
    assert embedder.encoded == [item_document(items_of(edited)[1])]
    for query in ("rocket to space", "ghosts at night", "bread and cake"):
        assert [h.item.id for h in fresh.search(query, k=3)] == [
            h.item.id for h in source.search(query, k=3)]


def test_vectors_of_another_model_are_not_taken(tmp_path):
    built(tmp_path, "source").export_vectors(tmp_path / "v.npz")
    other = HashEmbedder(name="another-model")
    index = ItemIndex(open_chroma(path=tmp_path / "other"), other, "small")
    report = index.sync(items_of(SMALL_CATALOG), progress=False,
                        known=KnownVectors.load(tmp_path / "v.npz"))
    assert report.known == 0 and len(other.encoded) == len(SMALL_CATALOG)


def test_a_broken_file_is_ignored_and_everything_is_embedded(tmp_path, caplog):
    path = tmp_path / "broken.npz"
    path.write_bytes(b"not a numpy file")
    with caplog.at_level(logging.WARNING, logger="recbot.index"):
        assert KnownVectors.load(path) is None
    assert "embedded instead" in caplog.text
    assert KnownVectors.load(tmp_path / "missing.npz") is None


def test_int8_storage_keeps_each_vector_within_a_hair(tmp_path):
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(50, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    hashes = [f"{n:032x}" for n in range(50)]
    KnownVectors.save(tmp_path / "v.npz", hashes, vectors)
    found = KnownVectors.load(tmp_path / "v.npz").find(hashes, 384)
    cosines = [float(found[n] @ vectors[n]) for n in range(50)]
    assert min(cosines) > 0.999
    assert KnownVectors.load(tmp_path / "v.npz").find(hashes, 128) == {}  # another size


def test_export_and_ingest_with_vectors_from_the_command_line(tmp_path, capsys):
    catalog = write_jsonl(tmp_path / "small.jsonl", SMALL_CATALOG)
    first = Context(Settings(data_dir=tmp_path / "a"), embedder=HashEmbedder())
    assert main(["ingest", str(catalog), "--quiet"], context=first) == 0
    out = tmp_path / "small.vectors.npz"
    assert main(["export-vectors", "--catalog", "small", "--out", str(out)],
                context=first) == 0
    embedder = HashEmbedder()
    second = Context(Settings(data_dir=tmp_path / "b"), embedder=embedder)
    assert main(["ingest", str(catalog), "--quiet", "--vectors", str(out)],
                context=second) == 0
    assert "5 of them from known vectors" in capsys.readouterr().out and not embedder.encoded
    assert main(["ingest", str(catalog), "--vectors", str(tmp_path / "nope.npz")],
                context=second) == 2  # a catalog error
    assert "no file at" in capsys.readouterr().err


def test_the_shipped_vectors_cover_every_demo_item_for_the_default_model():
    """Editing a demo catalog (or changing the default model) without `make demo-vectors`
    would send a newcomer back to minutes of embedding: this catches it."""
    for name, file in DEMO_CATALOGS.items():
        known = KnownVectors.load(DEMO_DIR / f"{name}{VECTORS}")
        assert known is not None, f"{name}: no shipped vectors"
        hashes = [_hash(DEFAULT_EMBEDDING_MODEL + "\n" + item_document(item))
                  for item in load_catalog(DEMO_DIR / file).items]
        missing = len(hashes) - len(known.find(hashes, known.vectors.shape[1]))
        assert missing == 0, f"{name}: {missing} items without a shipped vector"
