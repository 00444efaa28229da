"""The collaborators an entry point needs, built once from settings and shared.

Model loading and opening Chroma are slow, so both happen on first use and are
kept; tests hand in their own client and embedder instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.settings import Settings
from indexes.embeddings import Embedder, LazyEmbedder
from indexes.items import ItemIndex, list_catalogs
from indexes.store import open_chroma

if TYPE_CHECKING:  # the models pull in scipy and implicit; load them only when used
    from bot.collab import CollabModel
    from bot.ranker import HybridRanker


class Context:
    """Settings plus the Chroma client and the embedder, opened lazily."""

    def __init__(self, settings: Settings, *, client: Any = None,
                 embedder: Embedder | None = None):
        self.settings = settings
        self._client = client
        self._embedder = embedder
        self._indexes: dict[str, ItemIndex] = {}  # kept: each caches its open collection
        self._models: dict[str, tuple[float, CollabModel]] = {}  # catalog -> (mtime, model)

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = open_chroma(path=self.settings.chroma_path,
                                       url=self.settings.chroma_url)
        return self._client

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = LazyEmbedder(self.settings.embedding_model,
                                          backend=self.settings.embedding_backend,
                                          cache_dir=self.settings.encoder_cache)
        return self._embedder

    def index(self, catalog: str | None = None) -> ItemIndex:
        name = catalog or self.settings.catalog
        if name not in self._indexes:
            self._indexes[name] = ItemIndex(self.client, self.embedder, name,
                                            batch_size=self.settings.embedding_batch_size)
        return self._indexes[name]

    def collab(self, catalog: str | None = None) -> CollabModel | None:
        """The catalog's trained collaborative model, or None before `recbot train`.
        Reloaded when the file changes (a re-train by another process)."""
        name = catalog or self.settings.catalog
        path = self.settings.model_path(name)
        if not path.is_file():
            return None
        mtime = path.stat().st_mtime
        cached = self._models.get(name)
        if cached is None or cached[0] != mtime:
            from bot.collab import CollabModel

            self._models[name] = (mtime, CollabModel.load(path))
        return self._models[name][1]

    def ranker(self, catalog: str | None = None) -> HybridRanker:
        from bot.ranker import BlendWeights, HybridRanker

        weights = BlendWeights.from_mapping(self.settings.blend())
        return HybridRanker(self.index(catalog), self.collab(catalog), weights)

    def catalogs(self) -> list[str]:
        return list_catalogs(self.client)
