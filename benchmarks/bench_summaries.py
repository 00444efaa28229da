"""Summary readability benchmark: Flesch-Kincaid grade by reading level, and brief length.

    python benchmarks/bench_summaries.py

Summarises every item of both demo catalogs at every reading level (simple,
standard, expert) and detail (brief, detailed), measures the Flesch-Kincaid grade
with textstat (CMU pronouncing dictionary, offline) and the word count, prints a
table and writes benchmarks/results/summaries.{json,md}.

Targets (movies): the median grade of simple summaries is at most 6 and at least
3 grades below expert; brief summaries are at most 40 words.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RESULTS = REPO / "benchmarks" / "results"
CATALOGS = {"movies": REPO / "data" / "movies.jsonl",
            "groceries": REPO / "data" / "groceries.jsonl"}
LEVELS = ("simple", "standard", "expert")
DETAILS = ("brief", "detailed")


def main() -> int:
    from bot.catalog import load_catalog
    from bot.readability import flesch_kincaid_grade
    from bot.summaries import summarise

    rows = []
    for catalog, path in CATALOGS.items():
        items = load_catalog(path).items
        for detail in DETAILS:
            for level in LEVELS:
                started = time.perf_counter()
                texts = [summarise(item, level, detail) for item in items]
                seconds = time.perf_counter() - started
                grades = [flesch_kincaid_grade(t) for t in texts]
                words = [len(t.split()) for t in texts]
                rows.append({"catalog": catalog, "detail": detail, "level": level,
                             "items": len(items),
                             "median_grade": round(statistics.median(grades), 2),
                             "p90_grade": round(sorted(grades)[int(0.9 * (len(grades) - 1))], 2),
                             "median_words": statistics.median(words), "max_words": max(words),
                             "ms_per_summary": round(1000 * seconds / len(items), 2)})
    targets = check_targets(rows)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "summaries.json").write_text(
        json.dumps({"rows": rows, "targets": targets}, indent=2) + "\n", encoding="utf-8")
    table = markdown(rows, targets)
    (RESULTS / "summaries.md").write_text(table, encoding="utf-8")
    print(table)
    return 0


def check_targets(rows: list[dict]) -> dict:
    def grade(detail: str, level: str) -> float:
        return next(r["median_grade"] for r in rows
                    if (r["catalog"], r["detail"], r["level"]) == ("movies", detail, level))

    result = {}
    for detail in DETAILS:
        simple, expert = grade(detail, "simple"), grade(detail, "expert")
        result[f"movies {detail}: simple median <= 6"] = simple <= 6
        result[f"movies {detail}: simple >= 3 grades below expert"] = expert - simple >= 3
    result["brief at most 40 words"] = all(r["max_words"] <= 40 for r in rows
                                           if r["detail"] == "brief")
    return result


def markdown(rows: list[dict], targets: dict) -> str:
    lines = ["| catalog | detail | level | median FK grade | p90 grade | median words | "
             "max words | ms per summary |", "|---|---|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['catalog']} | {r['detail']} | {r['level']} | {r['median_grade']} | "
                     f"{r['p90_grade']} | {r['median_words']} | {r['max_words']} | "
                     f"{r['ms_per_summary']} |")
    lines.append("")
    lines += [f"- {name}: {'met' if ok else 'NOT met'}" for name, ok in targets.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
