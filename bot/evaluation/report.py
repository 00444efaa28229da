"""An evaluation report as a markdown table, a PNG bar chart and JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.evaluation.ranking import METRICS, PEERS

SLICES = (("models", "All users"), ("cold_start", "Cold start (first 3 likes only)"))


def markdown(report: dict[str, Any]) -> str:
    lines = []
    for key, title in SLICES:
        lines += _table(f"**{title}**, test", report[key])
    tuning = report.get("tuning")
    if tuning:
        for name, rows in tuning["validation_models"].items():
            slice_name = name.split(": ")[-1]
            label = dict(SLICES)["models" if slice_name == "all users" else "cold_start"]
            lines += _table(f"*{label}*, validation (where weights and peers were chosen)",
                            rows)
    t = report["targets"]
    for key, title in (("all_users", "All users"), ("cold_start", "Cold start")):
        row = t[key]
        if row["best_peer"] is not None:
            lines.append(
                f"{title}: hybrid / best peer ({row['best_peer']}) NDCG@10 = "
                f"{row['hybrid_vs_best_peer']:.3f}x "
                f"({'met' if row['at_least_1.10x_best_peer'] else 'NOT met'}; target 1.10x); "
                f"coverage {row['coverage']:.4f} vs ALS {row['als_coverage']:.4f} "
                f"({'met' if row['coverage_at_least_als'] else 'NOT met'}).")
    lines.append(
        f"Hybrid vs best of its own parts ({t['best_single_model']}) on all users: "
        f"{t['hybrid_vs_best_single']:+.4f} NDCG@10 "
        f"({'met' if t['hybrid_at_least_best_single'] else 'NOT met'}). "
        f"Cold start, hybrid vs best collaborative part ({t['best_collaborative_cold']}): "
        f"{t['cold_start_lift']:+.1%} "
        f"({'met' if t['cold_start_lift_at_least_10pct'] else 'NOT met'}; target +10%).")
    weights = ", ".join(f"{k} {v:g}" for k, v in report["weights"].items())
    lines += ["", f"Blend weights: {weights}."]
    if "ease" in report:
        e = report["ease"]
        lines.append(f"Hybrid's EASE part: {e['signal']} signal, l2 {e['l2']:g}, "
                     f"{e['keep']} weights kept per item.")
    if report.get("peers"):
        chosen = "; ".join(f"{name}: " + ", ".join(f"{k} {v}" for k, v in options.items())
                           for name, options in report["peers"].items())
        lines.append(f"Peers: {chosen}. LightFM: {report.get('lightfm', 'n/a')}.")
    return "\n".join(lines) + "\n"


def _table(title: str, rows: dict[str, Any]) -> list[str]:
    users = next(iter(rows.values()))["users"]
    metrics = [m for m in METRICS if m in next(iter(rows.values()))]
    lines = [f"{title}, {users} users", "",
             "| model | " + " | ".join(metrics) + " |",
             "|---|" + "---:|" * len(metrics)]
    best = {m: max(r[m] for r in rows.values()) for m in metrics}
    for model, row in rows.items():
        cells = [_cell(row[m], row[m] == best[m]) for m in metrics]
        lines.append(f"| {model} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _cell(value: float, best: bool) -> str:
    text = f"{value:.4f}" if value < 1 else f"{value:.2f}"
    return f"**{text}**" if best else text


def write_chart(report: dict[str, Any], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=False)
    for axis, (key, title) in zip(axes, SLICES, strict=True):
        rows = report[key]
        names = list(rows)
        values = [rows[n]["ndcg@10"] for n in names]
        colours = ["#d9534f" if n == "hybrid" else "#f0ad4e" if n in PEERS else "#5b8def"
                   for n in names]
        bars = axis.bar(names, values, color=colours)
        axis.bar_label(bars, fmt="%.3f", fontsize=8)
        axis.set_title(f"{title}: NDCG@10")
        axis.tick_params(axis="x", rotation=30)
        axis.set_ylim(0, max(values) * 1.2 if max(values) > 0 else 1)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, default=_plain)


def write_outputs(report: dict[str, Any], directory: Path, stem: str = "eval") -> list[Path]:
    """Write STEM.json, STEM.md and STEM.png into `directory`; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    json_path = directory / f"{stem}.json"
    json_path.write_text(to_json(report) + "\n", encoding="utf-8")
    md_path = directory / f"{stem}.md"
    md_path.write_text(markdown(report), encoding="utf-8")
    return [json_path, md_path, write_chart(report, directory / f"{stem}.png")]


def _plain(value: Any) -> Any:
    if isinstance(value, (set, tuple)):
        return list(value)
    if hasattr(value, "item"):
        return value.item()
    return str(value)
