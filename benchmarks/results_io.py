"""A benchmark's results: benchmarks/results/NAME.json (the raw numbers) and NAME.md (the
table the docs quote), the table printed too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def write_results(name: str, report: dict[str, Any], table: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False)
                                          + "\n", encoding="utf-8")
    (RESULTS / f"{name}.md").write_text(table.rstrip("\n") + "\n", encoding="utf-8")
    print(table)
