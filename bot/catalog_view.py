"""One catalog as a turn sees it: its fields and vocabulary, the message reader, the name
index of every title, and the ranker.

Reading every title of a catalog takes a moment, so `CatalogReading` is built once
per version of the catalog's index and kept until a re-ingest switches readers to
a new version; the ranker is taken from the context each turn, which reloads the
collaborative model when `recbot train` rewrote it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from bot.audience import AudienceRules
from bot.catalog import Item
from bot.kind_centroids import KindCentroids
from bot.kinds import KindIndex
from bot.names import PeopleIndex, everyday_words, people_fields
from bot.phrases import SYNONYMS
from bot.schema import CatalogSchema
from bot.titles import TitleIndex, normalise
from bot.understanding import Reader

if TYPE_CHECKING:
    from bot.ranker import HybridRanker
    from indexes.items import ItemIndex


@dataclass(frozen=True)
class CatalogReading:
    """What is read once per catalog: the reader, the name index, the schema."""

    reader: Reader
    titles: TitleIndex  # every title (and product name with its brand)
    fields: dict[str, str]  # field -> type, from the index manifest
    vocabulary: dict[str, list[str]]  # text field -> its values
    schema: CatalogSchema  # what the fields mean: years, prices, names...
    version: str = ""  # of the index; read before the rest, so a newer one means re-read

    @cached_property
    def value_keys(self) -> frozenset[str]:
        """The catalog's own values (genres, brands, people) as `normalise` writes them:
        names a reply may use that are no titles. Made once, on the first LLM turn."""
        return frozenset(normalise(v) for values in self.vocabulary.values() for v in values)

    @classmethod
    def of(cls, index: ItemIndex, audience_rules: Path | None = None) -> CatalogReading:
        """The reading of an index's catalog; `audience_rules`: a team's own YAML file of
        audience rules (RECBOT_AUDIENCE_RULES), else the default ones."""
        version = index.version()
        manifest = index.manifest()
        ids = index.ids()
        items = index.get(ids)
        audiences = AudienceRules.load(audience_rules, manifest.vocabulary) if audience_rules \
            else AudienceRules.of(manifest.vocabulary)
        reader = reader_of(items, manifest.fields, manifest.vocabulary, audiences,
                           lambda fields: KindCentroids.of(
                               items, fields, index.embeddings(ids), index.embed_query))
        assert reader.titles is not None
        return cls(reader, reader.titles, manifest.fields, manifest.vocabulary, reader.schema,
                   version)


def reader_of(items: Sequence[Item], fields: Mapping[str, str],
              vocabulary: Mapping[str, Sequence[str]], audiences: AudienceRules,
              centroids: Callable[[Sequence[str]], KindCentroids | None] | None = None
              ) -> Reader:
    """The reader of a catalog's `items`: their titles, schema, people, product types (read
    by meaning too, when `centroids` builds the kinds' centroids) and `audiences`."""
    schema = CatalogSchema.of(fields, vocabulary, items)
    everyday = everyday_words(items)
    # (nor is a word for a kind a person's name: "horror or gore" is no Al Gore)
    kind_words = frozenset(w for words in SYNONYMS.values() for phrase in words
                           for w in phrase.split())
    return Reader(vocabulary, TitleIndex.of(items), schema,
                  PeopleIndex.of(items, people_fields(schema.names), everyday | kind_words),
                  audiences,
                  KindIndex.of(items, schema.kinds, fields, vocabulary, centroids), everyday)


@dataclass(frozen=True)
class CatalogView:
    """One turn's view of a catalog."""

    name: str
    reading: CatalogReading
    ranker: HybridRanker

    @property
    def reader(self) -> Reader:
        return self.reading.reader

    @property
    def titles(self) -> TitleIndex:
        return self.reading.titles

    @property
    def fields(self) -> dict[str, str]:
        return self.reading.fields

    @property
    def vocabulary(self) -> dict[str, list[str]]:
        return self.reading.vocabulary

    @property
    def index(self) -> ItemIndex:
        return self.ranker.index

    @property
    def priced(self) -> bool:
        return "price" in self.fields
