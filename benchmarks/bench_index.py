"""Item index benchmark: ingest throughput, re-ingest, search latency and memory.

    python benchmarks/bench_index.py [--sizes 10000,100000] [--raw-sizes 10000]

For each size, a fresh process (so memory figures are its own):
  1. embeds the catalog's texts with plain `SentenceTransformer.encode` (raw throughput),
  2. ingests the same catalog file through `load_catalog` + `ItemIndex.sync` (first ingest),
  3. ingests it again unchanged (re-ingest),
  4. ingests it with 20 items changed: 10 new descriptions (re-embedded) and 10 new
     popularity figures (metadata only); this writes a new version of the index,
     copying the other items with their stored embeddings, switches readers to it
     and, 5 s later, deletes the old version (indexes/versions.py),
  5. in a fresh process that only opens the index (as a server would), runs
     search queries (query embedding included), unfiltered and with a price
     filter, and reads that process's resident memory.
Items are the demo catalogs (movies, then groceries), then BigBasket products
without descriptions from ../shared/data, and, past those, the same items again
under new ids with an edition number in the title. Results are printed as a
table and written to benchmarks/results/index.{json,md}.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RESULTS = REPO / "benchmarks" / "results"
SHARED = REPO.parent / "shared" / "data"
QUERIES = [
    "a toy cowboy and a space ranger", "funny space adventure for kids", "a scary ghost story",
    "romantic comedy in new york", "heist movie with a clever twist", "war drama in the trenches",
    "animated fairy tale with songs", "detective solving a murder", "superhero saves the city",
    "documentary about the ocean", "loose leaf green tea", "shampoo for dandruff",
    "organic basmati rice", "dark chocolate cookies", "dishwashing liquid lemon",
    "baby diapers for newborns", "instant noodles masala", "olive oil extra virgin",
    "face wash for oily skin", "dog food for puppies", "cold pressed coconut oil",
    "a road trip with old friends", "time travel paradox", "high school coming of age",
    "martial arts revenge", "robots take over the world", "a musician's rise to fame",
    "sugar free biscuits", "mosquito repellent spray", "stainless steel water bottle",
]


def build_items(size: int) -> list[dict]:
    rows: list[dict] = []
    for name in ("movies.jsonl", "groceries.jsonl"):
        with (REPO / "data" / name).open(encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle]
    for row in rows:  # one id space across the mixed catalogs
        row["id"] = f"{'g' if 'brand' in row else 'm'}{row['id']}"
    full = SHARED / "bigbasket" / "BigBasket_Products_full_27555_no_description.csv"
    if size > len(rows) and full.is_file():
        with full.open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                if not record["product"].strip():
                    continue  # one source row has no product name
                rows.append({"id": f"b{record['index']}", "title": record["product"].strip(),
                             "brand": record["brand"].strip(),
                             "category": record["category"].strip(),
                             "sub_category": record["sub_category"].strip(),
                             "type": record["type"].strip(),
                             "price": float(record["sale_price"] or 0)})
    base = len(rows)
    edition = 2
    while len(rows) < size:
        for row in rows[:base]:
            if len(rows) >= size:
                break
            rows.append({**row, "id": f"{row['id']}-e{edition}",
                         "title": f"{row['title']} (edition {edition})"})
        edition += 1
    return rows[:size]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def worker(size: int, raw: bool) -> dict:
    from bot.catalog import load_catalog
    from bot.settings import apply_offline_environment

    apply_offline_environment()
    from indexes import versions
    from indexes.embeddings import load_embedder
    from indexes.items import ItemIndex, item_document
    from indexes.store import open_chroma

    model = load_embedder("all-MiniLM-L6-v2")
    batch = 32
    model.encode(["warm up"] * 64, batch_size=batch)
    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "catalog.jsonl"
        with catalog.open("w", encoding="utf-8") as handle:
            for row in build_items(size):
                handle.write(json.dumps(row) + "\n")
        result: dict = {"items": size}
        if raw:
            texts = [item_document(i) for i in load_catalog(catalog).items]
            started = time.perf_counter()
            model.model.encode(texts, batch_size=batch, convert_to_numpy=True,
                               normalize_embeddings=True)
            result["raw_encode_s"] = time.perf_counter() - started
            result["raw_items_per_s"] = size / result["raw_encode_s"]

        index = ItemIndex(open_chroma(path=Path(tmp) / "chroma"), model, "bench",
                          batch_size=batch)
        started = time.perf_counter()
        report = index.sync(load_catalog(catalog).items, progress=False)
        result["ingest_s"] = time.perf_counter() - started
        result["ingest_items_per_s"] = size / result["ingest_s"]
        assert report.added == size
        if raw:
            result["index_overhead_pct"] = 100 * (result["ingest_s"] / result["raw_encode_s"] - 1)

        started = time.perf_counter()
        again = index.sync(load_catalog(catalog).items, progress=False)
        result["reingest_s"] = time.perf_counter() - started
        assert again.unchanged == size and again.embedded == 0
        result["reingest_speedup"] = result["ingest_s"] / result["reingest_s"]

        rows = build_items(size)
        for row in rows[:10]:
            row["description"] = f"{row.get('description', '')} Now remastered."
        for row in rows[10:20]:
            row["popularity"] = float(row.get("popularity") or 0) + 1.0
        changed = Path(tmp) / "changed.jsonl"
        changed.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        started = time.perf_counter()
        report = index.sync(load_catalog(changed).items, progress=False)
        result["changed_reingest_s"] = time.perf_counter() - started
        assert (report.embedded, report.metadata_updated) == (10, 10)
        result["retire_wait_s"] = versions.RETIRE_AFTER_SECONDS

        # Search and memory in a fresh process that only opens the index, as a server would.
        done = subprocess.run([sys.executable, __file__, "--search-worker", tmp],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        result.update(json.loads(done.stdout.strip().splitlines()[-1]))
    return result


def search_worker(folder: str) -> dict:
    import psutil

    from bot.settings import apply_offline_environment

    apply_offline_environment()
    from indexes.embeddings import load_embedder
    from indexes.items import ItemIndex
    from indexes.store import open_chroma

    index = ItemIndex(open_chroma(path=Path(folder) / "chroma"), load_embedder(
        "all-MiniLM-L6-v2"), "bench")
    result: dict = {}
    queries = QUERIES * 7  # 210 timed searches per case
    for case, where in (("search", None), ("filtered", {"price": {"$lte": 300.0}})):
        index.search(queries[0], k=10, where=where)  # warm up
        timings = []
        for query in queries:
            started = time.perf_counter()
            index.search(query, k=10, where=where)
            timings.append((time.perf_counter() - started) * 1000)
        result[f"{case}_p50_ms"] = statistics.median(timings)
        result[f"{case}_p95_ms"] = percentile(timings, 0.95)
    result["rss_mb"] = psutil.Process().memory_info().rss / 2**20
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--raw-sizes", default="10000",
                        help="sizes at which raw encode is also timed (it doubles the run)")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--raw", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--search-worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.search_worker:
        print(json.dumps(search_worker(args.search_worker)))
        return
    if args.worker:
        print(json.dumps(worker(args.worker, args.raw)))
        return

    raw_sizes = {int(s) for s in args.raw_sizes.split(",") if s}
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"benchmarking {size:,} items...", file=sys.stderr, flush=True)
        command = [sys.executable, __file__, "--worker", str(size)]
        if size in raw_sizes:
            command.append("--raw")
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
        if done.returncode != 0:
            sys.exit(f"the {size:,}-item run failed:\n{done.stderr}")
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    report(rows)


def report(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    columns = [
        ("items", "items", "{:,}"), ("raw_items_per_s", "raw encode items/s", "{:.0f}"),
        ("ingest_items_per_s", "ingest items/s", "{:.0f}"),
        ("index_overhead_pct", "index overhead %", "{:+.1f}"),
        ("ingest_s", "first ingest s", "{:.1f}"), ("reingest_s", "re-ingest s", "{:.2f}"),
        ("reingest_speedup", "re-ingest speed-up", "{:.0f}x"),
        ("changed_reingest_s", "re-ingest, 20 changed s", "{:.1f}"),
        ("search_p50_ms", "search p50 ms", "{:.1f}"), ("search_p95_ms", "search p95 ms",
                                                        "{:.1f}"),
        ("filtered_p95_ms", "filtered p95 ms", "{:.1f}"), ("rss_mb", "search process MB", "{:.0f}"),
    ]
    table = Table(title="recbot item index (all-MiniLM-L6-v2, embedded Chroma)")
    lines = ["| " + " | ".join(h for _, h, _ in columns) + " |",
             "|" + "---|" * len(columns)]
    for _, header, _ in columns:
        table.add_column(header, justify="right")
    for row in rows:
        cells = [fmt.format(row[key]) if key in row else "-" for key, _, fmt in columns]
        table.add_row(*cells)
        lines.append("| " + " | ".join(cells) + " |")
    Console(width=200).print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {"cpu_count": os.cpu_count(), "python": sys.version.split()[0],
            "when": time.strftime("%Y-%m-%d %H:%M")}
    (RESULTS / "index.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    (RESULTS / "index.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {RESULTS / 'index.json'} and {RESULTS / 'index.md'}")


if __name__ == "__main__":
    main()
