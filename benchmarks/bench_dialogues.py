"""Dialogue evaluation on INSPIRED: the offline bot against a popularity baseline.

    python benchmarks/bench_dialogues.py [--tsv ../shared/data/inspired/test.tsv]

Converts the INSPIRED test dialogues (`recbot convert-inspired`), builds the demo indexes
and the movies collaborative model if they are missing (RECBOT_DATA_DIR), then runs
`recbot eval-dialogues` twice on the demo movie catalog: the bot reading each
conversation, and the most popular items. Prints a table and writes
benchmarks/results/dialogues.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RESULTS = REPO / "benchmarks" / "results"
INSPIRED = REPO.parent / "shared" / "data" / "inspired" / "test.tsv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tsv", type=Path, default=INSPIRED)
    parser.add_argument("--catalog", default="movies")
    args = parser.parse_args()

    from bot.context import Context
    from bot.demo import ensure_demo_indexes
    from bot.evaluation.dialogues import evaluate_file, markdown
    from bot.evaluation.inspired import convert
    from bot.settings import Settings, apply_offline_environment

    apply_offline_environment()
    context = Context(Settings.from_env())
    ensure_demo_indexes(context)
    reports, seconds = [], {}
    with tempfile.TemporaryDirectory() as folder:
        cases = Path(folder) / "inspired-test.jsonl"
        count = convert(args.tsv, cases)
        print(f"{count} cases from {args.tsv}", flush=True)
        for recommender in ("popular", "bot"):
            started = time.perf_counter()
            reports.append(evaluate_file(context, cases, catalog=args.catalog,
                                         recommender=recommender, progress=True))
            seconds[recommender] = round(time.perf_counter() - started, 1)
    table = markdown(reports)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "dialogues.json").write_text(json.dumps(
        {"source": str(args.tsv.name), "catalog": args.catalog, "seconds": seconds,
         "reports": [r.to_dict() for r in reports]}, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "dialogues.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    print(f"seconds: {seconds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
