"""A small indexed world for the web tests: demo slices plus an item with a hostile title and
an awkward one (a "/" in its id, a 200-character title with no space to break at)."""

from __future__ import annotations

from pathlib import Path

from bot.bot import Bot
from bot.catalog import load_catalog
from bot.context import Context
from bot.settings import Settings
from indexes.items import ItemIndex
from tests.conftest import DEMO_GROCERIES, DEMO_MOVIES, HashEmbedder, demo_slice, write_jsonl

XSS_TITLE = "<img src=x onerror=window.__xss=1>"
XSS_ITEM = {
    "id": "xss-1", "title": XSS_TITLE,
    "description": "<script>window.__xss=2</script> ${window.__xss=3} {{constructor}} "
                   "A hostile catalog row about a haunted lighthouse keeper.",
    "genres": ["Mystery"], "year": 2001,
}
XSS_QUERY = "a haunted lighthouse keeper mystery"
LONG_TITLE = "Clockwork" + "Orchard" * 27 + "Be"  # 200 characters, no space
ODD_ITEM = {
    "id": "odd/1", "title": LONG_TITLE,
    "description": "An awkward catalog row about a clockwork orchard beekeeper and her bees.",
    "genres": ["Documentary"], "year": 1999,
}
ODD_QUERY = "a clockwork orchard beekeeper documentary"


def build_world(folder: Path, movies: int = 120, groceries: int = 60) -> tuple[object, object]:
    """Chroma in `folder` with demo movies (plus the hostile and the odd item) and groceries."""
    from indexes.store import open_chroma

    chroma, embedder = open_chroma(path=folder / "chroma"), HashEmbedder()
    rows = {"movies": [*demo_slice(DEMO_MOVIES, movies), XSS_ITEM, ODD_ITEM],
            "groceries": demo_slice(DEMO_GROCERIES, groceries)}
    for name, items in rows.items():
        path = write_jsonl(folder / f"{name}.jsonl", items)
        ItemIndex(chroma, embedder, name).sync(load_catalog(path).items, progress=False)
    return chroma, embedder


def make_bot(world: tuple[object, object], data_dir: Path, **settings: object) -> Bot:
    chroma, embedder = world
    context = Context(Settings(data_dir=data_dir, catalog="movies", **settings),  # type: ignore[arg-type]
                      client=chroma, embedder=embedder)  # type: ignore[arg-type]
    return Bot(context)
