"""Filtered search benchmark: Chroma's `where` against the in-memory table (indexes/filtered.py).

    python benchmarks/bench_filtered.py [--sizes 10000,100000] [--data-dir DIR]

Items are the demo catalogs' real embeddings (all-MiniLM-L6-v2, read from the demo
indexes in DIR, else RECBOT_DATA_DIR; `recbot demo` builds them), repeated with
small Gaussian noise (sigma 0.01 a dimension, then normalised) up to each size:
re-encoding 100k texts would take ~25 minutes here and measure nothing new. Each
item gets synthetic attributes, drawn so that filters match about 1%, 10% and 50%
of the items: price (uniform 1-1,000), year (uniform 1925-2024), genres (a list:
Documentary 1%, Horror 10%, Comedy 50%, ...), category (20 values) and in_stock
(90%). The queries are the 30 of bench_index.py, embedded with the real model.

For each size the index is ingested through `ItemIndex.sync` (with an embedder
that hands back the prepared vectors), then a fresh process that only opens it, as
a server would, times for each filter (as `build_where` writes it): counting the
matched items with Chroma's get(where, include=[]) and with the table's mask;
`search_vector` (k=10, the hits' metadata read from Chroma each time: no item
cache) through Chroma's `where` (the old path) and from the table (the new);
and recall@10 of both against an exact filtered search (the items Chroma's
get(where) returns, scored in float64). It
reads that process's resident memory before and after loading the table, and
the cost of a full scan in float32 and float16. Results are printed as a table
and written to benchmarks/results/filtered.{json,md}.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.bench_index import QUERIES, percentile  # noqa: E402

RESULTS = REPO / "benchmarks" / "results"
K = 10
OLD_RUNS = 1  # times each query is asked of Chroma per filter (it is slow at 100k)
NEW_RUNS = 3
GENRES = {"Comedy": 0.5, "Drama": 0.3, "Action": 0.2, "Horror": 0.1, "Documentary": 0.01}
CATEGORIES = [f"Category {n:02d}" for n in range(20)]
FILTERS = [  # (about what share of the items it matches, its conditions for build_where)
    ("1%", ["price<=10"]), ("1%", ["year=2000"]), ("1%", ["genres=Documentary"]),
    ("1%", ["genres=Comedy", "price<=20"]),
    ("10%", ["price<=100"]), ("10%", ["year>=2015"]), ("10%", ["genres=Horror"]),
    ("10%", ["in_stock=true", "category=Category 00|Category 01"]),
    ("50%", ["price<=500"]), ("50%", ["year>=1975"]), ("50%", ["genres=Comedy"]),
    ("50%", ["in_stock=true", "genres!=Horror", "year>=1970"]),
]


class StoredVectors:
    """An embedder that hands back vectors prepared for each document."""

    name = "bench-stored-vectors"

    def __init__(self, vectors: dict[str, np.ndarray], dimension: int):
        self.vectors, self.dimension = vectors, dimension

    def encode(self, texts, *, batch_size: int = 32, show_progress: bool = False):
        return np.stack([self.vectors[text] for text in texts])


def sources(data_dir: Path) -> tuple[np.ndarray, list[str], np.ndarray]:
    """(the demo items' embeddings, their titles, the queries' embeddings)."""
    from bot.settings import apply_offline_environment

    apply_offline_environment()
    from indexes.embeddings import load_embedder
    from indexes.items import ItemIndex
    from indexes.store import open_chroma

    model = load_embedder("all-MiniLM-L6-v2")
    client = open_chroma(path=data_dir / "chroma")
    vectors, titles = [], []
    for catalog in ("movies", "groceries"):
        index = ItemIndex(client, model, catalog, filter_table="off")
        ids = index.ids()
        vectors.append(index.embeddings(ids)[1])
        titles += [item.title for item in index.get(ids)]
    return np.concatenate(vectors), titles, model.encode(QUERIES)


def build(folder: Path, size: int, vectors: np.ndarray, titles: list[str]) -> float:
    """Ingest `size` items into a fresh index in `folder`; returns the seconds it took."""
    from bot.catalog import Item
    from indexes.items import ItemIndex, item_document
    from indexes.store import open_chroma

    rng = np.random.default_rng(size)
    rows = np.arange(size) % len(vectors)
    noisy = vectors[rows] + rng.normal(0, 0.01, (size, vectors.shape[1])).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    items, prepared = [], {}
    for n, row in enumerate(rows):
        genres = [g for g, share in GENRES.items() if rng.random() < share]
        item = Item(f"i{n}", f"{titles[row]} #{n}", "", {
            "price": round(float(rng.uniform(1, 1000)), 2),
            "year": int(rng.integers(1925, 2025)), "genres": genres,
            "category": CATEGORIES[int(rng.integers(len(CATEGORIES)))],
            "in_stock": bool(rng.random() < 0.9)})
        items.append(item)
        prepared[item_document(item)] = noisy[n]
    index = ItemIndex(open_chroma(path=folder / "chroma"),
                      StoredVectors(prepared, vectors.shape[1]), "bench", filter_table="off")
    started = time.perf_counter()
    index.sync(items, progress=False)
    return time.perf_counter() - started


def timed(runs: int, call, *args) -> tuple[list[float], object]:
    """(milliseconds of each of `runs` calls, what the last returned)."""
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call(*args)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, result


def scan_float16(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Scores from float16 vectors: numpy has no float16 BLAS, so converted in chunks."""
    return np.concatenate([vectors[s:s + 8192].astype(np.float32) @ query
                           for s in range(0, len(vectors), 8192)])


