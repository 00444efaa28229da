"""One catalog as a turn sees it: its fields and vocabulary, the message reader, the name
index of every title, and the ranker.

Reading every title of a catalog takes a moment, so `CatalogReading` is built once
per version of the catalog's index and kept until a re-ingest switches readers to
a new version; the ranker is taken from the context each turn, which reloads the
collaborative model when `recbot train` rewrote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from bot.audience import AudienceRules
from bot.kind_centroids import KindCentroids
from bot.kinds import KindIndex
from bot.names import PeopleIndex, everyday_words, people_fields
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
        titles = TitleIndex.of(items)
        schema = CatalogSchema.of(manifest.fields, manifest.vocabulary, items)
        everyday = everyday_words(items)
        people = PeopleIndex.of(items, people_fields(schema.names), everyday)
        audiences = AudienceRules.load(audience_rules, manifest.vocabulary) if audience_rules \
            else AudienceRules.of(manifest.vocabulary)
        kinds = KindIndex.of(items, schema.kinds, manifest.fields, manifest.vocabulary,
                             lambda fields: KindCentroids.of(
                                 items, fields, index.embeddings(ids), index.embed_query))
        reader = Reader(manifest.vocabulary, titles, schema, people, audiences, kinds, everyday)
        return cls(reader, titles, manifest.fields, manifest.vocabulary, schema, version)


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
