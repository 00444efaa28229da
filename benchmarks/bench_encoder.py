"""Encoder benchmark: all-MiniLM-L6-v2 on PyTorch fp32 against ONNX Runtime int8.

    python benchmarks/bench_encoder.py [--items 2000] [--threads 2] [--out encoder]

One process, the same texts for both backends:
  - encode throughput (items/s): the demo catalogs' item texts, as `recbot ingest`
    embeds them (indexes.items.item_document), batch 32, best of two alternating rounds;
  - query embedding p50/p95 (ms): one query at a time, as a chat turn does, the two
    backends taking turns query by query so a busy machine weighs on both alike;
  - top-10 agreement: for each of 50 demo-style queries, the share of the fp32 top-10
    (cosine over the same items) that the int8 top-10 also holds, averaged;
  - first use: exporting and quantising the model into an empty cache; load: a fresh
    process until its first vector (imports included), from the cache for int8.
Both backends get the same thread count (torch.set_num_threads, and ONNX Runtime's
intra-op threads). Results are printed and written to benchmarks/results/<out>.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RESULTS = REPO / "benchmarks" / "results"
MODEL = "all-MiniLM-L6-v2"
QUERIES = [
    "a funny space movie for kids", "low sugar cookies", "a scary ghost story",
    "romantic comedy in new york", "heist movie with a clever twist", "war drama in the trenches",
    "animated fairy tale with songs", "detective solving a murder", "superhero saves the city",
    "documentary about the ocean", "a toy cowboy and a space ranger", "time travel paradox",
    "high school coming of age", "martial arts revenge", "robots take over the world",
    "a musician's rise to fame", "a road trip with old friends", "feel-good family film",
    "a sad movie about a dog", "courtroom drama", "slow burn psychological thriller",
    "dinosaurs on an island", "a movie about cooking", "christmas movie for the family",
    "zombies in a small town", "loose leaf green tea", "shampoo for dandruff",
    "organic basmati rice", "dark chocolate", "dishwashing liquid lemon",
    "baby diapers for newborns", "instant noodles masala", "olive oil extra virgin",
    "face wash for oily skin", "dog food for puppies", "cold pressed coconut oil",
    "sugar free biscuits", "mosquito repellent spray", "stainless steel water bottle",
    "gluten free pasta", "spicy pickle", "breakfast cereal for kids", "fresh paneer",
    "whole wheat flour", "toothpaste for sensitive teeth", "instant coffee", "almonds",
    "laundry detergent for baby clothes", "healthy snacks without sugar", "mango juice",
]


def demo_texts(count: int) -> list[str]:
    """Item texts from both demo catalogs, half each, as the index embeds them."""
    from bot.catalog import load_catalog
    from indexes.items import item_document

    per_catalog = [[item_document(item) for item in load_catalog(REPO / "data" / name).items]
                   for name in ("movies.jsonl", "groceries.jsonl")]
    half = count // 2
    return per_catalog[0][:count - half] + per_catalog[1][:half]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def top_ids(items: np.ndarray, queries: np.ndarray, k: int = 10) -> list[set[int]]:
    scores = queries @ items.T  # unit vectors: cosine
    return [set(np.argsort(-row)[:k].tolist()) for row in scores]


def load_worker(backend: str, cache: str, threads: int) -> None:
    """Time a fresh process from its first import to its first query vector."""
    started = time.perf_counter()
    import torch

    torch.set_num_threads(threads)
    from indexes.embeddings import load_embedder

    embedder = load_embedder(MODEL, backend=backend, cache_dir=Path(cache), threads=threads)
    embedder.encode([QUERIES[0]])
    print(json.dumps({"load_s": time.perf_counter() - started, "name": embedder.name}))


def load_seconds(backend: str, cache: Path, threads: int) -> float:
    done = subprocess.run([sys.executable, __file__, "--load-worker", backend, str(cache),
                           "--threads", str(threads)], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        sys.exit(f"the {backend} load run failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if backend not in result["name"] and backend != "torch":
        sys.exit(f"the {backend} load run fell back to {result['name']!r}:\n{done.stderr}")
    return float(result["load_s"])


def run(count: int, threads: int) -> dict:
    import torch

    torch.set_num_threads(threads)
    from indexes.embeddings import load_embedder
    from indexes.onnx_int8 import quantization_config

    texts = demo_texts(count)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        fp32 = load_embedder(MODEL, backend="torch")
        started = time.perf_counter()
        int8 = load_embedder(MODEL, backend="onnx-int8", cache_dir=cache, threads=threads)
        export_s = time.perf_counter() - started
        if "onnx-int8" not in int8.name:
            sys.exit("the onnx-int8 backend fell back to torch; see the warning above")
        load_s = {"torch": load_seconds("torch", cache, threads),
                  "onnx-int8": load_seconds("onnx-int8", cache, threads)}
    embedders = {"torch": fp32, "onnx-int8": int8}

    for embedder in embedders.values():  # warm up
        embedder.encode(texts[:64])
    encode_s = {name: float("inf") for name in embedders}
    vectors = {}
    for _ in range(2):
        for name, embedder in embedders.items():
            began = time.perf_counter()
            vectors[name] = embedder.encode(texts, batch_size=32)
            encode_s[name] = min(encode_s[name], time.perf_counter() - began)

    query_ms: dict[str, list[float]] = {name: [] for name in embedders}
    query_vectors: dict[str, list[np.ndarray]] = {name: [] for name in embedders}
    for round_ in range(3):
        for query in QUERIES:
            for name, embedder in embedders.items():
                began = time.perf_counter()
                vector = embedder.encode([query])[0]
                query_ms[name].append((time.perf_counter() - began) * 1000)
                if round_ == 0:
                    query_vectors[name].append(vector)

    tops = {name: top_ids(vectors[name], np.stack(query_vectors[name])) for name in embedders}
    overlaps = [len(a & b) / 10 for a, b in zip(tops["torch"], tops["onnx-int8"], strict=True)]
    rows = []
    for name in embedders:
        rows.append({"backend": name, "items": len(texts),
                     "items_per_s": len(texts) / encode_s[name],
                     "query_p50_ms": statistics.median(query_ms[name]),
                     "query_p95_ms": percentile(query_ms[name], 0.95),
                     "top10_agreement": 1.0 if name == "torch" else statistics.fmean(overlaps),
                     "export_s": export_s if name != "torch" else None,
                     "load_s": load_s[name]})
    base, fast = rows
    return {"rows": rows, "threads": threads, "quantization": quantization_config(),
            "queries": len(QUERIES), "worst_query_agreement": min(overlaps),
            "encode_speedup": fast["items_per_s"] / base["items_per_s"],
            "query_p50_speedup": base["query_p50_ms"] / fast["query_p50_ms"]}


def report(result: dict, out: str) -> None:
    from rich.console import Console
    from rich.table import Table

    columns = [("backend", "backend", "{}"), ("items_per_s", "encode items/s", "{:.0f}"),
               ("query_p50_ms", "query p50 ms", "{:.1f}"),
               ("query_p95_ms", "query p95 ms", "{:.1f}"),
               ("top10_agreement", "top-10 agreement", "{:.3f}"),
               ("export_s", "first use (export) s", "{:.1f}"), ("load_s", "load s", "{:.1f}")]
    table = Table(title=f"{MODEL}: {result['rows'][0]['items']:,} demo item texts, "
                        f"{result['queries']} queries, {result['threads']} threads")
    lines = ["| " + " | ".join(h for _, h, _ in columns) + " |", "|" + "---|" * len(columns)]
    for _, header, _ in columns:
        table.add_column(header, justify="right")
    for row in result["rows"]:
        cells = [fmt.format(row[key]) if row[key] is not None else "-" for key, _, fmt in columns]
        table.add_row(*cells)
        lines.append("| " + " | ".join(cells) + " |")
    summary = (f"int8 against fp32: encode {result['encode_speedup']:.2f}x (target 2x), "
               f"query p50 {result['query_p50_speedup']:.2f}x (target 1.5x), top-10 agreement "
               f"{result['rows'][1]['top10_agreement']:.3f} (target 0.99; worst query "
               f"{result['worst_query_agreement']:.1f}); quantisation {result['quantization']}; "
               f"load average {result['meta']['load_average']}")
    Console(width=200).print(table)
    print(summary)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{out}.json").write_text(json.dumps(result, indent=2))
    (RESULTS / f"{out}.md").write_text("\n".join(lines) + "\n\n" + summary + "\n")
    print(f"wrote {RESULTS / out}.json and .md")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", default="encoder", help="results file name, no suffix")
    parser.add_argument("--load-worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    from bot.settings import apply_offline_environment

    apply_offline_environment()
    if args.load_worker:
        load_worker(args.load_worker[0], args.load_worker[1], args.threads)
        return
    result = run(args.items, args.threads)
    result["meta"] = {"cpu_count": os.cpu_count(), "python": sys.version.split()[0],
                      "load_average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
                      "when": time.strftime("%Y-%m-%d %H:%M")}
    report(result, args.out)


if __name__ == "__main__":
    main()
