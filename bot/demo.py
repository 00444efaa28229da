"""The demo catalogs shipped with recbot, and building their indexes on first use.

They are the repository's data/ folder, installed as the package `bot.demo_data`:

    movies.jsonl        MovieLens titles with TMDB overviews (its ratings: movies-ratings.csv)
    groceries.jsonl     BigBasket products
    *.vectors.npz       their item vectors by the default embedding model (int8, 6 MB)

`recbot demo` and `recbot serve --demo` call `ensure_demo_indexes`: each catalog is
indexed when its index is missing or older than the file, and the movies'
collaborative model is trained from the ratings when it is missing or stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import CatalogError, RecbotError

if TYPE_CHECKING:
    from bot.context import Context

# pip unpacks recbot (a wheel or an editable install), so this is a real folder; the
# loaders read its files by path and their times tell when an index is stale.
DEMO_DIR = Path(str(resources.files("bot.demo_data")))
DEMO_CATALOGS = {"movies": "movies.jsonl", "groceries": "groceries.jsonl"}
DEMO_INTERACTIONS = {"movies": "movies-ratings.csv"}  # the crowd behind "people also liked"
# Each catalog's vectors by the default model (`recbot export-vectors`): a first run writes
# them instead of embedding (indexes/known_vectors.py); `make demo-vectors` remakes them.
VECTORS = ".vectors.npz"


def ensure_demo_indexes(context: Context, folder: Path = DEMO_DIR,
                        names: Sequence[str] = tuple(DEMO_CATALOGS)) -> None:
    """Build (or refresh) the demo catalogs' indexes when they are missing or stale."""
    from bot.catalog import load_catalog
    from indexes.known_vectors import KnownVectors

    for name in names:
        path = folder / DEMO_CATALOGS[name]
        if not path.is_file():
            raise CatalogError(f"demo catalog {path} not found; reinstall recbot (it ships the "
                               "demo catalogs) or give `recbot demo --data` a folder with it")
        index = context.index(name)
        if not (index.exists() and _is_current(index, path)):
            print(f"Building the {name} index from {path} (first run only)...", flush=True)
            report = index.sync(load_catalog(path).items, source=str(path),
                                known=KnownVectors.load(folder / f"{name}{VECTORS}"))
            print(f"  {name}: {report.embedded} items indexed in {report.total_seconds:.0f}s "
                  f"({report.embedded - report.known} embedded, {report.known} from "
                  "the shipped vectors)", flush=True)
        log_path = folder / DEMO_INTERACTIONS.get(name, "-")
        if log_path.is_file():
            _ensure_demo_model(context, name, log_path)


def _ensure_demo_model(context: Context, name: str, log_path: Path) -> None:
    """Train the demo catalog's collaborative model once (seconds), and again if the log
    changes or the model was saved by another recbot version."""
    from bot.collab import FORMAT_VERSION, CollabModel, TrainConfig, saved_format
    from bot.interactions import load_interactions

    model_path = context.settings.model_path(name)
    if model_path.is_file() and model_path.stat().st_mtime >= log_path.stat().st_mtime \
            and saved_format(model_path) == FORMAT_VERSION:  # else written by another version
        return
    ids = context.index(name).ids()
    log = load_interactions(log_path, known_items=set(ids), on_error="skip")
    model = CollabModel.train(log, ids, TrainConfig(), progress=False)
    model.save(model_path)
    print(f"  {name}: collaborative model trained on {model.info['interactions']} "
          f"interactions from {log_path.name}", flush=True)


def _is_current(index: Any, path: Path) -> bool:
    try:
        manifest = index.manifest()
    except RecbotError:
        return False
    return (manifest.updated_at >= path.stat().st_mtime and manifest.item_count > 0
            and manifest.model == index.embedder.name)
