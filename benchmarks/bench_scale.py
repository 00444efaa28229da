"""Training the collaborative model at scale: 100k, 1M and 10M synthetic interactions.

    python benchmarks/bench_scale.py [--sizes 100000,1000000,10000000] [--timeout 1800]

For each size, a fresh process generates an interaction log with a realistic skew (item
popularity falling off as 1 / (rank + 10), a Zipf-like long tail; each person's activity
log-normal, so a few people do much), builds it as `recbot train` would hold it (an
`InteractionLog`), and trains `CollabModel` with the default `TrainConfig` (ALS, BPR,
item-item neighbours, EASE on the most interacted items), as `recbot train` does. Reported
per size: people, items, generation and training seconds (each part of the training as
the model records it), the process's peak resident memory, and the saved model's size.
A size that runs out of time or memory is reported as such: that is where training stops
fitting this machine. Prints a table and writes benchmarks/results/scale.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from results_io import write_results  # benchmarks/: the script's own folder

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

ITEMS_PER_INTERACTION = 0.1  # 100k interactions: 10,000 items ...
MAX_ITEMS = 100_000  # ... up to a 100k-item catalog
PEOPLE_PER_INTERACTION = 0.05  # 100k interactions: 5,000 people, 20 each on average


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000,10000000")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per size")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a size, in this process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(train_one(args.one)))
        return 0
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"{size:,} interactions...", flush=True)
        started = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, __file__, "--one", str(size)],
                                  capture_output=True, text=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            rows.append({"interactions": size, "failed": f"not done in {args.timeout:.0f} s"})
            break
        if done.returncode != 0:
            why = (done.stderr.strip().splitlines() or ["?"])[-1]
            if done.returncode < 0:  # killed: the kernel's out-of-memory killer, usually
                why = f"killed by signal {-done.returncode} (out of memory?)"
            rows.append({"interactions": size, "failed": why})
            break
        rows.append({**json.loads(done.stdout.strip().splitlines()[-1]),
                     "wall_s": round(time.perf_counter() - started, 1)})
    result = {"rows": rows, "cpus": os.cpu_count(), "memory_gb": _memory_gb()}
    write_results("scale", result, markdown(result))
    return 0


def synthetic_log(size: int, seed: int = 0) -> Any:
    """`size` interactions of people with items, skewed as real logs are."""
    import numpy as np

    from bot.interactions import InteractionLog

    rng = np.random.default_rng(seed)
    items = min(MAX_ITEMS, max(100, int(size * ITEMS_PER_INTERACTION)))
    people = max(10, int(size * PEOPLE_PER_INTERACTION))
    popularity = 1.0 / (np.arange(items) + 10.0)
    activity = rng.lognormal(0.0, 1.0, people)
    per_person = np.maximum(1, np.round(activity / activity.sum() * size)).astype(np.int64)
    users = np.repeat(np.arange(people), per_person)[:size]
    chosen = rng.choice(items, size=len(users), p=popularity / popularity.sum())
    ratings = rng.choice([2.0, 3.0, 4.0, 4.5, 5.0], size=len(users),
                         p=[0.1, 0.2, 0.35, 0.15, 0.2])
    stamps = 1.6e9 + np.sort(rng.uniform(0, 3e7, len(users)))
    log = InteractionLog(users=[f"u{u}" for u in users], items=[f"i{i}" for i in chosen],
                         values=ratings, timestamps=stamps, explicit=True, source="synthetic")
    return log, [f"i{i}" for i in range(items)], people


def train_one(size: int) -> dict[str, Any]:
    from bot.collab import CollabModel, TrainConfig

    started = time.perf_counter()
    log, item_ids, people = synthetic_log(size)
    generated = time.perf_counter() - started
    before_mb = _peak_mb()
    started = time.perf_counter()
    model = CollabModel.train(log, item_ids, TrainConfig())
    seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.npz"
        model.save(path)
        saved_mb = path.stat().st_size / 2**20
    info = model.info
    return {"interactions": size, "people": people, "items": len(item_ids),
            "generate_s": round(generated, 1), "train_s": round(seconds, 1),
            "ease_s": info.get("ease_seconds"), "ease_items": info.get("ease_items"),
            "peak_mb_before_training": round(before_mb), "peak_mb": round(_peak_mb()),
            "model_mb": round(saved_mb, 1)}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _memory_gb() -> float:
    return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)


def markdown(result: dict[str, Any]) -> str:
    lines = [f"`CollabModel.train` (default TrainConfig) on synthetic logs, {result['cpus']} "
             f"cores, {result['memory_gb']} GB.", "",
             "| interactions | people | items | train s | of which EASE s (items) | peak memory MB "
             "(before training) | model file MB |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for row in result["rows"]:
        if "failed" in row:
            lines.append(f"| {row['interactions']:,} | | | {row['failed']} | | | |")
            continue
        lines.append(f"| {row['interactions']:,} | {row['people']:,} | {row['items']:,} | "
                     f"{row['train_s']} | {row['ease_s']} ({row['ease_items']:,}) | "
                     f"{row['peak_mb']:,} ({row['peak_mb_before_training']:,}) | "
                     f"{row['model_mb']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
