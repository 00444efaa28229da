"""Embedding model loading: the packaged default resolves offline, bad names fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import EmbeddingModelError
from indexes.embeddings import LazyEmbedder, load_embedder, resolve_model_path
from tests.conftest import HashEmbedder


def test_the_default_model_comes_from_the_installed_package():
    path = Path(resolve_model_path("all-MiniLM-L6-v2"))
    assert (path / "model.safetensors").is_file()
    assert resolve_model_path("sentence-transformers/all-MiniLM-L6-v2") == str(path)


def test_an_unknown_model_is_a_clear_error_not_a_download(tmp_path):
    with pytest.raises(EmbeddingModelError, match="no model is downloaded"):
        load_embedder("some-org/model-that-is-not-here")
    with pytest.raises(EmbeddingModelError, match="cannot load embedding model"):
        load_embedder(str(tmp_path))  # a folder with no model in it


def test_lazy_embedder_loads_on_first_use_only():
    loads = []

    def loader(name, **options):
        loads.append(name)
        return HashEmbedder(name=name)

    lazy = LazyEmbedder("m", loader)
    assert lazy.name == "m" and loads == []
    assert lazy.encode(["a b"]).shape == (1, 64) and lazy.dimension == 64
    assert loads == ["m"]
