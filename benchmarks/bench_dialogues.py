"""Dialogue evaluation on INSPIRED: the offline bot against a popularity baseline.

    python benchmarks/bench_dialogues.py [--tsv ../shared/data/inspired/test.tsv]

Converts the INSPIRED test dialogues (`recbot convert-inspired`), builds the demo indexes
and the movies collaborative model if they are missing (RECBOT_DATA_DIR), then runs
`recbot eval-dialogues` on the demo movie catalog: the bot reading each conversation,
the most popular items, and the best collaborative peer (EASE) seeded with the titles
the person liked. The dialogues are split in two halves by a hash of their
id: the bot's conversation weights (RECBOT_BLEND_TALK...) were tuned on the "tuning"
half only, so the "held-out" half is the figure to quote. Prints a table and writes
benchmarks/results/dialogues.{json,md}.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RESULTS = REPO / "benchmarks" / "results"
INSPIRED = REPO.parent / "shared" / "data" / "inspired" / "test.tsv"


def split_in_halves(tsv: Path, folder: Path) -> dict[str, tuple[Path, int]]:
    """The INSPIRED cases of `tsv` in two JSONL files, "tuning" and "held-out", split by
    dialogue (a hash of its id), and all of them in a third."""
    from bot.evaluation.inspired import cases

    files = {name: folder / f"inspired-{name}.jsonl" for name in ("tuning", "held-out", "all")}
    counts = dict.fromkeys(files, 0)
    handles = {name: path.open("w", encoding="utf-8") for name, path in files.items()}
    try:
        for case in cases(tsv):
            digest = hashlib.md5(case["dialog_id"].encode(), usedforsecurity=False).hexdigest()
            for name in (("tuning", "held-out")[int(digest, 16) % 2], "all"):
                handles[name].write(json.dumps(case, ensure_ascii=False) + "\n")
                counts[name] += 1
    finally:
        for handle in handles.values():
            handle.close()
    return {name: (files[name], counts[name]) for name in files}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tsv", type=Path, default=INSPIRED)
    parser.add_argument("--catalog", default="movies")
    parser.add_argument("--halves", nargs="+", choices=("tuning", "held-out", "all"),
                        default=["tuning", "held-out", "all"],
                        help="which halves to run (tuning: only the tuning half)")
    parser.add_argument("--recommenders", nargs="+", choices=("popular", "ease", "bot"),
                        default=["popular", "ease", "bot"])
    parser.add_argument("--no-write", action="store_true", help="print only (for tuning)")
    args = parser.parse_args()

    from bot.context import Context
    from bot.demo import ensure_demo_indexes
    from bot.evaluation.dialogues import evaluate_file, markdown
    from bot.settings import Settings, apply_offline_environment

    apply_offline_environment()
    context = Context(Settings.from_env())
    ensure_demo_indexes(context)
    reports, seconds = [], {}
    with tempfile.TemporaryDirectory() as folder:
        halves = split_in_halves(args.tsv, Path(folder))
        print(", ".join(f"{name}: {count} cases" for name, (_, count) in halves.items()),
              flush=True)
        for recommender in args.recommenders:
            started = time.perf_counter()
            for name, (cases, _) in halves.items():
                if name not in args.halves:
                    continue
                report = evaluate_file(context, cases, catalog=args.catalog,
                                       recommender=recommender, progress=True)
                report.recommender = f"{recommender} ({name})"
                reports.append(report)
            seconds[recommender] = round(time.perf_counter() - started, 1)
    table = markdown(reports)
    if args.no_write:
        print(table)
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "dialogues.json").write_text(json.dumps(
        {"source": str(args.tsv.name), "catalog": args.catalog, "seconds": seconds,
         "split": "dialogues by md5(dialog_id) % 2: 0 tuning, 1 held-out",
         "reports": [r.to_dict() for r in reports]}, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "dialogues.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    print(f"seconds: {seconds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
