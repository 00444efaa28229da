"""Choosing the blend weights on the validation split: a coordinate search over a grid.

Every combination of the grid below would be over a million weight sets. Instead,
from `START`, each weight in turn takes the value of its grid that scores
best with the others held, round after round, until a round changes nothing (at most
`MAX_ROUNDS`). The score is the mean NDCG@10 of all users and cold start; a weight
set whose catalog coverage falls below ALS's (plus a margin, `COVERAGE_MARGIN` in
bot/evaluation/ranking.py) on either slice ranks below every set that keeps it (a
blend must not win by showing everyone the same famous films). Last, the most MMR
diversity that costs at most `DIVERSITY_COST` of the score, coverage kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from bot.ranker import BlendWeights

GRID: dict[str, tuple[float, ...]] = {
    # First: with the newcomer parts on, fading them for people with many likes is the one
    # move that can help cold start without costing the rest (a later search that had
    # already turned them off for known users could never turn them on again).
    "fade": (0.0, 0.5, 0.8, 1.0),
    "ease": (0.0, 0.5, 1.0, 2.0, 3.0),
    "next": (0.0, 0.25, 0.5, 1.0, 2.0),
    "recency": (0.0, 1.0, 2.0, 4.0, 8.0),
    "als": (0.0, 0.5, 1.0, 2.0),
    "bpr": (0.0, 0.25, 0.5, 1.0),
    "also_liked": (0.0, 0.5, 1.0),
    "taste": (0.0, 0.1, 0.3, 0.5, 1.0),
    "acclaim": (0.0, 0.25, 0.5, 1.0, 2.0),
    "popularity": (-0.25, 0.0, 0.5, 1.0),  # below 0 trades a little accuracy for coverage
    "talk": (0.0, 0.5, 1.0, 2.0),
    "shrinkage": (10.0, 30.0, 100.0),
    "dislike": (0.0, 0.5),
    "diversity": (0.0, 0.1, 0.3, 0.5),
}
# Where the search starts: fixed, so that a run gives the same weights whatever the shipped
# defaults or RECBOT_BLEND_* say (a coordinate search can end elsewhere from elsewhere).
START = BlendWeights(query=2.0, taste=0.5, als=0.0, bpr=0.25, ease=3.0, also_liked=0.0,
                     next=2.0, popularity=0.0, acclaim=1.0, talk=1.0, dislike=0.0,
                     diversity=0.5, shrinkage=10.0, recency=4.0, fade=1.0)
DIVERSITY_GRID = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
DIVERSITY_COST = 0.02  # share of the validation score that diversity may cost
MAX_ROUNDS = 4


@dataclass(frozen=True, order=True)
class Score:
    """Compared as (coverage kept, NDCG): a shortfall below the coverage floor comes first."""

    shortfall: float  # 0 when coverage is at least the floor on both slices, else negative
    ndcg: float  # mean NDCG@10 of all users and cold start
    all_users: float = 0.0
    cold_start: float = 0.0


def coordinate_search(objective: Callable[[BlendWeights], Score], start: BlendWeights
                      ) -> tuple[BlendWeights, dict[str, Any]]:
    """The best weights found from `start` (see the module docstring), and how."""
    seen: dict[tuple[float, ...], Score] = {}

    def score(weights: BlendWeights) -> Score:
        key = tuple(weights.as_dict().values())
        if key not in seen:
            seen[key] = objective(weights)
        return seen[key]

    best, best_score = start, score(start)
    rounds = 0
    changed = True
    while changed and rounds < MAX_ROUNDS:
        rounds += 1
        changed = False
        for name, values in GRID.items():
            for value in values:
                candidate = replace(best, **{name: value})
                if score(candidate) > best_score:
                    best, best_score, changed = candidate, score(candidate), True
    by_diversity = {d: score(replace(best, diversity=d)) for d in DIVERSITY_GRID}
    affordable = [d for d, s in by_diversity.items()
                  if s.shortfall >= best_score.shortfall
                  and s.ndcg >= best_score.ndcg * (1 - DIVERSITY_COST)]
    best = replace(best, diversity=max(affordable, default=best.diversity))
    return best, {"grid": {**GRID, "diversity (last step)": DIVERSITY_GRID},
                  "rounds": rounds, "weight_sets_scored": len(seen),
                  "validation_ndcg_by_diversity": {d: s.ndcg for d, s in by_diversity.items()},
                  "validation_score": score(best).__dict__}
