"""An ingest in its own process, for tests that kill it or read beside it.

    python -m tests.ingest_worker CHROMA CATALOG_FILE NAME [--write-batch N]
        [--stop-after-batch N] [--retire-after SECONDS]

Ingests CATALOG_FILE as NAME into CHROMA (a folder: embedded Chroma; an http:// URL:
a Chroma server) with the test embedder, printing "batch WRITTEN TOTAL" after each
batch written into the new version and "done" at the end. With --stop-after-batch
it prints "stopped" after that batch and waits there to be killed: a known point in
the middle of the writes.
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from bot.catalog import load_catalog
from indexes.items import ItemIndex
from indexes.store import open_chroma
from tests.conftest import HashEmbedder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("chroma")
    parser.add_argument("catalog", type=Path)
    parser.add_argument("name")
    parser.add_argument("--write-batch", type=int)
    parser.add_argument("--stop-after-batch", type=int)
    parser.add_argument("--retire-after", type=float)
    args = parser.parse_args()
    batches = 0

    def written(count: int, total: int) -> None:
        nonlocal batches
        batches += 1
        print(f"batch {count} {total}", flush=True)
        if batches == args.stop_after_batch:
            print("stopped", flush=True)
            threading.Event().wait()  # until the test kills this process

    client = (open_chroma(url=args.chroma) if args.chroma.startswith("http")
              else open_chroma(path=Path(args.chroma)))
    index = ItemIndex(client, HashEmbedder(), args.name,
                      write_batch=args.write_batch, retire_after=args.retire_after,
                      on_write_batch=written)
    index.sync(load_catalog(args.catalog).items, source=str(args.catalog), progress=False)
    print("done", flush=True)


if __name__ == "__main__":
    main()
