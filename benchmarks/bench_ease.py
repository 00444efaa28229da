"""EASE's cost as the catalog grows: the time to solve and the memory it takes.

    python benchmarks/bench_ease.py [--items 2400 6000 10000] [--users 20000]

Synthetic likes with a popularity skew (item n liked with weight 1/n^0.8, 40 likes a
user), solved as `recbot train` solves them (l2 200, the 200 largest weights kept per
item). Each size runs in a fresh process, so the peak memory is that size's own.
Prints a table and writes benchmarks/results/ease.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
LIKES_PER_USER = 40


def solve(items: int, users: int) -> dict[str, float]:
    """Time one EASE solve on synthetic likes; peak memory of this process."""
    import numpy as np
    import scipy.sparse as sp

    sys.path.insert(0, str(REPO))
    from bot.ease import EaseModel

    rng = np.random.default_rng(0)
    weights = 1 / np.arange(1, items + 1) ** 0.8
    rows = np.repeat(np.arange(users), LIKES_PER_USER)
    columns = rng.choice(items, size=users * LIKES_PER_USER, p=weights / weights.sum())
    likes = sp.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(users, items))
    started = time.perf_counter()
    model = EaseModel.fit(likes, 200.0, min_support=1, max_items=items, keep=200)
    seconds = time.perf_counter() - started
    kept = model.weights.data.nbytes + model.weights.indices.nbytes
    return {"items": items, "seconds": round(seconds, 1),
            "peak_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6, 2),
            "kept_mb": round(kept / 1e6, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs="+", default=[2400, 6000, 10000])
    parser.add_argument("--users", type=int, default=20000)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process's size
    args = parser.parse_args()
    if args.one:
        print(json.dumps(solve(args.one, args.users)))
        return 0
    rows = []
    for items in args.items:
        out = subprocess.run([sys.executable, __file__, "--one", str(items), "--users",
                              str(args.users)], check=True, capture_output=True, text=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"{items} items: {rows[-1]}", flush=True)
    table = "\n".join(["| items | solve s | peak memory GB | weights kept MB |",
                       "|---:|---:|---:|---:|",
                       *(f"| {r['items']:,} | {r['seconds']} | {r['peak_gb']} | {r['kept_mb']} |"
                         for r in rows)])
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ease.json").write_text(json.dumps(
        {"users": args.users, "likes_per_user": LIKES_PER_USER, "rows": rows}, indent=2)
        + "\n", encoding="utf-8")
    (RESULTS / "ease.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
