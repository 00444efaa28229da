"""The onnx-int8 embedding backend: its own identity, a cached export, and a fallback
to torch whenever ONNX cannot run."""

from __future__ import annotations

import json
import logging
import sys
import threading

import numpy as np
import pytest

import indexes.embeddings as embeddings
import indexes.onnx_int8 as onnx_int8
from bot.catalog import Item
from bot.errors import CatalogError, EmbeddingModelError
from indexes.embeddings import LazyEmbedder, embedder_name, load_embedder
from indexes.items import ItemIndex
from indexes.onnx_int8 import INFO_FILE, OnnxEmbedder, OnnxUnavailable, cached_export
from tests.conftest import HashEmbedder

MODEL = "all-MiniLM-L6-v2"
INT8 = embedder_name(MODEL, "onnx-int8")
TEXTS = ["a funny space movie for kids", "low sugar cookies", "a detective story"]


@pytest.fixture
def torch_is_fake(monkeypatch):
    """The torch fallback without loading the real model: a hashed embedder by that name."""
    monkeypatch.setattr(embeddings, "_load_torch", lambda name, device: HashEmbedder(name))


@pytest.fixture
def export_fails(monkeypatch):
    def fail(model_path, folder, config):
        raise OnnxUnavailable("exporting to ONNX failed: no exporter here")

    monkeypatch.setattr(onnx_int8, "_export", fail)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """One real export of the packaged model per test run (a few seconds)."""
    cache = tmp_path_factory.mktemp("encoders")
    embedder = load_embedder(MODEL, backend="onnx-int8", cache_dir=cache)
    return cache, embedder


def test_the_backend_is_part_of_the_embedders_identity():
    assert embedder_name(MODEL, "torch") == MODEL  # an existing fp32 index stays valid
    assert INT8 != MODEL and "onnx-int8" in INT8
    assert LazyEmbedder(MODEL, backend="torch").name == MODEL
    with pytest.raises(EmbeddingModelError, match="unknown embedding backend 'fp16'"):
        load_embedder(MODEL, backend="fp16")


def test_quantisation_follows_the_cpu():
    assert onnx_int8.quantization_config({"avx2", "avx512f", "avx512_vnni"}) == "avx512_vnni"
    assert onnx_int8.quantization_config({"avx2", "avx_vnni"}) == "avx512_vnni"
    assert onnx_int8.quantization_config({"avx2", "avx512f"}) == "avx2"  # 7-bit weights
    assert onnx_int8.quantization_config({"fp", "asimd"}) == "arm64"
    assert onnx_int8.quantization_config(set()) == "avx2"  # unknown: the safe choice


def test_an_index_built_on_one_backend_is_re_embedded_on_the_other(tmp_path, caplog):
    from indexes.store import open_chroma

    client = open_chroma(path=tmp_path / "chroma")
    items = [Item(id=str(i), title=text) for i, text in enumerate(TEXTS)]
    ItemIndex(client, HashEmbedder(MODEL), "movies").sync(items, progress=False)

    int8 = HashEmbedder(INT8)
    index = ItemIndex(client, int8, "movies")
    with pytest.raises(CatalogError, match="RECBOT_EMBEDDING_BACKEND"):
        index.search("space")  # fp32 vectors are not searched with int8 queries
    with caplog.at_level(logging.WARNING, logger="recbot.index"):
        report = index.sync(items, progress=False)
    assert report.reembedded == len(items) and len(int8.encoded) == len(items)
    assert "re-embedding all its items" in caplog.text and INT8 in caplog.text
    assert index.search("space")[0].item.title == TEXTS[0]


def test_onnx_runtime_missing_falls_back_to_torch(tmp_path, monkeypatch, torch_is_fake, caplog):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # `import onnxruntime` fails
    with caplog.at_level(logging.WARNING, logger="recbot.embeddings"):
        embedder = load_embedder(MODEL, backend="onnx-int8", cache_dir=tmp_path)
    assert embedder.name == MODEL  # its vectors are torch's, and it says so
    assert "onnx-int8 embedding backend is unavailable" in caplog.text
    assert list(tmp_path.iterdir()) == []  # nothing half-exported is left


def test_a_failed_export_falls_back_and_the_lazy_name_says_torch(tmp_path, export_fails):
    calls = []

    def loader(name, **options):
        calls.append(options["backend"])
        return HashEmbedder(name)

    lazy = LazyEmbedder(MODEL, loader, backend="onnx-int8", cache_dir=tmp_path)
    assert lazy.name == MODEL and calls == []  # known before loading
    lazy.encode(TEXTS)
    assert calls == ["torch"] and lazy.name == MODEL


def test_a_broken_cached_model_falls_back(tmp_path, monkeypatch, torch_is_fake, caplog):
    def broken(model_path, folder, config):
        (folder / onnx_int8.MODEL_FILE).write_bytes(b"not a model")
        (folder / "tokenizer.json").write_text("{}")
        (folder / INFO_FILE).write_text(json.dumps(
            {"names": ["input_ids"], "max_tokens": 8, "dimension": 4}))

    monkeypatch.setattr(onnx_int8, "_export", broken)
    with caplog.at_level(logging.WARNING, logger="recbot.embeddings"):
        assert load_embedder(MODEL, backend="onnx-int8", cache_dir=tmp_path).name == MODEL
    assert "delete that folder" in caplog.text


def test_two_processes_exporting_at_once_leave_one_whole_copy(tmp_path, monkeypatch):
    both_writing = threading.Barrier(2)

    def slow_export(model_path, folder, config):
        (folder / onnx_int8.MODEL_FILE).write_text(threading.current_thread().name)
        both_writing.wait(timeout=10)  # both have a half-built copy before either moves it
        (folder / INFO_FILE).write_text("{}")

    monkeypatch.setattr(onnx_int8, "_export", slow_export)
    found: list = []
    threads = [threading.Thread(target=lambda: found.append(cached_export("m", tmp_path)),
                                name=f"exporter-{i}") for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 2 and found[0] == found[1]
    assert [p.name for p in tmp_path.iterdir()] == [found[0].name]  # no temp folder left
    assert (found[0] / INFO_FILE).is_file()


@pytest.mark.slow
def test_the_export_is_made_once_and_reused(exported, monkeypatch, export_fails):
    cache, first = exported
    assert isinstance(first, OnnxEmbedder) and first.name == INT8
    folders = list(cache.iterdir())
    again = load_embedder(MODEL, backend="onnx-int8", cache_dir=cache)  # export would fail
    assert isinstance(again, OnnxEmbedder) and list(cache.iterdir()) == folders
    assert LazyEmbedder(MODEL, backend="onnx-int8", cache_dir=cache).name == INT8


@pytest.mark.slow
def test_int8_vectors_are_close_to_torch_but_not_the_same(exported):
    int8 = exported[1].encode(TEXTS)
    fp32 = load_embedder(MODEL).encode(TEXTS)
    assert int8.shape == fp32.shape == (3, 384) and int8.dtype == np.float32
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(int8 * fp32, axis=1)
    assert np.all(cosines > 0.95) and not np.allclose(int8, fp32)
    assert int8[0] @ int8[1] < int8[0] @ int8[0]  # still tells texts apart