def search_worker(folder: str) -> dict:
    import psutil
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)  # as `recbot serve` runs (ui/server.py): one BLAS thread

    from bot.filters import build_where
    from indexes.item_cache import ItemCache
    from indexes.items import ItemIndex
    from indexes.store import open_chroma

    queries = np.load(Path(folder) / "queries.npy")
    client = open_chroma(path=Path(folder) / "chroma")
    embedder = StoredVectors({}, queries.shape[1])
    old = ItemIndex(client, embedder, "bench", filter_table="off")
    new = ItemIndex(client, embedder, "bench", filter_table="inline")
    collection = old._current().collection
    manifest = old.manifest()
    old.search_vector(queries[0], K)  # Chroma opens its index
    rss_before = psutil.Process().memory_info().rss / 2**20
    started = time.perf_counter()
    table = new._current().table.table()  # type: ignore[union-attr]
    result: dict = {"items": len(table.ids), "table_load_s": time.perf_counter() - started,
                    "rss_chroma_mb": rss_before,
                    "rss_table_mb": psutil.Process().memory_info().rss / 2**20,
                    "table_mb": (table.vectors.nbytes + table.norms.nbytes + sum(
                        c.numbers.nbytes + c.codes.nbytes + sum(
                            m.nbytes for m in c.members.values())
                        for c in table.columns.values())) / 2**20}

    # The exact answer, read from Chroma apart from the table: every item against
    # every query, in float64.
    everything = collection.get(include=["embeddings"])
    row_of = {item_id: row for row, item_id in enumerate(everything["ids"])}
    exact = np.asarray(everything["embeddings"], dtype=np.float64)
    exact /= np.linalg.norm(exact, axis=1, keepdims=True)
    units = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    exact_scores = exact @ units.T.astype(np.float64)  # items x queries
    del everything, exact
    query = queries[0]
    result["scan_f32_ms"] = statistics.median(timed(20, np.matmul, table.vectors, query)[0])
    result["scan_f16_ms"] = statistics.median(timed(
        5, scan_float16, table.vectors.astype(np.float16), query)[0])

    result["filters"] = []
    for share, conditions in FILTERS:
        where = build_where(manifest.fields, manifest.vocabulary, conditions)
        assert where is not None
        chroma_count, found = timed(5, partial(collection.get, where=where, include=[]))
        table_count, mask = timed(5, table.mask, where)
        matched = found["ids"]  # type: ignore[index]
        assert int(mask.sum()) == len(matched)  # type: ignore[union-attr]
        rows = np.asarray([row_of[i] for i in matched], dtype=np.int64)
        row = {"share": share, "filter": " & ".join(conditions),
               "matched_pct": 100 * len(rows) / len(row_of),
               "count_chroma_ms": statistics.median(chroma_count),
               "count_table_ms": statistics.median(table_count)}
        for name, index, runs in (("old", old, OLD_RUNS), ("new", new, NEW_RUNS)):
            timings, recalls = [], []
            for column, vector in itertools.chain.from_iterable([enumerate(queries)] * runs):
                index._current().reads = ItemCache()  # no metadata read before is kept
                took, hits = timed(1, index.search_vector, vector, K, where)
                timings += took
                scores = exact_scores[rows, column]
                exact = {matched[i] for i in np.argsort(-scores)[:K]}
                found = {hit.item.id for hit in hits}  # type: ignore[attr-defined]
                assert found <= set(matched)  # nothing that breaks the filter
                recalls.append(len(found & exact) / len(exact) if exact else 1.0)
            row[f"{name}_p50_ms"] = statistics.median(timings)
            row[f"{name}_p95_ms"] = percentile(timings, 0.95)
            row[f"{name}_recall"] = statistics.mean(recalls)
        result["filters"].append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--data-dir", type=Path, help="where `recbot demo` put its indexes "
                        "(default: RECBOT_DATA_DIR, else the usual data folder)")
    parser.add_argument("--search-worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.search_worker:
        print(json.dumps(search_worker(args.search_worker)))
        return

    from bot.settings import Settings

    data_dir = args.data_dir or Settings.from_env().data_dir
    vectors, titles, queries = sources(data_dir)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"benchmarking {size:,} items...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            build_s = build(Path(tmp), size, vectors, titles)
            np.save(Path(tmp) / "queries.npy", queries)
            done = subprocess.run([sys.executable, __file__, "--search-worker", tmp],
                                  stdout=subprocess.PIPE, text=True, check=False)
            if done.returncode != 0:
                sys.exit(f"the {size:,}-item search run failed")
            results.append({**json.loads(done.stdout.strip().splitlines()[-1]),
                            "build_s": build_s})
    report(results)


def report(results: list[dict]) -> None:
    columns = [("items", "{:,}"), ("filter", "{}"), ("matched_pct", "{:.1f}"),
               ("count_chroma_ms", "{:.1f}"), ("count_table_ms", "{:.2f}"),
               ("old_p50_ms", "{:.1f}"), ("old_p95_ms", "{:.1f}"), ("old_recall", "{:.3f}"),
               ("new_p50_ms", "{:.1f}"), ("new_p95_ms", "{:.1f}"), ("new_recall", "{:.3f}")]
    headers = ["items", "filter", "matched %", "count: Chroma get ms", "count: table ms",
               "Chroma where p50 ms", "Chroma where p95 ms", "Chroma recall@10",
               "table p50 ms", "table p95 ms", "table recall@10"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for result in results:
        for row in result["filters"]:
            row = {**row, "items": result["items"], "filter": f"`{row['filter']}`"}
            lines.append("| " + " | ".join(fmt.format(row[key]) for key, fmt in columns) + " |")
    lines += ["", "| items | ingest s | table load s | table arrays MB | RSS, Chroma open MB "
              "| RSS, with table MB | full scan float32 ms | full scan float16 ms |",
              "|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['items']:,} | {r['build_s']:.1f} | {r['table_load_s']:.2f} | "
                     f"{r['table_mb']:.0f} | "
                     f"{r['rss_chroma_mb']:.0f} | {r['rss_table_mb']:.0f} | "
                     f"{r['scan_f32_ms']:.1f} | {r['scan_f16_ms']:.1f} |")
    print("\n".join(lines))
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {"cpu_count": os.cpu_count(), "python": sys.version.split()[0],
            "load_average": os.getloadavg(), "when": time.strftime("%Y-%m-%d %H:%M")}
    (RESULTS / "filtered.json").write_text(json.dumps({"meta": meta, "rows": results},
                                                      indent=2))
    (RESULTS / "filtered.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {RESULTS / 'filtered.json'} and {RESULTS / 'filtered.md'}")


if __name__ == "__main__":
    main()
