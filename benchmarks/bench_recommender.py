"""Recommender benchmark: the offline evaluation, training time and recommend latency.

    python benchmarks/bench_recommender.py [--no-tune] [--latency-users 200]

1. `recbot eval --tune` (its parts, the peers EASE, item-kNN and LightFM, and the
   hybrid) on MovieLens latest-small joined to the demo movie catalog
   (protocol in bot/evaluation/ranking.py and the README): blend weights are tuned on the
   validation split, then every model is scored on the test split, all users and
   the cold-start slice. Writes benchmarks/results/recommender.{json,md,png}.
2. Training time of the collaborative model (ALS + BPR + item-item + EASE) on the whole
   log, median of 3 runs.
3. Recommend latency through `HybridRanker.recommend` (candidates, blend, MMR and
   reading the picked items), after one warm-up call: known users, newcomers with
   3 likes, and free-text queries on movies; queries with stock and budget
   constraints on groceries (content only: no grocery interaction log exists).
Uses the demo indexes in RECBOT_DATA_DIR, building them first if needed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RESULTS = REPO / "benchmarks" / "results"
RATINGS = REPO.parent / "shared" / "data" / "movielens" / "ml-latest-small" / "ratings.csv"
MOVIE_QUERIES = ["funny space adventure for kids", "a scary ghost story",
                 "romantic comedy in new york", "heist movie with a clever twist",
                 "animated fairy tale with songs", "detective solving a murder"]
GROCERY_QUERIES = ["loose leaf green tea", "organic basmati rice", "dark chocolate cookies",
                   "dishwashing liquid lemon", "instant noodles masala", "olive oil"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-tune", action="store_true", help="use the configured weights")
    parser.add_argument("--latency-users", type=int, default=200)
    args = parser.parse_args()

    from bot.context import Context
    from bot.demo import ensure_demo_indexes
    from bot.evaluation.ranking import EvalSettings, Evaluation
    from bot.evaluation.report import markdown, write_outputs
    from bot.interactions import load_interactions
    from bot.ranker import BlendWeights
    from bot.settings import Settings, apply_offline_environment

    apply_offline_environment()
    context = Context(Settings.from_env())
    ensure_demo_indexes(context)
    index = context.index("movies")
    log = load_interactions(RATINGS, known_items=set(index.ids()))
    settings = EvalSettings(weights=BlendWeights.from_mapping(context.settings.blend()),
                            tune=not args.no_tune)
    report = Evaluation(index, log, settings).run()
    report["training"] = training_time(log, index.ids())
    report["latency"] = latency(context, log, args.latency_users)
    write_outputs(report, RESULTS, stem="recommender")
    print(markdown(report))
    print(latency_table(report))
    (RESULTS / "recommender.md").write_text(
        markdown(report) + "\n" + latency_table(report), encoding="utf-8")
    print(f"written: {RESULTS}/recommender.{{json,md,png}}")
    return 0


def training_time(log, item_ids) -> dict:  # noqa: ANN001
    from bot.collab import CollabModel

    seconds = []
    for _ in range(3):
        started = time.perf_counter()
        CollabModel.train(log, item_ids)
        seconds.append(time.perf_counter() - started)
    return {"interactions": len(log), "median_seconds": round(statistics.median(seconds), 2)}


def latency(context, log, users: int) -> dict:  # noqa: ANN001
    from bot.collab import CollabModel
    from bot.constraints import Constraints
    from bot.ranker import HybridRanker, RecommendRequest

    rng = random.Random(0)
    movies = context.index("movies")
    model = CollabModel.train(log, movies.ids())
    ranker = HybridRanker(movies, model)
    known = rng.sample(model.user_ids, min(users, len(model.user_ids)))
    popular = [i for i, _ in model.most_popular(300)]
    groceries = context.index("groceries")
    manifest = groceries.manifest()
    grocery_ranker = HybridRanker(groceries, None)
    cases = {
        "movies: known user": [(ranker, RecommendRequest(user_id=u)) for u in known],
        "movies: newcomer, 3 likes": [
            (ranker, RecommendRequest(liked=rng.sample(popular, 3))) for _ in known],
        "movies: query + likes": [
            (ranker, RecommendRequest(liked=rng.sample(popular, 3),
                                      query=MOVIE_QUERIES[n % len(MOVIE_QUERIES)]))
            for n in range(len(known))],
        "groceries: query, in stock, budget": [
            (grocery_ranker, RecommendRequest(
                query=GROCERY_QUERIES[n % len(GROCERY_QUERIES)],
                constraints=Constraints.build(manifest.fields, manifest.vocabulary,
                                              max_price=300)))
            for n in range(len(known))],
    }
    results = {}
    for name, calls in cases.items():
        calls[0][0].recommend(calls[0][1])  # warm-up: opens the collection, loads the model
        times = []
        for case_ranker, request in calls:
            started = time.perf_counter()
            picks = case_ranker.recommend(request)
            times.append((time.perf_counter() - started) * 1000)
            assert picks, f"{name}: no picks"
        times.sort()
        results[name] = {"requests": len(times), "p50_ms": round(statistics.median(times), 1),
                         "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1)}
    return results


def latency_table(report: dict) -> str:
    lines = ["| recommend (k=10) | requests | p50 ms | p95 ms |", "|---|---:|---:|---:|"]
    for name, row in report["latency"].items():
        lines.append(f"| {name} | {row['requests']} | {row['p50_ms']} | {row['p95_ms']} |")
    training = report["training"]
    lines += ["", "Training ALS + BPR + item-item + EASE + what comes next on "
                  f"{training['interactions']:,} interactions: {training['median_seconds']} s "
                  "(median of 3)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
